"""Killing the process in the middle of an import leaves a healthy store, the file out."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

from conftest import write_jsonl

from annotator.core import Store

SCRIPT = textwrap.dedent("""
    import sys, time
    from annotator.core import Store, import_files
    store = Store.open(sys.argv[1])
    seen = [0]
    def progress(n):
        seen[0] += n
        if seen[0] > int(sys.argv[3]):
            print("half-way", flush=True)
            time.sleep(60)  # killed here, inside the import's transaction
    import_files(store, [sys.argv[2]], progress=progress)
""")


def test_kill_mid_import(store_path, tmp_path):
    records = [{"id": f"k{i}", "text": f"Article {i} about Basra and the port. " * 20,
                "annotator": "m", "spans": [{"start": 0, "end": 7, "label": "ORG"}]}
               for i in range(3000)]
    source = write_jsonl(tmp_path / "big.jsonl", records)
    half = source.stat().st_size // 2
    process = subprocess.Popen([sys.executable, "-c", SCRIPT, str(store_path), str(source),
                                str(half)], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "half-way"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    with Store.open(store_path) as store:
        assert store.reports.check() == []
        assert store.annotations.article_count() == 0
        assert store.conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 0
        indexes = {row[0] for row in store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"spans_layer", "spans_label", "relations_child"} <= indexes
    # and the same file then imports whole
    with Store.open(store_path) as store:
        from annotator.core import import_files

        assert import_files(store, [source]).articles_added == 3000
        assert store.reports.check() == []

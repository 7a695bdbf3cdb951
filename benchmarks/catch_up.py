"""What following the change log costs the window (offscreen).

    python benchmarks/catch_up.py            # a store of 20,000 articles
    python benchmarks/catch_up.py -n 100000

Measured, each a median:
- the poll that finds nothing (what the window does every second): `Controller.catch_up`,
  against the floor of one `PRAGMA data_version` on the same connection;
- catching up after another connection added a span to another article (the list and
  labels read again) and to the open article (its layer re-read and redrawn in place);
- the size of an import's change-log row, which lists every layer it added, and the time
  to write it (`layers_detail` and `json.dumps`), for N layers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from import_export import generate


def median_us(step, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=20000)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from annotator.core import AddSpan, DeleteSpan, Store, default_schema, import_files
    from annotator.core.changefeed import layers_detail
    from annotator.gui.main_window import MainWindow
    from annotator.gui.settings import Settings
    app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = work / "articles.jsonl"
        generate(source, args.n, 1500, 5)
        path = work / "bench.db"
        store = Store.create(path, default_schema())
        import_files(store, [source])
        store.close()
        window = MainWindow(Settings(work / "bench.ini"), "model")
        window.show()
        window.open_store(path, restore_place=False)
        app.processEvents()
        c = window.controller
        c._poll.stop()  # measured by hand here
        idle = median_us(c.catch_up, 10000)
        floor = median_us(lambda: c.store.changes.data_version(), 10000)
        other = Store.open(path)
        current, elsewhere = c.state.article.pk, other.annotations.article_by_id("bench-7").pk

        def foreign(pk: int):
            def step() -> None:
                _change, undo = AddSpan(pk, "model", 0, 3, "ORG").apply(other, "bob")
                undo.apply(other, "bob")
            return step

        def timed_catch_up(pk: int, repeats: int = 20) -> float:
            times = []
            for _ in range(repeats):
                foreign(pk)()
                start = time.perf_counter()
                c.catch_up()
                app.processEvents()
                times.append(time.perf_counter() - start)
            return statistics.median(times) * 1e6
        another = timed_catch_up(elsewhere)
        this_one = timed_catch_up(current)
        other.close()
        touched = {"model": set(range(1, args.n + 1))}
        start = time.perf_counter()
        row = json.dumps(layers_detail(touched), ensure_ascii=False)
        detail_ms = (time.perf_counter() - start) * 1000
        assert DeleteSpan  # the undo above is a DeleteSpan
        window.controller.close_store()
    print(f"{args.n:,} articles")
    print(f"poll, nothing new:       {idle:8.1f} µs   (floor, PRAGMA data_version: "
          f"{floor:.1f} µs; {idle / floor:.1f}x)")
    print(f"catch up, another article: {another / 1000:6.2f} ms")
    print(f"catch up, the open one:    {this_one / 1000:6.2f} ms")
    print(f"import's change-log row for {args.n:,} layers: {len(row) / 1e6:.2f} MB, "
          f"{detail_ms:.1f} ms to build")


if __name__ == "__main__":
    main()

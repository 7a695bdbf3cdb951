"""Import and export speed and memory, each against a floor measured in the same run.

    python benchmarks/import_export.py            # 100,000 articles of ~3 KB, 20 spans each
    python benchmarks/import_export.py -n 10000   # a quicker run

Every measured step runs in its own process, so its peak memory (max RSS) is its own:
- import: `annotator import STORE FILE` on an empty store (checks every record,
  canonicalises texts, dedups by id and text hash, writes the change log);
  floor: plain sqlite3 reading the same file with the same JSON parser and `executemany`
  into the same tables in one transaction, secondary indexes built after.
- export: `annotator export STORE -o FILE`;
  floor: one SQL query building each line with json_object / json_group_array, rows read as
  bytes and written to a file.
Targets: import within 2x of its floor, export within 1.5x, peak memory under 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

WORDS = ("the minister said on Saturday that security forces were deployed across the "
         "capital after two rockets hit near the embassy compound while officials in Baghdad "
         "Tehran Washington Basra denied any role and analysts warned of escalation").split()
EXTRA = ["“quoted”", "Zoë", "قاسم", "سليماني", "👍🏽", "🇮🇶", "naïve", "—", "5,200"]
LABELS = ["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "CLAIM", "QUOTE"]


def generate(path: Path, n: int, size: int, spans: int, seed: int = 7) -> None:
    """N articles in the project's JSONL, texts of about `size` characters."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            words, length = [], 0
            while length < size:
                word = rng.choice(EXTRA) if rng.random() < 0.03 else rng.choice(WORDS)
                words.append(word)
                length += len(word) + 1
            positions, offset = [], 0
            for word in words:
                positions.append((offset, offset + len(word)))
                offset += len(word) + 1
            text = " ".join(words)
            chosen = sorted(rng.sample(range(len(words)), min(spans, len(words))))
            spans_out = [{"start": positions[w][0], "end": positions[w][1],
                          "label": LABELS[w % len(LABELS)]} for w in chosen]
            labels = [span["label"] for span in spans_out]
            # a quote linked to its speaker, as annotators make them
            relations = ([{"head": labels.index("QUOTE"), "child": labels.index("PERSON"),
                           "label": "SPEAKER"}]
                         if "QUOTE" in labels and "PERSON" in labels else [])
            record = {"id": f"bench-{i}", "title": f"Article {i}", "text": text,
                      "meta": {"source": "benchmark", "n": i}, "annotator": "model",
                      "status": "todo", "spans": spans_out, "relations": relations}
            out.write(json.dumps(record, ensure_ascii=False))
            out.write("\n")


IMPORT_FLOOR = textwrap.dedent("""
    import sqlite3, sys
    import orjson
    sys.path.insert(0, sys.argv[3])
    from annotator.core.store.migrations import initial
    from sqlite_utils import Database
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    initial(Database(conn))  # the same tables as a store
    for name in ("spans_layer", "spans_label", "relations_child", "articles_text_hash"):
        conn.execute(f"DROP INDEX {name}")
    conn.execute("INSERT INTO annotators VALUES ('model', 'now')")
    conn.execute("INSERT INTO labels (name, kind, color, position) "
                 "SELECT value, 'entity', '#000000', key FROM json_each(?)",
                 (orjson.dumps(%(labels)r).decode(),))
    conn.execute("BEGIN")
    conn.execute("INSERT INTO relation_labels (name, position) VALUES ('SPEAKER', 0)")
    articles, layers, spans, relations = [], [], [], []
    span_id = relation_id = 0
    def flush():
        conn.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)", articles)
        conn.executemany("INSERT INTO layers VALUES (?, ?, ?, ?)", layers)
        conn.executemany("INSERT INTO spans VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", spans)
        conn.executemany("INSERT INTO relations VALUES (?, ?, ?, ?, ?)", relations)
        articles.clear(); layers.clear(); spans.clear(); relations.clear()
    with open(sys.argv[2], "rb") as f:
        for pk, line in enumerate(f, 1):
            r = orjson.loads(line)
            text = r["text"]
            articles.append((pk, r["id"], r["title"], text, "", orjson.dumps(r["meta"]), "t"))
            layers.append((pk, r["annotator"], r["status"], "t"))
            first = span_id + 1
            for s in r["spans"]:
                span_id += 1
                spans.append((span_id, pk, "model", s["start"], s["end"], s["label"],
                               text[s["start"]:s["end"]], "{}", "imported", "t", "t"))
            for rel in r["relations"]:
                relation_id += 1
                relations.append((relation_id, first + rel["head"], first + rel["child"],
                                  rel["label"], "t"))
            if len(spans) >= 20000:
                flush()
    flush()
    conn.execute('CREATE INDEX spans_layer ON spans (article, annotator, start, "end")')
    conn.execute("CREATE INDEX spans_label ON spans (label)")
    conn.execute("CREATE INDEX relations_child ON relations (child)")
    conn.execute("CREATE INDEX articles_text_hash ON articles (text_hash)")
    conn.execute("COMMIT")
""") % {"labels": LABELS}

EXPORT_FLOOR = textwrap.dedent("""
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1])
    # The same bytes as the export (every key, a label's kind, attributes, relations), built
    # the plainest way: no ordering of spans, labels joined per span.
    sql = '''SELECT CAST(json_object('id', a.id, 'title', a.title, 'text', a.text,
               'meta', json(a.meta), 'annotator', l.annotator, 'status', l.status,
               'spans', (SELECT json_group_array(json_object('id', s.id, 'start', s.start,
                          'end', s."end", 'text', s.text, 'label', s.label, 'kind', b.kind,
                          'attrs', json(s.attrs)))
                         FROM spans s JOIN labels b ON b.name = s.label
                         WHERE s.article = a.pk AND s.annotator = l.annotator),
               'relations', (SELECT json_group_array(json_object('head', r.head,
                              'child', r.child, 'label', r.label))
                             FROM relations r JOIN spans h ON h.id = r.head
                             WHERE h.article = a.pk AND h.annotator = l.annotator))
             AS BLOB) FROM articles a JOIN layers l ON l.article = a.pk'''
    with open(sys.argv[2], "wb") as out:
        for (line,) in conn.execute(sql):
            out.write(line)
            out.write(b"\\n")
""")


def measure(argv: list[str], stdout=None, stderr=None) -> tuple[float, float]:
    """Run a command (its output where `stdout` and `stderr` say: a file, DEVNULL, or
    ours); its wall time in seconds and its peak memory in MB."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=stdout, stderr=stderr)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(argv)}")
    return elapsed, usage.ru_maxrss / 1024


def best_of(runs: int, prepare, argv_for, stdout=None) -> tuple[float, float]:
    """The fastest of `runs` runs (the least disturbed by a shared machine)."""
    return min((measure(argv_for(prepare()), stdout) for _ in range(runs)),
               key=lambda r: r[0])


def remove_work(work: Path, keep: bool) -> None:
    """The benchmark's working folder removed, unless --keep asked for it."""
    if not keep:
        for path in work.iterdir():
            path.unlink()
        work.rmdir()


def corpus_arguments(doc: str | None, n: int = 100_000, spans_help: str = "spans an article",
                     runs: bool = True) -> argparse.ArgumentParser:
    """The arguments every corpus benchmark takes: its size, the articles' shape, runs and
    where to keep the files."""
    parser = argparse.ArgumentParser(description=(doc or "").split("\n")[0])
    parser.add_argument("-n", type=int, default=n, help=f"articles (default {n:,})")
    parser.add_argument("--size", type=int, default=3000, help="characters an article")
    parser.add_argument("--spans", type=int, default=20, help=spans_help)
    if runs:
        parser.add_argument("--runs", type=int, default=3,
                            help="runs of each step; the fastest counts")
    parser.add_argument("--keep", type=Path, help="a folder to keep (and reuse) the files in")
    return parser


def main() -> None:
    args = corpus_arguments(__doc__).parse_args()
    repo = Path(__file__).resolve().parent.parent
    python = sys.executable
    work = args.keep or Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    source = work / "articles.jsonl"
    started = time.perf_counter()
    generate(source, args.n, args.size, args.spans)
    mb = source.stat().st_size / 1e6
    print(f"data: {args.n:,} articles, {args.n * args.spans:,} spans, {mb:,.0f} MB of JSONL "
          f"(generated in {time.perf_counter() - started:.1f} s)")

    def fresh(name: str):
        def prepare() -> Path:
            path = work / name
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            return path
        return prepare

    def init_store() -> Path:
        path = fresh("store.db")()
        subprocess.run([python, "-m", "annotator", "init", str(path)], check=True,
                       stdout=subprocess.DEVNULL)
        return path

    floor_import = best_of(args.runs, fresh("floor.db"),
                           lambda db: [python, "-c", IMPORT_FLOOR, str(db), str(source),
                                       str(repo)])
    ours_import = best_of(args.runs, init_store,
                          lambda db: [python, "-m", "annotator", "import", str(db),
                                      str(source)])
    store = work / "store.db"
    out = work / "export.jsonl"
    floor_export = best_of(args.runs, lambda: store,
                           lambda db: [python, "-c", EXPORT_FLOOR, str(db),
                                       str(work / "floor.jsonl")])
    ours_export = best_of(args.runs, lambda: store,
                          lambda db: [python, "-m", "annotator", "export", str(db), "-o",
                                      str(out)])
    rows = [("import", ours_import, floor_import, 2.0),
            ("export", ours_export, floor_export, 1.5)]
    print(f"{'step':8} {'ours':>9} {'floor':>9} {'ratio':>7} {'target':>7} "
          f"{'peak MB':>8} {'floor MB':>9}")
    failed = False
    for name, (t, m), (ft, fm), target in rows:
        ratio = t / ft
        ok = ratio <= target and m < 300
        failed |= not ok
        print(f"{name:8} {t:8.2f}s {ft:8.2f}s {ratio:6.2f}x {target:6.1f}x {m:8.0f} {fm:9.0f}"
              f"  {'ok' if ok else 'MISSED'}")
    print(f"export: {out.stat().st_size / 1e6:,.0f} MB, "
          f"{out.stat().st_size / 1e6 / ours_export[0]:,.0f} MB/s")
    remove_work(work, args.keep)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

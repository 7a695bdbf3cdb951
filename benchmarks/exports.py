"""Every export format's time and peak memory, each against a floor measured in the same run.

    python benchmarks/exports.py                   # 100,000 articles, and 10,000 for memory
    python benchmarks/exports.py -n 20000 --small 2000 --keep /tmp/bench

The data is import_export.py's (articles of about 3,000 characters with curly quotes,
Arabic, emoji and flags, 20 spans each, a quote-speaker relation in most), imported once per
size with `annotator import` (kept with --keep, and reused when the folder has it).
Each step runs in its own process, so its peak memory (max RSS) is its own.

Floors, on the same store:
- jsonl: one SQL query building each line, rows written as they come (import_export.py's).
- doccano: the same lines, each decoded and its text and spans encoded again (orjson).
- prodigy, conll, spacy: the same lines decoded and every text tokenised by
  `spacy.blank("en")`: the work any tokenised export must do, with nothing written.
Memory must stay flat: the same format's peak at two sizes.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_export import EXPORT_FLOOR, corpus_arguments, generate, measure, remove_work

FORMATS = ("jsonl", "doccano", "prodigy", "conll", "spacy")

LINES = textwrap.dedent("""
    import sqlite3, sys
    import orjson
    sys.path.insert(0, sys.argv[2])
    from annotator.core import Store
    store = Store.open(sys.argv[1])
""")
DOCCANO_FLOOR = LINES + textwrap.dedent("""
    with open(sys.argv[3], "wb") as out:
        for line in store.reports.export_lines():
            r = orjson.loads(line)
            out.write(orjson.dumps({"id": r["id"], "text": r["text"], "label": [
                [s["start"], s["end"], s["label"]] for s in r["spans"]]}))
            out.write(b"\\n")
""")
TOKENS_FLOOR = LINES + textwrap.dedent("""
    import spacy
    nlp = spacy.blank("en")
    tokens = 0
    for line in store.reports.export_lines():
        tokens += len(nlp.make_doc(orjson.loads(line)["text"]))
    print(f"  (floor tokenised {tokens:,} tokens)", file=sys.stderr)
""")


def quietly(argv: list[str]) -> tuple[float, float]:
    return measure(argv, subprocess.DEVNULL, subprocess.DEVNULL)


def build_store(work: Path, n: int, size: int, spans: int) -> Path:
    store = work / f"store-{n}.db"
    if store.exists():
        return store
    source = work / f"articles-{n}.jsonl"
    generate(source, n, size, spans)
    python = sys.executable
    subprocess.run([python, "-m", "annotator", "init", str(store)], check=True,
                   stdout=subprocess.DEVNULL)
    started = time.perf_counter()
    subprocess.run([python, "-m", "annotator", "import", str(store), str(source)], check=True,
                   stdout=subprocess.DEVNULL)
    print(f"store of {n:,} articles imported in {time.perf_counter() - started:.1f} s")
    source.unlink()
    return store


def run_size(work: Path, store: Path, n: int, repo: Path) -> dict[str, tuple]:
    python = sys.executable
    results: dict[str, tuple] = {}
    floors = {
        "jsonl": [python, "-c", EXPORT_FLOOR, str(store), str(work / "floor.jsonl")],
        "doccano": [python, "-c", DOCCANO_FLOOR, str(store), str(repo),
                    str(work / "floor.doccano")],
        "tokens": [python, "-c", TOKENS_FLOOR, str(store), str(repo)],
    }
    floor_results = {name: quietly(argv) for name, argv in floors.items()}
    for fmt in FORMATS:
        out = work / f"export-{n}.{fmt}"
        ours = quietly([python, "-m", "annotator", "export", str(store), "--format", fmt,
                        "-o", str(out)])
        floor = floor_results.get(fmt, floor_results["tokens"])
        results[fmt] = (ours, floor, out.stat().st_size / 1e6)
        out.unlink()
    for name in ("floor.jsonl", "floor.doccano"):
        (work / name).unlink(missing_ok=True)
    return results


def main() -> None:
    parser = corpus_arguments(__doc__, runs=False)
    parser.add_argument("--small", type=int, default=10_000,
                        help="the second size, for memory (default 10,000)")
    args = parser.parse_args()
    repo = Path(__file__).resolve().parent.parent
    work = args.keep or Path(tempfile.mkdtemp(prefix="annotator-exports-"))
    work.mkdir(parents=True, exist_ok=True)
    by_size = {}
    for n in (args.small, args.n):
        store = build_store(work, n, args.size, args.spans)
        by_size[n] = run_size(work, store, n, repo)
    print(f"{'format':8} {'articles':>9} {'ours':>9} {'floor':>9} {'ratio':>6} "
          f"{'peak MB':>8} {'floor MB':>9} {'output MB':>10}")
    for fmt in FORMATS:
        for n, results in by_size.items():
            (t, m), (ft, fm), size = results[fmt]
            print(f"{fmt:8} {n:9,} {t:8.2f}s {ft:8.2f}s {t / ft:5.2f}x {m:8.0f} {fm:9.0f} "
                  f"{size:10,.0f}")
    small, large = by_size[args.small], by_size[args.n]
    flat = all(large[fmt][0][1] < 1.5 * small[fmt][0][1] + 20 for fmt in FORMATS)
    print("memory flat:", "yes" if flat else "NO",
          "(peak at the large size under 1.5x the small one's + 20 MB)")
    remove_work(work, args.keep)
    sys.exit(0 if flat else 1)


if __name__ == "__main__":
    main()

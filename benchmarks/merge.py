"""Merge speed and memory, against floors measured in the same run.

    python benchmarks/merge.py              # 100,000 articles of ~3 KB, 20 spans each
    python benchmarks/merge.py -n 20000     # a quicker run

The data is import_export.py's, imported once into a source store (one annotator's layer
on every article). Every measured step runs in its own process (its peak memory is its own):
- merge: `annotator merge TARGET SOURCE` into an empty store;
- again: the same merge a second time (everything matched, nothing written);
- jsonl: `annotator merge TARGET EXPORT.jsonl` into an empty store, from the source's export;
floors: `annotator import` of the same data as JSONL into an empty store (the other way
the same articles and layers get into a store), and a plain copy of the source file.
Target: merge within 1.5x of the import, peak memory under 300 MB whatever N is.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from import_export import best_of as best_of_runs
from import_export import corpus_arguments, generate


def best_of(runs: int, prepare, argv_for) -> tuple[float, float]:
    """import_export's best_of, the command's output dropped."""
    return best_of_runs(runs, prepare, argv_for, subprocess.DEVNULL)


def main() -> None:
    args = corpus_arguments(__doc__).parse_args()
    python = sys.executable
    work = args.keep or Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    data, source, export = work / "articles.jsonl", work / "source.db", work / "source.jsonl"
    started = time.perf_counter()
    generate(data, args.n, args.size, args.spans)
    annotator = [python, "-m", "annotator"]
    remove(source)
    subprocess.run([*annotator, "init", str(source)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*annotator, "import", str(source), str(data)], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([*annotator, "export", str(source), "-o", str(export)], check=True,
                   stderr=subprocess.DEVNULL)
    print(f"data: {args.n:,} articles, {args.n * args.spans:,} spans; source store "
          f"{source.stat().st_size / 1e6:,.0f} MB, its export {export.stat().st_size / 1e6:,.0f}"
          f" MB (made in {time.perf_counter() - started:.1f} s)")

    def empty_store() -> Path:
        path = work / "target.db"
        remove(path)
        subprocess.run([*annotator, "init", str(path)], check=True, stdout=subprocess.DEVNULL)
        return path

    def merged_store() -> Path:
        path = empty_store()
        subprocess.run([*annotator, "merge", str(path), str(source)], check=True,
                       stdout=subprocess.DEVNULL)
        return path

    def copy_target() -> Path:
        path = work / "copy.db"
        remove(path)
        return path

    copy_code = "import shutil, sys; shutil.copyfile(sys.argv[1], sys.argv[2])"
    steps = [
        ("floor: import", best_of(args.runs, empty_store,
                                  lambda db: [*annotator, "import", str(db), str(data)])),
        ("floor: copy", best_of(args.runs, copy_target,
                                lambda db: [python, "-c", copy_code, str(source), str(db)])),
        ("merge", best_of(args.runs, empty_store,
                          lambda db: [*annotator, "merge", str(db), str(source)])),
        ("again", best_of(args.runs, merged_store,
                          lambda db: [*annotator, "merge", str(db), str(source)])),
        ("jsonl", best_of(args.runs, empty_store,
                          lambda db: [*annotator, "merge", str(db), str(export)])),
    ]
    floor = steps[0][1][0]
    print(f"{'step':14} {'time':>9} {'vs import':>10} {'peak MB':>8}")
    failed = False
    for name, (seconds, peak) in steps:
        ratio = seconds / floor
        missed = name in ("merge", "again", "jsonl") and (ratio > 1.5 or peak >= 300)
        failed |= missed
        print(f"{name:14} {seconds:8.2f}s {ratio:9.2f}x {peak:8.0f}  {'MISSED' if missed else ''}")
    if not args.keep:
        shutil.rmtree(work)
    sys.exit(1 if failed else 0)


def remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


if __name__ == "__main__":
    main()

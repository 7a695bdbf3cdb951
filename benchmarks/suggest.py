"""`annotator suggest STORE quotes corpus`: speed and memory against a tokenising floor.

    python benchmarks/suggest.py              # 100,000 news-like articles of ~3 KB
    python benchmarks/suggest.py -n 10000     # a quicker run

The articles are quotes_quality.py's generated news (attributed quotes, reported speech
and plain sentences over 20,000 made-up words, names, emoji and flags); one article in ten
carries an annotator's layer tagging the names in it (the `corpus` source's terms). They are
imported once.

Every measured step runs in its own process (its peak memory is its own):
- floor: the same articles read from the same store in batches of the same size and
  tokenised by `spacy.blank("en")` (the tokenizer the quote finder itself runs);
- `--jobs 1`: `annotator suggest STORE quotes corpus --jobs 1`, everything in one process;
- suggest: `annotator suggest STORE quotes corpus` as a user types it (reads every article,
  runs both sources in worker processes, one per processor up to 4, replaces the
  `suggested` layer in one transaction).
Peak memory is the whole process tree's proportional set size (pages a worker shares with
its parent counted once), sampled every 0.2 s. Targets: 200 articles a second or better,
peak memory under 300 MB whatever N is.

Each step's CPU time (user + system) is printed beside its wall time: on a shared machine
the wall time measures the other work as much as this, and articles per CPU second is what
one free core would do.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from import_export import corpus_arguments, remove_work
from quotes_quality import generated

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from annotator.core.suggest.parallel import default_jobs

TAGGED = [("Jeff Traeger", "PERSON"), ("Zoë Müller", "PERSON"), ("Ali Khamenei", "PERSON"),
          ("María López", "PERSON"), ("Nadia Jamil", "PERSON")]
_CHUNK = 1000  # articles generated at a time: memory stays flat


def generate(path: Path, n: int, size: int) -> None:
    """quotes_quality.py's news-like articles (the finder's own speed benchmark), with an
    annotator's layer on one article in ten tagging the names it finds: the corpus terms."""
    with path.open("w", encoding="utf-8") as out:
        for first in range(0, n, _CHUNK):
            texts = generated(min(_CHUNK, n - first), size, seed=first)
            for i, text in enumerate(texts, first):
                record: dict = {"id": f"news-{i}", "title": f"Article {i}", "text": text}
                if i % 10 == 0:
                    spans = [{"start": at, "end": at + len(name), "label": label}
                             for name, label in TAGGED if (at := text.find(name)) >= 0]
                    record |= {"annotator": "alice", "status": "done", "spans": spans}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")


def tree(pid: int) -> list[int]:
    """A process and its descendants (the workers of `suggest --jobs`)."""
    found = [pid]
    for n in found:
        try:
            for task in os.listdir(f"/proc/{n}/task"):
                with open(f"/proc/{n}/task/{task}/children") as f:
                    found.extend(int(c) for c in f.read().split())
        except OSError:
            pass  # gone meanwhile
    return found


def tree_memory(pid: int) -> float:
    """The proportional set size of a process tree in MB: each page shared by processes
    (a forked worker's copy of its parent) counted once in all, not once per process."""
    total = 0
    for n in tree(pid):
        try:
            with open(f"/proc/{n}/smaps_rollup") as f:
                total += sum(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except OSError:
            pass
    return total / 1024


def measure(argv: list[str]) -> tuple[float, float, float]:
    """Run a command, its output discarded: wall seconds, CPU seconds (its workers'
    included), peak memory in MB (the whole process tree's, sampled every 0.2 s, or the
    largest process's peak RSS, whichever is larger)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    peak = 0.0
    while True:
        done, status, usage = os.wait4(process.pid, os.WNOHANG)
        if done:
            break
        peak = max(peak, tree_memory(process.pid))
        time.sleep(0.2)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(argv)}")
    return elapsed, usage.ru_utime + usage.ru_stime, max(peak, usage.ru_maxrss / 1024)


def best_of(runs: int, argv: list[str]) -> tuple[float, float, float]:
    """The fastest of `runs` runs (the least disturbed by a shared machine)."""
    return min((measure(argv) for _ in range(runs)), key=lambda r: r[0])


FLOOR = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[2])
    import spacy
    from annotator.core import Store
    store = Store.open(sys.argv[1])
    nlp = spacy.blank("en")
    keys = store.suggestions.suggestion_article_keys()
    tokens = 0
    for at in range(0, len(keys), 200):
        for _, _, text, _ in store.suggestions.suggestion_inputs(keys[at:at + 200]):
            tokens += len(nlp.make_doc(text))
    print(tokens)
""")


def main() -> None:
    args = corpus_arguments(__doc__).parse_args()
    repo = Path(__file__).resolve().parent.parent
    python = sys.executable
    work = args.keep or Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    data, store = work / "news.jsonl", work / "news.db"
    started = time.perf_counter()
    generate(data, args.n, args.size)
    for suffix in ("", "-wal", "-shm"):
        Path(str(store) + suffix).unlink(missing_ok=True)
    annotator = [python, "-m", "annotator"]
    subprocess.run([*annotator, "init", str(store)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*annotator, "import", str(store), str(data)], check=True,
                   stdout=subprocess.DEVNULL)
    print(f"data: {args.n:,} articles, {data.stat().st_size / 1e6:,.0f} MB "
          f"(made and imported in {time.perf_counter() - started:.1f} s)")
    floor = best_of(args.runs, [python, "-c", FLOOR, str(store), str(repo)])
    command = [*annotator, "suggest", str(store), "quotes", "corpus", "--json"]
    alone = best_of(args.runs, [*command, "--jobs", "1"])
    ours = best_of(args.runs, command)
    result = subprocess.run([*annotator, "stats", str(store), "--json"], check=True,
                            capture_output=True, text=True)
    layer = json.loads(result.stdout)["suggestion_layers"]["suggested"]
    print(f"suggested: {layer['spans']:,} spans over {args.n:,} articles")
    print(f"{'step':18} {'seconds':>9} {'art/s':>8} {'CPU s':>9} {'art/CPU s':>10} "
          f"{'peak MB':>8}")
    jobs = default_jobs()
    for name, (seconds, cpu, memory) in (("floor", floor), ("--jobs 1", alone),
                                         (f"suggest ({jobs} jobs)", ours)):
        print(f"{name:18} {seconds:8.2f}s {args.n / seconds:8.0f} {cpu:8.2f}s "
              f"{args.n / cpu:10.0f} {memory:8.0f}")
    rate = args.n / ours[0]
    ok = rate >= 200 and ours[2] < 300
    print(f"suggest / floor: {ours[0] / floor[0]:.2f}x, in one process "
          f"{alone[0] / floor[0]:.2f}x (CPU {alone[1] / floor[1]:.2f}x); "
          f"target 200 articles/s, 300 MB: {'ok' if ok else 'MISSED'}")
    remove_work(work, args.keep)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

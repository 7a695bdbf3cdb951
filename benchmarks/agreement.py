"""Agreement over a whole store, against a floor measured in the same run.

    python benchmarks/agreement.py              # 20,000 articles of ~3 KB, 2 annotators
    python benchmarks/agreement.py -n 100000    # the size the window must handle

The store holds N articles, each annotated and marked done by two annotators: alice's ~20
spans (entities, a claim over several words, a quote with its speaker) and bob's copy of
them with some moved, relabelled, dropped or added, as two people disagree.

- ours: `annotator agreement STORE --json` in its own process (every figure: spans exact and
  overlapping, kappa and alpha over characters, relations);
- floor: a process that reads the same spans (article, annotator, start, end, label) into
  Python with one query, row by row, and nothing else;
- also shown: the agreement's own query drained without computing anything.
Target: within 3x of the floor; peak memory flat (under 100 MB).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from import_export import corpus_arguments, measure, remove_work

WORDS = ("the minister said on Saturday that security forces were deployed across the "
         "capital after two rockets hit near the embassy compound while officials in Baghdad "
         "Tehran Washington Basra denied any role and analysts warned of escalation").split()
ENTITIES = ["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"]


def words_of(rng: random.Random, size: int) -> tuple[str, list[tuple[int, int]]]:
    words, positions, offset = [], [], 0
    while offset < size:
        word = rng.choice(WORDS)
        words.append(word)
        positions.append((offset, offset + len(word)))
        offset += len(word) + 1
    return " ".join(words), positions


def disagree(rng: random.Random, spans: list[dict], positions: list[tuple[int, int]]
             ) -> list[dict]:
    """Bob's version of alice's spans: most kept, some moved, relabelled, dropped, added."""
    starts = {start: i for i, (start, _) in enumerate(positions)}
    out = []
    for span in spans:
        roll = rng.random()
        if roll < 0.05:
            continue  # missed
        span = dict(span)
        if roll < 0.13 and span["label"] in ENTITIES:  # one word more or fewer
            i = starts[span["start"]]
            span["end"] = positions[min(i + 1, len(positions) - 1)][1]
        elif roll < 0.18 and span["label"] in ENTITIES:
            span["label"] = rng.choice(ENTITIES)
        out.append(span)
    if rng.random() < 0.5:  # something alice did not mark
        start, end = rng.choice(positions)
        out.append({"start": start, "end": end, "label": rng.choice(ENTITIES)})
    return out


def generate(path: Path, n: int, size: int, spans: int, seed: int = 11) -> int:
    rng = random.Random(seed)
    total = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            text, positions = words_of(rng, size)
            chosen = sorted(rng.sample(range(len(positions)), min(spans, len(positions))))
            alice = [{"start": positions[w][0], "end": positions[w][1],
                      "label": ENTITIES[w % len(ENTITIES)]} for w in chosen[:-3]]
            # a claim over a few words (it overlaps entities: another kind) and a quote
            w = chosen[-3]
            alice.append({"start": positions[w][0],
                          "end": positions[min(w + 6, len(positions) - 1)][1],
                          "label": "CLAIM"})
            w = chosen[-2]
            alice.append({"start": positions[w][0],
                          "end": positions[min(w + 4, len(positions) - 1)][1],
                          "label": "QUOTE"})
            alice.sort(key=lambda s: (s["start"], s["end"]))
            bob = disagree(rng, alice, positions)
            for name, layer in (("alice", alice), ("bob", bob)):
                labels = [s["label"] for s in layer]
                relations = ([{"head": labels.index("QUOTE"),
                               "child": labels.index("PERSON"), "label": "SPEAKER"}]
                             if "QUOTE" in labels and "PERSON" in labels else [])
                record = {"id": f"bench-{i}", "title": f"Article {i}", "text": text,
                          "annotator": name, "status": "done", "spans": layer,
                          "relations": relations}
                out.write(json.dumps(record) + "\n")
                total += len(layer)
    return total


FLOOR = textwrap.dedent("""
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1])
    n = 0
    for row in conn.execute('SELECT article, annotator, start, "end", label FROM spans '
                            "WHERE annotator IN ('alice', 'bob')"):
        n += 1
    print(n, file=sys.stderr)
""")

DRAIN = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[2])
    from annotator.core import Store
    store = Store.open(sys.argv[1])
    size = sum(len(row[2]) for row in store.agreement.agreement_layers(["alice", "bob"]))
""")


def quiet(argv: list[str], output: Path | None = None) -> tuple[float, float]:
    """measure(), its output to `output` or nowhere."""
    with open(output or os.devnull, "wb") as out:
        return measure(argv, out, subprocess.DEVNULL)


def best_of(runs: int, argv: list[str], output: Path | None = None) -> tuple[float, float]:
    return min((quiet(argv, output) for _ in range(runs)), key=lambda r: r[0])


def main() -> None:
    args = corpus_arguments(__doc__, 20_000, "alice's spans an article").parse_args()
    repo = Path(__file__).resolve().parent.parent
    python = sys.executable
    work = args.keep or Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    store = work / f"agreement-{args.n}.db"
    if not store.exists():
        source = work / "agreement.jsonl"
        started = time.perf_counter()
        spans = generate(source, args.n, args.size, args.spans)
        subprocess.run([python, "-m", "annotator", "init", str(store)], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run([python, "-m", "annotator", "import", str(store), str(source)],
                       check=True, stdout=subprocess.DEVNULL)
        source.unlink()
        print(f"store: {args.n:,} articles, {spans:,} spans in two layers "
              f"(made in {time.perf_counter() - started:.1f} s)")
    out = work / "agreement.json"
    floor = best_of(args.runs, [python, "-c", FLOOR, str(store)])
    drain = best_of(args.runs, [python, "-c", DRAIN, str(store), str(repo)])
    ours = best_of(args.runs, [python, "-m", "annotator", "agreement", str(store), "--json"],
                   out)
    figures = json.loads(out.read_text("utf-8"))
    overall = figures["total"]["overall"]
    print(f"compared: {figures['articles']:,} articles, {figures['characters']:,} characters, "
          f"spans {figures['spans']}")
    print(f"overall: exact F1 {overall['exact']['f1']:.3f}, overlap F1 "
          f"{overall['overlap']['f1']:.3f}, kappa {overall['kappa']:.3f}, "
          f"alpha {overall['alpha']:.3f}; relations F1 "
          f"{figures['total']['relations_overall']['f1']:.3f}")
    ratio = ours[0] / floor[0]
    ok = ratio <= 3.0 and ours[1] < 100
    print(f"{'step':28} {'time':>8} {'peak MB':>8}")
    for name, (t, m) in (("floor: read the spans", floor), ("the agreement's query", drain),
                         ("annotator agreement", ours)):
        print(f"{name:28} {t:7.2f}s {m:8.0f}")
    print(f"ratio {ratio:.2f}x (target 3x): {'ok' if ok else 'MISSED'}")
    remove_work(work, args.keep)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

"""`annotator train`: time and peak memory against `python -m spacy train`, and the
`suggest model=` throughput of the trained pipeline against `nlp.pipe`.

    python benchmarks/train.py               # 1,000 generated articles, default settings
    python benchmarks/train.py -n 200 --max-steps 100   # a quicker run

The articles are generated news (~1,500 characters): sentences over made-up words with
people, organisations and places from pools of made-up names (so a model must learn from
context and shape, not a list), and quotes with their speakers; an annotator's layer tags
them all (PERSON, ORG, GPE, QUOTE), marked done. Every measured step runs in its own process:
- train: `annotator train STORE -o DIR --annotator alice --progress json` (defaults);
- spacy train: `python -m spacy train` on the config that run saved with its model, with the
  same training and held-out docs written as .spacy files (the same examples);
- suggest: `annotator suggest STORE model=DIR/model-best` over every article;
- pipe: the same pipeline loaded with spacy.load, `nlp.pipe` over the same texts.
Targets: training within 10 minutes and under 1 GB on 2 cores; suggest >= 50 articles/s.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from import_export import measure

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def names(rng: random.Random, n: int, parts: int) -> list[str]:
    syllables = "ka lo mi ten ra vos un di per shal gon tre bel ast mor quin".split()
    return [" ".join("".join(rng.choice(syllables) for _ in range(rng.randint(2, 3)))
                     .capitalize() for _ in range(parts)) for _ in range(n)]


def generate(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    vocab = ["".join(rng.choice("aeioukltmrsnpdg") for _ in range(rng.randint(2, 8)))
             for _ in range(5000)]
    people, places = names(rng, 300, 2), names(rng, 100, 1)
    orgs = [f"{name} {rng.choice(['Group', 'Bank', 'Party', 'Council', 'AG'])}"
            for name in names(rng, 150, 1)]

    def words(k: int) -> str:
        return " ".join(vocab[int(5000 ** rng.random()) - 1] for _ in range(k))

    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            text, spans = "", []

            def put(piece: str, label: str | None = None, spans: list = spans) -> None:
                nonlocal text
                if label:
                    spans.append({"start": len(text), "end": len(text) + len(piece),
                                  "label": label})
                text += piece

            while len(text) < 1500:
                shape = rng.randrange(5)
                if shape == 0:
                    put(words(3).capitalize() + " "), put(rng.choice(people), "PERSON")
                    put(" of the "), put(rng.choice(orgs), "ORG"), put(f" {words(6)}. ")
                elif shape == 1:
                    put("In "), put(rng.choice(places), "GPE")
                    put(f", {words(8)} 🇩🇪 {words(4)}. ")
                elif shape == 2:
                    put(f"“{words(rng.randint(6, 20)).capitalize()},”", "QUOTE")
                    put(" said "), put(rng.choice(people), "PERSON"), put(". ")
                elif shape == 3:
                    put(rng.choice(orgs), "ORG"), put(f" {words(10)} 👍🏽. ")
                else:
                    put(f"{words(12).capitalize()}.\n")
            record = {"id": f"a{i}", "title": f"Article {i}", "text": text.strip(),
                      "spans": [s for s in spans if s["end"] <= len(text.strip())],
                      "annotator": "alice", "status": "done"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


DOCBINS = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[1])
    import spacy
    from spacy.tokens import DocBin
    from annotator.core import Store
    from annotator.core.train import TrainOptions
    from annotator.core.train.data import select
    from annotator.core.train.examples import Conversion, reference_doc
    store = Store.open(sys.argv[2])
    data = select(store, TrainOptions(layer="alice"))
    nlp = spacy.blank("en")
    for part, records in (("train", data.train), ("dev", data.eval)):
        bin = DocBin(store_user_data=False)
        for record in records:
            bin.add(reference_doc(nlp, record, data.kinds, Conversion()))
        bin.to_disk(sys.argv[3] + "/" + part + ".spacy")
""")

PIPE = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, sys.argv[1])
    import spacy
    from annotator.core import Store
    store = Store.open(sys.argv[2])
    texts = [row[2] for row in store.suggestions.suggestion_inputs(
        store.suggestions.suggestion_article_keys())]
    nlp = spacy.load(sys.argv[3])
    began = time.perf_counter()
    spans = sum(len(d.ents) + sum(len(g) for g in d.spans.values())
                for d in nlp.pipe(texts, batch_size=64))
    print(len(texts), spans, time.perf_counter() - began)
""")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("-n", type=int, default=1000, help="articles (default 1,000)")
    parser.add_argument("--max-steps", type=int, default=None,
                        help="training steps (default: the command's default)")
    args = parser.parse_args()
    env_path = str(ROOT)
    with tempfile.TemporaryDirectory(prefix="bench-train-") as tmp:
        work = Path(tmp)
        source, store = work / "news.jsonl", work / "news.db"
        generate(source, args.n)
        annotator = [PY, "-m", "annotator"]
        subprocess.run([*annotator, "init", store], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
        subprocess.run([*annotator, "import", store, source], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        steps = ["--max-steps", str(args.max_steps)] if args.max_steps else []
        events = work / "events.jsonl"
        with events.open("w") as out:
            ours = measure([*annotator, "train", str(store), "-o", str(work / "ours"),
                            "--annotator", "alice", "--progress", "json", *steps], stdout=out)
        report = json.loads((work / "ours" / "report.json").read_text())
        print(f"annotator train: {ours[0]:.1f} s, peak {ours[1]:.0f} MB; "
              f"{report['articles']} articles, {report['steps']} steps, best step "
              f"{report['best_step']}, F1 {report['overall']['f']:.3f}")
        for label, fig in report["scores"].items():
            print(f"  {label}: P {fig['p'] or 0:.3f} R {fig['r'] or 0:.3f} F1 {fig['f'] or 0:.3f}"
                  f" ({fig['reference']} spans)")
        print(f"  spancat sizes {report['spancat_sizes']}; not learnt {report['not_learnt']}")
        subprocess.run([PY, "-c", DOCBINS, env_path, str(store), str(work)], check=True)
        config = work / "ours" / "model-best" / "config.cfg"
        theirs = measure([PY, "-m", "spacy", "train", str(config), "--output",
                          str(work / "theirs"), "--paths.train", str(work / "train.spacy"),
                          "--paths.dev", str(work / "dev.spacy")],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        meta = json.loads((work / "theirs" / "model-best" / "meta.json").read_text())
        perf = meta.get("performance", {})
        print(f"spacy train (same config, same docs): {theirs[0]:.1f} s, peak "
              f"{theirs[1]:.0f} MB; its scorer: ents_f {perf.get('ents_f', 0):.3f}, "
              f"spans_sc_f {perf.get('spans_sc_f', 0):.3f}")
        model = work / "ours" / "model-best"
        suggest = measure([*annotator, "suggest", str(store), f"model={model}", "--layer",
                           "model"], stdout=subprocess.DEVNULL)
        print(f"suggest model=: {suggest[0]:.1f} s for {args.n} articles "
              f"({args.n / suggest[0]:.0f} articles/s with start-up), peak {suggest[1]:.0f} MB")
        piped = subprocess.run([PY, "-c", PIPE, env_path, str(store), str(model)], check=True,
                               capture_output=True, text=True).stdout.split()
        count, spans, seconds = int(piped[0]), int(piped[1]), float(piped[2])
        print(f"nlp.pipe alone: {seconds:.1f} s for {count} articles "
              f"({count / seconds:.0f} articles/s), {spans} spans")


if __name__ == "__main__":
    main()

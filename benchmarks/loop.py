"""The annotation loop simulated: train on a few annotated articles, suggest on held-out
ones, score what an annotator would get.

    python benchmarks/loop.py [--eval-dir ../shared/eval] [--png benchmarks/learning_curve.png]

1. Entities (ner) on conll2003_ner_en.jsonl (50 news articles, layer `reference`), imported
   with `annotator import` into a scratch store: a fixed test set of 10 articles, models
   trained on 10, 20 and 40 of the others (default settings); each model suggests into a
   layer on the test articles, compared with `agreement` (exact match; the imported layers
   are not marked done, so with require_done=False): F1 per label and
   the share of reference spans an annotator would accept unchanged (exact recall).
   Labels with fewer than the minimum of training articles are left out of that run.
2. Quotes (spancat) on ggt_quotes_en.jsonl: trained on 45 articles, tested on 15, against
   the rule-based `quotes` source on the same articles (exact and overlapping matches).
The learning curve (F1 overall and per frequent label against training articles) is drawn
with Qt's QPainter, offscreen, beside benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotator.core import Store, default_schema, import_files  # noqa: E402
from annotator.core.agreement import agreement  # noqa: E402
from annotator.core.suggest.running import make_sources, run_suggestions  # noqa: E402
from annotator.core.train import MIN_TRAIN_ARTICLES, TrainOptions, train  # noqa: E402

REFERENCE = "reference"


def read_ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.open(encoding="utf-8")]


def label_articles(path: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for line in path.open(encoding="utf-8"):
        record = json.loads(line)
        for span in record["spans"]:
            out.setdefault(span["label"], set()).add(record["id"])
    return out


def scored(store: Store, layer: str, labels: list[str]) -> dict:
    result = agreement(store, [REFERENCE, layer], labels, require_done=False).pairs[0]
    out = {label: {"f": fig.exact.f1, "accepted": fig.exact.recall,
                   "overlap_f": fig.overlap.f1, "reference": fig.exact.reference}
           for label, fig in result.labels.items()}
    out["overall"] = {"f": result.overall.exact.f1, "accepted": result.overall.exact.recall,
                      "overlap_f": result.overall.overlap.f1,
                      "reference": result.overall.exact.reference}
    return out


def model_run(store: Store, work: Path, name: str, options: TrainOptions,
              test: list[str], labels: list[str]) -> dict:
    began = time.perf_counter()
    report = train(store, options, work / name)
    seconds = time.perf_counter() - began
    run_suggestions(store, make_sources(store, [f"model={work / name / 'model-best'}"]),
                    layer=name, article_ids=test)
    scores = scored(store, name, labels)
    if abs((scores["overall"]["f"] or 0) - (report["overall"]["f"] or 0)) > 1e-9:
        print("MISMATCH", scores["overall"], report["overall"], file=sys.stderr)
    return {"seconds": round(seconds, 1), "steps": report["steps"],
            "labels": report["labels"], "scores": scores}


def entities(eval_dir: Path, work: Path, max_steps: int | None) -> list[dict]:
    source = eval_dir / "conll2003_ner_en.jsonl"
    store = Store.create(work / "conll.db", default_schema())
    import_files(store, [source])
    ids = read_ids(source)
    random.Random(5).shuffle(ids)
    test, pool = ids[:10], ids[10:]
    having = label_articles(source)
    runs = []
    for n in (10, 20, 40):
        chosen = pool[:n]
        labels = [label for label, arts in having.items()
                  if len(arts & set(chosen)) >= MIN_TRAIN_ARTICLES and arts & set(test)]
        options = TrainOptions(layer=REFERENCE, labels=tuple(labels), eval_articles=tuple(test),
                               train_articles=tuple(chosen),
                               **({"max_steps": max_steps} if max_steps else {}))
        result = model_run(store, work, f"ner{n}", options, test, labels)
        result["train_articles"] = n
        runs.append(result)
        print(json.dumps(result), flush=True)
    store.close()
    return runs


def quotes(eval_dir: Path, work: Path, max_steps: int | None) -> dict:
    source = eval_dir / "ggt_quotes_en.jsonl"
    store = Store.create(work / "ggt.db", default_schema())
    import_files(store, [source])
    ids = read_ids(source)
    random.Random(5).shuffle(ids)
    test, chosen = ids[:15], ids[15:]
    options = TrainOptions(layer=REFERENCE, labels=("QUOTE",), eval_articles=tuple(test),
                           train_articles=tuple(chosen),
                           **({"max_steps": max_steps} if max_steps else {}))
    result = {"model": model_run(store, work, "spancat", options, test, ["QUOTE"])}
    began = time.perf_counter()
    run_suggestions(store, make_sources(store, ["quotes"]), layer="rules", article_ids=test)
    result["rules"] = {"seconds": round(time.perf_counter() - began, 1),
                       "scores": scored(store, "rules", ["QUOTE"])}
    print(json.dumps(result), flush=True)
    store.close()
    return result


def draw(runs: list[dict], path: Path) -> None:
    """F1 against training articles: overall and per label, one line each."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

    _app = QGuiApplication.instance() or QGuiApplication([])
    w, h, left, bottom, top, right = 720, 420, 60, 50, 30, 150
    image = QImage(w, h, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setFont(QFont("DejaVu Sans", 9))
    plot = QRectF(left, top, w - left - right, h - top - bottom)
    xs = [run["train_articles"] for run in runs]

    def point(x: float, y: float) -> QPointF:
        return QPointF(plot.left() + (x - 0) / max(xs) * plot.width(),
                       plot.bottom() - y * plot.height())

    p.setPen(QPen(QColor("#888"), 1))
    p.drawRect(plot)
    for i in range(0, 11, 2):
        y = i / 10
        p.drawLine(point(0, y), QPointF(plot.left() - 4, point(0, y).y()))
        p.drawText(QRectF(5, point(0, y).y() - 8, left - 12, 16),
                   Qt.AlignmentFlag.AlignRight, f"{y:.1f}")
    for x in xs:
        p.drawText(QRectF(point(x, 0).x() - 20, plot.bottom() + 4, 40, 16),
                   Qt.AlignmentFlag.AlignCenter, str(x))
    p.drawText(QRectF(plot.left(), h - 22, plot.width(), 16), Qt.AlignmentFlag.AlignCenter,
               "articles trained on (10 held-out articles, exact match)")
    p.drawText(QRectF(plot.left(), 6, plot.width(), 18), Qt.AlignmentFlag.AlignCenter,
               "Entities (ner) on CoNLL-2003 news: F1 by label")
    colours = ["#000000", "#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e"]
    names = ["overall", *[label for label in runs[-1]["scores"] if label != "overall"]]
    for n, name in enumerate(names):
        pen = QPen(QColor(colours[n % len(colours)]), 3 if name == "overall" else 2)
        p.setPen(pen)
        points = [point(run["train_articles"], run["scores"][name]["f"] or 0)
                  for run in runs if name in run["scores"]]
        for a, b in itertools.pairwise(points):
            p.drawLine(a, b)
        for one in points:
            p.drawEllipse(one, 3, 3)
        p.drawText(QRectF(w - right + 12, top + 20 * n, right - 14, 16),
                   Qt.AlignmentFlag.AlignLeft, f"— {name}")
    p.end()
    image.save(str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--png", type=Path,
                        default=ROOT / "benchmarks" / "learning_curve.png")
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--quote-steps", type=int, default=None)
    parser.add_argument("--skip-quotes", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-loop-") as tmp:
        runs = entities(args.eval_dir, Path(tmp), args.max_steps)
        draw(runs, args.png)
        if not args.skip_quotes:
            quotes(args.eval_dir, Path(tmp), args.quote_steps)


if __name__ == "__main__":
    main()

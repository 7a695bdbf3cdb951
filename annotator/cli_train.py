"""The `train` command: a spaCy pipeline from a layer of the store (core/train).

With `--progress json` every line on standard output is one JSON object, for a program that
runs the command (the window's File > Train a model...):

    {"event": "start", "max_steps": M, "train": n, "eval": n, "labels": [...]}
    {"event": "step", "step": i, "max_steps": M, "losses": {"ner": x, "spancat": y}}
    {"event": "eval", "step": i, "scores": {"LABEL": {"p": .., "r": .., "f": ..}}, "score": f}
    {"event": "done", "model": "DIR/model-best", "report": "DIR/report.json"}

Exit status: 0 done; 1 refused (bad input, too little data: one line on standard error,
nothing written); 2 failed while training (one line, nothing written); 130 stopped by
Ctrl+C or SIGTERM (nothing written).
"""

from __future__ import annotations

import json
import signal
import sys
import time
from pathlib import Path
from typing import Any

import click

from .cli_common import errors as _errors
from .cli_common import store_argument
from .core import STATUSES, Store
from .core.train import (
    DEFAULT_EVAL_SPLIT,
    DEFAULT_MAX_STEPS,
    MIN_EVAL_ARTICLES,
    MIN_TRAIN_ARTICLES,
    TrainCancelled,
    TrainOptions,
    TrainRefused,
    check_error,
)
from .core.train import train as run_training

_TEXT_INTERVAL = 2.0  # seconds between step lines in text mode


def _fail(message: str, code: int) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


@click.command()
@store_argument
@click.option("-o", "--output", "out", required=True, metavar="DIR",
              type=click.Path(file_okay=False, path_type=Path),
              help="The folder for model-best/ and report.json (made if missing).")
@click.option("--layer", metavar="NAME",
              help="The layer to learn from: gold, a suggestion layer or a person's.")
@click.option("--annotator", metavar="NAME", help="The same as --layer, by a person's name.")
@click.option("--status", type=click.Choice(STATUSES),
              help="Only articles whose layer has this status (done: finished work only).")
@click.option("--labels", metavar="L,...",
              help="Only these labels, comma-separated (default: every label with data).")
@click.option("--eval-split", type=float, default=DEFAULT_EVAL_SPLIT, show_default=True,
              help="The share of articles held out to score the model.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="The seed of the split and of training: the same seed, the same run.")
@click.option("--base", metavar="PIPELINE",
              help="Start from this spaCy pipeline (installed or a folder) instead of a "
                   "blank one.")
@click.option("--max-steps", type=int, default=DEFAULT_MAX_STEPS, show_default=True,
              help="Training steps (one batch each).")
@click.option("--progress", "mode", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: one JSON object a line on standard output.")
@click.option("--width", type=int, default=96, hidden=True,
              help="The tok2vec width (small for quick test runs).")
def train(store: Path, out: Path, layer: str | None, annotator: str | None,
          status: str | None, labels: str | None, eval_split: float, seed: int,
          base: str | None, max_steps: int, mode: str, width: int) -> None:
    """Train a spaCy pipeline on a layer's annotations: ner for entity labels, spancat for
    claims and quotes. The articles are split (--eval-split, --seed); the model is scored
    on the held-out ones as `annotator agreement` scores two layers (exact spans).

    Writes DIR/model-best (use it with `annotator suggest STORE model=DIR/model-best`) and
    DIR/report.json (precision, recall and F1 per label, the counts and the options).
    A label needs MIN_TRAIN articles with its spans to train on and MIN_EVAL held out.

    Example: annotator train news.db -o models/gold --layer gold --status done
    """
    if layer is not None and annotator is not None and layer != annotator:
        _fail("give --layer or --annotator, not both", 1)
    name = layer or annotator
    if name is None:
        _fail("name the annotations to learn from: --layer gold or --annotator NAME", 1)
    assert name is not None
    chosen = tuple(part.strip() for part in (labels or "").split(",") if part.strip())
    options = TrainOptions(layer=name, status=status, labels=chosen, eval_split=eval_split,
                           seed=seed, base=base, max_steps=max_steps,
                           width=width)
    show = _JsonLines() if mode == "json" else _TextLines()
    stopping: list[int] = []

    def stop_on(signum: int, frame: Any) -> None:
        stopping.append(signum)

    before = {signum: signal.signal(signum, stop_on)
              for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        with _errors():
            opened = Store.open_read_only(store)
            try:
                report = run_training(opened, options, out, progress=show,
                                      stop=lambda: bool(stopping))
            except TrainRefused as exc:
                _fail(str(exc), 1)
            except TrainCancelled as exc:
                _fail(str(exc), 130)
            except Exception as exc:  # noqa: BLE001 - any failure in spaCy: one line, exit 2
                _fail(str(check_error(exc)), 2)
            finally:
                opened.close()
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
    if mode == "text":
        _print_report(report)


train.help = (train.help or "").replace("MIN_TRAIN", str(MIN_TRAIN_ARTICLES)).replace(
    "MIN_EVAL", str(MIN_EVAL_ARTICLES))


class _JsonLines:
    def __call__(self, event: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
        sys.stdout.flush()


class _TextLines:
    def __init__(self) -> None:
        self.shown = 0.0

    def __call__(self, event: dict[str, Any]) -> None:
        kind = event["event"]
        if kind == "start":
            click.echo(f"Training on {event['train']} articles, {event['eval']} held out; "
                       f"labels {', '.join(event['labels'])}; {event['max_steps']} steps.")
        elif kind == "step" and time.monotonic() - self.shown >= _TEXT_INTERVAL:
            self.shown = time.monotonic()
            losses = "  ".join(f"{k} {v:.2f}" for k, v in event["losses"].items())
            click.echo(f"step {event['step']}/{event['max_steps']}  loss {losses}")
        elif kind == "eval":
            scores = ", ".join(f"{label} {_figure(s['f'])}"
                               for label, s in event["scores"].items())
            click.echo(f"step {event['step']}: F1 {_figure(event['score'])} ({scores})")


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _print_report(report: dict[str, Any]) -> None:
    articles = report["articles"]
    click.echo(f"Held-out articles: {articles['eval']} (trained on {articles['train']}); "
               f"best step {report['best_step']} of {report['steps']}, "
               f"{report['seconds']:.0f} s.")
    rows = [["label", "P", "R", "F1", "spans"]]
    for label, fig in [*report["scores"].items(), ("overall", report["overall"])]:
        rows.append([label, _figure(fig["p"]), _figure(fig["r"]), _figure(fig["f"]),
                     str(fig["reference"])])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                             for i, (cell, w) in enumerate(zip(row, widths, strict=True))))
    lost = report["not_learnt"]
    for what, title in (("dropped_overlaps", "overlapping entities left out"),
                        ("misaligned", "spans off token boundaries"),
                        ("too_long", "spans longer than spancat proposes")):
        if lost[what]:
            click.echo(f"Not learnt: {title}: " + ", ".join(
                f"{label} {n}" for label, n in lost[what].items()))
    click.echo(f"Wrote {report['model']} and {Path(report['model']).parent / 'report.json'}.")

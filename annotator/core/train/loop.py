"""The training loop: `Language.update` over batches, evaluating on the held-out articles.

This loop, not `spacy.training.loop.train`, runs the steps, because a run must report each
step's losses per component, score the held-out articles with the agreement's definition
(character offsets, exact match: spaCy's scorer aligns by tokens and would disagree on
spans off token boundaries), stop between any two steps when asked, and keep its data in
memory (no .spacy files to write first). What it runs is what spaCy's loop runs: the
config's batcher, dropout and optimizer, `nlp.update` once a step, the best model by the
held-out score. benchmarks/train.py times both on the same config and data.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..io.export_records import ExportRecord
from .options import TrainCancelled, TrainOptions
from .scoring import Counts, evaluate, score

Event = dict[str, Any]
Progress = Callable[[Event], None]
_STEP_INTERVAL = 0.1  # seconds between step events: at most ~10 a second


@dataclass
class LoopResult:
    steps: int
    best_step: int
    best_score: float
    best: bytes  # the pipeline at its best step (nlp.to_bytes())


def _batcher(nlp: Any) -> Callable[[list[Any]], Any]:
    from spacy.training import minibatch_by_words
    from spacy.util import registry

    try:
        return registry.resolve({"b": nlp.config["training"]["batcher"]})["b"]
    except (KeyError, TypeError, ValueError):  # a base without a training section
        return lambda items: minibatch_by_words(items, size=1000)


def eval_event(step: int, counts: Counts, labels: tuple[str, ...]) -> Event:
    return {"event": "eval", "step": step,
            "scores": {label: {k: fig[k] for k in ("p", "r", "f")}
                       for label, fig in counts.per_label(labels).items()},
            "score": score(counts)}


def run_loop(nlp: Any, optimizer: Any, examples: list[Any], held_out: list[ExportRecord],
             labels: tuple[str, ...], trained: list[str], options: TrainOptions,
             progress: Progress, stop: Callable[[], bool] | None) -> LoopResult:
    """Update `nlp` for `options.max_steps` steps; the best state by held-out F1."""
    exclude = [name for name in nlp.pipe_names if name not in trained and name != "tok2vec"]
    batcher = _batcher(nlp)
    dropout = float(nlp.config.get("training", {}).get("dropout", 0.1) or 0.1)
    rng = random.Random(options.seed)
    step, shown = 0, 0.0
    best: LoopResult | None = None
    while step < options.max_steps:
        order = list(examples)
        rng.shuffle(order)
        for batch in batcher(order):
            if stop is not None and stop():
                raise TrainCancelled("training was cancelled: nothing was written")
            losses: dict[str, float] = {}
            nlp.update(batch, drop=dropout, sgd=optimizer, losses=losses, exclude=exclude)
            optimizer.step_schedules()  # as spaCy's loop does: the learn rate's schedule
            step += 1
            evaluating = step % options.every == 0 or step == options.max_steps
            now = time.monotonic()
            if evaluating or now - shown >= _STEP_INTERVAL:
                shown = now
                progress({"event": "step", "step": step, "max_steps": options.max_steps,
                          "losses": {name: float(losses.get(name, 0.0)) for name in trained}})
            if evaluating:
                counts = evaluate(nlp, held_out, labels)
                event = eval_event(step, counts, labels)
                progress(event)
                if best is None or event["score"] > best.best_score:
                    best = LoopResult(step, step, event["score"], nlp.to_bytes())
            if step >= options.max_steps:
                break
        if not examples:
            break
    assert best is not None  # max_steps >= 1 and the last step always evaluates
    best.steps = step
    return best

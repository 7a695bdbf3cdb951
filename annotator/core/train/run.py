"""`train()`: from the store's annotations to DIR/model-best and DIR/report.json."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .data import TrainData, select
from .examples import Conversion, components_for, examples, is_entity
from .loop import Progress, eval_event, run_loop
from .options import MIN_EVAL_ARTICLES, MIN_TRAIN_ARTICLES, TrainError, TrainOptions
from .output import MODEL, Output
from .pipeline import (
    add_components,
    blank_pipeline,
    language,
    load_base,
    require_spacy,
    suggester_sizes,
)
from .scoring import evaluate

if TYPE_CHECKING:
    from ..store import Store


def _ignore(event: dict[str, Any]) -> None:
    pass


def train(store: Store, options: TrainOptions, out: Path,
          progress: Progress | None = None,
          stop: Callable[[], bool] | None = None) -> dict[str, Any]:
    """Train on `options.layer` and write `out/model-best` and `out/report.json`; the report.

    Refusals (TrainRefused: bad options, too little data, spaCy missing) come before
    anything is written. `progress(event)` is told of the run as the command line's JSON
    lines ("start", "step", "eval", "done"); `stop()` is asked before every step and, when
    it answers True, the run ends with TrainCancelled and leaves nothing behind.
    """
    began = time.perf_counter()
    tell = progress or _ignore
    require_spacy()
    data = select(store, options)
    import spacy
    from spacy.util import fix_random_seed

    fix_random_seed(options.seed)
    components = components_for(data.kinds)
    base = load_base(options.base) if options.base else None
    tokenizer = base if base is not None else spacy.blank(language(data.lang))
    conversion = Conversion()
    train_examples = examples(tokenizer, data.train, data.kinds, conversion)
    sizes = suggester_sizes(conversion.span_sizes)
    output = Output(out)
    try:
        tell({"event": "start", "max_steps": options.max_steps, "train": len(data.train),
              "eval": len(data.eval), "labels": list(data.labels)})
        if base is None:
            nlp, _ = blank_pipeline(str(tokenizer.lang), components, options, sizes,
                                    vocab=tokenizer.vocab)
            optimizer = nlp.initialize(lambda: train_examples)
        else:
            nlp = base
            added = add_components(nlp, components, sizes)
            for name in components:
                if name not in added:
                    pipe = nlp.get_pipe(name)
                    for label in data.labels:
                        if is_entity(data.kinds[label]) == (name == "ner"):
                            pipe.add_label(label)
            for name in added:
                nlp.get_pipe(name).initialize(lambda: train_examples, nlp=nlp)
            optimizer = nlp.resume_training()
        result = run_loop(nlp, optimizer, train_examples, data.eval, data.labels,
                          components, options, tell, stop)
        nlp.from_bytes(result.best)
        nlp.meta["name"] = "annotator_model"
        nlp.meta["description"] = (f"Trained on layer {options.layer!r} of "
                                   f"{len(data.train)} articles")
        nlp.to_disk(output.temp)
        # Scored as `suggest model=` will load it, so the report is the saved model's.
        saved = spacy.load(output.temp)
        counts = evaluate(saved, data.eval, data.labels)
        final = eval_event(result.best_step, counts, data.labels)
        report = _report(data, options, conversion, counts, result.steps, result.best_step,
                         components, sizes, output, time.perf_counter() - began)
        report["final_eval"] = final
        output.publish(report)
    except BaseException:
        output.discard()
        raise
    tell({"event": "done", "model": str(out / MODEL), "report": str(output.report)})
    return report


def _report(data: TrainData, options: TrainOptions, conversion: Conversion, counts: Any,
            steps: int, best_step: int, components: list[str], sizes: list[int],
            output: Output, seconds: float) -> dict[str, Any]:
    return {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "model": str(output.model),
        "options": options.to_dict(),
        "lang": data.lang,
        "labels": list(data.labels),
        "kinds": data.kinds,
        "components": components,
        "spancat_sizes": sizes if "spancat" in components else [],
        "minimum_articles": {"train": MIN_TRAIN_ARTICLES, "eval": MIN_EVAL_ARTICLES},
        "articles": {"train": len(data.train), "eval": len(data.eval)},
        "eval_articles": [record.id for record in data.eval],
        "articles_with_label": {"train": dict(data.articles_with("train")),
                                "eval": dict(data.articles_with("eval"))},
        "spans": {part: {label: counter[label] for label in data.labels}
                  for part, counter in data.spans.items()},
        "not_learnt": conversion.to_dict(),
        "steps": steps,
        "best_step": best_step,
        "seconds": round(seconds, 2),
        "scores": counts.per_label(data.labels),
        "overall": counts.figures(),
    }


def check_error(exc: BaseException) -> TrainError:
    """An unexpected failure while training, as one line."""
    first = (str(exc).strip().splitlines() or [""])[0]
    return TrainError(f"training failed: {type(exc).__name__}: {first}"[:500])

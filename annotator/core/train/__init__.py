"""Training a spaCy pipeline (ner for entities, spancat for claims, quotes and mentions) on
a layer of the store, scored on held-out articles as `annotator agreement` scores layers.

    data.py      which articles and labels, the split, the minimum per label
    examples.py  articles as spaCy examples (doc.ents, the span group "sc")
    pipeline.py  the config (spaCy's init_config) or a base pipeline
    loop.py      the Language.update loop: steps, losses, evaluations, cancelling
    scoring.py   exact-match precision, recall and F1 per label on the held-out articles
    output.py    DIR/model-best and DIR/report.json written atomically
    run.py       train(): all of it in order

spaCy is imported lazily: importing this package never needs it.
"""

from .options import (
    DEFAULT_EVAL_SPLIT,
    DEFAULT_MAX_STEPS,
    MAX_SPAN_TOKENS,
    MIN_EVAL_ARTICLES,
    MIN_TRAIN_ARTICLES,
    TrainCancelled,
    TrainError,
    TrainOptions,
    TrainRefused,
)
from .run import check_error, train

__all__ = ["DEFAULT_EVAL_SPLIT", "DEFAULT_MAX_STEPS", "MAX_SPAN_TOKENS", "MIN_EVAL_ARTICLES",
           "MIN_TRAIN_ARTICLES", "TrainCancelled", "TrainError", "TrainOptions",
           "TrainRefused", "check_error", "train"]

"""What a training run is asked to do, the limits it refuses under, and its errors."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import AnnotatorError, DataError

# A label needs this many articles with at least one of its spans in the training part and
# in the held-out part: below that a model learns nothing worth scoring, and a score on
# fewer held-out articles says nothing.
MIN_TRAIN_ARTICLES = 5
MIN_EVAL_ARTICLES = 1

DEFAULT_MAX_STEPS = 1000
DEFAULT_EVAL_SPLIT = 0.2
# spancat proposes every n-gram of the sizes seen in training up to this many tokens; a
# longer span cannot be proposed (counted in the report as "too long"). Memory grows with
# tokens x sizes x span length, so the limit bounds it.
MAX_SPAN_TOKENS = 32
# nlp.pipe's batch in the saved pipeline and in evaluations: spancat holds every candidate
# span of a batch's docs at once, so a small batch bounds the memory (64 docs: gigabytes).
PIPE_BATCH = 8


class TrainError(AnnotatorError):
    """A run that failed while training (exit 2 on the command line)."""


class TrainRefused(DataError):
    """Bad input or too little data: refused before anything is written (exit 1)."""


class TrainCancelled(AnnotatorError):
    """The stop callback answered True: nothing was written."""


@dataclass
class TrainOptions:
    """The choices of one run (recorded in report.json as they were given)."""

    layer: str  # whose annotations: a person, "gold" or a suggestion layer
    status: str | None = None  # only layers with this status (e.g. "done")
    labels: tuple[str, ...] = ()  # empty: every label with data
    eval_split: float = DEFAULT_EVAL_SPLIT
    seed: int = 0
    base: str | None = None  # an installed or on-disk pipeline instead of spacy.blank(lang)
    max_steps: int = DEFAULT_MAX_STEPS
    eval_every: int | None = None  # None: about ten evaluations a run, at most every 200
    width: int = 96  # the tok2vec width (small in tests)
    lang: str | None = None  # None: the articles' language (meta.lang), else "en"
    # Article ids to hold out instead of a random split, and to train on (empty: the rest):
    # a fixed test set across runs, as a learning curve needs.
    eval_articles: tuple[str, ...] = ()
    train_articles: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def check(self) -> None:
        if not 0 < self.eval_split < 1:
            raise TrainRefused(f"--eval-split must be between 0 and 1, not {self.eval_split}")
        if self.max_steps < 1:
            raise TrainRefused(f"--max-steps must be at least 1, not {self.max_steps}")
        if self.width < 8:
            raise TrainRefused(f"the width must be at least 8, not {self.width}")

    @property
    def every(self) -> int:
        if self.eval_every is not None:
            return max(1, self.eval_every)
        return max(1, min(200, round(self.max_steps / 10)))

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["labels"] = list(self.labels)
        out["eval_articles"] = list(self.eval_articles)
        out["train_articles"] = list(self.train_articles)
        out.pop("extra")
        return out

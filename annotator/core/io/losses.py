"""What an export could not hold: each lost span or relation, and the totals.

A training format that cannot hold a span (it does not fall on token boundaries, or it
overlaps another entity where entities cannot nest) drops it, and says so here: never
silently. `--strict` turns any loss into a failure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

MAX_LISTED = 10_000  # listed one by one; the counts always cover every loss

MISALIGNED = "not on token boundaries"
OVERLAP = "overlaps another entity"
RELATION_END_LOST = "a span it links was lost"


@dataclass(frozen=True)
class Loss:
    """One span (or relation) left out of an export, and why."""

    article: str
    annotator: str | None
    label: str
    text: str
    start: int
    end: int
    reason: str
    detail: str = ""
    file: str = ""

    def __str__(self) -> str:
        who = f" ({self.annotator})" if self.annotator else ""
        detail = f" ({self.detail})" if self.detail else ""
        return (f"{self.article}{who}: {self.label} {self.text!r} at {self.start}-{self.end}: "
                f"{self.reason}{detail}")

    def as_dict(self) -> dict:
        return {"article": self.article, "annotator": self.annotator, "label": self.label,
                "text": self.text, "start": self.start, "end": self.end,
                "reason": self.reason, "detail": self.detail, "file": self.file}


@dataclass
class LossReport:
    """Every loss counted; the first MAX_LISTED kept one by one (memory stays flat)."""

    listed: list[Loss] = field(default_factory=list)
    spans_by_reason: Counter = field(default_factory=Counter)
    relations_lost: int = 0
    # Kinds a format does not hold at all by design (CoNLL holds entities only): counted and
    # reported, but not losses for --strict.
    left_out: Counter = field(default_factory=Counter)

    def add(self, loss: Loss, relation: bool = False) -> None:
        if relation:
            self.relations_lost += 1
        else:
            self.spans_by_reason[loss.reason] += 1
        if len(self.listed) < MAX_LISTED:
            self.listed.append(loss)

    @property
    def spans_lost(self) -> int:
        return sum(self.spans_by_reason.values())

    @property
    def total(self) -> int:
        return self.spans_lost + self.relations_lost

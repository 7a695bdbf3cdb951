"""The records the core hands out: plain frozen data, no database handle inside."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUSES = ("todo", "in progress", "done", "skipped")
ORIGINS = ("manual", "imported", "suggested")


@dataclass(frozen=True)
class Article:
    pk: int
    id: str
    title: str
    text: str
    meta: dict[str, Any]
    text_hash: str


@dataclass(frozen=True)
class Span:
    """A stretch of an article's text, `text == article.text[start:end]` (code points)."""

    id: int
    article: int
    annotator: str
    start: int
    end: int
    label: str
    text: str
    attrs: dict[str, Any] = field(default_factory=dict)
    origin: str = "manual"

    @classmethod
    def from_row(cls, id: int, article: int, annotator: str, start: int, end: int,  # noqa: A002
                 label: str, text: str, attrs: dict[str, Any], origin: str) -> Span:
        """The same as `Span(...)` at half the cost, for reading thousands from the store:
        the fields go straight into the instance (a frozen dataclass sets each one through
        object.__setattr__)."""
        span = object.__new__(cls)
        span.__dict__.update(id=id, article=article, annotator=annotator, start=start,
                             end=end, label=label, text=text, attrs=attrs, origin=origin)
        return span


@dataclass(frozen=True)
class Relation:
    """A directed link between two spans of one layer (a quote -> its speaker)."""

    id: int
    head: int
    child: int
    label: str

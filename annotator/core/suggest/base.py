"""The protocol every suggestion source follows, and the values it takes and gives.

A source gets articles (id, text, meta and the article's existing entity spans) and the
labels of the store's schema, and yields, per article, proposed spans and links between
them. Offsets are Python code-point indices into the article's text, half-open. A link
names its ends by the proposed spans' local ids. A proposed span whose `existing` is set
stands for that entity span of the article (same offsets and label): nothing new to store,
only the links that end on it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar


@dataclass(frozen=True, slots=True)
class EntitySpan:
    """An entity span the article already has (from any layer the caller chooses)."""

    id: str
    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    entities: tuple[EntitySpan, ...] = ()  # people's entity and source-mention spans


@dataclass(slots=True)
class ProposedSpan:
    """A span to suggest. `existing` is the id of the article's entity span it reuses
    (nothing new to store then, only the link); otherwise the span is new. `score` is the
    source's confidence in it, 0 to 1, where it has one (a model's spancat)."""

    id: str
    start: int
    end: int
    label: str
    attrs: dict[str, str] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    existing: str | None = None
    score: float | None = None


@dataclass(frozen=True, slots=True)
class ProposedLink:
    head: str
    child: str
    label: str


@dataclass(slots=True)
class Suggestions:
    """What a source proposes for one article."""

    article_id: str
    spans: list[ProposedSpan] = field(default_factory=list)
    links: list[ProposedLink] = field(default_factory=list)


class SuggestionSource(Protocol):
    """A named source of suggestions. A source with `fork_safe = True` may be run in
    forked worker processes (`parallel.py`); without it, in the one process."""

    name: str

    def suggest(self, articles: Iterable[Article],
                labels: Collection[str]) -> Iterator[Suggestions]:
        """One `Suggestions` per article, in order; only labels in `labels` are used."""
        ...


T = TypeVar("T")


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """The items in lists of `size` (the last one shorter): what spaCy's `pipe` is fed."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def piped(nlp: Any, articles: Iterable[Article], size: int) -> Iterator[tuple[Article, Any]]:
    """Each article with its spaCy Doc, the texts run through `nlp.pipe` `size` at a time."""
    for batch in batches(articles, size):
        yield from zip(batch, nlp.pipe(article.text for article in batch), strict=True)

"""What every operation shares: the Change record, the Operation protocol, checks and logging."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from ..errors import OperationError
from ..model import Relation, Span
from ..rules import (
    annotator_problem,
    blank_span_message,
    bounds_problem,
    duplicate_span_message,
    entry_link_problem,
    label_problem,
    trim_bounds,
)
from ..store import Store


@dataclass(frozen=True)
class Change:
    """What one operation (or a group of them) changed."""

    op: str
    description: str
    article: int | None
    annotator: str | None
    spans: frozenset[int] = frozenset()
    relations: bool = False
    status: bool = False
    reviews: bool = False  # a decision of the reviewer was stored or taken back
    comments: bool = False
    suggestions: bool = False  # a suggestion was accepted or rejected, or that taken back
    registry: bool = False  # a registry entry, a span's link to one, or a proposal changed

    def merge(self, other: Change, description: str) -> Change:
        return Change(
            op="group", description=description,
            article=self.article if self.article == other.article else None,
            annotator=self.annotator if self.annotator == other.annotator else None,
            spans=self.spans | other.spans, relations=self.relations or other.relations,
            status=self.status or other.status, reviews=self.reviews or other.reviews,
            comments=self.comments or other.comments,
            suggestions=self.suggestions or other.suggestions,
            registry=self.registry or other.registry)


class Operation(Protocol):
    # Read-only, so that the frozen dataclasses that implement it match.
    @property
    def name(self) -> str: ...

    def describe(self, store: Store) -> str: ...

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]: ...


# -- helpers shared by the operations ----------------------------------------------------

def require_span(store: Store, span_id: int) -> Span:
    span = store.annotations.span(span_id)
    if span is None:
        raise OperationError(f"span {span_id} does not exist (it may have been deleted)")
    return span


def check_bounds(store: Store, article: int, start: int, end: int) -> None:
    length = store.annotations.article_length(article)
    if length is None:
        raise OperationError(f"article {article} does not exist")
    problem = bounds_problem(length, start, end)
    if problem is not None:
        raise OperationError(problem)


def trimmed_bounds(store: Store, article: int, start: int, end: int) -> tuple[int, int]:
    """Checked bounds without whitespace at either end (the rule of `rules.trim_bounds`);
    a stretch of nothing but whitespace is refused."""
    check_bounds(store, article, start, end)
    new_start, new_end = trim_bounds(store.annotations.article_slice(article, start, end),
                                     start, end)
    if new_start >= new_end:
        raise OperationError(blank_span_message(start, end))
    return new_start, new_end


def check_label(store: Store, name: str) -> None:
    problem = label_problem(store.schema, name)
    if problem is not None:
        raise OperationError(problem)


def check_annotator(name: str, review: bool) -> None:
    """The gold layer is written by review's operations only (and their undo)."""
    problem = annotator_problem(name, review=review)
    if problem is not None:
        raise OperationError(problem)


def check_unique(store: Store, article: int, annotator: str, start: int, end: int,
                 label: str, span_id: int | None = None) -> None:
    """A layer holds at most one span with the same bounds and label."""
    twin = store.annotations.span_at(article, annotator, start, end, label)
    if twin is not None and twin.id != span_id:
        raise OperationError(duplicate_span_message(start, end, label))


def short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split()).strip("“”\"'‘’«»")  # a quote's own marks: once is enough
    return f"“{text}”" if len(text) <= limit else f"“{text[:limit - 1]}…”"


def log(store: Store, actor: str, how: str, name: str, article: int | None,
         detail: dict[str, Any]) -> None:
    store.log_change(actor, name if how == "do" else f"{how} {name}", article, detail)


def span_detail(span: Span) -> dict[str, Any]:
    return {"span": span.id, "annotator": span.annotator, "start": span.start, "end": span.end,
            "label": span.label, "text": span.text, "attrs": span.attrs}


def drop_disallowed_relations(store: Store, span: Span) -> tuple[Relation, ...]:
    """Remove the relations that the span's (new) label no longer allows; return them."""
    dropped = []
    for rel in store.annotations.relations_of_span(span.id):
        label = store.schema.relation(rel.label)
        head, child = store.annotations.span(rel.head), store.annotations.span(rel.child)
        assert head is not None and child is not None
        head_label, child_label = store.schema.label(head.label), store.schema.label(child.label)
        if label is not None and head_label and child_label and not label.allows(
                head_label, child_label):
            store.annotations.delete_relation(rel.id)
            dropped.append(rel)
    return tuple(dropped)


def drop_disallowed_entry(store: Store, span: Span) -> int | None:
    """Unlink the span from its registry entry when its (new) label cannot link there;
    return the entry it was linked to, if it was unlinked."""
    entry_id = store.registry.linked_entry(span.id)
    if entry_id is None:
        return None
    entry = store.registry.entry(entry_id)
    if entry is not None and entry_link_problem(store.schema, span.label, entry.kind) is None:
        return None
    store.registry.unlink(span.id)
    return entry_id

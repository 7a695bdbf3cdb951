"""Every user action as a small named operation that knows its own inverse.

`op.apply(store, actor)` runs the action in one transaction, appends it to the change log and
returns `(Change, inverse)`: what changed (the GUI refreshes from it) and the operation that
undoes it. Undo and redo are nothing but applying the inverse (see history.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from .errors import OperationError
from .model import STATUSES, Relation, Span
from .store import Store


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

    def merge(self, other: Change, description: str) -> Change:
        return Change(
            op="group", description=description,
            article=self.article if self.article == other.article else None,
            annotator=self.annotator if self.annotator == other.annotator else None,
            spans=self.spans | other.spans, relations=self.relations or other.relations,
            status=self.status or other.status)


class Operation(Protocol):
    name: str

    def describe(self, store: Store) -> str: ...

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]: ...


# -- helpers ------------------------------------------------------------------------------

def _span(store: Store, span_id: int) -> Span:
    span = store.span(span_id)
    if span is None:
        raise OperationError(f"span {span_id} does not exist (it may have been deleted)")
    return span


def _check_bounds(store: Store, article: int, start: int, end: int) -> None:
    length = store.article_length(article)
    if length is None:
        raise OperationError(f"article {article} does not exist")
    if not 0 <= start < end <= length:
        raise OperationError(f"{start}-{end} is not a non-empty stretch of the article "
                             f"(length {length})")


def _check_label(store: Store, name: str) -> None:
    if store.schema.label(name) is None:
        raise OperationError(f"label {name!r} is not in the schema")


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return f"“{text}”" if len(text) <= limit else f"“{text[:limit - 1]}…”"


def _log(store: Store, actor: str, how: str, name: str, article: int | None,
         detail: dict[str, Any]) -> None:
    store.log_change(actor, name if how == "do" else f"{how} {name}", article, detail)


def _span_detail(span: Span) -> dict[str, Any]:
    return {"span": span.id, "annotator": span.annotator, "start": span.start, "end": span.end,
            "label": span.label, "text": span.text, "attrs": span.attrs}


def _drop_disallowed_relations(store: Store, span: Span) -> tuple[Relation, ...]:
    """Remove the relations that the span's (new) label no longer allows; return them."""
    dropped = []
    for rel in store.relations_of_span(span.id):
        label = store.schema.relation(rel.label)
        head, child = store.span(rel.head), store.span(rel.child)
        assert head is not None and child is not None
        head_label, child_label = store.schema.label(head.label), store.schema.label(child.label)
        if label is not None and head_label and child_label and not label.allows(
                head_label, child_label):
            store.delete_relation(rel.id)
            dropped.append(rel)
    return tuple(dropped)


# -- spans --------------------------------------------------------------------------------

@dataclass(frozen=True)
class AddSpan:
    """Add a span to an annotator's layer (creating the layer, marked in progress)."""

    article: int
    annotator: str
    start: int
    end: int
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)
    origin: str = "manual"
    span_id: int | None = None  # set when redoing, so the span keeps its id
    relations: tuple[Relation, ...] = ()  # restored with the span when undoing a delete
    start_layer: bool = True  # a layer still to do becomes "in progress"; not when undoing
    name: str = "add span"

    def describe(self, store: Store) -> str:
        text = store.article_slice(self.article, self.start, self.end)
        return f"Add {self.label} {_short(text)}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        _check_bounds(store, self.article, self.start, self.end)
        _check_label(store, self.label)
        with store.transaction():
            before = store.layer_status(self.article, self.annotator)
            started = self.start_layer and before in (None, "todo")
            if started or before is None:
                store.set_layer_status(self.article, self.annotator,
                                       "in progress" if started else "todo")
            text = store.article_slice(self.article, self.start, self.end)
            span = store.insert_span(Span(
                id=self.span_id or 0, article=self.article, annotator=self.annotator,
                start=self.start, end=self.end, label=self.label, text=text,
                attrs=dict(self.attrs), origin=self.origin))
            for rel in self.relations:
                if store.span(rel.head) and store.span(rel.child):
                    store.insert_relation(rel)
            _log(store, actor, how, self.name, self.article, _span_detail(span))
        change = Change(self.name, self.describe(store), self.article, self.annotator,
                        frozenset({span.id}), relations=bool(self.relations),
                        status=started or before is None)
        undo = DeleteSpan(span.id, restore_status=before if started or before is None else "")
        return change, undo


@dataclass(frozen=True)
class DeleteSpan:
    """Delete a span and its relations."""

    span_id: int
    restore_status: str | None = ""  # "" leaves the layer alone; None removes an empty one
    name: str = "delete span"

    def describe(self, store: Store) -> str:
        span = _span(store, self.span_id)
        return f"Delete {span.label} {_short(span.text)}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        span = _span(store, self.span_id)
        description = self.describe(store)
        with store.transaction():
            relations = tuple(store.relations_of_span(span.id))
            store.delete_span(span.id)
            status_changed = self.restore_status != ""
            if self.restore_status is None and store.span_count(span.article,
                                                                span.annotator) == 0:
                store.set_layer_status(span.article, span.annotator, None)
            elif status_changed:
                store.set_layer_status(span.article, span.annotator,
                                       self.restore_status or "todo")
            _log(store, actor, how, self.name, span.article,
                 {**_span_detail(span), "relations": [r.id for r in relations]})
        change = Change(self.name, description, span.article, span.annotator,
                        frozenset({span.id}), relations=bool(relations), status=status_changed)
        undo = AddSpan(span.article, span.annotator, span.start, span.end, span.label,
                       span.attrs, span.origin, span_id=span.id, relations=relations,
                       start_layer=status_changed)
        return change, undo


@dataclass(frozen=True)
class Relabel:
    """Give a span another label; links the new label does not allow are removed."""

    span_id: int
    label: str
    restore_relations: tuple[Relation, ...] = ()
    name: str = "relabel span"

    def describe(self, store: Store) -> str:
        span = _span(store, self.span_id)
        return f"Relabel {_short(span.text)} {span.label} → {self.label}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        span = _span(store, self.span_id)
        _check_label(store, self.label)
        description = self.describe(store)
        with store.transaction():
            updated = store.update_span(span.id, label=self.label)
            assert updated is not None
            for rel in self.restore_relations:
                store.insert_relation(rel)
            dropped = _drop_disallowed_relations(store, updated)
            _log(store, actor, how, self.name, span.article,
                 {"span": span.id, "from": span.label, "to": self.label,
                  "relations_removed": [r.id for r in dropped]})
        change = Change(self.name, description, span.article, span.annotator,
                        frozenset({span.id}), relations=bool(dropped or self.restore_relations))
        return change, Relabel(span.id, span.label, restore_relations=dropped)


@dataclass(frozen=True)
class SetBounds:
    """Move a span's start and end (its text follows from the article)."""

    span_id: int
    start: int
    end: int
    name: str = "change span bounds"

    def describe(self, store: Store) -> str:
        span = _span(store, self.span_id)
        return f"Resize {span.label} {_short(span.text)}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        span = _span(store, self.span_id)
        _check_bounds(store, span.article, self.start, self.end)
        description = self.describe(store)
        with store.transaction():
            text = store.article_slice(span.article, self.start, self.end)
            store.update_span(span.id, start=self.start, end=self.end, text=text)
            _log(store, actor, how, self.name, span.article,
                 {"span": span.id, "from": [span.start, span.end],
                  "to": [self.start, self.end], "text": text})
        change = Change(self.name, description, span.article, span.annotator,
                        frozenset({span.id}))
        return change, SetBounds(span.id, span.start, span.end)


@dataclass(frozen=True)
class SetAttribute:
    """Set (or, with None, remove) one attribute of a span, e.g. a quote's type."""

    span_id: int
    attribute: str
    value: Any
    name: str = "set attribute"

    def describe(self, store: Store) -> str:
        span = _span(store, self.span_id)
        if self.value is None:
            return f"Clear {self.attribute} of {_short(span.text)}"
        return f"Set {self.attribute} of {_short(span.text)} to {self.value}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        span = _span(store, self.span_id)
        label = store.schema.label(span.label)
        kind = label.kind if label else "entity"
        defined = {a.name: a for a in store.schema.attributes_for(kind)}
        allowed = defined[self.attribute].values if self.attribute in defined else ()
        if self.value is not None and allowed and self.value not in allowed:
            raise OperationError(f"{self.attribute} of a {kind} must be one of "
                                 f"{', '.join(allowed)}, not {self.value!r}")
        description = self.describe(store)
        before = span.attrs.get(self.attribute)
        attrs = dict(span.attrs)
        if self.value is None:
            attrs.pop(self.attribute, None)
        else:
            attrs[self.attribute] = self.value
        with store.transaction():
            store.update_span(span.id, attrs=attrs)
            _log(store, actor, how, self.name, span.article,
                 {"span": span.id, "attribute": self.attribute, "from": before,
                  "to": self.value})
        change = Change(self.name, description, span.article, span.annotator,
                        frozenset({span.id}))
        return change, SetAttribute(span.id, self.attribute, before)


# -- relations ----------------------------------------------------------------------------

@dataclass(frozen=True)
class AddRelation:
    """Link two spans of one layer, e.g. a quote (head) to its speaker (child)."""

    head: int
    child: int
    label: str
    relation_id: int | None = None
    name: str = "add relation"

    def describe(self, store: Store) -> str:
        head, child = _span(store, self.head), _span(store, self.child)
        return f"Link {_short(head.text, 20)} {self.label} {_short(child.text, 20)}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        head, child = _span(store, self.head), _span(store, self.child)
        rel_label = store.schema.relation(self.label)
        if rel_label is None:
            raise OperationError(f"relation {self.label!r} is not in the schema")
        if head.id == child.id:
            raise OperationError("a span cannot be linked to itself")
        if (head.article, head.annotator) != (child.article, child.annotator):
            raise OperationError("only spans of the same article and annotator can be linked")
        head_label, child_label = store.schema.label(head.label), store.schema.label(child.label)
        if head_label and child_label and not rel_label.allows(head_label, child_label):
            raise OperationError(f"{self.label} cannot go from {head.label} to {child.label}")
        if store.find_relation(head.id, child.id, self.label):
            raise OperationError(f"these spans are already linked by {self.label}")
        description = self.describe(store)
        with store.transaction():
            rel = store.insert_relation(Relation(self.relation_id or 0, head.id, child.id,
                                                 self.label))
            _log(store, actor, how, self.name, head.article,
                 {"relation": rel.id, "head": head.id, "child": child.id, "label": self.label})
        change = Change(self.name, description, head.article, head.annotator,
                        frozenset({head.id, child.id}), relations=True)
        return change, RemoveRelation(rel.id)


@dataclass(frozen=True)
class RemoveRelation:
    relation_id: int
    name: str = "remove relation"

    def describe(self, store: Store) -> str:
        rel = self._relation(store)
        head, child = _span(store, rel.head), _span(store, rel.child)
        return f"Unlink {_short(head.text, 20)} {rel.label} {_short(child.text, 20)}"

    def _relation(self, store: Store) -> Relation:
        rel = store.relation(self.relation_id)
        if rel is None:
            raise OperationError(f"relation {self.relation_id} does not exist")
        return rel

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        rel = self._relation(store)
        head = _span(store, rel.head)
        description = self.describe(store)
        with store.transaction():
            store.delete_relation(rel.id)
            _log(store, actor, how, self.name, head.article,
                 {"relation": rel.id, "head": rel.head, "child": rel.child, "label": rel.label})
        change = Change(self.name, description, head.article, head.annotator,
                        frozenset({rel.head, rel.child}), relations=True)
        return change, AddRelation(rel.head, rel.child, rel.label, relation_id=rel.id)


# -- layers -------------------------------------------------------------------------------

@dataclass(frozen=True)
class SetStatus:
    """Set an annotator's status of an article (todo, in progress, done, skipped)."""

    article: int
    annotator: str
    status: str | None  # None only when undoing: removes a layer that has no spans
    name: str = "set status"

    def describe(self, store: Store) -> str:
        return f"Mark {self.status or 'todo'}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        if self.status is not None and self.status not in STATUSES:
            raise OperationError(f"status must be one of {', '.join(STATUSES)}")
        if store.article_length(self.article) is None:
            raise OperationError(f"article {self.article} does not exist")
        before = store.layer_status(self.article, self.annotator)
        with store.transaction():
            if self.status is None and store.span_count(self.article, self.annotator):
                store.set_layer_status(self.article, self.annotator, "todo")
            else:
                store.set_layer_status(self.article, self.annotator, self.status)
            _log(store, actor, how, self.name, self.article,
                 {"annotator": self.annotator, "from": before, "to": self.status})
        change = Change(self.name, self.describe(store), self.article, self.annotator,
                        status=True)
        return change, SetStatus(self.article, self.annotator, before)


@dataclass(frozen=True)
class Group:
    """Several operations as one step of the history (undone together, in reverse)."""

    operations: tuple[Operation, ...]
    description: str
    name: str = "group"

    def describe(self, store: Store) -> str:
        return self.description

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        inverses: list[Operation] = []
        change: Change | None = None
        with store.transaction():
            for op in self.operations:
                one, inverse = op.apply(store, actor, how)
                change = one if change is None else change.merge(one, self.description)
                inverses.append(inverse)
        if change is None:
            change = Change(self.name, self.description, None, None)
        return (replace(change, description=self.description),
                Group(tuple(reversed(inverses)), self.description))

"""Operations on spans: add, delete, relabel, move the bounds, set an attribute."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import OperationError
from ..gold import GOLD
from ..model import Relation, Span
from ..rules import attribute_problem, attrs_problem, fit_attrs
from ..store import Store
from .base import (
    Change,
    Operation,
    check_annotator,
    check_label,
    check_unique,
    drop_disallowed_entry,
    drop_disallowed_relations,
    log,
    require_span,
    short,
    span_detail,
    trimmed_bounds,
)


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
    review: bool = False  # review's operations (and undo) write the gold layer; no other
    entry: int | None = None  # the registry entry it linked to, restored when undoing a delete
    proposals: tuple[tuple[Any, ...], ...] = ()  # its link proposals, when undoing a delete
    meta: dict[str, Any] = field(default_factory=dict)  # a suggester's notes (span_meta)
    name: str = "add span"

    def describe(self, store: Store) -> str:
        return self._describe(store.annotations.article_slice(self.article, self.start, self.end))

    def _describe(self, text: str) -> str:
        return f"Add {self.label} {short(text)}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        check_annotator(self.annotator, self.review)
        start, end = trimmed_bounds(store, self.article, self.start, self.end)
        check_label(store, self.label)
        if self.span_id and store.annotations.span(self.span_id) is not None:
            # a redo whose span id another writer has taken since: the step no longer fits
            raise OperationError(f"span {self.span_id} is another span now")
        problem = attrs_problem(store.schema, self.label, self.attrs)
        if problem is not None:
            raise OperationError(problem)
        check_unique(store, self.article, self.annotator, start, end, self.label)
        with store.transaction():
            before = store.annotations.layer_status(self.article, self.annotator)
            started = self.start_layer and before in (None, "todo")
            if started or before is None:
                store.annotations.set_layer_status(self.article, self.annotator,
                                       "in progress" if started else "todo")
            text = store.annotations.article_slice(self.article, start, end)
            span = store.annotations.insert_span(Span(
                id=self.span_id or 0, article=self.article, annotator=self.annotator,
                start=start, end=end, label=self.label, text=text,
                attrs=dict(self.attrs), origin=self.origin))
            for rel in self.relations:
                if store.annotations.span(rel.head) and store.annotations.span(rel.child):
                    store.annotations.insert_relation(rel)
            linked = self.entry is not None and store.registry.entry(self.entry) is not None
            if linked:
                store.registry.link(span.id, self.entry)  # type: ignore[arg-type]
            if self.proposals and span.id == self.span_id:
                store.registry.restore_proposals(self.proposals)
            if self.meta:
                store.annotations.set_span_meta(span.id, self.meta)
            log(store, actor, how, self.name, self.article,
                {**span_detail(span), **({"entry": self.entry} if linked else {}),
                 **({"meta": self.meta} if self.meta else {})})
        change = Change(self.name, self._describe(text), self.article, self.annotator,
                        frozenset({span.id}), relations=bool(self.relations),
                        status=started or before is None, registry=linked)
        undo = DeleteSpan(span.id, restore_status=before if started or before is None else "")
        return change, undo


@dataclass(frozen=True)
class DeleteSpan:
    """Delete a span and its relations."""

    span_id: int
    restore_status: str | None = ""  # "" leaves the layer alone; None removes an empty one
    name: str = "delete span"

    def describe(self, store: Store) -> str:
        return self._describe(require_span(store, self.span_id))

    def _describe(self, span: Span) -> str:
        return f"Delete {span.label} {short(span.text)}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        span = require_span(store, self.span_id)
        description = self._describe(span)
        with store.transaction():
            relations = tuple(store.annotations.relations_of_span(span.id))
            entry = store.registry.linked_entry(span.id)  # the link goes with the span
            proposals = tuple(store.registry.proposal_rows(span_id=span.id))  # so do these
            meta = store.annotations.span_meta(span.id)  # and its meta
            store.annotations.delete_span(span.id)
            status_changed = self.restore_status != ""
            if self.restore_status is None and store.annotations.span_count(span.article,
                                                                span.annotator) == 0:
                store.annotations.set_layer_status(span.article, span.annotator, None)
            elif status_changed:
                store.annotations.set_layer_status(span.article, span.annotator,
                                       self.restore_status or "todo")
            log(store, actor, how, self.name, span.article,
                 {**span_detail(span), "relations": [r.id for r in relations],
                  **({"entry": entry} if entry is not None else {})})
        change = Change(self.name, description, span.article, span.annotator,
                        frozenset({span.id}), relations=bool(relations), status=status_changed,
                        registry=entry is not None)
        undo = AddSpan(span.article, span.annotator, span.start, span.end, span.label,
                       span.attrs, span.origin, span_id=span.id, relations=relations,
                       start_layer=status_changed, review=span.annotator == GOLD, entry=entry,
                       proposals=proposals, meta=meta)
        return change, undo


@dataclass(frozen=True)
class Relabel:
    """Give a span another label; links the new label does not allow are removed."""

    span_id: int
    label: str
    restore_relations: tuple[Relation, ...] = ()
    restore_attrs: dict[str, Any] | None = None  # when undoing: the attributes it had
    restore_entry: int | None = None  # when undoing: the registry entry it linked to
    name: str = "relabel span"

    def describe(self, store: Store) -> str:
        return self._describe(require_span(store, self.span_id))

    def _describe(self, span: Span) -> str:
        return f"Relabel {short(span.text)} {span.label} → {self.label}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        span = require_span(store, self.span_id)
        check_label(store, self.label)
        check_unique(store, span.article, span.annotator, span.start, span.end, self.label,
                     span.id)
        description = self._describe(span)
        # The attributes the new label's kind defines stay; undo brings the others back.
        attrs = (dict(self.restore_attrs) if self.restore_attrs is not None
                 else fit_attrs(store.schema, self.label, span.attrs))
        with store.transaction():
            updated = store.annotations.update_span(span.id, label=self.label, attrs=attrs)
            assert updated is not None
            for rel in self.restore_relations:
                store.annotations.insert_relation(rel)
            dropped = drop_disallowed_relations(store, updated)
            unlinked = drop_disallowed_entry(store, updated)
            if self.restore_entry is not None and store.registry.entry(self.restore_entry):
                store.registry.link(span.id, self.restore_entry)
            log(store, actor, how, self.name, span.article,
                 {"span": span.id, "from": span.label, "to": self.label,
                  "relations_removed": [r.id for r in dropped],
                  **({"attrs_from": span.attrs, "attrs_to": attrs}
                     if attrs != span.attrs else {}),
                  **({"entry_removed": unlinked} if unlinked is not None else {})})
        change = Change(self.name, description, span.article, span.annotator,
                        frozenset({span.id}), relations=bool(dropped or self.restore_relations),
                        registry=unlinked is not None or self.restore_entry is not None)
        return change, Relabel(span.id, span.label, restore_relations=dropped,
                               restore_attrs=span.attrs if attrs != span.attrs else None,
                               restore_entry=unlinked)


@dataclass(frozen=True)
class SetBounds:
    """Move a span's start and end (its text follows from the article)."""

    span_id: int
    start: int
    end: int
    name: str = "change span bounds"

    def describe(self, store: Store) -> str:
        return self._describe(require_span(store, self.span_id))

    def _describe(self, span: Span) -> str:
        return f"Resize {span.label} {short(span.text)}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        span = require_span(store, self.span_id)
        start, end = trimmed_bounds(store, span.article, self.start, self.end)
        check_unique(store, span.article, span.annotator, start, end, span.label, span.id)
        description = self._describe(span)
        with store.transaction():
            text = store.annotations.article_slice(span.article, start, end)
            store.annotations.update_span(span.id, start=start, end=end, text=text)
            log(store, actor, how, self.name, span.article,
                 {"span": span.id, "from": [span.start, span.end],
                  "to": [start, end], "text": text})
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
        return self._describe(require_span(store, self.span_id))

    def _describe(self, span: Span) -> str:
        if self.value is None:
            return f"Clear {self.attribute} of {short(span.text)}"
        return f"Set {self.attribute} of {short(span.text)} to {self.value}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        span = require_span(store, self.span_id)
        problem = attribute_problem(store.schema, span.label, self.attribute, self.value)
        if problem is not None:
            raise OperationError(problem)
        description = self._describe(span)
        before = span.attrs.get(self.attribute)
        attrs = dict(span.attrs)
        if self.value is None:
            attrs.pop(self.attribute, None)
        else:
            attrs[self.attribute] = self.value
        with store.transaction():
            store.annotations.update_span(span.id, attrs=attrs)
            log(store, actor, how, self.name, span.article,
                 {"span": span.id, "attribute": self.attribute, "from": before,
                  "to": self.value})
        change = Change(self.name, description, span.article, span.annotator,
                        frozenset({span.id}))
        return change, SetAttribute(span.id, self.attribute, before)

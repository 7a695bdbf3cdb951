"""An annotator's operations on suggestions: accept one, reject one, accept an article's all.

Accepting copies the suggestion into the annotator's own layer with origin `suggested` and
its meta (the quote finder's `speaker_name`), and records the decision with the
suggestion's bounds and label (the reference that lets `stats` count what was accepted
unchanged). The suggestion's links come along when the
span at their other end is in the annotator's layer already (accepted before, or made by
hand, with the same bounds and label or overlapping it as the same kind), so a quote and
its speaker accepted in either order end up linked. Rejecting records the decision only:
the suggestion is no longer offered to that annotator (`suggest/offers.py`), across
restarts and re-runs of `suggest`.

Each is built from the ordinary span and relation operations plus a decision record, and
returns the group of its steps' inverses, so undo and redo need nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import OperationError
from ..model import Span
from ..rules import relation_problem
from ..store import Store, SuggestionDecision
from ..suggest.offers import is_offered, offered
from .base import Change, Operation, check_annotator, log, require_span, short
from .layers import Group
from .links import AddRelation
from .spans import AddSpan


@dataclass(frozen=True)
class RecordSuggestionDecision:
    """Store one decision on a suggestion (its annotator is the layer it was taken into)."""

    decision: SuggestionDecision
    name: str = "record suggestion decision"

    def describe(self, store: Store) -> str:
        d = self.decision
        return f"{d.decision.capitalize()} suggested {d.label} {d.start}-{d.end}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        with store.transaction():
            stored = store.suggestions.insert_suggestion_decision(self.decision)
            log(store, actor, how, self.name, stored.article,
                {"decision_id": stored.id, "decision": stored.decision,
                 "annotator": stored.annotator, "layer": stored.layer, "start": stored.start,
                 "end": stored.end, "label": stored.label, "span": stored.span})
        change = Change(self.name, self.describe(store), stored.article, stored.annotator,
                        suggestions=True)
        return change, DeleteSuggestionDecision(stored.id)


@dataclass(frozen=True)
class DeleteSuggestionDecision:
    decision_id: int
    name: str = "delete suggestion decision"

    def describe(self, store: Store) -> str:
        return "Take back a decision on a suggestion"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        decision = store.suggestions.suggestion_decision(self.decision_id)
        if decision is None:
            raise OperationError(f"suggestion decision {self.decision_id} does not exist")
        with store.transaction():
            store.suggestions.delete_suggestion_decision(decision.id)
            log(store, actor, how, self.name, decision.article,
                {"decision_id": decision.id, "decision": decision.decision,
                 "annotator": decision.annotator, "layer": decision.layer})
        change = Change(self.name, self.describe(store), decision.article, decision.annotator,
                        suggestions=True)
        return change, RecordSuggestionDecision(decision)


def _suggestion(store: Store, annotator: str, span_id: int) -> Span:
    """The suggestion span, after checking that it is one and that `annotator` may take it."""
    check_annotator(annotator, review=False)
    span = require_span(store, span_id)
    layers = store.suggestions.suggestion_layers()
    if span.annotator not in layers:
        raise OperationError(f"span {span_id} is in {span.annotator!r}'s layer, "
                             "not in a suggestion layer")
    if annotator in layers:
        raise OperationError(f"{annotator!r} is a suggestion layer: suggestions are taken "
                             "into a person's layer")
    return span


class _Steps:
    """Runs the steps of a compound operation, keeping their inverses and changes."""

    def __init__(self, store: Store, actor: str, how: str, description: str) -> None:
        self.store, self.actor, self.how, self.description = store, actor, how, description
        self.inverses: list[Operation] = []
        self.change: Change | None = None

    def run(self, op: Operation) -> Change:
        one, inverse = op.apply(self.store, self.actor, self.how)
        self.inverses.append(inverse)
        self.change = one if self.change is None else self.change.merge(one, self.description)
        return one

    def result(self, article: int, annotator: str) -> tuple[Change, Operation]:
        change = self.change or Change("suggestion", self.description, article, annotator)
        return (replace(change, description=self.description, suggestions=True),
                Group(tuple(reversed(self.inverses)), self.description))


def _accept(steps: _Steps, annotator: str, suggestion: Span) -> None:
    """Copy one suggestion with the links whose other end the annotator already has."""
    store = steps.store
    change = steps.run(AddSpan(suggestion.article, annotator, suggestion.start, suggestion.end,
                               suggestion.label, suggestion.attrs, origin="suggested",
                               meta=store.annotations.span_meta(suggestion.id)))
    (own,) = change.spans
    steps.run(RecordSuggestionDecision(SuggestionDecision(
        0, suggestion.article, annotator, suggestion.annotator, suggestion.start,
        suggestion.end, suggestion.label, "accept", own, "")))
    for rel in store.annotations.relations_of_span(suggestion.id):
        other = store.annotations.span(rel.child if rel.head == suggestion.id else rel.head)
        if other is None:
            continue
        twin = _counterpart(store, annotator, other)
        if twin is None or twin.id == own:
            continue
        head, child = (own, twin.id) if rel.head == suggestion.id else (twin.id, own)
        labels = (suggestion.label, twin.label)
        if rel.head != suggestion.id:
            labels = labels[::-1]
        if store.annotations.find_relation(head, child, rel.label) is None and relation_problem(
                store.schema, rel.label, *labels, same_span=False, same_layer=True) is None:
            steps.run(AddRelation(head, child, rel.label))


def _counterpart(store: Store, annotator: str, other: Span) -> Span | None:
    """The annotator's span standing for the other end of a suggested link: one with the
    same bounds and label, or else the one of the same kind overlapping it most (a speaker
    tagged "Merkel" where "Angela Merkel" was suggested)."""
    twin = store.annotations.span_at(other.article, annotator, other.start, other.end, other.label)
    if twin is not None:
        return twin
    kind = store.schema.kind_of(other.label)
    overlapping = [span for span in store.annotations.spans_over(other.article, annotator,
                                                                 other.start, other.end)
                   if store.schema.kind_of(span.label) == kind]
    return max(overlapping, default=None, key=lambda span: (
        min(span.end, other.end) - max(span.start, other.start), -span.start))


@dataclass(frozen=True)
class AcceptSuggestion:
    """Take one suggestion into the annotator's own layer (with its links, see the module)."""

    annotator: str
    span_id: int  # the suggestion, in a suggestion layer
    name: str = "accept suggestion"

    def describe(self, store: Store) -> str:
        span = require_span(store, self.span_id)
        return f"Accept {span.label} {short(span.text)}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        suggestion = _suggestion(store, self.annotator, self.span_id)
        if not is_offered(store, suggestion, self.annotator):
            raise OperationError(f"{suggestion.label} {short(suggestion.text)} is not offered "
                                 "any more: it was decided on, or overlaps a span of yours")
        steps = _Steps(store, actor, how, self.describe(store))
        with store.transaction():
            _accept(steps, self.annotator, suggestion)
        return steps.result(suggestion.article, self.annotator)


@dataclass(frozen=True)
class RejectSuggestion:
    """Hide one suggestion from the annotator for good (undo brings it back)."""

    annotator: str
    span_id: int
    name: str = "reject suggestion"

    def describe(self, store: Store) -> str:
        span = require_span(store, self.span_id)
        return f"Reject {span.label} {short(span.text)}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        s = _suggestion(store, self.annotator, self.span_id)
        steps = _Steps(store, actor, how, self.describe(store))
        with store.transaction():
            steps.run(RecordSuggestionDecision(SuggestionDecision(
                0, s.article, self.annotator, s.annotator, s.start, s.end, s.label, "reject",
                None, "")))
        return steps.result(s.article, self.annotator)


@dataclass(frozen=True)
class AcceptAllSuggestions:
    """Accept every suggestion of a layer offered on an article, as one step. Where offered
    suggestions of one kind overlap, the first in reading order is taken. Scored
    suggestions under `least_score` (the window's threshold: hidden there) are left."""

    article: int
    annotator: str
    layer: str
    least_score: float = 0.0
    name: str = "accept all suggestions"

    def describe(self, store: Store) -> str:
        return f"Accept all suggestions of {self.layer}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        check_annotator(self.annotator, review=False)
        if self.layer not in store.suggestions.suggestion_layers():
            raise OperationError(f"{self.layer!r} is not a suggestion layer")
        if self.annotator in store.suggestions.suggestion_layers():
            raise OperationError(f"{self.annotator!r} is a suggestion layer: suggestions are "
                                 "taken into a person's layer")
        steps = _Steps(store, actor, how, self.describe(store))
        scores = (store.suggestions.scores(self.article, self.layer) if self.least_score > 0
                  else {})
        with store.transaction():
            for suggestion in offered(store, self.article, self.annotator, self.layer):
                if scores.get(suggestion.id, self.least_score) < self.least_score:
                    continue
                if is_offered(store, suggestion, self.annotator):  # not covered by one taken
                    _accept(steps, self.annotator, suggestion)
        if steps.change is None:
            raise OperationError("no suggestions are offered on this article")
        return steps.result(self.article, self.annotator)

"""The reviewer's operations: accept a version into the gold layer, reject, add, comment.

Accept and reject are built from the ordinary span and relation operations on the gold
layer plus a stored decision (who decided what, when), so undo and redo need nothing new:
each returns the group of its steps' inverses.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import OperationError
from ..gold import GOLD
from ..model import Span
from ..store import Comment, Review, Store
from .base import Change, Operation, check_bounds, check_label, log, require_span, short
from .layers import Group, SetStatus
from .links import AddRelation
from .spans import AddSpan, DeleteSpan


@dataclass(frozen=True)
class RecordReview:
    """Store one decision (its reviewer is the actor, unless redo brings back a row)."""

    review: Review
    name: str = "record review"

    def describe(self, store: Store) -> str:
        return f"{self.review.decision.capitalize()} {self.review.start}-{self.review.end}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        review = self.review if self.review.reviewer else replace(self.review, reviewer=actor)
        with store.transaction():
            stored = store.review.insert_review(review)
            log(store, actor, how, self.name, stored.article,
                 {"review": stored.id, "decision": stored.decision, "kind": stored.kind,
                  "start": stored.start, "end": stored.end, "gold_span": stored.gold_span,
                  "sources": list(stored.sources)})
        change = Change(self.name, self.describe(store), stored.article, GOLD, reviews=True)
        return change, DeleteReview(stored.id)


@dataclass(frozen=True)
class DeleteReview:
    review_id: int
    name: str = "delete review"

    def describe(self, store: Store) -> str:
        return "Take back a decision"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        review = store.review.review(self.review_id)
        if review is None:
            raise OperationError(f"decision {self.review_id} does not exist")
        with store.transaction():
            store.review.delete_review(review.id)
            log(store, actor, how, self.name, review.article,
                 {"review": review.id, "decision": review.decision})
        change = Change(self.name, self.describe(store), review.article, GOLD, reviews=True)
        return change, RecordReview(review)


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

    def result(self, article: int) -> tuple[Change, Operation]:
        change = self.change or Change("review", self.description, article, GOLD)
        return (replace(change, description=self.description, reviews=True),
                Group(tuple(reversed(self.inverses)), self.description))

    def clear(self, article: int, kind: str, start: int, end: int) -> None:
        """Take out what the gold layer holds over a candidate, and earlier decisions on it,
        so that the new decision replaces them."""
        store = self.store
        gold = [s for s in store.annotations.spans_over(article, GOLD, start, end)
                if store.schema.kind_of(s.label) == kind]
        gone = {s.id for s in gold}
        for review in store.review.reviews_over(article, start, end, tuple(gone)):
            if (review.gold_span in gone or (review.decision == "reject" and review.kind == kind
                                             and review.start < end and start < review.end)):
                self.run(DeleteReview(review.id))
        for span in gold:
            if store.annotations.span(span.id) is not None:
                self.run(DeleteSpan(span.id))

    def start_review(self, article: int) -> None:
        if self.store.annotations.layer_status(article, GOLD) in (None, "todo"):
            self.run(SetStatus(article, GOLD, "in progress"))


def _gold_twin(store: Store, article: int, span: Span) -> int | None:
    """The gold span with the same bounds and label as an annotator's span, if any."""
    twin = store.annotations.span_at(article, GOLD, span.start, span.end, span.label)
    return twin.id if twin else None


@dataclass(frozen=True)
class Accept:
    """Take one annotator's version of a candidate into the gold layer (replacing what the
    gold layer held there), with the version's links to speakers and sources and its
    spans' links to registry entries and meta."""

    article: int
    kind: str
    start: int  # the candidate's extent
    end: int
    span_ids: tuple[int, ...]  # the version's spans, in one annotator's layer
    sources: tuple[str, ...]  # every annotator who made this version
    name: str = "accept"

    def describe(self, store: Store) -> str:
        spans = [require_span(store, i) for i in self.span_ids]
        what = " + ".join(f"{s.label} {short(s.text, 24)}" for s in spans)
        return f"Accept {', '.join(self.sources)}: {what}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        spans = [require_span(store, i) for i in self.span_ids]
        if not spans:
            raise OperationError("a version to accept has at least one span")
        steps = _Steps(store, actor, how, self.describe(store))
        with store.transaction():
            steps.clear(self.article, self.kind, self.start, self.end)
            gold_of: dict[int, int] = {}
            for span in spans:  # each with its registry entry, as the version links it,
                # and its meta (a suggested quote's speaker_name)
                added = steps.run(AddSpan(self.article, GOLD, span.start, span.end, span.label,
                                          span.attrs, review=True,
                                          entry=store.registry.linked_entry(span.id),
                                          meta=store.annotations.span_meta(span.id)))
                (gold_of[span.id],) = added.spans
            for span in spans:
                self._copy_links(store, steps, span, gold_of)
            for span in spans:
                steps.run(RecordReview(Review(
                    0, self.article, self.kind, span.start, span.end, "accept", span.label,
                    gold_of[span.id], self.sources, actor, "")))
        return steps.result(self.article)

    def _copy_links(self, store: Store, steps: _Steps, span: Span,
                    gold_of: dict[int, int]) -> None:
        """Link the new gold span as the head's accepted version links it, whichever end
        is accepted first: the version taken for a quote decides its speaker.

        As a head: the version's own links, to gold spans already there (or in this
        version). As a child: the links of each gold head's accepted version (its decision's
        annotators) that end at a span like this one."""
        for rel in store.annotations.relations_of_span(span.id):
            if rel.head != span.id:
                continue
            gold_other = gold_of.get(rel.child) or _gold_twin(
                store, self.article, require_span(store, rel.child))
            if gold_other is not None:
                _link(store, steps, gold_of[span.id], gold_other, rel.label)
        for annotator in store.annotations.layers(self.article):
            if annotator == GOLD:
                continue
            twin = store.annotations.span_at(self.article, annotator, span.start, span.end,
                                             span.label)
            if twin is None:
                continue
            for rel in store.annotations.relations_of_span(twin.id):
                if rel.child != twin.id or rel.head in gold_of:
                    continue
                head = _gold_twin(store, self.article, require_span(store, rel.head))
                if head is not None and annotator in _decided_from(store, self.article, head):
                    _link(store, steps, head, gold_of[span.id], rel.label)


def _decided_from(store: Store, article: int, gold_span_id: int) -> tuple[str, ...]:
    """The annotators whose version put this gold span there (empty for the reviewer's own)."""
    span = require_span(store, gold_span_id)
    for review in store.review.reviews_over(article, span.start, span.end, (span.id,)):
        if review.gold_span == span.id and review.decision == "accept":
            return review.sources
    return ()


def _link(store: Store, steps: _Steps, head: int, child: int, label: str) -> None:
    if store.annotations.find_relation(head, child, label) is None:
        steps.run(AddRelation(head, child, label))


@dataclass(frozen=True)
class Reject:
    """Decide that a candidate has no place in the gold layer."""

    article: int
    kind: str
    start: int
    end: int
    sources: tuple[str, ...] = ()  # the annotators who marked it
    name: str = "reject"

    def describe(self, store: Store) -> str:
        text = store.annotations.article_slice(self.article, self.start, self.end)
        return f"Reject {short(text)}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        check_bounds(store, self.article, self.start, self.end)
        steps = _Steps(store, actor, how, self.describe(store))
        with store.transaction():
            steps.clear(self.article, self.kind, self.start, self.end)
            steps.start_review(self.article)
            steps.run(RecordReview(Review(0, self.article, self.kind, self.start, self.end,
                                          "reject", None, None, self.sources, actor, "")))
        return steps.result(self.article)


@dataclass(frozen=True)
class AddGoldSpan:
    """A span the reviewer adds to the gold layer by hand (no annotator had it)."""

    article: int
    start: int
    end: int
    label: str
    name: str = "add gold span"

    def describe(self, store: Store) -> str:
        return AddSpan(self.article, GOLD, self.start, self.end, self.label).describe(store)

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        check_label(store, self.label)
        steps = _Steps(store, actor, how, self.describe(store))
        with store.transaction():
            added = steps.run(AddSpan(self.article, GOLD, self.start, self.end, self.label,
                                      review=True))
            (span_id,) = added.spans
            steps.run(RecordReview(Review(0, self.article, store.schema.kind_of(self.label),
                                          self.start, self.end, "add", self.label, span_id,
                                          (), actor, "")))
        change, inverse = steps.result(self.article)
        return replace(change, op=AddSpan.name), inverse


@dataclass(frozen=True)
class AddComment:
    """A reviewer's note on an article (no bounds) or on a stretch of it."""

    comment: Comment
    name: str = "add comment"

    def describe(self, store: Store) -> str:
        return f"Comment {short(self.comment.text)}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        c = self.comment
        if not c.text.strip():
            raise OperationError("a comment needs some text")
        if c.start is not None and c.end is not None:
            check_bounds(store, c.article, c.start, c.end)
        elif store.annotations.article_length(c.article) is None:
            raise OperationError(f"article {c.article} does not exist")
        with store.transaction():
            stored = store.review.insert_comment(c if c.author else replace(c, author=actor))
            log(store, actor, how, self.name, c.article,
                 {"comment": stored.id, "start": c.start, "end": c.end, "text": c.text})
        change = Change(self.name, self.describe(store), c.article, None, comments=True)
        return change, DeleteComment(stored.id)


@dataclass(frozen=True)
class DeleteComment:
    comment_id: int
    name: str = "delete comment"

    def describe(self, store: Store) -> str:
        comment = store.review.comment(self.comment_id)
        return f"Delete comment {short(comment.text)}" if comment else "Delete comment"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        comment = store.review.comment(self.comment_id)
        if comment is None:
            raise OperationError(f"comment {self.comment_id} does not exist")
        description = self.describe(store)
        with store.transaction():
            store.review.delete_comment(comment.id)
            log(store, actor, how, self.name, comment.article,
                 {"comment": comment.id, "text": comment.text})
        change = Change(self.name, description, comment.article, None, comments=True)
        return change, AddComment(comment)

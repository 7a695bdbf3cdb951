"""The commands that change the current layer's spans (a mixin of Controller, like
catch_up.py): add, relabel, move, delete, set an attribute, link and unlink, and comments on
the article. Each checks what it is given against the article state, snaps a selection,
builds one operation and hands it to the controller's `run`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.errors import AnnotatorError
from .lazy_ops import ops

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import SignalInstance

    from ..core.history import History
    from ..core.model import Span
    from ..core.operations import Change, Operation
    from ..core.schema import Schema
    from .article_state import ArticleState


class EditCommands:
    # What it uses of the Controller it is mixed into.
    annotator: str
    state: ArticleState
    snap_words: bool
    reviewing: bool
    schema: Schema
    history: History | None
    run: Callable[[Operation], Change | None]
    has_person: Callable[[], bool]
    select_span: Callable[[int | None], None]
    _refused: Callable[[AnnotatorError], None]
    _after: Callable[[Change], None]
    message: SignalInstance

    def add_span(self, label: str, start: int, end: int) -> Span | None:
        if self.state.article is None or not self.has_person():
            return None
        article = self.state.article
        if not self._whole(start, end):
            return None
        start, end = self.state.snap(start, end, self.snap_words)
        twin = self.state.twin(start, end, label)
        if twin is not None:  # a layer holds one span per bounds and label: show that one
            self.select_span(twin.id)
            self.message.emit(f"Already a {label} span there: selected it.")
            return twin
        if self.reviewing:  # the reviewer's own span: recorded as a decision
            op = ops.AddGoldSpan(article.pk, start, end, label)
        else:
            op = ops.AddSpan(article.pk, self.annotator, start, end, label)
        change = self.run(op)
        if change is None:
            return None
        (span_id,) = change.spans
        self.select_span(span_id)
        return self.state.spans.get(span_id)

    def relabel(self, span_id: int, label: str) -> None:
        span = self.state.spans.get(span_id)
        if span is not None and span.label != label:
            self.run(ops.Relabel(span_id, label))

    def set_bounds(self, span_id: int, start: int, end: int) -> None:
        """Move a span to another stretch of text (snapped like a new selection)."""
        span = self.state.spans.get(span_id)
        if span is None:
            return
        if not self._whole(start, end):
            return
        start, end = self.state.snap(start, end, self.snap_words)
        if (start, end) != (span.start, span.end):
            self.run(ops.SetBounds(span_id, start, end))

    def _whole(self, start: int, end: int) -> bool:
        """Whether a selection makes a span; if not, the status bar says why."""
        if start >= end:
            self.message.emit("Select some text first.")
            return False
        snapped = self.state.snap(start, end, self.snap_words)
        if snapped[0] >= snapped[1]:
            self.message.emit("The selection is only whitespace: select a word or more.")
            return False
        return True

    def delete(self, span_id: int) -> None:
        if span_id in self.state.spans:
            self.run(ops.DeleteSpan(span_id))

    def set_attribute(self, span_id: int, name: str, value: str | None) -> None:
        span = self.state.spans.get(span_id)
        if span is not None and span.attrs.get(name) != value:
            self.run(ops.SetAttribute(span_id, name, value))

    def link(self, head: int, child: int, label: str) -> None:
        """Link `head` to `child`, replacing the head's earlier link of this label (a
        quote has one speaker) unless the label takes several (a claim's sources): one
        undo step."""
        existing = [r for r in self.state.relations if r.head == head and r.label == label]
        if not self.has_person():
            return
        if any(r.child == child for r in existing):
            self.message.emit(f"Already linked with {label}.")
            return
        relation = self.schema.relation(label)
        if relation is not None and relation.several:
            existing = []  # added beside the others
        assert self.history is not None
        try:
            with self.history.group(f"Link {label}"):
                for rel in existing:
                    self.history.run(ops.RemoveRelation(rel.id))
                self.history.run(ops.AddRelation(head, child, label))
        except AnnotatorError as exc:
            self._refused(exc)
            return
        article = self.state.article.pk if self.state.article else None
        self._after(ops.Change("link", f"Link {label}", article, self.annotator, frozenset(),
                               relations=True))

    def unlink(self, relation_id: int) -> None:
        self.run(ops.RemoveRelation(relation_id))

    def add_comment(self, text: str, bounds: tuple[int, int] | None) -> None:
        """A note on the current article, or on a stretch of it (a span's bounds)."""
        article = self.state.article
        if article is None:
            return
        from ..core.store import Comment
        start, end = bounds if bounds is not None else (None, None)
        self.run(ops.AddComment(Comment(0, article.pk, start, end, "", text, "")))

    def delete_comment(self, comment_id: int) -> None:
        self.run(ops.DeleteComment(comment_id))

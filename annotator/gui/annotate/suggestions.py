"""Deciding on suggestions from the keyboard, as in review mode: J / K go to the next /
previous suggestion offered in the article (the caret goes to it and it is shaded), Enter
accepts it, X rejects it, and accepting all is one step. Each decision is a core operation
run through the controller, so it is saved at once and undoable.

The suggestions themselves are the controller's (`state.suggestions`, what the shown layer
still offers the person); this only remembers which one is under decision.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ..controller import Controller

if TYPE_CHECKING:
    from ...core.model import Span
    from .text_view import ArticleView


def _key(span: Span) -> tuple[int, int, int]:
    return span.start, span.end, span.id


class SuggestionKeys(QObject):
    changed = Signal()  # another suggestion is under decision (or none)

    def __init__(self, controller: Controller, view: ArticleView) -> None:
        super().__init__()
        self.controller, self.view = controller, view
        self.current: int | None = None  # the suggestion under decision (a span id)
        # Where the last one decided on was: J goes on from there.
        self._after: tuple[int, int, int] | None = None
        controller.article_loaded.connect(self._forget)
        controller.suggestions_changed.connect(self._offers_changed)
        controller.selection_changed.connect(self._own_selected)
        view.clicked_at.connect(self._clicked)

    @property
    def suggestion(self) -> Span | None:
        return next((s for s in self.controller.state.suggestions if s.id == self.current),
                    None)

    # -- moving ----------------------------------------------------------------------

    def step(self, direction: int) -> None:
        """Go to the next (1) or previous (-1) suggestion, wrapping round."""
        offered = self.controller.state.suggestions
        if not offered:
            self._say("No suggestions are offered in this article.")
            return
        here = self.suggestion
        if here is not None:
            anchor = _key(here)
        elif self._after is not None:
            anchor = self._after
        else:  # from the caret
            caret = self.view.caret_offset()
            anchor = (caret, -1, -1) if direction > 0 else (caret, caret, -1)
        if direction > 0:
            found = next((s for s in offered if _key(s) > anchor), offered[0])
        else:
            found = next((s for s in reversed(offered) if _key(s) < anchor), offered[-1])
        self._go(found)

    def _go(self, span: Span | None) -> None:
        self.current = span.id if span is not None else None
        if span is not None:
            self.controller.select_span(None)  # a label key must not relabel a span elsewhere
            self.view.place_caret(span.start)
            self.view.setFocus()
            score = self.controller.state.suggestion_scores.get(span.id)
            scored = f" (score {score:.2f})" if score is not None else ""
            self._say(f"Suggested {span.label}{scored}: {span.text[:80]} "
                      "(Enter accepts, X rejects)")
        self._show()

    def _show(self) -> None:
        span = self.suggestion
        self.view.mark_suggestion((span.start, span.end) if span is not None else None)
        self.changed.emit()

    # -- deciding --------------------------------------------------------------------

    def accept(self) -> None:
        span = self._decided()
        if span is not None:
            self.controller.accept_suggestion(span.id)

    def reject(self) -> None:
        span = self._decided()
        if span is not None:
            self.controller.reject_suggestion(span.id)

    def accept_all(self) -> None:
        if not self.controller.state.suggestions:
            self._say("No suggestions are offered in this article.")
            return
        self.current = None
        self.controller.accept_all_suggestions()

    def _decided(self) -> Span | None:
        """The suggestion under decision, which is let go of (J goes on after it)."""
        span = self.suggestion
        if span is None:
            self._say("Choose a suggestion first: J goes to the next one.")
            return None
        self.current, self._after = None, _key(span)
        return span

    # -- keeping up ------------------------------------------------------------------

    def _forget(self) -> None:
        self.current = self._after = None
        self._show()

    def _offers_changed(self) -> None:
        if self.current is not None and self.suggestion is None:
            self.current = None  # decided on elsewhere, or covered by an own span
        self._show()

    def _own_selected(self) -> None:
        if self.controller.state.selected is not None and self.current is not None:
            self.current = None
            self._show()

    def _clicked(self, offset: int) -> None:
        """A click on a suggestion (and on no own span) puts it under decision."""
        if self.controller.state.selected is not None:
            return
        found = self.view.suggestion_at(offset)
        if found is not None:
            self._go(found)
            return
        self._after = None  # J goes on from the caret, put where the click was
        if self.current is not None:
            self.current = None
            self._show()

    def _say(self, text: str) -> None:
        self.controller.message.emit(text)

"""Suggestions as the controller offers them (a mixin of Controller, like catch_up.py):
which suggestion layer is shown over the person's own spans, the least score shown, and
the commands that accept or reject what it offers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lazy_ops import ops

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import SignalInstance

    from ..core.model import Span
    from ..core.operations import Change, Operation
    from ..core.store import Store
    from .article_state import ArticleState


class SuggestionCommands:
    # What it uses of the Controller it is mixed into.
    store: Store | None
    person: str
    reviewing: bool
    suggestion_layer: str | None
    state: ArticleState
    run: Callable[[Operation], Change | None]
    select_span: Callable[[int | None], None]
    suggestions_changed: SignalInstance

    @property
    def suggesting(self) -> bool:
        """A suggestion layer is shown (never while reviewing: gold takes no suggestions)."""
        return self.suggestion_layer is not None and self.store is not None \
            and not self.reviewing

    def show_suggestions(self, layer: str | None) -> None:
        """Show what `layer` offers over the person's own spans (None: no suggestions)."""
        self.suggestion_layer = layer
        self._reload_suggestions()
        self.suggestions_changed.emit()  # also when none are offered: the actions follow

    def _reload_suggestions(self, fresh: bool = False) -> bool:
        return self.state.reload_suggestions(
            self.store, self.person, self.suggestion_layer if self.suggesting else None, fresh)

    def accept_suggestion(self, span_id: int) -> Span | None:
        """Take a suggestion into the person's layer; the copy becomes the selected span."""
        suggestion = next((s for s in self.state.suggestions if s.id == span_id), None)
        if suggestion is None or self.run(ops.AcceptSuggestion(self.person, span_id)) is None:
            return None
        own = self.state.twin(suggestion.start, suggestion.end, suggestion.label)
        self.select_span(own.id if own is not None else None)
        return own

    def reject_suggestion(self, span_id: int) -> None:
        self.run(ops.RejectSuggestion(self.person, span_id))

    def accept_all_suggestions(self) -> None:
        article = self.state.article
        if article is not None and self.suggesting and self.suggestion_layer is not None:
            self.run(ops.AcceptAllSuggestions(article.pk, self.person, self.suggestion_layer,
                                              self.state.suggestion_threshold))

    def set_suggestion_threshold(self, least: float) -> None:
        """Offer only the scored suggestions scoring at least `least` (0: all of them)."""
        self.state.suggestion_threshold = least
        self._reload_suggestions()
        self.suggestions_changed.emit()  # the count of those hidden changes too

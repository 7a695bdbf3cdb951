"""Keeping the window in step with writes its undo history did not make: the CLI or another
window on the same store, and the window's own imports and merges. A mixin of Controller.

Every writer reports through the store's change log; the controller follows it with the
core's ChangeFeed: on a timer, when the window is activated, after its own import or merge
and before Undo or Redo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import SignalInstance

    from ..core.changefeed import ChangeFeed
    from ..core.history import History
    from ..core.store import Store
    from .article_state import ArticleState

# How often the window looks for what others wrote. A look that finds nothing is two tiny
# queries (about 10 µs: benchmarks/README.md), so a second costs nothing noticeable.
POLL_MS = 1000


class CatchUp:
    # What it uses of the Controller it is mixed into.
    store: Store | None
    annotator: str
    state: ArticleState
    _history: History | None
    _feed: ChangeFeed | None
    _poll: QTimer
    _reload_suggestions: Callable[..., bool]
    store_opened: SignalInstance
    article_refreshed: SignalInstance
    spans_changed: SignalInstance
    relations_changed: SignalInstance
    selection_changed: SignalInstance
    status_changed: SignalInstance
    notes_changed: SignalInstance
    suggestions_changed: SignalInstance
    history_changed: SignalInstance
    registry_changed: SignalInstance
    message: SignalInstance

    def _follow(self, store: Store | None) -> None:
        """Follow `store`'s change log from now on (None: stop)."""
        if store is None:
            self._poll.stop()
            self._feed = None
            return
        from ..core.changefeed import ChangeFeed
        self._feed = ChangeFeed(store)
        self._poll.start(POLL_MS)

    def catch_up(self) -> None:
        """Show what was written outside this window's undo history since the last look.

        The lists and labels are read again; the current article's spans, links and
        comments are refreshed in place (and review mode's candidates) when the writes
        touched it; the undo history is cleared when they touched a layer it has steps in
        (History.touches), and the status bar says so.
        """
        if self._feed is None or self.store is None:
            return
        outside = self._feed.poll()
        if outside is None:
            return
        self.store.forget_schema()  # labels may have come with an import or a merge
        self.store_opened.emit()
        if self.state.article is not None and outside.touches(self.state.article.pk):
            self._refresh_article()
        if outside.registry:
            self.registry_changed.emit()
        history = self._history
        if history is not None and history.touches(outside.layers):
            history.clear()
            self.history_changed.emit()
            self.message.emit(f"Undo history cleared: {outside.reason()} changed what you "
                              "had edited, and undo cannot take that back.")

    def _refresh_article(self) -> None:
        """Read the current article's layer, links and comments again, and tell the widgets
        what differs (the text never changes: the view keeps its place and selection)."""
        assert self.store is not None
        state = self.state
        before = state.reload_spans(self.store, self.annotator)
        if before:
            self.spans_changed.emit(before)
            self.status_changed.emit()
        if state.reload_relations(self.store, self.annotator):
            self.relations_changed.emit()
        if state.drop_lost_selection():
            self.selection_changed.emit()
        if state.reload_comments(self.store):
            self.notes_changed.emit()
        if self._reload_suggestions(fresh=True):  # a `suggest` run, or own spans over some
            self.suggestions_changed.emit()
        self.article_refreshed.emit()

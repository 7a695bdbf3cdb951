"""Linking spans to registry entries from the keyboard: `K` (or `Ctrl+K`) opens the registry
picker for the selected entity span, Labels → Unlink registry entry takes the link away,
Labels → Suggest registry links… fills the proposals the details panel lists, and the
span's context menu offers the same.

`K` is also "previous" for suggestions and in review mode, and stays so there: while
suggestions are shown or review mode is on, `K` steps back (an accepted suggestion becomes
the selected span, and `K` must still go back to the quote before it); `Ctrl+K` opens the
picker everywhere. `update_keys` gives the link action `K` only when it means nothing else,
so that Qt never sees two enabled actions on one key (a disabled action's key does not
count: "previous suggestion" keeps `K` while it is disabled).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QProgressDialog, QWidget

from ...core.plural import plural
from ...core.schema import PREVIOUS_KEY
from ..controller import Controller

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from ...core.model import Span
    from .article_pane import ArticlePane

K = PREVIOUS_KEY.upper()
LINK_KEY = "Ctrl+K"


class _Cancelled(Exception):
    """The person cancelled the proposals run: its transaction is rolled back."""


class EntryLinkKeys(QObject):
    def __init__(self, controller: Controller, pane: ArticlePane, parent: QWidget) -> None:
        super().__init__(parent)
        self.controller, self.pane = controller, pane
        self.parent_widget = parent
        self.actions: dict[str, QAction] = {}
        c = controller
        for signal in (c.selection_changed, c.suggestions_changed, c.mode_changed,
                       c.spans_changed, c.article_loaded, c.store_opened,
                       c.registry_changed):
            signal.connect(self.update_keys)
        view = pane.view
        view.setContextMenuPolicy(view.contextMenuPolicy().CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)

    def use_actions(self, actions: dict[str, QAction]) -> None:
        self.actions = actions
        self.update_keys()

    # -- which span, and the K rule ------------------------------------------------------

    def _linkable_selected(self) -> Span | None:
        c = self.controller
        span = c.state.spans.get(c.state.selected) if c.state.selected is not None else None
        if span is None or c.store is None or span.label not in c.schema.linkable_labels():
            return None
        return span

    def k_links(self) -> bool:
        """Whether K opens the picker now (else it is "previous")."""
        return not self.controller.reviewing and not self.controller.suggesting

    def update_keys(self, *_: object) -> None:
        link = self.actions.get("link_entry")
        if link is None:
            return
        wanted = [K, LINK_KEY] if self.k_links() else [LINK_KEY]
        if [k.toString() for k in link.shortcuts()] != wanted:
            link.setShortcuts([QKeySequence(k) for k in wanted])
        self.actions["unlink_entry"].setEnabled(self._linked_selected() is not None)

    def _linked_selected(self) -> Span | None:
        span = self._linkable_selected()
        return span if span is not None and self.controller.entry_of(span.id) else None

    # -- the commands --------------------------------------------------------------------

    def _usable(self) -> Span | None:
        """The selected entity span, or None with a line in the status bar saying why."""
        c = self.controller
        if c.store is None or c.state.article is None:
            return None
        if not c.store.registry.exists():
            c.message.emit("This store has no registry (it is read as it is, from an older "
                           "version).")
            return None
        span = self._linkable_selected()
        if span is None:
            selected = c.state.spans.get(c.state.selected) if c.state.selected else None
            what = (f"a {selected.label} span does not link to one" if selected is not None
                    else "no span is selected")
            c.message.emit(f"Select an entity span (PERSON, ORG, …) or a source mention to "
                           f"link it to a registry entry: {what}.")
            return None
        return span

    def pick(self) -> None:
        """K / Ctrl+K: the picker for the selected entity span; Enter links."""
        c = self.controller
        span = self._usable()
        if span is None or not c.has_person():
            return
        from ..dialogs.entry_picker import NEW, pick_entry
        self._names_ready()
        in_article = c.store.registry.entries_in_article(span.article)
        names = not c.schema.refers_to_any(span.label)  # else "he": whom it means
        named = None if names else self._named_earlier(span.id)
        choice = pick_entry(self.parent_widget, span.text, span.label,
                            c.entry_search(span.label, near=None if names else span.start,
                                           named=named),
                            c.entry_links.get(span.id), in_article,
                            self.pane.span_rect(span.start, span.end), names=names)
        if choice == NEW:
            c.new_entry_from_span(span.id)
        elif choice is not None and choice != c.entry_links.get(span.id):
            c.link_entry(span.id, choice)

    def _named_earlier(self, span_id: int) -> str | None:
        """The name the quote finder took a mention for ("she" → "Layla Haddad"): the
        `speaker_name` of a quote it is the speaker of."""
        c = self.controller
        for rel, other in c.state.links_of(span_id):
            if rel.child == span_id:
                name = c.span_meta(other.id).get("speaker_name")
                if isinstance(name, str) and name.strip():
                    return name
        return None

    def _names_ready(self) -> None:
        """A large registry's names not yet indexed: say so and wait here, with a busy
        cursor, rather than on the picker's first keystroke with no word."""
        index = self.controller.entry_index()
        if index is None or index.ready:
            return
        from PySide6.QtGui import QCursor, QGuiApplication
        self.controller.message.emit("Reading the registry's names…")
        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        QGuiApplication.processEvents()  # the message and the cursor show before the wait
        try:
            index.make_ready()
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.controller.message.emit("")

    def unlink(self) -> None:
        span = self._usable()
        if span is None:
            return
        if self.controller.entry_of(span.id) is None:
            self.controller.message.emit("The selected span links to no registry entry.")
            return
        self.controller.unlink_entry(span.id)

    def suggest(self) -> None:
        """Propose entries for every unlinked entity mention of this layer (a run over the
        store, with a progress dialog that cancels it); the details panel lists this
        article's proposals to accept or reject."""
        c = self.controller
        if c.store is None or not c.has_person():
            return
        if not c.store.registry.exists() or not c.store.registry.entry_count():
            c.message.emit("The registry is empty: add entries first (K on a name, "
                           "“+ New entry”).")
            return
        dialog = QProgressDialog("Looking for registry entries of unlinked names…", "Cancel",
                                 0, 0, self.parent_widget)
        dialog.setWindowTitle("Suggest registry links")
        dialog.setMinimumDuration(300)

        def progress(_done: int) -> None:
            from PySide6.QtWidgets import QApplication
            QApplication.processEvents()
            if dialog.wasCanceled():
                raise _Cancelled

        try:
            summary = c.suggest_entry_links(progress)
        except _Cancelled:
            summary = None
        finally:
            dialog.reset()
            dialog.close()
            dialog.deleteLater()
        if summary is None:
            c.message.emit("Cancelled: no links were proposed.")
            return
        here = len(c.open_proposals())
        c.message.emit(f"{plural(sum(summary.proposed.values()), 'link')} proposed for "
                       f"{plural(summary.mentions, 'unlinked name')}; {here} in this article, "
                       "listed in the details panel (Enter accepts, X rejects).")

    # -- the span's context menu ---------------------------------------------------------

    def _context_menu(self, point: QPoint) -> None:
        view = self.pane.view
        offset = view.offset_at(point)
        span = view.span_at(offset) if offset is not None else None
        if span is not None and span.id != self.controller.state.selected:
            self.controller.select_span(span.id)
        menu = view.createStandardContextMenu(point)
        if span is not None and span.label in self.controller.schema.linkable_labels():
            menu.addSeparator()
            menu.addAction(self.actions["link_entry"])
            if self.controller.entry_of(span.id) is not None:
                menu.addAction(self.actions["unlink_entry"])
        menu.exec(view.viewport().mapToGlobal(point))
        menu.deleteLater()

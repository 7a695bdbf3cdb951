"""The annotating window: article list | article | labels, spans and details.

It lays the panels out, owns the actions (menus.py builds them) and does what they ask
through the controller. Every change is saved when it is made; there is no Save. Its
commands on files, on spans and what it shows in the title and status bar are mixins
beside it (file_actions.py, span_actions.py, window_status.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QMainWindow, QMenu, QSplitter

from ..core.errors import AnnotatorError
from . import menus
from .annotate.article_list import ArticleListPanel
from .annotate.article_pane import ArticlePane
from .annotate.details import DetailsPanel
from .annotate.entry_keys import EntryLinkKeys
from .annotate.labels import LabelPanel
from .annotate.span_list import SpanListView
from .annotate.suggestions import SuggestionKeys
from .controller import Controller
from .file_actions import FileActions
from .plain import menu_text, message
from .review.mode import ReviewMode
from .settings import Settings
from .span_actions import SpanActions
from .window_status import APP_TITLE, WindowStatus

# The smallest window in which the panels keep their contents readable (checked in a test
# at this size), and which fits an 800x600 screen: the list, a text column of some 50
# characters, the legend in two columns.
MIN_SIZE = (800, 540)


class MainWindow(FileActions, SpanActions, WindowStatus, QMainWindow):
    recent_menu: QMenu  # made by menus.build
    labels_menu: QMenu
    suggestions_menu: QMenu

    def __init__(self, settings: Settings, annotator: str) -> None:
        super().__init__()
        self.settings = settings
        self.controller = Controller(annotator)
        self.controller.snap_words = settings.flag("snap_words", default=True)
        self.controller.name_needed = self.ask_name
        self.setWindowTitle(APP_TITLE)
        self.setMinimumSize(*MIN_SIZE)
        self.list_panel = ArticleListPanel(self.controller)
        self.pane = ArticlePane(self.controller, settings)
        self.view = self.pane.view
        self.label_panel = LabelPanel()
        self.span_list = SpanListView(self.controller)
        self.details = DetailsPanel(self.controller)
        self.side = QSplitter(Qt.Orientation.Vertical)
        for part in (self.label_panel, self.span_list, self.details):
            self.side.addWidget(part)
        self.side.setStretchFactor(1, 1)
        self.side.setChildrenCollapsible(False)
        self.side.setSizes([220, 380, 260])  # the legend in two columns needs about 210
        self.review = ReviewMode(self)
        self.suggest_keys = SuggestionKeys(self.controller, self.view)
        self.entry_keys = EntryLinkKeys(self.controller, self.pane, self)
        self.centre = QSplitter(Qt.Orientation.Vertical)  # the article; review's table below
        self.centre.addWidget(self.pane)
        self.centre.setStretchFactor(0, 3)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.list_panel, self.centre, self.side):
            self.splitter.addWidget(widget)
        # a smaller window takes most of its width from the text, some from the side panels
        self.list_panel.setMinimumWidth(220)  # titles stay readable beside status and count
        # A fixed floor, not the selected span's rows: a panel that widened for a span with
        # combo boxes narrowed the article, and its text jumped under the reader's eyes.
        self.side.setMinimumWidth(220)
        for column, share in enumerate((1, 4, 1)):
            self.splitter.setStretchFactor(column, share)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([300, 760, 320])
        self.setCentralWidget(self.splitter)
        self._build_status_bar()  # window_status.py
        self.label_actions: dict[str, QAction] = {}
        self.actions_ = menus.build(self)
        self._restore_window()
        c = self.controller
        c.store_opened.connect(self._store_opened)
        c.article_loaded.connect(self._article_loaded)
        c.status_changed.connect(self._show_progress)
        c.history_changed.connect(self._update_history_actions)
        c.selection_changed.connect(self._update_span_actions)
        c.suggestions_changed.connect(self._show_suggestions)
        c.mode_changed.connect(self._show_suggestions)
        c.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        c.write_failed.connect(lambda text: message(
            self, "Not saved", f"The change was NOT saved.\n\n{text}"))
        self.view.selection_moved.connect(self._show_selection)
        self.list_panel.jump.connect(self.go_to_hit)
        self.list_panel.leave.connect(self.view.setFocus)
        self.show_person()

    # -- stores ----------------------------------------------------------------------

    def open_store(self, path: Path, restore_place: bool = True) -> bool:
        self._save_place()
        try:
            self.controller.open_store(path)
        except AnnotatorError as exc:
            message(self, "Open store", str(exc))
            return False
        self.settings.add_recent_store(path)
        menus.fill_recent(self)
        store = self.controller.store
        assert store is not None  # opened above
        layer = self.settings.suggestion_layer(path)
        if layer is not None and layer in store.suggestions.suggestion_layers():
            self.choose_suggestions(layer)
        self.show_person()
        if store.read_only:
            self.statusBar().showMessage(f"{path.name} is read-only: you can read and export "
                                         "it, not change it.", 10000)
        article_id, scroll = self.settings.place(path) if restore_place else (None, 0)
        found = store.annotations.article_by_id(article_id) if article_id else None
        first = found.pk if found else self.list_panel.first_key()
        self.controller.load_article(first)
        if found is not None and scroll:
            self.view.scroll_to_offset(scroll)
        QTimer.singleShot(100, self.controller.warm_up)
        return True

    # -- navigation ------------------------------------------------------------------

    def go(self, step: int) -> None:
        pk = self.list_panel.neighbour(step)
        if pk is not None:
            self.controller.load_article(pk)

    def go_to_hit(self, pk: int, bounds: tuple[int, int] | None) -> None:
        """A search hit chosen: its article, the hit selected, the keys in the text (a
        label's key tags it)."""
        self.controller.load_article(pk)
        self.controller.select_span(None)
        if bounds is not None:
            self.view.select_range(*bounds)
        self.view.setFocus()

    def finish(self, status: str) -> None:
        """Mark the article done (or skipped) and go to the next one not yet done."""
        c = self.controller
        if c.state.article is None or not c.has_person():
            return  # not marked: stay on the article
        undecided = self.review.undecided() if c.reviewing else 0
        c.set_status(status)
        pk = c.next_open_article()
        if pk is None:
            self.statusBar().showMessage("Every article is reviewed." if c.reviewing else
                                        "Every article is done or skipped.", 8000)
        else:
            c.load_article(pk)
        if undecided:  # allowed (nothing goes into gold from them), but said
            noun = "disagreement was" if undecided == 1 else "disagreements were"
            self.statusBar().showMessage(f"Marked reviewed; {undecided} {noun} left "
                                         "undecided (Alt+Left goes back).", 8000)
        self.view.setFocus()

    # -- the annotator ---------------------------------------------------------------

    def ask_name(self) -> bool:
        """Nobody gave a name at the start (the store is open for reading): ask at the first
        change. True when a name was given."""
        from .dialogs.common import ask_annotator
        name = ask_annotator(self, self.settings.login_name(), first_time=True)
        self.activateWindow()  # keys go back to the window at once
        if not name:
            return False
        self.settings.annotator = name
        # The article is shown again, as this person's: the command asking has its offsets
        # already, and the old selection goes (Qt reports it mid-reload with no position).
        self.view.clear_selection()
        self.controller.set_annotator(name)
        self.show_person()
        return True

    def change_annotator(self) -> None:
        from .dialogs.common import ask_annotator
        name = ask_annotator(self, self.controller.person, first_time=False)
        if name and name != self.controller.person:
            self.settings.annotator = name
            self.controller.set_annotator(name)
            self.show_person()
            self._show_progress()

    # -- suggestions -----------------------------------------------------------------

    def choose_suggestions(self, layer: str | None) -> None:
        """View > Suggestions: show this layer's suggestions over your own (None: none)."""
        c = self.controller
        c.show_suggestions(layer)
        if c.store is not None and c.store.path is not None:
            self.settings.set_suggestion_layer(Path(c.store.path), layer)
        if c.store is not None:
            menus.fill_suggestions(self, list(c.store.suggestions.suggestion_layers()))
        if layer is not None and c.reviewing:
            self.statusBar().showMessage("Suggestions show when review mode is off.", 6000)

    def _show_suggestions(self) -> None:
        """The count in the status bar, and the keys, while suggestions are shown."""
        self._show_suggestion_count()  # window_status.py
        c = self.controller
        if self.actions_["suggest_next"].isEnabled() != c.suggesting:
            for name in menus.SUGGESTION_KEYS:
                self.actions_[name].setEnabled(c.suggesting)

    def show_agreement(self) -> None:
        from .review.agreement_view import show_agreement
        show_agreement(self, self.controller)

    def show_speakers(self) -> None:
        from .speakers.dock import toggle_speakers
        toggle_speakers(self, self)

    # -- keeping the window in step --------------------------------------------------

    def _store_opened(self) -> None:
        store = self.controller.store
        if store is None:
            return
        menus.fill_labels(self, store.schema)
        menus.fill_suggestions(self, list(store.suggestions.suggestion_layers()))
        self.label_panel.show_labels(store.schema, self.label_actions)
        self._article_total = store.annotations.article_count()  # changes only with an import
        self._show_progress()

    def _article_loaded(self) -> None:
        self._show_progress()
        self._show_suggestions()
        self._update_span_actions()
        if self.controller.state.article is not None:
            self._save_place()

    def _update_history_actions(self) -> None:
        c = self.controller
        undo, redo = self.actions_["undo"], self.actions_["redo"]
        undo.setEnabled(c.can_undo)
        redo.setEnabled(c.can_redo)
        history = c.history
        undo.setText(menu_text(f"Undo {history.undo_text}"
                               if c.can_undo and history is not None else "Undo"))
        redo.setText(menu_text(f"Redo {history.redo_text}"
                               if c.can_redo and history is not None else "Redo"))

    def _update_span_actions(self) -> None:
        self.actions_["delete"].setEnabled(self.controller.state.selected is not None)

    # -- saving the place and the window ---------------------------------------------

    def _save_place(self) -> None:
        store, article = self.controller.store, self.controller.state.article
        if store is not None and store.path is not None:
            self.settings.set_place(Path(store.path), article.id if article else None,
                                    self.view.top_offset())

    def _restore_window(self) -> None:
        geometry = self.settings.bytes_value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1380, 860)
        for name, splitter in (("window/splitter", self.splitter), ("window/side", self.side)):
            state = self.settings.bytes_value(name)
            if state is not None:
                splitter.restoreState(state)
        self.zoom = self.settings.number("view/zoom")  # points above the default size
        if self.zoom:
            self.view.zoomIn(self.zoom)

    def zoom_by(self, step: int) -> None:
        """Zoom the article in or out by `step` points; 0 goes back to the default size."""
        step = -self.zoom if step == 0 else step
        self.view.zoomIn(step)
        self.zoom += step
        self.settings.set_number("view/zoom", self.zoom)

    def save_state(self) -> None:
        self._save_place()
        self.settings.set_bytes_value("window/geometry", self.saveGeometry())
        self.settings.set_bytes_value("window/splitter", self.splitter.saveState())
        self.settings.set_bytes_value("window/side", self.side.saveState())
        self.settings.sync()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        # Coming back to the window: show what the CLI or another window stored meanwhile.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.controller.catch_up()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_state()
        self.controller.close_store()
        super().closeEvent(event)

    def show_message(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox
        message(self, title, text, QMessageBox.Icon.Information)

"""The Speakers view: the entries with their counts, filtered and sorted; the quotes of the
chosen entry, each opening its article; charts; and the registry's entries edited, merged
and deleted through the controller, so that the window's Undo takes each back."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.plural import plural
from ...core.registry.speakers import head_kinds
from ..plain import plain_label
from .chart_tab import ChartTab
from .model import SpeakerModel
from .quotes import QuotesModel

if TYPE_CHECKING:
    from ...core.registry.entry import Entry
    from .host import SpeakersHost

EVERYONE = "People's layers"
# Steps that change no count, no entry and no quote's text: tagging a new span (a span is
# linked only afterwards), statuses, attributes, comments, review and suggestion records.
# The view does not read again for them (a registry of 100,000 entries takes a moment).
UNCOUNTED = frozenset({"add span", "set status", "set attribute", "add comment",
                       "delete comment", "record review", "delete review",
                       "record suggestion decision", "delete suggestion decision",
                       "reject suggestion"})
Flag = QItemSelectionModel.SelectionFlag


class KeyTable(QTableView):
    """A table whose own keys (Enter, Delete) win over the window's shortcuts while it has
    the focus: the window's Delete deletes a span, here it deletes an entry."""

    def __init__(self, keys: dict[Qt.Key, Callable[[], None]]) -> None:
        super().__init__()
        self.keys = keys
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setWordWrap(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and Qt.Key(event.key()) in self.keys \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        action = self.keys.get(Qt.Key(event.key()))
        if action is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            action()
            return
        super().keyPressEvent(event)


class SpeakersPanel(QWidget):
    def __init__(self, host: SpeakersHost) -> None:
        super().__init__()
        self.host = host
        self.controller = c = host.controller
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter by name or alias")
        self.filter_box.setClearButtonEnabled(True)
        self.kind_box = QComboBox()
        self.layer_box = QComboBox()
        self.layer_box.setToolTip("Whose annotations are counted")
        self.edit_button = QPushButton("Edit…")
        self.merge_button = QPushButton("Merge…")
        self.delete_button = QPushButton("Delete")
        self.status = plain_label()
        self.model = SpeakerModel(self)
        self.table = KeyTable({Qt.Key.Key_Return: self.edit, Qt.Key.Key_Enter: self.edit,
                               Qt.Key.Key_F2: self.edit, Qt.Key.Key_Delete: self.delete})
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setSortIndicator(self.model.sort_column,
                                                       self.model.order)
        self.table.setSortingEnabled(True)
        self.table.setColumnWidth(0, 200)
        self.table.setColumnWidth(1, 80)
        for column in range(2, 2 + len(self.model.counts)):
            self.table.setColumnWidth(column, 72)
        self.quotes = QuotesModel(self)
        self.quote_table = KeyTable({Qt.Key.Key_Return: self.jump,
                                     Qt.Key.Key_Enter: self.jump})
        self.quote_table.setModel(self.quotes)
        self.quote_table.horizontalHeader().setSortIndicator(4, Qt.SortOrder.AscendingOrder)
        self.quote_table.setSortingEnabled(True)
        self.quote_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.quote_table.setColumnWidth(0, 260)
        self.quote_table.setColumnWidth(1, 60)
        self.quote_title = plain_label()
        quotes_side = QWidget()
        quotes_layout = QVBoxLayout(quotes_side)
        quotes_layout.setContentsMargins(0, 0, 0, 0)
        quotes_layout.addWidget(self.quote_title)
        quotes_layout.addWidget(self.quote_table)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(quotes_side)
        split.setSizes([620, 520])
        self.charts = ChartTab(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(split, "Entries")
        self.tabs.addTab(self.charts, "Charts")
        bar = QHBoxLayout()
        for widget in (self.filter_box, self.kind_box, self.layer_box, self.edit_button,
                       self.merge_button, self.delete_button, self.status):
            bar.addWidget(widget)
        bar.setStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.tabs)
        self._stale = True
        self._seen: int | None = None  # the last change-log row the view has read after
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(300)
        self._refresh_timer.timeout.connect(self.refresh)
        self.filter_box.textChanged.connect(self._filter)
        self.kind_box.currentIndexChanged.connect(self._filter)
        self.layer_box.currentIndexChanged.connect(lambda _: self.refresh())
        self.edit_button.clicked.connect(self.edit)
        self.merge_button.clicked.connect(self.merge)
        self.delete_button.clicked.connect(self.delete)
        self.table.selectionModel().selectionChanged.connect(self._chosen)
        self.table.doubleClicked.connect(lambda _: self.edit())
        self.quote_table.doubleClicked.connect(self.jump)
        self.model.counting.connect(self._counting)
        self.model.modelReset.connect(self._chosen)
        self.tabs.currentChanged.connect(lambda _: self.charts.show_if_current())
        # Every change the window makes ends with history_changed; another program's
        # writes and another store come as store_opened (catch_up.py).
        c.history_changed.connect(self.changed)
        c.store_opened.connect(self.reopened)
        self._buttons()

    # -- keeping up ------------------------------------------------------------------

    def changed(self) -> None:
        """A step was taken or undone: read again soon while shown, else when shown next,
        unless the change log says it changed nothing the view shows."""
        store = self.controller.store
        if store is not None and self._seen is not None and not self._stale:
            rows = store.changes.changes_since(self._seen)
            if all(row.op in UNCOUNTED for row in rows):
                self._seen = rows[-1].id if rows else self._seen
                return
        self.reopened()

    def reopened(self) -> None:
        """Another store, or another program's writes: read everything again."""
        self._stale = True
        if self.isVisible():
            self._refresh_timer.start()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.refresh()

    @property
    def layer(self) -> str | None:
        return self.layer_box.currentData()

    def refresh(self) -> None:
        """Read the entries, the quotes of the chosen one and the charts again, keeping
        the chosen entries, the filter and the sort."""
        self._stale = False
        self._refresh_timer.stop()
        store = self.controller.store
        self._seen = store.changes.last_change_id() if store is not None else None
        chosen = self.selected_ids()
        self._fill_choices()
        self.model.load(store, self.layer)
        self._select(chosen)
        self._chosen()
        self.charts.changed()

    def _fill_choices(self) -> None:
        """The kinds and layers to choose from, the current choice kept."""
        store = self.controller.store
        kinds = list(store.schema.entity_labels()) if store is not None else []
        layers = sorted(store.suggestions.people()) if store is not None else []
        for box, items, first in ((self.kind_box, kinds, "All kinds"),
                                  (self.layer_box, layers, EVERYONE)):
            wanted = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(first, None)
            for item in items:
                box.addItem(item, item)
            box.setCurrentIndex(max(box.findData(wanted), 0))
            box.blockSignals(False)

    def _filter(self) -> None:
        self.model.set_filter(self.filter_box.text(), self.kind_box.currentData() or "")
        self._buttons()

    def _counting(self, busy: bool) -> None:
        self.status.setText("Counting…" if busy else "")
        if not busy:
            self.charts.changed()

    # -- the chosen entries ----------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.entry_at(row)[0] for row in rows if row < self.model.rowCount()]

    def _select(self, ids: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        for number, entry_id in enumerate(ids):
            row = self.model.row_of(entry_id)
            if row is None:
                continue
            index = self.model.index(row, 0)
            flags = Flag.Select | Flag.Rows
            if number == 0:
                flags |= Flag.Current
            selection.select(index, flags)
            if number == 0:
                selection.setCurrentIndex(index, Flag.NoUpdate)
                self.table.scrollTo(index)

    def _chosen(self, *_args) -> None:
        ids = self.selected_ids()
        entry = ids[0] if len(ids) == 1 else None
        self.quotes.load(self.controller.store, entry, self.layer)
        if entry is None:
            self.quote_title.setText("Choose an entry to see its quotes" if not ids else
                                     f"{len(ids)} entries chosen")
        else:
            kinds = [row.kind for row in self.quotes.rows]
            counted = ", ".join(plural(kinds.count(kind), kind) for kind in head_kinds()
                                if kind in kinds or kind == "quote")
            self.quote_title.setText(f"{self.model.name_of(entry)}: {counted}")
        self._buttons()

    def _buttons(self) -> None:
        count = len(self.selected_ids())
        self.edit_button.setEnabled(count == 1)
        self.delete_button.setEnabled(count == 1)
        self.merge_button.setEnabled(count == 2)

    def _entry(self, entry_id: int) -> Entry | None:
        store = self.controller.store
        return store.registry.entry(entry_id) if store is not None else None

    # -- commands ---------------------------------------------------------------------

    def edit(self) -> None:
        ids = self.selected_ids()
        entry = self._entry(ids[0]) if len(ids) == 1 else None
        if entry is None or not self.controller.has_person():
            return
        from ...core.operations.registry import EditEntry
        from .editor import EntryEditor
        editor = EntryEditor(self.window(), self.controller.store, entry)
        accepted = editor.exec()
        self.window().activateWindow()  # keys go back to the window at once
        if accepted and editor.entry() != entry:
            self.controller.run(EditEntry(editor.entry()))
            self.refresh()

    def delete(self) -> None:
        ids = self.selected_ids()
        entry = self._entry(ids[0]) if len(ids) == 1 else None
        if entry is None or not self.controller.has_person():
            return
        from ...core.operations.registry import DeleteEntry
        links = self.controller.store.registry.link_count(entry.id)
        box = QMessageBox(QMessageBox.Icon.Question, "Delete entry", "",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self.window())
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"Delete {entry.name}? " + (
            f"Its {links} linked span{'' if links == 1 else 's'} will be unlinked. "
            if links else "") + "Undo (Ctrl+Z) brings it back.")
        answer = box.exec()
        self.window().activateWindow()
        if answer == QMessageBox.StandardButton.Yes:
            self.controller.run(DeleteEntry(entry.id))
            self.refresh()

    def merge(self) -> None:
        """Merge the two chosen entries: the one to keep is asked, the other's links and
        names join it."""
        ids = self.selected_ids()
        entries = [self._entry(i) for i in ids] if len(ids) == 2 else []
        if len(entries) != 2 or None in entries or not self.controller.has_person():
            return
        first, second = entries
        assert first is not None and second is not None
        box = QMessageBox(QMessageBox.Icon.Question, "Merge entries", "",
                          QMessageBox.StandardButton.Cancel, self.window())
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"Merge “{first.name}” and “{second.name}”: which one stays? The other's "
                    "links move to it and its names become aliases. Undo (Ctrl+Z) splits "
                    "them again.")
        keep_first = box.addButton(f"Keep {first.name[:40]}", QMessageBox.ButtonRole.AcceptRole)
        keep_second = box.addButton(f"Keep {second.name[:40]}",
                                    QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        self.window().activateWindow()
        chosen = box.clickedButton()
        if chosen not in (keep_first, keep_second):
            return
        keep, remove = (first, second) if chosen is keep_first else (second, first)
        from ...core.operations.registry import MergeEntries
        if self.controller.run(MergeEntries(keep.id, remove.id)) is not None:
            self.refresh()
            self._select([keep.id])

    def jump(self, index: QModelIndex | None = None) -> None:
        """The chosen quote's article (or the one double-clicked), the quote selected (its
        text, when it is in a layer other than the one shown)."""
        index = self.quote_table.currentIndex() if index is None else index
        if not index.isValid():
            return
        quote = self.quotes.rows[index.row()]
        c = self.controller
        if quote.annotator == c.annotator:
            c.load_article(quote.article)
            c.select_span(quote.span)
            if c.state.selected == quote.span:
                self.host.view.setFocus()
                return
        self.host.go_to_hit(quote.article, (quote.start, quote.end))
        if quote.annotator != c.annotator:
            self.host.statusBar().showMessage(
                f"This quote is in {quote.annotator}'s layer: its text is selected.", 6000)

"""The article list: a table model that fetches its rows a page at a time (never 100,000
Python rows: docs/architecture.md, "The store"), with a search box (FTS5) and a status filter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..controller import Controller
from ..plain import tooltip_text
from ..table_model import ColumnsModel, Index, row_table
from .search_hits import SearchHits

PAGE = 200
COLUMNS = ("Title", "Status", "Spans")
STATUS_FILTERS = (("All articles", None), ("Not done", "not done"), ("To do", "todo"),
                  ("In progress", "in progress"), ("Done", "done"), ("Skipped", "skipped"),
                  ("With comments", "commented"))
# Reviewing, the list shows the gold layer: its status is the article's review status.
REVIEW_FILTERS = (("All articles", None), ("Not reviewed", "not done"),
                  ("Unreviewed", "todo"), ("In review", "in progress"), ("Reviewed", "done"),
                  ("With comments", "commented"))
# How the list is ordered; the model's order reads the scores stored on the suggestion
# layer shown (core/suggest/uncertainty.py: no model runs in the window).
ORDERS = (("Reading order", None), ("Model: least certain first", "uncertain"))
REVIEW_STATUS = {"todo": "unreviewed", "in progress": "in review", "done": "reviewed",
                 "skipped": "reviewed"}

if TYPE_CHECKING:
    from ...core.store import Store


class AllArticles(Sequence[int]):
    """The keys of every article, in reading order, read from the store a page at a time:
    opening a store of 100,000 articles costs one count, not 100,000 keys."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.length = store.annotations.article_count()
        self._pages: dict[int, list[int]] = {}

    def __len__(self) -> int:
        return self.length

    def _page(self, number: int) -> list[int]:
        page = self._pages.get(number)
        if page is None:
            page = self._pages[number] = self.store.browse.article_keys_page(number * PAGE, PAGE)
        return page

    def __getitem__(self, item):  # an index or a slice
        if isinstance(item, slice):
            return [self[i] for i in range(*item.indices(self.length))]
        if item < 0:
            item += self.length
        if not 0 <= item < self.length:
            raise IndexError(item)
        return self._page(item // PAGE)[item % PAGE]

    def index(self, pk: int, *_: int) -> int:
        row = self.store.browse.article_position(pk)
        if row is None:
            raise ValueError(pk)
        return row


class ArticleListModel(ColumnsModel):
    columns = COLUMNS

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = controller
        self.keys: Sequence[int] = []
        self._pages: dict[int, list] = {}
        self.status: str | None = None
        self.search: str | None = None
        self.order: str | None = None
        self.ordered_by: str | None = None  # the suggestion layer the order was read from
        self.unscored = False  # ... which has no scores

    def reload(self) -> None:
        """Fetch the keys for the current filter and search; rows come page by page."""
        self.beginResetModel()
        store = self.controller.store
        if store is None:
            self.keys: Sequence[int] = []
        elif self.status is None and self.search is None and self.order is None:
            self.keys = AllArticles(store)
        else:
            self.keys = store.browse.article_keys(self.controller.annotator, self.status,
                                                  self.search)
        self.ordered_by, self.unscored = None, False
        layer = self.controller.suggestion_layer
        if self.order == "uncertain" and store is not None and self.controller.suggesting \
                and layer is not None:
            from ...core.suggest.uncertainty import ranked
            margins = store.suggestions.mean_margins(
                layer, self.controller.state.suggestion_threshold)
            self.keys, self.ordered_by = ranked(margins, self.keys), layer
            self.unscored = not margins
        self._pages.clear()
        self.endResetModel()

    def forget(self, pk: int) -> None:
        """A row's status or span count changed: fetch its page again when next shown."""
        try:
            row = self.keys.index(pk)
        except ValueError:
            return
        self._pages.pop(row // PAGE, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def row_of(self, pk: int) -> int | None:
        try:
            return self.keys.index(pk)
        except ValueError:
            return None

    def _row(self, row: int) -> Any:
        page = self._pages.get(row // PAGE)
        if page is None:
            store = self.controller.store
            if store is None:
                return None
            first = row // PAGE * PAGE
            page = store.browse.article_rows(list(self.keys[first:first + PAGE]),
                                      self.controller.annotator)
            self._pages[row // PAGE] = page
        offset = row % PAGE
        return page[offset] if offset < len(page) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.keys)


    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._row(index.row())
        if item is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            status = (REVIEW_STATUS.get(item.status, item.status) if self.controller.reviewing
                      else item.status)
            value = (item.title or item.id, status, item.spans)[index.column()]
            # Item views show DisplayRole as plain text; a tooltip would guess HTML.
            if role == Qt.ItemDataRole.ToolTipRole:
                return tooltip_text(f"{item.title}\n{item.id}") if index.column() == 0 else None
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None



class ArticleListPanel(QWidget):
    """Search box, status filter and the list; choosing a row opens the article. While
    searching, the hits with their context show above the list (search_hits.py)."""

    jump = Signal(int, object)  # a search hit chosen: article key, (start, end) or None
    leave = Signal()  # Esc in the search box: back to the text

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = ArticleListModel(controller)
        self.search_box = QLineEdit(placeholderText="Search all articles (Enter: the hits)")
        self.search_box.setClearButtonEnabled(True)
        self.filter_box = QComboBox()
        self._fill_filters(STATUS_FILTERS)
        self.order_box = QComboBox()
        for text, value in ORDERS:
            self.order_box.addItem(text, value)
        self.order_box.setToolTip("The list's order. Model: least certain first orders by "
                                  "the scores of the suggestion layer shown (View > "
                                  "Suggestions), those the model is least sure of first")
        self.order_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.table = row_table(self.model)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        # Fixed widths: sizing columns to their contents would read 1,000 rows.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        metrics = self.table.fontMetrics()
        for column, sample in ((1, "in progress"), (2, "99999")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.search_box, 1)
        filters.addWidget(self.filter_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 0, 4)
        layout.addLayout(filters)
        order = QHBoxLayout()
        order.setContentsMargins(0, 0, 0, 0)
        order.addWidget(self.order_box)
        order.addStretch(1)
        layout.addLayout(order)
        self.hits = SearchHits()
        self.hits.hide()
        self.hits.jump.connect(self.jump)
        self.hits.back.connect(self.search_box.setFocus)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.hits)
        split.addWidget(self.table)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split)
        # Typing searches after a pause: a word in every article takes longer to find.
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.apply_filters)
        self.search_box.textChanged.connect(self._debounce.start)
        self.search_box.installEventFilter(self)
        self.filter_box.currentIndexChanged.connect(self.apply_filters)
        self.order_box.currentIndexChanged.connect(self.apply_filters)
        controller.suggestions_changed.connect(self._layer_shown)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        controller.store_opened.connect(self._store_changed)
        controller.article_loaded.connect(self._show_current)
        controller.status_changed.connect(self._refresh_current)
        controller.mode_changed.connect(self._mode_changed)

    def _fill_filters(self, filters: tuple[tuple[str, str | None], ...]) -> None:
        self.filter_box.blockSignals(True)
        self.filter_box.clear()
        for text, value in filters:
            self.filter_box.addItem(text, value)
        self.filter_box.blockSignals(False)

    def _mode_changed(self) -> None:
        """Review mode lists review statuses and filters by them; back again after."""
        reviewing = self.controller.reviewing
        self._fill_filters(REVIEW_FILTERS if reviewing else STATUS_FILTERS)
        self.model.columns = (COLUMNS[0], "Review" if reviewing else COLUMNS[1], COLUMNS[2])
        self.apply_filters()

    def apply_filters(self) -> None:
        self._debounce.stop()
        text = self.search_box.text().strip()
        self.model.search = text or None
        self.model.status = self.filter_box.currentData()
        self.model.order = self.order_box.currentData()
        self.model.reload()
        if self.model.order is not None and (self.model.ordered_by is None
                                             or self.model.unscored):
            self.controller.message.emit("Least certain first needs a suggestion layer with "
                                         "a model's scores: View > Suggestions")
        self._show_current()
        if text != self.hits.search or not text:  # not again for Enter: the current hit stays
            self.hits.show_results(self.controller.store, text)
        self.hits.setVisible(bool(text))

    def _layer_shown(self) -> None:
        """Another suggestion layer shown: the model's order is read from it."""
        if self.model.order is not None and self.model.ordered_by != (
                self.controller.suggestion_layer if self.controller.suggesting else None):
            self.apply_filters()

    def _store_changed(self) -> None:
        """Another store, or articles imported into this one: the hits are read again."""
        self.hits.search = ""
        self.apply_filters()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """In the search box: Enter or Down goes to the hits, Esc back to the text."""
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
                self.apply_filters()
                if self.hits.isVisible() and self.hits.topLevelItemCount():
                    self.hits.setFocus()
                return True
            if key == Qt.Key.Key_Escape:
                self.leave.emit()
                return True
        return super().eventFilter(watched, event)

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.row() < len(self.model.keys):
            self.controller.load_article(self.model.keys[current.row()])

    def _show_current(self) -> None:
        article = self.controller.state.article
        row = self.model.row_of(article.pk) if article is not None else None
        selection = self.table.selectionModel()
        if row is None:
            selection.clearSelection()
            return
        index = self.model.index(row, 0)
        if selection.currentIndex().row() != row:
            selection.blockSignals(True)
            selection.setCurrentIndex(index, selection.SelectionFlag.ClearAndSelect
                                      | selection.SelectionFlag.Rows)
            selection.blockSignals(False)
            self.table.viewport().update()
        self.table.scrollTo(index)

    def _refresh_current(self) -> None:
        if self.controller.state.article is not None:
            self.model.forget(self.controller.state.article.pk)

    def first_key(self) -> int | None:
        return self.model.keys[0] if len(self.model.keys) else None

    def neighbour(self, step: int) -> int | None:
        """The article `step` rows away from the current one in the list as filtered."""
        if not len(self.model.keys):
            return None
        article = self.controller.state.article
        row = self.model.row_of(article.pk) if article is not None else None
        if row is None:
            return self.model.keys[0]
        target = row + step
        return self.model.keys[target] if 0 <= target < len(self.model.keys) else None

"""The spans of the current article, in reading order; choosing one selects it in the text."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ..controller import Controller
from ..table_model import ColumnsModel, Index

if TYPE_CHECKING:
    from ...core.model import Span

COLUMNS = ("Label", "Text", "Attributes")
MOVES = 20  # more spans changed than this at once: the list is read again instead


def _order(span: Span) -> tuple[int, int, int]:
    return span.start, span.end, span.id


def attributes_text(span: Span, controller: Controller) -> str:
    """Attributes, links and registry entries in a line (the list's column, tooltips)."""
    entry = controller.entry_of(span.id)
    parts = [f"entry: {entry.name}"] if entry is not None else []
    parts += [f"{name}={value}" for name, value in sorted(span.attrs.items())]
    for rel, other in controller.state.links_of(span.id):
        arrow = "→" if rel.head == span.id else "←"
        linked = controller.entry_of(other.id) if rel.head == span.id else None
        named = f" ({linked.name})" if linked is not None and linked.name != other.text else ""
        parts.append(f"{rel.label} {arrow} {other.text}{named}")
    return "; ".join(parts)


class SpanListModel(ColumnsModel):
    columns = COLUMNS

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = controller
        self.spans: list[Span] = []
        controller.article_loaded.connect(self.reload)
        controller.spans_changed.connect(self.changed)
        controller.relations_changed.connect(self._links_changed)
        controller.registry_changed.connect(self.reload)

    def reload(self, *_: object) -> None:
        self.beginResetModel()
        self.spans = list(self.controller.state.sorted_spans())
        self.endResetModel()

    def changed(self, before: dict[int, Span | None]) -> None:
        """Only the rows of the spans that changed go or come (a reset would lay out and
        read every row the list shows again, and lose its scroll position)."""
        if len(before) > MOVES:
            self.reload()
            return
        now = self.controller.state.spans
        for span_id, old in before.items():
            new = now.get(span_id)
            if old is not None:
                row = self._row_at(old)
                if row is not None:
                    self.beginRemoveRows(QModelIndex(), row, row)
                    del self.spans[row]
                    self.endRemoveRows()
                elif new is None or self._row_at(new) is None:
                    self.reload()  # not where it was listed: read the list again
                    return
            if new is not None and self._row_at(new) is None:  # (a reload may have it)
                row = bisect_left(self.spans, _order(new), key=_order)
                self.beginInsertRows(QModelIndex(), row, row)
                self.spans.insert(row, new)
                self.endInsertRows()

    def _links_changed(self) -> None:
        """Links show in the last column: only its cells are read again."""
        if self.spans:
            last = len(COLUMNS) - 1
            self.dataChanged.emit(self.index(0, last), self.index(len(self.spans) - 1, last))

    def _row_at(self, span: Span) -> int | None:
        """The row of this span if it is listed where its bounds put it."""
        row = bisect_left(self.spans, _order(span), key=_order)
        return row if row < len(self.spans) and self.spans[row].id == span.id else None

    def row_of(self, span_id: int) -> int | None:
        return next((i for i, s in enumerate(self.spans) if s.id == span_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.spans)


    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.spans):
            return None
        span = self.spans[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return span.label
            if index.column() == 1:
                return " ".join(span.text.split())
            return attributes_text(span, self.controller)
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            label = self.controller.label(span.label)
            return QColor(label.color) if label else None
        return None



class SpanListView(QTableView):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model_ = SpanListModel(controller)
        self.setModel(self.model_)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(22)
        # No column sized to its contents: that reads every row after each change, and an
        # article can have thousands of spans.
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, self.fontMetrics().horizontalAdvance("PERSON") + 40)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.clicked.connect(self._chosen)
        self.activated.connect(self._chosen)
        controller.selection_changed.connect(self._show_selected)
        self.model_.modelReset.connect(self._show_selected)

    def _chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.controller.select_span(self.model_.spans[index.row()].id)

    def _show_selected(self) -> None:
        selected = self.controller.state.selected
        row = self.model_.row_of(selected) if selected is not None else None
        if row is None:
            self.clearSelection()
            return
        self.selectRow(row)
        self.scrollTo(self.model_.index(row, 0))

"""The quotes (and claims) of the entry chosen in the Speakers view, each leading to its
article."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, Qt

from ...core.registry.speakers import head_kinds
from ..table_model import ColumnsModel, Index

if TYPE_CHECKING:
    from ...core.store import Store


@dataclass(frozen=True)
class QuoteRow:
    span: int
    article: int  # the article's key
    annotator: str
    kind: str
    text: str
    start: int
    end: int
    article_id: str
    title: str
    source: str | None
    date: str | None


class QuotesModel(ColumnsModel):
    columns = ("Quote", "Kind", "Article", "Source", "Date", "Layer")
    _fields = ("text", "kind", "title", "source", "date", "annotator")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[QuoteRow] = []

    def load(self, store: Store | None, entry_id: int | None,
             annotator: str | None = None) -> None:
        self.beginResetModel()
        self.rows = [QuoteRow(*row) for row in store.registry.entry_heads(
            entry_id, head_kinds(), annotator)] if store is not None and \
            entry_id is not None else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        field = self._fields[column]
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=lambda r: ((getattr(r, field) or "").casefold(), r.date or "",
                                      r.start),
                       reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        field = self._fields[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = getattr(row, field) or ""
            return " ".join(value.split()) if field in ("text", "title") else value
        if role == Qt.ItemDataRole.ToolTipRole and field in ("text", "title"):
            return f"{row.text}\n\n{row.title} ({row.article_id})"
        return None

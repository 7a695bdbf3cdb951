"""Review mode's table: one row per candidate, one column per compared annotator.

Each annotator's cell shows that annotator's version (labels, and the text where the bounds
differ, and a quote's speaker), tinted with the label's colour, so whose span is whose is
read across a row; the last column says what the gold layer holds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QVBoxLayout, QWidget

from ...core.plural import plural
from ...core.review.candidates import ENTRY
from ..plain import plain_label, tooltip_text
from ..table_model import ColumnsModel, Index, row_table

if TYPE_CHECKING:
    from ...core.review import Candidate, Version
    from ..controller import Controller
    from .session import ReviewSession

FIXED_COLUMNS = ("Text", "Kind", "Differs")
DISAGREEMENT_TEXT = QColor(200, 30, 30)


def one_line(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def version_text(version: Version | None, candidate: Candidate, text: str,
                 full: bool = False, entry_name: Callable[[int], str] = str) -> str:
    """An annotator's version in a cell: labels, the text when bounds differ, the registry
    entry, links; cut to fit a cell unless `full` (the cell's tooltip)."""
    if version is None:
        return "—"
    cut = (lambda t, _limit: " ".join(t.split())) if full else one_line
    parts = []
    entries = version.entries or (None,) * len(version.spans)
    for span, links, entry in zip(version.spans, version.links, entries, strict=True):
        if candidate.agreement == ENTRY:  # the same spans: the entries are what differs
            parts.append(cut(entry_name(entry), 40) if entry is not None else "no entry")
            continue
        part = span.label
        if (span.start, span.end) != (candidate.start, candidate.end):
            part += f" “{cut(span.text, 30)}”"
        if entry is not None:
            part += f" = {cut(entry_name(entry), 30)}"
        if span.attrs:
            part += " [" + ", ".join(f"{k}={v}" for k, v in sorted(span.attrs.items())) + "]"
        for label, start, end, _other_label in sorted(links):
            part += f" → {label.lower()} “{cut(text[start:end], 24)}”"
        parts.append(part)
    return " + ".join(parts)


def candidate_tip(candidate: Candidate, text: str,
                  entry_name: Callable[[int], str] = str) -> str:
    """Every annotator's version of a candidate (with each span's registry entry), for a
    tooltip over the text."""
    from ...core.review.candidates import AGREEMENT_TEXT
    lines = [f"{AGREEMENT_TEXT[candidate.agreement]} ({candidate.state})"]
    for version in candidate.versions:
        entries = version.entries or (None,) * len(version.spans)
        spans = " + ".join(
            f"{s.label} “{one_line(s.text, 40)}”"
            + (f" = {one_line(entry_name(e), 40)}" if e is not None else "")
            for s, e in zip(version.spans, entries, strict=True))
        lines.append(f"{', '.join(version.annotators)}: {spans}")
    if candidate.missing:
        lines.append(f"{', '.join(candidate.missing)}: nothing")
    return "\n".join(lines)


class CandidateModel(ColumnsModel):
    def __init__(self, controller: Controller, session: ReviewSession) -> None:
        super().__init__()
        self.controller, self.session = controller, session
        self.columns = (*FIXED_COLUMNS, "Gold")
        self._entry_names: dict[int, str] = {}

    def entry_name(self, entry_id: int) -> str:
        """An entry's name, read once per reload (the table repaints often)."""
        if entry_id not in self._entry_names:
            store = self.controller.store
            entry = store.registry.entry(entry_id) if store is not None else None
            self._entry_names[entry_id] = entry.name if entry else f"entry {entry_id}"
        return self._entry_names[entry_id]

    def reload(self) -> None:
        self.beginResetModel()
        self._entry_names = {}
        names = self.controller.compared or ()
        self.columns = (FIXED_COLUMNS + tuple(f"{i} {name}" for i, name in
                                              enumerate(names, 1)) + ("Gold",))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.session.candidates)

    def _annotator(self, column: int) -> str | None:
        names = self.controller.compared or ()
        at = column - len(FIXED_COLUMNS)
        return names[at] if 0 <= at < len(names) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.session.candidates):
            return None
        cand = self.session.candidates[index.row()]
        column, name = index.column(), self._annotator(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(cand, column, name)
        if role == Qt.ItemDataRole.ToolTipRole:  # a cell cut to fit, read whole
            return tooltip_text(self._display(cand, column, name, full=True))
        if role == Qt.ItemDataRole.BackgroundRole and name is not None:
            version = cand.version_of(name)
            label = (self.controller.label(version.spans[0].label)
                     if version is not None else None)
            if label is not None:
                color = QColor(label.color)
                color.setAlpha(70)
                return color
        if role == Qt.ItemDataRole.ForegroundRole and column == 2 and cand.disagreement:
            return DISAGREEMENT_TEXT
        if role == Qt.ItemDataRole.FontRole and cand.state == "pending" and cand.disagreement:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _display(self, cand: Candidate, column: int, name: str | None,
                 full: bool = False) -> str:
        from ...core.review.candidates import AGREEMENT_SHORT, AGREEMENT_TEXT
        article = self.controller.state.article
        if column == 0:
            if article is None:
                return ""
            return article.text[cand.start:cand.end] if full else one_line(
                article.text[cand.start:cand.end])
        if column == 2 and full:
            return AGREEMENT_TEXT[cand.agreement]
        if column == 1:
            return cand.kind
        if column == 2:
            return AGREEMENT_SHORT[cand.agreement]
        if name is not None:
            return version_text(cand.version_of(name), cand, article.text if article else "",
                                full, self.entry_name)
        if cand.state == "accepted":
            whose = cand.accepted_from
            shown = f"accepted ({', '.join(whose)})" if whose else "accepted (edited)"
            linked = [self.entry_name(e) for e in cand.gold_entries if e is not None]
            return shown + (f" = {', '.join(linked)}" if linked else "")
        return "rejected" if cand.state == "rejected" else "to decide"


class ReviewPanel(QWidget):
    """The candidates of the article under review; choosing a row makes it current."""

    def __init__(self, controller: Controller, session: ReviewSession,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller, self.session = controller, session
        self.model = CandidateModel(controller, session)
        self._sized = 0  # the column count the widths were set for
        self.summary = plain_label()
        self.summary.setWordWrap(True)
        self.table = row_table(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        session.changed.connect(self.refresh)

    def refresh(self) -> None:
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        self.model.reload()
        row = self.session.current
        if row is not None:
            index = self.model.index(row, 0)
            selection.setCurrentIndex(index, selection.SelectionFlag.ClearAndSelect
                                      | selection.SelectionFlag.Rows)
            self.table.scrollTo(index)
        selection.blockSignals(False)
        self.table.viewport().update()
        self._size_columns()
        self.summary.setText(self._summary())

    def _size_columns(self) -> None:
        """Widths from the longest words each column can hold, in bold (rows to decide are
        bold); the annotators' columns share what is left. Never from the rows: an article
        may have thousands."""
        header = self.table.horizontalHeader()
        count = self.model.columnCount()
        if count == self._sized:
            return
        font = QFont(self.table.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        fixed = {0: "Southern Gulf Ports Authority", 1: "entity", 2: "bounds differ",
                 count - 1: "accepted (alice, bob)"}
        for column in range(count):
            if column in fixed:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                self.table.setColumnWidth(column, metrics.horizontalAdvance(fixed[column]) + 16)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self._sized = count

    def _summary(self) -> str:
        cands = self.session.candidates
        names = ", ".join(self.controller.compared or ())
        if not cands:
            return f"Comparing {names}: nothing marked in this article."
        disagree = sum(c.disagreement for c in cands)
        waiting = sum(c.state == "pending" for c in cands)
        return (f"Comparing {names}: {plural(len(cands), 'candidate')}, "
                f"{len(cands) - disagree} agreed, {plural(disagree, 'disagreement')}; "
                f"{waiting} to decide.   J/K next/previous, "
                "1-9 accept that annotator's, X reject, Ctrl+Shift+A accept all agreed, "
                "Shift+E the gold span's entry, B fit to selection.")

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.session.set_current(current.row())

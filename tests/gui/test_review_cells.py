"""The review table cuts long cells to fit; hovering a cell shows its whole text, as plain
text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.core import AddSpan, History, SetStatus, Store

from .conftest import open_window  # noqa: F401
from .test_review import start_review

SENTENCE = "Officials at\u00a0the ministry said talks would resume in March."


def annotate_long_claims(path) -> None:
    """alice and bob both mark the long last sentence of "hard" as a claim, bob without the
    full stop: the table shows both versions, cut to fit."""
    store = Store.open(path)
    pk = store.annotations.article_by_id("hard").pk
    start = store.annotations.article(pk).text.index(SENTENCE)
    for who, end in (("alice", start + len(SENTENCE)), ("bob", start + len(SENTENCE) - 1)):
        History(store, who).run(AddSpan(pk, who, start, end, "CLAIM"))
        History(store, who).run(SetStatus(pk, who, "done"))
    store.close()


def hover(qtbot, table, row: int, column: int) -> str:
    """What the tooltip says when the mouse rests on a cell."""
    rect = table.visualRect(table.model().index(row, column))
    point = rect.center()
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, point, table.viewport().mapToGlobal(point))
    QApplication.sendEvent(table.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    return QToolTip.text()


def test_a_cut_cell_is_read_whole_in_its_tooltip(open_window, store_file, qtbot):  # noqa: F811
    annotate_long_claims(store_file)
    window = open_window(store_file, "carol")
    start_review(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_J)  # to the claim
    table = window.review.panel.table
    model = table.model()
    row = table.currentIndex().row()
    shown = model.data(model.index(row, 0))
    assert shown.endswith("…") and len(shown) < len(SENTENCE)
    tip = hover(qtbot, table, row, 0)
    assert SENTENCE.replace("\u00a0", " ") in tip_text(tip)
    bob = next(c for c in range(model.columnCount())
               if model.headerData(c, Qt.Orientation.Horizontal) == "2 bob")
    assert "resume in March”" in tip_text(hover(qtbot, table, row, bob))
    assert "…" not in tip_text(hover(qtbot, table, row, bob))
    QToolTip.hideText()
    window.controller.close_store()


def tip_text(html: str) -> str:
    """The text a tooltip shows (tooltips are rich text made from plain text)."""
    from PySide6.QtGui import QTextDocument
    doc = QTextDocument()
    doc.setHtml(html)
    return doc.toPlainText().replace("\u00a0", " ")

"""A small window: it keeps a minimum size at which the label legend's rows never overlap,
and the label guidelines wrap instead of being cut off."""

from __future__ import annotations

from itertools import combinations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QTableWidget

from annotator.gui.main_window import MIN_SIZE

from .conftest import answer_next_dialog


def legend_rects(window) -> list[tuple[str, QRect]]:
    box = window.label_panel.box
    inner = window.label_panel.widget()
    out = []
    for i in range(box.count()):
        widget = box.itemAt(i).widget()
        if widget is not None:
            out.append((widget.text(), QRect(widget.mapTo(inner, widget.rect().topLeft()),
                                             widget.size())))
    return out


def test_the_window_keeps_a_size_where_the_legend_does_not_overlap(qtbot, window):
    window.resize(480, 320)
    QApplication.processEvents()
    assert (window.width(), window.height()) == MIN_SIZE
    rects = legend_rects(window)
    labels = window.controller.schema.labels
    headings = {label.kind for label in labels}
    assert len(rects) == len(headings) + len(labels)  # every heading and label is laid out
    for (a, ra), (b, rb) in combinations(rects, 2):
        assert not ra.intersects(rb), (a, b)
    box = window.label_panel.box
    visible = window.label_panel.viewport().width()
    for i in range(box.count()):
        widget = box.itemAt(i).widget()
        assert widget.height() >= widget.minimumSizeHint().height(), widget.text()
        assert widget.width() >= widget.minimumSizeHint().width(), widget.text()
    for text, rect in rects:
        assert rect.right() < visible, text  # not cut off at the side
    assert window.view.width() > 300  # the text keeps most of what is left
    # the whole legend shows; squeezed by its splitter, it keeps its room
    assert window.label_panel.verticalScrollBar().maximum() == 0
    window.side.setSizes([40, 400, 200])
    QApplication.processEvents()
    assert window.label_panel.verticalScrollBar().maximum() == 0
    for (a, ra), (b, rb) in combinations(legend_rects(window), 2):
        assert not ra.intersects(rb), (a, b)


def test_label_guidelines_wrap_instead_of_being_cut_off(qtbot, window):
    seen = {}

    def read(dialog) -> None:
        table = dialog.findChild(QTableWidget)
        QApplication.processEvents()
        last = table.columnCount() - 1
        seen["cut"] = table.horizontalScrollBar().maximum()
        seen["right"] = table.columnViewportPosition(last) + table.columnWidth(last)
        seen["width"] = table.viewport().width()
        seen["short"] = [r for r in range(table.rowCount())
                         if table.rowHeight(r) < table.sizeHintForRow(r)]
        seen["tall"] = max(table.rowHeight(r) for r in range(table.rowCount()))
        seen["line"] = table.fontMetrics().height()
        dialog.reject()
    answer_next_dialog(read)
    window.actions_["guidelines"].trigger()
    assert seen["cut"] == 0 and seen["right"] <= seen["width"]
    assert seen["short"] == []
    assert seen["tall"] > 1.5 * seen["line"]  # a long guideline takes two lines

"""Selecting a span repaints only the paragraphs of its outline and of the one outlined
before (a full repaint of the view costs about 10 ms on every Tab, J or accepted key)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtWidgets import QApplication


class Painted(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.regions: list[QRect] = []

    def eventFilter(self, _watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.regions.append(event.region().boundingRect())
        return False


def test_selecting_repaints_the_two_outlines_only(qtbot, window):
    c = window.controller
    c.load_article(c.store.annotations.article_by_id("long").pk)
    text = c.state.article.text
    first, third = text.index("witness number 1 "), text.index("witness number 3 ")
    one = c.add_span("PERSON", first, first + len("witness number 1"))
    two = c.add_span("PERSON", third, third + len("witness number 3"))
    c.select_span(None)
    QApplication.processEvents()
    painted = Painted()
    window.view.viewport().installEventFilter(painted)
    c.select_span(one.id)
    QApplication.processEvents()
    c.select_span(two.id)
    QApplication.processEvents()
    height = window.view.viewport().height()
    assert painted.regions and all(r.height() < height / 2 for r in painted.regions)
    old, new = window.view.tags.area_of(one), window.view.tags.area_of(two)
    assert painted.regions[-1].contains(old.intersected(window.view.viewport().rect()))
    assert painted.regions[-1].contains(new.intersected(window.view.viewport().rect()))
    assert window.view.selected_span().id == two.id

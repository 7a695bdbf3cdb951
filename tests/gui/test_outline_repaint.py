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


def test_accepting_a_suggestion_repaints_its_paragraph_and_draws_it(qtbot, open_window,
                                                                     store_file):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QTextCursor

    from .test_suggestions import at, show_layer, suggest

    suggest(store_file)
    window = open_window(store_file)
    show_layer(window)
    view, keys = window.view, window.suggest_keys
    doha = next(s for s in window.controller.state.suggestions if s.text == "Doha")
    keys._go(doha)  # as J goes there
    QApplication.processEvents()
    painted = Painted()
    view.viewport().installEventFilter(painted)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert all(r.height() < view.viewport().height() / 2 for r in painted.regions)
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.index.to_utf16(at("Doha")[0] + 1))
    point = view.cursorRect(cursor).center()
    drawn = view.viewport().grab().toImage().pixelColor(point.x(), point.y() + 1)
    page = view.viewport().palette().color(view.viewport().backgroundRole())
    assert drawn != page  # the fill is drawn, not only stored in the layout
    assert drawn.name() != QColor("white").name()
    window.controller.close_store()

"""The bars beside the article's paragraphs: one column per kind with a `margin_column` in
core/kinds.py (claims left, quotes right), so a quote inside a claim still shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from ...core.kinds import all_kinds, margin_columns

if TYPE_CHECKING:
    from .text_view import ArticleView

BAR_STEP = 6  # a bar 4 pixels wide and a gap of 2, from x = 2
MARGIN_WIDTH = 2 + BAR_STEP * margin_columns()  # 14 for two bars


class SpanMargin(QWidget):
    """Bars beside the paragraphs that hold claims (left) and quotes (right): a bar for each
    kind with a `margin_column` in core/kinds.py."""

    def __init__(self, view: ArticleView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(MARGIN_WIDTH, 0)

    def paintEvent(self, event) -> None:  # noqa: N802
        view = self.view
        if view.layout_ is None or view.schema is None:
            return
        painter = QPainter(self)
        block = view.firstVisibleBlock()
        top = round(view.blockBoundingGeometry(block).translated(view.contentOffset()).top())
        while block.isValid() and top <= event.rect().bottom():
            height = round(view.blockBoundingRect(block).height())
            kinds = view.layout_.kinds_in(block.blockNumber(), view.schema)
            for kind in all_kinds():
                if kind.margin_column is not None and kind.name in kinds:
                    painter.fillRect(2 + BAR_STEP * kind.margin_column, top + 1, 4, height - 2,
                                     QColor(kinds[kind.name]))
            block = block.next()
            top += height
        painter.end()

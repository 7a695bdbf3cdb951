"""Tags painted over the article (docs/architecture.md, "Drawing spans"): each span's label
name at its start, each quote's speaker and each claim's source at its end (`→ Zarif`), and
an outline round the selected span.

They are painted on the viewport after the text, so the document, and with it every offset
and the selection, stays as it is (QPlainTextEdit's layout has no room to reserve above a
line). Only the blocks in view are visited; a tag straddles its line's top (label) or bottom
(link), where it hides least of the text, and slides right past a tag already on that line.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

if TYPE_CHECKING:
    from ...core.model import Span
    from .text_view import ArticleView

TAG_SCALE = 0.62  # of the text's font size
TAG_ALPHA = 215
MAX_TAGS = 600  # more in one screen could not be read anyway
LINK_WIDTH = 24  # characters of a linked span's text, at most
OUTLINE_WIDTH = 2.0


@dataclass(frozen=True)
class Tag:
    """A tag as painted: the span it belongs to, where (viewport coordinates), what it says."""

    span_id: int
    rect: QRectF
    text: str


def short(text: str, width: int = LINK_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def ink(background: QColor) -> QColor:
    """Black or white, whichever reads on this background."""
    return QColor("#000000") if background.lightnessF() > 0.5 else QColor("#ffffff")


class TagPainter:
    """Paints the tags of the spans in view and remembers what it painted (for the tests and
    for anyone asking what is shown)."""

    def __init__(self, view: ArticleView) -> None:
        self.view = view
        self.labels = True  # View > Show label names
        self.links = True   # View > Show links
        self.label_tags: list[Tag] = []
        self.link_tags: list[Tag] = []
        self.outline: list[QRectF] = []
        self._tops: dict[int, float] = {}
        self._colors: dict[str, QColor] = {}  # label: its tag's colour
        self._schema: object = None  # the schema the colours are from

    def paint(self, painter: QPainter, area: QRect) -> None:
        """Paint the tags within `area` of the viewport (what Qt repaints: a blinking caret
        or an edited paragraph costs the tags there, not the screen's)."""
        view = self.view
        self.label_tags, self.link_tags, self.outline = [], [], []
        self._tops: dict[int, float] = {}  # block number: its top in the viewport, this paint
        layout, index, schema = view.layout_, view.index, view.schema
        if layout is None or index is None or schema is None:
            return
        font = QFont(view.font())
        font.setPointSizeF(max(5.0, font.pointSizeF() * TAG_SCALE))
        metrics = QFontMetricsF(font)
        painter.setFont(font)
        if self._schema is not schema:
            self._schema, self._colors = schema, {}
        # What is in the area, in Python offsets, a line more either side (a tag straddles
        # the strip between two lines): the spans are found by bisect from there, so a
        # paragraph of 100,000 spans costs the screenful at most, not the paragraph.
        line = round(metrics.height() * 2 / TAG_SCALE)
        top_left = QPoint(0, max(0, area.top() - line))
        corner = QPoint(view.viewport().width(), min(view.viewport().height(),
                                                     area.bottom() + line))
        lo = index.from_utf16(view.cursorForPosition(top_left).position())
        hi = index.from_utf16(view.cursorForPosition(corner).position()) + 1
        free: dict[int, list[tuple[float, float]]] = {}  # a strip between lines: its tags' x
        painted = 0
        if self.labels:
            shown = layout.spans[bisect_left(layout.starts, lo):bisect_right(layout.starts, hi)]
            for span in sorted(shown, key=lambda s: (s.start, -s.end))[:MAX_TAGS]:
                self._tag(painter, metrics, free, span, span.start, span.label, span.label,
                          top=True)
                painted += 1
        if self.links:
            for head, said in view.links.items():
                span = view.spans.get(head)
                if span is not None and lo < span.end <= hi and painted < MAX_TAGS:
                    self._tag(painter, metrics, free, span, span.end,
                              "→ " + ", ".join(short(t) for t in said), span.label, top=False)
                    painted += 1
        selected = view.selected_span()
        if selected is not None and selected.start <= hi and selected.end >= lo:
            self._outline_all(painter, selected)

    def area_of(self, span: Span) -> QRect:
        """The viewport's stretch over the span's paragraphs, with a line's height above and
        below (tags straddle the strip between lines): what its outline changes."""
        doc, index = self.view.document(), self.view.index
        assert index is not None
        return self.area_of_blocks(doc.findBlock(index.to_utf16(span.start)),
                                   doc.findBlock(index.to_utf16(span.end)))

    def area_of_blocks(self, first, last) -> QRect:
        """The viewport's stretch over blocks first to last, a line's height above and below."""
        view = self.view
        offset = view.contentOffset()
        top = view.blockBoundingGeometry(first).translated(offset).top()
        bottom = view.blockBoundingGeometry(last).translated(offset).bottom()
        pad = view.fontMetrics().height()
        return QRect(0, int(top) - pad, view.viewport().width(), int(bottom - top) + 2 * pad)

    def _outline_all(self, painter: QPainter, span: Span) -> None:
        """The selected span's outline, in the blocks of it that are in view."""
        view = self.view
        height, offset = view.viewport().height(), view.contentOffset()
        block = view.firstVisibleBlock()
        while block.isValid():
            geometry = view.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > height:
                break
            if block.isVisible():
                self._outline(painter, block, geometry.top(), span)
            block = block.next()

    def _tag(self, painter: QPainter, metrics: QFontMetricsF,
             free: dict[int, list[tuple[float, float]]], span: Span, at: int, text: str,
             label: str, top: bool) -> None:
        view = self.view
        left, line_top, line_bottom = self._caret(at)
        # a tight box: the small font's ascent and descent, no leading
        width, height = metrics.horizontalAdvance(text) + 4, metrics.ascent() + metrics.descent()
        # The strip between two lines holds the label tags of the lower line and the link
        # tags of the upper one: one row of tags, each placed right of the one before.
        strip = round(line_top if top else line_bottom)
        taken = free.setdefault(strip, [])
        x = left
        moved = True
        while moved:  # past every tag it would cover (a strip holds a few)
            moved = False
            for left, right in taken:
                if left < x + width and x < right:
                    x, moved = right + 2, True
        taken.append((x, x + width))
        rect = QRectF(x, max(0.0, strip - height * 0.7), width, height)
        color = self._colors.get(label)
        if color is None:
            info = view.schema.label(label)  # type: ignore[union-attr]
            color = self._colors[label] = QColor(info.color if info is not None else "#999999")
            color.setAlpha(TAG_ALPHA)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(rect, 3, 3)
        painter.setPen(ink(color))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        (self.label_tags if top else self.link_tags).append(Tag(span.id, rect, text))

    def _caret(self, at: int) -> tuple[float, float, float]:
        """Where the gap before offset `at` is in the viewport: x, and its line's top and
        bottom. Read from the block's layout (a QTextCursor per tag cost 25 µs)."""
        view = self.view
        position = view.index.to_utf16(at)  # type: ignore[union-attr]
        block = view.document().findBlock(position)
        top = self._tops.get(block.blockNumber())
        if top is None:
            geometry = view.blockBoundingGeometry(block).translated(view.contentOffset())
            top = self._tops[block.blockNumber()] = geometry.top()
        text_layout = block.layout()
        line = text_layout.lineForTextPosition(position - block.position())
        if not line.isValid():
            return text_layout.position().x(), top, top
        x = text_layout.position().x() + line.cursorToX(position - block.position())[0]
        return x, top + line.y(), top + line.y() + line.height()

    def _outline(self, painter: QPainter, block, top: float, span: Span) -> None:
        """A box round each line's piece of the selected span, in its label's colour."""
        view = self.view
        index = view.index
        info = view.schema.label(span.label)  # type: ignore[union-attr]
        color = QColor(info.color if info is not None else "#999999").darker(130)
        first = index.to_utf16(span.start) - block.position()  # type: ignore[union-attr]
        last = index.to_utf16(span.end) - block.position()  # type: ignore[union-attr]
        text_layout = block.layout()
        painter.setPen(QPen(color, OUTLINE_WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for number in range(text_layout.lineCount()):
            line = text_layout.lineAt(number)
            a = max(first, line.textStart())
            b = min(last, line.textStart() + line.textLength())
            if a >= b:
                continue
            left, right = line.cursorToX(a)[0], line.cursorToX(b)[0]
            origin = QPointF(text_layout.position().x(), top + line.y())
            rect = QRectF(origin.x() + left - 1, origin.y(), right - left + 2, line.height())
            painter.drawRoundedRect(rect, 2, 2)
            self.outline.append(rect)

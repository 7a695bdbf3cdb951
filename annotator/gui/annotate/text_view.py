"""The article's body: read-only, selectable by mouse and keyboard, spans drawn over it.

This is the only widget that deals in Qt text positions; it converts them to Python offsets
with the article's Utf16Index at once (text_positions.py; docs/architecture.md, "Text and
offsets") and never takes text from Qt: what a selection holds is always sliced from the
stored article. What it marks besides spans is in marks.py.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from ..plain import tooltip_text
from .highlighter import SpanHighlighter, SpanLayout
from .margin import MARGIN_WIDTH, SpanMargin
from .marks import TransientMarks
from .tags import TagPainter
from .text_positions import TextPositions

if TYPE_CHECKING:
    from ...core.model import Span
    from ...core.schema import Schema
    from ...core.text import DisplayIndex, Utf16Index

# Formatted as an article loads: more than a screen of text at any zoom.
FIRST_SCREEN_CHARACTERS = 12_000


class ArticleView(TextPositions, QPlainTextEdit):
    span_clicked = Signal(object)        # the innermost span under a click, or None
    clicked_at = Signal(int)             # a click without a selection, at this offset
    selection_moved = Signal(int, int)   # the selection in Python offsets (start, end)
    walk = Signal(int)                   # Tab / Shift+Tab: next / previous span
    cleared = Signal()                   # Esc

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        # Word wrap that falls back to anywhere: a 300k line without spaces stays fast.
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(False)
        # A scroll bar that comes and goes changes the width, and a new width lays the text
        # out again: half a second more to open a long article after a short one.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.highlighter = SpanHighlighter(self.document())
        self.highlighter.repaint.connect(lambda block: self.viewport().update(
            self.tags.area_of_blocks(block, block)))
        self.layout_: SpanLayout | None = None
        self.index: Utf16Index | DisplayIndex | None = None
        self.text = ""
        self.schema: Schema | None = None
        self.spans: dict[int, Span] = {}
        self.suggestions: dict[int, Span] = {}  # another layer's spans, offered (dashed)
        self.suggestion_layout: SpanLayout | None = None
        self._outlined: Span | None = None
        self._selected: int | None = None  # the selected span's id
        self.links: dict[int, list[str]] = {}  # a quote's or claim's id: who said it
        self.tags = TagPainter(self)
        self.marks = TransientMarks(self)  # find hits, review's, the suggestion J / K went to
        # What a tooltip says about a span; the window adds attributes and links.
        self.describe: Callable[[Span], str] = lambda span: f"{span.label}: {span.text}"
        # What a tooltip adds at an offset (review: every annotator's version there).
        self.describe_offset: Callable[[int], str] = lambda offset: ""
        self.margin = SpanMargin(self)
        self.setViewportMargins(MARGIN_WIDTH, 0, 0, 0)
        self.updateRequest.connect(self._update_margin)
        self.verticalScrollBar().valueChanged.connect(self.show_visible_blocks)
        self.cursorPositionChanged.connect(self._report_selection)
        self.selectionChanged.connect(self._report_selection)

    # -- content ---------------------------------------------------------------------

    def show_article(self, text: str, index: Utf16Index | None, spans: dict[int, Span],
                     schema: Schema | None, suggestions: Sequence[Span] = ()) -> None:
        """Show a new article with its spans (and the suggestions offered over them):
        highlighted once, as the text goes in."""
        # Lines too long for Qt to lay out quickly are shown in pieces; the index maps
        # positions over the added breaks, so everything else sees the stored text.
        from ...core.text import DisplayIndex, line_breaks, with_breaks
        breaks = line_breaks(text) if index is not None else []
        self.text, self.schema = text, schema
        self.index = DisplayIndex(index, breaks) if breaks and index is not None else index
        self.spans = dict(spans)
        self._selected, self._outlined = None, None
        self.marks.forget()
        self.layout_ = (SpanLayout(text, self.index, list(spans.values()), breaks)
                        if self.index is not None else None)
        self.suggestions = {span.id: span for span in suggestions}
        self.suggestion_layout = (SpanLayout(text, self.index, list(suggestions),
                                             blocks_of=self.layout_)
                                  if self.layout_ is not None and self.index is not None
                                  else None)
        # Blocks formatted as the text loads: enough for a screenful (the rest as it shows).
        first = (bisect_right(self.layout_.block_starts, FIRST_SCREEN_CHARACTERS)
                 if self.layout_ is not None else 0)
        self.highlighter.set_spans(self.layout_, schema, first, self.suggestion_layout)
        self.setPlainText(with_breaks(text, breaks))
        self.setExtraSelections([])
        self.show_visible_blocks()

    def update_spans(self, before: dict[int, Span | None], now: dict[int, Span],
                     offered: Sequence[Span] | None = None) -> None:
        """Redraw only the blocks that the changed spans covered before or cover now (and
        those of the suggestions that went or came with them, when `offered` is given)."""
        if self.layout_ is None:
            return
        blocks = self._suggestions_now(offered) if offered is not None else set()
        for span_id, old in before.items():
            if old is not None:
                blocks.update(self.layout_.remove(old))
            self.spans.pop(span_id, None)
            new = now.get(span_id)
            if new is not None:
                blocks.update(self.layout_.add(new))
                self.spans[span_id] = new
        self.highlighter.refresh_blocks(sorted(blocks))
        self.margin.update()

    def update_suggestions(self, offered: Sequence[Span]) -> None:
        """Draw these suggestions instead of those shown: only the blocks of the ones that
        went or came are drawn again."""
        self.highlighter.refresh_blocks(sorted(self._suggestions_now(offered)))

    def _suggestions_now(self, offered: Sequence[Span]) -> set[int]:
        """Take these suggestions as the ones shown; the blocks to draw again."""
        layout = self.suggestion_layout
        if layout is None:
            return set()
        now = {span.id: span for span in offered}
        blocks: set[int] = set()
        # the state hands over the same span objects until it reads them again
        for span_id, old in self.suggestions.items():
            if now.get(span_id) is not old:
                blocks.update(layout.remove(old))
        for span_id, new in now.items():
            if self.suggestions.get(span_id) is not new:
                blocks.update(layout.add(new))
        self.suggestions = now
        return blocks

    def suggestion_at(self, offset: int) -> Span | None:
        """The innermost suggestion over `offset`, if any."""
        inside = [s for s in self.suggestions.values() if s.start <= offset < s.end]
        return min(inside, key=lambda s: (s.end - s.start, s.id)) if inside else None

    def span_at(self, offset: int) -> Span | None:
        """The innermost span over `offset`, if any."""
        inside = [s for s in self.spans.values() if s.start <= offset < s.end]
        return min(inside, key=lambda s: (s.end - s.start, s.id)) if inside else None

    def show_visible_blocks(self) -> None:
        """Format the blocks in view (the highlighter formats blocks as they show)."""
        if self.layout_ is None:
            return
        # Where the view starts and ends, found by hit-testing its corners (cheaper than
        # asking each block's geometry, which lays out the block after the view too).
        corner = QPoint(self.viewport().width(), self.viewport().height())
        top = self.cursorForPosition(QPoint(0, 0)).position()
        bottom = self.cursorForPosition(corner).position()
        first = min(self.firstVisibleBlock().blockNumber(),
                    self.document().findBlock(top).blockNumber())
        block = self.document().findBlock(bottom)
        if block.next().isValid():
            block = block.next()  # a line of the next paragraph may peek in
        self.highlighter.show_blocks(range(first, max(first, block.blockNumber()) + 1))
        if self.marks.candidates and self.index is not None:
            self.marks.scrolled(self.index.from_utf16(self.firstVisibleBlock().position()),
                                self.index.from_utf16(block.position() + block.length() - 1
                                                      if block.isValid()
                                                      else self.index.utf16_length))

    # -- marks that come and go (the selected span, search hits: marks.py) ------------

    def mark_selected(self, span: Span | None) -> None:
        """Outline the selected span (painted, see tags.py): a fill would hide the spans
        nested in it."""
        before, self._outlined = self._outlined, span  # the span as it was outlined
        self._selected = None if span is None else span.id
        for one in (before, span):  # only their paragraphs (a full repaint is ~10 ms)
            if one is not None and self.index is not None:
                self.viewport().update(self.tags.area_of(one))

    def selected_span(self) -> Span | None:
        return self.spans.get(self._selected) if self._selected is not None else None

    def set_links(self, links: dict[int, list[str]]) -> None:
        """What each quote or claim is linked to (the texts of its speakers or sources)."""
        if links != self.links:  # most edits leave them as they were: no repaint then
            self.links = links
            self.viewport().update()

    def show_tags(self, labels: bool | None = None, links: bool | None = None) -> None:
        """Turn the label names or the links painted in the text on or off."""
        if labels is not None:
            self.tags.labels = labels
        if links is not None:
            self.tags.links = links
        self.viewport().update()

    def painted_tags(self) -> list[tuple[int, QRectF]]:
        """(span id, rect) of each label name painted the last time the view (or the part of
        it Qt repainted) was drawn."""
        return [(tag.span_id, tag.rect) for tag in self.tags.label_tags]

    def painted_links(self) -> list[tuple[int, str]]:
        """(span id, text) of each link tag painted last time the view was drawn."""
        return [(tag.span_id, tag.text) for tag in self.tags.link_tags]

    def mark_hits(self, hits: list[tuple[int, int]]) -> None:
        self.marks.set_hits(hits)

    def mark_suggestion(self, extent: tuple[int, int] | None) -> None:
        """Shade the suggestion under decision (J / K went to it)."""
        self.marks.set_suggestion(extent)

    def mark_candidates(self, disagreements: list[tuple[int, int]],
                        current: tuple[int, int] | None) -> None:
        """Review: underline where annotators disagree, shade the stretch under review."""
        self.marks.set_candidates(disagreements, current)

    # -- events ----------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Tab walks the spans instead of moving the focus (QWidget takes Tab early).
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if event.key() == Qt.Key.Key_Tab and plain:
                self.walk.emit(1)
                return True
            if event.key() == Qt.Key.Key_Backtab:
                self.walk.emit(-1)
                return True
        return super().event(event)

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 (Qt's name)
        """Copy the stored text, not Qt's: no U+2029, no break added to a long line."""
        # Made by Qt, not by Python: the clipboard deletes it after the interpreter has
        # ended, and deleting one made in Python then crashed (a copy, then quitting).
        # Qt's fills itself from the selection when first read: read it once, then replace
        # what it holds.
        data = super().createMimeDataFromSelection()
        data.text()
        data.clear()
        selected = self.selection_range()
        data.setText(self.text[selected[0]:selected[1]] if selected else "")
        return data

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.tags.paint(painter, event.rect())
        finally:
            painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.clear_selection()
            self.cleared.emit()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            offset = self.offset_at(event.position().toPoint())
            span = self.span_at(offset) if offset is not None else None
            self.span_clicked.emit(span.id if span else None)
            if offset is not None:
                self.clicked_at.emit(offset)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip:
            offset = self.offset_at(event.pos())
            covering = sorted((s for s in self.spans.values()
                               if offset is not None and s.start <= offset < s.end),
                              key=lambda s: (s.start, -s.end))
            lines = [self.describe(span) for span in covering]
            lines += [f"Suggested {span.label}: {span.text}"
                      for span in sorted(self.suggestions.values(),
                                         key=lambda s: (s.start, -s.end))
                      if offset is not None and span.start <= offset < span.end]
            extra = self.describe_offset(offset) if offset is not None else ""
            if extra:
                lines.append(extra)
            if lines:
                QToolTip.showText(event.globalPos(), tooltip_text("\n".join(lines)), self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def _report_selection(self) -> None:
        if self.index is None:
            return
        cursor = self.textCursor()
        start = self.index.from_utf16(cursor.selectionStart())
        end = self.index.from_utf16(cursor.selectionEnd(), round_up=True)
        self.selection_moved.emit(start, end)

    # -- the margin ------------------------------------------------------------------

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.show_visible_blocks()
        rect = self.contentsRect()
        self.margin.setGeometry(QRect(rect.left(), rect.top(), MARGIN_WIDTH, rect.height()))

    def _update_margin(self, rect: QRect, dy: int) -> None:
        if dy:
            self.margin.scroll(0, dy)
        else:
            self.margin.update(0, rect.y(), self.margin.width(), rect.height())

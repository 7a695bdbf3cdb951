"""Drawing spans without touching the document (DESIGN.md, "Measured choices").

`SpanLayout` knows which spans fall in which block (paragraph) of the document, in Python
offsets; `SpanHighlighter` turns a block's spans into formats when Qt asks for that block, so
adding or removing one span re-highlights only the blocks it covers.

How kinds are drawn so that nesting and overlap stay visible: an entity is a background in
its label's colour (the innermost wins where entities nest); a claim is a wavy underline, a
quote a straight underline, in their label's colour; claims and quotes also get a bar in the
margin beside their paragraphs (see margin.py), so a quote inside a claim still shows.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

if TYPE_CHECKING:
    from ..core.model import Span
    from ..core.schema import Schema
    from ..core.text import Utf16Index


# Qt starts a new block at each of these (setPlainText turns "\n" into U+2029).
_BLOCK_BREAK = re.compile("[\n\u2029]")
ENTITY_ALPHA = 110
LONG = 2000  # spans longer than this (whole paragraphs of quote) are looked up apart


class SpanLayout:
    """The spans of one article and the blocks they touch.

    Spans are kept sorted by start; the spans of a block are looked up when the block is
    drawn (and remembered until a span in it changes), so opening an article costs nothing
    per span beyond the sorted list.
    """

    def __init__(self, text: str, index: Utf16Index, spans: list[Span]) -> None:
        self.index = index
        self.length = len(text)
        self.block_starts = [0, *(m.end() for m in _BLOCK_BREAK.finditer(text))]
        self.spans = sorted(spans, key=_start)  # stable: the store's order stays
        self.starts = [span.start for span in self.spans]
        self.long = {span.id: span for span in self.spans if span.end - span.start > LONG}
        self._cache: dict[int, list[Span]] = {}

    def blocks_of(self, start: int, end: int) -> range:
        first = bisect_right(self.block_starts, start) - 1
        last = bisect_right(self.block_starts, max(start, end - 1)) - 1
        return range(first, last + 1)

    def in_block(self, number: int) -> list[Span]:
        """The spans that cover part of block `number`."""
        found = self._cache.get(number)
        if found is None:
            begin = self.block_starts[number]
            end = (self.block_starts[number + 1] if number + 1 < len(self.block_starts)
                   else self.length + 1)
            # a span that reaches into the block starts at most LONG before it, or is long
            first = bisect_left(self.starts, begin - LONG)
            last = bisect_left(self.starts, end)
            found = [span for span in self.spans[first:last]
                     if span.end > begin and span.id not in self.long]
            found += [span for span in self.long.values()
                      if span.start < end and span.end > begin]
            self._cache[number] = found
        return found

    def add(self, span: Span) -> range:
        at = bisect_right(self.starts, span.start)
        self.starts.insert(at, span.start)
        self.spans.insert(at, span)
        if span.end - span.start > LONG:
            self.long[span.id] = span
        return self._forget(span)

    def remove(self, span: Span) -> range:
        at = bisect_left(self.starts, span.start)
        while at < len(self.spans) and self.spans[at].id != span.id:
            at += 1
        if at < len(self.spans):
            del self.spans[at], self.starts[at]
        self.long.pop(span.id, None)
        return self._forget(span)

    def _forget(self, span: Span) -> range:
        blocks = self.blocks_of(span.start, span.end)
        for block in blocks:
            self._cache.pop(block, None)
        return blocks

    def kinds_in(self, block: int, schema: Schema) -> dict[str, str]:
        """The kinds of span in a block, each with the colour of one of its labels."""
        kinds: dict[str, str] = {}
        for span in self.in_block(block):
            label = schema.label(span.label)
            if label is not None:
                kinds.setdefault(label.kind, label.color)
        return kinds


def _start(span: Span) -> int:
    return span.start


class SpanHighlighter(QSyntaxHighlighter):
    """Formats blocks as they come into view, not all at once.

    Qt highlights every block of a document when its text is set; here only the blocks in
    `shown` get formats (the others return at once), and the view adds blocks to `shown`
    as it scrolls to them (`show_blocks`). A 300,000-character article then costs the
    screenful that is visible, not 5,000 spans' worth of formats.
    """

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.layout: SpanLayout | None = None
        self.schema: Schema | None = None
        self.shown: set[int] = set()
        self._formats: dict[tuple, QTextCharFormat] = {}
        self._kinds: dict[str, tuple[str, QColor]] = {}

    def set_spans(self, layout: SpanLayout | None, schema: Schema | None,
                  first_blocks: int) -> None:
        """Set before `setPlainText`: the first blocks are formatted as the text loads."""
        self.layout, self.schema = layout, schema
        self.shown = set(range(first_blocks))
        self._formats.clear()
        self._kinds = {} if schema is None else {
            label.name: (label.kind, QColor(label.color)) for label in schema.labels}

    def show_blocks(self, numbers: range) -> None:
        """Format the blocks coming into view that are not formatted yet."""
        new = [n for n in numbers if n not in self.shown]
        self.shown.update(new)
        self.refresh_blocks(new)

    def refresh_blocks(self, blocks) -> None:
        """Format these blocks again (those in view; the others wait until they are)."""
        document = self.document()
        for number in blocks:
            if number in self.shown:
                block = document.findBlockByNumber(number)
                if block.isValid():
                    self.rehighlightBlock(block)

    def _format(self, key: tuple) -> QTextCharFormat:
        fmt = self._formats.get(key)
        if fmt is None:
            entity, claim, quote = key
            fmt = QTextCharFormat()
            if entity is not None:
                color = QColor(self._kinds[entity][1])
                color.setAlpha(ENTITY_ALPHA)
                fmt.setBackground(color)
            underline = claim or quote
            if underline is not None:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline if claim
                                      else QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(self._kinds[underline][1])
            self._formats[key] = fmt
        return fmt

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        layout = self.layout
        if layout is None:
            return
        number = self.currentBlock().blockNumber()
        if number not in self.shown:
            return
        spans = layout.in_block(number)
        if not spans:
            return
        block_start = layout.block_starts[number]
        block_end = (layout.block_starts[number + 1] if number + 1 < len(layout.block_starts)
                     else layout.length)
        kinds = self._kinds
        # Sweep over the points where some span starts or ends: between two of them the
        # same spans are active, and so is one format.
        points = sorted({max(s.start, block_start) for s in spans}
                        | {min(s.end, block_end) for s in spans})
        ordered = sorted(spans, key=_start)
        to_utf16 = layout.index.to_utf16
        base = to_utf16(block_start)
        for left, right in zip(points, points[1:], strict=False):
            entity = claim = quote = None
            entity_length = 0
            for span in ordered:
                if span.start > left:
                    break
                if span.end < right:
                    continue
                kind = kinds.get(span.label, ("entity", None))[0]
                if kind == "entity":
                    if entity is None or span.end - span.start < entity_length:
                        entity, entity_length = span.label, span.end - span.start
                elif kind == "claim":
                    claim = span.label
                else:
                    quote = span.label
            if entity is None and claim is None and quote is None:
                continue
            start16 = to_utf16(left)
            self.setFormat(start16 - base, to_utf16(right) - start16,
                           self._format((entity, claim, quote)))

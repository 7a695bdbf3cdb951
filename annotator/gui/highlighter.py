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
from bisect import bisect_right

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from ..core.model import Span
from ..core.schema import Schema
from ..core.text import Utf16Index

# Qt starts a new block at each of these (setPlainText turns "\n" into U+2029).
_BLOCK_BREAK = re.compile("[\n\u2029]")
ENTITY_ALPHA = 110


class SpanLayout:
    """The spans of one article, filed by the blocks they touch."""

    def __init__(self, text: str, index: Utf16Index) -> None:
        self.index = index
        self.length = len(text)
        self.block_starts = [0, *(m.end() for m in _BLOCK_BREAK.finditer(text))]
        self.by_block: dict[int, dict[int, Span]] = {}

    def blocks_of(self, start: int, end: int) -> range:
        first = bisect_right(self.block_starts, start) - 1
        last = bisect_right(self.block_starts, max(start, end - 1)) - 1
        return range(first, last + 1)

    def add(self, span: Span) -> range:
        blocks = self.blocks_of(span.start, span.end)
        for block in blocks:
            self.by_block.setdefault(block, {})[span.id] = span
        return blocks

    def remove(self, span: Span) -> range:
        blocks = self.blocks_of(span.start, span.end)
        for block in blocks:
            spans = self.by_block.get(block)
            if spans is not None:
                spans.pop(span.id, None)
        return blocks

    def kinds_in(self, block: int, schema: Schema) -> dict[str, str]:
        """The kinds of span in a block, each with the colour of one of its labels."""
        kinds: dict[str, str] = {}
        for span in self.by_block.get(block, {}).values():
            label = schema.label(span.label)
            if label is not None:
                kinds.setdefault(label.kind, label.color)
        return kinds


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.layout: SpanLayout | None = None
        self.schema: Schema | None = None
        self._formats: dict[tuple, QTextCharFormat] = {}
        self._kinds: dict[str, tuple[str, QColor]] = {}

    def set_spans(self, layout: SpanLayout | None, schema: Schema | None) -> None:
        """Set before `setPlainText`, so the document is highlighted once as it loads."""
        self.layout, self.schema = layout, schema
        self._formats.clear()
        self._kinds = {} if schema is None else {
            label.name: (label.kind, QColor(label.color)) for label in schema.labels}

    def refresh_blocks(self, blocks: range) -> None:
        document = self.document()
        for number in blocks:
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
        spans = layout.by_block.get(number)
        if not spans:
            return
        block_start = layout.block_starts[number]
        block_end = (layout.block_starts[number + 1] if number + 1 < len(layout.block_starts)
                     else layout.length)
        kinds = self._kinds
        # Sweep over the points where some span starts or ends: between two of them the
        # same spans are active, and so is one format.
        points = sorted({max(s.start, block_start) for s in spans.values()}
                        | {min(s.end, block_end) for s in spans.values()})
        ordered = sorted(spans.values(), key=lambda s: s.start)
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

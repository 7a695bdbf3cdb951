"""Drawing spans without touching the document (docs/architecture.md, "Drawing spans").

`SpanLayout` knows which spans fall in which block (paragraph) of the document, in Python
offsets; `SpanHighlighter` turns a block's spans into formats when Qt asks for that block, so
adding or removing one span re-highlights only the blocks it covers.

How kinds are drawn so that nesting and overlap stay visible (each kind's `mark` in
core/kinds.py, mapped to Qt here): an entity is a background in its label's colour (the
innermost wins where entities nest); a claim is a wavy underline, a quote a straight
underline, in their label's colour; claims and quotes also get a bar in the margin beside
their paragraphs (SpanMargin in margin.py), so a quote inside a claim still shows.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from heapq import heappop, heappush
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import (
    QColor,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
    QTextLayout,
)

from ...core.kinds import Mark, kind_named
from ...core.palette import ENTITY_ALPHA

if TYPE_CHECKING:
    from ...core.model import Span
    from ...core.schema import Schema
    from ...core.text import DisplayIndex, Utf16Index


# Qt starts a new block at each of these (setPlainText turns "\n" into U+2029).
_BLOCK_BREAK = re.compile("[\n\u2029]")
LONG = 2000  # spans longer than this (whole paragraphs of quote) are looked up apart
# A format's key holds one label per mark, in this order; of two underlines the first wins.
SLOTS = tuple(Mark)
FILL_SLOT = SLOTS.index(Mark.FILL)
UNDERLINES = {Mark.WAVY_UNDERLINE: QTextCharFormat.UnderlineStyle.WaveUnderline,
              Mark.UNDERLINE: QTextCharFormat.UnderlineStyle.SingleUnderline}
SUGGESTION_UNDERLINE = QTextCharFormat.UnderlineStyle.DashUnderline
# A wave is thin and broken: drawn darker than its label's colour so it reads as strongly
# as a straight underline (Qt has no width for underlines).
DARKER = {Mark.WAVY_UNDERLINE: 150}
NOTHING = (None,) * len(SLOTS)


class SpanLayout:
    """The spans of one article and the blocks they touch.

    Spans are kept sorted by start; the spans of a block are looked up when the block is
    drawn (and remembered until a span in it changes), so opening an article costs nothing
    per span beyond the sorted list.
    """

    def __init__(self, text: str, index: Utf16Index | DisplayIndex, spans: list[Span],
                 breaks: list[int] = (),  # type: ignore[assignment]
                 blocks_of: SpanLayout | None = None) -> None:
        self.index = index
        self.length = len(text)
        if blocks_of is not None:  # the same text's blocks, found already
            self.added, self.block_starts = blocks_of.added, blocks_of.block_starts
        else:
            # the text's own paragraphs, and the pieces long lines are shown in (line_breaks)
            self.added = frozenset(breaks)
            self.block_starts = (sorted([*block_starts(text), *breaks]) if breaks
                                 else block_starts(text))
        self.spans = sorted(spans, key=_start)  # stable: the store's order stays
        self.starts = [span.start for span in self.spans]
        self.long = {span.id: span for span in self.spans if span.end - span.start > LONG}
        self._cache: dict[int, list[Span]] = {}
        self._kinds: dict[int, dict[str, str]] = {}

    def block_range(self, number: int) -> tuple[int, int]:
        """The block's [start, end) in Python offsets, without its line break."""
        if number + 1 == len(self.block_starts):
            return self.block_starts[number], self.length
        following = self.block_starts[number + 1]
        return self.block_starts[number], following - (following not in self.added)

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
            self._kinds.pop(block, None)
        return blocks

    def kinds_in(self, block: int, schema: Schema) -> dict[str, str]:
        """The kinds of span in a block, each with the colour of one of its labels."""
        kinds = self._kinds.get(block)
        if kinds is None:  # remembered: the margin asks on every paint
            kinds = {}
            for name in {span.label for span in self.in_block(block)}:
                label = schema.label(name)
                if label is not None:
                    kinds.setdefault(label.kind, label.color)
            self._kinds[block] = kinds
        return kinds


def block_starts(text: str) -> list[int]:
    """Where each block begins: after each "\n" (str.find runs at memchr speed, a regex
    scan of a 50 MB article takes half a second) and each U+2029, if there are any."""
    starts, find, at = [0], text.find, text.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = find("\n", at + 1)
    if "\u2029" in text:
        starts = sorted({*starts, *(m.end() for m in _BLOCK_BREAK.finditer(text))})
    return starts


def _start(span: Span) -> int:
    return span.start


class SpanHighlighter(QSyntaxHighlighter):
    """Formats blocks as they come into view, not all at once.

    Qt highlights every block of a document when its text is set; here only the blocks in
    `shown` get formats (the others return at once), and the view adds blocks to `shown`
    as it scrolls to them (`show_blocks`). A 300,000-character article then costs the
    screenful that is visible, not 5,000 spans' worth of formats.
    """

    repaint = Signal(QTextBlock)  # a block formatted again: its stretch of the view to draw

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.layout: SpanLayout | None = None
        self.suggestions: SpanLayout | None = None  # drawn over the layout's spans
        self.schema: Schema | None = None
        self.shown: set[int] = set()
        self._formats: dict[tuple, QTextCharFormat] = {}
        self._kinds: dict[str, tuple[int, QColor]] = {}  # label: (its mark's slot, colour)

    def set_spans(self, layout: SpanLayout | None, schema: Schema | None,
                  first_blocks: int, suggestions: SpanLayout | None = None) -> None:
        """Set before `setPlainText`: the first blocks are formatted as the text loads."""
        self.layout, self.schema, self.suggestions = layout, schema, suggestions
        self.shown = set(range(first_blocks))
        self._formats.clear()
        self._kinds = {} if schema is None else {  # a kind outside the registry raises
            label.name: (SLOTS.index(kind_named(label.kind).mark), QColor(label.color))
            for label in schema.labels}

    def show_blocks(self, numbers: range) -> None:
        """Format the blocks coming into view that are not formatted yet."""
        new = [n for n in numbers if n not in self.shown]
        self.shown.update(new)
        self.refresh_blocks(new)

    def refresh_blocks(self, blocks) -> None:
        """Format these blocks again (those in view; the others wait until they are).

        The formats go straight to each block's layout and `repaint` asks for that block
        alone: `rehighlightBlock` marks the document changed, and a QPlainTextEdit repaints
        its whole viewport on any change (about 10 ms a screen). The formats only colour and
        underline, so the block's lines stay where they are."""
        document = self.document()
        for number in blocks:
            if number in self.shown:
                block = document.findBlockByNumber(number)
                if block.isValid():
                    ranges = []
                    for start, length, fmt in self._ranges(number):
                        one = QTextLayout.FormatRange()
                        one.start, one.length, one.format = start, length, fmt
                        ranges.append(one)
                    block.layout().setFormats(ranges)
                    self.repaint.emit(block)

    def _format(self, key: tuple) -> QTextCharFormat:
        """The format of a key: a label or None per mark in SLOTS, then maybe a suggestion's
        label (its dashed underline takes the place of an own span's underline)."""
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            own, suggested = key[:len(SLOTS)], (key[len(SLOTS)] if len(key) > len(SLOTS)
                                                else None)
            underlined = suggested is not None
            if underlined:
                fmt.setUnderlineStyle(SUGGESTION_UNDERLINE)
                fmt.setUnderlineColor(self._kinds[suggested][1])
            for mark, name in zip(SLOTS, own, strict=True):
                if name is None:
                    continue
                if mark is Mark.FILL:
                    color = QColor(self._kinds[name][1])
                    color.setAlpha(ENTITY_ALPHA)
                    fmt.setBackground(color)
                elif not underlined:
                    fmt.setUnderlineStyle(UNDERLINES[mark])
                    fmt.setUnderlineColor(underline_color(mark, self._kinds[name][1]))
                    underlined = True
            self._formats[key] = fmt
        return fmt

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        if self.layout is None:
            return
        number = self.currentBlock().blockNumber()
        if number not in self.shown:
            return
        for start, length, fmt in self._ranges(number):
            self.setFormat(start, length, fmt)

    def _ranges(self, number: int) -> list[tuple[int, int, QTextCharFormat]]:
        """(start, length, format) of block `number`'s runs, in Qt's positions in the block."""
        layout = self.layout
        if layout is None:
            return []
        spans = layout.in_block(number)
        suggestions = self.suggestions
        offered = ([s for s in suggestions.in_block(number) if s.label in self._kinds]
                   if suggestions is not None and suggestions.spans else ())
        if not spans and not offered:
            return []
        block_start, block_end = layout.block_range(number)
        to_utf16 = layout.index.to_utf16
        base = to_utf16(block_start)
        runs = _runs(spans, block_start, block_end, self._kinds) if spans else []
        if offered:
            runs = _overlay(runs, _suggestion_runs(offered, block_start, block_end))
        ranges = []
        for left, right, key in runs:
            start16 = to_utf16(left)
            ranges.append((start16 - base, to_utf16(right) - start16, self._format(key)))
        return ranges


def underline_color(mark: Mark, color: QColor) -> QColor:
    """The colour an underline of this mark is drawn in, for a label of this colour."""
    factor = DARKER.get(mark)
    return color.darker(factor) if factor else QColor(color)


def _runs(spans: list[Span], block_start: int, block_end: int,
          kinds: dict[str, tuple[int, QColor]]) -> list[tuple[int, int, tuple]]:
    """The stretches of a block with one format each: (start, end, a label or None per mark
    in SLOTS: (entity, claim, quote) with the registry's marks).

    A sweep over the points where some span starts or ends, with the spans active there in
    one heap per mark (those that ended leave lazily): O(n log n) in the block's spans, so a
    paragraph with 100,000 spans draws at once. Where fills (entities) nest the shortest wins
    (the first in reading order of equal length); of underlines of one mark the last to start.
    """
    ordered = sorted(spans, key=_start)
    points = sorted({max(s.start, block_start) for s in ordered}
                    | {min(s.end, block_end) for s in ordered})
    active: list[list[tuple]] = [[] for _ in SLOTS]
    # Spelled out for the three marks: a comprehension made the sweep 8% slower at 100,000
    # spans. A new mark needs its Qt style (UNDERLINES) anyway.
    first, second, third = active
    fill, fills = FILL_SLOT, active[FILL_SLOT]
    unknown, nothing = (FILL_SLOT, None), (None,) * len(SLOTS)
    runs: list[tuple[int, int, tuple]] = []
    following = 0
    for left, right in itertools.pairwise(points):
        while following < len(ordered) and ordered[following].start <= left:
            span = ordered[following]
            slot = kinds.get(span.label, unknown)[0]
            if slot == fill:
                heappush(fills, (span.end - span.start, following, span))
            else:
                heappush(active[slot], (-following, span))
            following += 1
        for heap in active:
            while heap and heap[0][-1].end <= left:  # over before this stretch
                heappop(heap)
        key = (first[0][-1].label if first else None, second[0][-1].label if second else None,
               third[0][-1].label if third else None)
        if key == nothing:
            continue
        if runs and runs[-1][1] == left and runs[-1][2] == key:
            runs[-1] = (runs[-1][0], right, key)  # one setFormat for both
        else:
            runs.append((left, right, key))
    return runs


def _suggestion_runs(spans: list[Span], block_start: int,
                     block_end: int) -> list[tuple[int, int, str]]:
    """The stretches of a block under suggestions, each with the label drawn there: the
    shortest suggestion wins where they nest (a suggested speaker inside a suggested quote)."""
    points = sorted({max(s.start, block_start) for s in spans}
                    | {min(s.end, block_end) for s in spans})
    ordered = sorted(spans, key=_start)
    heap: list[tuple[int, int, Span]] = []
    runs: list[tuple[int, int, str]] = []
    following = 0
    for left, right in itertools.pairwise(points):
        while following < len(ordered) and ordered[following].start <= left:
            span = ordered[following]
            heappush(heap, (span.end - span.start, following, span))
            following += 1
        while heap and heap[0][-1].end <= left:
            heappop(heap)
        if not heap:
            continue
        label = heap[0][-1].label
        if runs and runs[-1][1] == left and runs[-1][2] == label:
            runs[-1] = (runs[-1][0], right, label)
        else:
            runs.append((left, right, label))
    return runs


def _overlay(own: list[tuple[int, int, tuple]],
             suggested: list[tuple[int, int, str]]) -> list[tuple[int, int, tuple]]:
    """Own runs and suggestion runs (each sorted and disjoint) as one list of runs whose keys
    are the own key followed by the suggestion's label (None where either has nothing)."""
    points = sorted({p for left, right, _ in own for p in (left, right)}
                    | {p for left, right, _ in suggested for p in (left, right)})
    runs: list[tuple[int, int, tuple]] = []
    i = j = 0
    for left, right in itertools.pairwise(points):
        while i < len(own) and own[i][1] <= left:
            i += 1
        while j < len(suggested) and suggested[j][1] <= left:
            j += 1
        key = own[i][2] if i < len(own) and own[i][0] <= left else NOTHING
        label = suggested[j][2] if j < len(suggested) and suggested[j][0] <= left else None
        if label is None and key == NOTHING:
            continue
        runs.append((left, right, (*key, label)))
    return runs

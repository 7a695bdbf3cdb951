"""Articles at the extremes still draw the right spans: a paragraph crowded with nested and
overlapping spans gets, character by character, the formats its spans call for, and a line
too long for Qt to lay out at once is shown in pieces, drawn and tagged exactly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core import Store, default_schema, import_files
from annotator.core.text import LINE_LIMIT

# An emoji first: Qt's positions (UTF-16) and the stored offsets differ from there on.
CROWDED = "😀 " + " ".join(f"word{i}" for i in range(600))
LONG = "😀 " + " ".join(f"w{i}" for i in range(LINE_LIMIT))


def crowded_spans(text: str) -> list[dict]:
    words = [m.span() for m in re.finditer(r"word\d+", text)]
    spans = []
    for i, (start, end) in enumerate(words):
        spans.append({"start": start, "end": end, "label": ("PERSON", "GPE", "LOC")[i % 3]})
        if i % 10 == 0 and i + 2 < len(words):  # an ORG around three words, nesting them
            spans.append({"start": start, "end": words[i + 2][1], "label": "ORG"})
        if i % 7 == 0 and i + 5 < len(words):  # claims that overlap one another
            spans.append({"start": start, "end": words[i + 5][1], "label": "CLAIM"})
        if i % 11 == 0 and i + 3 < len(words):
            spans.append({"start": words[i][0] + 2, "end": words[i + 3][1], "label": "QUOTE"})
    return spans


@pytest.fixture
def extremes(tmp_path: Path) -> Path:
    words = [m.span() for m in re.finditer(r"w\d+", LONG)]
    records = [
        {"id": "crowded", "title": "Crowded", "text": CROWDED, "annotator": "amira",
         "spans": crowded_spans(CROWDED)},
        {"id": "long", "title": "One long line", "text": LONG, "annotator": "amira",
         "spans": [{"start": s, "end": e, "label": "GPE"}
                   for s, e in (words[1], words[len(words) // 2], words[-1])]}]
    source = tmp_path / "extremes.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    path = tmp_path / "extremes.db"
    store = Store.create(path, default_schema())
    import_files(store, [source])
    store.close()
    return path


def drawn(view, block) -> list[tuple]:
    """What each character of a block is drawn with: (background, underline, its colour)."""
    cells: list[tuple] = [(None, None, None)] * block.length()
    for r in block.layout().formats():  # keep the list: its formats live in it
        fmt = r.format
        background = (fmt.background().color().rgb()
                      if fmt.background().style() != Qt.BrushStyle.NoBrush else None)
        underline = fmt.underlineStyle()
        cell = (background, None if underline == fmt.UnderlineStyle.NoUnderline else underline,
                None if underline == fmt.UnderlineStyle.NoUnderline
                else fmt.underlineColor().rgb())
        for at in range(r.start, r.start + r.length):
            cells[at] = cell
    index, start = view.index, view.index.from_utf16(block.position())
    # per code point, as the spans are
    return [cells[index.to_utf16(start + i) - block.position()]
            for i in range(len(view.text[start:start + block.length() - 1]))]


def expected(window, spans, text: str) -> list[tuple]:
    schema, wavy = window.controller.schema, None
    cells = []
    for at in range(len(text)):
        over = [s for s in spans if s.start <= at < s.end]
        entities = [s for s in over if schema.kind_of(s.label) == "entity"]
        claims = [s for s in over if schema.kind_of(s.label) == "claim"]
        quotes = [s for s in over if schema.kind_of(s.label) == "quote"]
        inner = min(entities, key=lambda s: s.end - s.start, default=None)
        line = max(claims or quotes, key=lambda s: s.start, default=None)
        from PySide6.QtGui import QTextCharFormat
        wavy = QTextCharFormat.UnderlineStyle.WaveUnderline
        straight = QTextCharFormat.UnderlineStyle.SingleUnderline
        cells.append((
            None if inner is None else _color(schema.label(inner.label).color),
            None if line is None else (wavy if claims else straight),
            None if line is None else _underline(schema.label(line.label).color, bool(claims))))
    return cells


def _underline(name: str, wavy: bool) -> int:
    from PySide6.QtGui import QColor

    from annotator.core.kinds import Mark
    from annotator.gui.annotate.highlighter import underline_color
    return underline_color(Mark.WAVY_UNDERLINE if wavy else Mark.UNDERLINE, QColor(name)).rgb()


def _color(name: str, alpha: int | None = None) -> int:
    from PySide6.QtGui import QColor

    from annotator.gui.annotate.highlighter import ENTITY_ALPHA
    color = QColor(name)
    color.setAlpha(ENTITY_ALPHA if alpha is None else alpha)
    return color.rgb()


def test_a_crowded_paragraph_gets_each_characters_formats(qtbot, open_window, extremes):
    window = open_window(extremes)
    window.controller.load_article(window.controller.store.annotations.article_by_id("crowded").pk)
    view = window.view
    spans = list(window.controller.state.spans.values())
    assert len(spans) >= 800
    assert drawn(view, view.document().firstBlock()) == expected(window, spans, CROWDED)
    # one more span, tagged by a person: drawn where it is and nowhere else
    at = CROWDED.index("word300")
    view.select_range(at + 1, at + 5)
    qtbot.keyClick(view, Qt.Key.Key_N)
    spans = list(window.controller.state.spans.values())
    assert drawn(view, view.document().firstBlock()) == expected(window, spans, CROWDED)
    window.controller.close_store()


def test_a_line_too_long_to_lay_out_is_shown_in_pieces_and_tagged_exactly(qtbot,
                                                                           open_window,
                                                                           extremes):
    window = open_window(extremes)
    window.controller.load_article(window.controller.store.annotations.article_by_id("long").pk)
    view = window.view
    document = view.document()
    assert document.blockCount() > len(LONG) // LINE_LIMIT
    assert max(document.findBlockByNumber(n).length()
               for n in range(document.blockCount())) <= LINE_LIMIT + 1
    _first, _middle, last = sorted(window.controller.state.spans.values(), key=lambda s: s.start)

    def cells(offset: int) -> list[tuple]:
        block = document.findBlock(view.index.to_utf16(offset))
        start = view.index.from_utf16(block.position())
        return [(start + i, cell) for i, cell in enumerate(drawn(view, block))]

    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert [at for at, cell in cells(last.start) if cell[0] is not None] == list(
        range(last.start, last.end))
    # a selection across the place where the line is cut stores the text, not the cut
    assert "\n" not in LONG  # so every block after the first starts where the line is cut
    cut = view.index.from_utf16(document.findBlockByNumber(2).position())
    view.select_range(cut - 6, cut + 5)
    view.copy()
    assert QApplication.clipboard().text() == LONG[cut - 6:cut + 5]
    qtbot.keyClick(view, Qt.Key.Key_O)
    added = next(s for s in window.controller.state.spans.values() if s.label == "ORG")
    assert (added.start, added.end, added.text) == (cut - 6, cut + 5, LONG[cut - 6:cut + 5])
    shown = dict(cells(cut - 6)) | dict(cells(cut))
    assert all(shown[at][0] == _color("#11BBFF") for at in range(cut - 6, cut + 5))
    assert shown[cut - 7][0] is None and shown[cut + 6][0] is None
    window.controller.close_store()

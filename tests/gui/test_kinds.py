"""The window draws and groups each kind as the registry (core/kinds.py) says: the label
panel's headings, the highlighter's marks and the margin's bars, with the registry as
shipped and with its records swapped (so a consumer with its own copy of the kinds fails)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import QLabel, QToolButton

from annotator.core import kinds as registry
from annotator.core.kinds import Mark, all_kinds, kind_named
from annotator.gui.annotate.highlighter import UNDERLINES, underline_color
from annotator.gui.annotate.margin import BAR_STEP, MARGIN_WIDTH

from .conftest import tag

COLORS = {"PERSON": "#99DD11", "CLAIM": "#EE6677", "QUOTE": "#999944"}


@pytest.fixture(params=["as shipped", "swapped"])
def kinds(request, monkeypatch) -> str:
    """The registry as shipped, or in reverse order with claims and quotes trading their
    underline and margin column and claims under another title. Set up before the window."""
    if request.param == "swapped":
        claim, quote = kind_named("claim"), kind_named("quote")
        swapped = {
            "quote": replace(quote, mark=claim.mark, margin_column=claim.margin_column),
            "claim": replace(claim, title="Assertions", mark=quote.mark,
                             margin_column=quote.margin_column),
            "entity": kind_named("entity"), "mention": kind_named("mention")}
        monkeypatch.setattr(registry, "REGISTRY", swapped)
    return request.param


def test_the_label_panel_groups_labels_under_the_registry_titles(kinds, window):
    panel = window.label_panel
    shown = []
    for i in range(panel.box.count()):
        widget = panel.box.itemAt(i).widget()
        if isinstance(widget, QLabel):
            shown.append(("heading", widget.text()))
        elif isinstance(widget, QToolButton):
            shown.append(("label", widget.defaultAction().text().split("\t")[0]))
    schema = window.controller.schema
    expected = []
    for kind in all_kinds():
        expected.append(("heading", kind.title))
        expected += [("label", label.name) for label in schema.labels
                     if label.kind == kind.name]
    assert shown == expected
    assert ("heading", "Assertions" if kinds == "swapped" else "Claims") in shown



def format_at(window, offset: int) -> QTextCharFormat:
    index = window.view.index
    block = window.view.document().findBlock(index.to_utf16(offset))
    at = index.to_utf16(offset) - block.position()
    ranges = block.layout().formats()
    [found] = [r for r in ranges if r.start <= at < r.start + r.length]
    return QTextCharFormat(found.format)


def assert_drawn(fmt: QTextCharFormat, fill: str | None, underline: tuple[Mark, str] | None):
    if fill is None:
        assert fmt.background().style() == Qt.BrushStyle.NoBrush
    else:
        assert fmt.background().color().rgb() == QColor(fill).rgb()
    if underline is None:
        assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline
    else:
        mark, color = underline
        assert fmt.underlineStyle() == UNDERLINES[mark]
        assert fmt.underlineColor().rgb() == underline_color(mark, QColor(color)).rgb()


def test_each_kind_is_drawn_with_its_registry_mark(qtbot, kinds, window):
    """A claim over a sentence with a quote and a name inside it: the name is filled, and
    of the two underlines the one whose mark comes first in `Mark` shows; a quote alone has
    its own mark."""
    claim = tag(qtbot, window, "“We will not sign,” said Zarif.", Qt.Key.Key_C)
    quote = tag(qtbot, window, "“We will not sign,”", Qt.Key.Key_Q)
    name = tag(qtbot, window, "Zarif", Qt.Key.Key_P, nth=1)
    marks = {kind.name: kind.mark for kind in all_kinds()}
    claim_line = (marks["claim"], COLORS["CLAIM"])
    quote_line = (marks["quote"], COLORS["QUOTE"])
    first = min((claim_line, quote_line), key=lambda line: list(Mark).index(line[0]))
    assert marks["entity"] is Mark.FILL
    assert_drawn(format_at(window, quote[0]), None, first)  # inside both
    assert_drawn(format_at(window, name[0]), COLORS["PERSON"], claim_line)
    assert_drawn(format_at(window, claim[1] - 1), None, claim_line)  # the full stop
    headline = tag(qtbot, window, "talks resume", Qt.Key.Key_Q)  # a quote alone
    assert_drawn(format_at(window, headline[0]), None, quote_line)
    assert claim_line[0] != quote_line[0] and first[0] is Mark.WAVY_UNDERLINE


def test_the_margin_has_a_bar_per_kind_in_its_registry_column(qtbot, kinds, window):
    tag(qtbot, window, "“We will not sign,”", Qt.Key.Key_Q)
    tag(qtbot, window, "Officials at", Qt.Key.Key_C)
    view = window.view
    image = view.margin.grab().toImage()
    assert view.margin.width() == MARGIN_WIDTH >= 2 + BAR_STEP * 2

    def bar_colors(piece: str) -> list[str | None]:
        """The colour in each margin column beside the paragraph holding `piece`."""
        text = window.controller.state.article.text
        block = view.document().findBlock(view.index.to_utf16(text.index(piece)))
        top = view.blockBoundingGeometry(block).translated(view.contentOffset()).top()
        y = round(top + view.blockBoundingRect(block).height() / 2)
        colors = []
        for column in range(2):
            pixel = image.pixelColor(3 + BAR_STEP * column, y)
            colors.append(pixel.name().upper() if pixel.name().upper() in COLORS.values()
                          else None)
        return colors

    quote_column = kind_named("quote").margin_column
    claim_column = kind_named("claim").margin_column
    assert {quote_column, claim_column} == {0, 1}
    quote_bars = [None, None]
    quote_bars[quote_column] = COLORS["QUOTE"]
    claim_bars = [None, None]
    claim_bars[claim_column] = COLORS["CLAIM"]
    assert bar_colors("We will not sign") == quote_bars
    assert bar_colors("Officials at") == claim_bars
    assert bar_colors("Zarif (") == [None, None]  # a paragraph without claims or quotes

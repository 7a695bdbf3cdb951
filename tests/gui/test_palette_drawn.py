"""The window draws with the colours core/palette.py measures: the page, the selection, an
entity's translucent fill and a find hit, on the light and the dark appearance."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from annotator.core.palette import ENTITY_ALPHA, FIND_HIT, FIND_HIT_ALPHA, PAGES, SELECTION
from annotator.core.schema import default_schema

from .conftest import tag
from .test_kinds import format_at


def _rgba(colour: str, alpha: int) -> tuple[int, int, int, int]:
    c = QColor(colour)
    return c.red(), c.green(), c.blue(), alpha


def _of(c: QColor) -> tuple[int, int, int, int]:
    return c.red(), c.green(), c.blue(), c.alpha()


@pytest.mark.parametrize("appearance", ["light", "dark"])
def test_the_window_draws_with_the_measured_colours(qtbot, window, appearance):
    window.actions_[f"scheme_{appearance}"].trigger()
    qtbot.waitUntil(lambda: window.view.palette().color(QPalette.ColorRole.Base).name()
                    == PAGES[appearance])
    palette = window.view.palette()
    assert palette.color(QPalette.ColorRole.Highlight).name() == SELECTION[appearance]

    start, _ = tag(qtbot, window, "Doha", Qt.Key.Key_G)
    gpe = default_schema().label("GPE")
    assert gpe is not None
    assert _of(format_at(window, start).background().color()) == _rgba(gpe.color, ENTITY_ALPHA)

    window.view.mark_hits([(start, start + 4)])
    backgrounds = [_of(mark.format.background().color())
                   for mark in window.view.extraSelections()
                   if mark.format.background().style() != Qt.BrushStyle.NoBrush]
    assert _rgba(FIND_HIT, FIND_HIT_ALPHA) in backgrounds
    window.actions_["scheme_system"].trigger()

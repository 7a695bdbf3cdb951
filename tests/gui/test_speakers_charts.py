"""The Speakers view's chart colours stay apart from each other and from the background,
in the light and the dark appearance, for normal vision and simulated colour blindness
(the floors the label colours are held to, core/palette.py)."""

from __future__ import annotations

from itertools import combinations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from annotator.core.colour import VISIONS, difference, parse
from annotator.core.palette import FLOORS, PAGES
from annotator.gui.menus import dark_palette
from annotator.gui.speakers.charts import SERIES, UNSET_COLOUR

COLOURS = (*SERIES, UNSET_COLOUR)


def backgrounds(qapp) -> set[str]:
    """The pages and the window colours the charts are painted over."""
    light = QApplication.style().standardPalette()
    return {*PAGES.values(), *(p.color(QPalette.ColorRole.Window).name()
                               for p in (light, dark_palette()))}


def test_chart_colours_are_told_apart(qapp):
    for vision in VISIONS:
        for one, other in combinations(COLOURS, 2):
            assert difference(parse(one), parse(other), vision) >= FLOORS[vision], \
                (one, other, vision)
        for colour in COLOURS:
            for page in backgrounds(qapp):
                assert difference(parse(colour), parse(page), vision) >= FLOORS[vision], \
                    (colour, page, vision)

"""How far apart label colours look where they are drawn (docs/architecture.md, "Label colours").

The window draws an entity as a translucent fill of its label's colour over the page, claims
and quotes as underlines at full colour, find hits as a translucent yellow, and a selection as
an opaque fill. This module holds those drawing colours (the window takes them from here) and
measures every pair as drawn, with CIEDE2000, for normal vision and simulated deuteranopia and
protanopia, on the light and the dark appearance. tests/core/test_palette.py keeps the default
schema above the floors below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .colour import RGB, VISIONS, blend, contrast, difference, parse
from .kinds import Mark, kind_named

if TYPE_CHECKING:
    from .schema import Schema

ENTITY_ALPHA = 110  # of 255: light enough to read the text through, on both pages
PAGES = {"light": "#ffffff", "dark": "#1e1e1e"}  # the text view's background (Base)
TEXT = {"light": "#000000", "dark": "#e6e6e6"}  # the text drawn over the fills
SELECTION = {"light": "#308cc6", "dark": "#3d6fb4"}  # Highlight: drawn opaque
FIND_HIT = "#ffc800"
FIND_HIT_ALPHA = 150
# ΔE00 floors. About 2 is a just-noticeable difference side by side; spans are not seen side
# by side but recognised one at a time across a page, which needs a clear step: 10 under
# normal vision. Under a simulated deficiency the fills lose one axis of hue, so 8 colours
# cannot all stay 10 apart; 5 (more than twice a just-noticeable difference) is the floor.
FLOORS = {"normal": 10.0, "deuteranopia": 5.0, "protanopia": 5.0}
READABLE = 4.5  # WCAG AA contrast of the text over a fill


@dataclass(frozen=True)
class Pair:
    one: str
    other: str
    appearance: str
    vision: str
    delta: float


def drawn(colour: str, mark: Mark | None, appearance: str) -> RGB:
    """The colour a mark of this colour shows on the page (None: an opaque fill)."""
    page = parse(PAGES[appearance])
    if mark is Mark.FILL:
        return blend(parse(colour), ENTITY_ALPHA / 255, page)
    return parse(colour)


def shown(schema: Schema, appearance: str) -> dict[str, RGB]:
    """Each label's colour as drawn, the selection's, a find hit's and the bare page's (a
    span must stand out from unmarked text too)."""
    colours = {label.name: drawn(label.color, kind_named(label.kind).mark, appearance)
               for label in schema.labels}
    colours["(selection)"] = parse(SELECTION[appearance])
    colours["(find hit)"] = blend(parse(FIND_HIT), FIND_HIT_ALPHA / 255,
                                  parse(PAGES[appearance]))
    colours["(page)"] = parse(PAGES[appearance])
    return colours


def pairs(schema: Schema) -> list[Pair]:
    """Every pair of the schema's labels, and each label against the selection and a find
    hit, in every appearance and vision, closest first."""
    found: list[Pair] = []
    for appearance in PAGES:
        colours = list(shown(schema, appearance).items())
        for i, (one, first) in enumerate(colours):
            for other, second in colours[i + 1:]:
                found.extend(Pair(one, other, appearance, vision,
                                  difference(first, second, vision)) for vision in VISIONS)
    return sorted(found, key=lambda pair: pair.delta)


def too_close(schema: Schema) -> list[Pair]:
    """The pairs under their vision's floor."""
    return [pair for pair in pairs(schema) if pair.delta < FLOORS[pair.vision]]


def unreadable(schema: Schema) -> list[tuple[str, str, float]]:
    """The fills the text over them does not stand out from: (label, appearance, ratio)."""
    found: list[tuple[str, str, float]] = []
    for appearance in PAGES:
        text = parse(TEXT[appearance])
        for label in schema.labels:
            mark = kind_named(label.kind).mark
            if mark is Mark.FILL:
                ratio = contrast(text, drawn(label.color, mark, appearance))
                if ratio < READABLE:
                    found.append((label.name, appearance, ratio))
    return found

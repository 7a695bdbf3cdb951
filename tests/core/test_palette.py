"""The default label colours stay apart as drawn, for every reader (core/palette.py)."""

from dataclasses import replace

from annotator.core.palette import FLOORS, PAGES, Pair, pairs, too_close, unreadable
from annotator.core.schema import Label, default_schema, parse_schema


def _shown(found: list[Pair]) -> str:
    return "; ".join(f"{p.one}/{p.other} {p.appearance} {p.vision} ΔE00 {p.delta:.1f}"
                     for p in found)


def test_every_default_colour_pair_differs_clearly_for_every_reader():
    assert too_close(default_schema()) == [], _shown(too_close(default_schema()))


def test_the_text_stays_readable_over_every_default_fill():
    assert unreadable(default_schema()) == []
    white_fill = parse_schema('[[labels]]\nname = "X"\nkind = "entity"\ncolor = "#FFFFFF"\n', "x")
    assert [(name, appearance) for name, appearance, _ in unreadable(white_fill)] == [
        ("X", "dark")]


def test_every_pair_is_measured_on_both_pages_for_every_vision():
    schema = default_schema()
    found = pairs(schema)
    items = len(schema.labels) + 3  # the selection, a find hit, the bare page
    assert len(found) == len(PAGES) * len(FLOORS) * items * (items - 1) // 2
    measured = {(p.one, p.other, p.appearance, p.vision) for p in found}
    assert ("PERSON", "FAC", "dark", "protanopia") in measured
    assert ("LOC", "(find hit)", "light", "deuteranopia") in measured
    assert ("ORG", "(selection)", "light", "normal") in measured


def test_a_label_colour_that_collides_is_caught():
    schema = default_schema()
    # a shade of PERSON's colour, as a new entity label
    twin = Label("ARTIST", "entity", "#A0D820")
    close = too_close(replace(schema, labels=(*schema.labels, twin)))
    assert any({p.one, p.other} == {"PERSON", "ARTIST"} for p in close)


def test_the_find_hit_yellow_is_caught_against_a_yellow_entity():
    schema = parse_schema('[[labels]]\nname = "LOC"\nkind = "entity"\ncolor = "#FFCC00"\n',
                          "labels.toml")
    close = too_close(schema)
    assert any({p.one, p.other} == {"LOC", "(find hit)"} for p in close), _shown(close)


def test_the_colours_before_this_palette_were_too_close():
    # The Okabe-Ito defaults: GPE's green and MENTION's grey merge under deuteranopia.
    old = {"PERSON": "#E69F00", "ORG": "#56B4E9", "GPE": "#009E73", "LOC": "#F0E442",
           "NORP": "#CC79A7", "FAC": "#D55E00", "EVENT": "#0072B2", "MENTION": "#8A8A8A",
           "CLAIM": "#EE6677", "QUOTE": "#999933"}
    schema = default_schema()
    before = replace(schema, labels=tuple(replace(label, color=old[label.name])
                                          for label in schema.labels))
    close = too_close(before)
    assert any({p.one, p.other} == {"GPE", "MENTION"} and p.vision == "deuteranopia"
               for p in close)

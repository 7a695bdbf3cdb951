"""The kinds of span label (entity, claim, quote, mention) and what each one means, in one
place.

A label's kind decides how its spans are drawn, which group the label panel shows it in,
where its spans go in the exports and which relations usually start at it. Everything that
decides by kind reads the record here, through the functions below (never a copy taken at
import, so a test can swap a record); no other module spells kinds out to decide by them.

The store keeps kinds by name (`labels.kind`, `reviews.kind`) under a CHECK that lists them;
tests/core/test_kinds.py reads that CHECK from a new store and fails when the two differ. A
new kind is therefore a record in `REGISTRY` plus a migration that widens the CHECK.
Drawing is described as data (a `Mark`, a margin column); the window maps it to Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Mark(Enum):
    """How a span is drawn in the text. Each mark is one layer of a character's format, so
    spans of kinds with different marks stay visible where they nest or overlap."""

    FILL = "fill"  # a translucent background; where such spans nest the innermost wins
    WAVY_UNDERLINE = "wavy underline"  # where a character has both underlines, this wins
    UNDERLINE = "underline"


@dataclass(frozen=True)
class Link:
    """A relation a kind usually heads: its name and the kinds at its other end."""

    relation: str
    children: tuple[str, ...]


@dataclass(frozen=True)
class Kind:
    """What one kind of label means for drawing, exports and links."""

    name: str  # as stored and exported ("kind": "quote")
    title: str  # the heading of its group in the label panel
    indefinite: str  # the name with its article, in messages ("an entity has no ...")
    mark: Mark
    margin_column: int | None  # its bar beside paragraphs (0 the leftmost); None: no bar
    ner: bool  # tagged in the NER-only formats (CoNLL tags, spaCy's doc.ents)
    span_group: str | None  # its own group in the spaCy export, doc.spans[span_group]
    links: tuple[Link, ...] = ()  # the default schema's relations with this kind as head
    entries: bool = False  # its labels are the kinds of registry entries; its spans link there
    # its spans link to a registry entry of any kind: "he", "the ministry" say whom they
    # mean, so a quote attributed to them counts for that entry
    refers: bool = False


# In order: the label panel's groups, the agreement's kinds and the margin follow it.
REGISTRY: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("entity", "Entities", "an entity", Mark.FILL, None, ner=True, span_group=None,
         entries=True),
    Kind("claim", "Claims", "a claim", Mark.WAVY_UNDERLINE, 0, ner=False,
         span_group="claims", links=(Link("SOURCE", ("entity", "mention")),)),
    Kind("quote", "Quotes", "a quote", Mark.UNDERLINE, 1, ner=False,
         span_group="quotes", links=(Link("SPEAKER", ("entity", "mention")),)),
    # A source or speaker that is not a name ("security sources", "a spokesperson", "he"):
    # linked like an entity, drawn like one, but kept out of NER training data.
    Kind("mention", "Source mentions", "a mention", Mark.FILL, None, ner=False,
         span_group="mentions", refers=True),
)}

DEFAULT_KIND = "entity"  # the kind of a label given without one, or not known


def all_kinds() -> tuple[Kind, ...]:
    """Every kind, in the registry's order."""
    return tuple(REGISTRY.values())


def kind_names() -> tuple[str, ...]:
    return tuple(REGISTRY)


def is_kind(name: object) -> bool:
    return isinstance(name, str) and name in REGISTRY


def kind_named(name: str) -> Kind:
    """The kind called `name`; a name outside the registry raises KeyError (the schema
    refuses such labels, so nothing is ever drawn or exported by a guess)."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(f"{name!r} is not a kind of label (kinds: {', '.join(REGISTRY)})") \
            from None


def margin_columns() -> int:
    """How many bar columns the margin beside the text needs."""
    return 1 + max((k.margin_column for k in REGISTRY.values()
                    if k.margin_column is not None), default=-1)

"""Stored articles as spaCy training examples.

Entity labels (the kinds that are `ner` in core/kinds.py) go to `doc.ents` for the `ner`
component: entities cannot overlap there, so of overlapping ones the longest is kept (ties:
the first) and the others are counted as dropped. Every other chosen label (claims, quotes,
mentions) goes to the span group "sc" for `spancat`, overlaps and all. A span whose ends are
not token boundaries cannot be learnt: it is counted as misaligned, and for entities its
tokens are marked missing (not "O"), so the model is not taught that they are no entity.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..io.export_records import ExportRecord
from ..kinds import REGISTRY
from .options import MAX_SPAN_TOKENS

SPANS_KEY = "sc"


@dataclass
class Conversion:
    """What could not go into the examples, by label."""

    dropped_overlaps: Counter[str] = field(default_factory=Counter)
    misaligned: Counter[str] = field(default_factory=Counter)
    too_long: Counter[str] = field(default_factory=Counter)  # longer than spancat proposes
    span_sizes: set[int] = field(default_factory=set)  # token lengths of the "sc" spans

    def to_dict(self) -> dict[str, dict[str, int]]:
        return {"dropped_overlaps": dict(self.dropped_overlaps),
                "misaligned": dict(self.misaligned), "too_long": dict(self.too_long)}


def is_entity(kind: str) -> bool:
    record = REGISTRY.get(kind)
    return record is not None and record.ner


def components_for(kinds: dict[str, str]) -> list[str]:
    """The trainable components the labels need: ner, spancat or both, in that order."""
    ner = any(is_entity(kind) for kind in kinds.values())
    spancat = any(not is_entity(kind) for kind in kinds.values())
    return [name for name, needed in (("ner", ner), ("spancat", spancat)) if needed]


def reference_doc(nlp: Any, record: ExportRecord, kinds: dict[str, str],
                  conversion: Conversion) -> Any:
    """The record's text as a Doc with its entities and span group set."""
    doc = nlp.make_doc(record.text)
    entities, others, missing = [], [], []
    for span in record.spans:
        if span.label not in kinds:
            continue
        made = doc.char_span(span.start, span.end, label=span.label)
        if made is None:
            conversion.misaligned[span.label] += 1
            if is_entity(kinds[span.label]):
                around = doc.char_span(span.start, span.end, alignment_mode="expand")
                if around is not None and len(around):
                    missing.append(around)
            continue
        if is_entity(kinds[span.label]):
            entities.append(made)
        else:
            others.append(made)
            if len(made) > MAX_SPAN_TOKENS:
                conversion.too_long[span.label] += 1
            else:
                conversion.span_sizes.add(len(made))
    kept: list[Any] = []
    taken: set[int] = set()
    for ent in sorted(entities, key=lambda e: (-(e.end - e.start), e.start)):
        if taken.intersection(range(ent.start, ent.end)):
            conversion.dropped_overlaps[ent.label_] += 1
            continue
        kept.append(ent)
        taken.update(range(ent.start, ent.end))
    unknown = [span for span in missing if not taken.intersection(range(span.start, span.end))]
    doc.set_ents(sorted(kept, key=lambda e: e.start), missing=_disjoint(unknown),
                 default="outside")
    doc.spans[SPANS_KEY] = others
    return doc


def _disjoint(spans: list[Any]) -> list[Any]:
    out: list[Any] = []
    taken: set[int] = set()
    for span in spans:
        if not taken.intersection(range(span.start, span.end)):
            out.append(span)
            taken.update(range(span.start, span.end))
    return out


def examples(nlp: Any, records: list[ExportRecord], kinds: dict[str, str],
             conversion: Conversion) -> list[Any]:
    """spaCy Examples (an unannotated copy of the text, the reference) of `records`."""
    from spacy.training import Example

    return [Example(nlp.make_doc(record.text), reference_doc(nlp, record, kinds, conversion))
            for record in records]

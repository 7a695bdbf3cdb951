"""Held-out scores with the agreement's definition: exact matches of (start, end, label).

The model's spans are read as `suggest model=` stores them (core/suggest/model.py and
running.py): entities and every span group, each (start, end, label) once, whitespace at
the ends trimmed, only the labels trained. So the report's figures are the ones
`annotator agreement` gives for the held-out articles' layer against a suggestion layer the
model filled there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..agreement.measures import prf
from ..io.export_records import ExportRecord
from ..rules import trim_bounds
from .options import PIPE_BATCH

Key = tuple[int, int, str]


def predicted_keys(doc: Any, labels: Iterable[str]) -> set[Key]:
    """The spans a suggestion layer would hold for `doc`."""
    wanted = set(labels)
    text = doc.text
    keys: set[Key] = set()
    for group in [doc.ents, *doc.spans.values()]:
        for span in group:
            if span.label_ not in wanted or span.start_char >= span.end_char:
                continue
            start, end = trim_bounds(text[span.start_char:span.end_char], span.start_char,
                                     span.end_char)
            if start < end:
                keys.add((start, end, span.label_))
    return keys


@dataclass
class Counts:
    matched: Counter[str]
    reference: Counter[str]
    candidate: Counter[str]

    def figures(self, label: str | None = None) -> dict[str, Any]:
        if label is None:
            m, r, c = (sum(x.values()) for x in (self.matched, self.reference, self.candidate))
        else:
            m, r, c = self.matched[label], self.reference[label], self.candidate[label]
        p, rec, f = prf(m, r, c)
        return {"p": p, "r": rec, "f": f, "matched": m, "reference": r, "candidate": c}

    def per_label(self, labels: Iterable[str]) -> dict[str, dict[str, Any]]:
        return {label: self.figures(label) for label in labels}


def count(records: list[ExportRecord], docs: Iterable[Any], labels: tuple[str, ...]) -> Counts:
    """Exact matches of the docs' spans against the records' (a multiset on each side)."""
    counts = Counts(Counter(), Counter(), Counter())
    wanted = set(labels)
    for record, doc in zip(records, docs, strict=True):
        reference = Counter((s.start, s.end, s.label) for s in record.spans
                            if s.label in wanted)
        candidate = predicted_keys(doc, labels)
        counts.reference.update(key[2] for key in reference.elements())
        counts.candidate.update(key[2] for key in candidate)
        counts.matched.update(key[2] for key in candidate if reference[key])
    return counts


def evaluate(nlp: Any, records: list[ExportRecord], labels: tuple[str, ...],
             batch_size: int = PIPE_BATCH) -> Counts:
    return count(records, nlp.pipe((r.text for r in records), batch_size=batch_size), labels)


def score(counts: Counts) -> float:
    """The figure the best model is chosen by: overall F1 (0 when undefined)."""
    return counts.figures()["f"] or 0.0

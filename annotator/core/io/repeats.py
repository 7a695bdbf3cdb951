"""A span or relation a record gives twice: kept once, and the repeat reported."""

from __future__ import annotations

from ..rules import span_key
from .import_records import ImportRecord, RawRelation, RawSpan


def drop_repeats(record: ImportRecord, spans: list[tuple[int, int]]) -> list[str]:
    """Keep one of the spans a record gives twice (same bounds and label: a layer holds one)
    and one of a relation given twice; says what was dropped. `spans` (the canonical
    bounds) and the record are changed in place, relations following the kept spans."""
    if (len({span_key(start, end, raw.label)
              for raw, (start, end) in zip(record.spans, spans, strict=True)}) == len(spans)
            and len({(r.head, r.child, r.label) for r in record.relations})
            == len(record.relations)):
        return []  # the usual record: nothing repeated
    notes: list[str] = []
    kept: dict[tuple, int] = {}
    new_index: list[int] = []
    keep_spans: list[RawSpan] = []
    keep_bounds: list[tuple[int, int]] = []
    for n, (raw, (start, end)) in enumerate(zip(record.spans, spans, strict=True)):
        key = span_key(start, end, raw.label)
        if key in kept:
            first = kept[key]
            differ = "" if keep_spans[first].attrs == raw.attrs else (
                "; its attributes differ, the first one's are kept")
            notes.append(f"span {n} repeats span {_original(new_index, first)} "
                         f"({raw.label} {start}-{end}): kept once{differ}")
            new_index.append(first)
            continue
        kept[key] = len(keep_spans)
        new_index.append(len(keep_spans))
        keep_spans.append(raw)
        keep_bounds.append((start, end))
    seen: set[tuple[int, int, str]] = set()
    relations: list[RawRelation] = []
    for n, rel in enumerate(record.relations):
        moved = RawRelation(new_index[rel.head], new_index[rel.child], rel.label)
        key = (moved.head, moved.child, moved.label)
        if key in seen:
            notes.append(f"relation {n} repeats a {rel.label} link between the same spans: "
                         "kept once")
            continue
        seen.add(key)
        relations.append(moved)
    if notes:
        record.spans[:] = keep_spans
        record.relations[:] = relations
        spans[:] = keep_bounds
    return notes


def _original(new_index: list[int], kept: int) -> int:
    """The record's own number of the span kept at position `kept`."""
    return new_index.index(kept)

"""How a source's layer differs from the target's: which spans are equal (and keep their
ids), which are gone, which relations are new and which gone. Reads nothing, writes
nothing."""

from __future__ import annotations

import json

from ..io.import_records import ImportRecord
from ..store.merge import RelationRow, SpanRow


def match_spans(old: list[SpanRow], record: ImportRecord, spans: list[tuple[int, int]]
                ) -> tuple[list[int | None], list[int]]:
    """Each new span's id in the target when an equal span is there (else None), and
    the target's spans that the source no longer has."""
    pool: dict[tuple, list[int]] = {}
    for span_id, start, end, label, attrs in sorted(old, reverse=True):
        key = (start, end, label, attrs if attrs == "{}" else attrs_key(json.loads(attrs)))
        pool.setdefault(key, []).append(span_id)  # the oldest id last: popped first
    ids: list[int | None] = []
    for raw, (start, end) in zip(record.spans, spans, strict=True):
        kept = pool.get((start, end, raw.label, attrs_key(raw.attrs)))
        ids.append(kept.pop() if kept else None)
    return ids, [span_id for left in pool.values() for span_id in left]


def relation_changes(ids: list[int | None], record: ImportRecord, old: list[RelationRow]
                     ) -> tuple[list[tuple], list[int]]:
    """The relations the target lacks, as (head, child, label) in the record's order
    without repeats, and the ids of those the target has and the source no longer."""
    have = {(head, child, label): rid for rid, head, child, label in old}
    wanted: dict[tuple, None] = {}  # ordered and without repeats
    for rel in record.relations:
        wanted[(ids[rel.head], ids[rel.child], rel.label)] = None
    added = [key for key in wanted if key not in have]
    removed = [rid for key, rid in have.items() if key not in wanted]
    return added, removed


def attrs_key(attrs: dict) -> str:
    """Attributes as comparable text: the same attributes give the same key."""
    return json.dumps(attrs, sort_keys=True, ensure_ascii=False) if attrs else "{}"

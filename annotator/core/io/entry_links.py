"""The spans' links to registry entries in an import or a merge of JSONL files
(`--with-registry`): a span's
`entry` is an id of the registry it was exported with, so it is resolved through that
registry's file, whose entries join the store's first (registry/unite.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..rules import entry_link_problem
from ..schema import Schema
from .import_records import ImportRecord, RecordError

if TYPE_CHECKING:
    from ..registry.unite import UniteSummary
    from ..store import Store

# Said to window and command-line users alike, so it names both ways to keep the links.
LEFT_OUT = ("links to registry entries (to keep them, import the registry file written by "
            "export --registry with the files: choose it with them in the window, or give "
            "--with-registry REGISTRY.jsonl)")


@dataclass(frozen=True)
class EntryMap:
    """A registry file's entry ids -> (the store's id, the entry's kind)."""

    source: str
    ids: dict[int, tuple[int, str]]


def unite_registry(store: Store, path: Path) -> tuple[EntryMap, UniteSummary]:
    """Bring the registry file's entries into the store (inside the caller's transaction:
    an import's or a merge's); its ids mapped to the store's, and what uniting did. A bad
    line raises DataError (FILE:LINE)."""
    from ..registry.jsonl import read_registry
    from ..registry.unite import unite
    entries = read_registry(path, store.schema)
    summary = unite(store, entries, str(path))
    store.log_change(None, "import registry", None, {"source": str(path), **summary.to_dict()})
    kinds = {e.id: e.kind for e in entries}
    return EntryMap(str(path), {theirs: (ours, kinds[theirs])
                                for theirs, ours in summary.id_map.items()}), summary


def resolve_entries(record: ImportRecord, entries: EntryMap | None, schema: Schema,
                    left_out: Counter) -> list[tuple[int, int]]:
    """(span index, the store's entry) for the record's spans that name an entry. Without a
    registry the links are counted in `left_out`; an id the registry lacks, or an entry the
    span's label cannot link to, is a RecordError (the file is refused)."""
    named = [(n, raw) for n, raw in enumerate(record.spans) if raw.entry is not None]
    if not named:
        return []
    if entries is None:
        left_out[LEFT_OUT] += len(named)
        return []
    found = []
    for n, raw in named:
        assert raw.entry is not None
        ours = entries.ids.get(raw.entry)
        what = f"span {n} ({raw.label} {raw.start}-{raw.end})"
        if ours is None:
            raise RecordError(f"{what}: entry {raw.entry} is not in {entries.source}")
        problem = entry_link_problem(schema, raw.label, ours[1])
        if problem is not None:
            raise RecordError(f"{what}: entry {raw.entry}: {problem}")
        found.append((n, ours[0]))
    return found

"""Bringing entries from elsewhere (another store being merged, a registry JSONL file) into
a store's registry without making duplicates, and without merging anything unsure.

- An entry identical in every field (name, kind, aliases, description, Wikidata id,
  attributes) under the same id is the same entry (a registry file imported again).
- The same Wikidata id is the same entry.
- Else the same name and kind is the same entry (when the store has exactly one such, or
  exactly one of several is identical to it; otherwise, or when a Wikidata id differs, it
  is a possible duplicate).
- Only entries that were in the store before are matched, and each by one entry brought
  in at most: the entries brought in are one registry's, so two of the same name are two
  people (the second is added and reported).
- Anything else is added as a new entry; when it looks like an entry already there (a name
  or alias folded alike, or a close fuzzy match of kind), it is reported as a possible
  duplicate, for a person to merge with `annotator registry STORE merge A B`.

A matched entry gains the other's names as aliases, and its Wikidata id, description and
attributes where it has none. An added entry keeps its id where the store's registry has no
entry of that id, so a registry file imported into a new store keeps its ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..errors import DataError
from ..operations.registry import clean_aliases
from ..plural import plural
from ..rules import entry_problem
from ..store import Store
from .entry import Entry
from .name_index import NameIndex
from .names import fold

MAX_LISTED = 50


@dataclass
class UniteSummary:
    added: int = 0
    matched: int = 0  # the same entry was there (by Wikidata id, or name and kind)
    updated: int = 0  # matched, and given new aliases or values
    duplicates: list[str] = field(default_factory=list)  # possible ones, reported
    id_map: dict[int, int] = field(default_factory=dict)  # their id -> ours

    def report(self) -> str:
        lines = [(f"Registry: {plural(self.added, 'entry')} added, {self.matched} already here "
                  f"({self.updated} given new names or values).")]
        if self.duplicates:
            lines.append(f"Possible duplicates, not merged ({len(self.duplicates)}; merge "
                         "them with `annotator registry STORE merge KEEP OTHER`, or in the "
                         "window's Window → Speakers, Merge…):")
            lines.extend(f"  {line}" for line in self.duplicates[:MAX_LISTED])
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"added": self.added, "matched": self.matched, "updated": self.updated,
                "possible_duplicates": self.duplicates}


def unite(store: Store, entries: Iterable[Entry], where: str) -> UniteSummary:
    """Add `entries` to the store's registry (inside the caller's transaction); `where`
    names their origin in the report. Each entry is checked against the store's schema
    first (DataError naming the entry)."""
    summary = UniteSummary()
    incoming = list(entries)
    for entry in incoming:
        problem = entry_problem(store.schema, entry.name, entry.kind, list(entry.aliases),
                                entry.wikidata, entry.attrs)
        if problem is not None:
            raise DataError(f"{where}: entry {entry.id} ({entry.name}): {problem}")
    index = NameIndex(store.registry.search_rows())
    # the names entries gain or bring in this run (the index holds those from before)
    recent: dict[tuple[str, str], tuple[int, str]] = {}
    added: set[int] = set()  # the ids given in this run: never matched
    claimed: dict[int, int] = {}  # ours -> the incoming entry matched to it
    with store.transaction():
        for entry in incoming:
            reported = len(summary.duplicates)
            ours = _same(store, entry, summary, where, added, claimed)
            if ours is not None:
                claimed[ours.id] = entry.id
                summary.matched += 1
                summary.id_map[entry.id] = ours.id
                joined = _joined(ours, entry)
                if joined != ours:
                    store.registry.update_entry(joined)
                    summary.updated += 1
                _remember(recent, joined)
                continue
            taken = entry.wikidata and store.registry.entry_by_wikidata(entry.wikidata)
            free = store.registry.entry(entry.id) is None
            stored = store.registry.insert_entry(replace(
                entry, id=entry.id if free else 0, wikidata=None if taken else entry.wikidata))
            added.add(stored.id)
            summary.added += 1
            summary.id_map[entry.id] = stored.id
            alike = [f"entry {other} ({_name(store, other)})" for other in (
                _alike(index, recent, entry) if len(summary.duplicates) == reported else [])]
            _remember(recent, stored)
            if alike:
                summary.duplicates.append(
                    f"{where}: {entry.name} ({entry.kind}) added as entry {stored.id}; "
                    f"looks like " + ", ".join(alike))
    return summary


def _same(store: Store, entry: Entry, summary: UniteSummary, where: str,
          added: set[int], claimed: dict[int, int]) -> Entry | None:
    twin = store.registry.entry(entry.id)
    if twin is not None and twin.id not in added and twin == entry:
        return twin
    if entry.wikidata:
        found = store.registry.entry_by_wikidata(entry.wikidata)
        if found is not None:
            return found
    named = [e for e in store.registry.entries_named(" ".join(entry.name.split()), entry.kind)
             if e.id not in added]
    fitting = [e for e in named if not (e.wikidata and entry.wikidata
                                        and e.wikidata != entry.wikidata)]
    identical = [e for e in named if replace(e, id=entry.id) == entry]
    if len(fitting) == 1 and len(named) == 1 and named[0].id not in claimed:
        return fitting[0]
    if len(identical) == 1 and identical[0].id not in claimed:
        return identical[0]
    if len(named) == 1 and named[0].id in claimed:  # two of theirs cannot be one of ours
        summary.duplicates.append(
            f"{where}: {entry.name} ({entry.kind}, entry {entry.id} there) has the name of "
            f"entry {named[0].id}, which its entry {claimed[named[0].id]} matched already")
        return None
    if named:
        ids = ", ".join(f"{e.id}" + (f" ({e.wikidata})" if e.wikidata else "") for e in named)
        summary.duplicates.append(
            f"{where}: {entry.name} ({entry.kind}"
            f"{', ' + entry.wikidata if entry.wikidata else ''}) has the name of "
            f"entr{'y' if len(named) == 1 else 'ies'} {ids} but "
            f"{'another Wikidata id' if len(named) == 1 else 'which one is unsure'}")
    return None


def _joined(ours: Entry, theirs: Entry) -> Entry:
    return replace(ours, aliases=clean_aliases(ours.name, (*ours.aliases, *theirs.names)),
                   wikidata=ours.wikidata or theirs.wikidata,
                   description=ours.description or theirs.description,
                   attrs={**theirs.attrs, **ours.attrs})


def _name(store: Store, entry_id: int) -> str:
    found = store.registry.entry(entry_id)
    return found.name if found else "?"


def _remember(recent: dict[tuple[str, str], tuple[int, str]], entry: Entry) -> None:
    for name in entry.names:
        recent.setdefault((fold(name), entry.kind), (entry.id, name))


def _alike(index: NameIndex, recent: dict[tuple[str, str], tuple[int, str]],
           entry: Entry) -> list[int]:
    """The entries already there whose names look like this one's (same kind)."""
    found: dict[int, str] = {}
    for name in entry.names:
        folded = fold(name)
        if not folded:
            continue
        if (folded, entry.kind) in recent:
            found.setdefault(*recent[folded, entry.kind])
        for hit in index.exact(folded):
            if index.kind[index.entry_of[hit]] == entry.kind:
                found.setdefault(index.entry_of[hit], index.shown[hit])
        for hit, _ in index.fuzzy(folded, limit=3):
            if index.kind[index.entry_of[hit]] == entry.kind:
                found.setdefault(index.entry_of[hit], index.shown[hit])
    return sorted(found)

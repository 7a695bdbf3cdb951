"""Who is quoted, how often and where: one row per registry entry (`annotator speakers`,
and the Speakers view to come)."""

from __future__ import annotations

import json
from typing import Any

from ..kinds import all_kinds
from ..store import Store


def head_kinds() -> tuple[str, ...]:
    """The kinds whose spans link to an entity (a quote to its speaker, a claim to its
    source): each gets a count per entry ("quotes", "claims")."""
    return tuple(kind.name for kind in all_kinds() if kind.links)


def speaker_rows(store: Store, annotator: str | None = None) -> list[dict[str, Any]]:
    """Every entry with its counts: mentions (spans linked to it), quotes and claims (spans
    whose link to an entity points at one of its mentions), articles, outlets (the articles'
    meta `source`), and the first and last meta `date`. People's layers, or one layer
    (`gold`). Sorted by quotes, then mentions, then name; the entries nobody mentions
    follow by id."""
    kinds = head_kinds()
    registry = store.registry
    figures = registry.mention_figures(annotator)
    heads = registry.head_figures(kinds, annotator)
    quoted: list[dict[str, Any]] = []  # entries with mentions: sorted
    silent: list[dict[str, Any]] = []  # the others: by id
    counts = [f"{head}s" for head in kinds]
    nothing = {"mentions": 0, **dict.fromkeys(counts, 0), "articles": 0, "outlets": 0,
               "first_date": None, "last_date": None}
    for entry_id, name, kind, wikidata, attrs in registry.speaker_entries():
        record: dict[str, Any] = {"id": entry_id, "name": name, "kind": kind,
                                  "wikidata": wikidata,
                                  "attrs": json.loads(attrs) if attrs != "{}" else {}}
        found = figures.get(entry_id)
        if found is None:
            record.update(nothing)
            silent.append(record)
            continue
        mentions, articles, outlets, first, last = found
        record["mentions"] = mentions
        for head_kind, count in zip(kinds, counts, strict=True):
            record[count] = heads.get((entry_id, head_kind), 0)
        record.update({"articles": articles, "outlets": outlets, "first_date": first,
                       "last_date": last})
        quoted.append(record)
    quoted.sort(key=lambda r: (-r.get("quotes", 0), -r["mentions"], r["name"], r["id"]))
    return quoted + silent

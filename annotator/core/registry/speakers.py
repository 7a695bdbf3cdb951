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
    entries, figures = store.registry.speakers(kinds, annotator)
    names = [f"{head}s" for head in kinds]
    quoted: list[dict[str, Any]] = []  # entries with mentions: sorted
    silent: list[dict[str, Any]] = []  # the others: by id
    for entry_id, name, kind, wikidata, attrs in entries:
        found = figures.get(entry_id)
        mentions, articles, outlets, first, last, *counts = found or (
            0, 0, 0, None, None, *([0] * len(kinds)))
        record: dict[str, Any] = {"id": entry_id, "name": name, "kind": kind,
                                  "wikidata": wikidata,
                                  "attrs": json.loads(attrs) if attrs != "{}" else {},
                                  "mentions": mentions, **dict(zip(names, counts, strict=True)),
                                  "articles": articles, "outlets": outlets,
                                  "first_date": first, "last_date": last}
        (quoted if found else silent).append(record)
    quoted.sort(key=lambda r: (-r.get("quotes", 0), -r["mentions"], r["name"], r["id"]))
    return quoted + silent

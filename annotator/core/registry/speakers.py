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
    (`gold`). Sorted by quotes, then mentions, then name."""
    kinds = head_kinds()
    rows = []
    for row in store.registry.speakers(kinds, annotator):
        (entry_id, name, kind, wikidata, attrs, mentions, articles, outlets,
         first, last) = row[:10]
        record: dict[str, Any] = {"id": entry_id, "name": name, "kind": kind,
                                  "wikidata": wikidata, "attrs": json.loads(attrs),
                                  "mentions": mentions}
        record.update({f"{head}s": count for head, count in zip(kinds, row[10:], strict=True)})
        record.update({"articles": articles, "outlets": outlets, "first_date": first,
                       "last_date": last})
        rows.append(record)
    rows.sort(key=lambda r: (-r.get("quotes", 0), -r["mentions"], r["name"], r["id"]))
    return rows

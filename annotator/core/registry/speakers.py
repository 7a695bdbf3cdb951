"""Who is quoted, how often and where: one row per registry entry (`annotator speakers`,
and the Speakers view to come)."""

from __future__ import annotations

import json
from collections import defaultdict
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
    mentions: dict[int, int] = defaultdict(int)
    articles: dict[int, set[int]] = defaultdict(set)
    for entry, _, article in registry.linked_mentions(annotator):
        mentions[entry] += 1
        articles[entry].add(article)
    heads: dict[tuple[int, str], set[int]] = defaultdict(set)
    for entry, head, kind in registry.linked_heads(kinds, annotator):
        heads[entry, kind].add(head)
    meta = registry.linked_article_meta() if mentions else {}
    quoted: list[dict[str, Any]] = []  # entries with mentions: sorted
    silent: list[dict[str, Any]] = []  # the others: by id
    counts = [f"{head}s" for head in kinds]
    nothing = {**dict.fromkeys(counts, 0), "articles": 0, "outlets": 0, "first_date": None,
               "last_date": None}
    for entry_id, name, kind, wikidata, attrs in registry.speaker_entries():
        record: dict[str, Any] = {"id": entry_id, "name": name, "kind": kind,
                                  "wikidata": wikidata,
                                  "attrs": json.loads(attrs) if attrs != "{}" else {},
                                  "mentions": mentions.get(entry_id, 0)}
        seen = articles.get(entry_id)
        if seen is None:
            record.update(nothing)
            silent.append(record)
            continue
        for head_kind, count in zip(kinds, counts, strict=True):
            record[count] = len(heads.get((entry_id, head_kind), ()))
        dates = [meta[pk][1] for pk in seen if meta[pk][1] is not None]
        record.update({"articles": len(seen),
                       "outlets": len({meta[pk][0] for pk in seen} - {None}),
                       "first_date": min(dates, default=None),
                       "last_date": max(dates, default=None)})
        quoted.append(record)
    quoted.sort(key=lambda r: (-r.get("quotes", 0), -r["mentions"], r["name"], r["id"]))
    return quoted + silent

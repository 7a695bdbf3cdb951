"""Who is quoted, how often and where: one row per registry entry (`annotator speakers`
and the window's Speakers view)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection
from typing import Any

from ..kinds import all_kinds
from ..store import Store

# A count the share charts put apart: quotes whose speaker's entry has no value for the
# attribute, and quotes of articles without a date.
UNSET = None


def head_kinds() -> tuple[str, ...]:
    """The kinds whose spans link to an entity (a quote to its speaker, a claim to its
    source): each gets a count per entry ("quotes", "claims")."""
    return tuple(kind.name for kind in all_kinds() if kind.links)


def count_names() -> tuple[str, ...]:
    """The counts of a row, in the order the CLI prints them."""
    heads = sorted(head_kinds(), key=lambda kind: kind != "quote")  # quotes first
    return (*(f"{head}s" for head in heads), "mentions", "articles", "outlets")


def nothing() -> dict[str, Any]:
    """The figures of an entry nobody mentions."""
    return {"mentions": 0, **dict.fromkeys((f"{h}s" for h in head_kinds()), 0),
            "articles": 0, "outlets": 0, "first_date": None, "last_date": None}


def figures(store: Store, annotator: str | None = None,
            entries: Collection[int] | None = None) -> dict[int, dict[str, Any]]:
    """Entry id -> its figures (mentions, quotes, claims, articles, outlets, first and last
    date) for the entries with linked mentions: all of them, or those of `entries` (the
    rows the Speakers view shows: a few indexed lookups). People's layers, or one layer."""
    kinds = head_kinds()
    registry = store.registry
    heads = registry.head_figures(kinds, annotator, entries)
    found: dict[int, dict[str, Any]] = {}
    for entry_id, (mentions, articles, outlets, first, last) in registry.mention_figures(
            annotator, entries).items():
        record: dict[str, Any] = {"mentions": mentions}
        for kind in kinds:
            record[f"{kind}s"] = heads.get((entry_id, kind), 0)
        record.update({"articles": articles, "outlets": outlets, "first_date": first,
                       "last_date": last})
        found[entry_id] = record
    return found


def speaker_rows(store: Store, annotator: str | None = None) -> list[dict[str, Any]]:
    """Every entry with its counts: mentions (spans linked to it), quotes and claims (spans
    whose link to an entity points at one of its mentions), articles, outlets (the articles'
    meta `source`), and the first and last meta `date`. People's layers, or one layer
    (`gold`). Sorted by quotes, then mentions, then name; the entries nobody mentions
    follow by id."""
    counted = figures(store, annotator)
    quoted: list[dict[str, Any]] = []  # entries with mentions: sorted
    silent: list[dict[str, Any]] = []  # the others: by id
    for entry_id, name, kind, wikidata, attrs, _aliases in store.registry.speaker_entries():
        record: dict[str, Any] = {"id": entry_id, "name": name, "kind": kind,
                                  "wikidata": wikidata,
                                  "attrs": json.loads(attrs) if attrs != "{}" else {}}
        found = counted.get(entry_id)
        if found is None:
            record.update(nothing())
            silent.append(record)
        else:
            record.update(found)
            quoted.append(record)
    quoted.sort(key=lambda r: (-r.get("quotes", 0), -r["mentions"], r["name"], r["id"]))
    return quoted + silent


def attribute_shares(store: Store, attribute: str, annotator: str | None = None
                     ) -> tuple[dict[Any, int], dict[str, dict[Any, int]]]:
    """How many quotes each value of an entry attribute (gender) was given: overall, and by
    month (YYYY-MM of the article's meta `date`; undated articles only count overall). A
    quote counts once for each entry its speaker mentions link to; UNSET gathers the
    speakers without a value."""
    values = {entry_id: json.loads(attrs).get(attribute) if attrs != "{}" else UNSET
              for entry_id, _n, _k, _w, attrs, _a in store.registry.speaker_entries()}
    overall: dict[Any, int] = defaultdict(int)
    months: dict[str, dict[Any, int]] = defaultdict(lambda: defaultdict(int))
    for entry_id, month, count in store.registry.head_months("quote", annotator):
        value = values.get(entry_id, UNSET)
        overall[value] += count
        if month:
            months[month][value] += count
    return dict(overall), {month: dict(months[month]) for month in sorted(months)}

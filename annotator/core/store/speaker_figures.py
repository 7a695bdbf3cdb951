"""The speakers' figures and the quotes table, read from the registry's links (migration
0008_registry): what `annotator speakers` and `annotator quotes` print and the Speakers view
shows. A part of `store.registry` (`RegistryQueries`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterator, Sequence
from typing import Any

from .rows import people_or_layer

# An article's date: meta `date`, or `published` (the name the CSV and HTML readers and the
# demo use).
_DATE = ("coalesce(json_extract({m}, '$.date'), json_extract({m}, '$.published'))")


def _chosen(entries: Collection[int] | None) -> tuple[str, list[Any]]:
    """A condition on `l.entry` for some entries (a JSON array: any number of them)."""
    if entries is None:
        return "", []
    return " AND l.entry IN (SELECT value FROM json_each(?))", [json.dumps(list(entries))]


class SpeakerFigureQueries:
    """Who is quoted how often, where and when, and the quotes themselves (a part of
    `RegistryQueries`)."""

    conn: sqlite3.Connection

    def speaker_entries(self) -> list[tuple[Any, ...]]:
        """(id, name, kind, wikidata, attrs JSON, aliases JSON) of every entry, by id."""
        return self.conn.execute("SELECT id, name, kind, wikidata, attrs, aliases FROM entries "
                                 "ORDER BY id").fetchall()

    def mention_figures(self, annotator: str | None = None,
                        entries: Collection[int] | None = None
                        ) -> dict[int, tuple[int, int, int, Any, Any]]:
        """Entry -> (mentions, articles, outlets, first date, last date) for the entries
        (all, or these) with linked spans in people's layers (or one layer). The links are
        grouped by entry and article first; each article's meta is read once (all of them
        first when every entry is counted, else per pair)."""
        layer, params = people_or_layer(annotator)
        chosen, picked = _chosen(entries)
        meta = ("(SELECT pk, json_extract(meta, '$.source') AS source, "
                f"{_DATE.format(m='meta')} AS date FROM articles)")
        # every entry: the links read in span order, so that the spans are read in their
        # own order too (through the entry index they were read at random: 2.1 s against
        # 0.9 s for 500,000 links); some entries: through the entry index
        links = "entry_links l NOT INDEXED CROSS JOIN" if entries is None else \
            "entry_links l JOIN"
        return {row[0]: row[1:] for row in self.conn.execute(f"""
            WITH am AS {'MATERIALIZED ' if entries is None else ''}{meta},
            ea AS (SELECT l.entry, s.article, count(*) AS n FROM {links}
                   spans s ON s.id = l.span WHERE {layer}{chosen}
                   GROUP BY l.entry, s.article)
            SELECT ea.entry, sum(ea.n), count(*), count(DISTINCT am.source), min(am.date),
                   max(am.date)
            FROM ea JOIN am ON am.pk = ea.article GROUP BY ea.entry""", [*params, *picked])}

    def head_figures(self, kinds: Sequence[str], annotator: str | None = None,
                     entries: Collection[int] | None = None) -> dict[tuple[int, str], int]:
        """(entry, kind) -> how many spans of that kind (quotes, claims) link to one of the
        entry's linked spans (a quote's SPEAKER, a claim's SOURCE); all entries, or these.
        A relation never leaves its layer, so the head's layer is the mention's."""
        if not kinds:
            return {}
        layer, params = people_or_layer(annotator)
        chosen, picked = _chosen(entries)
        return {(entry, kind): count for entry, kind, count in self.conn.execute(
            "SELECT l.entry, hl.kind, count(DISTINCT s.id) FROM entry_links l "
            "JOIN relations r ON r.child = l.span JOIN spans s ON s.id = r.head "
            "JOIN labels hl ON hl.name = s.label "
            f"WHERE {layer}{chosen} AND hl.kind IN ({', '.join('?' * len(kinds))}) "
            "GROUP BY l.entry, hl.kind", [*params, *picked, *kinds])}

    def quotes(self, quote_kind: str, speaker_kinds: Sequence[str],
               annotator: str | None = None) -> Iterator[tuple[Any, ...]]:
        """One row per quote span, in store order, read as the caller goes: (quote id,
        text, type, start, end, annotator, entry id, entry name, wikidata, speaker mention
        text, article id, title, source, date). The speaker is the first entity span the
        quote links to (a label of `speaker_kinds`); its entry, when that span is linked."""
        layer, params = people_or_layer(annotator)
        return iter(self.conn.execute(f"""
            SELECT q.id, q.text, json_extract(q.attrs, '$.type'), q.start, q."end",
                   q.annotator, e.id, e.name, e.wikidata, c.text, a.id, a.title,
                   json_extract(a.meta, '$.source'), {_DATE.format(m='a.meta')}
            FROM spans q JOIN labels ql ON ql.name = q.label AND ql.kind = ?
            JOIN articles a ON a.pk = q.article
            LEFT JOIN spans c ON c.id = (
                SELECT r.child FROM relations r JOIN spans k ON k.id = r.child
                JOIN labels kl ON kl.name = k.label
                WHERE r.head = q.id AND kl.kind IN ({', '.join('?' * len(speaker_kinds))})
                ORDER BY r.id LIMIT 1)
            LEFT JOIN entry_links l ON l.span = c.id LEFT JOIN entries e ON e.id = l.entry
            WHERE {layer.replace('s.', 'q.')} ORDER BY q.article, q.start, q.id""",
            [quote_kind, *speaker_kinds, *params]))

    def entry_heads(self, entry_id: int, kinds: Sequence[str], annotator: str | None = None
                    ) -> list[tuple[Any, ...]]:
        """The spans of these kinds (quotes, claims) that link to one of the entry's linked
        spans, as `head_figures` counts them: (span id, article key, annotator, kind, text,
        start, end, article id, title, source, date), by date and place."""
        if not kinds:
            return []
        layer, params = people_or_layer(annotator)
        return self.conn.execute(f"""
            SELECT DISTINCT h.id, h.article, h.annotator, hl.kind, h.text, h.start, h."end",
                   a.id, a.title, json_extract(a.meta, '$.source'),
                   {_DATE.format(m='a.meta')}
            FROM entry_links l JOIN spans s ON s.id = l.span
            JOIN relations r ON r.child = l.span JOIN spans h ON h.id = r.head
            JOIN labels hl ON hl.name = h.label JOIN articles a ON a.pk = h.article
            WHERE l.entry = ? AND {layer} AND hl.kind IN ({', '.join('?' * len(kinds))})
            ORDER BY {_DATE.format(m='a.meta')}, h.article, h.start, h.id""",
            [entry_id, *params, *kinds]).fetchall()

    def head_months(self, kind: str, annotator: str | None = None
                    ) -> list[tuple[int, str | None, int]]:
        """(entry, month of the article's meta `date` as YYYY-MM or None, how many spans of
        this kind link to the entry's linked spans) for the share-of-quotes charts."""
        layer, params = people_or_layer(annotator)
        return self.conn.execute(f"""
            SELECT l.entry, substr({_DATE.format(m='a.meta')}, 1, 7), count(DISTINCT h.id)
            FROM entry_links l JOIN spans s ON s.id = l.span
            JOIN relations r ON r.child = l.span JOIN spans h ON h.id = r.head
            JOIN labels hl ON hl.name = h.label AND hl.kind = ?
            JOIN articles a ON a.pk = h.article
            WHERE {layer} GROUP BY l.entry, 2""", [kind, *params]).fetchall()

    def entry_list(self) -> list[tuple[int, str, str, str | None]]:
        """(id, name, kind, Wikidata id) of every entry, by id: what the Speakers view lists
        before anything is counted."""
        return self.conn.execute(
            "SELECT id, name, kind, wikidata FROM entries ORDER BY id").fetchall()

    def entries_containing(self, text: str) -> set[int]:
        """The entries whose name or an alias contains `text` (ASCII letters in any case;
        other letters as typed)."""
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace(
            "_", "\\_") + "%"
        return {row[0] for row in self.conn.execute(
            "SELECT id FROM entries WHERE name LIKE ?1 ESCAPE '\\' "
            "OR aliases LIKE ?1 ESCAPE '\\'", (pattern,))}

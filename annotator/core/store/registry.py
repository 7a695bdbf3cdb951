"""Reads and writes of the speaker registry (migration 0008_registry): entries, the links
of entity spans to them, and the link proposals of `annotator link`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..registry.entry import Entry
from .rows import inserted_id, now

_ENTRY_COLUMNS = "id, name, kind, aliases, description, wikidata, attrs"
_PROPOSAL_ROW = ("id, span, entry, method, scope, score, decision, decided_by, made_at, "
                 "decided_at")


def _entry(row: Sequence[Any]) -> Entry:
    return Entry(id=row[0], name=row[1], kind=row[2], aliases=tuple(json.loads(row[3])),
                 description=row[4], wikidata=row[5], attrs=json.loads(row[6]))


@dataclass(frozen=True)
class Proposal:
    """A suggested link of an unlinked entity span to an entry, and what was decided."""

    id: int
    span: int
    entry: int
    method: str  # name, alias, surname or fuzzy
    scope: str  # article (the entry is linked elsewhere in the span's article) or corpus
    score: float
    decision: str | None  # accept, reject, or None while open
    decided_by: str | None = None


@dataclass(frozen=True)
class Mention:
    """An entity span as `annotator link` matches it: its text, label and article."""

    span: int
    article: int
    annotator: str
    label: str
    text: str


# A mention's layer: every person's layer, or one (gold among them); suggestion layers never.
# An article's date: meta `date`, or `published` (the name the CSV and HTML readers and the
# demo use).
_DATE = ("coalesce(json_extract({m}, '$.date'), json_extract({m}, '$.published'))")
_PEOPLE = "s.annotator NOT IN (SELECT name FROM suggestion_layers)"


def _layer_filter(annotator: str | None) -> tuple[str, list[Any]]:
    if annotator is None:
        return _PEOPLE, []
    return "s.annotator = ?", [annotator]


def _chosen(entries: Collection[int] | None) -> tuple[str, list[Any]]:
    """A condition on `l.entry` for some entries (a JSON array: any number of them)."""
    if entries is None:
        return "", []
    return " AND l.entry IN (SELECT value FROM json_each(?))", [json.dumps(list(entries))]


class RegistryQueries:
    """The registry of people and organisations: `store.registry`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def exists(self) -> bool:
        """Whether the store has the registry's tables (a store read as it is, made before
        them, has not)."""
        return self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                 "AND name = 'entries'").fetchone() is not None

    # -- entries ------------------------------------------------------------------------

    def entry(self, entry_id: int) -> Entry | None:
        row = self.conn.execute(f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE id = ?",
                                (entry_id,)).fetchone()
        return _entry(row) if row else None

    def entries(self, kind: str | None = None) -> Iterator[Entry]:
        """Every entry (of one kind), by id; read as the caller goes."""
        where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
        for row in self.conn.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM entries {where} ORDER BY id", params):
            yield _entry(row)

    def entry_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM entries").fetchone()[0]

    def entry_by_wikidata(self, wikidata: str) -> Entry | None:
        row = self.conn.execute(f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE wikidata = ?",
                                (wikidata,)).fetchone()
        return _entry(row) if row else None

    def entries_named(self, name: str, kind: str | None = None) -> list[Entry]:
        """The entries called `name` exactly (of this kind)."""
        where, params = ("AND kind = ?", [kind]) if kind else ("", [])
        return [_entry(row) for row in self.conn.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE name = ? {where} ORDER BY id",
            [name, *params])]

    def insert_entry(self, entry: Entry) -> Entry:
        """Store an entry (its id kept when given, so that redo restores the same id)."""
        stamp = now()
        cursor = self.conn.execute(
            f"INSERT INTO entries ({_ENTRY_COLUMNS}, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entry.id or None, entry.name, entry.kind,
             json.dumps(list(entry.aliases), ensure_ascii=False), entry.description,
             entry.wikidata, json.dumps(entry.attrs, ensure_ascii=False), stamp, stamp))
        stored = self.entry(inserted_id(cursor))
        assert stored is not None
        return stored

    def insert_entries(self, entries: Iterable[Entry]) -> None:
        """Store many entries at once (an import of the registry, a merge), ids kept."""
        stamp = now()
        self.conn.executemany(
            f"INSERT INTO entries ({_ENTRY_COLUMNS}, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((e.id or None, e.name, e.kind, json.dumps(list(e.aliases), ensure_ascii=False),
              e.description, e.wikidata, json.dumps(e.attrs, ensure_ascii=False), stamp,
              stamp) for e in entries))

    def update_entry(self, entry: Entry) -> None:
        self.conn.execute(
            "UPDATE entries SET name = ?, kind = ?, aliases = ?, description = ?, "
            "wikidata = ?, attrs = ?, updated_at = ? WHERE id = ?",
            (entry.name, entry.kind, json.dumps(list(entry.aliases), ensure_ascii=False),
             entry.description, entry.wikidata, json.dumps(entry.attrs, ensure_ascii=False),
             now(), entry.id))

    def delete_entry(self, entry_id: int) -> None:
        """Delete an entry (its links must be gone first: the foreign key says so)."""
        self.conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,))

    def search_rows(self) -> list[tuple[int, str, str, str]]:
        """(id, name, kind, aliases as JSON) of every entry: what the name index is built
        from (name_index.py)."""
        return self.conn.execute(
            "SELECT id, name, kind, aliases FROM entries ORDER BY id").fetchall()

    def search_rows_since(self, stamp: str) -> list[tuple[int, str, str, str]]:
        """`search_rows` of the entries made or changed at `stamp` or later (a window's name
        index adds them to what it read before, instead of reading everything again)."""
        return self.conn.execute(
            "SELECT id, name, kind, aliases FROM entries WHERE updated_at >= ? ORDER BY id",
            (stamp,)).fetchall()

    def entries_by_id(self, ids: Iterable[int]) -> dict[int, Entry]:
        """The entries with these ids that exist (a picker's rows, a panel's names)."""
        wanted = list(dict.fromkeys(ids))
        found: dict[int, Entry] = {}
        for chunk in range(0, len(wanted), 500):
            part = wanted[chunk:chunk + 500]
            for row in self.conn.execute(
                    f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE id IN "
                    f"({', '.join('?' * len(part))})", part):
                found[row[0]] = _entry(row)
        return found

    # -- links ----------------------------------------------------------------------------

    def linked_entry(self, span_id: int) -> int | None:
        row = self.conn.execute("SELECT entry FROM entry_links WHERE span = ?",
                                (span_id,)).fetchone()
        return row[0] if row else None

    def link(self, span_id: int, entry_id: int) -> None:
        self.conn.execute("INSERT INTO entry_links (span, entry, linked_at) VALUES (?, ?, ?) "
                          "ON CONFLICT (span) DO UPDATE SET entry = excluded.entry, "
                          "linked_at = excluded.linked_at", (span_id, entry_id, now()))

    def link_spans(self, links: Sequence[tuple[int, int]]) -> None:
        """Link many spans at once ((span, entry) pairs): an import's."""
        stamp = now()
        self.conn.executemany(
            "INSERT INTO entry_links (span, entry, linked_at) VALUES (?, ?, ?) "
            "ON CONFLICT (span) DO UPDATE SET entry = excluded.entry, "
            "linked_at = excluded.linked_at", [(span, entry, stamp) for span, entry in links])

    def unlink(self, span_id: int) -> None:
        self.conn.execute("DELETE FROM entry_links WHERE span = ?", (span_id,))

    def links_of_entry(self, entry_id: int) -> list[int]:
        """The spans linked to an entry, by id."""
        return [row[0] for row in self.conn.execute(
            "SELECT span FROM entry_links WHERE entry = ? ORDER BY span", (entry_id,))]

    def link_count(self, entry_id: int) -> int:
        return self.conn.execute("SELECT count(*) FROM entry_links WHERE entry = ?",
                                 (entry_id,)).fetchone()[0]

    def links_in_layer(self, article: int, annotator: str) -> dict[int, int]:
        """Span id -> entry id for the linked spans of one layer (the window's article)."""
        return dict(self.conn.execute(
            "SELECT l.span, l.entry FROM entry_links l JOIN spans s ON s.id = l.span "
            "WHERE s.article = ? AND s.annotator = ?", (article, annotator)).fetchall())

    def entries_in_article(self, article: int) -> set[int]:
        """The entries some span of this article links to (the picker puts them first)."""
        return {row[0] for row in self.conn.execute(
            "SELECT DISTINCT l.entry FROM entry_links l JOIN spans s ON s.id = l.span "
            "WHERE s.article = ?", (article,))}

    def move_links(self, source: int, target: int) -> list[int]:
        """Move every link of entry `source` to `target`; the spans moved, by id."""
        spans = self.links_of_entry(source)
        self.conn.execute("UPDATE entry_links SET entry = ? WHERE entry = ?", (target, source))
        self.conn.execute("UPDATE OR IGNORE link_proposals SET entry = ? WHERE entry = ?",
                          (target, source))
        return spans

    def relink(self, spans: Sequence[int], entry_id: int) -> None:
        """Link these spans to `entry_id` (undoing a merge: the links go back)."""
        self.conn.executemany("UPDATE entry_links SET entry = ? WHERE span = ?",
                              [(entry_id, span) for span in spans])

    # -- what `annotator link` matches ----------------------------------------------------

    def unlinked_mentions(self, labels: Sequence[str], annotator: str | None = None
                          ) -> Iterator[Mention]:
        """The entity spans (with these labels) of people's layers (or one layer) that link
        to no entry, by article."""
        if not labels:
            return
        layer, params = _layer_filter(annotator)
        marks = ", ".join("?" * len(labels))
        for row in self.conn.execute(
                "SELECT s.id, s.article, s.annotator, s.label, s.text FROM spans s "
                f"WHERE s.label IN ({marks}) AND {layer} AND NOT EXISTS "
                "(SELECT 1 FROM entry_links l WHERE l.span = s.id) "
                "ORDER BY s.article, s.start, s.id", [*labels, *params]):
            yield Mention(*row)

    def article_entries(self) -> dict[int, set[int]]:
        """Article key -> the entries its spans link to."""
        found: dict[int, set[int]] = {}
        for article, entry in self.conn.execute(
                "SELECT DISTINCT s.article, l.entry FROM entry_links l "
                "JOIN spans s ON s.id = l.span"):
            found.setdefault(article, set()).add(entry)
        return found

    # -- proposals ------------------------------------------------------------------------

    def rejected_pairs(self) -> set[tuple[int, int]]:
        """(span, entry) of the proposals somebody rejected: never proposed again."""
        return {(span, entry) for span, entry in self.conn.execute(
            "SELECT span, entry FROM link_proposals WHERE decision = 'reject'")}

    def clear_open_proposals(self) -> int:
        """Drop the proposals nobody decided on (a new run makes them again)."""
        return self.conn.execute(
            "DELETE FROM link_proposals WHERE decision IS NULL").rowcount

    def insert_proposals(self, proposals: Iterable[tuple[int, int, str, str, float]]) -> int:
        """Store (span, entry, method, scope, score) proposals; a pair already decided is
        left as it was. Returns how many were stored."""
        before = self.conn.total_changes
        stamp = now()
        self.conn.executemany(
            "INSERT INTO link_proposals (span, entry, method, scope, score, made_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (span, entry) DO NOTHING",
            ((span, entry, method, scope, score, stamp)
             for span, entry, method, scope, score in proposals))
        return self.conn.total_changes - before

    def proposals_in_layer(self, article: int, annotator: str) -> list[Proposal]:
        """The open proposals for the spans of one layer, in reading order, best first per
        span (what the window offers to accept or reject)."""
        return [Proposal(*row) for row in self.conn.execute(
            "SELECT p.id, p.span, p.entry, p.method, p.scope, p.score, p.decision, "
            "p.decided_by FROM link_proposals p JOIN spans s ON s.id = p.span "
            "WHERE s.article = ? AND s.annotator = ? AND p.decision IS NULL "
            "ORDER BY s.start, s.id, p.score DESC, p.id", (article, annotator))]

    def proposal(self, proposal_id: int) -> Proposal | None:
        row = self.conn.execute(
            "SELECT id, span, entry, method, scope, score, decision, decided_by "
            "FROM link_proposals WHERE id = ?", (proposal_id,)).fetchone()
        return Proposal(*row) if row else None

    def proposals(self, open_only: bool = True, method: str | None = None) -> list[Proposal]:
        conditions = (["decision IS NULL"] if open_only else []) + (
            ["method = ?"] if method else [])
        where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
        return [Proposal(*row) for row in self.conn.execute(
            "SELECT id, span, entry, method, scope, score, decision, decided_by "
            f"FROM link_proposals {where} ORDER BY span, score DESC, id",
            [method] if method else [])]

    def proposal_rows(self, entry_id: int | None = None, span_id: int | None = None
                      ) -> list[tuple[Any, ...]]:
        """Every proposal naming an entry (or a span), whole (decision and times included),
        by id: what deleting the entry (the span) or merging the entry takes and undoing it
        puts back."""
        column, value = ("entry", entry_id) if entry_id is not None else ("span", span_id)
        return self.conn.execute(
            f"SELECT {_PROPOSAL_ROW} FROM link_proposals WHERE {column} = ? ORDER BY id",
            (value,)).fetchall()

    def restore_proposals(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Put proposals back as `proposal_rows` read them, under their ids (a row whose
        id is there now, moved by a merge, is replaced; one whose span or entry is gone is
        not)."""
        self.conn.executemany("DELETE FROM link_proposals WHERE id = ?",
                              [(row[0],) for row in rows])
        self.conn.executemany(
            f"INSERT OR IGNORE INTO link_proposals ({_PROPOSAL_ROW}) "
            "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS "
            "(SELECT 1 FROM spans WHERE id = ?) AND EXISTS (SELECT 1 FROM entries WHERE id = ?)",
            [(*row, row[1], row[2]) for row in rows])

    def decide_proposal(self, proposal_id: int, decision: str | None,
                        by: str | None) -> None:
        """Record (or, with None, take back) the decision on a proposal."""
        self.conn.execute(
            "UPDATE link_proposals SET decision = ?, decided_by = ?, decided_at = ? "
            "WHERE id = ?", (decision, by if decision else None,
                             now() if decision else None, proposal_id))

    # -- figures ----------------------------------------------------------------------------

    def entry_link_counts(self, annotators: Sequence[str], labels: Sequence[str] = (),
                          require_done: bool = True, article: int | None = None
                          ) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
        """Over the articles every one of `annotators` has a layer of (marked done, with
        `require_done`; or one article): each annotator's spans linked to an entry (with
        one of `labels`, when given), and for each ordered pair how many of the first's
        linked spans the second linked alike (the same bounds, label and entry)."""
        names, labels = list(annotators), list(labels)
        if not self.conn.execute("SELECT EXISTS (SELECT 1 FROM entry_links)").fetchone()[0]:
            return {}, {}
        marks = ", ".join("?" * len(names))
        done = "AND status = 'done'" if require_done else ""
        one = "AND article = ?" if article is not None else ""
        label = f"AND s.label IN ({', '.join('?' * len(labels))})" if labels else ""
        linked = f"""
            WITH x(pk) AS (
              SELECT article FROM layers WHERE annotator IN ({marks}) {done} {one}
              GROUP BY article HAVING count(*) = ?),
            linked AS (
              SELECT s.annotator, s.article, s.start, s."end", s.label, l.entry
              FROM x JOIN spans s ON s.article = x.pk JOIN entry_links l ON l.span = s.id
              WHERE s.annotator IN ({marks}) {label})"""
        params = [*names, *([article] if article is not None else []), len(names), *names,
                  *labels]
        counts = dict(self.conn.execute(
            f"{linked} SELECT annotator, count(*) FROM linked GROUP BY annotator", params))
        matched = {(a, b): n for a, b, n in self.conn.execute(
            f"""{linked} SELECT a.annotator, b.annotator, count(*) FROM linked a
            JOIN linked b ON b.article = a.article AND b.start = a.start
              AND b."end" = a."end" AND b.label = a.label AND b.entry = a.entry
              AND b.annotator != a.annotator
            GROUP BY a.annotator, b.annotator""", params)}
        return counts, matched

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
        layer, params = _layer_filter(annotator)
        chosen, picked = _chosen(entries)
        meta = ("(SELECT pk, json_extract(meta, '$.source') AS source, "
                f"{_DATE.format(m='meta')} AS date FROM articles)")
        return {row[0]: row[1:] for row in self.conn.execute(f"""
            WITH am AS {'MATERIALIZED ' if entries is None else ''}{meta},
            ea AS (SELECT l.entry, s.article, count(*) AS n FROM entry_links l
                   JOIN spans s ON s.id = l.span WHERE {layer}{chosen}
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
        layer, params = _layer_filter(annotator)
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
        layer, params = _layer_filter(annotator)
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
        layer, params = _layer_filter(annotator)
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
        layer, params = _layer_filter(annotator)
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

"""Reads and writes of the speaker registry (migration 0008_registry): entries and the links
of entity spans to them. `RegistryQueries` also holds the link proposals of `annotator link`
(link_proposals.py) and the speakers' figures and quotes (speaker_figures.py)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..registry.entry import Entry
from .link_proposals import LinkProposalQueries, Proposal
from .rows import inserted_id, now
from .speaker_figures import SpeakerFigureQueries

# `Proposal` is imported from here by the window (gui/registry_links.py).
__all__ = ["Proposal", "RegistryQueries"]

_ENTRY_COLUMNS = "id, name, kind, aliases, description, wikidata, attrs"


def _entry(row: Sequence[Any]) -> Entry:
    return Entry(id=row[0], name=row[1], kind=row[2], aliases=tuple(json.loads(row[3])),
                 description=row[4], wikidata=row[5], attrs=json.loads(row[6]))


class RegistryQueries(LinkProposalQueries, SpeakerFigureQueries):
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

    # -- links compared between layers (agreement) ------------------------------------

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


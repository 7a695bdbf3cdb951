"""The link proposals of `annotator link` (migration 0008_registry): the unlinked entity
spans it matches, and the proposals it stores for a person to accept or reject. A part of
`store.registry` (`RegistryQueries`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .rows import now, people_or_layer

_PROPOSAL_ROW = ("id, span, entry, method, scope, score, decision, decided_by, made_at, "
                 "decided_at")


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


class LinkProposalQueries:
    """What `annotator link` reads and writes, and what the window offers of it: the
    unlinked mentions and the link proposals (a part of `RegistryQueries`)."""

    conn: sqlite3.Connection

    # -- what `annotator link` matches ----------------------------------------------------

    def unlinked_mentions(self, labels: Sequence[str], annotator: str | None = None
                          ) -> Iterator[Mention]:
        """The entity spans (with these labels) of people's layers (or one layer) that link
        to no entry, by article."""
        if not labels:
            return
        layer, params = people_or_layer(annotator)
        marks = ", ".join("?" * len(labels))
        for row in self.conn.execute(
                "SELECT s.id, s.article, s.annotator, s.label, s.text FROM spans s "
                f"WHERE s.label IN ({marks}) AND {layer} AND NOT EXISTS "
                "(SELECT 1 FROM entry_links l WHERE l.span = s.id) "
                "ORDER BY s.article, s.start, s.id", [*labels, *params]):
            yield Mention(*row)

    def named_mentions(self, labels: Sequence[str], annotator: str | None = None
                       ) -> Iterator[Mention]:
        """The source mentions (with these labels: "he", "the ministry") of people's layers
        (or one layer) that link to no entry and are the speaker or source of a span whose
        meta names them (the quote finder's `speaker_name`, span_meta of 0010_span_meta):
        each with that name as its text, by article."""
        if not labels:
            return
        layer, params = people_or_layer(annotator)
        marks = ", ".join("?" * len(labels))
        for row in self.conn.execute(
                "SELECT s.id, s.article, s.annotator, s.label, "
                "min(json_extract(m.meta, '$.speaker_name')) FROM spans s "
                "JOIN relations r ON r.child = s.id JOIN span_meta m ON m.span = r.head "
                f"WHERE s.label IN ({marks}) AND {layer} "
                "AND json_type(m.meta, '$.speaker_name') = 'text' AND NOT EXISTS "
                "(SELECT 1 FROM entry_links l WHERE l.span = s.id) "
                "GROUP BY s.id ORDER BY s.article, s.start, s.id", [*labels, *params]):
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

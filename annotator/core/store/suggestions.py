"""Reads and writes for suggestion layers and the decisions annotators take on them
(migration 0006_suggestions). Bulk writes of a run go through `BulkWriter`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..gold import GOLD
from .rows import now


@dataclass(frozen=True)
class SuggestionDecision:
    """An annotator's decision on one suggestion of a layer (its bounds and label)."""

    id: int
    article: int
    annotator: str
    layer: str
    start: int
    end: int
    label: str
    decision: str  # accept or reject
    span: int | None  # the accepted copy in the annotator's layer
    decided_at: str


_DECISION_COLUMNS = ('id, article, annotator, layer, start, "end", label, decision, span, '
                     "decided_at")

# An article's status for `suggest --status`: "todo" while no person's layer has moved on
# from it; otherwise the statuses its people's layers have.
_STATUS_FILTER = """(CASE WHEN ? = 'todo' THEN NOT EXISTS (
    SELECT 1 FROM layers l WHERE l.article = a.pk AND l.status != 'todo' {own})
  ELSE EXISTS (SELECT 1 FROM layers l WHERE l.article = a.pk AND l.status = ? {own}) END)"""


def _placeholders(values: Collection[Any]) -> str:
    return ", ".join("?" * len(values))


class SuggestionQueries:
    """Suggestion layers, a run's inputs and the decisions on suggestions: `store.suggestions`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # -- suggestion layers --------------------------------------------------------------

    def suggestion_layers(self) -> dict[str, list[str]]:
        """Each suggestion layer's name with the sources of its last run."""
        return {name: json.loads(sources) for name, sources in self.conn.execute(
            "SELECT name, sources FROM suggestion_layers ORDER BY name")}

    def register_suggestion_layer(self, name: str, sources: Sequence[str]) -> None:
        self.conn.execute(
            "INSERT INTO annotators (name, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (name, now()))
        self.conn.execute(
            "INSERT INTO suggestion_layers (name, sources, made_at) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET sources = excluded.sources, "
            "made_at = excluded.made_at", (name, json.dumps(list(sources)), now()))

    def people(self) -> set[str]:
        """The names of people's layers: every annotator but the suggestion layers, and but
        a layer holding only suggested spans that nobody decided on (a suggestion layer
        merged or imported from elsewhere: the next run may fill it)."""
        return {row[0] for row in self.conn.execute(
            "SELECT name FROM annotators a WHERE name NOT IN "
            "(SELECT name FROM suggestion_layers) AND NOT ("
            "EXISTS (SELECT 1 FROM spans WHERE annotator = a.name) "
            "AND NOT EXISTS (SELECT 1 FROM spans WHERE annotator = a.name "
            "AND origin != 'suggested') "
            "AND NOT EXISTS (SELECT 1 FROM suggestion_decisions WHERE annotator = a.name))")}

    def suggestion_article_keys(self, status: str | None = None,
                                ids: Sequence[str] = ()) -> list[int]:
        """The keys of the articles a run covers, in store order."""
        conditions: list[str] = []
        params: list[Any] = []
        if ids:
            conditions.append(f"a.id IN ({_placeholders(ids)})")
            params.extend(ids)
        if status is not None:
            own = "AND l.annotator NOT IN (SELECT name FROM suggestion_layers)"
            conditions.append(_STATUS_FILTER.format(own=own))
            params.extend([status, status])
        where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
        return [row[0] for row in self.conn.execute(
            f"SELECT a.pk FROM articles a {where} ORDER BY a.pk", params)]

    def suggestion_inputs(self, pks: Sequence[int]) -> list[tuple[int, str, str, str]]:
        """(key, id, text, meta as JSON) of these articles, in the order given."""
        rows = {row[0]: row for row in self.conn.execute(
            f"SELECT pk, id, text, meta FROM articles WHERE pk IN ({_placeholders(pks)})",
            list(pks))}
        return [rows[pk] for pk in pks if pk in rows]

    def people_spans(self, pks: Sequence[int], labels: Collection[str]
                     ) -> dict[int, list[tuple[int, int, str]]]:
        """The distinct (start, end, label) with these labels in people's layers (gold
        included), by article. `+label` keeps SQLite on the article index: through the
        label index it read every span of those labels in the store, the suggestions a
        run is writing among them, and a run slowed as it went."""
        found: dict[int, list[tuple[int, int, str]]] = {pk: [] for pk in pks}
        if not labels or not pks:
            return found
        for pk, start, end, label in self.conn.execute(
                f'SELECT DISTINCT article, start, "end", label FROM spans '
                f"WHERE article IN ({_placeholders(pks)}) AND +label IN "
                f"({_placeholders(labels)}) AND annotator NOT IN "
                '(SELECT name FROM suggestion_layers) ORDER BY article, start, "end"',
                [*pks, *labels]):
            found[pk].append((start, end, label))
        return found

    def tagged_strings(self, labels: Collection[str]) -> Iterator[tuple[str, str, int]]:
        """(text, label, how many times) of every span with these labels in people's layers."""
        if not labels:
            return iter(())
        return iter(self.conn.execute(
            f"SELECT text, label, count(*) FROM spans WHERE label IN ({_placeholders(labels)}) "
            "AND annotator NOT IN (SELECT name FROM suggestion_layers) GROUP BY text, label",
            list(labels)).fetchall())

    def clear_suggestions(self, layer: str, pks: Sequence[int] | None) -> set[int]:
        """Delete a suggestion layer on these articles (all when None): its spans and links
        go with it. Returns the articles that had it."""
        if pks is None:
            had = {row[0] for row in self.conn.execute(
                "SELECT article FROM layers WHERE annotator = ?", (layer,))}
            self.conn.execute("DELETE FROM layers WHERE annotator = ?", (layer,))
            return had
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS suggest_keys "
                          "(pk INTEGER PRIMARY KEY)")
        self.conn.execute("DELETE FROM temp.suggest_keys")
        self.conn.executemany("INSERT INTO temp.suggest_keys VALUES (?)", [(pk,) for pk in pks])
        had = {row[0] for row in self.conn.execute(
            "SELECT article FROM layers WHERE annotator = ? AND article IN "
            "(SELECT pk FROM temp.suggest_keys)", (layer,))}
        self.conn.execute("DELETE FROM layers WHERE annotator = ? AND article IN "
                          "(SELECT pk FROM temp.suggest_keys)", (layer,))
        self.conn.execute("DROP TABLE temp.suggest_keys")
        return had

    def add_scores(self, scores: Iterable[tuple[int, float]]) -> None:
        """Store suggested spans' scores ((span id, score), the spans written already)."""
        self.conn.executemany("INSERT OR REPLACE INTO span_scores (span, score) VALUES (?, ?)",
                              [(span, min(1.0, max(0.0, score))) for span, score in scores])

    def scores(self, article: int, layer: str) -> dict[int, float]:
        """The scores of one article's spans in a layer, by span id (unscored spans absent)."""
        return dict(self.conn.execute(
            "SELECT s.id, c.score FROM spans s JOIN span_scores c ON c.span = s.id "
            "WHERE s.article = ? AND s.annotator = ?", (article, layer)).fetchall())

    def has_scores(self, layer: str) -> bool:
        """Whether any span of the layer has a score."""
        return self.conn.execute(
            # from the scores to their spans: `spans` has no index on the layer alone
            "SELECT 1 FROM span_scores c CROSS JOIN spans s ON s.id = c.span "
            "WHERE s.annotator = ? LIMIT 1", (layer,)).fetchone() is not None

    def mean_margins(self, layer: str, threshold: float = 0.0) -> dict[int, float]:
        """Per article, the mean of |score - 0.5| over the layer's scored spans scoring at
        least `threshold` (how sure the model was: 0 is a coin toss); articles without
        such spans are absent."""
        return dict(self.conn.execute(
            "SELECT s.article, avg(abs(c.score - 0.5)) FROM span_scores c "
            "CROSS JOIN spans s ON s.id = c.span WHERE s.annotator = ? AND c.score >= ? "
            "GROUP BY s.article", (layer, threshold)).fetchall())

    def scored_counts(self, layer: str, threshold: float = 0.0) -> dict[int, int]:
        """Per article, how many of the layer's spans score at least `threshold`."""
        return dict(self.conn.execute(
            "SELECT s.article, count(*) FROM span_scores c CROSS JOIN spans s "
            "ON s.id = c.span WHERE s.annotator = ? AND c.score >= ? GROUP BY s.article",
            (layer, threshold)).fetchall())

    def open_article_keys(self) -> list[int]:
        """The articles no person's layer (gold included) has marked done or skipped, in
        store order."""
        return [row[0] for row in self.conn.execute(
            "SELECT pk FROM articles a WHERE NOT EXISTS (SELECT 1 FROM layers l "
            "WHERE l.article = a.pk AND l.status IN ('done', 'skipped') "
            "AND l.annotator NOT IN (SELECT name FROM suggestion_layers)) ORDER BY pk")]

    def titles(self, pks: Sequence[int]) -> dict[int, tuple[str, str]]:
        """(id, title) of these articles, by key."""
        found: dict[int, tuple[str, str]] = {}
        for at in range(0, len(pks), 500):
            chunk = list(pks[at:at + 500])
            for pk, article_id, title in self.conn.execute(
                    f"SELECT pk, id, title FROM articles WHERE pk IN ({_placeholders(chunk)})",
                    chunk):
                found[pk] = (article_id, title)
        return found

    def suggestion_relations(self, article: int, layer: str) -> list[tuple[int, int, str]]:
        """(head, child, label) of the links in one article's suggestion layer."""
        return self.conn.execute(
            "SELECT r.head, r.child, r.label FROM relations r JOIN spans h ON h.id = r.head "
            "WHERE h.article = ? AND h.annotator = ? ORDER BY r.id", (article, layer)).fetchall()

    # -- decisions ----------------------------------------------------------------------

    def suggestion_decision(self, decision_id: int) -> SuggestionDecision | None:
        row = self.conn.execute(f"SELECT {_DECISION_COLUMNS} FROM suggestion_decisions "
                                "WHERE id = ?", (decision_id,)).fetchone()
        return SuggestionDecision(*row) if row else None

    def suggestion_decisions(self, article: int, annotator: str,
                             layer: str) -> list[SuggestionDecision]:
        return [SuggestionDecision(*row) for row in self.conn.execute(
            f"SELECT {_DECISION_COLUMNS} FROM suggestion_decisions WHERE article = ? "
            'AND annotator = ? AND layer = ? ORDER BY start, "end", id',
            (article, annotator, layer))]

    def insert_suggestion_decision(self, decision: SuggestionDecision) -> SuggestionDecision:
        """Store a decision (its id kept when given, so that redo restores the same row)."""
        cursor = self.conn.execute(
            f"INSERT INTO suggestion_decisions ({_DECISION_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (decision.id or None, decision.article, decision.annotator, decision.layer,
             decision.start, decision.end, decision.label, decision.decision, decision.span,
             decision.decided_at or now()))
        stored = self.suggestion_decision(cursor.lastrowid or 0)
        assert stored is not None
        return stored

    def delete_suggestion_decision(self, decision_id: int) -> None:
        self.conn.execute("DELETE FROM suggestion_decisions WHERE id = ?", (decision_id,))

    def suggestion_figures(self) -> dict[str, dict[str, int]]:
        return suggestion_figures(self.conn)


def suggestion_figures(conn: sqlite3.Connection) -> dict[str, dict[str, int]]:
    """Per annotator, the suggestions accepted and left unchanged, accepted and changed
    since (bounds or label), and rejected (or accepted, then deleted). A function, so that
    `store.reports.stats` reads it without calling another query object."""
    figures: dict[str, dict[str, int]] = {}
    for annotator, unchanged, changed, rejected in conn.execute(
            "SELECT d.annotator, "
            "sum(d.decision = 'accept' AND s.id IS NOT NULL AND s.start = d.start "
            'AND s."end" = d."end" AND s.label = d.label), '
            "sum(d.decision = 'accept' AND s.id IS NOT NULL AND NOT (s.start = d.start "
            'AND s."end" = d."end" AND s.label = d.label)), '
            "sum(d.decision = 'reject' OR s.id IS NULL) "
            "FROM suggestion_decisions d LEFT JOIN spans s ON s.id = d.span "
            "AND s.annotator = d.annotator GROUP BY d.annotator ORDER BY d.annotator"):
        if annotator == GOLD:
            continue
        figures[annotator] = {"accepted unchanged": unchanged, "changed": changed,
                              "rejected": rejected}
    return figures

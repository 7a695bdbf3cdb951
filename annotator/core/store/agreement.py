"""Reads for agreement between annotators: who can be compared, and their layers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


class AgreementQueries:
    """What agreement compares: `store.agreement`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def annotators_with_layers(self, statuses: Sequence[str] = ("done",),
                               article: int | None = None) -> list[str]:
        """Annotators with at least one layer in one of `statuses` (on `article` if given;
        any status when `statuses` is empty), by name."""
        conditions: list[str] = []
        params: list[object] = []
        if statuses:
            conditions.append(f"status IN ({_marks(statuses)})")
            params.extend(statuses)
        if article is not None:
            conditions.append("article = ?")
            params.append(article)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        return [row[0] for row in self.conn.execute(
            f"SELECT DISTINCT annotator FROM layers {where} ORDER BY annotator", params)]

    def agreement_layers(self, annotators: Sequence[str], labels: Sequence[str] = (),
                         require_done: bool = True, article: int | None = None,
                         ) -> Iterator[tuple[Any, ...]]:
        """`(article pk, text length, spans of each annotator..., relations)` of every
        article that each of `annotators` has a layer of (marked done, with
        `require_done`), by pk.

        An annotator's spans are a JSON array of `[start, end, label]` in reading order.
        Relations are one JSON array of `[annotator, head start, head end, head label,
        child start, child end, child label, label]`, or None when the store holds no
        relation at all. With `labels`, only spans with those labels, and relations
        between them.
        """
        names, labels = list(annotators), list(labels)
        done = "AND status = 'done'" if require_done else ""
        one = "AND article = ?" if article is not None else ""
        span_labels = f"AND label IN ({_marks(labels)})" if labels else ""
        # One array per annotator: no sorting by annotator in Python. The inner ORDER BY
        # follows the spans_layer index, so it costs next to nothing.
        layer = f"""(SELECT json_group_array(json_array(start, "end", label))
              FROM (SELECT start, "end", label FROM spans
                    WHERE article = x.pk AND annotator = ? {span_labels}
                    ORDER BY start, "end"))"""
        relations, relation_params = "NULL", []
        if self.conn.execute("SELECT EXISTS (SELECT 1 FROM relations)").fetchone()[0]:
            end_labels = (f"AND h.label IN ({_marks(labels)}) "
                          f"AND c.label IN ({_marks(labels)})") if labels else ""
            relations = f"""(SELECT json_group_array(json_array(h.annotator, h.start,
                h."end", h.label, c.start, c."end", c.label, r.label))
              FROM spans h JOIN relations r ON r.head = h.id JOIN spans c ON c.id = r.child
              WHERE h.article = x.pk AND h.annotator IN ({_marks(names)}) {end_labels})"""
            relation_params = [*names, *labels, *labels]
        sql = f"""
            WITH x(pk) AS (
              SELECT article FROM layers WHERE annotator IN ({_marks(names)}) {done} {one}
              GROUP BY article HAVING count(*) = ?)
            SELECT x.pk, length(a.text), {", ".join([layer] * len(names))}, {relations}
            FROM x JOIN articles a ON a.pk = x.pk ORDER BY x.pk"""
        params = [*names, *([article] if article is not None else []), len(names)]
        for name in names:
            params += [name, *labels]
        yield from self.conn.execute(sql, [*params, *relation_params])

    def any_attributes(self, annotators: Sequence[str], labels: Sequence[str]) -> bool:
        """Whether any span of `annotators` with one of `labels` has an attribute set."""
        names, labels = list(annotators), list(labels)
        return bool(self.conn.execute(
            f"SELECT EXISTS (SELECT 1 FROM spans WHERE attrs != '{{}}' "
            f"AND label IN ({_marks(labels)}) AND annotator IN ({_marks(names)}))",
            [*labels, *names]).fetchone()[0])

    def attribute_layers(self, annotators: Sequence[str], labels: Sequence[str],
                         require_done: bool = True, article: int | None = None,
                         ) -> Iterator[tuple[Any, ...]]:
        """`(article pk, spans of each annotator...)` of every article that each of
        `annotators` has a layer of (marked done, with `require_done`), by pk: an
        annotator's spans with one of `labels` (those whose kind has attributes) as a JSON
        array of `[start, end, label, attrs]` in reading order."""
        names, labels = list(annotators), list(labels)
        done = "AND status = 'done'" if require_done else ""
        one = "AND article = ?" if article is not None else ""
        layer = f"""(SELECT json_group_array(json_array(start, "end", label, json(attrs)))
              FROM (SELECT start, "end", label, attrs FROM spans
                    WHERE article = x.pk AND annotator = ? AND label IN ({_marks(labels)})
                    ORDER BY start, "end"))"""
        sql = f"""
            WITH x(pk) AS (
              SELECT article FROM layers WHERE annotator IN ({_marks(names)}) {done} {one}
              GROUP BY article HAVING count(*) = ?)
            SELECT x.pk, {", ".join([layer] * len(names))}
            FROM x ORDER BY x.pk"""
        params = [*names, *([article] if article is not None else []), len(names)]
        for name in names:
            params += [name, *labels]
        yield from self.conn.execute(sql, params)

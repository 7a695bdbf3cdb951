"""Whole-store reads: the JSONL export, statistics and the health check."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from .. import rules
from ..gold import GOLD
from ..schema import Schema
from .labels import read_schema
from .suggestions import suggestion_figures

# One line of the project's JSONL, built by SQLite itself (docs/architecture.md, "Measured
# choices": at the floor, about 310 MB/s). The inner queries keep their ORDER BY because
# SQLite never flattens an ordered subquery into an aggregate, so json_group_array sees the
# rows in that order. A
# label's kind comes from a CASE made from the schema: 20% faster than a lookup per span.
_EXPORT_LINE = """
SELECT CAST({line_open}json_object(
  'id', a.id, 'title', a.title, 'text', a.text, 'meta', json(a.meta),
  'annotator', l.annotator, 'status', l.status,
  'spans', (SELECT json_group_array({entry_open}{span_open}{span}{span_review}
              {span_entry})
            FROM (SELECT id, start, "end", text, label, {kind} AS kind, attrs, origin{meta}
                  FROM spans WHERE article = a.pk AND annotator = l.annotator {span_labels}
                  ORDER BY start, "end", id) AS s),
  'relations', {relations}
){line_review} AS BLOB){pk}
FROM articles a {join} layers l ON l.article = a.pk
{where}
ORDER BY a.pk, l.annotator
"""
_RELATIONS = """(SELECT json_group_array(json_object('head', r.head, 'child', r.child,
                                                 'label', r.label))
   FROM (SELECT r.* FROM relations r JOIN spans h ON h.id = r.head {child_join}
         WHERE h.article = a.pk AND h.annotator = l.annotator {relation_labels}
         ORDER BY r.id) AS r)"""


# The gold layer's lines say who reviewed them: the reviewer of the article's latest decision,
# and with each span the decision that put it there, "edited" when the reviewer changed its
# bounds or label since (json_patch adds the keys to gold lines only; a store without
# decisions exports exactly as before).
_LINE_REVIEW = f""", CASE WHEN l.annotator = '{GOLD}' THEN json_object('reviewer',
    (SELECT reviewer FROM reviews WHERE article = a.pk ORDER BY id DESC LIMIT 1))
  ELSE '{{}}' END)"""
_SPAN_REVIEW = f""", CASE WHEN l.annotator = '{GOLD}' THEN json_object('review',
    (SELECT json_object('reviewer', reviewer, 'at', decided_at, 'decision', decision,
                        'from', json(sources),
                        'edited', json(CASE WHEN r.start = s.start AND r."end" = s."end"
                                       AND r.label IS s.label THEN 'false' ELSE 'true' END))
     FROM reviews r WHERE gold_span = s.id ORDER BY id DESC LIMIT 1))
  ELSE '{{}}' END)"""


_SPAN = """json_object('id', s.id, 'start', s.start, 'end', s."end", 'text', s.text,
  'label', s.label, 'kind', s.kind, 'attrs', json(s.attrs), 'origin', s.origin)"""

# A span's meta (migration 0010), only in a store that has some, so that every other
# export is as before; json_set rather than json_patch, which would drop a null inside it.
_SPAN_META = f"""CASE WHEN s.meta IS NULL THEN {_SPAN}
  ELSE json_set({_SPAN}, '$.meta', json(s.meta)) END"""
_META_COLUMN = ", (SELECT meta FROM span_meta WHERE span = spans.id) AS meta"


# A linked span's registry entry ("entry": its id); json_patch leaves out a null, so an
# unlinked span, and a store without links, exports exactly as before.
_SPAN_ENTRY = """, json_object('entry', (SELECT entry FROM entry_links WHERE span = s.id)))"""


def _in(column: str, values: tuple[str, ...]) -> str:
    """`AND column IN (?, ...)` for a label filter; nothing without one."""
    return f"AND {column} IN ({', '.join('?' * len(values))})" if values else ""


class ReportQueries:
    """Whole-store reads: `store.reports`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # -- export -------------------------------------------------------------------------

    @staticmethod
    def _export_filter(annotator: str | None, status: str | None) -> dict[str, Any]:
        """The WHERE clause over articles `a` and layers `l` shared by the export queries."""
        conditions, params = [], []
        if annotator is not None:
            conditions.append("l.annotator = ?")
            params.append(annotator)
        if status is not None:
            conditions.append("l.status = ?")
            params.append(status)
        # Without a filter, articles nobody has annotated yet are exported too (as a line
        # with a null annotator), so that an export holds the whole store.
        return {"join": "JOIN" if conditions else "LEFT JOIN",
                "where": ("WHERE " + " AND ".join(conditions)) if conditions else "",
                "params": params}

    def export_count(self, annotator: str | None = None, status: str | None = None) -> int:
        """How many lines export_lines() will give (for a progress bar)."""
        f = self._export_filter(annotator, status)
        sql = f"SELECT count(*) FROM articles a {f['join']} layers l ON l.article = a.pk "
        return self.conn.execute(sql + f["where"], f["params"]).fetchone()[0]

    def export_lines(self, annotator: str | None = None, status: str | None = None,
                     labels: tuple[str, ...] = ()) -> Iterator[bytes]:
        """The JSONL export, one UTF-8 line (without its newline) per article and layer.

        With `labels`, a line keeps only the spans with those labels, and the relations
        whose both ends are kept.
        """
        yield from self._export_query(annotator, status, tuple(labels), with_pk=False)

    def export_rows(self, annotator: str | None = None, status: str | None = None,
                    labels: tuple[str, ...] = ()) -> Iterator[tuple[int, bytes]]:
        """`(article pk, line)` for each line of export_lines(), in the same order."""
        yield from self._export_query(annotator, status, tuple(labels), with_pk=True)

    def _export_query(self, annotator: str | None, status: str | None,
                      labels: tuple[str, ...], with_pk: bool) -> Iterator[Any]:
        f = self._export_filter(annotator, status)
        kinds = self.conn.execute("SELECT name, kind FROM labels").fetchall()
        kind = "CASE label " + "WHEN ? THEN ? " * len(kinds) + "END" if kinds else "NULL"
        any_relations = self.conn.execute("SELECT EXISTS (SELECT 1 FROM relations)").fetchone()
        relations = "json('[]')"
        relation_params: list[str] = []
        if any_relations[0]:
            relations = _RELATIONS.format(
                child_join="JOIN spans c ON c.id = r.child" if labels else "",
                relation_labels=(_in("h.label", labels) + " " + _in("c.label", labels)))
            relation_params = [*labels, *labels]
        reviewed = (annotator in (None, GOLD) and self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM reviews)").fetchone()[0])
        linked = self.conn.execute("SELECT EXISTS (SELECT 1 FROM entry_links)").fetchone()[0]
        noted = self.conn.execute("SELECT EXISTS (SELECT 1 FROM span_meta)").fetchone()[0]
        sql = _EXPORT_LINE.format(line_open="json_patch(" if reviewed else "",
                                  entry_open="json_patch(" if linked else "",
                                  span_entry=_SPAN_ENTRY if linked else "",
                                  line_review=_LINE_REVIEW if reviewed else "",
                                  span_open="json_patch(" if reviewed else "",
                                  span_review=_SPAN_REVIEW if reviewed else "",
                                  span=_SPAN_META if noted else _SPAN,
                                  meta=_META_COLUMN if noted else "",
                                  join=f["join"], where=f["where"], kind=kind,
                                  relations=relations, span_labels=_in("label", labels),
                                  pk=", a.pk" if with_pk else "")
        params = ([value for pair in kinds for value in pair] + list(labels) + relation_params
                  + f["params"])
        for row in self.conn.execute(sql, params):
            yield (row[1], row[0]) if with_pk else row[0]

    def export_groups(self, annotator: str | None = None,
                      status: str | None = None) -> list[tuple[int, str]]:
        """`(article pk, text hash)` of every article that has a line in the export.

        For splitting an export by article: articles with the same text hash go together.
        """
        f = self._export_filter(annotator, status)
        sql = (f"SELECT DISTINCT a.pk, a.text_hash FROM articles a {f['join']} layers l "
               f"ON l.article = a.pk {f['where']} ORDER BY a.pk")
        return [(pk, digest) for pk, digest in self.conn.execute(sql, f["params"])]

    def export_relation_count(self, annotator: str | None = None, status: str | None = None,
                              labels: tuple[str, ...] = ()) -> int:
        """How many relations the export holds (doccano's shape depends on it)."""
        f = self._export_filter(annotator, status)
        sql = ("SELECT count(*) FROM relations r JOIN spans h ON h.id = r.head "
               "JOIN spans c ON c.id = r.child "
               "JOIN layers l ON l.article = h.article AND l.annotator = h.annotator "
               "JOIN articles a ON a.pk = l.article "
               f"{f['where'] or 'WHERE 1'} {_in('h.label', labels)} {_in('c.label', labels)}")
        return self.conn.execute(sql, [*f["params"], *labels, *labels]).fetchone()[0]

    # -- statistics ---------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        articles = self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        annotators: dict[str, Any] = {}
        for name in [row[0] for row in self.conn.execute(
                "SELECT name FROM annotators ORDER BY name")]:
            statuses = {"todo": 0, "in progress": 0, "done": 0, "skipped": 0}
            statuses.update(dict(self.conn.execute(
                "SELECT status, count(*) FROM layers WHERE annotator = ? GROUP BY status",
                (name,))))
            layered = sum(statuses.values())
            statuses["todo"] += articles - layered  # not opened yet: still to do
            spans = self.conn.execute("SELECT count(*) FROM spans WHERE annotator = ?",
                                      (name,)).fetchone()[0]
            annotators[name] = {"articles": statuses, "spans": spans}
        spans_by_label = dict(self.conn.execute(
            "SELECT l.name, count(s.id) FROM labels l LEFT JOIN spans s ON s.label = l.name "
            "GROUP BY l.name ORDER BY l.position"))
        relations_by_label = dict(self.conn.execute(
            "SELECT l.name, count(r.id) FROM relation_labels l "
            "LEFT JOIN relations r ON r.label = l.name GROUP BY l.name ORDER BY l.position"))
        gold = annotators.pop(GOLD, None)  # the reviewed version: counted as review
        suggestion_layers = {name: annotators.pop(name) for (name,) in self.conn.execute(
            "SELECT name FROM suggestion_layers ORDER BY name") if name in annotators}
        review = None if gold is None else {
            "reviewed": gold["articles"]["done"] + gold["articles"]["skipped"],
            "in review": gold["articles"]["in progress"],
            "unreviewed": gold["articles"]["todo"], "gold spans": gold["spans"]}
        return {"articles": articles, "annotators": annotators, "review": review,
                "suggestion_layers": suggestion_layers,
                "suggestions": suggestion_figures(self.conn),
                "spans": sum(spans_by_label.values()), "spans_by_label": spans_by_label,
                "relations": sum(relations_by_label.values()),
                "relations_by_label": relations_by_label}

    # -- health check -------------------------------------------------------------------

    def check(self) -> list[str]:
        """Every problem found in the store, one sentence each; empty when healthy."""
        problems = [f"integrity: {row[0]}" for row in self.conn.execute("PRAGMA integrity_check")
                    if row[0] != "ok"]
        if problems:
            return problems  # nothing else can be trusted
        problems += [f"foreign key: a row of {row[0]} points to a missing {row[2]} row"
                     for row in self.conn.execute("PRAGMA foreign_key_check")]
        problems += self._check_rules()
        for article_id, stored, text in self.conn.execute(
                "SELECT id, text_hash, text FROM articles"):
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != stored:
                problems.append(f"article {article_id}: its text no longer matches its hash")
            if "\r" in text or "\x00" in text:
                problems.append(f"article {article_id}: text is not canonical (CR or NUL)")
        return problems

    def _check_rules(self) -> list[str]:
        """The rulebook (core/rules.py) over every stored span and relation."""
        schema, problems = read_schema(self.conn), []
        # One pass over the spans in index order; an article's text is read when its spans
        # begin. A label's or an attribute set's verdict is worked out once.
        label_verdicts: dict[str, str | None] = {}
        attrs_verdicts: dict[tuple[str, str], str | None] = {}
        current, article_id, text = None, "", ""
        previous: tuple = ()
        for pk, span_id, annotator, start, end, label, stored, attrs in self.conn.execute(
                'SELECT article, id, annotator, start, "end", label, text, attrs FROM spans '
                'ORDER BY article, annotator, start, "end", label, id'):
            if pk != current:
                current = pk
                row = self.conn.execute("SELECT id, text FROM articles WHERE pk = ?",
                                        (pk,)).fetchone()
                if row is None:
                    continue  # the foreign key check reports it
                article_id, text = row
            found = (rules.bounds_problem(len(text), start, end)
                     or rules.text_problem(text, start, end, stored)
                     or rules.whitespace_problem(stored))
            if found is None:
                if label not in label_verdicts:
                    label_verdicts[label] = rules.label_problem(schema, label)
                found = label_verdicts[label]
            if found is None and attrs != "{}":
                if (label, attrs) not in attrs_verdicts:
                    attrs_verdicts[label, attrs] = rules.attrs_problem(schema, label,
                                                                       _json(attrs))
                found = attrs_verdicts[label, attrs]
            if found is not None:
                problems.append(f"span {span_id} of article {article_id}: {found}")
            key = (pk, annotator, *rules.span_key(start, end, label))
            if key == previous[:-1]:
                problems.append(f"span {span_id} of article {article_id}: repeats span "
                                f"{previous[-1]} "
                                f"({rules.duplicate_span_message(start, end, label)})")
            else:
                previous = (*key, span_id)
        for rel_id, label, head, child, head_label, child_label, same_layer in self.conn.execute(
                "SELECT r.id, r.label, r.head, r.child, h.label, c.label, "
                "h.article = c.article AND h.annotator = c.annotator "
                "FROM relations r JOIN spans h ON h.id = r.head JOIN spans c ON c.id = r.child"):
            found = rules.relation_problem(schema, label, head_label, child_label,
                                           same_span=head == child, same_layer=bool(same_layer))
            if found is not None:
                problems.append(f"relation {rel_id} (spans {head} and {child}): {found}")
        for rel_ids, head, child, label in self.conn.execute(
                "SELECT group_concat(id, ', '), head, child, label FROM relations "
                "GROUP BY head, child, label HAVING count(*) > 1"):
            problems.append(f"relations {rel_ids} repeat one {label} link from span {head} "
                            f"to span {child}")
        for span_id, article_id in self.conn.execute(
                "SELECT s.id, a.id FROM spans s JOIN articles a ON a.pk = s.article "
                "WHERE s.annotator = ? AND NOT EXISTS (SELECT 1 FROM reviews r "
                "WHERE r.gold_span = s.id)", (GOLD,)):
            problems.append(f"span {span_id} of article {article_id}: in the gold layer "
                            "without a review decision (only review writes gold)")
        return problems + self._check_registry(schema)

    def _check_registry(self, schema: Schema) -> list[str]:
        """Every entry keeps the rules of the registry, and every link fits its entry."""
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                 "AND name = 'entries'").fetchone():
            return []  # a store read as it is, from before the registry
        problems = []
        for entry_id, name, kind, aliases, wikidata, attrs in self.conn.execute(
                "SELECT id, name, kind, aliases, wikidata, attrs FROM entries"):
            found = rules.entry_problem(schema, name, kind, _json(aliases), wikidata,
                                        _json(attrs))
            if found is not None:
                problems.append(f"entry {entry_id} ({name}): {found}")
        for span_id, label, entry_id, kind in self.conn.execute(
                "SELECT l.span, s.label, l.entry, e.kind FROM entry_links l "
                "JOIN spans s ON s.id = l.span JOIN entries e ON e.id = l.entry"):
            found = rules.entry_link_problem(schema, label, kind)
            if found is not None:
                problems.append(f"span {span_id} links to entry {entry_id}: {found}")
        return problems


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text  # attrs_problem says it is not an object

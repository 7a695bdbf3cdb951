"""The SQL of merging stores (core/merge.py decides what to do with it).

A store being merged is read with `source_lines` (one JSON line per article and layer, built
by SQLite as the export is); the target's layers are read and updated with the rest.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence

from ..errors import StoreError
from ..schema import Schema
from .labels import read_schema
from .rows import now

# The export's line (reports.py) without what a merge does not need (span texts and label
# kinds) and with each span's origin. Articles without a layer, or only with the skipped
# one, still come as one line with a null annotator, so that they are merged too.
_SOURCE_LINE = """
SELECT CAST(json_object(
  'id', a.id, 'title', a.title, 'text', a.text, 'meta', json(a.meta),
  'annotator', l.annotator, 'status', l.status,
  'spans', (SELECT json_group_array(json_object(
              'id', s.id, 'start', s.start, 'end', s."end", 'label', s.label,
              'attrs', json(s.attrs), 'origin', s.origin{entry}{meta}))
            FROM spans s WHERE s.article = a.pk AND s.annotator = l.annotator),
  'relations', (SELECT json_group_array(json_object('head', r.head, 'child', r.child,
                                                    'label', r.label))
                FROM relations r JOIN spans h ON h.id = r.head
                WHERE h.article = a.pk AND h.annotator = l.annotator)
) AS BLOB)
FROM articles a LEFT JOIN layers l ON l.article = a.pk AND l.annotator IS NOT ?
ORDER BY a.pk, l.annotator
"""

# One layer of the target: its status, spans and relations in one row (JSON arrays built
# by SQLite: one query a layer, parsed in C).
_LAYER = """
SELECT status,
  (SELECT json_group_array(json_array(id, start, "end", label, attrs)) FROM spans
   WHERE article = :pk AND annotator = :annotator),
  (SELECT json_group_array(json_array(r.id, r.head, r.child, r.label))
   FROM relations r JOIN spans h ON h.id = r.head
   WHERE h.article = :pk AND h.annotator = :annotator)
FROM layers WHERE article = :pk AND annotator = :annotator
"""

SpanRow = tuple[int, int, int, str, str]  # id, start, end, label, attrs (JSON text)
RelationRow = tuple[int, int, int, str]  # id, head, child, label


class MergeQueries:
    """Reading a store being merged and writing the target's layers: `store.merging`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # -- reading a source store ---------------------------------------------------------

    def source_line_count(self, skipped_annotator: str) -> int:
        """How many lines source_lines() gives (for a progress bar)."""
        return self._read("SELECT count(*) FROM articles a LEFT JOIN layers l "
                          "ON l.article = a.pk AND l.annotator IS NOT ?",
                          (skipped_annotator,))[0][0]

    def source_lines(self, skipped_annotator: str) -> Iterator[bytes]:
        """Every article with each of its layers but `skipped_annotator`'s, as JSON lines
        that records.parse_record reads (span ids, relations by span id, origins)."""
        try:
            # a store made before the registry has no links to carry
            entry = (", 'entry', (SELECT entry FROM entry_links WHERE span = s.id)"
                     if self._has_table("entry_links") else "")
            # nor one made before span meta (0010), or without any, any meta
            meta = (", 'meta', json((SELECT meta FROM span_meta WHERE span = s.id))"
                    if self._has_table("span_meta") and self.has_span_meta() else "")
            for (line,) in self.conn.execute(_SOURCE_LINE.format(entry=entry, meta=meta),
                                             (skipped_annotator,)):
                yield line
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"damaged: {exc}") from None

    def _has_table(self, name: str) -> bool:
        return bool(self._read("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                               "AND name = ?", (name,)))

    def source_schema(self) -> Schema:
        try:
            return read_schema(self.conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"damaged: {exc}") from None

    def layer_count(self, annotator: str) -> int:
        return self._read("SELECT count(*) FROM layers WHERE annotator = ?",
                          (annotator,))[0][0]

    def labels_in_use(self) -> list[str]:
        return [row[0] for row in self._read("SELECT DISTINCT label FROM spans", ())]

    def _read(self, sql: str, params: Sequence) -> list[tuple]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"damaged: {exc}") from None

    # -- the target's layers ------------------------------------------------------------

    def merge_layer(self, pk: int, annotator: str
                    ) -> tuple[str, list[SpanRow], list[RelationRow]] | None:
        """One layer's status, spans and relations; None when the article has no such layer."""
        row = self.conn.execute(_LAYER, {"pk": pk, "annotator": annotator}).fetchone()
        if row is None:
            return None
        return row[0], json.loads(row[1]), json.loads(row[2])

    def link_spans(self, links: Sequence[tuple[int, int]]) -> int:
        """Link merged spans to their entries ((span, entry) pairs), replacing a span's
        earlier entry; returns how many links were new or changed."""
        before = self.conn.total_changes
        stamp = now()
        self.conn.executemany(
            "INSERT INTO entry_links (span, entry, linked_at) VALUES (?, ?, ?) "
            "ON CONFLICT (span) DO UPDATE SET entry = excluded.entry, "
            "linked_at = excluded.linked_at WHERE entry != excluded.entry",
            [(span, entry, stamp) for span, entry in links])
        return self.conn.total_changes - before

    def has_span_meta(self) -> bool:
        """Whether any span of the store has meta."""
        return self.conn.execute("SELECT EXISTS (SELECT 1 FROM span_meta)").fetchone()[0] == 1

    def layer_span_meta(self, pk: int, annotator: str) -> dict[int, str]:
        """The meta (JSON text) of a target layer's spans that have some, by span id."""
        return dict(self.conn.execute(
            "SELECT m.span, m.meta FROM spans s JOIN span_meta m ON m.span = s.id "
            "WHERE s.article = ? AND s.annotator = ?", (pk, annotator)).fetchall())

    def set_span_meta(self, metas: Sequence[tuple[int, dict]]) -> None:
        """Give kept spans the source's meta ((span, meta) pairs; an empty meta removes
        the span's)."""
        self.conn.executemany("DELETE FROM span_meta WHERE span = ?",
                              [(span,) for span, meta in metas if not meta])
        self.conn.executemany(
            "INSERT OR REPLACE INTO span_meta (span, meta) VALUES (?, ?)",
            [(span, json.dumps(meta, ensure_ascii=False)) for span, meta in metas if meta])

    def update_merged_layer(self, pk: int, annotator: str, status: str,
                            spans_removed: Sequence[int],
                            relations_removed: Sequence[int]) -> None:
        """Delete what a layer lost and set its status (new rows come through BulkWriter)."""
        self.conn.executemany("DELETE FROM relations WHERE id = ?",
                              [(rid,) for rid in relations_removed])
        self.conn.executemany("DELETE FROM spans WHERE id = ?",
                              [(sid,) for sid in spans_removed])
        self.conn.execute("UPDATE layers SET status = ?, updated_at = ? "
                          "WHERE article = ? AND annotator = ?", (status, now(), pk, annotator))

"""Bulk writes for imports: rows buffered and written with executemany, ids assigned here.

The importer decides what to write; this class only knows the SQL. It must be used inside
Store.transaction(): the ids it hands out are only safe while it holds the write lock.
"""

from __future__ import annotations

import json
import sqlite3

from .rows import now

_FLUSH_ROWS = 20_000
_FLUSH_ARTICLES = 1_000  # texts are large: articles without spans must not pile up either

# Secondary indexes that a bulk load into an empty store builds once at the end instead of
# updating on every row (docs/architecture.md, "Measured choices":
# about 2x faster for 2M spans).
_DEFERRED_INDEXES = {
    # unique: a layer holds one span per bounds and label (migration 0005, rules.py)
    "spans_layer": 'CREATE UNIQUE INDEX spans_layer ON spans '
                   '(article, annotator, start, "end", label)',
    "spans_label": "CREATE INDEX spans_label ON spans (label)",
    "relations_child": "CREATE INDEX relations_child ON relations (child)",
}

# Made by sqlite-utils' enable_fts (migration 0002): indexes each article as it is inserted.
_SEARCH_TRIGGER = "articles_ai"


class BulkWriter:
    def __init__(self, conn: sqlite3.Connection) -> None:
        assert conn.in_transaction, "BulkWriter needs an open transaction"
        self.conn = conn
        self.stamp = now()
        self._articles: list[tuple] = []
        self._layers: list[tuple] = []
        self._spans: list[tuple] = []
        self._relations: list[tuple] = []
        self._span_meta: list[tuple] = []
        # Rows not yet written, so that lookups see them too.
        self._pending_ids: dict[str, tuple[int, str]] = {}
        self._pending_hashes: dict[str, int] = {}
        self._pending_layers: set[tuple[int, str]] = set()
        self._deferred: list[str] = []
        self._search_trigger: str | None = None
        self._search_from = 0
        self.reset()

    def reset(self) -> None:
        """Forget buffered rows and re-read the next ids (after a rollback to a savepoint)."""
        self._clear()
        self.next_pk = self._next("articles", "pk")
        self.next_span = self._next("spans", "id")
        self.next_relation = self._next("relations", "id")

    def _next(self, table: str, column: str) -> int:
        row = self.conn.execute(f"SELECT max({column}) FROM {table}").fetchone()
        seq = self.conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?",
                                (table,)).fetchone() if table != "articles" else None
        return max(row[0] or 0, seq[0] if seq else 0) + 1

    def defer_indexes(self) -> None:
        """Build the search index of the new articles in one go at finish(), and drop the
        span and relation indexes until then when the store has no spans."""
        self._defer_search()
        if self.conn.execute("SELECT EXISTS (SELECT 1 FROM spans)").fetchone()[0]:
            return
        for name in _DEFERRED_INDEXES:
            if self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?",
                                 (name,)).fetchone():
                self.conn.execute(f"DROP INDEX {name}")
                self._deferred.append(name)

    # -- lookups ------------------------------------------------------------------------

    def find_by_id(self, article_id: str) -> tuple[int, str] | None:
        """(pk, text hash) of the article with this id, written or pending."""
        if article_id in self._pending_ids:
            return self._pending_ids[article_id]
        row = self.conn.execute("SELECT pk, text_hash FROM articles WHERE id = ?",
                                (article_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def find_by_hash(self, text_hash: str) -> int | None:
        if text_hash in self._pending_hashes:
            return self._pending_hashes[text_hash]
        row = self.conn.execute("SELECT pk FROM articles WHERE text_hash = ? LIMIT 1",
                                (text_hash,)).fetchone()
        return row[0] if row else None

    def before_reading(self, pk: int, annotator: str) -> None:
        """Make one layer's rows readable with SQL: written, and the span indexes back
        (a layer read without them would scan every span)."""
        if (pk, annotator) in self._pending_layers:
            self.flush()
        if self._deferred:
            self.flush()
            self._build_deferred()

    def has_layer(self, pk: int, annotator: str) -> bool:
        if (pk, annotator) in self._pending_layers:
            return True
        return self.conn.execute("SELECT 1 FROM layers WHERE article = ? AND annotator = ?",
                                 (pk, annotator)).fetchone() is not None

    # -- buffered writes ----------------------------------------------------------------

    def add_article(self, article_id: str, title: str, text: str, text_hash: str,
                    meta: dict) -> int:
        pk = self.next_pk
        self.next_pk += 1
        self._articles.append((pk, article_id, title, text, text_hash,
                               json.dumps(meta, ensure_ascii=False), self.stamp))
        self._pending_ids[article_id] = (pk, text_hash)
        self._pending_hashes[text_hash] = pk
        if len(self._articles) >= _FLUSH_ARTICLES:
            self.flush()
        return pk

    def add_layer(self, pk: int, annotator: str, status: str) -> None:
        self._layers.append((pk, annotator, status, self.stamp))
        self._pending_layers.add((pk, annotator))

    def add_span(self, pk: int, annotator: str, start: int, end: int, label: str, text: str,
                 attrs: dict, origin: str = "imported") -> int:
        span_id = self.next_span
        self.next_span += 1
        self._spans.append((span_id, pk, annotator, start, end, label, text,
                            json.dumps(attrs, ensure_ascii=False) if attrs else "{}",
                            origin, self.stamp, self.stamp))
        if len(self._spans) >= _FLUSH_ROWS:
            self.flush()
        return span_id

    def add_span_meta(self, span_id: int, meta: dict) -> None:
        """A span's meta (migration 0010), written after the spans; an empty one is none."""
        if meta:
            self._span_meta.append((span_id, json.dumps(meta, ensure_ascii=False)))

    def add_relation(self, head: int, child: int, label: str) -> None:
        relation_id = self.next_relation
        self.next_relation += 1
        self._relations.append((relation_id, head, child, label, self.stamp))

    def flush(self) -> None:
        """Write what is buffered (parents before children, for the foreign keys)."""
        execute = self.conn.executemany
        if self._articles:
            execute("INSERT INTO articles (pk, id, title, text, text_hash, meta, imported_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", self._articles)
        if self._layers:
            execute("INSERT INTO layers (article, annotator, status, updated_at) "
                    "VALUES (?, ?, ?, ?)", self._layers)
        if self._spans:
            execute('INSERT INTO spans (id, article, annotator, start, "end", label, text, '
                    "attrs, origin, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self._spans)
        if self._span_meta:
            execute("INSERT INTO span_meta (span, meta) VALUES (?, ?)", self._span_meta)
        if self._relations:
            execute("INSERT INTO relations (id, head, child, label, created_at) "
                    "VALUES (?, ?, ?, ?, ?)", self._relations)
        self._clear()

    def _clear(self) -> None:
        for rows in (self._articles, self._layers, self._spans, self._span_meta,
                     self._relations):
            rows.clear()
        self._pending_ids.clear()
        self._pending_hashes.clear()
        self._pending_layers.clear()

    # -- the ids seen in the file being imported -----------------------------------------
    # Kept in a temporary table, not a dict, so that memory stays flat on a file of any size.

    def start_file(self) -> None:
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS import_ids (id TEXT NOT NULL, "
                          "annotator TEXT NOT NULL, digest TEXT NOT NULL, line INTEGER, "
                          "PRIMARY KEY (id, annotator)) WITHOUT ROWID")
        self.conn.execute("DELETE FROM temp.import_ids")

    def seen_in_file(self, article_id: str, annotator: str | None
                     ) -> tuple[int, str, bool] | None:
        """(first line, its text hash, same annotator too) of an id seen earlier in the file."""
        row = self.conn.execute(
            "SELECT line, digest, annotator = ? FROM temp.import_ids WHERE id = ? "
            "ORDER BY annotator = ? DESC, line LIMIT 1",
            (annotator or "", article_id, annotator or "")).fetchone()
        return (row[0], row[1], bool(row[2])) if row else None

    def remember_in_file(self, article_id: str, annotator: str | None, digest: str,
                         line: int) -> None:
        self.conn.execute("INSERT OR IGNORE INTO temp.import_ids VALUES (?, ?, ?, ?)",
                          (article_id, annotator or "", digest, line))

    def _defer_search(self) -> None:
        # The trigger that indexes each new article as it is inserted is dropped for the
        # import (inside its transaction: a rollback brings it back); finish() indexes the
        # new articles with one statement, about twice as fast as row by row.
        row = self.conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                "AND name = ?", (_SEARCH_TRIGGER,)).fetchone()
        if row is not None:
            self._search_trigger = row[0]
            self._search_from = self.next_pk
            self.conn.execute(f"DROP TRIGGER {_SEARCH_TRIGGER}")

    def _index_new_articles(self) -> None:
        if self._search_trigger is None:
            return
        self.conn.execute("INSERT INTO articles_fts (rowid, title, text) "
                          "SELECT pk, title, text FROM articles WHERE pk >= ?",
                          (self._search_from,))
        self.conn.execute(self._search_trigger)
        self._search_trigger = None

    def finish(self) -> None:
        self.flush()
        self._index_new_articles()
        self.conn.execute("DROP TABLE IF EXISTS temp.import_ids")
        self._build_deferred()

    def _build_deferred(self) -> None:
        for name in self._deferred:
            self.conn.execute(_DEFERRED_INDEXES[name])
        self._deferred.clear()

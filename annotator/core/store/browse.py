"""Reads for browsing a store in the window: the article list, search, progress, navigation.

The list works on article keys (`pk`): a filter or a search returns the matching keys in
reading order (a few milliseconds for 100,000 articles), and the window fetches the rows it
shows a page at a time with `article_rows`.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

# The status filters that leave articles out by their layer: an article the annotator has
# not touched has no layer yet and counts as "todo".
_LEFT_OUT = {"todo": "status != 'todo'", "not done": "status IN ('done', 'skipped')"}
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class ArticleRow:
    """One line of the article list, for one annotator."""

    pk: int
    id: str
    title: str
    status: str
    spans: int


@dataclass(frozen=True)
class SearchResult:
    """An article that matches a search, with FTS5's snippet of where (the matched words
    between [ and ])."""

    pk: int
    id: str
    title: str
    snippet: str


def fts_query(text: str) -> str | None:
    """A user's search words as an FTS5 query: every word must occur, the last one as a
    prefix (so results come while typing). Punctuation is dropped, so no input is an FTS
    syntax error. None when there is no word to search for."""
    words = _WORD.findall(text)
    if not words:
        return None
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


class BrowseQueries:
    """The article list: `store.browse`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def article_keys(self, annotator: str, status: str | None = None,
                     search: str | None = None) -> list[int]:
        """The keys of the articles to list, in reading order (import order).

        `status` is a layer status, "not done" (neither done nor skipped) or "commented"
        (a reviewer left a comment on the article or in it); `search` is
        what the user typed in the search box (all words, anywhere in title or text).
        Never reads the articles table itself (its rows hold the texts): the keys come
        from a narrow index (articles_order) or the search index, the status filter from
        the layers; about 25 ms for 100,000 articles.
        """
        if search is not None:
            query = fts_query(search)
            if query is None:
                return []
            keys = [row[0] for row in self.conn.execute(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid",
                (query,))]
        elif status == "commented":
            return [row[0] for row in self.conn.execute(
                "SELECT DISTINCT article FROM comments ORDER BY article")]
        elif status in ("in progress", "done", "skipped"):
            return [row[0] for row in self.conn.execute(
                "SELECT article FROM layers WHERE annotator = ? AND status = ? "
                "ORDER BY article", (annotator, status))]
        else:
            keys = [row[0] for row in self.conn.execute(
                "SELECT pk FROM articles INDEXED BY articles_order ORDER BY pk")]
        if status is None:
            return keys
        if status == "commented":
            keep = {row[0] for row in self.conn.execute("SELECT article FROM comments")}
            return [key for key in keys if key in keep]
        if status in ("in progress", "done", "skipped"):
            keep = self._layer_articles(annotator, "status = ?", (status,))
            return [key for key in keys if key in keep]
        if status not in _LEFT_OUT:
            raise ValueError(f"unknown status filter {status!r}")
        drop = self._layer_articles(annotator, _LEFT_OUT[status], ())
        return [key for key in keys if key not in drop] if drop else keys

    def search_results(self, search: str, limit: int = 50) -> list[SearchResult]:
        """The first `limit` articles (in reading order) that match what the user typed in
        the search box, each with the best snippet of its title or text."""
        query = fts_query(search)
        if query is None:
            return []
        return [SearchResult(*row) for row in self.conn.execute(
            "SELECT f.rowid, a.id, a.title, snippet(articles_fts, -1, '[', ']', '…', 12) "
            "FROM articles_fts f JOIN articles a ON a.pk = f.rowid "
            "WHERE articles_fts MATCH ? ORDER BY f.rowid LIMIT ?", (query, limit))]

    def article_keys_page(self, offset: int, limit: int) -> list[int]:
        """Keys `offset` to `offset + limit` of every article in reading order: the whole
        list, a page at a time, without reading 100,000 keys first."""
        return [row[0] for row in self.conn.execute(
            "SELECT pk FROM articles INDEXED BY articles_order ORDER BY pk LIMIT ? OFFSET ?",
            (limit, offset))]

    def article_position(self, pk: int) -> int | None:
        """The row of article `pk` in the whole list (None if there is no such article)."""
        if not self.conn.execute("SELECT 1 FROM articles WHERE pk = ?", (pk,)).fetchone():
            return None
        return self.conn.execute("SELECT count(*) FROM articles INDEXED BY articles_order "
                                 "WHERE pk < ?", (pk,)).fetchone()[0]

    def _layer_articles(self, annotator: str, condition: str, params: tuple) -> set[int]:
        return {row[0] for row in self.conn.execute(
            f"SELECT article FROM layers WHERE annotator = ? AND {condition}",
            (annotator, *params))}

    def article_rows(self, keys: list[int], annotator: str) -> list[ArticleRow]:
        """The list rows of these articles, in the order of `keys`."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(
            "SELECT a.pk, a.id, a.title, coalesce(l.status, 'todo'), "
            "(SELECT count(*) FROM spans s WHERE s.article = a.pk AND s.annotator = ?) "
            "FROM articles a LEFT JOIN layers l ON l.article = a.pk AND l.annotator = ? "
            f"WHERE a.pk IN ({marks})", (annotator, annotator, *keys))
        by_key = {row[0]: ArticleRow(*row) for row in rows}
        return [by_key[key] for key in keys if key in by_key]

    def finished_count(self, annotator: str) -> int:
        """The articles this annotator has done or skipped (from an index: instant)."""
        return self.conn.execute("SELECT count(*) FROM layers WHERE annotator = ? "
                                 "AND status IN ('done', 'skipped')", (annotator,)).fetchone()[0]

    def finished_counts(self, annotator: str) -> tuple[int, int]:
        """(articles done, articles skipped) by this annotator, counted apart."""
        rows = dict(self.conn.execute(
            "SELECT status, count(*) FROM layers WHERE annotator = ? "
            "AND status IN ('done', 'skipped') GROUP BY status", (annotator,)).fetchall())
        return rows.get("done", 0), rows.get("skipped", 0)

    def progress(self, annotator: str) -> tuple[int, int]:
        """(articles done or skipped by this annotator, articles in the store)."""
        total = self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        return self.finished_count(annotator), total

    def next_open_article(self, after: int, annotator: str) -> int | None:
        """The next article (after `after`, wrapping round) that this annotator has neither
        done nor skipped; None when every article is."""
        sql = ("SELECT a.pk FROM articles a WHERE NOT EXISTS (SELECT 1 FROM layers l "
               "WHERE l.article = a.pk AND l.annotator = :who "
               "AND l.status IN ('done', 'skipped')) AND a.pk {op} :after ORDER BY a.pk LIMIT 1")
        for op in (">", "<"):
            row = self.conn.execute(sql.format(op=op),
                                    {"who": annotator, "after": after}).fetchone()
            if row:
                return row[0]
        return None

"""Reads and writes for review: decisions on candidates, and reviewers' comments."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from ..gold import GOLD
from .rows import inserted_id, now


@dataclass(frozen=True)
class Review:
    """One reviewer's decision over a stretch of an article (see migration 0004_review)."""

    id: int
    article: int
    kind: str
    start: int
    end: int
    decision: str  # accept, reject or add
    label: str | None  # the gold span's label when decided (None: rejected)
    gold_span: int | None
    sources: tuple[str, ...]
    reviewer: str
    decided_at: str


@dataclass(frozen=True)
class Comment:
    """A note on an article (start and end None) or on a stretch of its text."""

    id: int
    article: int
    start: int | None
    end: int | None
    author: str
    text: str
    created_at: str


_REVIEW_COLUMNS = ('id, article, kind, start, "end", decision, label, gold_span, sources, '
                   "reviewer, decided_at")
_COMMENT_COLUMNS = 'id, article, start, "end", author, text, created_at'


def _review(row: tuple) -> Review:
    return Review(id=row[0], article=row[1], kind=row[2], start=row[3], end=row[4],
                  decision=row[5], label=row[6], gold_span=row[7],
                  sources=tuple(json.loads(row[8])), reviewer=row[9], decided_at=row[10])


class ReviewQueries:
    """Review decisions and comments: `store.review`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # -- decisions ----------------------------------------------------------------------

    def review(self, review_id: int) -> Review | None:
        row = self.conn.execute(f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE id = ?",
                                (review_id,)).fetchone()
        return _review(row) if row else None

    def reviews(self, article: int) -> list[Review]:
        rows = self.conn.execute(f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE article = ? "
                                 'ORDER BY start, "end", id', (article,))
        return [_review(row) for row in rows]

    def insert_review(self, review: Review) -> Review:
        """Store a decision; its id is kept when given (redo restores the same row)."""
        cursor = self.conn.execute(
            f"INSERT INTO reviews ({_REVIEW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (review.id or None, review.article, review.kind, review.start, review.end,
             review.decision, review.label, review.gold_span, json.dumps(list(review.sources)),
             review.reviewer, review.decided_at or now()))
        return self.review(inserted_id(cursor))  # type: ignore[return-value]

    def reviews_over(self, article: int, start: int, end: int,
                     gold_spans: tuple[int, ...] = ()) -> list[Review]:
        """The decisions on stretches overlapping [start, end), and those behind the given
        gold spans."""
        marks = ", ".join("?" * len(gold_spans))
        either = f" OR gold_span IN ({marks})" if gold_spans else ""
        rows = self.conn.execute(
            f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE article = ? AND "
            f'((start < ? AND "end" > ?){either}) ORDER BY id',
            (article, end, start, *gold_spans))
        return [_review(row) for row in rows]

    def delete_review(self, review_id: int) -> None:
        self.conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))

    def gold_reviews(self, article: int) -> dict[int, Review]:
        """The latest decision behind each gold span of an article, by gold span id."""
        found: dict[int, Review] = {}
        for review in self.reviews(article):
            if review.gold_span is not None and (
                    review.gold_span not in found or found[review.gold_span].id < review.id):
                found[review.gold_span] = review
        return found

    # -- comments -----------------------------------------------------------------------

    def comment(self, comment_id: int) -> Comment | None:
        row = self.conn.execute(f"SELECT {_COMMENT_COLUMNS} FROM comments WHERE id = ?",
                                (comment_id,)).fetchone()
        return Comment(*row) if row else None

    def comments(self, article: int) -> list[Comment]:
        """An article's comments: the article's own first, then by position in the text."""
        rows = self.conn.execute(
            f"SELECT {_COMMENT_COLUMNS} FROM comments WHERE article = ? "
            'ORDER BY start IS NOT NULL, start, "end", id', (article,))
        return [Comment(*row) for row in rows]

    def insert_comment(self, comment: Comment) -> Comment:
        cursor = self.conn.execute(
            f"INSERT INTO comments ({_COMMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (comment.id or None, comment.article, comment.start, comment.end, comment.author,
             comment.text, comment.created_at or now()))
        return self.comment(inserted_id(cursor))  # type: ignore[return-value]

    def delete_comment(self, comment_id: int) -> None:
        self.conn.execute("DELETE FROM comments WHERE id = ?", (comment_id,))

    def commented_articles(self) -> list[int]:
        return [row[0] for row in self.conn.execute(
            "SELECT DISTINCT article FROM comments ORDER BY article")]

    def review_counts(self) -> dict[str, Any]:
        """How many articles are reviewed, in review, not reviewed (the gold layer's status)."""
        total = self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        rows = dict(self.conn.execute(
            "SELECT status, count(*) FROM layers WHERE annotator = ? GROUP BY status", (GOLD,)))
        reviewed = rows.get("done", 0) + rows.get("skipped", 0)
        in_review = rows.get("in progress", 0)
        return {"reviewed": reviewed, "in review": in_review,
                "unreviewed": total - reviewed - in_review}

"""The change log read back: as a feed of what was written since a given change id, and
as the list reviewers read."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class LoggedChange:
    """One row of the change log, with the layers it touched.

    An operation's row names one article and, in its detail, the layer's annotator (None
    when it does not say: a link, a comment); a bulk write's row (import, merge) names no
    article and lists the layers it added or changed, by annotator.
    """

    id: int
    actor: str | None
    op: str
    article: int | None
    layers: frozenset[tuple[int, str | None]]
    own: bool  # written through this connection

    @property
    def articles(self) -> frozenset[int]:
        return frozenset(article for article, _ in self.layers)


def _layers(article: int | None, detail: dict) -> frozenset[tuple[int, str | None]]:
    by_annotator = detail.get("layers")
    if isinstance(by_annotator, dict):
        return frozenset((pk, name) for name, pks in by_annotator.items() for pk in pks)
    if article is None:
        return frozenset()
    annotator = detail.get("annotator")
    return frozenset({(article, annotator if isinstance(annotator, str) else None)})


class ChangeQueries:
    """The change log read back: `store.changes`. `own_changes` is the store's set of the
    ids its own connection wrote (the store adds to it as its transactions commit)."""

    def __init__(self, conn: sqlite3.Connection, own_changes: set[int]) -> None:
        self.conn = conn
        self.own_changes = own_changes

    def data_version(self) -> int:
        """A number that changes when another connection (another window, the CLI) has
        committed to this store since this one last looked (PRAGMA data_version)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def feed_state(self) -> tuple[int, int] | None:
        """(data_version, newest change id), or None when the store cannot be read just now
        (busy, or its disk gone): a poll on a timer tries again at the next tick."""
        try:
            return self.data_version(), self.last_change_id()
        except sqlite3.DatabaseError:
            return None

    def last_change_id(self) -> int:
        """The newest change-log id (0 for none): cheap, the end of the primary key."""
        return self.conn.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()[0]

    def changes_since(self, after: int) -> list[LoggedChange]:
        """The change-log rows after id `after`, oldest first. Rows this connection wrote
        are marked `own`; the detail of an operation of its own is not read."""
        out = []
        for row_id, actor, op, article, detail in self.conn.execute(
                "SELECT id, annotator, op, article, detail FROM changes WHERE id > ? "
                "ORDER BY id", (after,)):
            own = row_id in self.own_changes
            layers = (frozenset({(article, None)}) if own and article is not None
                      else _layers(article, json.loads(detail)))
            out.append(LoggedChange(row_id, actor, op, article, layers, own))
        return out

    def change_log(self, article: int | None = None, limit: int = 100) -> list[dict]:
        """The newest `limit` rows of the log (of one article's), newest first."""
        where, params = ("WHERE article = ?", [article]) if article is not None else ("", [])
        rows = self.conn.execute(
            f"SELECT id, at, annotator, op, article, detail FROM changes {where} "
            "ORDER BY id DESC LIMIT ?", [*params, limit])
        return [{"id": r[0], "at": r[1], "annotator": r[2], "op": r[3], "article": r[4],
                 "detail": json.loads(r[5])} for r in rows]

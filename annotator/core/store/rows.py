"""What the query modules share: the time stamp stored with a row, the id of a new row, the
condition that picks people's layers of spans."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

# Every person's layer (gold among them); suggestion layers never.
_PEOPLE = "s.annotator NOT IN (SELECT name FROM suggestion_layers)"


def now() -> str:
    """The time stamp stored with every change: UTC, ISO 8601, milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row an INSERT through `cursor` just made."""
    row_id = cursor.lastrowid
    assert row_id is not None, "not an INSERT"
    return row_id


def people_or_layer(annotator: str | None) -> tuple[str, list[Any]]:
    """A condition on the spans `s` of every person's layer (None) or of one layer, and
    its parameters: the layers the registry counts a mention in."""
    if annotator is None:
        return _PEOPLE, []
    return "s.annotator = ?", [annotator]

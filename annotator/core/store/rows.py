"""What the query modules share: the time stamp stored with a row, the id of a new row."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime


def now() -> str:
    """The time stamp stored with every change: UTC, ISO 8601, milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row an INSERT through `cursor` just made."""
    row_id = cursor.lastrowid
    assert row_id is not None, "not an INSERT"
    return row_id

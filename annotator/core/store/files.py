"""The store's file: telling ours from any other, whether it may be written, connecting."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..errors import StoreError

# PRAGMA application_id marks a file as ours ("Anno"), so that opening any other SQLite
# database says so instead of adding tables to it.
APPLICATION_ID = 0x416E6E6F
_HEADER = b"SQLite format 3\x00"


def check_header(path: Path) -> None:
    """Refuse a file that is not one of our stores, reading its header only (never writing)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except IsADirectoryError:
        raise StoreError(f"{path} is a folder, not a store") from None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from None
    if not header:
        raise StoreError(f"{path} is an empty file, not an Annotator store")
    if len(header) < 100 or not header.startswith(_HEADER):
        raise StoreError(f"{path} is not an Annotator store (not an SQLite database)")
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise StoreError(f"{path} is an SQLite database but not an Annotator store")


def writable(path: Path) -> bool:
    """Whether `path` may be written: by the system's word (a read-only medium, another
    user's file) and by its permission bits, which root would otherwise ignore (a store that
    was made read-only on purpose stays so for root too)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return os.access(path, os.W_OK) and bool(mode & 0o222)


def read_only_uri(path: Path) -> str:
    """How to open a store that cannot be written. A WAL store needs its -shm file, which a
    folder that cannot be written cannot take: there the file is opened immutable (nothing
    else can write it either), unless a -wal file still holds saved changes, which an
    immutable open would not see."""
    uri = path.resolve().as_uri()
    if writable(path.parent):
        return f"{uri}?mode=ro"
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return f"{uri}?mode=ro"
    return f"{uri}?immutable=1"


def connect(path: Path, busy_timeout: float) -> sqlite3.Connection:
    # isolation_level=None: no implicit transactions; every write is inside
    # transaction() (or sqlite-utils' own atomic blocks).
    return sqlite3.connect(str(path), timeout=busy_timeout, isolation_level=None)


def connect_read_only(path: Path, busy_timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=busy_timeout,
                           isolation_level=None)
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0 and not writable(path.parent):
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            conn.close()
            raise StoreError(
                f"{path} has saved changes in {wal.name} that SQLite can only read from a "
                f"folder that can be written: copy both files to such a folder to open "
                "it") from None
    return conn

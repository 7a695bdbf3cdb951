"""A write that SQLite refuses reaches the caller as the core's own error, with a message
that says nothing was saved, and the store is left as it was."""

from __future__ import annotations

import sqlite3
import time

import pytest

from annotator.core import Store
from annotator.core.errors import StoreBusyError, StoreReadOnlyError


def test_a_store_locked_by_another_program_is_busy(store_path):
    store = Store.open(store_path, busy_timeout=0.2)
    other = sqlite3.connect(store_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holding the store
    try:
        started = time.perf_counter()
        with pytest.raises(StoreBusyError) as caught, store.transaction():
            store.annotations.ensure_annotator("amira")
        waited = time.perf_counter() - started
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert str(caught.value) == (f"the store is busy: another program has been writing to "
                                 f"{store_path} for more than 0.2 s; nothing was saved, "
                                 "try again")
    assert 0.2 <= waited < 2
    assert store.annotations.annotators() == []
    with store.transaction():  # free again: the next write goes through
        store.annotations.ensure_annotator("amira")
    assert store.annotations.annotators() == ["amira"]
    store.close()


def test_a_refused_write_inside_a_transaction_is_read_only(store_path):
    store = Store.open(store_path)
    store.conn.execute("PRAGMA query_only = 1")  # SQLite refuses writes as on read-only media
    with pytest.raises(StoreReadOnlyError, match="is read-only: nothing was saved"), \
            store.transaction():
        store.annotations.ensure_annotator("amira")
    assert not store.conn.in_transaction
    store.conn.execute("PRAGMA query_only = 0")
    assert store.annotations.annotators() == []
    store.close()


def test_a_bug_in_sql_is_not_dressed_as_a_write_error(store):
    with pytest.raises(sqlite3.OperationalError, match="no such table"), store.transaction():
        store.conn.execute("INSERT INTO nowhere VALUES (1)")


def test_an_upgrade_on_open_while_another_program_holds_the_store_is_busy(tmp_path):
    import shutil
    from pathlib import Path

    old = tmp_path / "old.db"  # a first-version store: opening it upgrades it
    shutil.copy(Path(__file__).parent.parent / "data" / "store-v1.db", old)
    other = sqlite3.connect(old, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreBusyError, match="the store is busy"):
            Store.open(old, busy_timeout=0.1)
    finally:
        other.execute("ROLLBACK")
        other.close()
    Store.open(old).close()  # free again: it opens and upgrades

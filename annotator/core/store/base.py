"""The Store: opening, creating and upgrading a store file; transactions; the label schema;
the change log's writes; and the query objects of each area."""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Self

from ..errors import StoreBusyError, StoreError, StoreReadOnlyError, StoreWriteError
from ..schema import Label, RelationLabel, Schema
from .agreement import AgreementQueries
from .annotations import AnnotationQueries
from .browse import BrowseQueries
from .changes import ChangeQueries
from .files import APPLICATION_ID, check_header, connect, connect_read_only, writable
from .labels import read_schema, write_entry_attributes, write_label, write_relation_label
from .merge import MergeQueries
from .registry import RegistryQueries
from .reports import ReportQueries
from .review import ReviewQueries
from .rows import inserted_id, now
from .suggestions import SuggestionQueries
from .versions import MIGRATION_NAMES, MIGRATION_SET, MIGRATIONS_TABLE

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_S = 10.0

_savepoint_numbers = itertools.count(1)


class Savepoint:
    def __init__(self, conn: sqlite3.Connection, name: str, logged: list[int]) -> None:
        self.conn, self.name = conn, name
        self.logged, self.mark = logged, len(logged)

    def rollback(self) -> None:
        """Undo everything since the savepoint began; the transaction goes on."""
        self.conn.execute(f"ROLLBACK TO {self.name}")
        del self.logged[self.mark:]  # those change-log ids are free again


class Store:
    """An open store: one connection to one store file, its schema migrated to the current
    version. The store itself opens, transacts, holds the label schema and appends to the
    change log; each area's reads and writes are a query object over the same connection."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None,
                 read_only: bool = False, busy_timeout: float | None = None) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only  # opened for reading: every transaction is refused
        self.busy_timeout = BUSY_TIMEOUT_S if busy_timeout is None else busy_timeout
        self._db: Database | None = None
        self._schema: Schema | None = None
        # The ids of the change-log rows this connection wrote: committed, and in the open
        # transaction (a rollback frees its ids for other writers to take).
        self.own_changes: set[int] = set()
        self._logging: list[int] = []
        # The query objects, one per area, each over the same connection.
        self.annotations = AnnotationQueries(conn)
        self.browse = BrowseQueries(conn)
        self.reports = ReportQueries(conn)
        self.review = ReviewQueries(conn)
        self.agreement = AgreementQueries(conn)
        self.merging = MergeQueries(conn)
        self.changes = ChangeQueries(conn, self.own_changes)
        self.suggestions = SuggestionQueries(conn)
        self.registry = RegistryQueries(conn)

    @property
    def db(self) -> Database:
        """sqlite-utils over the same connection, made on first use: opening a store that
        is up to date does not load sqlite-utils (the window shows sooner)."""
        if self._db is None:
            from sqlite_utils import Database
            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    # -- opening ------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, busy_timeout: float | None = None) -> Self:
        """Open an existing store, upgrading it in place; refuse anything else untouched.

        A store that cannot be written (read-only file, folder or medium) opens read-only:
        reading works, every change says the store is read-only. `busy_timeout` is how long a
        write waits for another program's (BUSY_TIMEOUT_S unless told)."""
        path = Path(path)
        if not path.exists():
            raise StoreError(f"no store at {path} (create one with: annotator init {path})")
        check_header(path)
        timeout = BUSY_TIMEOUT_S if busy_timeout is None else busy_timeout
        if writable(path) and writable(path.parent):
            store = cls._checked(connect(path, timeout), path, busy_timeout=timeout)
            try:
                store._configure()  # may write: the WAL switch, an upgrade
            except sqlite3.OperationalError as exc:
                store.close()
                raise store._write_error(exc) from None
            return store
        store = cls._checked(connect_read_only(path, BUSY_TIMEOUT_S), path, read_only=True)
        if set(MIGRATION_NAMES) - set(store._applied()):
            store.close()
            raise StoreReadOnlyError(f"{path} is read-only and was written by an older "
                                     "version of Annotator: copy it to a folder that can be "
                                     "written to upgrade it")
        store.conn.execute("PRAGMA foreign_keys = ON")
        return store

    @classmethod
    def _checked(cls, conn: sqlite3.Connection, path: Path, read_only: bool = False,
                 busy_timeout: float | None = None) -> Self:
        """A store over `conn` whose file is readable and not from a newer version; the
        connection is closed if not."""
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            store = cls(conn, path, read_only, busy_timeout)
            store._check_version()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{path} is damaged: {exc}") from None
        except StoreError:
            conn.close()
            raise
        return store

    @classmethod
    def open_read_only(cls, path: str | Path) -> Self:
        """Open a store for reading only: never upgraded nor written (another annotator's
        store being merged). An older store reads as it is: the tables read here are the
        first version's."""
        path = Path(path)
        check_header(path)
        return cls._checked(connect_read_only(path, BUSY_TIMEOUT_S), path, read_only=True)

    @classmethod
    def create(cls, path: str | Path, schema: Schema) -> Self:
        """Make a new store file holding `schema`; refuse to touch an existing file."""
        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            if not (writable(path) and writable(path.parent)):
                raise StoreReadOnlyError(f"{path} is read-only (and already exists)")
            raise StoreError(f"{path} already exists; choose another name or open it")
        if not path.parent.exists():
            raise StoreError(f"cannot create {path}: folder {path.parent} does not exist")
        if not writable(path.parent):
            raise StoreReadOnlyError(f"cannot create {path}: folder {path.parent} is "
                                     "read-only")
        try:
            conn = connect(path, BUSY_TIMEOUT_S)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot create {path}: {exc}") from None
        store = cls(conn, path)
        store._initialise(schema)
        return store

    @classmethod
    def memory(cls, schema: Schema) -> Self:
        """A store in memory, for tests and scripts."""
        store = cls(sqlite3.connect(":memory:", isolation_level=None), None)
        store._initialise(schema)
        return store

    def _initialise(self, schema: Schema) -> None:
        self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        self._configure()
        with self.transaction():
            self.replace_schema(schema)

    def _configure(self) -> None:
        if self.path is not None:
            # WAL with synchronous=NORMAL: about 0.05 ms to commit one span, and a crash
            # loses nothing that was committed (docs/architecture.md, "The store").
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        if set(MIGRATION_NAMES) - set(self._applied()):
            from .migrations import migrations
            migrations.apply(self.db)

    def _applied(self) -> list[str]:
        """The names of the migrations this store has had, in order (read-only)."""
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                 "AND name = ?", (MIGRATIONS_TABLE,)).fetchone():
            return []
        return [row[0] for row in self.conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
            (MIGRATION_SET,))]

    def _check_version(self) -> None:
        newer = set(self._applied()) - set(MIGRATION_NAMES)
        if newer:
            raise StoreError(f"{self.path} was written by a newer version of Annotator "
                             f"(schema {max(newer)}); upgrade Annotator to open it")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def in_transaction(self) -> bool:
        """Whether this connection is inside a transaction (an import under way)."""
        return self.conn.in_transaction

    @property
    def schema_version(self) -> str:
        names = self._applied()
        return names[-1] if names else ""

    # -- transactions -------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One user action or one imported file: all of it is stored, or none of it.

        BEGIN IMMEDIATE takes the write lock at once, so a second process (the GUI and the
        CLI on one store) waits for the busy timeout instead of failing half-way. Nested
        use becomes a savepoint.
        """
        if self.conn.in_transaction:
            with self.savepoint():
                yield
            return
        if self.read_only:
            raise StoreReadOnlyError(f"{self.path} is read-only: nothing was saved")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._write_error(exc) from None
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            self._schema = None  # the rollback may have taken schema changes back
            self._logging.clear()
            if isinstance(exc, sqlite3.OperationalError):
                raise self._write_error(exc) from None
            raise
        self.own_changes.update(self._logging)
        self._logging.clear()

    def _write_error(self, exc: sqlite3.OperationalError) -> Exception:
        """The core's error for a write that SQLite refused (the same exception when it is
        not one the user can act on: that is a bug, and shows as one)."""
        text = str(exc)
        if "locked" in text or "busy" in text:
            return StoreBusyError(
                f"the store is busy: another program has been writing to {self.path} for "
                f"more than {self.busy_timeout:g} s; nothing was saved, try again")
        if "readonly" in text or "read-only" in text:
            return StoreReadOnlyError(f"{self.path} is read-only: nothing was saved")
        if any(word in text for word in ("disk is full", "disk I/O", "unable to open")):
            return StoreWriteError(f"cannot write {self.path}: {text}; nothing was saved")
        return exc

    @contextmanager
    def savepoint(self) -> Iterator[Savepoint]:
        """A part of the open transaction that can be undone alone (one file of an import).

        An exception rolls it back; `rollback()` does so without one.
        """
        assert self.conn.in_transaction, "a savepoint needs an open transaction"
        point = Savepoint(self.conn, f"point_{next(_savepoint_numbers)}", self._logging)
        self.conn.execute(f"SAVEPOINT {point.name}")
        try:
            yield point
        except BaseException:
            if self.conn.in_transaction:
                point.rollback()
                self.conn.execute(f"RELEASE {point.name}")
            self._schema = None
            raise
        self.conn.execute(f"RELEASE {point.name}")

    # -- the label schema ---------------------------------------------------------------

    @property
    def schema(self) -> Schema:
        if self._schema is None:
            self._schema = read_schema(self.conn)
        return self._schema

    def forget_schema(self) -> None:
        """Drop the cached schema (after a rollback may have taken labels away)."""
        self._schema = None

    def replace_schema(self, schema: Schema) -> None:
        """Write `schema` as the store's schema (labels in use must stay: foreign keys)."""
        with self.transaction():
            self.conn.execute("DELETE FROM attributes")
            self.conn.execute("DELETE FROM relation_labels WHERE name NOT IN "
                              "(SELECT DISTINCT label FROM relations)")
            self.conn.execute("DELETE FROM labels WHERE name NOT IN "
                              "(SELECT DISTINCT label FROM spans) AND name NOT IN "
                              "(SELECT DISTINCT kind FROM entries)")
            for position, label in enumerate(schema.labels):
                self.add_label(label, position)
            for position, rel in enumerate(schema.relations):
                self.add_relation_label(rel, position)
            self.db.table("attributes").insert_all(
                ({"kind": a.kind, "name": a.name, "values": json.dumps(list(a.values)),
                  "description": a.description, "position": i}
                 for i, a in enumerate(schema.attributes)), replace=True)
            write_entry_attributes(self.conn, schema.entry_attributes)
        self._schema = None

    def add_label(self, label: Label, position: int | None = None) -> None:
        write_label(self.conn, label, position)
        self._schema = None

    def add_relation_label(self, rel: RelationLabel, position: int | None = None) -> None:
        write_relation_label(self.conn, rel, position)
        self._schema = None

    # -- the change log -----------------------------------------------------------------

    def log_change(self, annotator: str | None, op: str, article: int | None,
                   detail: dict) -> None:
        """Append to the change log that reviewers read (never updated, never deleted) and
        that open windows follow (`store.changes.changes_since`)."""
        row = inserted_id(self.conn.execute(
            "INSERT INTO changes (at, annotator, op, article, detail) VALUES (?, ?, ?, ?, ?)",
            (now(), annotator, op, article, json.dumps(detail, ensure_ascii=False))))
        if self.conn.in_transaction:
            self._logging.append(row)
        else:
            self.own_changes.add(row)


__all__ = ["APPLICATION_ID", "MIGRATION_SET", "Store", "now"]

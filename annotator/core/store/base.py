"""Opening, creating and upgrading a store file; transactions; the schema and the change log."""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Self

from ..errors import StoreBusyError, StoreError, StoreReadOnlyError, StoreWriteError
from ..schema import Attribute, Label, RelationLabel, Schema
from .versions import MIGRATION_NAMES, MIGRATION_SET, MIGRATIONS_TABLE

if TYPE_CHECKING:
    from sqlite_utils import Database

# PRAGMA application_id marks a file as ours ("Anno"), so that opening any other SQLite
# database says so instead of adding tables to it.
APPLICATION_ID = 0x416E6E6F
_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 10.0


def now() -> str:
    """The time stamp stored with every change: UTC, ISO 8601, milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _check_header(path: Path) -> None:
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


def _read_only_uri(path: Path) -> str:
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


_savepoint_numbers = itertools.count(1)


class Savepoint:
    def __init__(self, conn: sqlite3.Connection, name: str, logged: list[int]) -> None:
        self.conn, self.name = conn, name
        self.logged, self.mark = logged, len(logged)

    def rollback(self) -> None:
        """Undo everything since the savepoint began; the transaction goes on."""
        self.conn.execute(f"ROLLBACK TO {self.name}")
        del self.logged[self.mark:]  # those change-log ids are free again


class StoreBase:
    """A connection to one store file, with its schema migrated to the current version."""

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
        _check_header(path)
        timeout = BUSY_TIMEOUT_S if busy_timeout is None else busy_timeout
        if writable(path) and writable(path.parent):
            store = cls._checked(cls._connect(path, timeout), path, busy_timeout=timeout)
            try:
                store._configure()  # may write: the WAL switch, an upgrade
            except sqlite3.OperationalError as exc:
                store.close()
                raise store._write_error(exc) from None
            return store
        store = cls._checked(cls._connect_read_only(path), path, read_only=True)
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
        _check_header(path)
        return cls._checked(cls._connect_read_only(path), path, read_only=True)

    @staticmethod
    def _connect_read_only(path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(_read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_S,
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
            conn = cls._connect(path)
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

    @staticmethod
    def _connect(path: Path, busy_timeout: float | None = None) -> sqlite3.Connection:
        # isolation_level=None: no implicit transactions; every write is inside
        # transaction() (or sqlite-utils' own atomic blocks).
        timeout = BUSY_TIMEOUT_S if busy_timeout is None else busy_timeout
        return sqlite3.connect(str(path), timeout=timeout, isolation_level=None)

    def _initialise(self, schema: Schema) -> None:
        self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        self._configure()
        with self.transaction():
            self.replace_schema(schema)

    def _configure(self) -> None:
        if self.path is not None:
            # WAL with synchronous=NORMAL: about 0.05 ms to commit one span, and a crash
            # loses nothing that was committed (DESIGN.md, "Store").
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

    def data_version(self) -> int:
        """A number that changes when another connection (another window, the CLI) has
        committed to this store since this one last looked (PRAGMA data_version)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

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
            self._schema = self._read_schema()
        return self._schema

    def forget_schema(self) -> None:
        """Drop the cached schema (after a rollback may have taken labels away)."""
        self._schema = None

    def _read_schema(self) -> Schema:
        labels = tuple(
            Label(name=row[0], kind=row[1], color=row[2], key=row[3], description=row[4])
            for row in self.conn.execute(
                "SELECT name, kind, color, key, description FROM labels ORDER BY position"))
        relations = tuple(
            RelationLabel(name=row[0], head=tuple(json.loads(row[1])),
                          child=tuple(json.loads(row[2])), description=row[3])
            for row in self.conn.execute("SELECT name, head, child, description "
                                         "FROM relation_labels ORDER BY position"))
        attributes = tuple(
            Attribute(kind=row[0], name=row[1], values=tuple(json.loads(row[2])),
                      description=row[3])
            for row in self.conn.execute('SELECT kind, name, "values", description '
                                         "FROM attributes ORDER BY position"))
        return Schema(labels, relations, attributes)

    def replace_schema(self, schema: Schema) -> None:
        """Write `schema` as the store's schema (labels in use must stay: foreign keys)."""
        with self.transaction():
            self.conn.execute("DELETE FROM attributes")
            self.conn.execute("DELETE FROM relation_labels WHERE name NOT IN "
                              "(SELECT DISTINCT label FROM relations)")
            self.conn.execute("DELETE FROM labels WHERE name NOT IN "
                              "(SELECT DISTINCT label FROM spans)")
            for position, label in enumerate(schema.labels):
                self.add_label(label, position)
            for position, rel in enumerate(schema.relations):
                self.add_relation_label(rel, position)
            self.db["attributes"].insert_all(
                ({"kind": a.kind, "name": a.name, "values": json.dumps(list(a.values)),
                  "description": a.description, "position": i}
                 for i, a in enumerate(schema.attributes)), replace=True)
        self._schema = None

    def add_label(self, label: Label, position: int | None = None) -> None:
        if position is None:
            position = self.conn.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM labels").fetchone()[0]
        self.conn.execute(
            "INSERT INTO labels (name, kind, color, key, description, position) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, "
            "color = excluded.color, key = excluded.key, description = excluded.description, "
            "position = excluded.position",
            (label.name, label.kind, label.color, label.key, label.description, position))
        self._schema = None

    def add_relation_label(self, rel: RelationLabel, position: int | None = None) -> None:
        if position is None:
            position = self.conn.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM relation_labels").fetchone()[0]
        self.conn.execute(
            "INSERT INTO relation_labels (name, head, child, description, position) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET head = excluded.head, "
            "child = excluded.child, description = excluded.description, "
            "position = excluded.position",
            (rel.name, json.dumps(list(rel.head)), json.dumps(list(rel.child)),
             rel.description, position))
        self._schema = None

    # -- annotators and the change log --------------------------------------------------

    def ensure_annotator(self, name: str) -> None:
        self.conn.execute("INSERT OR IGNORE INTO annotators (name, created_at) VALUES (?, ?)",
                          (name, now()))

    def annotators(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT name FROM annotators ORDER BY name")]

    def log_change(self, annotator: str | None, op: str, article: int | None,
                   detail: dict) -> None:
        """Append to the change log that reviewers read (never updated, never deleted) and
        that open windows follow (ChangeQueries.changes_since)."""
        row = self.conn.execute(
            "INSERT INTO changes (at, annotator, op, article, detail) VALUES (?, ?, ?, ?, ?)",
            (now(), annotator, op, article, json.dumps(detail, ensure_ascii=False))).lastrowid
        if self.conn.in_transaction:
            self._logging.append(row)
        else:
            self.own_changes.add(row)

    def change_log(self, article: int | None = None, limit: int = 100) -> list[dict]:
        where, params = ("WHERE article = ?", [article]) if article is not None else ("", [])
        rows = self.conn.execute(
            f"SELECT id, at, annotator, op, article, detail FROM changes {where} "
            "ORDER BY id DESC LIMIT ?", [*params, limit])
        return [{"id": r[0], "at": r[1], "annotator": r[2], "op": r[3], "article": r[4],
                 "detail": json.loads(r[5])} for r in rows]


__all__ = ["APPLICATION_ID", "MIGRATION_SET", "StoreBase", "now"]

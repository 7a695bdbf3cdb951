"""The label schema's tables: reading the schema, writing one label at a time."""

from __future__ import annotations

import json
import sqlite3

from ..schema import Attribute, EntryAttribute, Label, RelationLabel, Schema


def read_schema(conn: sqlite3.Connection) -> Schema:
    """The schema stored in the open store (the Store caches it; readers that need it
    once, like the health check, read it here)."""
    labels = tuple(
        Label(name=row[0], kind=row[1], color=row[2], key=row[3], description=row[4])
        for row in conn.execute(
            "SELECT name, kind, color, key, description FROM labels ORDER BY position"))
    # a store read without upgrading (a merge source, read-only media) may predate 0007
    several = "several" if any(
        row[1] == "several" for row in conn.execute("PRAGMA table_info(relation_labels)")
    ) else "0"
    relations = tuple(
        RelationLabel(name=row[0], head=tuple(json.loads(row[1])),
                      child=tuple(json.loads(row[2])), description=row[3],
                      several=bool(row[4]))
        for row in conn.execute(f"SELECT name, head, child, description, {several} "
                                "FROM relation_labels ORDER BY position"))
    attributes = tuple(
        Attribute(kind=row[0], name=row[1], values=tuple(json.loads(row[2])),
                  description=row[3])
        for row in conn.execute('SELECT kind, name, "values", description '
                                "FROM attributes ORDER BY position"))
    return Schema(labels, relations, attributes, read_entry_attributes(conn))


def read_entry_attributes(conn: sqlite3.Connection) -> tuple[EntryAttribute, ...]:
    """The registry's entry attributes (none in a store made before the registry, read
    as it is when merged from)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                        "AND name = 'entry_attributes'").fetchone():
        return ()
    return tuple(
        EntryAttribute(name=row[0], values=tuple(json.loads(row[1])),
                       kinds=tuple(json.loads(row[2])), description=row[3])
        for row in conn.execute('SELECT name, "values", kinds, description '
                                "FROM entry_attributes ORDER BY position"))


def write_entry_attributes(conn: sqlite3.Connection, attributes: tuple[EntryAttribute, ...]
                           ) -> None:
    """Replace the registry's entry attributes (values already stored on entries stay)."""
    conn.execute("DELETE FROM entry_attributes")
    conn.executemany(
        'INSERT INTO entry_attributes (name, "values", kinds, description, position) '
        "VALUES (?, ?, ?, ?, ?)",
        [(a.name, json.dumps(list(a.values), ensure_ascii=False), json.dumps(list(a.kinds)),
          a.description, i) for i, a in enumerate(attributes)])


def write_label(conn: sqlite3.Connection, label: Label, position: int | None) -> None:
    """Add a span label or update the one of that name (at the end without `position`)."""
    if position is None:
        position = conn.execute(
            "SELECT coalesce(max(position) + 1, 0) FROM labels").fetchone()[0]
    conn.execute(
        "INSERT INTO labels (name, kind, color, key, description, position) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, "
        "color = excluded.color, key = excluded.key, description = excluded.description, "
        "position = excluded.position",
        (label.name, label.kind, label.color, label.key, label.description, position))


def write_relation_label(conn: sqlite3.Connection, rel: RelationLabel,
                         position: int | None) -> None:
    """Add a relation label or update the one of that name (at the end without `position`)."""
    if position is None:
        position = conn.execute(
            "SELECT coalesce(max(position) + 1, 0) FROM relation_labels").fetchone()[0]
    conn.execute(
        "INSERT INTO relation_labels (name, head, child, description, several, position) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET head = excluded.head, "
        "child = excluded.child, description = excluded.description, "
        "several = excluded.several, position = excluded.position",
        (rel.name, json.dumps(list(rel.head)), json.dumps(list(rel.child)),
         rel.description, int(rel.several), position))

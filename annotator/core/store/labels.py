"""The label schema's tables: reading the schema, writing one label at a time."""

from __future__ import annotations

import json
import sqlite3

from ..schema import Attribute, Label, RelationLabel, Schema


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
    return Schema(labels, relations, attributes)


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

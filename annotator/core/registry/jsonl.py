"""The registry as JSONL: one entry a line (`annotator export --registry`), read back
(`annotator import --registry`: every line is checked before anything is stored), and told
apart from an articles file by its content (`is_registry_file`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import orjson

from ..errors import DataError
from ..rules import entry_problem
from ..schema import Schema
from ..store import Store
from .entry import Entry
from .unite import UniteSummary, unite

_FIELDS = {"id", "name", "kind", "aliases", "description", "wikidata", "attrs"}
_BOM = b"\xef\xbb\xbf"
# The longest first line read to tell a registry file: an entry with many aliases fits
# easily, and a binary file (a store, a DocBin) is not read whole looking for a newline.
_HEAD_LIMIT = 1 << 20


def export_registry(store: Store, out: IO[bytes]) -> int:
    """Write every entry as one JSON line; returns how many."""
    count = 0
    for entry in store.registry.entries():
        out.write(orjson.dumps(entry.as_record()) + b"\n")
        count += 1
    return count


def read_registry(path: Path, schema: Schema) -> list[Entry]:
    """Every entry of a registry JSONL file; the first bad line raises DataError as
    FILE:LINE: what is wrong."""
    entries: list[Entry] = []
    seen: set[int] = set()
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror}") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if number == 1:
                line = line.removeprefix(_BOM)  # an editor's byte order mark
            if not line.strip():
                continue
            try:
                entry = _entry(orjson.loads(line), schema)
            except (orjson.JSONDecodeError, ValueError) as exc:
                message = str(exc).split("\n")[0]
                raise DataError(f"{path}:{number}: {message}") from None
            if entry.id in seen:
                raise DataError(f"{path}:{number}: id {entry.id} is used twice")
            seen.add(entry.id)
            entries.append(entry)
    return entries


def _entry(obj: Any, schema: Schema) -> Entry:
    if not isinstance(obj, dict):
        raise ValueError(f"a registry line is an object, not {type(obj).__name__}")
    unknown = set(obj) - _FIELDS
    if unknown:
        raise ValueError(f"unknown field {min(unknown)!r} (a registry entry has: "
                         f"{', '.join(sorted(_FIELDS))})")
    entry_id = obj.get("id")
    if type(entry_id) is not int or entry_id < 1:
        raise ValueError(f"id must be a positive whole number, not {entry_id!r}")
    aliases = obj.get("aliases", [])
    description = obj.get("description", "")
    if not isinstance(description, str):
        raise ValueError("description must be a string")
    attrs = obj.get("attrs", {})
    problem = entry_problem(schema, obj.get("name"), obj.get("kind"), aliases,
                            obj.get("wikidata"), attrs)
    if problem is not None:
        raise ValueError(problem)
    return Entry(entry_id, " ".join(obj["name"].split()), obj["kind"], tuple(aliases),
                 description, obj.get("wikidata"), dict(attrs))


def import_registry(store: Store, path: Path) -> UniteSummary:
    """Bring a registry JSONL file into the store (unite.py): all of it or nothing."""
    entries = read_registry(path, store.schema)
    with store.transaction():
        summary = unite(store, entries, str(path))
        store.log_change(None, "import registry", None,
                         {"source": str(path), **summary.to_dict()})
    return summary


def import_registries(store: Store, paths: Sequence[Path]
                      ) -> list[tuple[Path, UniteSummary]]:
    """Bring registry files into the store one after the other, in one transaction: a bad
    line in any of them (DataError, FILE:LINE) stores nothing from any."""
    with store.transaction():
        return [(path, import_registry(store, path)) for path in paths]


def registry_report(imported: Sequence[tuple[Path, UniteSummary]]) -> list[str]:
    """What registry files brought, a line (or a few) per file: for the CLI and the window."""
    return [f"{path}: {summary.report()}" for path, summary in imported]


def is_registry_file(path: Path) -> bool:
    """Whether a file holds the registry's JSONL (`export --registry`), told by its content,
    never its name: its first non-blank line is a JSON object with a `name` and a `kind`
    and no `text` (every article record has a text; no entry has one). Anything else, a
    folder, a file that cannot be read, an empty file or a first line that is not JSON, is
    not a registry: the importer then reads it as articles and says what is wrong."""
    try:
        with path.open("rb") as handle:
            line = handle.readline(_HEAD_LIMIT).removeprefix(_BOM)
            while line and not line.strip():
                line = handle.readline(_HEAD_LIMIT)
    except OSError:  # a folder, or unreadable: the importer says which
        return False
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return (isinstance(record, dict) and "name" in record and "kind" in record
            and "text" not in record)

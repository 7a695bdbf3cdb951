"""Shared fixtures. Tests build their own data: nothing here reads ../shared."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.core import Store, default_schema


@pytest.fixture
def store() -> Store:
    """An in-memory store with the default news schema."""
    s = Store.memory(default_schema())
    yield s
    s.close()


@pytest.fixture
def run():
    """Run a CLI command as a user would type it; exceptions are not caught, so a traceback
    fails the test."""
    from click.testing import CliRunner

    from annotator.cli import cli
    runner = CliRunner()

    def invoke(*args: object):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """A store file with the default schema, closed, ready to open."""
    path = tmp_path / "news.db"
    Store.create(path, default_schema()).close()
    return path


def write_jsonl(path: Path, records: list, raw_lines: list[bytes] | None = None) -> Path:
    """Write records as JSONL (non-ASCII kept as is), then any raw lines as given."""
    with path.open("wb") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
        for line in raw_lines or []:
            out.write(line + b"\n")
    return path


def table_counts(store: Store) -> dict[str, int]:
    return {table: store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "layers", "spans", "relations", "labels")}


# Core tests that act on one article name its text in a module-level TEXT.

@pytest.fixture
def article(store, tmp_path, request) -> int:
    """The key of an article holding the test module's TEXT, in the in-memory store."""
    from annotator.core import import_files
    import_files(store, [write_jsonl(tmp_path / "a.jsonl",
                                     [{"id": "a", "text": request.module.TEXT}])])
    return store.annotations.article_by_id("a").pk


@pytest.fixture
def history(store):
    """Alice's undo history on the in-memory store."""
    from annotator.core import History
    return History(store, "alice")


@pytest.fixture
def two(store_path, tmp_path, request):
    """The same store file open twice: this window's connection and another program's (the
    CLI's, another window's), with article "a" holding the module's TEXT and "b"."""
    from annotator.core import import_files
    ours = Store.open(store_path)
    import_files(ours, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": request.module.TEXT},
                                                           {"id": "b", "text": "Other."}])])
    theirs = Store.open(store_path)
    yield ours, theirs
    ours.close()
    theirs.close()


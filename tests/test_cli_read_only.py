"""A healthy store that cannot be written (read-only file or folder): read-only commands
work on it, write commands say it is read-only and change nothing."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_jsonl

from annotator.cli import cli

READ_ONLY_FILE = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
READ_ONLY_FOLDER = READ_ONLY_FILE | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: object) -> object:
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


def make_store(run, folder: Path, who: str = "alice") -> Path:
    folder.mkdir(exist_ok=True)
    store = folder / f"{who}.db"
    assert run("init", store).exit_code == 0
    records = [{"id": "a", "text": "“No,” said Zarif in Tehran.", "annotator": who,
                "status": "done", "spans": [{"start": 11, "end": 16, "label": "PERSON"}]}]
    assert run("import", store, write_jsonl(folder / f"{who}.jsonl", records)).exit_code == 0
    return store


@pytest.fixture(params=["file", "folder"])
def read_only_store(request, run, tmp_path):
    """A store whose file, or whose folder, cannot be written (by its permission bits, which
    the store honours for root too)."""
    store = make_store(run, tmp_path / "media")
    (store.parent / "alice.jsonl").unlink()
    target = store if request.param == "file" else store.parent
    target.chmod(READ_ONLY_FILE if request.param == "file" else READ_ONLY_FOLDER)
    yield store
    store.parent.chmod(0o755)
    store.chmod(0o644)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_read_only_commands_work(run, read_only_store):
    before = snapshot(read_only_store.parent)
    exported = run("export", read_only_store)
    assert exported.exit_code == 0, exported.output
    assert [s["text"] for s in json.loads(exported.stdout)["spans"]] == ["Zarif"]
    stats = run("stats", read_only_store)
    assert stats.exit_code == 0 and "PERSON" in stats.stdout
    check = run("check", read_only_store)
    assert check.exit_code == 0, check.output
    assert run("agreement", read_only_store).exit_code in (0, 1)
    assert "damaged" not in stats.output + check.output
    if read_only_store.parent.stat().st_mode & stat.S_IWUSR == 0:
        assert snapshot(read_only_store.parent) == before  # not even a -shm file


def test_write_commands_say_read_only(run, tmp_path, read_only_store):
    before = read_only_store.read_bytes()
    source = write_jsonl(tmp_path / "more.jsonl", [{"id": "b", "text": "More."}])
    imported = run("import", read_only_store, source)
    assert imported.exit_code == 1
    assert imported.stderr == f"Error: {read_only_store} is read-only: nothing was saved\n"
    again = run("init", read_only_store)
    assert again.exit_code == 1
    assert f"{read_only_store} is read-only" in again.stderr
    other = make_store(run, tmp_path / "bob", "bob")
    merged = run("merge", read_only_store, other)
    assert merged.exit_code == 1
    assert f"{read_only_store} is read-only" in merged.stderr
    assert read_only_store.read_bytes() == before


def test_merge_reads_a_read_only_source(run, tmp_path, read_only_store):
    team = tmp_path / "team.db"
    run("init", team)
    result = run("merge", team, read_only_store)
    assert result.exit_code == 0, result.output
    assert [s["text"] for s in json.loads(run("export", team).stdout)["spans"]] == ["Zarif"]


def test_init_in_a_read_only_folder_says_so(run, tmp_path):
    folder = tmp_path / "media"
    folder.mkdir()
    folder.chmod(READ_ONLY_FOLDER)
    try:
        result = run("init", folder / "news.db")
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: cannot create {folder / 'news.db'}: folder {folder} is "
                             "read-only\n")
    assert os.listdir(folder) == []

"""A registry file is told from an articles file by its content (`is_registry_file`), and
among files chosen together it is the registry of the others (`sort_chosen`): the window's
Import and Merge use it, so a registry file chosen with the articles keeps their links."""

from __future__ import annotations

import pytest
from conftest import write_jsonl
from registry_data import build, export_with_registry

from annotator.core import Store, default_schema, import_files
from annotator.core.errors import DataError
from annotator.core.registry.chosen import ChosenFiles, sort_chosen
from annotator.core.registry.jsonl import (
    import_registries,
    import_registry,
    is_registry_file,
    registry_report,
)

ENTRY = b'{"id": 1, "name": "Ali Khamenei", "kind": "PERSON"}'


@pytest.fixture
def exported(tmp_path):
    """news.jsonl and registry.jsonl, written by the project's own export of a store whose
    speakers are linked to registry entries (registry_data.py)."""
    folder = tmp_path / "sent"
    folder.mkdir()
    with Store.create(tmp_path / "colleague.db", default_schema()) as store:
        build(store, tmp_path)
        return export_with_registry(store, folder)


def test_the_registry_export_is_a_registry_file_and_the_articles_export_is_not(exported):
    news, registry = exported
    assert is_registry_file(registry)
    assert not is_registry_file(news)


@pytest.mark.parametrize(("content", "registry"), [
    (b"", False),                                   # empty
    (b"\n  \n\t\n", False),                         # blank lines only
    (b'{"id": 1, "name": "Ali Khamenei", "kind": "PERSON"\n', False),  # bad first line
    (b"not json at all\n" + ENTRY + b"\n", False),  # a bad first line before entries
    (b"[" + ENTRY + b"]\n", False),                 # an array (Label Studio), not an entry
    (b'{"text": "Zarif said.", "name": "x", "kind": "PERSON"}\n', False),  # an article
    (b'{"text": "Zarif said.", "spans": []}\n', False),
    (b'{"name": "Ali Khamenei"}\n', False),         # no kind
    (b"\n\n" + ENTRY + b"\n", True),                # blank lines before the first entry
    (b"\xef\xbb\xbf" + ENTRY + b"\n", True),        # an editor's byte order mark
    (b'{"id": 1, "name": "A", "kind": "PERSONS"}\n', True),  # a bad entry: still a registry
])
def test_a_registry_file_is_told_by_its_first_line(tmp_path, content, registry):
    path = tmp_path / "chosen.jsonl"
    path.write_bytes(content)
    assert is_registry_file(path) is registry


def test_neither_a_store_nor_a_folder_nor_a_missing_file_is_a_registry(tmp_path, store_path):
    assert not is_registry_file(store_path)
    assert not is_registry_file(tmp_path)
    assert not is_registry_file(tmp_path / "missing.jsonl")


def test_the_name_does_not_decide(tmp_path):
    named = write_jsonl(tmp_path / "registry.jsonl", [{"id": "a1", "text": "Zarif said."}])
    other = tmp_path / "people.txt"
    other.write_bytes(ENTRY + b"\n")
    assert not is_registry_file(named)
    assert is_registry_file(other)


def test_a_byte_order_mark_does_not_refuse_a_registry_file(tmp_path):
    path = tmp_path / "registry.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + ENTRY + b"\n")
    with Store.memory(default_schema()) as store:
        assert import_registry(store, path).added == 1
        assert [e.name for e in store.registry.entries()] == ["Ali Khamenei"]


def test_the_registry_chosen_with_articles_is_theirs(exported, tmp_path):
    news, registry = exported
    more = write_jsonl(tmp_path / "more.jsonl", [{"id": "x", "text": "Zarif spoke."}])
    chosen = sort_chosen([registry, news, more])
    assert chosen == ChosenFiles((news, more), (registry,))
    assert chosen.registry == registry
    assert chosen.told() == [("Registry file: registry.jsonl (the registry the other files' "
                             "spans name).")]
    assert sort_chosen([news]).registry is None
    assert sort_chosen([news]).told() == sort_chosen([registry]).told() == []


def test_registry_files_alone_are_all_registries(exported, tmp_path):
    _, registry = exported
    second = tmp_path / "second.jsonl"
    second.write_bytes(ENTRY + b"\n")
    chosen = sort_chosen([registry, second])
    assert chosen.others == ()
    assert chosen.registries == (registry, second)


def test_two_registry_files_with_articles_are_refused(exported, tmp_path):
    news, registry = exported
    second = tmp_path / "second.jsonl"
    second.write_bytes(ENTRY + b"\n")
    with pytest.raises(DataError) as refused:
        sort_chosen([news, registry, second])
    assert str(refused.value) == (
        "2 registry files chosen (registry.jsonl, second.jsonl): choose the one the other "
        "files were exported with (nothing was stored)")


def test_the_chosen_registry_keeps_the_links_of_the_articles(exported, tmp_path):
    news, registry = exported
    chosen = sort_chosen([news, registry])
    with Store.memory(default_schema()) as store:
        summary = import_files(store, list(chosen.others), registry=chosen.registry)
        assert summary.errors == []
        assert summary.entry_links == 4
        assert summary.left_out == {}
        assert store.registry.entry_count() == 3


def test_registry_files_imported_together_store_all_or_nothing(exported, tmp_path):
    _, registry = exported
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"id": 1, "name": "A", "kind": "PERSONS"}\n')
    with Store.memory(default_schema()) as store:
        with pytest.raises(DataError, match=f"{bad}:1: kind 'PERSONS' is not an entity"):
            import_registries(store, [registry, bad])
        assert store.registry.entry_count() == 0
        imported = import_registries(store, [registry, registry])
        said = "(0 given new names or values)."
        assert registry_report(imported) == [
            f"{registry}: Registry: 3 entries added, 0 already here {said}",
            f"{registry}: Registry: 0 entries added, 3 already here {said}"]

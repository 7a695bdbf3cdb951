"""The spans' links to registry entries leave and come back with the JSONL files: `export`
writes each linked span's `entry` (the id in `export --registry`), and `import --with-registry
REGISTRY` links the imported spans to the entries those ids name, through the registry
file; without it the links are left out and counted, never guessed."""

from __future__ import annotations

import json

import pytest
from registry_data import build

from annotator.core import History, Store, default_schema
from annotator.core.operations import CreateEntry, DeleteEntry, LinkEntry
from annotator.core.registry import Entry


@pytest.fixture
def exported(store_path, tmp_path, run):
    """The test corpus (registry_data.py) with sparse entry ids (one deleted) and two
    people of the same name, linked to different mentions; its data and registry
    exported. Returns (data file, registry file, the links as exported)."""
    with Store.open(store_path) as store:
        entries = build(store, tmp_path)
        history = History(store, "curator")
        history.run(CreateEntry(Entry(0, "Temporary", "PERSON")))
        history.run(DeleteEntry(max(e.id for e in store.registry.entries())))
        for description in ("the minister", "the footballer"):
            history.run(CreateEntry(Entry(0, "Zarif", "PERSON", description=description)))
        footballer = max(e.id for e in store.registry.entries())
        pk = store.annotations.article_by_id("a2").pk
        (mention,) = [s for s in store.annotations.spans(pk, "alice") if s.text == "Zarif"]
        History(store, "alice").run(LinkEntry(mention.id, footballer))
        assert entries["Ali Khamenei"] == 1
    data, registry = tmp_path / "data.jsonl", tmp_path / "registry.jsonl"
    assert run("export", store_path, "-o", data).exit_code == 0
    assert run("export", store_path, "--registry", "-o", registry).exit_code == 0
    return data, registry, links(store_path)


def links(path) -> set[tuple]:
    """(article, annotator, start, end, label) -> the linked entry's record, without its id."""
    with Store.open(path) as store:
        found = set()
        for article in ("a1", "a2", "a3"):
            pk = store.annotations.article_by_id(article).pk
            for span in store.annotations.spans(pk, "alice"):
                entry_id = store.registry.linked_entry(span.id)
                if entry_id is not None:
                    record = store.registry.entry(entry_id).as_record()
                    del record["id"]
                    found.add((article, span.start, span.end, span.label,
                               json.dumps(record, sort_keys=True, ensure_ascii=False)))
        return found


def fresh(tmp_path, name: str = "fresh.db"):
    path = tmp_path / name
    Store.create(path, default_schema()).close()
    return path


def test_import_with_the_registry_file_restores_every_link(run, exported, tmp_path):
    data, registry, before = exported
    path = fresh(tmp_path)
    result = run("import", path, data, "--with-registry", registry)
    assert result.exit_code == 0, result.output
    assert "Registry: 5 entries added, 0 already here" in result.output
    assert "Mentions linked to registry entries: 5." in result.output
    assert links(path) == before
    assert len(before) == 5
    with Store.open(path) as store:
        assert store.reports.check() == []


def test_the_registry_imported_first_then_the_data_with_it(run, exported, tmp_path):
    data, registry, before = exported
    path = fresh(tmp_path)
    assert run("import", path, "--registry", registry).exit_code == 0
    result = run("import", path, data, "--with-registry", registry)
    assert result.exit_code == 0, result.output
    assert "Registry: 0 entries added, 5 already here" in result.output
    assert links(path) == before
    with Store.open(path) as store:
        assert store.registry.entry_count() == 5
        # the ids of the registry file, kept where they were free
        assert [e.id for e in store.registry.entries()] == [
            json.loads(line)["id"] for line in registry.read_text("utf-8").splitlines()]


def test_without_the_registry_the_links_are_left_out_and_counted(run, exported, tmp_path):
    data, _, _ = exported
    path = fresh(tmp_path)
    result = run("import", path, data)
    assert result.exit_code == 0, result.output
    assert ("Left out (not held by the store): links to registry entries (to keep them, "
            "import the registry file written by export --registry with the files: choose "
            "it with them in the window, or give --with-registry REGISTRY.jsonl): 5."
            ) in result.output
    assert links(path) == set()


def test_an_entry_the_registry_file_lacks_refuses_the_file(run, exported, tmp_path):
    data, registry, _ = exported
    lines = registry.read_text("utf-8").splitlines()
    registry.write_text("\n".join(line for line in lines
                                  if json.loads(line)["name"] != "Ali Khamenei") + "\n",
                        encoding="utf-8")
    path = fresh(tmp_path)
    result = run("import", path, data, "--with-registry", registry)
    assert result.exit_code == 1
    assert (f"{data}:1: span 2 (PERSON 28-36): entry 1 is not in {registry}"
            in result.stderr)
    with Store.open(path) as store:
        assert store.annotations.article_by_id("a1") is None


def test_a_bad_registry_file_stores_nothing(run, exported, tmp_path):
    data, registry, _ = exported
    registry.write_text('{"id": 1, "name": "A", "kind": "PERSONS"}\n', encoding="utf-8")
    path = fresh(tmp_path)
    result = run("import", path, data, "--with-registry", registry)
    assert result.exit_code == 1
    assert f"Error: {registry}:1: kind 'PERSONS' is not an entity" in result.stderr
    with Store.open(path) as store:
        assert store.annotations.article_by_id("a1") is None
        assert store.registry.entry_count() == 0


def test_an_entry_of_a_kind_the_span_cannot_link_to_refuses_the_file(run, exported, tmp_path):
    data, registry, _ = exported
    lines = [json.loads(line) for line in registry.read_text("utf-8").splitlines()]
    lines[0].update(kind="ORG", attrs={})  # Ali Khamenei, as an organisation
    registry.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n"
                                for line in lines), encoding="utf-8")
    path = fresh(tmp_path)
    result = run("import", path, data, "--with-registry", registry)
    assert result.exit_code == 1
    assert (f"{data}:1: span 2 (PERSON 28-36): entry 1: a PERSON span cannot link to an "
            "entry of kind ORG") in result.stderr


def test_merging_a_jsonl_export_with_its_registry_restores_every_link(run, exported, tmp_path):
    data, registry, before = exported
    path = tmp_path / "team.db"  # created by the merge
    result = run("merge", path, data, "--with-registry", registry)
    assert result.exit_code == 0, result.output
    assert "Registry: 5 entries added, 0 already here" in result.output
    assert "Mentions linked to registry entries: 5." in result.output
    assert links(path) == before
    again = run("merge", path, data, "--with-registry", registry)  # nothing new
    assert "Registry: 0 entries added, 5 already here" in again.output
    assert links(path) == before
    lines = registry.read_text("utf-8").splitlines()
    registry.write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")  # Khamenei gone
    other = tmp_path / "other.db"
    refused = run("merge", other, data, "--with-registry", registry)
    assert refused.exit_code == 1
    assert f"{data}:1: span 2 (PERSON 28-36): entry 1 is not in {registry}" in refused.stderr


def test_a_registry_file_named_with_the_files_is_their_registry(run, exported, tmp_path):
    # as in the window's Import: told by its content, in any order, no option needed
    data, registry, before = exported
    path = fresh(tmp_path)
    result = run("import", path, registry, data)
    assert result.exit_code == 0, result.output
    assert f"Registry file: {registry.name} (the registry the other files' spans name)." \
        in result.output
    assert "Mentions linked to registry entries: 5." in result.output
    assert links(path) == before
    alone = fresh(tmp_path, "alone.db")
    result = run("import", alone, registry)
    assert result.exit_code == 0, result.output
    assert "5 entries added, 0 already here" in result.output


def test_a_registry_file_among_the_files_and_another_given_is_refused(run, exported,
                                                                      tmp_path):
    data, registry, _ = exported
    path = fresh(tmp_path)
    result = run("import", path, data, registry, "--with-registry", registry)
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"Error: {registry} is a registry file: give it with "
                                     "--with-registry, or alone (nothing was stored)")
    with Store.open(path) as store:
        assert store.annotations.article_by_id("a1") is None
        assert store.registry.entry_count() == 0

"""The registry of label kinds (core/kinds.py): the store's CHECKs list exactly its kinds,
and everything in the core that decides by kind reads it (a swapped or added record is
followed, not a copy of the old list)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from conftest import write_jsonl

from annotator.core import import_files
from annotator.core import kinds as registry
from annotator.core.agreement import agreement
from annotator.core.errors import DataError
from annotator.core.io.import_records import RecordError, parse_record
from annotator.core.kinds import (
    DEFAULT_KIND,
    REGISTRY,
    all_kinds,
    is_kind,
    kind_named,
    kind_names,
    margin_columns,
)
from annotator.core.model import ORIGINS, STATUSES
from annotator.core.rules import attribute_problem
from annotator.core.schema import Schema, default_schema, parse_schema


def check_values(store, table: str, column: str) -> tuple[str, ...]:
    """The values a CHECK (column IN (...)) of `table` allows, as stored in sqlite_master."""
    (sql,) = store.conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    checks = re.findall(rf'CHECK\s*\(\s*"?{column}"?\s+IN\s*\(([^)]*)\)\s*\)', sql)
    assert len(checks) == 1, sql
    return tuple(re.findall(r"'([^']*)'", checks[0]))


@pytest.mark.parametrize("table", ["labels", "reviews"])
def test_the_store_allows_exactly_the_registry_kinds(store, table):
    assert sorted(check_values(store, table, "kind")) == sorted(kind_names())


@pytest.mark.parametrize(("table", "column", "values"),
                         [("layers", "status", STATUSES), ("spans", "origin", ORIGINS)])
def test_the_store_allows_exactly_the_statuses_and_origins_of_the_model(store, table, column,
                                                                        values):
    assert sorted(check_values(store, table, column)) == sorted(values)


def test_the_registry_is_whole():
    names = kind_names()
    assert DEFAULT_KIND in names and len(set(names)) == len(names)
    assert len({kind.title for kind in all_kinds()}) == len(names)
    assert all(kind.indefinite.split(" ", 1)[1] == kind.name for kind in all_kinds())
    columns = [kind.margin_column for kind in all_kinds() if kind.margin_column is not None]
    assert len(set(columns)) == len(columns) and set(columns) == set(range(margin_columns()))
    groups = [kind.span_group for kind in all_kinds() if kind.span_group is not None]
    assert len(set(groups)) == len(groups) and "sc" not in groups  # "sc" holds every span
    assert all(is_kind(child) for kind in all_kinds() for link in kind.links
               for child in link.children)
    assert not is_kind("event") and not is_kind(["entity"]) and not is_kind(None)
    with pytest.raises(KeyError, match="'event' is not a kind of label"):
        kind_named("event")


def test_the_default_schema_links_the_kinds_the_registry_links():
    schema = default_schema()
    expected = {(link.relation, (kind.name,), link.children)
                for kind in all_kinds() for link in kind.links}
    assert {(rel.name, rel.head, rel.child) for rel in schema.relations} == expected
    assert {label.kind for label in schema.labels} == set(kind_names())


def test_the_schema_refuses_a_kind_outside_the_registry():
    with pytest.raises(DataError, match=r"^labels\.toml: label STORM: kind must be one of "
                                        "entity, claim, quote, mention$"):
        parse_schema('[[labels]]\nname = "STORM"\nkind = "event"\n', "labels.toml")
    with pytest.raises(DataError, match="attribute severity: kind must be one of"):
        parse_schema('[[attributes]]\nkind = "event"\nname = "severity"\n', "labels.toml")
    with pytest.raises(RecordError, match="span 0: kind 'event' is not one of entity, claim"):
        parse_record({"text": "A storm.", "spans": [
            {"start": 2, "end": 7, "label": "STORM", "kind": "event"}]})


@pytest.fixture
def event_kind(monkeypatch) -> None:
    """A fourth kind in the registry, drawn and exported as entities are."""
    monkeypatch.setitem(REGISTRY, "event", replace(
        kind_named("entity"), name="event", title="Events", indefinite="an event"))


def test_a_kind_added_to_the_registry_is_taken_by_the_schema_and_the_records(event_kind):
    schema = parse_schema('[[labels]]\nname = "STORM"\nkind = "event"\n'
                          '[[relations]]\nname = "HIT"\nhead = ["event"]\nchild = ["entity"]\n'
                          '[[attributes]]\nkind = "event"\nname = "severity"\n', "labels.toml")
    assert schema.kind_of("STORM") == "event"
    assert attribute_problem(schema, "STORM", "colour", "red") == (
        "an event has no attribute 'colour' (it has: severity)")
    record = parse_record({"text": "A storm.", "spans": [
        {"start": 2, "end": 7, "label": "STORM", "kind": "event"}]})
    assert record.spans[0].kind == "event"


def test_messages_name_a_kind_as_the_registry_does(monkeypatch):
    monkeypatch.setitem(REGISTRY, "entity", replace(kind_named("entity"),
                                                    indefinite="a named entity"))
    assert attribute_problem(default_schema(), "PERSON", "type", "direct") == (
        "a named entity has no attribute 'type' (it has: none)")


def test_a_label_without_a_kind_has_the_default_kind():
    assert parse_schema('[[labels]]\nname = "X"\n', "x").labels[0].kind == DEFAULT_KIND
    assert Schema().kind_of("NOT-A-LABEL") == DEFAULT_KIND


def test_agreement_lists_the_kinds_in_the_registry_order(store, tmp_path, monkeypatch):
    text = "Ali Hassan said the port was closed, and it was. " * 2
    spans = [{"start": 0, "end": 10, "label": "PERSON"},
             {"start": 16, "end": 35, "label": "CLAIM"},
             {"start": 50, "end": 60, "label": "QUOTE"}]
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [
        {"id": "a", "text": text, "annotator": name, "status": "done", "spans": spans}
        for name in ("alice", "bob")])])
    assert agreement(store).kinds == ("entity", "claim", "quote")
    assert kind_names() == ("entity", "claim", "quote", "mention")
    monkeypatch.setattr(registry, "REGISTRY", dict(reversed(REGISTRY.items())))
    assert agreement(store).kinds == ("quote", "claim", "entity")


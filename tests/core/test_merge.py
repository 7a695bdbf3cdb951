"""Merging annotators' stores: layers brought together, conflicts reported, nothing twice."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import write_jsonl

from annotator.core import (
    AddRelation,
    AddSpan,
    DataError,
    DeleteSpan,
    History,
    Label,
    MergeCancelled,
    RelationLabel,
    SetStatus,
    Store,
    default_schema,
    export_jsonl,
    import_files,
    merge_stores,
)
from annotator.core.gold import GOLD
from annotator.core.merge import merge_size

V1_STORE = Path(__file__).parent.parent / "data" / "store-v1.db"
QUOTE_TEXT = "“We will respond,” Zarif said in Tehran. 👍🏽 قاسم سليماني 🇮🇶 left Baghdad."
ARTICLES = [
    {"id": "a1", "title": "Zarif speaks", "text": QUOTE_TEXT, "meta": {"source": "wire"}},
    {"id": "a2", "text": "Two missiles hit the Green Zone in Baghdad on Saturday."},
    {"id": "a3", "text": "Nobody has annotated this article yet."},
]
TABLES = ("articles", "layers", "spans", "relations", "labels", "relation_labels",
          "annotators", "changes")


def at(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def new_store(path: Path, articles: list[dict] = ARTICLES) -> Store:
    """A store holding the articles (no layers), as each annotator's laptop has it."""
    store = Store.create(path, default_schema())
    import_files(store, [write_jsonl(path.with_suffix(".jsonl"), articles)])
    return store


def annotate(store: Store, who: str, article_id: str, parts: list[tuple[str, str]],
             status: str | None = None, attrs: dict | None = None) -> list[int]:
    """Spans made the way the window makes them (operations, origin manual)."""
    history = History(store, actor=who)
    article = store.annotations.article_by_id(article_id)
    ids = []
    for part, label in parts:
        start, end = at(article.text, part)
        extra = attrs if label == "QUOTE" and attrs else {}
        change = history.run(AddSpan(article.pk, who, start, end, label, attrs=extra,
                                     review=who == GOLD))  # as review writes gold
        ids.extend(change.spans)
    if status:
        history.run(SetStatus(article.pk, who, status))
    return ids


@pytest.fixture
def alice(tmp_path) -> Path:
    path = tmp_path / "alice.db"
    with new_store(path) as store:
        quote, zarif = annotate(store, "alice", "a1", [("“We will respond,”", "QUOTE"),
                                                       ("Zarif", "PERSON")],
                                "done", attrs={"type": "direct"})
        History(store, "alice").run(AddRelation(quote, zarif, "SPEAKER"))
    return path


@pytest.fixture
def bob(tmp_path) -> Path:
    path = tmp_path / "bob.db"
    with new_store(path) as store:
        annotate(store, "bob", "a1", [("Zarif", "PERSON"), ("Tehran", "GPE"),
                                      ("قاسم سليماني", "PERSON")], "in progress")
        annotate(store, "bob", "a2", [("Baghdad", "GPE")], "done")
    return path


@pytest.fixture
def target(tmp_path) -> Store:
    store = Store.create(tmp_path / "team.db", default_schema())
    yield store
    store.close()


def rows(store: Store) -> dict[str, int]:
    return {table: store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in TABLES}


def layer(store: Store, article_id: str, who: str) -> list[tuple]:
    article = store.annotations.article_by_id(article_id)
    return [(s.start, s.end, s.label, s.text, s.attrs)
            for s in store.annotations.spans(article.pk, who)]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- two annotators, one team store -------------------------------------------------------

def test_two_annotators_stores_merge_into_a_third(target, alice, bob):
    summary = merge_stores(target, [alice, bob])
    assert (summary.sources, summary.errors, summary.conflicts) == (2, [], [])
    assert (summary.articles_added, summary.articles_matched) == (3, 3)
    assert (summary.layers_added, summary.layers_updated, summary.layers_unchanged) == (3, 0, 0)
    assert (summary.spans_added, summary.relations_added) == (6, 1)
    a1 = target.annotations.article_by_id("a1")
    assert (a1.title, a1.meta, a1.text) == ("Zarif speaks", {"source": "wire"}, QUOTE_TEXT)
    assert target.annotations.layers(a1.pk) == {"alice": "done", "bob": "in progress"}
    assert target.annotations.layers(target.annotations.article_by_id("a2").pk) == {"bob": "done"}
    assert target.annotations.layers(target.annotations.article_by_id("a3").pk) == {}
    assert layer(target, "a1", "alice") == [
        (0, 18, "QUOTE", "“We will respond,”", {"type": "direct"}),
        (19, 24, "PERSON", "Zarif", {})]
    assert [s[3] for s in layer(target, "a1", "bob")] == ["Zarif", "Tehran", "قاسم سليماني"]
    for span in target.annotations.spans(a1.pk):
        assert span.text == a1.text[span.start:span.end] and span.origin == "manual"
    [relation] = target.annotations.relations(a1.pk, "alice")
    assert (target.annotations.span(relation.head).label,
            target.annotations.span(relation.child).text,
            relation.label) == ("QUOTE", "Zarif", "SPEAKER")
    assert target.reports.check() == []
    log = [entry for entry in target.changes.change_log() if entry["op"] == "merge"]
    assert [entry["detail"]["source"] for entry in log] == [str(bob), str(alice)]
    assert log[0]["detail"]["layers_added"] == 2


def test_merging_twice_adds_nothing(target, alice, bob, tmp_path):
    exported = tmp_path / "bob.jsonl"
    with Store.open(bob) as store, exported.open("wb") as out:
        export_jsonl(store, out)
    merge_stores(target, [alice, bob])
    before = rows(target)
    watcher = sqlite3.connect(target.path)  # sees any commit that changes the file
    seen = watcher.execute("PRAGMA data_version").fetchone()[0]
    schema = target.conn.execute("PRAGMA schema_version").fetchone()[0]
    again = merge_stores(target, [alice, bob, alice])
    assert merge_stores(target, [exported]).layers_unchanged == 2
    assert rows(target) == before  # not even a change-log entry
    assert watcher.execute("PRAGMA data_version").fetchone()[0] == seen
    assert target.conn.execute("PRAGMA schema_version").fetchone()[0] == schema
    watcher.close()
    counts = again.counts()
    assert counts["articles_matched"] == 9 and counts["layers_unchanged"] == 4
    assert all(value == 0 for name, value in counts.items()
               if name not in ("articles_matched", "layers_unchanged"))
    assert again.labels_added == []


def test_source_stores_are_only_read(target, alice):
    before = digest(alice)
    old = target.path.parent / "old.db"
    shutil.copy(V1_STORE, old)
    old_before = digest(old)
    summary = merge_stores(target, [alice, old])
    assert summary.errors == [] and summary.articles_added > 3
    assert digest(alice) == before
    assert digest(old) == old_before  # a first-version store is read, not upgraded


def test_same_text_under_another_id_is_the_same_article(target, tmp_path, alice):
    import_files(target, [write_jsonl(tmp_path / "t.jsonl",
                                      [{"id": "wire-77", "text": QUOTE_TEXT}])])
    summary = merge_stores(target, [alice])
    assert summary.articles_matched == 1 and target.annotations.article_by_id("a1") is None
    assert [s[3] for s in layer(target, "wire-77", "alice")] == ["“We will respond,”", "Zarif"]


# -- conflicts, gold, labels ------------------------------------------------------------

def test_an_id_with_another_text_is_reported_and_the_rest_merged(target, tmp_path, alice,
                                                                 bob):
    import_files(target, [write_jsonl(tmp_path / "t.jsonl",
                                      [{"id": "a1", "text": "A different story."}])])
    merge_stores(target, [bob], strict_labels=True)  # bob's layer of a1 conflicts too
    summary = merge_stores(target, [alice, bob])
    assert [(c.source, c.article) for c in summary.conflicts] == [(str(alice), "a1"),
                                                                  (str(bob), "a1")]
    assert summary.articles_conflicting == 2 and summary.errors == []
    assert str(summary.conflicts[0]) == (f"{alice}: article a1: text differs from the "
                                         "target's; not merged")
    assert target.annotations.article_by_id("a1").text == "A different story."
    assert target.annotations.layers(target.annotations.article_by_id("a1").pk) == {}
    assert target.annotations.layers(target.annotations.article_by_id("a2").pk) == {"bob": "done"}


def test_the_gold_layer_is_never_read_nor_changed(target, tmp_path, alice):
    with Store.open(alice) as store:
        annotate(store, GOLD, "a1", [("Tehran", "GPE")], "done")
        annotate(store, GOLD, "a3", [("Nobody", "PERSON")])
    with Store.open(alice) as store, (tmp_path / "alice.jsonl").open("wb") as out:
        export_jsonl(store, out)
    first = merge_stores(target, [alice])
    assert first.gold_layers_skipped == 2 and "Gold layers" in first.report()
    annotate(target, GOLD, "a1", [("Zarif", "PERSON")], "in progress")
    gold_before = layer(target, "a1", GOLD)
    again = merge_stores(target, [alice, tmp_path / "alice.jsonl"])
    assert again.gold_layers_skipped == 4 and again.layers_updated == 0
    assert layer(target, "a1", GOLD) == gold_before
    assert target.annotations.layer_status(target.annotations.article_by_id("a1").pk,
                                           GOLD) == "in progress"
    assert target.annotations.layer_status(target.annotations.article_by_id("a3").pk, GOLD) is None
    # its article came, not its gold layer
    assert target.annotations.article_by_id("a3") is not None


def test_labels_the_target_lacks_come_with_their_definition(target, tmp_path):
    path = tmp_path / "carol.db"
    with new_store(path) as store:
        store.add_label(Label("WEAPON", "entity", "#123456", key="w", description="Arms."))
        store.add_label(Label("PLACE", "entity", "#654321", key="p"))  # p is PERSON's key
        store.add_relation_label(RelationLabel("AIMED_AT", ("entity",), ("entity",)))
        first, second = annotate(store, "carol", "a2", [("missiles", "WEAPON"),
                                                        ("Green Zone", "PLACE")])
        History(store, "carol").run(AddRelation(first, second, "AIMED_AT"))
    refused = merge_stores(target, [path], strict_labels=True)
    assert refused.failed_sources == [str(path)]
    assert "label 'WEAPON' is not in the schema" in str(refused.errors[0])
    summary = merge_stores(target, [path])
    assert summary.labels_added == ["WEAPON", "PLACE", "AIMED_AT"]
    assert target.schema.label("WEAPON") == Label("WEAPON", "entity", "#123456", "w", "Arms.")
    assert target.schema.label("PLACE").key is None  # the target's PERSON keeps p
    assert target.schema.relation("AIMED_AT").head == ("entity",)
    assert len(target.annotations.relations(target.annotations.article_by_id("a2").pk,
                                            "carol")) == 1


def test_a_label_of_another_kind_refuses_the_source(target, tmp_path):
    path = tmp_path / "dan.db"
    with new_store(path) as store:
        store.add_label(Label("WEAPON", "claim", "#123456"))
        annotate(store, "dan", "a2", [("missiles", "WEAPON")])
    target.add_label(Label("WEAPON", "entity", "#000000"))
    summary = merge_stores(target, [path])
    assert summary.failed_sources == [str(path)]
    assert "label WEAPON is of kind claim here but entity in the target" in str(summary.errors[0])
    assert target.annotations.article_count() == 0


# -- updates: the annotator's store is the authority on the annotator's layer -------------

def test_an_updated_layer_keeps_the_ids_of_its_unchanged_spans(target, alice):
    merge_stores(target, [alice])
    a1 = target.annotations.article_by_id("a1")
    quote, zarif = target.annotations.spans(a1.pk, "alice")
    with Store.open(alice) as store:
        pk = store.annotations.article_by_id("a1").pk
        history = History(store, "alice")
        mine = {s.text: s.id for s in store.annotations.spans(pk, "alice")}
        history.run(DeleteSpan(mine["Zarif"]))  # its SPEAKER relation goes with it
        said, = annotate(store, "alice", "a1", [("Zarif said", "PERSON")])
        history.run(AddRelation(mine["“We will respond,”"], said, "SPEAKER"))
        annotate(store, "alice", "a1", [("Tehran", "GPE")], "skipped")
    summary = merge_stores(target, [alice])
    assert (summary.layers_updated, summary.layers_unchanged, summary.layers_added) == (1, 0, 0)
    assert (summary.spans_added, summary.spans_removed) == (2, 1)
    assert (summary.relations_added, summary.relations_removed) == (1, 1)
    spans = {s.text: s for s in target.annotations.spans(a1.pk, "alice")}
    assert set(spans) == {"“We will respond,”", "Zarif said", "Tehran"}
    assert spans["“We will respond,”"].id == quote.id  # kept: what refers to it by id still does
    assert target.annotations.span(zarif.id) is None
    [relation] = target.annotations.relations(a1.pk, "alice")
    assert (relation.head, relation.child) == (quote.id, spans["Zarif said"].id)
    assert target.annotations.layer_status(a1.pk, "alice") == "skipped"
    assert target.reports.check() == []
    assert merge_stores(target, [alice]).layers_unchanged == 1


def test_a_changed_attribute_replaces_the_span(target, alice):
    merge_stores(target, [alice])
    with Store.open(alice) as store:
        quote = store.annotations.spans(store.annotations.article_by_id("a1").pk, "alice")[0]
        store.annotations.update_span(quote.id, attrs={"type": "indirect"})
    summary = merge_stores(target, [alice])
    assert (summary.spans_added, summary.spans_removed, summary.relations_added) == (1, 1, 1)
    assert layer(target, "a1", "alice")[0][4] == {"type": "indirect"}


# -- JSONL exports as sources -------------------------------------------------------------

def test_a_jsonl_export_merges_like_its_store(target, tmp_path, alice, bob):
    exported = tmp_path / "bob.jsonl"
    with Store.open(bob) as store, exported.open("wb") as out:
        export_jsonl(store, out)
    summary = merge_stores(target, [exported])
    assert (summary.articles_added, summary.layers_added, summary.spans_added) == (3, 2, 4)
    assert [s[3] for s in layer(target, "a1", "bob")] == ["Zarif", "Tehran", "قاسم سليماني"]
    a1 = target.annotations.article_by_id("a1").pk
    assert target.annotations.layers(a1) == {"bob": "in progress"}
    again = merge_stores(target, [bob, exported])  # origins differ; spans do not
    assert (again.layers_unchanged, again.layers_updated, again.spans_added) == (4, 0, 0)


def test_a_bad_line_in_the_middle_leaves_the_target_unchanged(target, tmp_path, alice, bob):
    good = tmp_path / "bob.jsonl"
    with Store.open(bob) as store, good.open("wb") as out:
        export_jsonl(store, out)
    lines = good.read_bytes().splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"\n".join([*lines[:2], b'{"id": "x", "text": 5}', *lines[2:]]) + b"\n")
    merge_stores(target, [alice])
    before = rows(target)
    summary = merge_stores(target, [bad])
    assert rows(target) == before
    assert summary.failed_sources == [str(bad)] and summary.sources == 0
    assert [str(p) for p in summary.errors] == [
        f'{bad}:3: "text" must be a string, not a number']
    both = merge_stores(target, [bad, bob])  # the good source is merged all the same
    assert both.failed_sources == [str(bad)] and both.layers_added == 2


def test_a_damaged_or_foreign_source_is_refused_alone(target, tmp_path, alice):
    foreign = tmp_path / "other.db"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE t (x)")
    connection.close()
    damaged = tmp_path / "damaged.db"
    data = bytearray(alice.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    damaged.write_bytes(bytes(data))
    summary = merge_stores(target, [foreign, damaged, alice])
    assert summary.failed_sources == [str(foreign), str(damaged)]
    assert str(summary.errors[0]) == (f"{foreign}: an SQLite database but not an Annotator "
                                      "store")
    assert str(summary.errors[1]).startswith(f"{damaged}: damaged")
    assert summary.sources == 1 and target.annotations.article_count() == 3


# -- refusals, cancel, progress -----------------------------------------------------------

def test_merging_a_store_into_itself_is_refused(target, tmp_path, alice):
    with pytest.raises(DataError, match="is the target store itself"):
        merge_stores(target, [alice, tmp_path / "." / "team.db"])
    with pytest.raises(DataError, match="no such file"):
        merge_stores(target, [tmp_path / "missing.db"])
    assert target.annotations.article_count() == 0


def test_cancel_stores_nothing_and_progress_adds_up(target, alice, bob):
    asked = []
    with pytest.raises(MergeCancelled):
        merge_stores(target, [alice, bob], cancelled=lambda: asked.append(1) or len(asked) > 4)
    assert target.annotations.article_count() == 0 and target.changes.change_log() == []
    reported = []
    merge_stores(target, [alice, bob], progress=reported.append)
    assert sum(reported) == merge_size([alice, bob])


def test_other_jsonl_shapes_come_along_as_on_import(tmp_path):
    text = "Zarif said in Tehran that Baghdad is far.\r\nMore."
    path = write_jsonl(tmp_path / "tool.jsonl", [
        {"id": "x", "text": text, "annotator": "a", "status": "done",
         "spans": [{"start": 0, "end": 5, "label": "PERSON"}]},
        # the same text under another id: the same article, its layer brought up to date
        {"id": "y", "text": text, "annotator": "a",
         "spans": [{"start": 0, "end": 5, "label": "PERSON"},
                   {"start": 14, "end": 20, "label": "GPE"}]},
        {"text": text, "label": [[26, 33, "GPE"]]},  # doccano, no annotator
        {"text": "Rejected.", "answer": "reject"}])
    with Store.memory(default_schema()) as target:
        summary = merge_stores(target, [path])
        assert (summary.articles_added, summary.layers_added, summary.layers_updated) == (1, 2, 1)
        assert (summary.records_skipped, summary.texts_changed) == (1, 1)
        pk = target.annotations.article_by_id("x").pk
        assert target.annotations.layers(pk) == {"a": "done", "imported": "todo"}
        assert [s.text for s in target.annotations.spans(pk, "a")] == ["Zarif", "Tehran"]
        assert [s.text for s in target.annotations.spans(pk, "imported")] == ["Baghdad"]
        assert target.reports.check() == []

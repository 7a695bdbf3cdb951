"""One change path: every writer (operations, import, merge) reports through the change log
with the layers it touched, and a ChangeFeed reads what one connection's history did not do."""

from __future__ import annotations

import pytest
from conftest import write_jsonl

from annotator.core import (
    AddRelation,
    AddSpan,
    History,
    ImportCancelled,
    SetStatus,
    import_files,
    merge_stores,
)
from annotator.core.changefeed import ChangeFeed

TEXT = "Zarif met Kamala Ortiz in Doha on Friday."


def at(word: str) -> tuple[int, int]:
    return TEXT.index(word), TEXT.index(word) + len(word)


def layer_record(annotator: str, label: str, word: str = "Zarif") -> dict:
    start, end = at(word)
    return {"id": "a", "text": TEXT, "annotator": annotator,
            "spans": [{"start": start, "end": end, "label": label}]}


def test_an_import_logs_the_layers_it_added(store, tmp_path):
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT}])])
    pk = store.annotations.article_by_id("a").pk
    source = write_jsonl(tmp_path / "layers.jsonl", [
        layer_record("bob", "GPE"), {"id": "new", "text": "A new one.", "annotator": "carol",
                                     "spans": [{"start": 2, "end": 5, "label": "ORG"}]}])
    import_files(store, [source])
    [entry] = [e for e in store.changes.change_log() if e["op"] == "import"][:1]
    new = store.annotations.article_by_id("new").pk
    assert entry["detail"]["layers"] == {"bob": [pk], "carol": [new]}
    assert entry["detail"]["articles_added"] == 1


def test_a_merge_logs_the_layers_it_changed_and_not_the_equal_ones(store, tmp_path):
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT},
                                                           {"id": "b", "text": "Other."}])])
    a, b = store.annotations.article_by_id("a").pk, store.annotations.article_by_id("b").pk
    first = write_jsonl(tmp_path / "first.jsonl", [
        layer_record("amira", "PERSON"),
        {"id": "b", "text": "Other.", "annotator": "amira", "status": "done"}])
    merge_stores(store, [first])
    assert store.changes.change_log(limit=1)[0]["detail"]["layers"] == {"amira": [a, b]}
    second = write_jsonl(tmp_path / "second.jsonl", [
        layer_record("amira", "GPE"),  # changed
        {"id": "b", "text": "Other.", "annotator": "amira", "status": "done"}])  # equal
    merge_stores(store, [second])
    [entry] = store.changes.change_log(limit=1)
    assert entry["op"] == "merge" and entry["detail"]["layers"] == {"amira": [a]}


def test_the_feed_reports_other_writers_and_skips_its_own_operations(two, tmp_path):
    ours, theirs = two
    a, b = ours.annotations.article_by_id("a").pk, ours.annotations.article_by_id("b").pk
    feed = ChangeFeed(ours)
    history = History(ours, "amira")
    history.run(AddSpan(a, "amira", *at("Doha"), "GPE"))
    assert feed.poll() is None  # its own undoable step: nothing to catch up on
    AddSpan(b, "bob", 0, 5, "ORG").apply(theirs, "bob")  # another window
    outside = feed.poll()
    assert outside is not None and not outside.unlogged
    assert outside.articles == {b} and outside.reason() == "another window or program"
    assert [change.op for change in outside.changes] == ["add span"]
    assert feed.poll() is None  # reported once


def test_the_feed_reports_its_own_import_and_merge(two, tmp_path):
    ours, _ = two
    a = ours.annotations.article_by_id("a").pk
    feed = ChangeFeed(ours)
    merge_stores(ours, [write_jsonl(tmp_path / "m.jsonl", [layer_record("amira", "GPE")])])
    outside = feed.poll()
    assert outside is not None and outside.articles == {a}
    assert outside.reason() == "the merge"  # undo cannot take it back
    import_files(ours, [write_jsonl(tmp_path / "i.jsonl", [layer_record("bob", "ORG")])])
    assert feed.poll().reason() == "the import"


def test_a_cli_import_on_another_connection_reaches_the_feed(two, tmp_path):
    ours, theirs = two
    feed = ChangeFeed(ours)
    import_files(theirs, [write_jsonl(tmp_path / "late.jsonl", [{"id": "c", "text": "Late."}])])
    outside = feed.poll()
    assert outside is not None and [c.op for c in outside.changes] == ["import"]
    assert outside.articles == frozenset()  # a new article, no layer: nothing held changed


def test_ids_of_a_rolled_back_import_are_not_taken_for_our_own(two, tmp_path):
    ours, theirs = two
    b = ours.annotations.article_by_id("b").pk
    feed = ChangeFeed(ours)
    source = write_jsonl(tmp_path / "many.jsonl", [{"id": f"n{i}", "text": f"Text {i}."}
                                                   for i in range(3)])
    with pytest.raises(ImportCancelled):  # logs the file, then rolls everything back
        import_files(ours, [source, source], cancelled=iter([False] * 4 + [True]).__next__)
    AddSpan(b, "bob", 0, 5, "ORG").apply(theirs, "bob")  # takes the freed id
    History(ours, "amira").run(AddSpan(ours.annotations.article_by_id("a").pk, "amira", *at("Doha"),
                                       "GPE"))  # our next commit
    outside = feed.poll()
    assert outside is not None and outside.articles == {b}


def test_a_write_that_is_not_logged_is_still_noticed(two):
    ours, theirs = two
    feed = ChangeFeed(ours)
    theirs.conn.execute("UPDATE articles SET title = 'Renamed' WHERE id = 'b'")
    outside = feed.poll()
    assert outside is not None and outside.unlogged and outside.touches(12345)


def test_the_feed_waits_while_its_connection_is_inside_a_transaction(two):
    ours, theirs = two
    b = ours.annotations.article_by_id("b").pk
    feed = ChangeFeed(ours)
    AddSpan(b, "bob", 0, 5, "ORG").apply(theirs, "bob")
    with ours.transaction():
        assert feed.poll() is None
    assert feed.poll() is not None



def test_every_operation_names_its_layer(two):
    ours, theirs = two
    a = ours.annotations.article_by_id("a").pk
    feed = ChangeFeed(ours)
    history = History(theirs, "bob")  # another window
    quote = history.run(AddSpan(a, "bob", *at("met Kamala"), "QUOTE"))
    speaker = history.run(AddSpan(a, "bob", *at("Zarif"), "PERSON"))
    history.run(AddRelation(min(quote.spans), min(speaker.spans), "SPEAKER"))
    history.undo()  # the link removed
    history.run(SetStatus(a, "bob", "done"))
    outside = feed.poll()
    assert [change.op for change in outside.changes] == [
        "add span", "add span", "add relation", "undo remove relation", "set status"]
    assert outside.layers == {(a, "bob")}


"""Every operation, its undo and its redo, through the core's History (no Qt)."""

from __future__ import annotations

import pytest
from conftest import write_jsonl

from annotator.core import (
    AddRelation,
    AddSpan,
    DeleteSpan,
    History,
    OperationError,
    Relabel,
    RemoveRelation,
    SetAttribute,
    SetBounds,
    SetStatus,
    import_files,
)

TEXT = "“We will respond,” Zarif said in Tehran. 👨‍👩‍👧 The 🇮🇶 flag.\nقاسم سليماني spoke."


def snapshot(store, pk: int) -> tuple:
    """Everything an operation may change, to compare before / after undo / after redo."""
    spans = tuple((s.id, s.start, s.end, s.label, s.text, tuple(sorted(s.attrs.items())),
                   s.annotator) for s in store.annotations.spans(pk))
    relations = tuple((r.id, r.head, r.child, r.label) for r in store.annotations.relations(pk))
    return spans, relations, tuple(sorted(store.annotations.layers(pk).items()))


def add(history: History, pk: int, word: str, label: str) -> int:
    start = TEXT.index(word)
    change = history.run(AddSpan(pk, "alice", start, start + len(word), label))
    return next(iter(change.spans))


def check_undo_redo(store, history: History, pk: int, before: tuple) -> None:
    after = snapshot(store, pk)
    assert after != before
    history.undo()
    assert snapshot(store, pk) == before
    history.redo()
    assert snapshot(store, pk) == after
    assert store.reports.check() == []


def test_add_span_stores_exact_text_and_starts_the_layer(store, history, article):
    before = snapshot(store, article)
    start = TEXT.index("Tehran")
    change = history.run(AddSpan(article, "alice", start, start + 6, "GPE"))
    [span] = store.annotations.spans(article, "alice")
    assert (span.text, span.label, span.origin) == ("Tehran", "GPE", "manual")
    assert span.text == TEXT[span.start:span.end]
    assert change.spans == {span.id} and change.status and change.article == article
    assert change.description == "Add GPE “Tehran”"
    assert store.annotations.layer_status(article, "alice") == "in progress"
    check_undo_redo(store, history, article, before)
    assert store.annotations.layers(article) == {"alice": "in progress"}


def test_spans_after_astral_characters_use_code_points(store, history, article):
    name = add(history, article, "قاسم سليماني", "PERSON")
    flag = add(history, article, "🇮🇶", "GPE")
    assert store.annotations.span(name).text == "قاسم سليماني"
    assert store.annotations.span(flag).text == "🇮🇶"
    stored = store.annotations.span(flag)
    assert stored.end - stored.start == 2  # two regional indicators


def test_undo_of_first_span_removes_the_layer_it_created(store, history, article):
    add(history, article, "Zarif", "PERSON")
    history.undo()
    assert store.annotations.layers(article) == {}


def test_add_span_keeps_done_status(store, history, article):
    history.run(SetStatus(article, "alice", "done"))
    add(history, article, "Zarif", "PERSON")
    assert store.annotations.layer_status(article, "alice") == "done"


def test_delete_span_restores_its_relations_on_undo(store, history, article):
    quote = add(history, article, "“We will respond,”", "QUOTE")
    person = add(history, article, "Zarif", "PERSON")
    history.run(AddRelation(quote, person, "SPEAKER"))
    before = snapshot(store, article)
    change = history.run(DeleteSpan(person))
    assert change.relations and store.annotations.relations(article) == []
    assert history.undo_text == "Delete PERSON “Zarif”"
    check_undo_redo(store, history, article, before)


def test_relabel_drops_links_the_new_label_forbids_and_undo_restores_them(
        store, history, article):
    quote = add(history, article, "“We will respond,”", "QUOTE")
    person = add(history, article, "Zarif", "PERSON")
    history.run(AddRelation(quote, person, "SPEAKER"))
    before = snapshot(store, article)
    history.run(Relabel(quote, "CLAIM"))  # SPEAKER goes from a quote only
    assert store.annotations.span(quote).label == "CLAIM"
    assert store.annotations.relations(article) == []
    check_undo_redo(store, history, article, before)
    history.undo()  # the quote and its link are back
    before = snapshot(store, article)
    history.run(Relabel(person, "ORG"))  # still an entity: the link stays
    assert [(r.head, r.child) for r in store.annotations.relations(article)] == [(quote, person)]
    check_undo_redo(store, history, article, before)


def test_set_bounds(store, history, article):
    span = add(history, article, "Tehran", "GPE")
    before = snapshot(store, article)
    history.run(SetBounds(span, TEXT.index("in Tehran"), TEXT.index("Tehran") + 6))
    assert store.annotations.span(span).text == "in Tehran"
    check_undo_redo(store, history, article, before)


def test_set_and_clear_attribute(store, history, article):
    quote = add(history, article, "“We will respond,”", "QUOTE")
    before = snapshot(store, article)
    history.run(SetAttribute(quote, "type", "direct"))
    assert store.annotations.span(quote).attrs == {"type": "direct"}
    check_undo_redo(store, history, article, before)
    before = snapshot(store, article)
    history.run(SetAttribute(quote, "type", None))
    assert store.annotations.span(quote).attrs == {}
    check_undo_redo(store, history, article, before)
    with pytest.raises(OperationError, match="type of a quote must be one of direct"):
        history.run(SetAttribute(quote, "type", "shouted"))


def test_add_and_remove_relation(store, history, article):
    quote = add(history, article, "“We will respond,”", "QUOTE")
    person = add(history, article, "Zarif", "PERSON")
    before = snapshot(store, article)
    change = history.run(AddRelation(quote, person, "SPEAKER"))
    assert change.relations and change.spans == {quote, person}
    check_undo_redo(store, history, article, before)
    [rel] = store.annotations.relations(article)
    before = snapshot(store, article)
    history.run(RemoveRelation(rel.id))
    check_undo_redo(store, history, article, before)


@pytest.mark.parametrize(("head", "child", "label", "message"), [
    ("Zarif", "“We will respond,”", "SPEAKER", "SPEAKER cannot go from PERSON \\(entity\\) to"),
    ("“We will respond,”", "“We will respond,”", "SPEAKER", "linked to itself"),
    ("“We will respond,”", "Zarif", "LIKES", "not in the schema"),
])
def test_bad_relations_are_refused(store, history, article, head, child, label, message):
    spans = {"“We will respond,”": add(history, article, "“We will respond,”", "QUOTE"),
             "Zarif": add(history, article, "Zarif", "PERSON")}
    with pytest.raises(OperationError, match=message):
        history.run(AddRelation(spans[head], spans[child], label))


def test_relations_stay_inside_one_layer(store, history, article):
    quote = add(history, article, "“We will respond,”", "QUOTE")
    bob = History(store, "bob").run(AddSpan(article, "bob", 19, 24, "PERSON"))
    with pytest.raises(OperationError, match="same article and annotator"):
        history.run(AddRelation(quote, next(iter(bob.spans)), "SPEAKER"))


def test_set_status(store, history, article):
    before = snapshot(store, article)
    history.run(SetStatus(article, "alice", "done"))
    assert store.annotations.layer_status(article, "alice") == "done"
    check_undo_redo(store, history, article, before)
    with pytest.raises(OperationError, match="status must be one of"):
        history.run(SetStatus(article, "alice", "finished"))


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (6, 2), (0, len(TEXT) + 1)])
def test_bad_bounds_are_refused_and_change_nothing(store, history, article, start, end):
    with pytest.raises(OperationError):
        history.run(AddSpan(article, "alice", start, end, "PERSON"))
    assert store.annotations.spans(article) == [] and not history.can_undo


def test_unknown_label_and_missing_span(store, history, article):
    with pytest.raises(OperationError, match="label 'NOPE' is not in the schema"):
        history.run(AddSpan(article, "alice", 0, 3, "NOPE"))
    with pytest.raises(OperationError, match="span 999 does not exist"):
        history.run(DeleteSpan(999))


def test_group_is_one_transaction_and_one_undo_step(store, history, article):
    before = snapshot(store, article)
    with history.group("Tag names"):
        add(history, article, "Zarif", "PERSON")
        add(history, article, "Tehran", "GPE")
    assert history.undo_text == "Tag names"
    assert len(store.annotations.spans(article)) == 2
    check_undo_redo(store, history, article, before)


def test_a_failing_group_stores_nothing(store, history, article):
    with pytest.raises(OperationError), history.group("Broken"):  # noqa: PT012 (a failure inside the block)
        add(history, article, "Zarif", "PERSON")
        history.run(AddSpan(article, "alice", 0, 999, "PERSON"))
    assert store.annotations.spans(article) == [] and not history.can_undo


def test_undo_many_then_redo_many_and_new_action_clears_redo(store, history, article):
    states = [snapshot(store, article)]
    for word, label in [("Zarif", "PERSON"), ("Tehran", "GPE"), ("🇮🇶", "GPE")]:
        add(history, article, word, label)
        states.append(snapshot(store, article))
    for state in reversed(states[:-1]):
        history.undo()
        assert snapshot(store, article) == state
    assert history.undo() is None and not history.can_undo
    for state in states[1:]:
        history.redo()
        assert snapshot(store, article) == state
    history.undo()
    add(history, article, "Zarif", "ORG")
    assert not history.can_redo


def test_history_is_bounded(store, article):
    history = History(store, "alice", limit=3)
    word = TEXT.index("respond")
    for offset in range(word, word + 5):
        history.run(AddSpan(article, "alice", offset, offset + 1, "PERSON"))
    undone = 0
    while history.undo():
        undone += 1
    assert undone == 3 and len(store.annotations.spans(article)) == 2


def test_redo_keeps_span_ids_so_later_steps_still_apply(store, history, article):
    quote = add(history, article, "“We will respond,”", "QUOTE")
    person = add(history, article, "Zarif", "PERSON")
    history.run(AddRelation(quote, person, "SPEAKER"))
    for _ in range(3):
        history.undo()
    assert store.annotations.spans(article) == []
    for _ in range(3):
        history.redo()
    [rel] = store.annotations.relations(article)
    assert (rel.head, rel.child) == (quote, person)


def test_every_change_is_in_the_log_with_who_and_what(store, history, article):
    span = add(history, article, "Zarif", "PERSON")
    history.run(Relabel(span, "ORG"))
    history.undo()
    log = store.changes.change_log(article)
    assert [(e["op"], e["annotator"]) for e in log[:3]] == [
        ("undo relabel span", "alice"), ("relabel span", "alice"), ("add span", "alice")]
    assert log[2]["detail"]["text"] == "Zarif" and log[1]["detail"]["to"] == "ORG"


def test_changes_are_committed_at_once(store_path, tmp_path):
    from annotator.core import Store

    store = Store.open(store_path)
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT}])])
    History(store, "alice").run(AddSpan(store.annotations.article_by_id("a").pk, "alice", 19, 24,
                                        "PERSON"))
    other = Store.open(store_path)  # another process would see the same
    pk = other.annotations.article_by_id("a").pk
    assert [s.text for s in other.annotations.spans(pk)] == ["Zarif"]
    other.close()
    store.close()

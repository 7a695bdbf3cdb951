"""The undo history when the store changes under it: a step that no longer fits is dropped
(the steps under it stay reachable), and the history says which articles it acts in."""

from __future__ import annotations

import pytest
from conftest import write_jsonl

from annotator.core import AddSpan, DeleteSpan, History, Relabel, import_files
from annotator.core.gold import GOLD
from annotator.core.history import StepDropped

TEXT = "Zarif met Kamala Ortiz in Doha on Friday."


def tag(history: History, pk: int, word: str, label: str) -> int:
    start = TEXT.index(word)
    (span_id,) = history.run(AddSpan(pk, "alice", start, start + len(word), label)).spans
    return span_id


def test_a_step_that_fails_is_dropped_and_older_steps_still_undo(two):
    ours, theirs = two
    pk = ours.annotations.article_by_id("a").pk
    history = History(ours, "alice")
    doha = tag(history, pk, "Doha", "GPE")
    zarif = tag(history, pk, "Zarif", "PERSON")
    DeleteSpan(zarif).apply(theirs, "bob")  # someone else deletes the newest step's span
    with pytest.raises(StepDropped, match=r"Cannot undo Add PERSON “Zarif”: span \d+ does "
                       r"not exist.*Older steps can still be undone"):
        history.undo()
    assert history.can_undo and history.undo_text == "Add GPE “Doha”"
    history.undo()  # the older step is not blocked
    assert ours.annotations.span(doha) is None
    assert not history.can_undo
    assert history.redo_text == "Add GPE “Doha”"


def test_the_only_step_failing_leaves_nothing_to_undo(two):
    ours, theirs = two
    pk = ours.annotations.article_by_id("a").pk
    history = History(ours, "alice")
    zarif = tag(history, pk, "Zarif", "PERSON")
    DeleteSpan(zarif).apply(theirs, "bob")
    with pytest.raises(StepDropped):
        history.undo()
    assert not history.can_undo and history.undo_text == ""
    assert history.undo() is None  # nothing repeats the error


def test_a_redo_that_fails_drops_the_steps_done_on_top_of_it(two):
    ours, theirs = two
    pk = ours.annotations.article_by_id("a").pk
    history = History(ours, "alice")
    zarif = tag(history, pk, "Zarif", "PERSON")
    history.run(Relabel(zarif, "ORG"))
    history.run(Relabel(zarif, "NORP"))
    history.undo()
    history.undo()  # redo would relabel it ORG, then NORP
    DeleteSpan(zarif).apply(theirs, "bob")
    with pytest.raises(StepDropped, match=r"Cannot redo Relabel.*Nothing is left to redo"):
        history.redo()
    assert not history.can_redo
    assert history.undo_text == "Add PERSON “Zarif”"  # its undo fails in turn, and goes
    with pytest.raises(StepDropped):
        history.undo()
    assert not history.can_undo


def test_touches_names_the_layers_of_undo_and_redo_steps(store, tmp_path):
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT},
                                                           {"id": "b", "text": "Other."}])])
    a, b = store.annotations.article_by_id("a").pk, store.annotations.article_by_id("b").pk
    history = History(store, "alice")
    assert not history.touches({(a, "alice"), (b, None)})
    tag(history, a, "Doha", "GPE")
    assert history.touches({(a, "alice")}) and history.touches({(a, None)})
    assert not history.touches({(a, "bob")})  # another annotator's layer of the article
    assert not history.touches({(b, "alice")}) and not history.touches(())
    history.undo()
    assert history.touches({(a, "alice")})  # the redo step acts there too
    with history.group("Two"):
        history.run(AddSpan(b, "alice", 0, 5, "ORG"))
    assert history.touches({(b, "alice")})
    history.clear()
    assert not history.touches({(a, "alice"), (b, "alice")})
    assert not history.can_undo and not history.can_redo


def test_a_reviewers_steps_meet_every_layer_of_their_article(store, tmp_path):
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT}])])
    a = store.annotations.article_by_id("a").pk
    history = History(store, "carol")
    history.run(AddSpan(a, GOLD, 0, 5, "PERSON", review=True))
    assert history.touches({(a, "bob")})  # a decision copies the annotators' spans


def test_a_redo_whose_span_id_was_taken_since_is_dropped(two):
    ours, theirs = two
    pk = ours.annotations.article_by_id("a").pk
    history = History(ours, "alice")
    zarif = tag(history, pk, "Zarif", "PERSON")
    history.undo()
    start = TEXT.index("Doha")
    # another writer that keeps span ids (as a redo does) takes the freed id
    (taken,) = AddSpan(pk, "bob", start, start + 4, "GPE", span_id=zarif).apply(
        theirs, "bob")[0].spans
    assert taken == zarif
    with pytest.raises(StepDropped):
        history.redo()
    assert not history.can_redo
    assert ours.annotations.span(zarif).annotator == "bob"

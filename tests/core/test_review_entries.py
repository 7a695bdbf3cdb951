"""Review compares the annotators' links to registry entries like their other links: a
different entry is a disagreement, accepting a version carries its entries into gold, and
the reviewer can give the gold span another entry."""

from __future__ import annotations

import pytest
from conftest import write_jsonl

from annotator.core import AddRelation, AddSpan, History, import_files
from annotator.core.operations import Accept, CreateEntry, LinkEntry, UnlinkEntry
from annotator.core.registry import Entry
from annotator.core.registry.quotes import quote_rows
from annotator.core.review import GOLD, load_candidates

TEXT = "“We will respond,” Zarif said in Tehran. Khamenei did not comment."


@pytest.fixture
def pk(store, tmp_path) -> int:
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT}])])
    return store.annotations.article_by_id("a").pk


@pytest.fixture
def entries(store) -> dict[str, int]:
    history = History(store, "curator")
    for name in ("Mohammad Javad Zarif", "Zarif Ltd", "Ali Khamenei"):
        history.run(CreateEntry(Entry(0, name, "PERSON")))
    return {e.name: e.id for e in store.registry.entries()}


def mark(store, pk: int, who: str, words: str, label: str, entry: int | None = None) -> int:
    start = TEXT.index(words)
    history = History(store, who)
    span = next(iter(history.run(AddSpan(pk, who, start, start + len(words), label)).spans))
    if entry is not None:
        history.run(LinkEntry(span, entry))
    return span


def by_text(candidates, text: str):
    return next(c for c in candidates if TEXT[c.start:c.end] == text)


def accept(store, reviewer: History, pk: int, candidate, who: str) -> None:
    version = candidate.version_of(who)
    reviewer.run(Accept(pk, candidate.kind, candidate.start, candidate.end,
                        tuple(s.id for s in version.spans), version.annotators))


def test_a_different_entry_or_none_is_a_disagreement(store, pk, entries):
    mark(store, pk, "alice", "Zarif", "PERSON", entries["Mohammad Javad Zarif"])
    mark(store, pk, "bob", "Zarif", "PERSON", entries["Zarif Ltd"])
    mark(store, pk, "alice", "Khamenei", "PERSON", entries["Ali Khamenei"])
    mark(store, pk, "bob", "Khamenei", "PERSON")  # not linked
    mark(store, pk, "alice", "Tehran", "GPE")
    mark(store, pk, "bob", "Tehran", "GPE")
    found = load_candidates(store, pk, ["alice", "bob"])
    zarif, khamenei = by_text(found, "Zarif"), by_text(found, "Khamenei")
    assert (zarif.agreement, khamenei.agreement) == ("entry", "entry")
    assert by_text(found, "Tehran").agreement == "agree"
    assert zarif.version_of("alice").entries == (entries["Mohammad Javad Zarif"],)
    assert zarif.version_of("bob").entries == (entries["Zarif Ltd"],)
    assert khamenei.version_of("bob").entries == (None,)
    assert zarif.disagreement and len(zarif.versions) == 2


def test_the_same_entry_agrees(store, pk, entries):
    for who in ("alice", "bob"):
        mark(store, pk, who, "Zarif", "PERSON", entries["Mohammad Javad Zarif"])
    (zarif,) = load_candidates(store, pk, ["alice", "bob"])
    assert zarif.agreement == "agree"
    assert zarif.versions[0].annotators == ("alice", "bob")


def test_accepting_a_version_carries_its_entry_and_undoes(store, pk, entries):
    mark(store, pk, "alice", "Zarif", "PERSON", entries["Mohammad Javad Zarif"])
    mark(store, pk, "bob", "Zarif", "PERSON", entries["Zarif Ltd"])
    carol = History(store, "carol")
    accept(store, carol, pk, load_candidates(store, pk, ["alice", "bob"])[0], "bob")
    (gold,) = store.annotations.spans(pk, GOLD)
    assert store.registry.linked_entry(gold.id) == entries["Zarif Ltd"]
    (after,) = load_candidates(store, pk, ["alice", "bob"])
    assert after.state == "accepted" and after.accepted_from == ("bob",)
    assert after.gold_entries == (entries["Zarif Ltd"],)
    # alice's version instead: the gold span now links to her entry
    accept(store, carol, pk, after, "alice")
    (gold,) = store.annotations.spans(pk, GOLD)
    assert store.registry.linked_entry(gold.id) == entries["Mohammad Javad Zarif"]
    carol.undo()
    (gold,) = store.annotations.spans(pk, GOLD)
    assert store.registry.linked_entry(gold.id) == entries["Zarif Ltd"]
    carol.undo()
    assert store.annotations.spans(pk, GOLD) == []
    assert store.reports.check() == []


def test_the_reviewer_chooses_the_gold_entry_and_the_decision_shows_it_edited(
        store, pk, entries):
    mark(store, pk, "alice", "Zarif", "PERSON", entries["Mohammad Javad Zarif"])
    mark(store, pk, "bob", "Zarif", "PERSON")
    carol = History(store, "carol")
    accept(store, carol, pk, load_candidates(store, pk, ["alice", "bob"])[0], "bob")
    (gold,) = store.annotations.spans(pk, GOLD)
    assert store.registry.linked_entry(gold.id) is None
    assert load_candidates(store, pk, ["alice", "bob"])[0].accepted_from == ("bob",)
    carol.run(LinkEntry(gold.id, entries["Mohammad Javad Zarif"]))
    assert load_candidates(store, pk, ["alice", "bob"])[0].accepted_from == ("alice",)
    carol.run(LinkEntry(gold.id, entries["Ali Khamenei"]))  # nobody's: the reviewer's own
    assert load_candidates(store, pk, ["alice", "bob"])[0].accepted_from == ()
    carol.run(UnlinkEntry(gold.id))
    assert load_candidates(store, pk, ["alice", "bob"])[0].accepted_from == ("bob",)


def test_gold_quotes_name_the_speaker_entry_accepted(store, pk, entries):
    """`annotator quotes --layer gold`: the accepted speaker mention brings its entry."""
    for who, entry in (("alice", "Mohammad Javad Zarif"), ("bob", "Zarif Ltd")):
        quote = mark(store, pk, who, "“We will respond,”", "QUOTE")
        History(store, who).run(AddRelation(
            quote, mark(store, pk, who, "Zarif", "PERSON", entries[entry]), "SPEAKER"))
    carol = History(store, "carol")
    found = load_candidates(store, pk, ["alice", "bob"])
    accept(store, carol, pk, by_text(found, "Zarif"), "alice")
    accept(store, carol, pk, by_text(found, "“We will respond,”"), "alice")
    (row,) = quote_rows(store, GOLD)
    assert (row["speaker"], row["entry"], row["entry_name"]) == (
        "Zarif", entries["Mohammad Javad Zarif"], "Mohammad Javad Zarif")

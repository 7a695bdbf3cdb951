"""Review in the core: candidates and how they differ, decisions into the gold layer, undo."""

from __future__ import annotations

import pytest
from conftest import write_jsonl

from annotator.core import AddRelation, AddSpan, History, SetStatus, import_files
from annotator.core.operations import Accept, AddComment, AddGoldSpan, DeleteComment, Reject
from annotator.core.review import GOLD, load_candidates
from annotator.core.store import Comment

TEXT = ("“We will respond,” Zarif said in Tehran on Friday. 👨‍👩‍👧 Ali Khamenei met the "
        "IRGC. Iran denied it.")


@pytest.fixture
def pk(store, tmp_path) -> int:
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT}])])
    return store.annotations.article_by_id("a").pk


def mark(store, pk: int, who: str, word: str, label: str, nth: int = 0) -> int:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    change = History(store, who).run(AddSpan(pk, who, start, start + len(word), label))
    return next(iter(change.spans))


def link(store, who: str, head: int, child: int, label: str = "SPEAKER") -> None:
    History(store, who).run(AddRelation(head, child, label))


def by_text(candidates, text: str):
    found = [c for c in candidates if TEXT[c.start:c.end] == text]
    assert found, f"no candidate over {text!r}: {[TEXT[c.start:c.end] for c in candidates]}"
    return found[0]


def test_candidates_are_classified(store, pk):
    mark(store, pk, "alice", "Tehran", "GPE")
    mark(store, pk, "bob", "Tehran", "GPE")            # all agree
    mark(store, pk, "alice", "Zarif", "PERSON")
    mark(store, pk, "bob", "Zarif", "ORG")             # same text, different label
    mark(store, pk, "alice", "Ali Khamenei", "PERSON")
    mark(store, pk, "bob", "Khamenei", "PERSON")       # overlapping bounds
    mark(store, pk, "alice", "IRGC", "ORG")            # only some
    mark(store, pk, "bob", "Friday", "EVENT")          # only some, the other annotator
    found = load_candidates(store, pk, ["alice", "bob"])
    assert [(TEXT[c.start:c.end], c.agreement) for c in found] == [
        ("Zarif", "label"), ("Tehran", "agree"), ("Friday", "some"), ("Ali Khamenei", "bounds"),
        ("IRGC", "some")]
    zarif = by_text(found, "Zarif")
    assert zarif.version_of("alice").labels == ("PERSON",)
    assert zarif.version_of("bob").labels == ("ORG",)
    assert by_text(found, "IRGC").missing == ("bob",)
    assert by_text(found, "Tehran").versions[0].annotators == ("alice", "bob")
    assert all(c.state == "pending" for c in found)


def test_one_span_against_two_is_one_candidate(store, pk):
    mark(store, pk, "alice", "Ali Khamenei", "PERSON")
    mark(store, pk, "bob", "Ali", "PERSON")
    mark(store, pk, "bob", "Khamenei", "PERSON")
    (candidate,) = load_candidates(store, pk, ["alice", "bob"])
    assert candidate.agreement == "bounds"
    assert [s.text for s in candidate.version_of("bob").spans] == ["Ali", "Khamenei"]


def test_kinds_are_compared_apart(store, pk):
    """A claim over a sentence and an entity inside it are separate candidates."""
    mark(store, pk, "alice", "Iran denied it.", "CLAIM")
    mark(store, pk, "bob", "Iran denied it.", "CLAIM")
    mark(store, pk, "alice", "Iran", "GPE", nth=0)
    found = load_candidates(store, pk, ["alice", "bob"])
    assert sorted((c.kind, c.agreement) for c in found) == [("claim", "agree"),
                                                            ("entity", "some")]


def quote_with_speaker(store, pk, who: str, speaker: str) -> int:
    quote = mark(store, pk, who, "“We will respond,”", "QUOTE")
    link(store, who, quote, mark(store, pk, who, speaker, "PERSON"))
    return quote


def test_a_different_speaker_is_a_disagreement(store, pk):
    quote_with_speaker(store, pk, "alice", "Zarif")
    quote = mark(store, pk, "bob", "“We will respond,”", "QUOTE")
    mark(store, pk, "bob", "Zarif", "PERSON")
    link(store, "bob", quote, mark(store, pk, "bob", "Ali Khamenei", "PERSON"))
    found = load_candidates(store, pk, ["alice", "bob"])
    assert by_text(found, "“We will respond,”").agreement == "link"
    assert by_text(found, "Zarif").agreement == "agree"


def test_accept_copies_the_version_with_its_speaker_and_undoes(store, pk):
    quote_with_speaker(store, pk, "alice", "Zarif")
    quote_with_speaker(store, pk, "bob", "Zarif")
    carol = History(store, "carol")
    found = load_candidates(store, pk, ["alice", "bob"])
    # The speaker first, then the quote: the quote's link to the gold speaker is made.
    for text in ("Zarif", "“We will respond,”"):
        c = by_text(found, text)
        v = c.versions[0]
        carol.run(Accept(pk, c.kind, c.start, c.end, tuple(s.id for s in v.spans),
                         v.annotators))
    gold = store.annotations.spans(pk, GOLD)
    assert [(s.text, s.label) for s in gold] == [("“We will respond,”", "QUOTE"),
                                                 ("Zarif", "PERSON")]
    assert all(TEXT[s.start:s.end] == s.text for s in gold)
    (rel,) = store.annotations.relations(pk, GOLD)
    assert (rel.head, rel.child, rel.label) == (gold[0].id, gold[1].id, "SPEAKER")
    reviews = store.review.gold_reviews(pk)
    assert {reviews[s.id].reviewer for s in gold} == {"carol"}
    assert reviews[gold[0].id].sources == ("alice", "bob")
    assert store.annotations.layer_status(pk, GOLD) == "in progress"  # the article is in review
    after = load_candidates(store, pk, ["alice", "bob"])
    assert {c.state for c in after} == {"accepted"}
    assert by_text(after, "“We will respond,”").accepted_from == ("alice", "bob")
    carol.undo()
    assert [s.text for s in store.annotations.spans(pk, GOLD)] == ["Zarif"]
    assert store.annotations.relations(pk, GOLD) == []
    carol.redo()
    assert [s.id for s in store.annotations.spans(pk, GOLD)] == [s.id for s in gold]
    assert len(store.annotations.relations(pk, GOLD)) == 1
    assert store.reports.check() == []


def test_accepting_another_version_replaces_the_first(store, pk):
    mark(store, pk, "alice", "Zarif", "PERSON")
    mark(store, pk, "bob", "Zarif", "ORG")
    carol = History(store, "carol")
    (c,) = load_candidates(store, pk, ["alice", "bob"])
    for who in ("alice", "bob"):
        v = c.version_of(who)
        carol.run(Accept(pk, c.kind, c.start, c.end, tuple(s.id for s in v.spans), (who,)))
    assert [s.label for s in store.annotations.spans(pk, GOLD)] == ["ORG"]
    (c,) = load_candidates(store, pk, ["alice", "bob"])
    assert c.accepted_from == ("bob",)
    carol.undo()
    assert [s.label for s in store.annotations.spans(pk, GOLD)] == ["PERSON"]


def test_reject_and_its_undo(store, pk):
    mark(store, pk, "alice", "IRGC", "ORG")
    carol = History(store, "carol")
    (c,) = load_candidates(store, pk, ["alice", "bob"])
    before = store.annotations.layer_status(pk, GOLD)
    carol.run(Reject(pk, c.kind, c.start, c.end, ("alice",)))
    (c,) = load_candidates(store, pk, ["alice", "bob"])
    assert c.state == "rejected" and store.annotations.spans(pk, GOLD) == []
    assert store.annotations.layer_status(pk, GOLD) == "in progress"
    (review,) = store.review.reviews(pk)
    assert (review.decision, review.reviewer, review.sources) == ("reject", "carol", ("alice",))
    carol.undo()
    assert store.review.reviews(pk) == [] and store.annotations.layer_status(pk, GOLD) == before
    (c,) = load_candidates(store, pk, ["alice", "bob"])
    assert c.state == "pending"
    carol.redo()
    # Accepting after a rejection takes the rejection back.
    v = c.version_of("alice")
    carol.run(Accept(pk, c.kind, c.start, c.end, (v.spans[0].id,), ("alice",)))
    assert [r.decision for r in store.review.reviews(pk)] == ["accept"]


def test_a_span_the_reviewer_adds_is_recorded(store, pk):
    carol = History(store, "carol")
    start = TEXT.index("Iran")
    carol.run(AddGoldSpan(pk, start, start + 4, "GPE"))
    (span,) = store.annotations.spans(pk, GOLD)
    assert store.review.gold_reviews(pk)[span.id].decision == "add"
    carol.undo()
    assert store.annotations.spans(pk, GOLD) == [] and store.review.reviews(pk) == []


def test_marking_reviewed_is_the_gold_layer_status(store, pk):
    carol = History(store, "carol")
    assert store.review.review_counts() == {"reviewed": 0, "in review": 0, "unreviewed": 1}
    carol.run(SetStatus(pk, GOLD, "done"))
    assert store.review.review_counts() == {"reviewed": 1, "in review": 0, "unreviewed": 0}
    assert store.browse.article_keys(GOLD, "done") == [pk]


def test_comments_on_an_article_and_a_span(store, pk):
    carol = History(store, "carol")
    start = TEXT.index("Zarif")
    carol.run(AddComment(Comment(0, pk, None, None, "", "Check the date", "")))
    carol.run(AddComment(Comment(0, pk, start, start + 5, "", "Zarif is a PERSON", "")))
    comments = store.review.comments(pk)
    assert [(c.start, c.author, c.text) for c in comments] == [
        (None, "carol", "Check the date"), (start, "carol", "Zarif is a PERSON")]
    carol.run(DeleteComment(comments[0].id))
    assert len(store.review.comments(pk)) == 1
    carol.undo()
    assert [c.id for c in store.review.comments(pk)] == [c.id for c in comments]
    with pytest.raises(Exception, match="needs some text"):
        carol.run(AddComment(Comment(0, pk, None, None, "", "  ", "")))


def test_accepting_a_speaker_leaves_the_gold_quotes_chosen_speaker(store, pk):
    """bob's quote (speaker Ali Khamenei) is accepted; then alice's Zarif, whom alice made
    the speaker: the gold quote keeps the speaker the reviewer took with it."""
    quote_with_speaker(store, pk, "alice", "Zarif")
    quote = mark(store, pk, "bob", "“We will respond,”", "QUOTE")
    link(store, "bob", quote, mark(store, pk, "bob", "Ali Khamenei", "PERSON"))
    carol = History(store, "carol")
    found = load_candidates(store, pk, ["alice", "bob"])
    for text, who in (("Ali Khamenei", "bob"), ("“We will respond,”", "bob"),
                      ("Zarif", "alice")):
        c = by_text(found, text)
        v = c.version_of(who)
        carol.run(Accept(pk, c.kind, c.start, c.end, tuple(s.id for s in v.spans), (who,)))
    (rel,) = store.annotations.relations(pk, GOLD)
    assert store.annotations.span(rel.child).text == "Ali Khamenei"


def test_the_list_filter_of_commented_articles(store, pk, tmp_path):
    import_files(store, [write_jsonl(tmp_path / "b.jsonl", [{"id": "b", "text": "Other."}])])
    other = store.annotations.article_by_id("b").pk
    History(store, "carol").run(AddComment(Comment(0, other, None, None, "", "Why?", "")))
    assert store.browse.article_keys("alice", "commented") == [other]
    assert store.browse.article_keys("alice", "commented", search="Other") == [other]
    assert store.browse.article_keys("alice", "commented", search="Zarif") == []
    assert pk not in store.browse.article_keys("alice", "commented")


def test_a_different_attribute_is_a_disagreement_and_is_accepted_with_the_span(store, pk):
    from annotator.core import SetAttribute
    quotes = {who: mark(store, pk, who, "“We will respond,”", "QUOTE") for who in ("alice",
                                                                                 "bob")}
    History(store, "alice").run(SetAttribute(quotes["alice"], "type", "direct"))
    History(store, "bob").run(SetAttribute(quotes["bob"], "type", "indirect"))
    (c,) = load_candidates(store, pk, ["alice", "bob"])
    assert c.agreement == "attrs"
    v = c.version_of("bob")
    History(store, "carol").run(Accept(pk, c.kind, c.start, c.end, (v.spans[0].id,),
                                       ("bob",)))
    (gold,) = store.annotations.spans(pk, GOLD)
    assert gold.attrs == {"type": "indirect"}
    (c,) = load_candidates(store, pk, ["alice", "bob"])
    assert c.accepted_from == ("bob",)


def _speakers_disagree(store, pk) -> None:
    """Both mark the quote, Zarif and Ali Khamenei; alice links the quote to Zarif, bob to
    Ali Khamenei."""
    for who, speaker in (("alice", "Zarif"), ("bob", "Ali Khamenei")):
        quote = mark(store, pk, who, "“We will respond,”", "QUOTE")
        people = {name: mark(store, pk, who, name, "PERSON") for name in ("Zarif",
                                                                            "Ali Khamenei")}
        link(store, who, quote, people[speaker])


def _accept(store, pk, history, text: str, who: str | None) -> None:
    c = by_text(load_candidates(store, pk, ["alice", "bob"]), text)
    v = c.versions[0] if who is None else c.version_of(who)
    history.run(Accept(pk, c.kind, c.start, c.end, tuple(s.id for s in v.spans),
                       v.annotators))


@pytest.mark.parametrize("order", [
    [("“We will respond,”", "bob"), ("Zarif", None), ("Ali Khamenei", None)],  # quote first
    [("Zarif", None), ("Ali Khamenei", None), ("“We will respond,”", "bob")],  # speakers first
    [("Ali Khamenei", None), ("“We will respond,”", "bob"), ("Zarif", None)],
])
def test_the_gold_quote_gets_the_speaker_of_the_version_taken_in_any_order(store, pk, order):
    _speakers_disagree(store, pk)
    carol = History(store, "carol")
    for text, who in order:
        _accept(store, pk, carol, text, who)
    (rel,) = store.annotations.relations(pk, GOLD)
    assert (store.annotations.span(rel.head).text, store.annotations.span(rel.child).text) == (
        "“We will respond,”", "Ali Khamenei")
    quote = by_text(load_candidates(store, pk, ["alice", "bob"]), "“We will respond,”")
    assert quote.accepted_from == ("bob",)  # not "edited": exactly bob's version
    assert store.reports.check() == []
    for _ in order:
        carol.undo()
    assert store.annotations.spans(pk, GOLD) == [] and store.annotations.relations(pk, GOLD) == []

"""Accepting and rejecting suggestions in the core: copies with origin `suggested` and a
reference, speaker links in either order, rejections that last, accept-all as one step,
undo and redo, what is offered, and the figures `stats` shows."""

from __future__ import annotations

import pytest
from conftest import write_jsonl

from annotator.core import (
    AddSpan,
    DeleteSpan,
    History,
    OperationError,
    Relabel,
    SetBounds,
    Store,
    import_files,
)
from annotator.core.operations import (
    AcceptAllSuggestions,
    AcceptSuggestion,
    RejectSuggestion,
)
from annotator.core.suggest import ProposedLink, ProposedSpan, Suggestions
from annotator.core.suggest.offers import offered
from annotator.core.suggest.running import run_suggestions

RAW = ('Zarif 😀 met Ortiz.\r\n"We will win," said Ortiz 👍🏽 in Doha.\r\nDoha was hot.')
TEXT = RAW.replace("\r\n", "\n")


def at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


class Fixed:
    """A source proposing a fixed set: a quote linked to its speaker, and places."""

    name = "fixed"

    def suggest(self, articles, labels):
        for article in articles:
            quote, speaker = at('"We will win,"'), at("Ortiz", 1)
            yield Suggestions(article.id, [
                ProposedSpan("q", *quote, "QUOTE", {"type": "direct"}),
                ProposedSpan("s", *speaker, "PERSON"),
                ProposedSpan("z", *at("Zarif"), "PERSON"),
                ProposedSpan("d1", *at("Doha"), "GPE"),
                ProposedSpan("d2", *at("Doha", 1), "GPE"),
                ProposedSpan("wide", at("Doha")[0] - 3, at("Doha")[1], "GPE"),
            ], [ProposedLink("q", "s", "SPEAKER")])


@pytest.fixture
def path(store_path, tmp_path):
    with Store.open(store_path) as store:
        import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": RAW}])])
        run_suggestions(store, [Fixed()])
    return store_path


@pytest.fixture
def news(path):
    with Store.open(path) as store:
        yield store


def pk(store) -> int:
    return store.annotations.article_by_id("a").pk


def suggestion(store, word: str, nth: int = 0, label: str | None = None):
    start, end = at(word, nth)
    [span] = [s for s in store.annotations.spans(pk(store), "suggested")
              if (s.start, s.end) == (start, end) and label in (None, s.label)]
    return span


def own(store, name: str = "bob") -> list[tuple[str, str, str]]:
    return [(s.label, s.text, s.origin) for s in store.annotations.spans(pk(store), name)]


def test_accepting_copies_the_suggestion_with_its_origin_and_a_reference(news):
    history = History(news, "bob")
    quote = suggestion(news, '"We will win,"')
    change = history.run(AcceptSuggestion("bob", quote.id))
    assert change.suggestions and change.annotator == "bob"
    [copy] = news.annotations.spans(pk(news), "bob")
    assert (copy.label, copy.text, copy.attrs, copy.origin) == (
        "QUOTE", '"We will win,"', {"type": "direct"}, "suggested")
    [decision] = news.suggestions.suggestion_decisions(pk(news), "bob", "suggested")
    assert (decision.decision, decision.span, decision.start, decision.end, decision.label) == (
        "accept", copy.id, quote.start, quote.end, "QUOTE")
    assert news.annotations.layer_status(pk(news), "bob") == "in progress"
    assert quote.id not in {s.id for s in offered(news, pk(news), "bob", "suggested")}


@pytest.mark.parametrize("order", [("quote", "speaker"), ("speaker", "quote")])
def test_the_speaker_link_comes_along_in_either_order(news, order):
    history = History(news, "bob")
    ids = {"quote": suggestion(news, '"We will win,"').id,
           "speaker": suggestion(news, "Ortiz", 1).id}
    history.run(AcceptSuggestion("bob", ids[order[0]]))
    assert news.annotations.relations(pk(news), "bob") == []
    history.run(AcceptSuggestion("bob", ids[order[1]]))
    [link] = news.annotations.relations(pk(news), "bob")
    spans = {s.id: s for s in news.annotations.spans(pk(news), "bob")}
    assert (spans[link.head].label, spans[link.child].text, link.label) == (
        "QUOTE", "Ortiz", "SPEAKER")


def test_a_speaker_the_annotator_tagged_by_hand_gets_the_link(news):
    AddSpan(pk(news), "bob", *at("Ortiz", 1), "PERSON").apply(news, "bob")
    quote = suggestion(news, '"We will win,"')
    History(news, "bob").run(AcceptSuggestion("bob", quote.id))
    [link] = news.annotations.relations(pk(news), "bob")
    assert news.annotations.span(link.child).origin == "manual"


def test_a_speaker_tagged_with_other_bounds_gets_the_link(news):
    start, end = at("Ortiz", 1)
    AddSpan(pk(news), "bob", start, end + 3, "PERSON").apply(news, "bob")  # "Ortiz 👍🏽"
    History(news, "bob").run(AcceptSuggestion("bob", suggestion(news, '"We will win,"').id))
    [link] = news.annotations.relations(pk(news), "bob")
    child = news.annotations.span(link.child)
    assert (child.start, child.end) == (start, end + 3)


def test_overlapping_own_spans_of_the_same_kind_hide_suggestions(news):
    AddSpan(pk(news), "bob", *at("Doha"), "LOC").apply(news, "bob")  # entity, like GPE
    AddSpan(pk(news), "bob", *at("Zarif"), "CLAIM").apply(news, "bob")  # another kind
    shown = [(s.start, s.text, s.label) for s in offered(news, pk(news), "bob", "suggested")]
    assert (at("Doha", 1)[0], "Doha", "GPE") in shown  # the second Doha only
    assert [(t, label) for _, t, label in shown if "Doha" in t] == [("Doha", "GPE")]
    assert (at("Zarif")[0], "Zarif", "PERSON") in shown
    with pytest.raises(OperationError, match="not offered"):
        AcceptSuggestion("bob", suggestion(news, "Doha", label="GPE").id).apply(news, "bob")


def test_a_rejection_is_stored_survives_reopening_and_a_new_run(path, news):
    history = History(news, "bob")
    zarif = suggestion(news, "Zarif")
    change = history.run(RejectSuggestion("bob", zarif.id))
    assert change.suggestions and own(news) == []
    assert zarif.id not in {s.id for s in offered(news, pk(news), "bob", "suggested")}
    assert zarif.id in {s.id for s in offered(news, pk(news), "carol", "suggested")}
    news.close()
    with Store.open(path) as again:
        run_suggestions(again, [Fixed()])  # new span ids, same suggestions
        shown = {(s.text, s.label) for s in offered(again, pk(again), "bob", "suggested")}
        assert ("Zarif", "PERSON") not in shown and ("Doha", "GPE") in shown


def test_undo_and_redo_of_accept_and_reject(news):
    history = History(news, "bob")
    quote, speaker = suggestion(news, '"We will win,"'), suggestion(news, "Ortiz", 1)
    history.run(AcceptSuggestion("bob", speaker.id))
    history.run(AcceptSuggestion("bob", quote.id))
    linked = own(news), news.annotations.relations(pk(news), "bob")
    history.run(RejectSuggestion("bob", suggestion(news, "Zarif").id))
    history.undo()
    assert "Zarif" in {s.text for s in offered(news, pk(news), "bob", "suggested")}
    history.undo()
    assert own(news) == [("PERSON", "Ortiz", "suggested")]
    assert news.annotations.relations(pk(news), "bob") == []
    assert len(news.suggestions.suggestion_decisions(pk(news), "bob", "suggested")) == 1
    history.redo()
    assert (own(news), news.annotations.relations(pk(news), "bob")) == linked
    history.undo()
    history.undo()
    assert own(news) == []
    assert news.suggestions.suggestion_decisions(pk(news), "bob", "suggested") == []
    assert news.annotations.layer_status(pk(news), "bob") is None


def test_accept_all_takes_every_offered_suggestion_as_one_step(news):
    history = History(news, "bob")
    history.run(RejectSuggestion("bob", suggestion(news, "Zarif").id))
    history.run(AcceptAllSuggestions(pk(news), "bob", "suggested"))
    assert own(news) == [("QUOTE", '"We will win,"', "suggested"),
                         ("PERSON", "Ortiz", "suggested"), ("GPE", "in Doha", "suggested"),
                         ("GPE", "Doha", "suggested")]  # "Doha" inside "in Doha": not taken
    assert len(news.annotations.relations(pk(news), "bob")) == 1
    assert history.undo_text.endswith("Accept all suggestions of suggested")
    history.undo()
    assert own(news) == [] and [d.decision for d in news.suggestions.suggestion_decisions(
        pk(news), "bob", "suggested")] == ["reject"]
    with pytest.raises(OperationError, match="not a suggestion layer"):
        AcceptAllSuggestions(pk(news), "bob", "alice").apply(news, "bob")


def test_suggestions_go_only_into_a_person_s_layer(news):
    quote = suggestion(news, '"We will win,"')
    with pytest.raises(OperationError, match="reserved"):
        AcceptSuggestion("gold", quote.id).apply(news, "gold")
    with pytest.raises(OperationError, match="is a suggestion layer"):
        AcceptSuggestion("suggested", quote.id).apply(news, "bob")
    AddSpan(pk(news), "bob", *at("Zarif"), "PERSON").apply(news, "bob")
    mine = news.annotations.spans(pk(news), "bob")[0]
    with pytest.raises(OperationError, match="not in a suggestion layer"):
        AcceptSuggestion("carol", mine.id).apply(news, "carol")


def test_stats_count_accepted_unchanged_changed_and_rejected(news):
    history = History(news, "bob")
    for word, nth in (('"We will win,"', 0), ("Ortiz", 1), ("Zarif", 0), ("Doha", 1)):
        history.run(AcceptSuggestion("bob", suggestion(news, word, nth).id))
    copies = {s.text: s for s in news.annotations.spans(pk(news), "bob")}
    history.run(SetBounds(copies['"We will win,"'].id, *at("We will win")))
    history.run(Relabel(copies["Zarif"].id, "ORG"))
    history.run(DeleteSpan(copies["Doha"].id))  # accepted, then taken out: a rejection
    history.run(RejectSuggestion("bob", suggestion(news, "Doha").id))
    History(news, "carol").run(AcceptSuggestion("carol", suggestion(news, "Zarif").id))
    figures = news.reports.stats()
    assert figures["suggestions"] == {
        "bob": {"accepted unchanged": 1, "changed": 2, "rejected": 2},
        "carol": {"accepted unchanged": 1, "changed": 0, "rejected": 0}}
    assert "suggested" not in figures["annotators"]
    assert figures["suggestion_layers"]["suggested"]["spans"] == 6


def test_one_suggestion_is_offered_as_the_whole_list_says(news):
    from annotator.core.suggest.offers import is_offered
    history = History(news, "amira")
    history.run(RejectSuggestion("amira", suggestion(news, "Zarif").id))
    history.run(AddSpan(pk(news), "amira", *at("Doha", 1), "LOC"))  # covers the second Doha
    every = news.annotations.spans(pk(news), "suggested")
    listed = {span.id for span in offered(news, pk(news), "amira", "suggested")}
    assert 0 < len(listed) < len(every) - 1
    assert {span.id for span in every if is_offered(news, span, "amira")} == listed

"""Filling a suggestion layer: each source on texts with emoji and CRLF, exact offsets,
replacing on a second run, never touching people's layers, one transaction, the change log."""

from __future__ import annotations

import pytest
from conftest import table_counts, write_jsonl

from annotator.core import AddSpan, DataError, import_files
from annotator.core.changefeed import ChangeFeed
from annotator.core.suggest import Article, Suggestions
from annotator.core.suggest.running import entity_labels, make_sources, run_suggestions

pytest.importorskip("spacy")

# Raw texts as they arrive: CRLF line ends (stored as LF), emoji above U+FFFF before the spans.
RAW_A = ('Angela Merkel 😀 visited Reuters.\r\n"We will win the vote," said Angela Merkel 👍🏽.'
         "\r\nREUTERS and reuters and Reutersville reported.")
RAW_B = "🇩🇪 In Berlin, Reuters met Angela Merkel on Friday.\r\nNothing else."
TEXT_A = RAW_A.replace("\r\n", "\n")


def at(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


@pytest.fixture
def news(store, tmp_path):
    """Two articles, and alice's own layer with two entities on the first."""
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [
        {"id": "a", "text": RAW_A}, {"id": "b", "text": RAW_B}, {"id": "c", "text": "Empty."}])])
    a = store.annotations.article_by_id("a").pk
    AddSpan(a, "alice", *at(TEXT_A, "Angela Merkel"), "PERSON").apply(store, "alice")
    AddSpan(a, "alice", *at(TEXT_A, "Reuters"), "ORG").apply(store, "alice")
    return store


def layer(store, article_id: str, name: str = "suggested") -> list[tuple[str, str, str]]:
    """(label, text, origin) of a layer's spans; every span's text is its exact slice."""
    article = store.annotations.article_by_id(article_id)
    spans = store.annotations.spans(article.pk, name)
    for span in spans:
        assert article.text[span.start:span.end] == span.text
    return [(s.label, s.text, s.origin) for s in spans]


def test_corpus_proposes_tagged_strings_at_every_whole_word_occurrence(news):
    summary = run_suggestions(news, make_sources(news, ["corpus"]))
    assert layer(news, "a") == [
        ("PERSON", "Angela Merkel", "suggested"), ("ORG", "Reuters", "suggested"),
        ("PERSON", "Angela Merkel", "suggested"), ("ORG", "REUTERS", "suggested")]
    assert layer(news, "b") == [("ORG", "Reuters", "suggested"),
                                ("PERSON", "Angela Merkel", "suggested")]
    b = news.annotations.article_by_id("b")
    assert [(s.start, s.end) for s in news.annotations.spans(b.pk, "suggested")] == [
        at(b.text, "Reuters"), at(b.text, "Angela Merkel")]
    assert (summary.articles, summary.spans, dict(summary.spans_by_label)) == (
        3, 6, {"PERSON": 3, "ORG": 3})
    # every covered article has a layer marked done, so agreement counts it
    assert {p: news.annotations.layer_status(p, "suggested")
                                for p in news.annotations.article_pks()} == dict.fromkeys(
        news.annotations.article_pks(), "done")


def test_quotes_link_the_speaker_and_reuse_the_tagged_entity(news):
    run_suggestions(news, make_sources(news, ["quotes"]))
    a = news.annotations.article_by_id("a")
    spans = {s.id: s for s in news.annotations.spans(a.pk, "suggested")}
    [quote] = [s for s in spans.values() if s.label == "QUOTE"]
    assert quote.text == '"We will win the vote,"' and quote.attrs == {"type": "direct"}
    [link] = news.annotations.relations(a.pk, "suggested")
    assert (link.head, link.label) == (quote.id, "SPEAKER")
    speaker = spans[link.child]
    assert (speaker.label, (speaker.start, speaker.end)) == (
        "PERSON", at(a.text, "Angela Merkel", 1))


def test_sources_together_store_each_span_once(news):
    summary = run_suggestions(news, make_sources(news, ["quotes", "corpus"]))
    a = news.annotations.article_by_id("a")
    keys = [(s.start, s.end, s.label) for s in news.annotations.spans(a.pk, "suggested")]
    assert len(keys) == len(set(keys))
    assert (*at(a.text, "Angela Merkel", 1), "PERSON") in keys
    assert summary.links == 1 and summary.spans_by_label["QUOTE"] == 1


def test_a_second_run_replaces_the_layer_and_leaves_people_alone(news):
    run_suggestions(news, make_sources(news, ["quotes", "corpus"]))
    alice_before = layer(news, "a", "alice")
    quotes = run_suggestions(news, make_sources(news, ["quotes"]))
    assert quotes.replaced == 3
    assert [label for label, _, _ in layer(news, "a")] == ["QUOTE", "PERSON"]
    assert layer(news, "b") == []
    assert layer(news, "a", "alice") == alice_before
    assert news.suggestions.suggestion_layers() == {"suggested": ["quotes"]}


def test_a_run_over_some_articles_replaces_only_those(news):
    run_suggestions(news, make_sources(news, ["corpus"]))
    alice_before = layer(news, "a", "alice")
    summary = run_suggestions(news, make_sources(news, ["quotes"]), article_ids=["a"])
    assert (summary.articles, summary.replaced) == (1, 1)
    assert [label for label, _, _ in layer(news, "a")] == ["QUOTE", "PERSON"]
    assert [label for label, _, _ in layer(news, "b")] == ["ORG", "PERSON"]  # untouched
    assert layer(news, "a", "alice") == alice_before


def test_status_todo_skips_articles_someone_has_started(news):
    summary = run_suggestions(news, make_sources(news, ["corpus"]), status="todo")
    assert summary.articles == 2  # a is in progress for alice
    assert layer(news, "a") == []
    started = run_suggestions(news, make_sources(news, ["corpus"]), layer="s2",
                              status="in progress")
    assert started.articles == 1 and len(layer(news, "a", "s2")) == 4


@pytest.mark.parametrize("name", ["gold", "alice", " "])
def test_gold_and_people_s_layers_are_refused(news, name):
    before = table_counts(news)
    with pytest.raises(DataError, match="layer"):
        run_suggestions(news, make_sources(news, ["corpus"]), layer=name)
    assert table_counts(news) == before


def test_an_unknown_article_is_refused(news):
    with pytest.raises(DataError, match="no article 'zz'"):
        run_suggestions(news, make_sources(news, ["corpus"]), article_ids=["a", "zz"])


class Failing:
    """A source that fails on the third article: nothing of the run may stay."""

    name = "failing"

    def suggest(self, articles, labels):
        for n, article in enumerate(articles):
            if n == 2:
                raise RuntimeError("broken source")
            yield Suggestions(article.id)


def test_a_failing_run_stores_nothing_and_keeps_the_earlier_layer(news):
    run_suggestions(news, make_sources(news, ["corpus"]))
    before = table_counts(news), layer(news, "a"), news.suggestions.suggestion_layers()
    with pytest.raises(RuntimeError):
        run_suggestions(news, [*make_sources(news, ["quotes"]), Failing()])
    assert (table_counts(news), layer(news, "a"), news.suggestions.suggestion_layers()) == before


def test_a_cancelled_run_stores_nothing(news):
    from annotator.core.suggest.running import SuggestCancelled
    before = table_counts(news)
    with pytest.raises(SuggestCancelled):
        run_suggestions(news, make_sources(news, ["corpus"]), cancelled=lambda: True)
    assert table_counts(news) == before


def test_the_run_logs_the_layers_it_touched_for_open_windows(news):
    feed = ChangeFeed(news)
    run_suggestions(news, make_sources(news, ["corpus"]))
    entry = news.changes.change_log(limit=1)[0]
    assert entry["op"] == "suggest"
    assert entry["detail"]["layers"] == {"suggested": sorted(news.annotations.article_pks())}
    outside = feed.poll()
    assert outside is not None and outside.reason() == "the suggest"
    assert outside.articles == set(news.annotations.article_pks())


def test_sources_see_people_s_entities_but_not_suggestions(news):
    seen: list[Article] = []

    class Spy:
        name = "spy"

        def suggest(self, articles, labels):
            for article in articles:
                seen.append(article)
                yield Suggestions(article.id)

    run_suggestions(news, make_sources(news, ["corpus"]))
    run_suggestions(news, [Spy()], layer="other")
    first = seen[0]
    assert [(e.start, e.end, e.label) for e in first.entities] == [
        (*at(TEXT_A, "Angela Merkel"), "PERSON"), (*at(TEXT_A, "Reuters"), "ORG")]


def test_a_source_that_skips_an_article_stores_nothing(news):
    class Skipping:
        name = "skipping"

        def suggest(self, articles, labels):
            for article in list(articles)[1:]:
                yield Suggestions(article.id)

    before = table_counts(news)
    with pytest.raises(DataError, match="source skipping did not give one answer per article"):
        run_suggestions(news, [*make_sources(news, ["corpus"]), Skipping()])
    assert table_counts(news) == before


def test_reading_peoples_entities_goes_by_article_not_by_label(news):
    """The label index would read every span of those labels in the store (a run's own
    suggestions among them): a run over 100,000 articles slowed as it went."""
    run_suggestions(news, make_sources(news, ["corpus"]))  # the layer holds PERSON and ORG
    sql: list[str] = []
    news.conn.set_trace_callback(sql.append)
    pks = news.suggestions.suggestion_article_keys()
    batch = [*pks, *range(max(pks) + 1, max(pks) + 198)]  # a run's batch is 200 articles
    try:
        found = news.suggestions.people_spans(batch, entity_labels(news))
    finally:
        news.conn.set_trace_callback(None)
    a = news.annotations.article_by_id("a").pk
    assert found[a] == [(*at(TEXT_A, "Angela Merkel"), "PERSON"), (*at(TEXT_A, "Reuters"), "ORG")]
    [query] = [s for s in sql if "FROM spans" in s]
    plan = " ".join(row[3] for row in news.conn.execute("EXPLAIN QUERY PLAN " + query))
    assert "spans_layer" in plan and "spans_label" not in plan, plan

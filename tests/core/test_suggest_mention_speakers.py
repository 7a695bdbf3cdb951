"""A speaker that is no name ("he", "a ministry spokesman", "several agents") is suggested as
a source mention (MENTION), never as a PERSON or ORG: accepted as an entity, "he" would
teach a model trained on the layer's entities that pronouns are names."""

from __future__ import annotations

import pytest
from conftest import write_jsonl

from annotator.core import AddSpan, Store, import_files
from annotator.core.schema import parse_schema
from annotator.core.suggest.running import make_sources, run_suggestions

pytest.importorskip("spacy")

TEXT = ("Layla Haddad said the fees would stay. “We will not pay,” he said.\n"
        "A ministry spokesman said the port would stay open.\n"
        "Several agents said they were considering legal action.\n")


def speakers(store: Store, article_id: str = "a") -> list[tuple[str, str, str]]:
    """(quote's first word, speaker's text, speaker's label) of the suggestion layer."""
    article = store.annotations.article_by_id(article_id)
    spans = {s.id: s for s in store.annotations.spans(article.pk, "suggested")}
    for span in spans.values():
        assert article.text[span.start:span.end] == span.text
    return sorted((spans[r.head].text.split()[0], spans[r.child].text, spans[r.child].label)
                  for r in store.annotations.relations(article.pk, "suggested"))


@pytest.fixture
def news(store, tmp_path):
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT}])])
    return store


def test_names_are_entities_and_other_speakers_source_mentions(news):
    run_suggestions(news, make_sources(news, ["quotes"]))
    assert speakers(news) == [
        ("the", "A ministry spokesman", "MENTION"),
        ("the", "Layla Haddad", "PERSON"),
        ("they", "Several agents", "MENTION"),
        ("“We", "he", "MENTION")]


def test_a_source_mention_someone_tagged_is_the_speaker_as_they_tagged_it(news):
    article = news.annotations.article_by_id("a")
    start = TEXT.index("ministry spokesman")
    AddSpan(article.pk, "alice", start, start + 18, "MENTION").apply(news, "alice")
    run_suggestions(news, make_sources(news, ["quotes"]))
    assert ("the", "ministry spokesman", "MENTION") in speakers(news)  # alice's bounds


def test_without_a_mention_label_the_speaker_takes_an_entity_label(tmp_path):
    schema = parse_schema("""
[[labels]]
name = "PERSON"
kind = "entity"
key = "p"
[[labels]]
name = "ORG"
kind = "entity"
key = "o"
[[labels]]
name = "QUOTE"
kind = "quote"
key = "q"
[[relations]]
name = "SPEAKER"
head = ["quote"]
child = ["entity"]
""", "test")
    store = Store.memory(schema)
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT}])])
    run_suggestions(store, make_sources(store, ["quotes"]))
    assert ("“We", "he", "PERSON") in speakers(store)
    assert ("they", "Several agents", "PERSON") in speakers(store)
    store.close()

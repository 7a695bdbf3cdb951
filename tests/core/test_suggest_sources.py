"""The corpus, patterns and model sources: exact offsets on emoji text, bad pattern files
reported line by line with nothing written, a real spaCy pipeline built and loaded by path."""

from __future__ import annotations

import json

import pytest
from conftest import table_counts, write_jsonl

from annotator.core import import_files
from annotator.core.errors import SuggestInputError
from annotator.core.suggest import Article
from annotator.core.suggest.corpus import CorpusSource
from annotator.core.suggest.running import make_sources, run_suggestions

spacy = pytest.importorskip("spacy")

LABELS = ("PERSON", "ORG", "GPE", "QUOTE")


def found(source, text: str) -> list[tuple[str, str]]:
    out = source.suggest_one(Article("x", text), LABELS)
    return [(text[s.start:s.end], s.label) for s in out.spans]


def test_corpus_matches_whole_words_as_tagged_or_in_capitals():
    source = CorpusSource([("Reuters", "ORG", 2), ("New York", "GPE", 1),
                           ("New York Times", "ORG", 1)])
    text = ("👍🏽 Reuters, REUTERS, reuters, Reutersville, xReuters; the New York Times in "
            "New York and NEW YORK, NEW YORK TIMES.")
    assert found(source, text) == [
        ("Reuters", "ORG"), ("REUTERS", "ORG"), ("New York Times", "ORG"),
        ("New York", "GPE"), ("NEW YORK", "GPE"), ("NEW YORK TIMES", "ORG")]


def test_corpus_takes_the_label_given_most_often_and_skips_unknown_labels():
    source = CorpusSource([("Jordan", "PERSON", 1), ("Jordan", "GPE", 3), ("Pfizer", "NORP", 4)])
    assert found(source, "Jordan and Pfizer.") == [("Jordan", "GPE")]


def test_corpus_terms_that_end_in_punctuation_still_match():
    source = CorpusSource([("U.S.", "GPE", 1)])
    assert found(source, "The U.S. and the U.S.A.") == [("U.S.", "GPE"), ("U.S.", "GPE")]


@pytest.fixture
def news(store, tmp_path):
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [
        {"id": "a", "text": "😀 Reuters reported.\r\nThe Associated Press agreed with REUTERS."},
    ])])
    return store


def patterns_file(tmp_path, lines: list) -> str:
    path = tmp_path / "patterns.jsonl"
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line)
                              for line in lines) + "\n", encoding="utf-8")
    return f"patterns={path}"


def test_patterns_phrases_and_token_patterns_run_by_the_span_ruler(news, tmp_path):
    spec = patterns_file(tmp_path, [
        {"label": "ORG", "pattern": "Reuters"},
        {"label": "ORG", "pattern": [{"LOWER": "associated"}, {"LOWER": "press"}]},
        "",
        {"label": "ORG", "pattern": [{"TEXT": {"REGEX": "^[A-Z]{7}$"}}], "id": "caps"}])
    summary = run_suggestions(news, make_sources(news, [spec]))
    a = news.annotations.article_by_id("a")
    assert [(s.text, s.label, s.origin) for s in news.annotations.spans(a.pk, "suggested")] == [
        ("Reuters", "ORG", "suggested"), ("Associated Press", "ORG", "suggested"),
        ("REUTERS", "ORG", "suggested")]
    assert all(a.text[s.start:s.end] == s.text for s in news.annotations.spans(a.pk, "suggested"))
    assert summary.spans == 3


def test_a_bad_patterns_file_names_every_bad_line_and_writes_nothing(news, tmp_path):
    before = table_counts(news)
    spec = patterns_file(tmp_path, [
        {"label": "ORG", "pattern": "Reuters"},
        "{not json",
        {"label": "BANK", "pattern": "Reuters"},
        {"label": "ORG", "pattern": [{"LOWERR": "x"}]},
        {"label": "ORG"},
        ["ORG", "Reuters"],
        {"label": "ORG", "pattern": "x", "colour": "red"}])
    path = spec.removeprefix("patterns=")
    with pytest.raises(SuggestInputError) as caught:
        make_sources(news, [spec])
    problems = caught.value.problems
    assert [p.split(": ")[0] for p in problems] == [f"{path}:{n}" for n in (2, 3, 4, 5, 6, 7)]
    assert "label 'BANK' is not in the schema" in problems[1]
    assert "LOWERR" in problems[2]
    assert "colour" in problems[5]
    assert table_counts(news) == before


def test_a_patterns_file_with_a_byte_order_mark_and_crlf_reads(news, tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"label": "ORG", "pattern": "Reuters"}\r\n'
                     b'{"label": "ORG", "pattern": "REUTERS"}\r\n')
    summary = run_suggestions(news, make_sources(news, [f"patterns={path}"]))
    assert summary.spans == 2


def test_an_empty_or_missing_patterns_file_is_refused(news, tmp_path):
    with pytest.raises(SuggestInputError, match="no patterns"):
        make_sources(news, [patterns_file(tmp_path, [""])])
    with pytest.raises(SuggestInputError, match="cannot read"):
        make_sources(news, [f"patterns={tmp_path / 'missing.jsonl'}"])


@pytest.fixture
def pipeline(tmp_path):
    """A real pipeline built here and saved to disk: entities from an entity ruler, and a
    span group from a span ruler, one label the store does not know."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": "Reuters"},
                        {"label": "PRODUCT", "pattern": "iPhone"}])
    spans = nlp.add_pipe("span_ruler", config={"spans_key": "claims"})
    spans.add_patterns([{"label": "CLAIM", "pattern": [{"LOWER": "prices"}, {"LOWER": "rose"}]}])
    path = tmp_path / "pipeline"
    nlp.to_disk(path)
    return path


def test_a_model_s_entities_and_span_groups_become_suggestions(store, tmp_path, pipeline):
    import_files(store, [write_jsonl(tmp_path / "m.jsonl", [
        {"id": "m", "text": "👨‍👩‍👧 Reuters said\r\nprices rose after the iPhone launch."}])])
    summary = run_suggestions(store, make_sources(store, [f"model={pipeline}"]))
    m = store.annotations.article_by_id("m")
    assert [(s.text, s.label) for s in store.annotations.spans(m.pk, "suggested")] == [
        ("Reuters", "ORG"), ("prices rose", "CLAIM")]
    assert all(m.text[s.start:s.end] == s.text for s in store.annotations.spans(m.pk, "suggested"))
    assert summary.unknown_labels == {"PRODUCT": 1}
    assert "left out: 1 span labelled 'PRODUCT'" in summary.report()


def test_a_model_that_will_not_load_is_one_line(store, tmp_path):
    with pytest.raises(SuggestInputError, match="cannot load the pipeline"):
        make_sources(store, [f"model={tmp_path / 'nothing'}"])


def test_an_unknown_source_is_refused(store):
    with pytest.raises(SuggestInputError, match="unknown source 'magic'"):
        make_sources(store, ["magic"])


def test_sources_that_need_spacy_say_so_when_it_is_missing(store, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "spacy", None)  # as if not installed
    with pytest.raises(SuggestInputError, match="the quotes source needs spaCy"):
        make_sources(store, ["quotes"])
    assert [source.name for source in make_sources(store, ["corpus"])] == ["corpus"]

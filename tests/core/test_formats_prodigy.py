"""The Prodigy export, checked token by token, and read back by our importer."""

from __future__ import annotations

import json

import pytest
from export_data import LOST_RELATION, MISALIGNED, build, lost, stored

from annotator.core import Store, default_schema, import_files
from annotator.core.io import export_to_path

pytest.importorskip("spacy")  # installed by ./run and CI (the `spacy` extra)


@pytest.fixture
def exported(store, tmp_path):
    build(store, tmp_path)
    path = tmp_path / "tasks.jsonl"
    summary = export_to_path(store, path, "prodigy")
    tasks = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    return summary, tasks, path


def test_tokens_spell_the_text_and_spans_sit_on_them(exported):
    _summary, tasks, _ = exported
    assert [(t["id"], t["annotator"]) for t in tasks] == [
        ("news", "alice"), ("news", "bob"), ("arabic", "alice"), ("other", "alice")]
    for task in tasks:
        text, tokens = task["text"], task["tokens"]
        assert "\r" not in text
        assert [t["id"] for t in tokens] == list(range(len(tokens)))
        for token in tokens:
            assert text[token["start"]:token["end"]] == token["text"]
        assert "".join(t["text"] + (" " if t["ws"] else "") for t in tokens) == text
        for span in task["spans"]:
            assert text[span["start"]:span["end"]] == span["text"]
            assert tokens[span["token_start"]]["start"] == span["start"]
            assert tokens[span["token_end"]]["end"] == span["end"]  # token_end inclusive
        for rel in task["relations"]:
            assert rel["head"] == rel["head_span"]["token_end"]
            assert rel["child"] == rel["child_span"]["token_end"]
        assert task["answer"] == "accept"


def test_family_flag_arabic_and_a_nested_quote(exported):
    _summary, tasks, _ = exported
    news, arabic = tasks[0], tasks[2]
    spans = {s["text"]: s for s in news["spans"]}
    family = spans["👨\u200d👩\u200d👧"]
    assert (family["token_end"] - family["token_start"], family["label"]) == (4, "NORP")
    assert spans["🇮🇶"]["token_end"] - spans["🇮🇶"]["token_start"] == 1  # two indicators
    quote, baghdad = spans["“We will not leave Baghdad,”"], spans["Baghdad"]
    assert quote["token_start"] < baghdad["token_start"] <= baghdad["token_end"] < (
        quote["token_end"])
    assert spans["Port\nAuthority"]["token_end"] - spans["Port\nAuthority"]["token_start"] == 2
    assert quote["attrs"] == {"type": "direct"}
    assert [(t["text"]) for t in arabic["tokens"]][:3] == ["قال", "قاسم", "سليماني"]
    assert [(s["text"], s["token_start"], s["token_end"]) for s in arabic["spans"]] == [
        ("قاسم سليماني", 1, 2), ("بغداد", 7, 7)]


def test_every_span_but_the_reported_ones(exported, store):
    summary, tasks, _ = exported
    assert lost(summary) == MISALIGNED | {LOST_RELATION}
    assert (summary.spans_lost, summary.relations_lost) == (1, 1)
    assert summary.unannotated_skipped == 1
    assert summary.languages == {"en": 2, "ar": 1, "zz": 1} and "zz" in (
        summary.language_fallbacks)
    spans, relations = stored(store, "news", "alice")
    news = tasks[0]
    assert {(s["start"], s["end"], s["label"], s["text"]) for s in news["spans"]} == {
        s for s in spans if s[3] != "Sara Khan"}
    assert {((r["head_span"]["start"], r["head_span"]["end"], r["head_span"]["label"]),
             (r["child_span"]["start"], r["child_span"]["end"], r["child_span"]["label"]),
             r["label"]) for r in news["relations"]} == {
        r for r in relations if r[1][:2] != (69, 78)}


def test_round_trip_into_an_empty_store(exported, store):
    _summary, _tasks, path = exported
    fresh = Store.memory(default_schema())
    result = import_files(fresh, [path])
    assert result.errors == [] and result.articles_added == 3
    for article, annotator in (("news", "alice"), ("news", "bob"), ("arabic", "alice"),
                               ("other", "alice")):
        spans, relations = stored(store, article, annotator)
        back_spans, back_relations = stored(fresh, article, annotator)
        expected = {s for s in spans if s[3] != "Sara Khan"}
        assert back_spans == expected
        assert back_relations == {r for r in relations if r[1][:2] != (69, 78)}
    quote = next(s for s in fresh.annotations.spans(fresh.annotations.article_by_id("news").pk,
                                                    "alice")
                 if s.label == "QUOTE")
    assert quote.attrs == {"type": "direct"}
    assert fresh.annotations.layer_status(fresh.annotations.article_by_id("news").pk,
                                          "bob") == "in progress"

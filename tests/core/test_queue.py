"""Least certain first: the margin measure, the order, done articles left out, and the
model run agreeing with the scores `suggest` stored from the same model."""

from __future__ import annotations

import pytest
from conftest import write_jsonl
from model_data import tiny_pipeline

from annotator.core import SetStatus, import_files
from annotator.core.suggest.running import make_sources, run_suggestions
from annotator.core.suggest.uncertainty import margin, queue, ranked

spacy = pytest.importorskip("spacy")

TEXTS = ["Reuters said prices rose in Paris.", "Oxfam said the bank fell in Lagos. Wages rose.",
         "Nothing at all.", "The union said pay rose in Madrid.", "Done already: wages rose."]


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return tiny_pipeline(tmp_path_factory.mktemp("model") / "model-best")


@pytest.fixture
def news(store, tmp_path):
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [
        {"id": f"a{n}", "text": text} for n, text in enumerate(TEXTS)])])
    done = store.annotations.article_by_id("a4")
    SetStatus(done.pk, "alice", "done").apply(store, "alice")
    return store


def test_the_margin_is_zero_for_a_coin_toss_and_a_half_for_certainty():
    assert margin(0.5) == 0 and margin(1.0) == 0.5 and margin(0.0) == 0.5
    assert margin(0.7) == pytest.approx(0.2) == margin(0.3)


def test_ranked_puts_small_margins_first_and_unmeasured_last_in_order():
    assert ranked({3: 0.4, 1: 0.1}, [1, 2, 3, 4]) == [1, 3, 2, 4]


def test_queue_with_a_model_agrees_with_the_scores_suggest_stored(news, model):
    from_model = queue(news, model=str(model), threshold=0.05)
    run_suggestions(news, make_sources(news, [f"model={model}"], threshold=0.05))
    from_layer = queue(news, layer="suggested", threshold=0.05)
    assert [row.id for row in from_model] == [row.id for row in from_layer]
    assert "a4" not in [row.id for row in from_model]  # alice marked it done
    measured = [row.margin for row in from_model if row.margin is not None]
    assert measured == sorted(measured) and len(measured) >= 3
    for one, other in zip(from_model, from_layer, strict=True):
        assert one.margin == pytest.approx(other.margin, abs=1e-6) if one.margin else True
        assert one.decisions == other.decisions
    assert [row.id for row in queue(news, model=str(model), threshold=0.05, limit=2)] == [
        row.id for row in from_model[:2]]


def test_a_pipeline_without_spancat_is_measured_by_its_ner_steps(news, model, tmp_path):
    nlp = spacy.load(model)
    nlp.remove_pipe("spancat")
    nlp.to_disk(tmp_path / "ner-only")
    rows = queue(news, model=str(tmp_path / "ner-only"))
    with_entities = {row.id for row in rows if row.margin is not None}
    assert {"a0", "a1", "a3"} <= with_entities  # Reuters, Paris, Oxfam, Lagos, Madrid
    assert all(0 <= row.margin <= 0.5 for row in rows if row.margin is not None)
    assert all(row.decisions > 0 for row in rows if row.margin is not None)

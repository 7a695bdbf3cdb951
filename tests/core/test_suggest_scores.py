"""A model's scores on suggestions: stored with each spancat span, exact offsets on emoji
and CRLF text, a threshold deciding what is stored, entities kept without a score."""

from __future__ import annotations

import pytest
from conftest import write_jsonl
from model_data import tiny_pipeline

from annotator.core import import_files
from annotator.core.errors import SuggestInputError
from annotator.core.suggest.running import make_sources, run_suggestions

spacy = pytest.importorskip("spacy")

TEXT = "👨‍👩‍👧 Reuters said\r\nprices rose in Paris. Oxfam said the bank fell in Lagos."


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return tiny_pipeline(tmp_path_factory.mktemp("model") / "model-best")


@pytest.fixture
def article(store, tmp_path):
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT}])])
    return store.annotations.article_by_id("a")


def expected_claims(model, threshold: float) -> dict[tuple[int, int], float]:
    """What the pipeline itself says on the stored text (CRLF made LF by the import),
    loaded here: CLAIM spans scoring >= threshold."""
    text = TEXT.replace("\r\n", "\n")
    nlp = spacy.load(model)
    nlp.get_pipe("spancat").cfg["threshold"] = threshold
    doc = nlp(text)
    found: dict[tuple[int, int], float] = {}
    for span, score in zip(doc.spans["sc"], doc.spans["sc"].attrs["scores"], strict=True):
        text = span.text
        start = span.start_char + len(text) - len(text.lstrip())
        end = span.end_char - (len(text) - len(text.rstrip()))
        if start < end and score >= threshold:
            found[start, end] = max(found.get((start, end), 0.0), float(score))
    return found


def stored(store, article) -> tuple[dict[tuple[int, int], float], list[str]]:
    spans = store.annotations.spans(article.pk, "suggested")
    scores = store.suggestions.scores(article.pk, "suggested")
    for span in spans:
        assert article.text[span.start:span.end] == span.text
    claims = {(s.start, s.end): scores[s.id] for s in spans if s.label == "CLAIM"}
    entities = [s.text for s in spans if s.label != "CLAIM"]
    assert all(s.id not in scores for s in spans if s.label != "CLAIM")
    return claims, entities


def test_spancat_scores_are_stored_with_each_suggested_span(store, article, model):
    run_suggestions(store, make_sources(store, [f"model={model}"]))
    claims, entities = stored(store, article)
    want = expected_claims(model, 0.5)
    assert claims.keys() == want.keys() and claims
    assert all(claims[key] == pytest.approx(want[key], abs=1e-6) for key in want)
    assert "Reuters" in entities  # ner gives no score: kept, never scored


def test_a_threshold_decides_which_scored_spans_are_stored(store, article, model):
    run_suggestions(store, make_sources(store, [f"model={model}"], threshold=0.05))
    claims, entities = stored(store, article)
    want = expected_claims(model, 0.05)
    assert len(want) > len(expected_claims(model, 0.5))
    assert claims.keys() == want.keys()
    assert min(claims.values()) >= 0.05
    assert "Reuters" in entities


def test_scores_go_with_their_spans_when_the_layer_is_filled_again(store, article, model):
    run_suggestions(store, make_sources(store, [f"model={model}"], threshold=0.05))
    run_suggestions(store, make_sources(store, ["corpus"]))
    assert store.conn.execute("SELECT count(*) FROM span_scores").fetchone()[0] == 0


def test_a_threshold_out_of_range_or_without_a_model_is_refused(store, model):
    with pytest.raises(SuggestInputError, match="between 0 and 1"):
        make_sources(store, [f"model={model}"], threshold=1.5)
    with pytest.raises(SuggestInputError, match="name a model="):
        make_sources(store, ["corpus"], threshold=0.3)

"""Training a pipeline from a layer: suggestions from it land with exact offsets, the report
agrees with `agreement`, too little data is refused and a cancelled run leaves nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import write_jsonl
from train_data import articles

from annotator.core import Store, default_schema, import_files
from annotator.core.agreement import agreement
from annotator.core.suggest.running import make_sources, run_suggestions
from annotator.core.train import (
    MIN_TRAIN_ARTICLES,
    TrainCancelled,
    TrainOptions,
    TrainRefused,
    train,
)
from annotator.core.train.data import select

pytest.importorskip("spacy")

LABELS = ("PERSON", "ORG", "QUOTE")


def quick(**kwargs: object) -> TrainOptions:
    """A tiny, quick run: a narrow tok2vec, few steps."""
    options = {"layer": "alice", "width": 32, "max_steps": 40, "eval_every": 10, **kwargs}
    return TrainOptions(**options)  # type: ignore[arg-type]


def make_store(path: Path, records: list[dict]) -> Store:
    store = Store.create(path / "news.db", default_schema())
    import_files(store, [write_jsonl(path / "news.jsonl", records)])
    return store


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """30 articles (emoji, CRLF) of alice's, a model trained on 24, its events."""
    path = tmp_path_factory.mktemp("train")
    store = make_store(path, articles(30))
    events: list[dict] = []
    report = train(store, quick(), path / "out", progress=events.append)
    yield store, path / "out", report, events
    store.close()


def test_the_model_and_report_are_written_with_counts_and_options(trained):
    _, out, report, events = trained
    assert (out / "model-best" / "config.cfg").is_file()
    assert (out / "model-best" / "meta.json").is_file()
    assert (out / "report.json").is_file()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporaries left
    assert report["articles"] == {"train": 24, "eval": 6}
    assert report["labels"] == list(LABELS)
    assert report["components"] == ["ner", "spancat"]
    assert report["spans"]["eval"] == {"PERSON": 12, "ORG": 12, "QUOTE": 6}
    assert report["options"]["layer"] == "alice" and report["options"]["max_steps"] == 40
    assert set(report["scores"]) == set(LABELS)
    assert next(e["event"] for e in events) == "start" and events[-1]["event"] == "done"
    steps = [e for e in events if e["event"] == "step"]
    assert steps[-1]["step"] == 40 and set(steps[-1]["losses"]) == {"ner", "spancat"}
    assert [e["step"] for e in events if e["event"] == "eval"] == [10, 20, 30, 40]


def test_suggestions_from_the_model_land_with_exact_offsets_and_match_the_report(trained):
    store, out, report, _ = trained
    ids = report["eval_articles"]
    summary = run_suggestions(store, make_sources(store, [f"model={out / 'model-best'}"]),
                              layer="model", article_ids=ids)
    assert summary.articles == len(ids)
    exact = 0
    for article_id in ids:
        article = store.annotations.article_by_id(article_id)
        gold = {(s.start, s.end, s.label) for s in store.annotations.spans(article.pk, "alice")}
        for span in store.annotations.spans(article.pk, "model"):
            assert article.text[span.start:span.end] == span.text
            assert span.label in LABELS
            exact += (span.start, span.end, span.label) in gold
    assert exact > 0  # a tiny model still finds some spans, after the emoji, to the code point
    figures = agreement(store, ["alice", "model"], LABELS).pairs[0]
    for label in LABELS:
        assert figures.labels[label].exact.to_dict()["f1"] == report["scores"][label]["f"]
        assert figures.labels[label].exact.matched == report["scores"][label]["matched"]
        assert figures.labels[label].exact.precision == report["scores"][label]["p"]
        assert figures.labels[label].exact.recall == report["scores"][label]["r"]
    assert figures.overall.exact.f1 == report["overall"]["f"]


def test_the_split_is_by_article_and_the_same_for_a_seed(tmp_path):
    store = make_store(tmp_path, articles(30))
    one, two = select(store, quick(seed=3)), select(store, quick(seed=3))
    other = select(store, quick(seed=4))
    ids = [r.id for r in one.eval]
    assert ids == [r.id for r in two.eval] and len(ids) == 6
    assert ids != [r.id for r in other.eval]
    assert not {r.id for r in one.train} & set(ids)


def test_a_label_with_too_few_articles_is_refused_and_nothing_is_written(tmp_path):
    records = articles(20, quotes=False) + articles(3, seed=9)
    for n, record in enumerate(records):
        record["id"] = f"a{n}"
    store = make_store(tmp_path, records)
    with pytest.raises(TrainRefused, match=rf"label QUOTE: 3 annotated article.*at least "
                                           rf"{MIN_TRAIN_ARTICLES} to train on"):
        train(store, quick(), tmp_path / "out")
    assert not (tmp_path / "out").exists()
    # leaving the label out trains on the others
    with pytest.raises(TrainRefused, match="no label 'NOPE'"):
        train(store, quick(labels=("NOPE",)), tmp_path / "out")
    report = train(store, quick(labels=("PERSON", "ORG"), max_steps=2), tmp_path / "out")
    assert report["labels"] == ["PERSON", "ORG"] and report["components"] == ["ner"]


def test_an_unknown_layer_is_refused(tmp_path):
    store = make_store(tmp_path, articles(8))
    with pytest.raises(TrainRefused, match="no annotator 'bob'"):
        train(store, quick(layer="bob"), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_cancelled_run_leaves_the_previous_model_and_no_temporaries(tmp_path):
    store = make_store(tmp_path, articles(12))
    out = tmp_path / "out"
    train(store, quick(max_steps=2), out)
    before = (out / "model-best" / "meta.json").read_bytes()
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 3

    with pytest.raises(TrainCancelled):
        train(store, quick(max_steps=50), out, stop=stop)
    assert (out / "model-best" / "meta.json").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["model-best", "report.json"]


def test_a_cancelled_first_run_leaves_no_folder(tmp_path):
    store = make_store(tmp_path, articles(12))
    with pytest.raises(TrainCancelled):
        train(store, quick(max_steps=50), tmp_path / "out", stop=lambda: True)
    assert not (tmp_path / "out").exists()


def test_stale_temporaries_of_a_dead_run_are_removed(tmp_path):
    store = make_store(tmp_path, articles(12))
    out = tmp_path / "out"
    dead = out / ".model-best.tmp-999999999-x1"  # no such process
    (dead / "ner").mkdir(parents=True)
    (out / ".report.json.tmp-999999999-x2").write_text("{")
    alive = out / f".model-best.tmp-{os.getppid()}-x3"  # a live process's: kept
    alive.mkdir()
    train(store, quick(max_steps=2), out)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [alive.name, "model-best", "report.json"])


def test_overlapping_entities_keep_the_longest_and_are_counted(tmp_path):
    import spacy

    from annotator.core.io.export_records import ExportRecord, ExportSpan
    from annotator.core.train.examples import Conversion, reference_doc

    text = "Olaf Scholz of Berlin spoke about Berlin."
    spans = [ExportSpan(1, 0, 11, "Olaf Scholz", "PERSON", "entity"),
             ExportSpan(2, 5, 11, "Scholz", "ORG", "entity"),
             ExportSpan(3, 0, 21, "Olaf Scholz of Berlin", "QUOTE", "quote"),
             ExportSpan(4, 34, 38, "Berl", "GPE", "entity")]  # not on token boundaries
    record = ExportRecord("x", "", text, {}, "alice", "done", spans, [])
    conversion = Conversion()
    kinds = {"PERSON": "entity", "ORG": "entity", "GPE": "entity", "QUOTE": "quote"}
    doc = reference_doc(spacy.blank("en"), record, kinds, conversion)
    assert [(e.text, e.label_) for e in doc.ents] == [("Olaf Scholz", "PERSON")]
    assert [(s.text, s.label_) for s in doc.spans["sc"]] == [("Olaf Scholz of Berlin", "QUOTE")]
    assert conversion.dropped_overlaps == {"ORG": 1}
    assert conversion.misaligned == {"GPE": 1}
    assert doc[6].ent_iob_ == ""  # "Berlin" at the end: missing, not "O"
    assert doc[3].ent_iob_ == "O"


def test_spacy_missing_is_a_clear_refusal(monkeypatch, tmp_path):
    import importlib.util

    from annotator.core.train import pipeline

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "spacy" else real(name, *a))
    with pytest.raises(TrainRefused, match=r"needs spaCy.*pip install 'annotator\[spacy\]'"):
        pipeline.require_spacy()


def test_a_base_pipeline_gets_the_components_it_lacks_and_keeps_its_own(tmp_path):
    import spacy

    store = make_store(tmp_path, articles(12))
    base = spacy.blank("en")
    base.add_pipe("sentencizer")
    base.to_disk(tmp_path / "base")
    report = train(store, quick(base=str(tmp_path / "base"), max_steps=3, eval_every=3),
                   tmp_path / "out")
    loaded = spacy.load(tmp_path / "out" / "model-best")
    assert loaded.pipe_names == ["sentencizer", "ner", "spancat"]
    assert set(loaded.get_pipe("ner").labels) == {"PERSON", "ORG"}
    assert report["options"]["base"] == str(tmp_path / "base")
    # trained further from our own model: its components are kept and updated
    again = train(store, quick(base=str(tmp_path / "out" / "model-best"), max_steps=3,
                               eval_every=3), tmp_path / "again")
    assert spacy.load(tmp_path / "again" / "model-best").pipe_names == [
        "sentencizer", "ner", "spancat"]
    assert again["components"] == ["ner", "spancat"]


def test_a_base_that_will_not_load_is_refused_before_writing(tmp_path):
    store = make_store(tmp_path, articles(12))
    with pytest.raises(TrainRefused, match="--base nope_no_such_pipeline: cannot load"):
        train(store, quick(base="nope_no_such_pipeline"), tmp_path / "out")
    assert not (tmp_path / "out").exists()

"""The `mention` kind: a claim's source or a quote's speaker that is not a name. The NER
exports leave it out, the project JSONL and spaCy's span groups keep it, SPEAKER and SOURCE
accept it as their child, and a claim may have several sources."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import write_jsonl

from annotator.core import History, OperationError, Store, export_jsonl, import_files
from annotator.core.agreement import agreement
from annotator.core.errors import DataError
from annotator.core.io import export_to_path
from annotator.core.operations import Accept, AddRelation, AddSpan
from annotator.core.review import load_candidates
from annotator.core.schema import RESERVED_KEYS, Label, default_schema, parse_schema

TEXT = ("Security sources said the rocket hit the Green Zone, a spokesperson and Ali Hassan "
        "confirmed. “We are safe,” he said.")


def at(piece: str, label: str) -> dict:
    start = TEXT.index(piece)
    return {"start": start, "end": start + len(piece), "label": label}


SPANS = [at("Security sources", "MENTION"),                       # 0
         at("the rocket hit the Green Zone", "CLAIM"),            # 1
         at("Green Zone", "LOC"),                                 # 2
         at("a spokesperson", "MENTION"),                         # 3
         at("Ali Hassan", "PERSON"),                              # 4
         at("“We are safe,”", "QUOTE"),                           # 5
         at("he", "MENTION") | {"start": TEXT.index(" he ") + 1,
                                "end": TEXT.index(" he ") + 3}]   # 6
RELATIONS = [{"head": 1, "child": 0, "label": "SOURCE"},
             {"head": 1, "child": 3, "label": "SOURCE"},
             {"head": 1, "child": 4, "label": "SOURCE"},
             {"head": 5, "child": 6, "label": "SPEAKER"}]


@pytest.fixture
def filled(store, tmp_path) -> Store:
    path = write_jsonl(tmp_path / "m.jsonl", [
        {"id": "m", "text": TEXT, "annotator": name, "status": "done", "spans": SPANS,
         "relations": RELATIONS} for name in ("alice", "bob")])
    summary = import_files(store, [path])
    assert summary.errors == [] and summary.relations_added == 8
    return store


def test_the_default_schema_has_a_mention_label_with_a_free_key():
    schema = default_schema()
    [mention] = [label for label in schema.labels if label.kind == "mention"]
    assert mention.name == "MENTION" and mention.key not in RESERVED_KEYS
    assert [label.name for label in schema.labels if label.key == mention.key] == ["MENTION"]
    for name in ("SPEAKER", "SOURCE"):
        assert "mention" in schema.relation(name).child
    assert schema.relation("SOURCE").several and not schema.relation("SPEAKER").several


def test_the_jsonl_export_keeps_mentions_and_every_source(filled):
    out = io.BytesIO()
    export_jsonl(filled, out)
    line = json.loads(out.getvalue().splitlines()[0])
    kinds = {(s["text"], s["kind"]) for s in line["spans"]}
    assert {("Security sources", "mention"), ("a spokesperson", "mention"),
            ("he", "mention")} <= kinds
    texts = {s["id"]: s["text"] for s in line["spans"]}
    assert sorted((r["label"], texts[r["child"]]) for r in line["relations"]) == [
        ("SOURCE", "Ali Hassan"), ("SOURCE", "Security sources"),
        ("SOURCE", "a spokesperson"), ("SPEAKER", "he")]


def test_conll_leaves_mentions_out_of_its_tags(filled, tmp_path):
    export_to_path(filled, tmp_path / "m.conll", "conll", annotator="alice")
    tags = [line.split("\t") for line in
            (tmp_path / "m.conll").read_text(encoding="utf-8").splitlines() if "\t" in line]
    tagged = dict(tags)
    assert tagged["Security"] == tagged["spokesperson"] == tagged["he"] == "O"
    assert tagged["Ali"] == "B-PERSON" and tagged["Green"] == "B-LOC"
    assert not any("MENTION" in tag for _, tag in tags)


def test_spacy_keeps_mentions_in_their_own_group_not_in_the_entities(filled, tmp_path):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin
    export_to_path(filled, tmp_path / "m.spacy", "spacy", annotator="alice")
    [doc] = DocBin().from_disk(tmp_path / "m.spacy").get_docs(spacy.blank("en").vocab)
    assert [(e.text, e.label_) for e in doc.ents] == [("Green Zone", "LOC"),
                                                     ("Ali Hassan", "PERSON")]
    assert [s.text for s in doc.spans["mentions"]] == ["Security sources", "a spokesperson",
                                                       "he"]


def test_links_to_a_mention_are_accepted_and_a_claim_takes_several_sources(store, tmp_path):
    path = write_jsonl(tmp_path / "m.jsonl", [{"id": "m", "text": TEXT}])
    import_files(store, [path])
    pk = store.annotations.article_by_id("m").pk
    history = History(store, "carol")
    ids = [next(iter(history.run(AddSpan(pk, "carol", s["start"], s["end"], s["label"])).spans))
           for s in SPANS]
    claim, quote, he = ids[1], ids[5], ids[6]
    for source in (ids[0], ids[3], ids[4]):
        history.run(AddRelation(claim, source, "SOURCE"))
    history.run(AddRelation(quote, he, "SPEAKER"))
    relations = store.annotations.relations(pk, "carol")
    assert sorted(r.label for r in relations) == ["SOURCE", "SOURCE", "SOURCE", "SPEAKER"]
    with pytest.raises(OperationError, match="SPEAKER cannot go from QUOTE"):
        history.run(AddRelation(quote, claim, "SPEAKER"))


def test_agreement_and_review_keep_every_source(filled):
    pair = agreement(filled).pairs[0]
    assert pair.relations["SOURCE"].matched == 3 and pair.relations["SPEAKER"].matched == 1
    assert "MENTION" in pair.labels and pair.labels["MENTION"].exact.matched == 3
    pk = filled.annotations.article_by_id("m").pk
    carol = History(filled, "carol")
    # accept every candidate, the claim first: its sources follow when they are accepted
    for c in sorted(load_candidates(filled, pk, ["alice", "bob"]),
                    key=lambda c: c.kind != "claim"):
        v = c.versions[0]
        carol.run(Accept(pk, c.kind, c.start, c.end, tuple(s.id for s in v.spans),
                         v.annotators))
    gold = {s.id: s.text for s in filled.annotations.spans(pk, "gold")}
    assert sorted((r.label, gold[r.child]) for r in filled.annotations.relations(pk, "gold")) == [
        ("SOURCE", "Ali Hassan"), ("SOURCE", "Security sources"),
        ("SOURCE", "a spokesperson"), ("SPEAKER", "he")]


def test_a_store_made_before_the_mention_kind_upgrades_and_takes_one(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent.parent / "data" / "store-v1.db", path)
    with Store.open(path) as store:
        assert store.schema.relation("SOURCE").several  # the default schema's, as shipped
        assert not store.schema.relation("SPEAKER").several
        assert store.schema.relation("SPEAKER").child == ("entity", "mention")
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        with store.transaction():
            store.add_label(Label("SOURCE_MENTION", "mention", "#8A8A8A"))
        assert store.schema.kind_of("SOURCE_MENTION") == "mention"
        assert store.reports.stats()["spans"] == 5


def test_several_must_be_true_or_false_in_a_labels_file():
    with pytest.raises(DataError, match=r"relations entry 1 \(SOURCE\): several must be true "
                                        "or false"):
        parse_schema('[[relations]]\nname = "SOURCE"\nseveral = "yes"\n', "labels.toml")

"""The DocBin export loaded by spaCy itself: every span's characters and label against the
store, the links read back, and the file byte for byte what DocBin.to_bytes() would hold."""

from __future__ import annotations

import zlib
from dataclasses import replace

import pytest
from conftest import write_jsonl
from export_data import LOST_RELATION, MISALIGNED, OVERLAPPING, build, lost, stored

from annotator.core import import_files
from annotator.core.io import docbin, export_to_path
from annotator.core.kinds import REGISTRY, kind_named

spacy = pytest.importorskip("spacy")  # installed by ./run and CI (the `spacy` extra)
from spacy.tokens import DocBin  # noqa: E402

ORDER = [("news", "alice"), ("news", "bob"), ("arabic", "alice"), ("other", "alice")]


def load(path) -> list:
    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


def test_docs_hold_every_span_that_falls_on_tokens(store, tmp_path):
    build(store, tmp_path)
    path = tmp_path / "news.spacy"
    summary = export_to_path(store, path, "spacy")
    assert lost(summary) == MISALIGNED | OVERLAPPING | {LOST_RELATION}
    docs = load(path)
    assert [(d.user_data["id"], d.user_data["annotator"]) for d in docs] == ORDER
    for doc, (article, annotator) in zip(docs, ORDER, strict=True):
        text = store.annotations.article_by_id(article).text
        assert doc.text == text
        spans, relations = stored(store, article, annotator)
        kept = {s for s in spans if s[3] != "Sara Khan"}
        group = doc.spans["sc"]
        assert {(s.start_char, s.end_char, s.label_, s.text) for s in group} == kept
        assert {(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents} == {
            s for s in kept if s[2] not in ("QUOTE", "CLAIM") and s[3] != "England"}
        assert {(s.text, s.label_) for s in doc.spans["quotes"]} == {
            (s[3], s[2]) for s in kept if s[2] == "QUOTE"}
        assert {(s.text, s.label_) for s in doc.spans["claims"]} == {
            (s[3], s[2]) for s in kept if s[2] == "CLAIM"}
        links = {((group[r["head"]].start_char, group[r["head"]].end_char,
                   group[r["head"]].label_),
                  (group[r["child"]].start_char, group[r["child"]].end_char,
                   group[r["child"]].label_), r["label"])
                 for r in doc.user_data["relations"]}
        assert links == {r for r in relations if r[1][:2] != (69, 78)}
    glued = [t for t in docs[0] if t.text in ("said\u200bSara", "Khan")]
    assert [(t.ent_iob_, t.ent_type_) for t in glued] == [("", ""), ("", "")]  # missing
    assert {t.ent_iob_ for t in docs[0] if t.text == "Nobody"} == {"O"}
    attrs = dict(docs[0].user_data["span_attrs"])
    assert {docs[0].spans["sc"][i].label_: v for i, v in attrs.items()} == {
        "QUOTE": {"type": "direct"}, "CLAIM": {"checkworthy": "yes"}}


def test_arabic_is_tokenised_as_arabic_and_an_unknown_language_as_xx(store, tmp_path):
    build(store, tmp_path)
    path = tmp_path / "news.spacy"
    summary = export_to_path(store, path, "spacy", annotator="alice")
    assert summary.languages == {"en": 1, "ar": 1, "zz": 1}
    assert list(summary.language_fallbacks) == ["zz"]
    arabic = load(path)[1]
    assert [t.text for t in arabic][-2:] == ["بغداد", "."]
    assert [(e.text, e.label_) for e in arabic.ents] == [("قاسم سليماني", "PERSON"),
                                                         ("بغداد", "GPE")]


def test_the_streamed_file_is_what_docbin_itself_writes(store, tmp_path):
    import srsly

    build(store, tmp_path)
    path = tmp_path / "news.spacy"
    export_to_path(store, path, "spacy")
    docs = load(path)
    reference = DocBin(attrs=docbin.ATTRS, store_user_data=True)
    for doc in docs:
        reference.add(doc)
    ours = srsly.msgpack_loads(zlib.decompress(path.read_bytes()))
    theirs = srsly.msgpack_loads(zlib.decompress(reference.to_bytes()))
    assert list(ours) == list(theirs)
    for key in theirs:
        if key != "strings":
            assert ours[key] == theirs[key], key
    # DocBin also keeps every token's norm, lemma, tag, ... which our arrays do not use;
    # ours has each token's text and each label.
    assert set(ours["strings"]) <= set(theirs["strings"])
    needed = {t.text for d in docs for t in d} | {s.label_ for d in docs
                                                  for g in d.spans.values() for s in g}
    assert needed <= set(ours["strings"])
    assert len(ours["lengths"]) == 4 * len(ORDER)
    assert "get_all" not in vars(__import__("srsly.msgpack").msgpack.msgpack_encoders)


def test_an_empty_export_is_an_empty_docbin(store, tmp_path):
    path = tmp_path / "empty.spacy"
    summary = export_to_path(store, path, "spacy")
    assert summary.records == 0 and load(path) == []


def test_where_each_kind_goes_follows_the_registry(store, tmp_path, monkeypatch):
    """Quotes made NER kinds with their own group, claims without a group: the doc follows."""
    text = "Ali Hassan said the port is shut. Rates fell."
    write_jsonl(tmp_path / "k.jsonl", [{"id": "k", "text": text, "annotator": "alice", "spans": [
        {"start": 0, "end": 10, "label": "PERSON"}, {"start": 16, "end": 32, "label": "QUOTE"},
        {"start": 34, "end": 45, "label": "CLAIM"}]}])
    assert not import_files(store, [tmp_path / "k.jsonl"]).errors
    monkeypatch.setitem(REGISTRY, "quote", replace(kind_named("quote"), ner=True,
                                                   span_group="speech"))
    monkeypatch.setitem(REGISTRY, "claim", replace(kind_named("claim"), span_group=None))
    path = tmp_path / "k.spacy"
    export_to_path(store, path, "spacy")
    [doc] = load(path)
    assert [(e.text, e.label_) for e in doc.ents] == [("Ali Hassan", "PERSON"),
                                                     ("the port is shut", "QUOTE")]
    assert set(doc.spans) == {"sc", "speech", "mentions"}
    assert [(s.text, s.label_) for s in doc.spans["speech"]] == [("the port is shut", "QUOTE")]
    assert len(doc.spans["sc"]) == 3

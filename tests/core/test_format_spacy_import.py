"""spaCy DocBin files read into articles: our own export reads back to the same spans and
links; another tool's DocBin gives its ents and every span group."""

from __future__ import annotations

import pytest
from export_data import build

from annotator.core import Store, default_schema, import_files
from annotator.core.io import export_to_path

spacy = pytest.importorskip("spacy")
from spacy.tokens import DocBin, Span  # noqa: E402


def docs(path):
    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


def seen(doc) -> tuple:
    return (doc.text, [(e.start_char, e.end_char, e.label_) for e in doc.ents],
            {name: [(s.start_char, s.end_char, s.label_) for s in group]
             for name, group in doc.spans.items()},
            doc.user_data.get("relations"), doc.user_data.get("span_attrs"),
            doc.user_data.get("annotator"), doc.user_data.get("status"))


def test_docbin_to_store_to_docbin_keeps_spans_and_links(store, tmp_path):
    build(store, tmp_path)
    first = tmp_path / "first.spacy"
    export_to_path(store, first, "spacy")
    other = Store.memory(default_schema())
    summary = import_files(other, [first])
    assert not summary.errors
    second = tmp_path / "second.spacy"
    export_to_path(other, second, "spacy")
    assert [seen(doc) for doc in docs(second)] == [seen(doc) for doc in docs(first)]
    assert any(doc.user_data["relations"] for doc in docs(second))


def test_another_tools_docbin_gives_ents_and_span_groups(store, tmp_path):
    nlp = spacy.blank("en")
    doc = nlp("Ada Lovelace wrote in London about engines.")
    doc.ents = [Span(doc, 0, 2, label="PER"), Span(doc, 4, 5, label="LOC")]
    doc.spans["topics"] = [Span(doc, 6, 7, label="TECH"), Span(doc, 0, 2, label="PER")]
    path = tmp_path / "theirs.spacy"
    DocBin(docs=[doc]).to_disk(path)
    summary = import_files(store, [path])
    assert not summary.errors and summary.repeats_dropped == 0
    rows = store.conn.execute('SELECT text, label, annotator FROM spans ORDER BY start').fetchall()
    assert rows == [("Ada Lovelace", "PER", "imported"), ("London", "LOC", "imported"),
                    ("engines", "TECH", "imported")]


def test_a_file_that_is_not_a_docbin_is_refused(store, tmp_path):
    path = tmp_path / "junk.spacy"
    path.write_bytes(b"not a docbin")
    summary = import_files(store, [path])
    assert len(summary.errors) == 1
    assert str(summary.errors[0]).startswith(f"{path}: not a spaCy DocBin")

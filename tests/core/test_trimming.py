"""Spans never start or end with whitespace: the rule (core/rules.py, core/text.py), the
operations that add or move a span, the import (a notice for each span trimmed), the merge
of an export and the suggestion runs."""

from __future__ import annotations

import pytest
from conftest import table_counts, write_jsonl

from annotator.core import History, OperationError, import_files
from annotator.core.io import export_to_path
from annotator.core.merge import merge_stores
from annotator.core.operations import AddSpan, SetBounds
from annotator.core.rules import trim_bounds
from annotator.core.text import whitespace_ends

TEXT = "Militants fired a Katyusha rocket at the\u00a0Green Zone.\nNobody was hurt."


@pytest.mark.parametrize(("text", "expected"), [
    ("Katyusha", (0, 0)),
    ("Katyusha ", (0, 1)),
    (" \tKatyusha\n", (2, 1)),
    ("\u00a0Green Zone\u2029", (1, 1)),   # NBSP and the paragraph separator are spaces too
    ("   ", (3, 0)),                       # nothing but whitespace
    (" \u0301Katyusha", (0, 0)),           # a space carrying an accent is a character
    ("a\u200b", (0, 0)),                   # a zero-width space is not whitespace
    ("", (0, 0)),
])
def test_whitespace_ends_counts_whole_whitespace_clusters(text, expected):
    assert whitespace_ends(text) == expected


def test_trim_bounds_moves_the_bounds_inward():
    start = TEXT.index("Katyusha")
    assert trim_bounds(TEXT[start - 1:start + 9], start - 1, start + 9) == (start, start + 8)


@pytest.fixture
def article(store, tmp_path) -> int:
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT}])])
    return store.annotations.article_by_id("a").pk


def test_adding_a_span_with_a_trailing_space_stores_it_without(store, article):
    history = History(store, "alice")
    start = TEXT.index("Katyusha")
    change = history.run(AddSpan(article, "alice", start, start + 9, "ORG"))  # "Katyusha "
    [span] = store.annotations.spans(article, "alice")
    assert (span.start, span.end, span.text) == (start, start + 8, "Katyusha")
    assert change.spans == {span.id}
    history.undo()
    assert store.annotations.spans(article, "alice") == []
    history.redo()
    [again] = store.annotations.spans(article, "alice")
    assert (again.start, again.end, again.text) == (start, start + 8, "Katyusha")


def test_a_span_given_with_and_without_the_space_is_one_span(store, article):
    history = History(store, "alice")
    start = TEXT.index("Katyusha")
    history.run(AddSpan(article, "alice", start, start + 8, "ORG"))
    with pytest.raises(OperationError, match="already has a ORG span"):
        history.run(AddSpan(article, "alice", start - 1, start + 9, "ORG"))


@pytest.mark.parametrize("piece", [" ", "\u00a0", "\n"])
def test_a_span_of_only_whitespace_is_refused_and_nothing_changes(store, article, piece):
    history = History(store, "alice")
    start = TEXT.index(piece)
    before = table_counts(store)
    with pytest.raises(OperationError, match="only whitespace"):
        history.run(AddSpan(article, "alice", start, start + 1, "ORG"))
    assert table_counts(store) == before and not history.can_undo


def test_moving_a_span_trims_its_new_bounds_and_refuses_whitespace(store, article):
    history = History(store, "alice")
    start = TEXT.index("Green")
    history.run(AddSpan(article, "alice", start, start + 5, "LOC"))
    [span] = store.annotations.spans(article, "alice")
    history.run(SetBounds(span.id, start - 1, start + 11))  # NBSP + "Green Zone" + "."
    assert store.annotations.span(span.id).text == "Green Zone."
    with pytest.raises(OperationError, match="only whitespace"):
        history.run(SetBounds(span.id, start - 1, start))
    history.undo()
    assert store.annotations.span(span.id).text == "Green"


def test_an_import_trims_spans_and_says_so_with_file_and_line(store, tmp_path):
    start = TEXT.index("Katyusha")
    path = write_jsonl(tmp_path / "in.jsonl", [
        {"id": "b", "text": "Nothing to trim here."},
        {"id": "a", "text": TEXT, "annotator": "alice", "spans": [
            {"start": start, "end": start + 9, "label": "ORG"},
            {"start": TEXT.index("Green") - 1, "end": TEXT.index("Zone") + 4, "label": "LOC"},
            {"start": TEXT.index("Nobody"), "end": TEXT.index("Nobody") + 6, "label": "NORP"},
        ], "relations": []}])
    summary = import_files(store, [path])
    assert summary.errors == []
    texts = sorted(s.text for s in store.annotations.spans(
        store.annotations.article_by_id("a").pk, "alice"))
    assert texts == ["Green Zone", "Katyusha", "Nobody"]
    notices = [str(n) for n in summary.notices]
    assert len(notices) == 2
    assert notices[0].startswith(f"{path}:2: span 0 (ORG {start}-{start + 9} 'Katyusha ')")
    assert "trimmed" in notices[0] and f"{start}-{start + 8} 'Katyusha'" in notices[0]
    assert notices[1].startswith(f"{path}:2: span 1 (LOC")


def test_an_import_with_a_span_of_only_whitespace_stores_nothing(store, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [
        {"id": "a", "text": TEXT, "annotator": "alice",
         "spans": [{"start": 0, "end": 9, "label": "NORP"},
                   {"start": 9, "end": 10, "label": "ORG"}]}])
    before = table_counts(store)
    summary = import_files(store, [path])
    assert [str(e) for e in summary.errors] == [
        f"{path}:1: span 1 (ORG 9-10) is only whitespace"]
    assert table_counts(store) == before


def test_the_spacy_export_keeps_a_span_typed_with_its_trailing_space(store, article,
                                                                     tmp_path):
    pytest.importorskip("spacy")
    from spacy import blank
    from spacy.tokens import DocBin
    start = TEXT.index("Katyusha")
    History(store, "alice").run(AddSpan(article, "alice", start, start + 9, "ORG"))
    summary = export_to_path(store, tmp_path / "out.spacy", "spacy")
    assert summary.spans_lost == 0
    [doc] = DocBin().from_disk(tmp_path / "out.spacy").get_docs(blank("en").vocab)
    assert [(e.text, e.label_) for e in doc.ents] == [("Katyusha", "ORG")]


def test_merging_an_export_trims_its_spans_and_counts_them(store, tmp_path):
    start = TEXT.index("Katyusha")
    path = write_jsonl(tmp_path / "export.jsonl", [
        {"id": "a", "text": TEXT, "annotator": "bob",
         "spans": [{"start": start, "end": start + 9, "label": "ORG"}]}])
    summary = merge_stores(store, [path])
    assert summary.spans_trimmed == 1
    assert "whitespace at their ends: 1" in summary.report()
    [span] = store.annotations.spans(store.annotations.article_by_id("a").pk, "bob")
    assert span.text == "Katyusha"


def test_the_import_command_prints_each_trimmed_span(run, store_path, tmp_path):
    start = TEXT.index("Katyusha")
    path = write_jsonl(tmp_path / "in.jsonl", [
        {"id": "a", "text": TEXT, "annotator": "alice",
         "spans": [{"start": start, "end": start + 9, "label": "ORG"}]}])
    result = run("import", store_path, path)
    assert result.exit_code == 0
    assert (f"{path}:1: span 0 (ORG {start}-{start + 9} 'Katyusha '): whitespace at its ends "
            f"trimmed, stored as {start}-{start + 8} 'Katyusha'") in result.output

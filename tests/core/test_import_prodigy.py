"""Prodigy data that must survive the import and the way back to Prodigy: negative
examples, binary answers on one text, and Prodigy's own fields."""

from __future__ import annotations

import json

import pytest
from conftest import write_jsonl

from annotator.core import import_files
from annotator.core.io import export_to_path

TEXT = "A Corolla is a direct competitor to the Civic."


def _rows(store, sql: str, *params) -> list:
    return store.conn.execute(sql, params).fetchall()


def test_an_accepted_task_without_spans_is_a_done_layer(store, tmp_path):
    path = write_jsonl(tmp_path / "neg.jsonl", [
        {"text": "Nothing to tag here.", "spans": [], "answer": "accept"},
        {"text": "Nike shoes.", "spans": [{"start": 0, "end": 4, "label": "BRAND"}],
         "answer": "accept"}])
    import_files(store, [path])
    assert sorted(_rows(store, "SELECT a.text, l.status FROM layers l "
                               "JOIN articles a ON a.pk = l.article")) == [
        ("Nike shoes.", "done"), ("Nothing to tag here.", "done")]
    out = tmp_path / "out.jsonl"
    export_to_path(store, out, "doccano")
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert {line["text"]: line["label"] for line in lines} == {
        "Nothing to tag here.": [], "Nike shoes.": [[0, 4, "BRAND"]]}


def test_two_binary_answers_on_one_text_both_survive(store, tmp_path):
    path = write_jsonl(tmp_path / "teach.jsonl", [
        {"text": TEXT, "spans": [{"start": 2, "end": 9, "label": "PRODUCT"}],
         "answer": "accept", "_input_hash": 1, "_task_hash": 2},
        {"text": TEXT, "spans": [{"start": 40, "end": 45, "label": "PRODUCT"}],
         "answer": "accept", "_input_hash": 1, "_task_hash": 3}])
    summary = import_files(store, [path])
    assert sorted(_rows(store, "SELECT start, \"end\", label FROM spans")) == [
        (2, 9, "PRODUCT"), (40, 45, "PRODUCT")]
    assert (summary.answers_joined, summary.duplicates_skipped) == (1, 0)


def test_a_whitespace_only_task_is_skipped_and_counted(store, tmp_path):
    path = write_jsonl(tmp_path / "tweets.jsonl", [
        {"text": " ", "spans": [], "answer": "accept", "_input_hash": 5},
        {"text": "Hello there", "spans": [], "answer": "accept", "_input_hash": 6}])
    summary = import_files(store, [path])
    assert summary.articles_added == 1 and not summary.errors
    assert summary.records_skipped == {"Prodigy task with an empty text": 1}


def test_prodigy_fields_are_kept_and_written_back(store, tmp_path):
    pytest.importorskip("spacy")
    task = {"text": TEXT, "_input_hash": 11, "_task_hash": -12, "_view_id": "choice",
            "options": [{"id": "Q1", "html": "a car"}], "accept": ["Q1"],
            "spans": [{"start": 40, "end": 45, "label": "PRODUCT", "text": "Civic",
                       "source": "en_core_web_lg", "rank": 0}],
            "meta": {"score": 1}, "answer": "accept"}
    import_files(store, [write_jsonl(tmp_path / "nel.jsonl", [task])])
    out = tmp_path / "back.jsonl"
    export_to_path(store, out, "prodigy")
    back = json.loads(out.read_text("utf-8"))
    for key in ("_input_hash", "_task_hash", "_view_id", "options", "accept"):
        assert back[key] == task[key]
    assert back["meta"] == {"score": 1}
    (span,) = back["spans"]
    assert (span["source"], span["rank"], span["text"]) == ("en_core_web_lg", 0, "Civic")


def test_an_unknown_list_of_offsets_is_refused(store, tmp_path):
    path = write_jsonl(tmp_path / "odd.jsonl", [
        {"text": "Paris is big.", "ents": [{"start": 0, "end": 5, "tag": "LOC"}]}])
    summary = import_files(store, [path])
    assert [str(p) for p in summary.errors] == [
        (f'{path}:1: "ents" holds annotations with offsets in a shape this importer does not '
        'read; convert them to "spans" (start, end, label)')]
    assert _rows(store, "SELECT count(*) FROM articles") == [(0,)]


def test_infinity_anywhere_in_a_record_is_refused(store, tmp_path):
    path = tmp_path / "inf.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Some text", "meta": {"x": Infinity}}\n')
    summary = import_files(store, [path])
    assert [str(p) for p in summary.errors] == [
        f"{path}:1: invalid JSON: inf is not a number JSON can hold"]

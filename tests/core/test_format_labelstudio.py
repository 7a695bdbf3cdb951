"""Label Studio's JSON and JSON-MIN exports, read into layers."""

from __future__ import annotations

import json

from conftest import table_counts

from annotator.core import import_files
from annotator.core.io.jsonl import export_jsonl
from annotator.core.suggest.offers import offered

TEXT = "Ana 🙂 met Bo in Oslo."  # the emoji takes two UTF-16 units


def region(rid: str, start: int, end: int, label: str, text: str) -> dict:
    return {"id": rid, "type": "labels", "from_name": "label", "to_name": "text",
            "value": {"start": start, "end": end, "text": text, "labels": [label]}}


def task(**extra) -> dict:
    return {"id": 7, "data": {"text": TEXT, "source_id": 12}, "meta": {}, **extra}


def write(path, tasks) -> object:
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def exported(store, tmp_path) -> list[dict]:
    out = tmp_path / "out.jsonl"
    with out.open("wb") as handle:
        export_jsonl(store, handle)
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()]


def test_annotations_relations_choices_and_predictions(store, tmp_path):
    alice = {"completed_by": {"id": 3, "email": "alice@example.org"}, "was_cancelled": False,
             "result": [
                 region("a", 0, 3, "PERSON", "Ana"),
                 # Label Studio counted the emoji as two: 11-13 in UTF-16 is "Bo" (10-12)
                 region("b", 11, 13, "PERSON", "Bo"),
                 {"id": "b", "type": "choices", "from_name": "certainty",
                  "value": {"start": 11, "end": 13, "choices": ["sure"]}},
                 {"id": "c", "type": "relation", "from_id": "a", "to_id": "b",
                  "direction": "right", "labels": ["MEETS"]}]}
    cancelled = {"completed_by": 4, "was_cancelled": True, "result": []}
    bob = {"completed_by": 5, "result": [region("x", 16, 20, "GPE", "Oslo")]}
    prediction = {"model_version": "v1", "result": [region("p", 16, 20, "GPE", "Oslo")]}
    unversioned = {"result": [region("q", 0, 3, "PERSON", "Ana")]}
    path = write(tmp_path / "project.json",
                 [task(annotations=[alice, cancelled, bob],
                       predictions=[prediction, unversioned])])
    summary = import_files(store, [path])
    assert not summary.errors
    assert summary.records_skipped == {"Label Studio annotation cancelled": 1}
    assert [str(n) for n in summary.notices] == [
        f"{path}:2: annotation 0: result 1: 11-13 counted in UTF-16, read as 10-12"]
    lines = {line["annotator"]: line for line in exported(store, tmp_path)}
    assert lines["alice@example.org"] == {
        "id": "7", "title": TEXT, "text": TEXT, "meta": {"source_id": 12},
        "annotator": "alice@example.org", "status": "done",
        "spans": [{"id": 1, "start": 0, "end": 3, "text": "Ana", "label": "PERSON",
                   "kind": "entity", "attrs": {}, "origin": "imported"},
                  {"id": 2, "start": 10, "end": 12, "text": "Bo", "label": "PERSON",
                   "kind": "entity", "attrs": {"certainty": "sure"}, "origin": "imported"}],
        "relations": [{"head": 1, "child": 2, "label": "MEETS"}]}
    assert [s["text"] for s in lines["user5"]["spans"]] == ["Oslo"]
    assert [(s["text"], lines["suggested-v1"]["status"]) for s in lines["suggested-v1"]["spans"]
            ] == [("Oslo", "todo")]
    assert [s["text"] for s in lines["suggested"]["spans"]] == ["Ana"]
    # predictions are suggestions: offered to annotators, left out of agreement
    assert {s["origin"] for s in lines["suggested-v1"]["spans"]} == {"suggested"}
    assert store.suggestions.suggestion_layers() == {
        "suggested": ["Label Studio suggested"], "suggested-v1": ["Label Studio suggested-v1"]}
    pk = store.annotations.article_by_id("7").pk
    assert [s.text for s in offered(store, pk, "user5", "suggested-v1")] == []  # has Oslo
    assert [s.text for s in offered(store, pk, "user5", "suggested")] == ["Ana"]


def test_json_min_export(store, tmp_path):
    path = write(tmp_path / "min.json", [
        {"id": 1, "text": TEXT, "annotator": 2, "annotation_id": 9, "lead_time": 1.5,
         "label": [{"start": 16, "end": 20, "text": "Oslo", "labels": ["GPE"]}]}])
    summary = import_files(store, [path])
    assert not summary.errors
    (line,) = exported(store, tmp_path)
    assert (line["annotator"], [(s["start"], s["label"]) for s in line["spans"]]) == (
        "user2", [(16, "GPE")])


def test_the_text_key_is_asked_for_when_data_has_several_texts(store, tmp_path):
    data = {"text": TEXT, "title": "Oslo"}
    path = write(tmp_path / "two.json", [{"id": 1, "data": data, "annotations": []}])
    summary = import_files(store, [path])
    assert [str(p) for p in summary.errors] == [
        (f"{path}:2: data has 2 text fields (text, title): name the one to import with "
        "--text-key")]
    assert not import_files(store, [path], text_key="text").errors
    assert store.conn.execute("SELECT meta FROM articles").fetchone() == ('{"title": "Oslo"}',)


def test_bad_regions_are_refused_with_their_line_and_nothing_stored(store, tmp_path):
    good = task(annotations=[{"completed_by": 1, "result": [region("a", 0, 3, "P", "Ana")]}])
    bad = task(annotations=[{"completed_by": 1, "result": [region("a", 0, 3, "P", "Bob")]}])
    bad["id"] = 8
    path = write(tmp_path / "bad.json", [good, bad])
    summary = import_files(store, [path])
    line = path.read_text("utf-8").splitlines().index(' {', 2) + 1
    assert [str(p) for p in summary.errors] == [
        (f"{path}:{line}: annotation 0: result 0 (0-3) says its text is 'Bob' but the task "
        "has 'Ana' there")]
    assert table_counts(store)["articles"] == 0


def test_a_broken_array_is_refused(store, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[\n{"id": 1, "data": {"text": "x"}},\n{"id": 2,\n', encoding="utf-8")
    summary = import_files(store, [path])
    assert len(summary.errors) == 1 and str(summary.errors[0]).startswith(f"{path}:")
    assert table_counts(store)["articles"] == 0


def test_a_json_array_of_other_records_is_refused_clearly(store, tmp_path):
    path = write(tmp_path / "ours.json", [
        {"id": "a", "text": TEXT, "spans": [{"start": 0, "end": 3, "label": "PERSON"}]}])
    summary = import_files(store, [path])
    assert [str(p) for p in summary.errors] == [
        (f'{path}:2: "spans" 0 is not a Label Studio region (start, end, labels); a JSON array '
        "of other records: write one JSON object per line (JSONL) instead")]

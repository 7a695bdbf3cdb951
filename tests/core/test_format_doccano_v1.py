"""doccano 1.0's export: "annotations" with label_name (or label) and character offsets."""

from __future__ import annotations

from conftest import table_counts, write_jsonl

from annotator.core import import_files


def test_doccano_1_annotations_import(store, tmp_path):
    path = write_jsonl(tmp_path / "v1.jsonl", [
        {"id": 1, "text": "EU rejects German call", "meta": {}, "annotation_approver": None,
         "annotations": [{"id": 1, "label": 2, "label_name": "ORG", "start_offset": 0,
                          "end_offset": 2, "user": 1},
                         {"id": 2, "label": "MISC", "start_offset": 11, "end_offset": 17}]}])
    summary = import_files(store, [path])
    assert not summary.errors
    assert store.conn.execute('SELECT text, label FROM spans ORDER BY start').fetchall() == [
        ("EU", "ORG"), ("German", "MISC")]


def test_the_doccano_user_names_the_layer(store, tmp_path):
    one = {"label_name": "ORG", "start_offset": 0, "end_offset": 2, "user_name": "ann"}
    other = {**one, "label_name": "GPE", "user_name": "ben"}
    path = write_jsonl(tmp_path / "v1.jsonl", [
        {"id": 1, "text": "EU rejects", "annotations": [one]},
        {"id": 2, "text": "EU accepts", "annotations": [one, other]}])
    summary = import_files(store, [path])
    assert store.conn.execute("SELECT a.id, s.annotator FROM spans s JOIN articles a "
                              "ON a.pk = s.article ORDER BY a.id, s.label").fetchall() == [
        ("1", "ann"), ("2", "imported"), ("2", "imported")]
    assert [str(n) for n in summary.notices] == [
        f"{path}:2: annotations of 2 doccano users (ann, ben) in one layer"]


def test_a_bad_doccano_1_annotation_is_a_file_line_error(store, tmp_path):
    path = write_jsonl(tmp_path / "v1.jsonl", [
        {"id": 1, "text": "Short", "annotations": [
            {"label_name": "ORG", "start_offset": 0, "end_offset": 50}]}])
    summary = import_files(store, [path])
    assert [str(p) for p in summary.errors] == [
        f"{path}:1: span 0 runs past the text (end 50 > length 5)"]
    assert table_counts(store)["articles"] == 0

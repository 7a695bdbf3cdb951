"""The doccano export holds everything (character offsets), read back by our importer."""

from __future__ import annotations

import json

from conftest import write_jsonl
from export_data import build, stored

from annotator.core import Store, default_schema, import_files
from annotator.core.io import export_to_path

LAYERS = (("news", "alice"), ("news", "bob"), ("arabic", "alice"), ("other", "alice"))


def test_relation_shape_and_a_lossless_round_trip(store, tmp_path):
    build(store, tmp_path)
    path = tmp_path / "doccano.jsonl"
    summary = export_to_path(store, path, "doccano")
    assert summary.lossless and summary.losses == [] and summary.unannotated_skipped == 1
    items = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    news = items[0]
    assert set(news) >= {"id", "text", "entities", "relations"} and "label" not in news
    by_id = {e["id"]: e for e in news["entities"]}
    for entity in news["entities"]:
        assert set(entity) == {"id", "label", "start_offset", "end_offset"}
    assert {(news["text"][by_id[r["from_id"]]["start_offset"]:
                          by_id[r["from_id"]]["end_offset"]],
             news["text"][by_id[r["to_id"]]["start_offset"]:by_id[r["to_id"]]["end_offset"]],
             r["type"]) for r in news["relations"]} == {
        ("“We will not leave Baghdad,”", "Ali Hassan", "SPEAKER"),
        ("“Nobody is safe,”", "Sara Khan", "SPEAKER"),
        ("The Bank of England cut rates.", "Bank of England", "SOURCE")}
    assert all("entities" in item for item in items)  # one shape for the whole file

    fresh = Store.memory(default_schema())
    result = import_files(fresh, [path])
    assert result.errors == [] and result.spans_added == 18 and result.relations_added == 3
    for article, annotator in LAYERS:
        assert stored(fresh, article, annotator) == stored(store, article, annotator)


def test_label_shape_without_relations(store, tmp_path):
    text = "Zarif met Pompeo in Geneva 🇨🇭.\r\nNo deal."
    import_files(store, [write_jsonl(tmp_path / "in.jsonl", [
        {"id": "g", "text": text, "annotator": "alice",
         "spans": [{"start": 0, "end": 5, "label": "PERSON"},
                   {"start": 20, "end": 26, "label": "GPE"},
                   {"start": 20, "end": 29, "label": "LOC"}]}])])
    path = tmp_path / "doccano.jsonl"
    export_to_path(store, path, "doccano")
    [item] = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert item["label"] == [[0, 5, "PERSON"], [20, 26, "GPE"], [20, 29, "LOC"]]
    assert item["text"][20:29] == "Geneva 🇨🇭" and "\r" not in item["text"]
    fresh = Store.memory(default_schema())
    assert import_files(fresh, [path]).errors == []
    assert stored(fresh, "g", "alice") == stored(store, "g", "alice")

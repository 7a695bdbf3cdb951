"""The JSONL export: its shape, its filters, and a lossless round trip."""

from __future__ import annotations

import io
import json

import pytest
from conftest import write_jsonl

from annotator.core import (
    AddRelation,
    AddSpan,
    DataError,
    History,
    SetAttribute,
    SetStatus,
    Store,
    default_schema,
    export_jsonl,
    import_files,
)

TRICKY = ("Tab\there, \"straight\" and “curly” quotes, a back\\slash, NBSP\u00a0x, "
          "line\u2028separator, 👨‍👩‍👧 family, 🇮🇶 flag, e\u0301 accent.\nقاسم سليماني and "
          "क्षत्रिय.\x0b")


def build(store: Store, tmp_path) -> None:
    import_files(store, [write_jsonl(tmp_path / "in.jsonl", [
        {"id": "a", "title": "<b>Tricky</b>", "text": TRICKY, "meta": {"url": "https://x",
                                                                     "n": [1, 2]}},
        {"id": "b", "text": "Second article about Basra."},
        {"id": "c", "text": "Nobody touched this one."}])])
    a, b = store.annotations.article_by_id("a").pk, store.annotations.article_by_id("b").pk
    alice, bob = History(store, "alice"), History(store, "bob")
    family = TRICKY.index("👨")
    quote = next(iter(alice.run(AddSpan(a, "alice", 0, 8, "QUOTE")).spans))
    person = next(iter(alice.run(AddSpan(a, "alice", family, family + 5, "PERSON")).spans))
    name = TRICKY.index("قاسم")
    alice.run(AddSpan(a, "alice", name, name + 12, "PERSON"))
    alice.run(AddRelation(quote, person, "SPEAKER"))
    alice.run(SetAttribute(quote, "type", "partial"))
    alice.run(SetStatus(a, "alice", "done"))
    bob.run(AddSpan(a, "bob", TRICKY.index("🇮🇶"), TRICKY.index("🇮🇶") + 2, "GPE"))
    bob.run(AddSpan(b, "bob", 21, 26, "GPE"))


def export(store: Store, **filters) -> list[dict]:
    out = io.BytesIO()
    export_jsonl(store, out, **filters)
    data = out.getvalue()
    assert not data or data.endswith(b"\n")
    assert b"\r" not in data and not data.startswith(b"\xef\xbb\xbf")
    data.decode("utf-8")
    return [json.loads(line) for line in data.splitlines()]


def test_shape_matches_formats_md(store, tmp_path):
    build(store, tmp_path)
    lines = export(store)
    assert [(d["id"], d["annotator"]) for d in lines] == [
        ("a", "alice"), ("a", "bob"), ("b", "bob"), ("c", None)]
    first = lines[0]
    assert list(first) == ["id", "title", "text", "meta", "annotator", "status", "spans",
                           "relations"]
    assert first["text"] == TRICKY.replace("\x0b", "\x0b")
    assert first["title"] == "<b>Tricky</b>" and first["meta"] == {"url": "https://x",
                                                                  "n": [1, 2]}
    assert first["status"] == "done"
    assert list(first["spans"][0]) == ["id", "start", "end", "text", "label", "kind", "attrs",
                                       "origin"]
    assert [(s["text"], s["label"], s["kind"], s["attrs"]) for s in first["spans"]] == [
        ("Tab\there", "QUOTE", "quote", {"type": "partial"}),
        ("👨‍👩‍👧", "PERSON", "entity", {}), ("قاسم سليماني", "PERSON", "entity", {})]
    assert first["relations"] == [{"head": first["spans"][0]["id"],
                                   "child": first["spans"][1]["id"], "label": "SPEAKER"}]
    assert lines[3] == {"id": "c", "title": "Nobody touched this one.",
                        "text": "Nobody touched this one.", "meta": {}, "annotator": None,
                        "status": None, "spans": [], "relations": []}


def test_every_exported_span_slices_its_text(store, tmp_path):
    build(store, tmp_path)
    for line in export(store):
        for span in line["spans"]:
            assert line["text"][span["start"]:span["end"]] == span["text"]


def test_filters(store, tmp_path):
    build(store, tmp_path)
    assert [(d["id"], d["annotator"]) for d in export(store, annotator="bob")] == [
        ("a", "bob"), ("b", "bob")]
    assert [(d["id"], d["annotator"]) for d in export(store, status="done")] == [
        ("a", "alice")]
    assert export(store, annotator="bob", status="done") == []
    assert store.reports.export_count(annotator="bob") == 2 and store.reports.export_count() == 4
    with pytest.raises(DataError, match=r"no annotator 'carol'.*alice, bob"):
        export(store, annotator="carol")


def normalised(lines: list[dict]) -> list[dict]:
    """An export with span ids replaced by positions (ids are the store's own)."""
    result = []
    for line in lines:
        position = {span["id"]: n for n, span in enumerate(line["spans"])}
        spans = [{k: v for k, v in span.items() if k != "id"} for span in line["spans"]]
        relations = sorted((position[r["head"]], position[r["child"]], r["label"])
                           for r in line["relations"])
        result.append({**line, "spans": spans, "relations": relations})
    return result


def test_round_trip_through_an_empty_store(store, tmp_path):
    build(store, tmp_path)
    first = export(store)
    exported = tmp_path / "export.jsonl"
    exported.write_bytes(b"".join(json.dumps(d, ensure_ascii=False).encode() + b"\n"
                                  for d in first))
    fresh = Store.memory(default_schema())
    summary = import_files(fresh, [exported])
    assert summary.errors == [] and summary.text_changes == []
    second = export(fresh)
    assert normalised(second) == normalised(first)
    again = import_files(fresh, [exported])
    assert (again.articles_added, again.spans_added) == (0, 0)
    assert normalised(export(fresh)) == normalised(first)


def test_export_of_a_large_article_keeps_order(store, tmp_path):
    text = "word " * 20_000
    import_files(store, [write_jsonl(tmp_path / "big.jsonl", [{
        "id": "big", "text": text, "annotator": "m",
        "spans": [{"start": i, "end": i + 4, "label": "ORG"}
                  for i in range(len(text) - 5, 0, -500)]}])])
    [line] = export(store)
    starts = [s["start"] for s in line["spans"]]
    assert starts == sorted(starts) and len(starts) == 200

"""Span meta on the command line: `export` → `import` → `export` is identical, and an
`import` whose span `meta` is not an object says FILE:LINE and stores nothing."""

from __future__ import annotations

import json

from conftest import table_counts, write_jsonl

from annotator.core import Store, default_schema

TEXT = 'Layla Haddad said the port would reopen. "We are ready," she said.'
QUOTE = (TEXT.index('"We'), TEXT.index('"We') + len('"We are ready,"'))


def record(meta: object) -> dict:
    return {"id": "a", "text": TEXT, "annotator": "eval", "status": "done",
            "spans": [{"start": 0, "end": 12, "label": "PERSON"},
                      {"start": QUOTE[0], "end": QUOTE[1], "label": "QUOTE",
                       "attrs": {"type": "direct"}, "meta": meta}]}


def test_export_import_export_keeps_span_meta(run, store_path, tmp_path):
    source = write_jsonl(tmp_path / "eval.jsonl", [record({"speaker_name": "Layla Haddad"})])
    assert run("import", store_path, source).exit_code == 0
    first = tmp_path / "first.jsonl"
    assert run("export", store_path, "-o", first).exit_code == 0
    spans = json.loads(first.read_text(encoding="utf-8"))["spans"]
    assert [span.get("meta") for span in spans] == [
        None, {"speaker_name": "Layla Haddad"}]
    again, second = tmp_path / "again.db", tmp_path / "second.jsonl"
    Store.create(again, default_schema()).close()
    assert run("import", again, first).exit_code == 0
    assert run("export", again, "-o", second).exit_code == 0
    assert second.read_bytes() == first.read_bytes()


def test_import_refuses_a_span_meta_that_is_not_an_object(run, store_path, tmp_path):
    source = write_jsonl(tmp_path / "bad.jsonl", [
        {"id": "g", "text": "A good line first."}, record(["Layla Haddad"])])
    result = run("import", store_path, source)
    assert result.exit_code != 0
    assert f'{source}:2: span 1: "meta" must be an object, not a list' in result.stderr
    with Store.open(store_path) as store:
        assert table_counts(store)["articles"] == 0

"""Property: whatever the text and the pre-annotated offsets, what is stored and exported is
exactly the canonical text's slice, end to end (import, store, export, re-import)."""

from __future__ import annotations

import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_text import contributions, texts

from annotator.core import Store, default_schema, export_jsonl, import_files
from annotator.core.rules import trim_bounds
from annotator.core.text import canonicalise


def stored_bounds(canonical, start: int, end: int) -> tuple[int, int]:
    """Where the importer stores a span: remapped, then without whitespace at its ends."""
    start, end = canonical.map_span(start, end)
    return trim_bounds(canonical.text[start:end], start, end)


@st.composite
def records(draw):
    # What a JSON reader sees: an escaped surrogate pair ("\ud83d\ude00") is one character.
    text = draw(texts.map(lambda t: json.loads(json.dumps(t)))
                .filter(lambda t: canonicalise(t).text.strip()))
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        canon = stored_bounds(canonicalise(text), start, end)
        # a span over a removed CR alone, or only whitespace, is refused (tested elsewhere)
        if canon[0] < canon[1]:
            spans.append({"start": start, "end": end, "label": "PERSON"})
    return text, spans


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records())
def test_stored_and_exported_spans_are_the_canonical_slices(tmp_path_factory, record):
    text, spans = record
    folder = tmp_path_factory.mktemp("p")
    source = folder / "in.jsonl"
    # json.dumps escapes lone surrogates as \\udxxx, the way other tools write them
    source.write_text(json.dumps({"id": "x", "text": text, "annotator": "a",
                                  "spans": spans}) + "\n", encoding="utf-8")
    store = Store.memory(default_schema())
    summary = import_files(store, [source])
    assert summary.errors == []
    canonical = canonicalise(text)
    article = store.annotations.article_by_id("x")
    assert article.text == canonical.text == "".join(contributions(text))
    stored = sorted((s.start, s.end, s.text) for s in store.annotations.spans(article.pk))
    # the same span given twice is stored once (a layer holds one per bounds and label)
    bounds = {stored_bounds(canonical, s["start"], s["end"]) for s in spans}
    expected = sorted((start, end, canonical.text[start:end]) for start, end in bounds)
    assert stored == expected
    out = io.BytesIO()
    export_jsonl(store, out)
    [line] = [json.loads(x) for x in out.getvalue().splitlines()]
    assert line["text"] == canonical.text
    assert sorted((s["start"], s["end"], s["text"]) for s in line["spans"]) == expected
    again = Store.memory(default_schema())
    exported = folder / "out.jsonl"
    exported.write_bytes(out.getvalue())
    assert import_files(again, [exported]).text_changes == []
    twice = io.BytesIO()
    export_jsonl(again, twice)
    [second] = [json.loads(x) for x in twice.getvalue().splitlines()]
    assert [(s["start"], s["end"], s["text"]) for s in second["spans"]] == [
        (s["start"], s["end"], s["text"]) for s in line["spans"]]
    assert {k: v for k, v in second.items() if k != "spans"} == {
        k: v for k, v in line.items() if k != "spans"}

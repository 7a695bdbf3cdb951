"""Counts in messages take the singular for one: "1 record", "2 records", "0 records"."""

from __future__ import annotations

import pytest
from conftest import write_jsonl

from annotator.core.plural import plural


@pytest.mark.parametrize(("count", "noun", "expected"), [
    (0, "record", "0 records"), (1, "record", "1 record"), (2, "record", "2 records"),
    (1, "entity", "1 entity"), (2, "entity", "2 entities"), (2, "day", "2 days"),
    (2, "box", "2 boxes"), (2, "match", "2 matches"), (0, "relation label",
                                                     "0 relation labels"),
    (2, "person", "2 people"), (1, "person", "1 person"),
])
def test_plural(count, noun, expected):
    many = "people" if noun == "person" else None
    assert plural(count, noun, many) == expected


def test_grouped_counts():
    assert plural(12400, "character", grouped=True) == "12,400 characters"
    assert plural(1, "character", grouped=True) == "1 character"


@pytest.mark.parametrize("count", [0, 1, 2])
def test_the_cli_counts_in_singular_and_plural(run, tmp_path, count):
    store = tmp_path / "news.db"
    run("init", store)
    records = [{"id": f"a{n}", "text": f"Article {n}.", "annotator": "alice",
                "spans": [{"start": 0, "end": 7, "label": "ORG"}]} for n in range(count)]
    if count:
        result = run("import", store, write_jsonl(tmp_path / "a.jsonl", records))
        word = "article" if count == 1 else "articles"
        assert f"Imported 1 file: {count} {word} added, 0 layers added" in result.stdout
        assert "0 duplicates skipped." in result.stdout
    result = run("export", store, "-o", tmp_path / "out.jsonl")
    word = "record" if count == 1 else "records"
    assert f"Wrote {count} {word} to" in result.stderr
    result = run("check", store)
    assert result.stdout.endswith(
        f"{plural(count, 'article')}, {plural(count, 'span')}, 0 relations checked.\n")
    assert (f"{'1 article' if count == 1 else f'{count} articles'}, "
            f"{'1 span' if count == 1 else f'{count} spans'}") in result.stdout


def test_a_relation_to_a_missing_span_counts_the_record_s_spans(store, tmp_path):
    from annotator.core import import_files
    path = write_jsonl(tmp_path / "a.jsonl", [
        {"text": "Zarif spoke.", "spans": [{"start": 0, "end": 5, "label": "PERSON"}],
         "relations": [{"head": 0, "child": 3, "label": "SPEAKER"}]}])
    [problem] = import_files(store, [path]).errors
    assert str(problem).endswith("child 3 is not a span of this record (it has 1 span)")

"""The gold layer in exports: each line and span says who reviewed it; it imports back."""

from __future__ import annotations

import io
import json

import pytest
from conftest import write_jsonl

from annotator.core import (
    AddSpan,
    DataError,
    History,
    Relabel,
    Store,
    default_schema,
    import_files,
)
from annotator.core.io.jsonl import export_jsonl
from annotator.core.operations import Accept, Reject
from annotator.core.review import GOLD, load_candidates

TEXT = "Zarif said in Tehran that the IRGC would respond."


@pytest.fixture
def reviewed(store, tmp_path) -> Store:
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT}])])
    pk = store.annotations.article_by_id("a").pk
    for who, word, label in (("alice", "Zarif", "PERSON"), ("bob", "Zarif", "PERSON"),
                             ("alice", "Tehran", "GPE"), ("bob", "IRGC", "ORG")):
        start = TEXT.index(word)
        History(store, who).run(AddSpan(pk, who, start, start + len(word), label))
    carol = History(store, "carol")
    for c in load_candidates(store, pk, ["alice", "bob"]):
        v = c.versions[0]
        if TEXT[c.start:c.end] == "IRGC":
            carol.run(Reject(pk, c.kind, c.start, c.end, v.annotators))
        else:
            carol.run(Accept(pk, c.kind, c.start, c.end, tuple(s.id for s in v.spans),
                             v.annotators))
    return store


def lines(store: Store, **filters) -> list[dict]:
    out = io.BytesIO()
    export_jsonl(store, out, **filters)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_gold_lines_name_the_reviewer(reviewed):
    (line,) = lines(reviewed, annotator=GOLD)
    assert line["annotator"] == GOLD and line["reviewer"] == "carol"
    assert [(s["text"], s["label"]) for s in line["spans"]] == [("Zarif", "PERSON"),
                                                                ("Tehran", "GPE")]
    zarif, tehran = line["spans"]
    assert zarif["review"]["from"] == ["alice", "bob"]
    assert tehran["review"]["from"] == ["alice"] and tehran["review"]["reviewer"] == "carol"
    assert not zarif["review"]["edited"] and not tehran["review"]["edited"]


def test_a_gold_span_the_reviewer_changed_says_so(reviewed):
    (line,) = lines(reviewed, annotator=GOLD)
    tehran = line["spans"][1]["id"]
    History(reviewed, "carol").run(Relabel(tehran, "LOC"))
    (line,) = lines(reviewed, annotator=GOLD)
    zarif, tehran = line["spans"]
    assert (tehran["label"], tehran["review"]["edited"]) == ("LOC", True)
    assert tehran["review"]["decision"] == "accept" and not zarif["review"]["edited"]
    for span in line["spans"]:
        assert TEXT[span["start"]:span["end"]] == span["text"]


def test_annotator_lines_are_unchanged_by_review(reviewed):
    (alice,) = lines(reviewed, annotator="alice")
    assert "reviewer" not in alice and all("review" not in s for s in alice["spans"])


def test_a_gold_export_is_not_imported_as_the_gold_layer(reviewed, tmp_path):
    # only review writes gold: an import would pass unreviewed spans off as reviewed
    out = tmp_path / "gold.jsonl"
    with out.open("wb") as handle:
        export_jsonl(reviewed, handle, annotator=GOLD)
    fresh = Store.memory(default_schema())
    summary = import_files(fresh, [out])
    assert summary.failed_files == [str(out)]
    assert f"{out}:1: \"annotator\": the annotator name 'gold' is reserved" in str(
        summary.errors[0])
    assert fresh.annotations.article_by_id("a") is None


def test_no_gold_layer_yet_is_a_clear_error(store):
    with pytest.raises(DataError, match="nothing in this store has been reviewed"):
        lines(store, annotator=GOLD)

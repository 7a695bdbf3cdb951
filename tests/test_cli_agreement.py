"""`annotator agreement`, driven as a user types it."""

from __future__ import annotations

import json

import pytest
from conftest import write_jsonl


@pytest.fixture
def store(tmp_path, run):
    """The Wikipedia kappa example (alice and bob on 50 characters), carol on a second
    article, and an article bob has not finished."""
    text = "x" * 50

    def layer(article, name, spans, status="done", text=text, relations=()):
        return {"id": article, "text": text, "annotator": name, "status": status,
                "spans": [{"start": s, "end": e, "label": label} for s, e, label in spans],
                "relations": [{"head": h, "child": c, "label": label}
                              for h, c, label in relations]}

    other = "y" * 50
    path = tmp_path / "news.db"
    run("init", path)
    source = write_jsonl(tmp_path / "layers.jsonl", [
        layer("x", "alice", [(0, 25, "PERSON"), (40, 45, "QUOTE")],
              relations=[(1, 0, "SPEAKER")]),
        layer("x", "bob", [(0, 20, "PERSON"), (25, 35, "PERSON"), (40, 45, "QUOTE")],
              relations=[(2, 0, "SPEAKER")]),
        layer("y", "alice", [(0, 5, "ORG")], text=other),
        layer("y", "bob", [(0, 5, "ORG")], text=other, status="in progress"),
    ])
    result = run("import", path, source)
    assert result.exit_code == 0, result.output
    return path


def test_table_of_a_pair(run, store):
    result = run("agreement", store)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("Articles compared: 1 (marked done by each of alice, bob), "
                        "50 characters.")
    assert lines[1] == "Spans compared: alice 2, bob 3."
    header = next(line for line in lines if line.startswith("pair"))
    assert header.split() == ["pair", "label", "P", "R", "F1", "P", "R", "F1", "kappa",
                              "alpha"]
    person = next(line for line in lines if "PERSON" in line).split()
    # exact: no match; overlap: alice's 0-25 with bob's 0-20; kappa 0.4 (Wikipedia)
    assert person == ["alice", "/", "bob", "PERSON", "0.000", "0.000", "0.000", "0.500",
                      "1.000", "0.667", "0.400", "0.400"]
    assert "total" not in result.output  # two annotators: the total is their pair
    speaker = next(line for line in lines if "SPEAKER" in line).split()
    assert speaker[-4:] == ["0.000", "0.000", "0.000", "0"]


def test_json(run, store):
    result = run("agreement", store, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["annotators"] == ["alice", "bob"] and data["articles"] == 1
    assert data["labels"] == ["PERSON", "QUOTE"] and data["kinds"] == ["entity", "quote"]
    assert data["spans"] == {"alice": 2, "bob": 3}
    [pair] = data["pairs"]
    assert pair["annotators"] == ["alice", "bob"]
    person = pair["labels"]["PERSON"]
    assert person["kappa"] == pytest.approx(0.4)
    assert person["overlap"] == {"matched": 1, "reference": 1, "candidate": 2,
                                 "precision": 0.5, "recall": 1.0, "f1": pytest.approx(2 / 3)}
    assert pair["labels"]["QUOTE"]["exact"]["f1"] == 1.0
    assert pair["overall"]["exact"]["matched"] == 1
    assert pair["relations"]["SPEAKER"]["matched"] == 0
    assert data["total"]["annotators"] == ["alice", "bob"]
    assert data["total"]["overall"] == pair["overall"]


def test_label_filter(run, store):
    result = run("agreement", store, "--label", "QUOTE", "--json")
    data = json.loads(result.stdout)
    assert data["labels"] == ["QUOTE"] and data["spans"] == {"alice": 1, "bob": 1}
    assert data["pairs"][0]["overall"]["exact"]["f1"] == 1.0
    assert data["pairs"][0]["overall"]["kappa"] == pytest.approx(1.0)
    assert data["pairs"][0]["relations"] == {}


def test_three_annotators_have_a_total(run, store, tmp_path):
    source = write_jsonl(tmp_path / "carol.jsonl", [
        {"id": "x", "text": "x" * 50, "annotator": "carol", "status": "done",
         "spans": [{"start": 0, "end": 25, "label": "PERSON"}]}])
    assert run("import", store, source).exit_code == 0
    result = run("agreement", store)
    assert result.exit_code == 0
    assert "marked done by each of alice, bob, carol" in result.output
    for pair in ("alice / bob", "alice / carol", "bob / carol"):
        assert pair in result.output
    assert any(line.startswith("total") for line in result.output.splitlines())
    assert "kappa is the mean of the pairs' kappas" in result.output
    result = run("agreement", store, "--annotators", "alice,carol", "--label", "PERSON")
    person = next(line for line in result.output.splitlines() if "PERSON" in line).split()
    assert person[3:] == ["PERSON"] + ["1.000"] * 8


def test_unknown_names_are_usage_errors(run, store):
    result = run("agreement", store, "--annotators", "alice,zoe")
    assert result.exit_code == 2
    assert "no annotator 'zoe' in the store (annotators: alice, bob)" in result.output
    result = run("agreement", store, "--label", "PERSN")
    assert result.exit_code == 2 and "no label 'PERSN'" in result.output
    result = run("agreement", store, "--annotators", "alice")
    assert result.exit_code == 2 and "at least two" in result.output


def test_nothing_to_compare(run, tmp_path):
    path = tmp_path / "empty.db"
    run("init", path)
    result = run("agreement", path)
    assert result.exit_code == 1
    assert result.output.startswith("Error: fewer than two annotators have layers marked done")


def test_no_article_done_by_everyone(run, store, tmp_path):
    source = write_jsonl(tmp_path / "dave.jsonl", [
        {"id": "y", "text": "y" * 50, "annotator": "dave", "status": "done",
         "spans": [{"start": 0, "end": 5, "label": "ORG"}]}])
    assert run("import", store, source).exit_code == 0
    result = run("agreement", store, "--annotators", "bob,dave")  # bob has not finished y
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Articles compared: 0 (marked done by each of bob, dave), 0 characters.",
        "Spans compared: bob 0, dave 0."]
    data = json.loads(run("agreement", store, "--annotators", "dave,alice", "--json").stdout)
    assert data["articles"] == 1 and data["pairs"][0]["annotators"] == ["dave", "alice"]
    assert data["pairs"][0]["overall"]["exact"]["f1"] == 1.0


def test_missing_store(run, tmp_path):
    result = run("agreement", tmp_path / "none.db")
    assert result.exit_code == 1 and "no store at" in result.output


def test_attribute_figures_printed_and_in_json(run, store_path, tmp_path):
    # Quote types on 4 matched pairs: (d,d) (d,i) (i,i) (p,p): kappa 7/11, alpha 2/3 (worked
    # out in tests/core/test_attribute_agreement.py).
    text = "abcdefghij" * 5

    def quotes(*types):
        return [{"start": 10 * n, "end": 10 * n + 10, "label": "QUOTE",
                 "attrs": {"type": kind}} for n, kind in enumerate(types)]
    source = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "a", "text": text, "annotator": name, "status": "done", "spans": spans}
        for name, spans in (("alice", quotes("direct", "direct", "indirect", "partial")),
                            ("bob", quotes("direct", "indirect", "indirect", "partial")))])
    assert run("import", store_path, source).exit_code == 0
    result = run("agreement", store_path)
    assert result.exit_code == 0
    lines = [line.split() for line in result.output.splitlines()]
    assert ["pair", "attribute", "pairs", "agreed", "kappa", "alpha"] in lines
    assert ["alice", "/", "bob", "quote", "type", "4", "3", "0.636", "0.667"] in lines
    data = json.loads(run("agreement", store_path, "--json").output)
    assert data["pairs"][0]["attributes"] == [{
        "kind": "quote", "attribute": "type", "pairs": 4, "agreed": 3,
        "kappa": pytest.approx(7 / 11), "alpha": pytest.approx(2 / 3)}]

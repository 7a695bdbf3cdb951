"""The command line around review: export --layer gold, its refusals, and stats."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import write_jsonl

from annotator.cli import cli
from annotator.core import AddSpan, History, Store, default_schema, import_files
from annotator.core.operations import Accept, SetStatus
from annotator.core.review import GOLD, load_candidates

TEXT = "Zarif said in Tehran that talks would resume."


@pytest.fixture
def path(tmp_path):
    file = tmp_path / "news.db"
    store = Store.create(file, default_schema())
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT},
                                                            {"id": "b", "text": "Other."}])])
    pk = store.annotations.article_by_id("a").pk
    for who in ("alice", "bob"):
        History(store, who).run(AddSpan(pk, who, 0, 5, "PERSON"))
    (cand,) = load_candidates(store, pk, ["alice", "bob"])
    carol = History(store, "carol")
    carol.run(Accept(pk, cand.kind, cand.start, cand.end,
                     tuple(s.id for s in cand.versions[0].spans), ("alice", "bob")))
    carol.run(SetStatus(pk, GOLD, "done"))
    store.close()
    return file


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_export_layer_gold(path):
    result = run("export", path, "--layer", "gold", "--status", "done")
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert (line["id"], line["annotator"], line["reviewer"]) == ("a", "gold", "carol")
    (span,) = line["spans"]
    assert (span["text"], span["review"]["from"]) == ("Zarif", ["alice", "bob"])


def test_export_layer_and_annotator_together_is_refused(path):
    result = run("export", path, "--layer", "gold", "--annotator", "alice")
    assert result.exit_code == 2 and "not both" in result.output


def test_export_gold_of_an_unreviewed_store_says_why(tmp_path):
    file = tmp_path / "empty.db"
    Store.create(file, default_schema()).close()
    result = run("export", file, "--layer", "gold")
    assert result.exit_code == 1
    assert "nothing in this store has been reviewed yet" in result.output


def test_stats_counts_review_apart_from_annotators(path):
    result = run("stats", path, "--json")
    figures = json.loads(result.stdout)
    assert "gold" not in figures["annotators"]
    assert figures["review"] == {"reviewed": 1, "in review": 0, "unreviewed": 1,
                                 "gold spans": 1}
    assert "Review: 1 reviewed, 0 in review, 1 unreviewed; 1 gold span" in run(
        "stats", path).output

"""`annotator merge`, driven as a user types it."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write_jsonl

TEXT = "“No,” said Zarif in Tehran."


def annotator_store(run, tmp_path: Path, who: str, spans: list[dict]) -> Path:
    """A store of one annotator's work, made with init and import as on their laptop."""
    store = tmp_path / f"{who}.db"
    run("init", store)
    records = [{"id": "a", "text": TEXT, "annotator": who, "status": "done", "spans": spans},
               {"id": "b", "text": "A second article."}]
    assert run("import", store, write_jsonl(tmp_path / f"{who}.jsonl", records)).exit_code == 0
    return store


def test_merge_two_stores_then_again(run, tmp_path):
    alice = annotator_store(run, tmp_path, "alice", [{"start": 0, "end": 5, "label": "QUOTE"}])
    bob = annotator_store(run, tmp_path, "bob", [{"start": 11, "end": 16, "label": "PERSON"},
                                                 {"start": 20, "end": 26, "label": "WEAPON"}])
    team = tmp_path / "team.db"
    run("init", team)
    result = run("merge", team, alice, bob)
    assert result.exit_code == 0, result.output
    assert "Articles: 2 added" in result.stdout
    assert "Layers: 2 added, 0 updated, 0 unchanged." in result.stdout
    assert "Labels added to the schema: WEAPON." in result.stdout
    exported = [json.loads(line) for line in run("export", team).stdout.splitlines()]
    layers = {(r["id"], r["annotator"]): [s["text"] for s in r["spans"]] for r in exported}
    assert layers == {("a", "alice"): ["“No,”"], ("a", "bob"): ["Zarif", "Tehran"],
                      ("b", None): []}
    again = json.loads(run("merge", team, alice, bob, "--json").stdout)
    assert (again["articles_added"], again["layers_added"], again["layers_unchanged"]) == (
        0, 0, 2)
    assert [s["merged"] for s in again["by_source"]] == [True, True]


def test_conflicts_go_to_stderr_and_a_bad_source_exits_1(run, tmp_path):
    alice = annotator_store(run, tmp_path, "alice", [{"start": 0, "end": 5, "label": "QUOTE"}])
    team = tmp_path / "team.db"
    run("init", team)
    run("import", team, write_jsonl(tmp_path / "t.jsonl", [{"id": "a", "text": "Other."}]))
    result = run("merge", team, alice)
    assert result.exit_code == 0
    assert result.stderr == f"{alice}: article a: text differs from {team}'s; not merged\n"
    assert "1 with a different text" in result.stdout
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"text": "Fine."}], raw_lines=[b"{nope"])
    result = run("merge", team, bad)
    assert result.exit_code == 1
    assert f"{bad}:2: invalid JSON" in result.stderr and "1 refused" in result.stdout


def test_merge_refuses_the_target_itself_and_non_stores(run, tmp_path):
    team = tmp_path / "team.db"
    run("init", team)
    result = run("merge", team, team)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {team} is the target store itself; nothing to merge\n"
    assert run("merge", team).exit_code == 2  # no source
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    result = run("merge", notes, team)
    assert result.exit_code == 1 and "not an Annotator store" in result.stderr


def test_merge_creates_a_missing_target_with_the_first_source_schema(run, tmp_path):
    labels = tmp_path / "labels.toml"
    labels.write_text('[[labels]]\nname = "DRUG"\nkey = "d"\ncolor = "#112233"\n'
                      'description = "A medicine"\n', "utf-8")
    alice = tmp_path / "alice.db"
    run("init", alice, "--labels", labels)
    run("import", alice, write_jsonl(tmp_path / "a.jsonl", [
        {"id": "a", "text": "Aspirin helps.", "annotator": "alice",
         "spans": [{"start": 0, "end": 7, "label": "DRUG"}]}]))
    review = tmp_path / "review.db"
    result = run("merge", review, alice, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["target_note"] == (
        f"Created {review} with the label schema of {alice}.")
    from annotator.core import Store
    with Store.open(review) as store:
        [label] = store.schema.labels
        assert (label.name, label.color, label.description) == ("DRUG", "#112233",
                                                                "A medicine")
        assert store.annotations.article_by_id("a").title == "Aspirin helps."


def test_merge_of_jsonl_into_a_missing_target_takes_the_default_schema(run, tmp_path):
    export = write_jsonl(tmp_path / "carol.jsonl", [{"id": "a", "text": TEXT}])
    team = tmp_path / "team.db"
    result = run("merge", team, export)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        f"Created {team} with the default label schema.", "Merged 1 source."]
    from annotator.core import Store, default_schema
    with Store.open(team) as store:
        assert [la.name for la in store.schema.labels] == [
            la.name for la in default_schema().labels]


def test_a_merge_that_merges_nothing_leaves_no_new_target(run, tmp_path):
    bad = write_jsonl(tmp_path / "bad.jsonl", [], raw_lines=[b"{nope"])
    team = tmp_path / "team.db"
    result = run("merge", team, bad)
    assert result.exit_code == 1
    assert f"Nothing was merged, so {team} was not created." in result.stdout
    assert not list(tmp_path.glob("team.db*"))
    result = run("merge", tmp_path / "no" / "team.db", bad)
    assert result.exit_code == 1 and "does not exist" in result.stderr


def test_a_damaged_first_source_is_refused_and_the_new_target_takes_the_default_schema(
        run, tmp_path):
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    export = write_jsonl(tmp_path / "carol.jsonl", [{"id": "a", "text": TEXT}])
    team = tmp_path / "team.db"
    result = run("merge", team, damaged, export)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        f"Created {team} with the default label schema.", "Merged 1 source, 1 refused."]
    assert str(damaged) in result.stderr
    assert run("check", team).exit_code == 0

"""`annotator suggest`, driven as a user types it, and a suggestion layer in export, merge,
agreement and stats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write_jsonl

from annotator.core import Store

pytest.importorskip("spacy")

RAW = ('Angela Merkel 😀 visited Reuters.\r\n"We will win the vote," said Angela Merkel.\r\n'
       "REUTERS reported.")
TEXT = RAW.replace("\r\n", "\n")


def span(word: str, label: str, nth: int = 0) -> dict:
    """A span of the record as it arrives: offsets into the raw text (CRLF and all)."""
    start = -1
    for _ in range(nth + 1):
        start = RAW.index(word, start + 1)
    return {"start": start, "end": start + len(word), "label": label}


@pytest.fixture
def news(run, tmp_path) -> Path:
    """Alice's finished layer: two names and the quote, linked to its speaker."""
    path = tmp_path / "news.db"
    run("init", path)
    records = [{"id": "a", "text": RAW, "annotator": "alice", "status": "done",
                "spans": [span("Angela Merkel", "PERSON"), span("Reuters", "ORG"),
                          span("Angela Merkel", "PERSON", 1),
                          span('"We will win the vote,"', "QUOTE") | {
                              "attrs": {"type": "direct"}}],
                "relations": [{"head": 3, "child": 2, "label": "SPEAKER"}]},
               {"id": "b", "text": "Reuters was quiet.\r\nNobody spoke."}]
    assert run("import", path, write_jsonl(tmp_path / "in.jsonl", records)).exit_code == 0
    return path


def exported(run, path: Path, *args: object) -> list[dict]:
    result = run("export", path, *args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_suggest_fills_the_layer_and_prints_a_summary(run, news):
    result = run("suggest", news, "quotes", "corpus")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Suggested into layer 'suggested' from quotes, corpus: "
                                    "2 articles, 6 spans, 1 link in ")
    assert "  ORG: 3\n  PERSON: 2\n  QUOTE: 1\n" in result.stdout
    summary = json.loads(run("suggest", news, "corpus", "--json").stdout)
    assert (summary["articles"], summary["replaced"], summary["spans_by_label"]) == (
        2, 2, {"ORG": 3, "PERSON": 2})


def test_exports_keep_each_span_s_origin_and_the_layer_exports_like_any(run, news):
    run("suggest", news, "quotes", "corpus")
    [line_a, line_b] = exported(run, news, "--annotator", "suggested")
    assert line_a["status"] == "done" and {s["origin"] for s in line_a["spans"]} == {
        "suggested"}
    assert [s["text"] for s in line_b["spans"]] == ["Reuters"]
    assert all(TEXT[s["start"]:s["end"]] == s["text"] for s in line_a["spans"])
    [alice] = exported(run, news, "--annotator", "alice")
    assert {s["origin"] for s in alice["spans"]} == {"imported"}


def test_an_exported_suggested_span_imports_as_suggested(run, news, tmp_path):
    run("suggest", news, "corpus")
    out = tmp_path / "out.jsonl"
    assert run("export", news, "--annotator", "suggested", "-o", out).exit_code == 0
    fresh = tmp_path / "fresh.db"
    run("init", fresh)
    assert run("import", fresh, out).exit_code == 0
    assert {s["origin"] for line in exported(run, fresh) for s in line["spans"]} == {
        "suggested"}


def test_a_suggestion_layer_merges_and_is_refilled_in_the_target(run, news, tmp_path):
    run("suggest", news, "corpus")
    team = tmp_path / "team.db"
    run("init", team)
    assert run("merge", team, news).exit_code == 0
    merged = {(line["id"], line["annotator"]): len(line["spans"])
              for line in exported(run, team)}
    assert merged[("a", "suggested")] == 4 and merged[("a", "alice")] == 4
    result = run("suggest", team, "quotes")  # merged suggestions, not a person's layer
    assert result.exit_code == 0, result.output
    assert [s["label"] for s in exported(run, team, "--annotator", "suggested")[0]["spans"]] \
        == ["QUOTE", "PERSON"]


def test_agreement_scores_the_suggester_against_a_reference(run, news):
    run("suggest", news, "quotes", "corpus")
    result = run("agreement", news, "--annotators", "alice,suggested", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["annotators"] == ["alice", "suggested"]
    assert figures["articles"] == 1  # b has no layer of alice
    assert figures["spans"] == {"alice": 4, "suggested": 5}


def test_bad_pattern_lines_are_reported_and_nothing_is_written(run, news, tmp_path):
    patterns = tmp_path / "orgs.jsonl"
    patterns.write_text('{"label": "ORG", "pattern": "Reuters"}\n{"label": "ORG"}\n'
                        '{"label": "ORG", "pattern": [{"OP": "x"}]}\n', encoding="utf-8")
    before = patterns.stat(), Path(news).read_bytes()
    result = run("suggest", news, f"patterns={patterns}")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        (f"Error: {patterns}:2: 'pattern' must be a phrase or a non-empty list of token "
        "patterns"), f"Error: {patterns}:3: bad token pattern: "
        + result.stderr.splitlines()[1].split("bad token pattern: ")[1]]
    assert "Nothing was written." in result.stderr
    with Store.open(news) as store:
        assert store.suggestions.suggestion_layers() == {}
    assert before[0] == patterns.stat()


def test_gold_and_people_s_layers_are_refused(run, news):
    for name in ("gold", "alice"):
        result = run("suggest", news, "corpus", "--layer", name)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: '{name}' is ")
    with Store.open(news) as store:
        assert store.suggestions.suggestion_layers() == {}


def test_article_and_status_choose_what_is_suggested(run, news):
    result = run("suggest", news, "corpus", "--article", "b", "--json")
    assert json.loads(result.stdout)["articles"] == 1
    result = run("suggest", news, "corpus", "--status", "todo", "--layer", "todo-only",
                 "--json")
    assert json.loads(result.stdout)["articles"] == 1  # a is done by alice
    result = run("suggest", news, "corpus", "--article", "nope")
    assert result.exit_code == 1 and "no article 'nope'" in result.stderr


def test_stats_show_suggestion_layers_and_decisions(run, news):
    from annotator.core import History
    from annotator.core.operations import AcceptSuggestion, RejectSuggestion

    run("suggest", news, "corpus")
    with Store.open(news) as store:
        a = store.annotations.article_by_id("a").pk
        spans = store.annotations.spans(a, "suggested")
        history = History(store, "bob")
        history.run(AcceptSuggestion("bob", spans[0].id))
        history.run(RejectSuggestion("bob", spans[1].id))
    result = run("stats", news)
    assert "Suggestion layer suggested: 2 articles, 5 spans" in result.stdout
    assert "  bob: 1 accepted unchanged, 0 changed, 1 rejected" in result.stdout
    figures = json.loads(run("stats", news, "--json").stdout)
    assert figures["suggestions"] == {"bob": {"accepted unchanged": 1, "changed": 0,
                                              "rejected": 1}}


def test_agreement_leaves_suggestion_layers_out_unless_named(run, news, tmp_path):
    run("suggest", news, "corpus")
    result = run("agreement", news)  # alice alone: nothing to compare
    assert result.exit_code == 1 and "only alice" in result.stderr


def test_readme_suggestions_example_runs(tmp_path, monkeypatch):
    """The README's suggestions example is real: run after its first Python example, on
    the article that example's offsets fit."""
    import re

    from test_cli import README

    blocks = re.findall(r"```python\n(.*?)```", README.read_text("utf-8"), re.DOTALL)
    [example] = [block for block in blocks if "run_suggestions" in block]
    quote = "“We will hold them to account for each rocket”"
    text = "Baghdad. " + "x" * (1290 - 9) + quote + " Muhandis said."
    write_jsonl(tmp_path / "articles.jsonl", [{"id": "bgd-2020-01-04", "text": text}])
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(blocks[0] + example, "README.md", "exec"), namespace)
    store = namespace["store"]
    article = namespace["article"]
    assert [(s.label, s.text, s.origin) for s in store.annotations.spans(article.pk, "bob")] == [
        ("QUOTE", quote, "suggested"), ("PERSON", "Muhandis", "suggested")]
    assert len(store.annotations.relations(article.pk, "bob")) == 1
    assert store.reports.stats()["suggestions"] == {
        "bob": {"accepted unchanged": 2, "changed": 0, "rejected": 0}}
    store.close()


def test_suggest_with_a_model_and_a_threshold_stores_the_scores(run, news, tmp_path):
    from model_data import tiny_pipeline

    model = tiny_pipeline(tmp_path / "model-best")
    high = run("suggest", news, f"model={model}", "--json")
    assert high.exit_code == 0, high.output
    low = run("suggest", news, f"model={model}", "--threshold", "0.02", "--json")
    assert json.loads(low.stdout)["spans"] > json.loads(high.stdout)["spans"]
    with Store.open(news) as store:
        a = store.annotations.article_by_id("a")
        scores = store.suggestions.scores(a.pk, "suggested")
        claims = [s for s in store.annotations.spans(a.pk, "suggested") if s.label == "CLAIM"]
    assert claims and all(0.02 <= scores[s.id] <= 1 for s in claims)


def test_a_threshold_without_a_model_is_one_line_and_writes_nothing(run, news):
    result = run("suggest", news, "corpus", "--threshold", "0.5")
    assert result.exit_code == 1
    assert "a threshold is for a model's scores" in result.stderr
    with Store.open(news) as store:
        assert store.suggestions.suggestion_layers() == {}


def test_queue_lists_the_least_certain_first(run, news, tmp_path):
    from model_data import tiny_pipeline

    model = tiny_pipeline(tmp_path / "model-best")
    result = run("queue", news, "--model", model, "--threshold", "0.02", "--json")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in rows] == ["b"]  # alice marked "a" done
    assert run("suggest", news, f"model={model}", "--threshold", "0.02").exit_code == 0
    stored = run("queue", news, "--layer", "suggested", "--threshold", "0.02", "--json")
    assert [json.loads(line) for line in stored.stdout.splitlines()] == rows
    text = run("queue", news, "--layer", "suggested").stdout
    assert text.split("  ", 1)[1].startswith("b\t")


def test_queue_needs_a_model_or_a_suggestion_layer(run, news):
    neither = run("queue", news)
    assert neither.exit_code == 1 and "either --model DIR" in neither.stderr
    wrong = run("queue", news, "--layer", "alice")
    assert wrong.exit_code == 1
    assert wrong.stderr.strip() == "Error: 'alice' is not a suggestion layer of this store"


def test_jobs_run_the_sources_in_workers_with_the_same_result(run, news, monkeypatch):
    from annotator.core.suggest import running
    monkeypatch.setattr(running, "_BATCH", 1)  # two batches: one for each worker
    layers = []
    for jobs in ("1", "2"):
        result = run("suggest", news, "quotes", "corpus", "--jobs", jobs)
        assert result.exit_code == 0, result.output
        layers.append([without_ids(record)
                       for record in exported(run, news, "--annotator", "suggested")])
    assert layers[0] == layers[1] and len(layers[0]) == 2
    refused = run("suggest", news, "quotes", "--jobs", "0")
    assert refused.exit_code == 2 and "--jobs" in refused.output


def without_ids(record: dict) -> dict:
    """An exported record with its spans' ids (new on every run) replaced by their bounds."""
    key = {span["id"]: (span["start"], span["end"], span["label"]) for span in record["spans"]}
    spans = [{k: v for k, v in span.items() if k != "id"} for span in record["spans"]]
    links = [(key[r["head"]], key[r["child"]], r["label"]) for r in record["relations"]]
    return record | {"spans": spans, "relations": links}

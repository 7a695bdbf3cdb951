"""The command line, driven as a user types it (click's runner; no Qt)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import write_jsonl

from annotator.cli import cli

README = Path(__file__).parent.parent / "README.md"


@pytest.fixture
def articles(tmp_path) -> Path:
    return write_jsonl(tmp_path / "articles.jsonl", [
        {"id": "a", "title": "Zarif", "text": "“No,” said Zarif in Tehran.\r\nMore.",
         "annotator": "alice", "status": "done",
         "spans": [{"start": 0, "end": 5, "label": "QUOTE", "attrs": {"type": "direct"}},
                   {"start": 11, "end": 16, "label": "PERSON"}],
         "relations": [{"head": 0, "child": 1, "label": "SPEAKER"}]},
        {"id": "b", "text": "A second article.", "annotator": "bob",
         "spans": [{"start": 2, "end": 8, "label": "WEAPON"}]}])


def test_help_lists_every_command(run):
    result = run("--help")
    assert result.exit_code == 0
    for name in ("init", "import", "export", "stats", "check"):
        assert re.search(rf"^  {name}\b", result.output, re.MULTILINE), name


def test_every_command_has_help_and_a_readme_example(run):
    readme = README.read_text("utf-8")
    for name, command in cli.commands.items():
        assert command.help and "Example: annotator" in command.help, name
        assert f"annotator {name} " in readme, f"README has no example of {name}"
        assert f"### `annotator {name}`" in readme, f"README has no section for {name}"


def test_init_import_export_stats_check(run, tmp_path, articles):
    store = tmp_path / "news.db"
    result = run("init", store)
    assert result.exit_code == 0 and "10 labels" in result.output
    result = run("import", store, articles)
    assert result.exit_code == 0, result.output
    assert "2 articles added" in result.output and "Spans added: 3; relations added: 1" in (
        result.output)
    assert "Labels added to the schema: WEAPON" in result.output
    assert "articles.jsonl:1: article a: 1 CRLF line end became LF" in result.output
    out = tmp_path / "out.jsonl"
    result = run("export", store, "-o", out, "--status", "done")
    assert result.exit_code == 0
    [line] = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert line["id"] == "a" and line["text"] == "“No,” said Zarif in Tehran.\nMore."
    assert not (tmp_path / "out.jsonl.part").exists()
    result = run("export", store, "-o", "-", "--annotator", "bob")
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["b"]
    result = run("stats", store, "--json")
    figures = json.loads(result.stdout)
    assert figures["articles"] == 2 and figures["spans_by_label"]["WEAPON"] == 1
    assert figures["annotators"]["alice"]["articles"]["done"] == 1
    result = run("stats", store)
    assert "Articles: 2" in result.output and "alice: 1 todo, 0 in progress, 1 done" in (
        result.output)
    result = run("check", store)
    assert result.exit_code == 0 and "is healthy: 2 articles, 3 spans" in result.output


def test_import_json_summary(run, tmp_path, articles):
    store = tmp_path / "news.db"
    run("init", store)
    result = run("import", store, articles, "--annotator", "x", "--json")
    summary = json.loads(result.stdout)
    assert summary["articles_added"] == 2 and summary["errors"] == []


def test_bad_file_exits_1_with_file_and_line_and_stores_nothing(run, tmp_path):
    store = tmp_path / "news.db"
    run("init", store)
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"text": "Good."}], raw_lines=[b'{"text": 5}'])
    result = run("import", store, bad)
    assert result.exit_code == 1
    assert f"{bad}:2: \"text\" must be a string, not a number" in result.stderr
    assert "Traceback" not in result.output
    assert json.loads(run("stats", store, "--json").stdout)["articles"] == 0


def test_strict_labels(run, tmp_path, articles):
    store = tmp_path / "news.db"
    run("init", store)
    result = run("import", store, articles, "--strict-labels")
    assert result.exit_code == 1 and "label 'WEAPON' is not in the schema" in result.stderr


def test_usage_errors_exit_2(run, tmp_path):
    assert run("import", tmp_path / "x.db").exit_code == 2  # no files
    assert run("export", tmp_path / "x.db", "--status", "finished").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_not_a_store_exits_1_in_one_line(run, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello " * 50)
    result = run("stats", path)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path} is not an Annotator store (not an SQLite database)\n"
    result = run("check", tmp_path / "missing.db")
    assert result.exit_code == 1 and "no store at" in result.stderr


def test_init_refuses_existing_and_takes_a_label_file(run, tmp_path):
    store = tmp_path / "news.db"
    run("init", store)
    assert run("init", store).exit_code == 1
    labels = tmp_path / "labels.toml"
    labels.write_text('[[labels]]\nname = "DRUG"\nkey = "d"\ncolor = "#112233"\n', "utf-8")
    other = tmp_path / "pharma.db"
    result = run("init", other, "--labels", labels)
    assert result.exit_code == 0 and "1 label," in result.output
    stats = json.loads(run("stats", other, "--json").stdout)
    assert list(stats["spans_by_label"]) == ["DRUG"]


def test_export_unknown_annotator_is_refused(run, tmp_path, articles):
    store = tmp_path / "news.db"
    run("init", store)
    run("import", store, articles)
    result = run("export", store, "--annotator", "carol")
    assert result.exit_code == 1 and "no annotator 'carol'" in result.stderr


def test_check_lists_problems_and_exits_1(run, tmp_path, articles):
    import sqlite3

    store = tmp_path / "news.db"
    run("init", store)
    run("import", store, articles)
    conn = sqlite3.connect(store)
    conn.execute("UPDATE spans SET text = 'wrong' WHERE label = 'PERSON'")
    conn.commit()
    conn.close()
    result = run("check", store)
    assert result.exit_code == 1
    assert "stored text 'wrong' but the article has 'Zarif' at 11-16" in result.output


def test_demo_creates_then_reuses(run, tmp_path):
    path = tmp_path / "demo.db"
    result = run("demo", path)
    assert result.exit_code == 0 and f"Created the demo store {path}" in result.output
    assert "Port Averne" in result.output
    result = run("demo", path)
    assert f"Using the demo store {path}" in result.output


def test_readme_python_example_runs(tmp_path, monkeypatch):
    """The README's Python example is real: run it on an article that fits its offsets."""
    code = re.search(r"```python\n(.*?)```", README.read_text("utf-8"), re.DOTALL).group(1)
    quote = "“We will hold them to account for each rocket”"
    assert len(quote) == 1336 - 1290  # the offsets in the example
    text = "Baghdad. " + "x" * (1290 - 9) + quote + " Muhandis said."
    write_jsonl(tmp_path / "articles.jsonl", [{"id": "bgd-2020-01-04", "text": text}])
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    store = namespace["store"]
    article = store.annotations.article_by_id("bgd-2020-01-04")
    spans = store.annotations.spans(article.pk, "alice")
    assert [(s.label, s.text) for s in spans] == [("QUOTE", quote), ("PERSON", "Muhandis")]
    assert spans[0].attrs == {} and len(store.annotations.relations(article.pk)) == 1
    store.close()


def test_export_never_overwrites_the_store(run, tmp_path):
    store = tmp_path / "news.db"
    run("init", store)
    before = store.read_bytes()
    result = run("export", store, "-o", store)
    assert result.exit_code == 2 and "would overwrite the store" in result.output
    assert store.read_bytes() == before


def test_a_busy_store_is_reported_as_busy(run, tmp_path, articles, monkeypatch):
    import sqlite3

    from annotator.core.store import base

    store = tmp_path / "news.db"
    run("init", store)
    monkeypatch.setattr(base, "BUSY_TIMEOUT_S", 0.1)
    writer = sqlite3.connect(store, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another program in the middle of a write
    try:
        result = run("import", store, articles)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the store is busy")


def test_import_refuses_the_gold_layer_and_lists_repeats(run, tmp_path, articles):
    store = tmp_path / "news.db"
    run("init", store)
    result = run("import", store, articles, "--annotator", "gold")
    assert result.exit_code == 1
    assert "--annotator: the annotator name 'gold' is reserved" in result.output
    repeated = write_jsonl(tmp_path / "repeated.jsonl", [{
        "id": "r", "text": "Zarif said so.", "annotator": "alice",
        "spans": [{"start": 0, "end": 5, "label": "PERSON"},
                  {"start": 0, "end": 5, "label": "PERSON"}]}])
    result = run("import", store, repeated)
    assert result.exit_code == 0, result.output
    assert "Repeated spans or relations kept once: 1" in result.output
    assert f"{repeated}:1: span 1 repeats span 0 (PERSON 0-5): kept once" in result.output
    assert run("check", store).exit_code == 0

"""`annotator export` in every format and `annotator import` of saved web pages, as typed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write_jsonl
from export_data import records

from annotator.core.io import tokens

PAGES = Path(__file__).parent / "data" / "html"


@pytest.fixture
def store(run, tmp_path) -> Path:
    path = tmp_path / "news.db"
    run("init", path)
    result = run("import", path, write_jsonl(tmp_path / "hard.jsonl", records()))
    assert result.exit_code == 0, result.output
    return path


def test_every_format_reports_what_it_lost(run, store, tmp_path):
    pytest.importorskip("spacy")
    expected = {"jsonl": 0, "doccano": 0, "prodigy": 2, "conll": 2, "spacy": 3}
    for fmt, losses in expected.items():
        out = tmp_path / f"out.{fmt}"
        result = run("export", store, "--format", fmt, "-o", out)
        assert result.exit_code == 0, result.output
        listed = [line for line in result.stderr.splitlines() if line.startswith("lost: ")]
        assert len(listed) == losses, (fmt, result.stderr)
        assert out.exists() and not out.with_name(out.name + ".part").exists()
        records_written = 5 if fmt == "jsonl" else 4
        assert f"Wrote {records_written} records to {out}." in result.stderr
    result = run("export", store, "--format", "spacy", "-o", tmp_path / "x.spacy")
    assert ("lost: news (alice): PERSON 'Sara Khan' at 69-78: not on token boundaries "
            "(the tokens there are ['said\\u200bSara', 'Khan'])") in result.stderr
    assert ("lost: news (alice): GPE 'England' at 152-159: overlaps another entity (kept ORG "
            "'Bank of England' at 144-159)") in result.stderr
    assert ("Lost in the spacy format: 2 spans (not on token boundaries: 1, overlaps "
            "another entity: 1), 1 relation.") in result.stderr
    result = run("export", store, "--format", "conll", "-o", tmp_path / "x.conll")
    assert ("Not part of the conll format (entities only): 1 claim span, 2 quote spans, "
            "3 relations.") in result.stderr
    assert "Articles nobody has annotated, left out: 1." in result.stderr
    assert "Language 'zz' has no usable spaCy tokenizer" in result.stderr


def test_strict_exits_1_and_writes_nothing(run, store, tmp_path):
    pytest.importorskip("spacy")
    out = tmp_path / "strict.conll"
    result = run("export", store, "--format", "conll", "-o", out, "--strict")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: 2 spans and 0 relations cannot be held by the conll format (strict): "
        "nothing written")
    assert "lost: news (alice): PERSON 'Sara Khan'" in result.stderr
    assert not list(tmp_path.glob("strict*"))
    result = run("export", store, "--format", "doccano", "-o", tmp_path / "d.jsonl", "--strict")
    assert result.exit_code == 0


def test_split_and_filters(run, store, tmp_path):
    out = tmp_path / "news.jsonl"
    result = run("export", store, "-o", out, "--split", "train=0.5,test=0.5", "--seed", "2",
                 "--annotator", "alice", "--label", "PERSON", "--label", "GPE")
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in tmp_path.glob("news.*.jsonl"))
    assert files == ["news.test.jsonl", "news.train.jsonl"]
    lines = [json.loads(line) for name in files
             for line in (tmp_path / name).read_text("utf-8").splitlines()]
    assert sorted(d["id"] for d in lines) == ["arabic", "news", "other"]
    labels = {s["label"] for d in lines for s in d["spans"]}
    assert labels == {"PERSON", "GPE"}
    assert "(train) to" in result.stderr and "(test) to" in result.stderr


def test_stdout_and_usage_errors(run, store, tmp_path):
    result = run("export", store, "--format", "doccano", "--status", "in progress")
    assert [json.loads(x)["annotator"] for x in result.stdout.splitlines()] == ["bob"]
    for args in (("--format", "spacy"), ("--split", "train=0.5,test=0.5"),
                 ("--format", "xml")):
        assert run("export", store, *args).exit_code == 2, args
    result = run("export", store, "-o", tmp_path / "x.jsonl", "--label", "WEAPON")
    assert result.exit_code == 1 and "no label 'WEAPON'" in result.stderr
    result = run("export", store, "-o", tmp_path / "x.jsonl", "--split", "a=0.5,b=0.2")
    assert result.exit_code == 1 and "add up to 0.7" in result.stderr


def test_without_spacy_one_line_says_how_to_install(run, store, tmp_path, monkeypatch):
    monkeypatch.setattr(tokens, "spacy_available", lambda: False)
    result = run("export", store, "--format", "prodigy", "-o", tmp_path / "p.jsonl")
    assert result.exit_code == 1
    assert result.stderr == ("Error: the prodigy format needs spaCy's tokenizer, which is not "
                             "installed; install it with: pip install 'annotator[spacy]'\n")
    assert not list(tmp_path.glob("p.jsonl*"))


def test_import_html_files_and_folders(run, tmp_path):
    path = tmp_path / "web.db"
    run("init", path)
    result = run("import", path, PAGES / "wordpress.html")
    assert result.exit_code == 0 and "1 article added" in result.output
    result = run("import", path, PAGES)
    assert result.exit_code == 1
    assert f"{PAGES / 'empty.html'}: no article text found" in result.stderr
    assert "1 article added" in result.output and "1 duplicate skipped" in result.output
    stats = json.loads(run("stats", path, "--json").stdout)
    assert stats["articles"] == 2


@pytest.mark.parametrize("split", [None, "train=0.5,dev=0.25,test=0.25"])
def test_a_full_disk_leaves_no_file_and_says_which(run, store, tmp_path, monkeypatch, split):
    from full_disk import fill_disk

    out = tmp_path / "out" / "news.jsonl"
    out.parent.mkdir()
    fill_disk(monkeypatch, 1000)
    result = run("export", store, "--format", "doccano", "-o", out,
                 *(("--split", split) if split else ()))
    assert result.exit_code == 1
    assert list(out.parent.iterdir()) == []
    last = result.stderr.strip().splitlines()[-1]
    assert ".part" not in last and "No space left on device" in last
    named = out if split is None else out.parent / "news.train.jsonl"
    assert f"'{named}'" in last, last

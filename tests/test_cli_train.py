"""`annotator train`: the JSON lines the window reads, one-line refusals that write nothing,
and a killed run that leaves no half-written model."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write_jsonl
from train_data import articles

from annotator.core import Store, default_schema, import_files

pytest.importorskip("spacy")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def news(tmp_path) -> Path:
    path = tmp_path / "news.db"
    store = Store.create(path, default_schema())
    import_files(store, [write_jsonl(tmp_path / "news.jsonl", articles(14))])
    store.close()
    return path


def command(*args: object) -> list[str]:
    return [sys.executable, "-m", "annotator", "train", *map(str, args)]


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_json_progress_is_one_object_a_line_in_the_contract(news, tmp_path):
    out = tmp_path / "models"
    result = subprocess.run(command(news, "-o", out, "--annotator", "alice", "--max-steps", 6,
                                    "--progress", "json", "--width", 16),
                            capture_output=True, text=True, env=environment(), timeout=120)
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events[0] == {"event": "start", "max_steps": 6, "train": 11, "eval": 3,
                         "labels": ["PERSON", "ORG", "QUOTE"]}
    assert events[-1] == {"event": "done", "model": str(out / "model-best"),
                          "report": str(out / "report.json")}
    steps = [e for e in events if e["event"] == "step"]
    assert steps and set(steps[-1]) == {"event", "step", "max_steps", "losses"}
    assert steps[-1]["step"] == 6 and set(steps[-1]["losses"]) == {"ner", "spancat"}
    evals = [e for e in events if e["event"] == "eval"]
    assert evals[-1]["step"] == 6 and set(evals[-1]["scores"]) == {"PERSON", "ORG", "QUOTE"}
    assert set(evals[-1]["scores"]["ORG"]) == {"p", "r", "f"}
    assert isinstance(evals[-1]["score"], float)
    report = json.loads((out / "report.json").read_text())
    assert report["articles"] == {"train": 11, "eval": 3}


def test_text_progress_prints_the_scores_table(run, news, tmp_path):
    before = signal.getsignal(signal.SIGINT)
    result = run("train", news, "-o", tmp_path / "m", "--layer", "alice", "--max-steps", 2,
                 "--width", 16)
    assert result.exit_code == 0, result.output
    assert "Training on 11 articles, 3 held out; labels PERSON, ORG, QUOTE; 2 steps." in (
        result.output)
    assert "overall" in result.output and "Wrote " in result.output
    assert signal.getsignal(signal.SIGINT) is before  # the command's handler is gone


@pytest.mark.parametrize(("args", "message"), [
    (("--labels", "PERSON,QUOTE,GPE"),
     ("Error: label GPE: 0 annotated article(s) (0 to train on, 0 held out); a label needs "
     "at least 5 to train on and 1 held out: annotate more, or leave it out with --labels")),
    ((), "Error: name the annotations to learn from: --layer gold or --annotator NAME"),
    (("--annotator", "bob"), "Error: no annotator 'bob' in this store (annotators: alice)"),
    (("--annotator", "alice", "--eval-split", "1.5"),
     "Error: --eval-split must be between 0 and 1, not 1.5"),
])
def test_refusals_are_one_line_exit_1_and_write_nothing(news, tmp_path, args, message):
    if args and args[0] == "--labels":
        args = ("--annotator", "alice", *args)
    out = tmp_path / "models"
    result = subprocess.run(command(news, "-o", out, *args, "--progress", "json"),
                            capture_output=True, text=True, env=environment(), timeout=120)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [message]
    assert result.stdout == ""
    assert not out.exists()


def test_a_killed_run_leaves_no_model_and_the_next_run_cleans_up(news, tmp_path):
    out = tmp_path / "models"
    process = subprocess.Popen(command(news, "-o", out, "--annotator", "alice", "--max-steps",
                                       100000, "--progress", "json", "--width", 16),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=environment())
    try:
        for line in process.stdout:  # type: ignore[union-attr]
            if json.loads(line)["event"] == "step":
                break
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()  # type: ignore[union-attr]
        process.stderr.close()  # type: ignore[union-attr]
    left = [p.name for p in out.iterdir()]
    assert "model-best" not in left and "report.json" not in left
    assert [name for name in left if name.startswith(".model-best.tmp-")]  # its temporary
    result = subprocess.run(command(news, "-o", out, "--annotator", "alice", "--max-steps", 2,
                                    "--width", 16),
                            capture_output=True, text=True, env=environment(), timeout=120)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["model-best", "report.json"]


def test_sigterm_stops_between_steps_and_leaves_nothing(news, tmp_path):
    out = tmp_path / "models"
    process = subprocess.Popen(command(news, "-o", out, "--annotator", "alice", "--max-steps",
                                       100000, "--progress", "json", "--width", 16),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=environment())
    for line in process.stdout:  # type: ignore[union-attr]
        if json.loads(line)["event"] == "step":
            break
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.splitlines() == ["Error: training was cancelled: nothing was written"]
    assert not out.exists()

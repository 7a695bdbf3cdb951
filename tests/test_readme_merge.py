"""The README's merge examples run as they are written: the blocks are read from the README
itself, so the examples cannot drift from what the commands do."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from conftest import write_jsonl

from annotator.core import History, Store
from annotator.core.operations import Accept
from annotator.core.review import load_candidates

README = Path(__file__).resolve().parent.parent / "README.md"
TEXT = "“No,” said Zarif in Tehran."


def readme_blocks(word: str) -> list[list[list[str]]]:
    """Every fenced shell block of the README that holds `word`, as its commands (words,
    comments left out)."""
    blocks = re.findall(r"```(?:sh|bash)\n(.*?)```", README.read_text(encoding="utf-8"),
                        flags=re.DOTALL)
    return [[shlex.split(line, comments=True) for line in block.splitlines()
             if shlex.split(line, comments=True)]
            for block in blocks if word in block]


def annotator_files(run, folder: Path) -> None:
    """What the examples name: alice's and bob's stores (their work marked done) and
    carol's JSONL export."""
    for who, spans in (("alice", [{"start": 11, "end": 16, "label": "PERSON"}]),
                       ("bob", [{"start": 11, "end": 16, "label": "PERSON"},
                                {"start": 20, "end": 26, "label": "GPE"}])):
        store = folder / f"{who}.db"
        run("init", store)
        records = [{"id": "a", "text": TEXT, "annotator": who, "status": "done",
                    "spans": spans}]
        assert run("import", store, write_jsonl(folder / f"{who}.jsonl", records)).exit_code == 0
    write_jsonl(folder / "carol-export.jsonl",
                [{"id": "a", "text": TEXT, "annotator": "carol", "status": "done",
                  "spans": [{"start": 0, "end": 5, "label": "QUOTE"}]}])


def review(path: Path) -> None:
    """Accept the name alice and bob both marked, as a reviewer in review mode."""
    with Store.open(path) as store:
        pk = store.annotations.article_by_id("a").pk
        agreed = next(c for c in load_candidates(store, pk, ["alice", "bob"])
                      if not c.disagreement)
        History(store, "rita").run(Accept(pk, agreed.kind, agreed.start, agreed.end,
                                          tuple(s.id for s in agreed.versions[0].spans),
                                          agreed.versions[0].annotators))


@pytest.mark.parametrize("block", range(2))
def test_the_readme_merge_examples_run(run, tmp_path, monkeypatch, block):
    blocks = readme_blocks("annotator merge")
    assert len(blocks) == 2  # Reviewing, and the merge command's own section
    monkeypatch.chdir(tmp_path)
    annotator_files(run, tmp_path)
    targets: set[str] = set()
    for words in blocks[block]:
        assert words[0] == "annotator"
        if words[1] == "gui":  # the reviewer's work in the window, done here through the core
            review(tmp_path / words[2])
            continue
        result = run(*words[1:])
        assert result.exit_code == 0, (words, result.output)
        if words[1] == "merge" and words[2] not in targets:
            # The first merge into a target that did not exist creates it.
            assert f"Created {words[2]} with the label schema of alice.db." in result.output
            targets.add(words[2])
    [target] = targets
    assert run("check", target).exit_code == 0
    exported = [json.loads(line) for line in run("export", target).stdout.splitlines()]
    assert {r["annotator"] for r in exported} >= {"alice", "bob"}
    if block == 0:
        [gold] = [json.loads(line) for line in Path("gold.jsonl").read_text().splitlines()]
        assert [s["text"] for s in gold["spans"]] == ["Zarif"]

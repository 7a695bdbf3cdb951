"""The export entry point shared by the CLI and the GUI: formats, filters, splits, progress,
cancelling, --strict, and what happens without spaCy."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys

import pytest
from conftest import write_jsonl
from export_data import build

from annotator.core import DataError, Store, default_schema, import_files
from annotator.core.io import (
    ExportCancelled,
    ExportLossError,
    SpacyMissing,
    export_formats,
    export_to_path,
    tokens,
)
from annotator.core.io.splits import assign_parts, parse_split, part_path


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def many(store: Store, tmp_path, n: int = 100) -> None:
    import_files(store, [write_jsonl(tmp_path / "many.jsonl", [
        {"id": f"a{i}", "text": f"Article number {i} about Basra.", "annotator": "alice",
         "spans": [{"start": len(f"Article number {i} about "),
                    "end": len(f"Article number {i} about Basra"), "label": "GPE"}]}
        for i in range(n)])])


def test_the_formats_a_dialog_lists():
    formats = {f.name: f for f in export_formats()}
    assert list(formats) == ["jsonl", "prodigy", "doccano", "conll", "spacy"]
    assert [(f.extension, f.needs_spacy, f.binary) for f in formats.values()] == [
        (".jsonl", False, False), (".jsonl", True, False), (".jsonl", False, False),
        (".conll", True, False), (".spacy", True, True)]
    assert formats["jsonl"].lossless and not formats["spacy"].lossless


def test_jsonl_through_the_entry_point_is_the_project_export(store, tmp_path):
    build(store, tmp_path)
    path = tmp_path / "all.jsonl"
    summary = export_to_path(store, path, "jsonl")
    assert summary.lossless and summary.records == 5
    assert [(d["id"], d["annotator"]) for d in lines(path)] == [
        ("news", "alice"), ("news", "bob"), ("arabic", "alice"), ("other", "alice"),
        ("untouched", None)]
    assert b"".join(store.reports.export_lines()) == path.read_bytes().replace(b"\n", b"")


def test_label_filter_keeps_relations_between_kept_spans_only(store, tmp_path):
    build(store, tmp_path)
    path = tmp_path / "people.jsonl"
    export_to_path(store, path, "jsonl", annotator="alice", labels=["QUOTE", "PERSON"])
    news = lines(path)[0]
    assert [s["text"] for s in news["spans"]] == [
        "“We will not leave Baghdad,”", "Ali Hassan", "“Nobody is safe,”", "Sara Khan"]
    ids = {s["id"]: s["text"] for s in news["spans"]}
    assert [(ids[r["head"]], ids[r["child"]], r["label"]) for r in news["relations"]] == [
        ("“We will not leave Baghdad,”", "Ali Hassan", "SPEAKER"),
        ("“Nobody is safe,”", "Sara Khan", "SPEAKER")]  # not SOURCE: its ends are gone
    with pytest.raises(DataError, match="no label 'WEAPON'"):
        export_to_path(store, tmp_path / "x.jsonl", "jsonl", labels=["WEAPON"])
    assert not (tmp_path / "x.jsonl").exists()


def test_status_filter(store, tmp_path):
    build(store, tmp_path)
    path = tmp_path / "done.jsonl"
    export_to_path(store, path, "doccano", status="in progress")
    assert [(d["id"], d["annotator"]) for d in lines(path)] == [("news", "bob")]


def test_split_is_deterministic_proportional_and_by_article(store, tmp_path):
    many(store, tmp_path)
    bob = [{"id": f"a{i}", "text": f"Article number {i} about Basra.", "annotator": "bob"}
           for i in range(0, 100, 7)]
    import_files(store, [write_jsonl(tmp_path / "bob.jsonl", bob)])
    path = tmp_path / "out" / "news.jsonl"
    path.parent.mkdir()
    summary = export_to_path(store, path, "jsonl", split="train=0.8,dev=0.1,test=0.1",
                             seed=3)
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "news.dev.jsonl", "news.test.jsonl", "news.train.jsonl"]
    parts = {f.part: {d["id"] for d in lines(path.parent / f"news.{f.part}.jsonl")}
             for f in summary.files}
    assert {name: len(ids) for name, ids in parts.items()} == {"train": 80, "dev": 10,
                                                                "test": 10}
    assert set().union(*parts.values()) == {f"a{i}" for i in range(100)}
    for name in parts:  # both layers of an article go to the same part
        annotators = {d["annotator"] for d in lines(path.parent / f"news.{name}.jsonl")
                      if d["id"] == "a0"}
        assert annotators in (set(), {"alice", "bob"})
    again = export_to_path(store, path, "jsonl", split="train=0.8,dev=0.1,test=0.1", seed=3)
    assert [f.records for f in again.files] == [f.records for f in summary.files]
    assert {d["id"] for d in lines(path.parent / "news.test.jsonl")} == parts["test"]
    export_to_path(store, path, "jsonl", split="train=0.8,dev=0.1,test=0.1", seed=4)
    assert {d["id"] for d in lines(path.parent / "news.test.jsonl")} != parts["test"]


def test_same_text_hash_stays_in_one_part():
    groups = [(pk, f"hash{pk // 2}") for pk in range(1, 201)]  # pairs of near-duplicates
    for seed in range(5):
        parts = assign_parts(groups, {"train": 0.5, "test": 0.5}, seed)
        by_hash: dict[str, set[str]] = {}
        for pk, digest in groups:
            by_hash.setdefault(digest, set()).add(parts[pk])
        assert all(len(names) == 1 for names in by_hash.values())
        assert abs(sum(name == "train" for name in parts.values()) - 100) <= 1
    same = assign_parts(groups, {"train": 0.5, "test": 0.5}, 1)
    assert same == assign_parts(list(reversed(groups)), {"train": 0.5, "test": 0.5}, 1)


@pytest.mark.parametrize(("spec", "message"), [
    ("train=0.8,test=0.1", "add up to 0.9"), ("train=0.8", "needs at least two"),
    ("train=x,test=0.5", "not a number"), ("train=0.5,train=0.5", "named twice"),
    ("tr/ain=0.5,test=0.5", "may only have"), ("train", "NAME=FRACTION")])
def test_bad_split_specs(spec, message):
    with pytest.raises(DataError, match=message):
        parse_split(spec)


def test_part_paths():
    from pathlib import Path

    assert part_path(Path("d/news.spacy"), "dev", ".spacy") == Path("d/news.dev.spacy")
    assert part_path(Path("d/news"), "dev", ".conll") == Path("d/news.dev.conll")


def test_progress_adds_up_and_cancel_leaves_nothing(store, tmp_path):
    many(store, tmp_path, 250)
    seen: list[int] = []
    export_to_path(store, tmp_path / "a.jsonl", "doccano", progress=seen.append)
    assert sum(seen) == 250 and len(seen) == 3
    calls = iter(range(1000))
    with pytest.raises(ExportCancelled):
        export_to_path(store, tmp_path / "b.jsonl", "doccano", split="train=0.5,test=0.5",
                       cancelled=lambda: next(calls) >= 120)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl", "many.jsonl"]


def test_strict_refuses_a_lossy_export_and_writes_nothing(store, tmp_path):
    pytest.importorskip("spacy")
    build(store, tmp_path)
    with pytest.raises(ExportLossError) as caught:
        export_to_path(store, tmp_path / "x.conll", "conll", strict=True)
    assert caught.value.summary.spans_lost == 2
    assert not list(tmp_path.glob("x.conll*"))
    summary = export_to_path(store, tmp_path / "x.jsonl", "doccano", strict=True)
    assert summary.lossless


def test_without_spacy_a_one_line_message_and_no_file(store, tmp_path, monkeypatch):
    monkeypatch.setattr(tokens, "spacy_available", lambda: False)
    for fmt in ("prodigy", "conll", "spacy"):
        with pytest.raises(SpacyMissing) as caught:
            export_to_path(store, tmp_path / f"x.{fmt}", fmt)
        assert str(caught.value) == (
            f"the {fmt} format needs spaCy's tokenizer, which is not installed; install it "
            "with: pip install 'annotator[spacy]'")
    assert list(tmp_path.iterdir()) == []
    export_to_path(store, tmp_path / "x.jsonl", "doccano")  # no spaCy needed


def test_export_never_overwrites_its_store(tmp_path):
    path = tmp_path / "news.db"
    Store.create(path, default_schema()).close()
    store = Store.open(path)
    before = path.read_bytes()
    with pytest.raises(DataError, match="would overwrite the store"):
        export_to_path(store, path, "jsonl")
    store.close()
    assert path.read_bytes() == before


def test_the_core_loads_neither_spacy_nor_trafilatura():
    code = ("import sys, annotator.core, annotator.core.io, annotator.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('spacy', 'trafilatura', 'thinc')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("split", [None, "train=0.5,dev=0.25,test=0.25"])
@pytest.mark.parametrize("fmt", ["doccano", "conll"])
def test_a_full_disk_leaves_no_file_and_names_the_users_path(store, tmp_path, monkeypatch,
                                                             fmt, split):
    from full_disk import fill_disk

    if fmt == "conll":
        pytest.importorskip("spacy")
    many(store, tmp_path, 200)
    out = tmp_path / "out" / "news.jsonl"
    out.parent.mkdir()
    fill_disk(monkeypatch, 3000)
    with pytest.raises(OSError, match=os.strerror(errno.ENOSPC)) as caught:
        export_to_path(store, out, fmt, split=split)
    assert caught.value.errno == errno.ENOSPC
    assert list(out.parent.iterdir()) == []
    assert ".part" not in str(caught.value)
    assert str(caught.value.filename).startswith(str(out.parent / "news."))


def test_a_failed_rename_leaves_none_of_the_parts(store, tmp_path, monkeypatch):
    from annotator.core.io import part_files

    many(store, tmp_path, 50)
    out = tmp_path / "out" / "news.jsonl"
    out.parent.mkdir()
    real, calls = part_files.os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise PermissionError(errno.EACCES, "Permission denied", str(src))
        real(src, dst)

    monkeypatch.setattr(part_files.os, "replace", replace)
    with pytest.raises(PermissionError) as caught:
        export_to_path(store, out, "doccano", split="train=0.5,test=0.5")
    assert caught.value.filename == str(out.parent / "news.test.jsonl")
    assert list(out.parent.iterdir()) == []

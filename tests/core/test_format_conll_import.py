"""CoNLL / IOB files read into articles: the text rebuilt from the tokens, spans from the
tags (IOB1, IOB2, BIOES), and written back as read."""

from __future__ import annotations

import json

import pytest
from conftest import table_counts

from annotator.core import import_files
from annotator.core.io import export_to_path
from annotator.core.io.jsonl import export_jsonl

OURS = ("-DOCSTART- -X- O O\n\n"
        "Angela\tB-PERSON\nMerkel\tI-PERSON\nvisited\tO\nNew\tB-GPE\nYork\tI-GPE\n.\tO\n\n"
        "She\tO\nleft\tO\n.\tO\n\n"
        "-DOCSTART- -X- O O\n\n"
        "Oslo\tB-GPE\nis\tO\ncold\tO\n\n")


def lines(store, tmp_path) -> list[dict]:
    out = tmp_path / "out.jsonl"
    with out.open("wb") as handle:
        export_jsonl(store, handle)
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()]


def spans_of(line: dict) -> list[tuple[str, str]]:
    return [(s["text"], s["label"]) for s in line["spans"]]


def test_conll_to_store_to_conll_is_identical(store, tmp_path):
    pytest.importorskip("spacy")
    path = tmp_path / "news.conll"
    path.write_text(OURS, encoding="utf-8")
    summary = import_files(store, [path])
    assert (summary.articles_added, summary.spans_added, summary.errors) == (2, 3, [])
    first, second = lines(store, tmp_path)
    assert first["text"] == "Angela Merkel visited New York .\nShe left ."
    assert spans_of(first) == [("Angela Merkel", "PERSON"), ("New York", "GPE")]
    assert (second["text"], first["status"]) == ("Oslo is cold", "done")
    out = tmp_path / "back.conll"
    export_to_path(store, out, "conll")
    assert out.read_text("utf-8") == OURS


@pytest.mark.parametrize(("tags", "expected"), [
    # IOB1: I- begins an entity; B- only between two of one type
    (["I-PER", "I-PER", "B-PER", "O", "I-LOC"],
     [("a b", "PER"), ("c", "PER"), ("e", "LOC")]),
    # BIOES (and BILOU's L- and U-)
    (["B-PER", "E-PER", "S-LOC", "O", "U-ORG"], [("a b", "PER"), ("c", "LOC"), ("e", "ORG")]),
    (["B-PER", "I-PER", "L-PER", "O", "O"], [("a b c", "PER")]),
])
def test_iob1_and_bioes(store, tmp_path, tags, expected):
    path = tmp_path / "x.iob"
    path.write_text("".join(f"{token} -X- _ {tag}\n" for token, tag in zip("abcde", tags,
                                                                       strict=True)),
                    encoding="utf-8")
    summary = import_files(store, [path])
    assert not summary.errors
    (line,) = lines(store, tmp_path)
    assert line["text"] == "a b c d e"
    assert spans_of(line) == expected


@pytest.mark.parametrize(("content", "line", "message"), [
    ("a\tB-PER\nb\tI-LOC\n", 2, "I-LOC inside a PER: an entity begins with B-"),
    ("a\tO\nb\tB-PER\n\nc\tO\nd\tI-PER\n", 5, "I-PER after O: an entity begins with B-"),
    ("a\tB-PER\nb\tO\nc\tS-LOC\n", 2, "O after B-PER: a BIOES entity ends with E-"),
    ("a\tO\nb\tX-PER\n", 2, "'X-PER' is not a tag (O, B-X, I-X, E-X or S-X)"),
    ("a\tO\nlonely\n", 2, "expected a token and a tag, not 'lonely'"),
])
def test_malformed_tags_are_file_line_errors_and_nothing_is_stored(store, tmp_path, content,
                                                                     line, message):
    path = tmp_path / "bad.bio"
    path.write_text(content, encoding="utf-8")
    summary = import_files(store, [path])
    assert [str(p) for p in summary.errors] == [f"{path}:{line}: {message}"]
    assert table_counts(store)["articles"] == 0

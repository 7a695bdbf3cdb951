"""The CoNLL export parsed as a trainer would: valid IOB2, and the entities it spells out are
the stored ones, less exactly the reported losses."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import write_jsonl
from export_data import MISALIGNED, OVERLAPPING, build, lost, stored

from annotator.core import import_files
from annotator.core.io import export_to_path
from annotator.core.kinds import REGISTRY, kind_named

pytest.importorskip("spacy")  # installed by ./run and CI (the `spacy` extra)


def parse(data: str) -> list[list[list[tuple[str, str]]]]:
    """Documents of sentences of (token, tag); asserts the file's layout on the way."""
    assert data.endswith("\n") and "\r" not in data
    documents: list[list[list[tuple[str, str]]]] = []
    sentence: list[tuple[str, str]] = []
    for line in data.split("\n"):
        if line == "-DOCSTART- -X- O O":
            assert not sentence
            documents.append([])
        elif line == "":
            if sentence:
                documents[-1].append(sentence)
                sentence = []
        else:
            token, tag = line.split("\t")  # exactly one tab
            assert token and not token.isspace() and token == token.strip()
            sentence.append((token, tag))
    assert not sentence
    return documents


def check_iob2(sentence: list[tuple[str, str]]) -> None:
    previous = "O"
    for _token, tag in sentence:
        assert tag == "O" or tag[:2] in ("B-", "I-"), tag
        if tag.startswith("I-"):
            assert previous != "O" and previous[2:] == tag[2:], (previous, tag)
        previous = tag


def entities(text: str, document: list[list[tuple[str, str]]]) -> set[tuple]:
    """(start, end, label, text) of each entity, finding each token in the text in order."""
    found, position, current = set(), 0, None
    for sentence in document:
        for token, tag in sentence:
            start = text.index(token, position)
            assert text[position:start].strip() == "" or "\u200b" in token
            position = start + len(token)
            if tag.startswith("B-") or tag == "O":
                if current:
                    found.add(current)
                current = None if tag == "O" else (start, position, tag[2:])
            else:
                current = (current[0], position, current[2])
        if current:
            found.add(current)
            current = None
    return {(s, e, label, text[s:e]) for s, e, label in found}


def test_valid_iob2_with_the_stored_entities(store, tmp_path):
    build(store, tmp_path)
    path = tmp_path / "news.conll"
    summary = export_to_path(store, path, "conll")
    documents = parse(path.read_text("utf-8"))
    assert len(documents) == 4  # news by alice and bob, arabic, other; not the untouched
    for document in documents:
        for sentence in document:
            check_iob2(sentence)
    assert lost(summary) == MISALIGNED | OVERLAPPING
    assert summary.left_out == {"quote spans": 2, "claim spans": 1, "relations": 3}
    order = [("news", "alice"), ("news", "bob"), ("arabic", "alice"), ("other", "alice")]
    for (article, annotator), document in zip(order, documents, strict=True):
        text = store.annotations.article_by_id(article).text
        spans, _ = stored(store, article, annotator)
        expected = {s for s in spans if s[2] not in ("QUOTE", "CLAIM")
                    and s[3] not in ("Sara Khan", "England")}
        assert entities(text, document) == expected


def test_sentences_break_at_lines_and_stops_but_never_inside_an_entity(store, tmp_path):
    build(store, tmp_path)
    path = tmp_path / "news.conll"
    export_to_path(store, path, "conll", annotator="alice", labels=["ORG", "PERSON"])
    news = parse(path.read_text("utf-8"))[0]
    firsts = [sentence[0][0] for sentence in news]
    assert firsts == ["“", "“", "The", "The"]
    port = next(s for s in news if ("Port", "B-ORG") in s)
    assert ("Authority", "I-ORG") in port  # the line break inside the entity did not split it
    assert ("Bank", "B-ORG") in news[3] and ("England", "I-ORG") in news[3]
    assert ("said\u200bSara", "O") in news[1]  # the glued token, untagged (reported)


def test_the_kinds_tagged_follow_the_registry(store, tmp_path, monkeypatch):
    text = "Ali Hassan said the port is shut. Rates fell."
    write_jsonl(tmp_path / "k.jsonl", [{"id": "k", "text": text, "annotator": "alice", "spans": [
        {"start": 0, "end": 10, "label": "PERSON"}, {"start": 16, "end": 32, "label": "QUOTE"},
        {"start": 34, "end": 45, "label": "CLAIM"}]}])
    assert not import_files(store, [tmp_path / "k.jsonl"]).errors
    monkeypatch.setitem(REGISTRY, "quote", replace(kind_named("quote"), ner=True))
    monkeypatch.setitem(REGISTRY, "entity", replace(kind_named("entity"), ner=False))
    path = tmp_path / "k.conll"
    summary = export_to_path(store, path, "conll")
    [document] = parse(path.read_text("utf-8"))
    assert entities(text, document) == {(16, 32, "QUOTE", "the port is shut")}
    assert summary.left_out == {"entity spans": 1, "claim spans": 1}

"""Import and merge ask the rulebook: repeats kept once, bad values as FILE:LINE errors, the
gold name refused, and the good files of the same command stored all the same."""

from __future__ import annotations

import json

import pytest
from conftest import write_jsonl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core import DataError, Store, default_schema, import_files
from annotator.core.io.jsonl import export_jsonl
from annotator.core.merge import merge_stores

TEXT = "“We will respond,” Zarif said in Tehran."
QUOTE = {"start": 0, "end": 18, "label": "QUOTE"}
ZARIF = {"start": 19, "end": 24, "label": "PERSON"}


def good_file(tmp_path):
    return write_jsonl(tmp_path / "good.jsonl", [{"id": "good", "text": "Zarif spoke.",
                                                  "annotator": "alice", "spans": [
                                                      {"start": 0, "end": 5,
                                                       "label": "PERSON"}]}])


def record(**changes) -> dict:
    base = {"id": "a", "text": TEXT, "annotator": "alice",
            "spans": [dict(QUOTE, id="q"), dict(ZARIF, id="z")],
            "relations": [{"head": "q", "child": "z", "label": "SPEAKER"}]}
    base.update(changes)
    return base


def test_a_span_given_twice_is_stored_once_and_reported(store, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [record(spans=[QUOTE, ZARIF, dict(ZARIF)],
                                                     relations=[])])
    summary = import_files(store, [path])
    assert summary.errors == []
    article = store.annotations.article_by_id("a")
    assert [(s.start, s.end, s.label) for s in store.annotations.spans(article.pk, "alice")] == [
        (0, 18, "QUOTE"), (19, 24, "PERSON")]
    assert summary.spans_added == 2 and summary.repeats_dropped == 1
    assert [str(p) for p in summary.repeats] == [
        f"{path}:1: span 2 repeats span 1 (PERSON 19-24): kept once"]


def test_a_relation_given_twice_is_stored_once_with_the_good_files(store, tmp_path):
    # a real Prodigy file holds the same link twice; it once aborted the whole command
    link = {"head_span": QUOTE, "child_span": ZARIF, "label": "SPEAKER"}
    prodigy = write_jsonl(tmp_path / "prodigy.jsonl", [
        {"text": TEXT, "spans": [QUOTE, ZARIF], "relations": [link, dict(link)],
         "answer": "accept", "meta": {"id": "p"}}])
    good = good_file(tmp_path)
    summary = import_files(store, [prodigy, good])
    assert summary.errors == [] and summary.relations_added == 1
    assert [str(p) for p in summary.repeats] == [
        f"{prodigy}:1: relation 1 repeats a SPEAKER link between the same spans: kept once"]
    assert store.annotations.article_by_id("good") is not None


def test_repeated_spans_with_links_keep_the_links_on_the_one_kept(store, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [record(
        spans=[dict(QUOTE, id="q"), dict(ZARIF, id="z"), dict(ZARIF, id="z2")],
        relations=[{"head": "q", "child": "z", "label": "SPEAKER"},
                   {"head": "q", "child": "z2", "label": "SPEAKER"}])])
    summary = import_files(store, [path])
    assert summary.errors == [] and summary.repeats_dropped == 2
    pk = store.annotations.article_by_id("a").pk
    (rel,) = store.annotations.relations(pk)
    assert store.annotations.span(rel.child).label == "PERSON"


@pytest.mark.parametrize(("bad", "message"), [
    ({"spans": [dict(QUOTE, id=["q"]), ZARIF], "relations": []},
     "span 0: id must be a string or a number, not a list"),
    ({"spans": [dict(QUOTE, id={"q": 1}), ZARIF], "relations": []},
     "span 0: id must be a string or a number, not an object"),
    ({"relations": [{"head": ["q"], "child": "z", "label": "SPEAKER"}]},
     "relation 0: head ['q'] is not the id of a span of this record"),
    ({"relations": [{"head": "q", "child": {"z": 1}, "label": "SPEAKER"}]},
     "relation 0: child {'z': 1} is not the id of a span of this record"),
    ({"relations": [{"head": "z", "child": "z", "label": "SAME_AS"}]},  # a new label:
     "relation 0: a span cannot be linked to itself"),              # no ends constrained
    ({"annotator": "gold"}, "the annotator name 'gold' is reserved"),
    ({"spans": [dict(QUOTE, attrs={"type": "shouted"})], "relations": []},
     "type of a quote must be one of direct, indirect, partial, not 'shouted'"),
    ({"spans": [dict(ZARIF, attrs={"type": "direct"})], "relations": []},
     "an entity has no attribute 'type'"),
])
def test_a_bad_value_is_a_file_line_error_and_the_good_file_is_stored(store, tmp_path, bad,
                                                                    message):
    path = write_jsonl(tmp_path / "bad.jsonl", [{"id": "ok", "text": "Fine."}, record(**bad)])
    summary = import_files(store, [path, good_file(tmp_path)])
    assert summary.failed_files == [str(path)]
    assert str(summary.errors[0]).startswith(f"{path}:2: ")
    assert message in str(summary.errors[0])
    assert store.annotations.article_by_id("a") is None
    assert store.annotations.article_by_id("ok") is None
    assert store.annotations.article_by_id("good") is not None


def test_doccano_entity_ids_that_are_lists_are_errors(store, tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", [{
        "text": TEXT, "entities": [{"id": [1], "start_offset": 0, "end_offset": 18,
                                    "label": "QUOTE"}],
        "relations": [{"from_id": [1], "to_id": {"a": 1}, "type": "SPEAKER"}]}])
    summary = import_files(store, [path, good_file(tmp_path)])
    assert [str(p) for p in summary.errors] == [
        f"{path}:1: entity 0: id must be a string or a number, not a list"]
    assert store.annotations.article_by_id("good") is not None


@pytest.mark.parametrize("field", ["meta", "attrs"])
def test_json_nested_100000_deep_is_an_error_and_the_good_file_is_stored(store, tmp_path,
                                                                         field):
    deep = "[" * 100_000 + "]" * 100_000
    line = json.dumps(record(spans=[QUOTE], relations=[]))
    line = (line.replace('"label": "QUOTE"}', '"label": "QUOTE", "attrs": {"type": DEEP}}')
            if field == "attrs" else line[:-1] + ', "meta": {"x": DEEP}}')
    path = tmp_path / "deep.jsonl"
    path.write_text(line.replace("DEEP", deep) + "\n", encoding="utf-8")
    summary = import_files(store, [path, good_file(tmp_path)])
    assert [str(p) for p in summary.errors] == [
        f"{path}:1: invalid JSON: nested more than 100 levels deep"]
    assert store.annotations.article_by_id("good") is not None


def test_json_nested_deep_is_an_error_in_a_merge_too(store, tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text('{"text": "x", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    summary = merge_stores(store, [path, good_file(tmp_path)])
    assert [str(p) for p in summary.errors] == [
        f"{path}:1: invalid JSON: nested more than 100 levels deep"]
    assert store.annotations.article_by_id("good") is not None


def test_the_gold_name_is_refused_as_the_default_annotator(store, tmp_path):
    with pytest.raises(DataError, match="--annotator: the annotator name 'gold' is reserved"):
        import_files(store, [good_file(tmp_path)], annotator="gold")
    assert store.annotations.article_by_id("good") is None


def test_a_merge_of_a_jsonl_with_repeats_keeps_one(store, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [record(
        spans=[dict(QUOTE, id="q"), dict(ZARIF, id="z"), dict(QUOTE, id="q2")],
        relations=[{"head": "q", "child": "z", "label": "SPEAKER"},
                   {"head": "q2", "child": "z", "label": "SPEAKER"}])])
    summary = merge_stores(store, [path])
    assert summary.errors == [] and summary.repeats_dropped == 2
    pk = store.annotations.article_by_id("a").pk
    assert len(store.annotations.spans(pk,
                                       "alice")) == 2 and len(store.annotations.relations(pk)) == 1


# -- random JSON in every field the importer reads ------------------------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8)

_FIELDS = [("id",), ("text",), ("title",), ("meta",), ("annotator",), ("status",),
           ("spans",), ("relations",), ("answer",), ("spans", 0, "start"), ("spans", 0, "end"),
           ("spans", 0, "label"), ("spans", 0, "id"), ("spans", 0, "attrs"),
           ("spans", 0, "kind"), ("spans", 0, "text"), ("spans", 0, "origin"),
           ("relations", 0, "head"), ("relations", 0, "child"), ("relations", 0, "label"),
           ("entities",), ("label",)]


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(_FIELDS), _json)
def test_any_json_value_in_any_field_stores_all_or_gives_a_file_line_error(tmp_path_factory,
                                                                           where, value):
    folder = tmp_path_factory.mktemp("h")
    item = record()
    target = item
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    path = write_jsonl(folder / "any.jsonl", [item])
    store = Store.memory(default_schema())
    summary = import_files(store, [path, good_file(folder)])  # never a traceback
    assert store.annotations.article_by_id("good") is not None
    if summary.errors:
        assert all(str(p).startswith(f"{path}:1: ") for p in summary.errors)
        assert store.annotations.article_by_id("a") is None
    else:  # what was stored exports and passes the check
        with (folder / "out.jsonl").open("wb") as out:
            export_jsonl(store, out)
        assert store.reports.check() == []


def test_a_merge_refuses_a_self_link_from_a_jsonl_or_a_store(store, tmp_path):
    path = write_jsonl(tmp_path / "self.jsonl", [record(
        relations=[{"head": "z", "child": "z", "label": "SAME_AS"}])])
    source = tmp_path / "source.db"
    with Store.create(source, default_schema()) as other:
        import_files(other, [write_jsonl(tmp_path / "s.jsonl", [record(id="s", relations=[
            {"head": "q", "child": "z", "label": "SAME_AS"}])])])
        other.conn.execute("UPDATE relations SET child = head")  # a hand-edited store
        other.conn.commit()
    summary = merge_stores(store, [path, source, good_file(tmp_path)])
    assert [str(p) for p in summary.errors] == [
        f"{path}:1: relation 0: a span cannot be linked to itself",
        f"{source}: article s: relation 0: a span cannot be linked to itself"]
    assert store.annotations.article_by_id("good") is not None
    assert store.annotations.article_by_id("a") is None
    assert store.annotations.article_by_id("s") is None


_DOCCANO_FIELDS = [("entities", 0, "id"), ("entities", 0, "start_offset"),
                   ("entities", 0, "end_offset"), ("entities", 0, "label"),
                   ("relations", 0, "from_id"), ("relations", 0, "to_id"),
                   ("relations", 0, "type"), ("entities", 0), ("relations", 0)]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(_DOCCANO_FIELDS), _json)
def test_any_json_value_in_a_doccano_field_is_stored_or_a_file_line_error(tmp_path_factory,
                                                                          where, value):
    folder = tmp_path_factory.mktemp("d")
    item = {"id": "d", "text": TEXT, "entities": [
        {"id": 1, "start_offset": 0, "end_offset": 18, "label": "QUOTE"},
        {"id": 2, "start_offset": 19, "end_offset": 24, "label": "PERSON"}],
        "relations": [{"from_id": 1, "to_id": 2, "type": "SPEAKER"}]}
    target = item
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    store = Store.memory(default_schema())
    summary = import_files(store, [write_jsonl(folder / "d.jsonl", [item]), good_file(folder)])
    assert store.annotations.article_by_id("good") is not None
    assert all(":1: " in str(p) for p in summary.errors)
    assert store.reports.check() == []

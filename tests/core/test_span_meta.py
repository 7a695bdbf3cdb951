"""A span's meta (store migration 0010, `span_meta`): written by a suggest run, carried by
the JSONL export and import, by accepting a suggestion (and its undo and redo) and by
merges; a store of any earlier version upgrades to it."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import table_counts, write_jsonl

from annotator.core import (
    AddSpan,
    DeleteSpan,
    History,
    Store,
    default_schema,
    export_jsonl,
    import_files,
    merge_stores,
)
from annotator.core.operations import AcceptAllSuggestions, AcceptSuggestion, RejectSuggestion
from annotator.core.suggest import ProposedLink, ProposedSpan, Suggestions
from annotator.core.suggest.running import run_suggestions

V1_STORE = Path(__file__).parent.parent / "data" / "store-v1.db"
TEXT = 'Layla Haddad said the port would reopen. "We are ready," she said in Basra 😀.'
NOTE = {"speaker_name": "Layla Haddad", "sure": None, "seen": [1, "二"]}


def at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


class Finder:
    """A source giving the pronoun speaker's quote a meta, as the quote finder does."""

    name = "finder"

    def __init__(self, meta: dict | None = None) -> None:
        self.meta = NOTE if meta is None else meta

    def suggest(self, articles, labels):
        for article in articles:
            yield Suggestions(article.id, [
                ProposedSpan("q", *at('"We are ready,"'), "QUOTE", {"type": "direct"},
                             dict(self.meta)),
                ProposedSpan("s", *at("she"), "PERSON"),
                ProposedSpan("b", *at("Basra"), "GPE"),
            ], [ProposedLink("q", "s", "SPEAKER")])


@pytest.fixture
def news(store, tmp_path):
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT}])])
    return store


def pk(store: Store) -> int:
    return store.annotations.article_by_id("a").pk


def metas(store: Store, layer: str) -> dict[str, dict]:
    """The meta of a layer's spans that have one, by the span's text."""
    spans = {s.id: s.text for s in store.annotations.spans(pk(store), layer)}
    return {spans[span]: meta
            for span, meta in store.annotations.layer_span_meta(pk(store), layer).items()}


def meta_rows(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM span_meta").fetchone()[0]


def exported(store: Store) -> bytes:
    out = io.BytesIO()
    export_jsonl(store, out)
    return out.getvalue()


# -- the suggest run ----------------------------------------------------------------------

def test_the_quote_finder_s_speaker_name_is_stored_for_a_pronoun_speaker(store, tmp_path):
    pytest.importorskip("spacy")
    from annotator.core.suggest.running import make_sources
    text = 'Layla Haddad said the port would reopen. "We are ready," she said.'
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": text}])])
    run_suggestions(store, make_sources(store, ["quotes"]))
    quotes = metas(store, "suggested")
    assert quotes['"We are ready,"'] == {"speaker_name": "Layla Haddad"}
    article = pk(store)
    speaker = {r.head: r.child for r in store.annotations.relations(article, "suggested")}
    spans = {s.id: s for s in store.annotations.spans(article, "suggested")}
    [quote] = [s for s in spans.values() if s.text == '"We are ready,"']
    assert spans[speaker[quote.id]].text == "she"  # linked to the pronoun, named in meta


def test_a_run_stores_each_new_span_s_meta_and_a_second_run_leaves_no_orphans(news):
    run_suggestions(news, [Finder()])
    assert metas(news, "suggested") == {'"We are ready,"': NOTE}
    run_suggestions(news, [Finder({"speaker_name": "Someone Else"})])
    assert metas(news, "suggested") == {'"We are ready,"': {"speaker_name": "Someone Else"}}
    assert meta_rows(news) == 1
    run_suggestions(news, [Finder({})])
    assert metas(news, "suggested") == {} and meta_rows(news) == 0


# -- export and import --------------------------------------------------------------------

def test_jsonl_carries_span_meta_and_the_round_trip_is_identical(news, tmp_path):
    run_suggestions(news, [Finder()])
    first = exported(news)
    [line] = [json.loads(raw) for raw in first.splitlines()
              if json.loads(raw)["annotator"] == "suggested"]
    assert [span.get("meta") for span in line["spans"]] == [NOTE, None, None]
    assert "meta" not in line["spans"][1]  # a span without meta has no key
    (tmp_path / "out.jsonl").write_bytes(first)
    again = Store.memory(default_schema())
    summary = import_files(again, [tmp_path / "out.jsonl"])
    assert not summary.errors
    assert metas(again, "suggested") == {'"We are ready,"': NOTE}
    assert exported(again) == first


def test_an_export_without_meta_is_as_before(news):
    """No span has meta: no span line has the key (what older exports were)."""
    History(news, "alice").run(AddSpan(pk(news), "alice", *at("Basra"), "GPE"))
    [line] = [json.loads(raw) for raw in exported(news).splitlines()]
    assert line["spans"] and all("meta" not in span for span in line["spans"])


@pytest.mark.parametrize("meta", [["speaker_name"], "Layla Haddad", 3])
def test_a_span_meta_that_is_not_an_object_is_refused_with_file_and_line(store, tmp_path,
                                                                          meta):
    good = {"id": "g", "text": TEXT}
    bad = {"id": "a", "text": TEXT, "annotator": "alice",
           "spans": [{"start": 0, "end": 12, "label": "PERSON", "meta": meta}]}
    path = write_jsonl(tmp_path / "bad.jsonl", [good, bad])
    summary = import_files(store, [path])
    assert [str(p) for p in summary.errors] == [
        f'{path}:2: span 0: "meta" must be an object, not '
        + {list: "a list", str: "a string", int: "a number"}[type(meta)]]
    assert table_counts(store)["articles"] == 0 and meta_rows(store) == 0


def test_other_people_s_eval_files_keep_their_span_meta(store, tmp_path):
    path = write_jsonl(tmp_path / "eval.jsonl", [{
        "id": "e1", "text": TEXT, "annotator": "eval",
        "spans": [{"start": at('"We are ready,"')[0], "end": at('"We are ready,"')[1],
                   "label": "QUOTE", "meta": {"speaker_name": "Layla Haddad"}},
                  {"start": 0, "end": 12, "label": "PERSON", "meta": None}]}])
    assert not import_files(store, [path]).errors
    spans = {s.id: s.text for s in store.annotations.spans(
        store.annotations.article_by_id("e1").pk, "eval")}
    stored = store.annotations.layer_span_meta(store.annotations.article_by_id("e1").pk, "eval")
    assert {spans[k]: v for k, v in stored.items()} == {
        '"We are ready,"': {"speaker_name": "Layla Haddad"}}


# -- accepting a suggestion ---------------------------------------------------------------

def suggested(store: Store, word: str):
    [span] = [s for s in store.annotations.spans(pk(store), "suggested") if s.text == word]
    return span


def test_accepting_keeps_the_meta_undo_removes_it_and_redo_brings_it_back(news):
    run_suggestions(news, [Finder()])
    history = History(news, "bob")
    history.run(AcceptSuggestion("bob", suggested(news, '"We are ready,"').id))
    assert metas(news, "bob") == {'"We are ready,"': NOTE}
    [copy] = news.annotations.spans(pk(news), "bob")
    history.undo()
    assert news.annotations.spans(pk(news), "bob") == [] and metas(news, "bob") == {}
    assert meta_rows(news) == 1  # the suggestion's own
    history.redo()
    assert [s.id for s in news.annotations.spans(pk(news), "bob")] == [copy.id]
    assert metas(news, "bob") == {'"We are ready,"': NOTE}
    history.undo()
    assert meta_rows(news) == 1


def test_accepting_all_keeps_the_meta_and_rejecting_changes_nothing(news):
    run_suggestions(news, [Finder()])
    history = History(news, "bob")
    history.run(RejectSuggestion("bob", suggested(news, '"We are ready,"').id))
    assert metas(news, "bob") == {} and meta_rows(news) == 1
    assert metas(news, "suggested") == {'"We are ready,"': NOTE}
    history.undo()
    history.run(AcceptAllSuggestions(pk(news), "bob", "suggested"))
    assert metas(news, "bob") == {'"We are ready,"': NOTE}
    history.undo()
    assert metas(news, "bob") == {} and meta_rows(news) == 1


def test_deleting_a_span_and_undoing_brings_its_meta_back(news):
    run_suggestions(news, [Finder()])
    history = History(news, "bob")
    history.run(AcceptSuggestion("bob", suggested(news, '"We are ready,"').id))
    [copy] = news.annotations.spans(pk(news), "bob")
    history.run(DeleteSpan(copy.id))
    assert metas(news, "bob") == {}
    history.undo()
    assert metas(news, "bob") == {'"We are ready,"': NOTE}


# -- merge --------------------------------------------------------------------------------

@pytest.fixture
def source(store_path, tmp_path):
    """A store with the suggestion layer (meta on the quote) and bob's accepted copy."""
    with Store.open(store_path) as store:
        import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT}])])
        run_suggestions(store, [Finder()])
        History(store, "bob").run(AcceptSuggestion("bob", suggested(store,
                                                                    '"We are ready,"').id))
    return store_path


def test_a_merge_from_a_store_or_its_jsonl_keeps_span_meta(source, tmp_path):
    with Store.open(source) as store:
        (tmp_path / "bob.jsonl").write_bytes(exported(store))
    for what in (source, tmp_path / "bob.jsonl"):
        target = Store.memory(default_schema())
        summary = merge_stores(target, [what])
        assert not summary.errors
        assert metas(target, "bob") == {'"We are ready,"': NOTE}
        assert metas(target, "suggested") == {'"We are ready,"': NOTE}
        assert merge_stores(target, [what]).layers_unchanged == 2  # nothing new the second time


def test_a_merge_gives_kept_spans_the_source_s_meta(source, tmp_path):
    target = Store.memory(default_schema())
    merge_stores(target, [source])
    [before] = target.annotations.spans(pk(target), "bob")
    with Store.open(source) as store:
        [copy] = store.annotations.spans(pk(store), "bob")
        with store.transaction():
            store.annotations.set_span_meta(copy.id, {"speaker_name": "Rami Haddad"})
    summary = merge_stores(target, [source])
    assert summary.layers_updated == 1
    assert [s.id for s in target.annotations.spans(pk(target), "bob")] == [before.id]
    assert metas(target, "bob") == {'"We are ready,"': {"speaker_name": "Rami Haddad"}}
    with Store.open(source) as store, store.transaction():
        store.annotations.set_span_meta(copy.id, {})
    merge_stores(target, [source])
    assert metas(target, "bob") == {}


# -- migration ----------------------------------------------------------------------------

def test_a_first_version_store_upgrades_to_span_meta_and_merges_as_a_source(tmp_path):
    old = tmp_path / "old.db"
    shutil.copy(V1_STORE, old)
    target = Store.memory(default_schema())
    assert not merge_stores(target, [old]).errors  # read as it is: no span_meta table there
    assert meta_rows(target) == 0
    with Store.open(old) as store:
        assert "0010_span_meta" in store._applied()
        zarif = store.annotations.article_by_id("v1-zarif")
        quote = store.annotations.spans(zarif.pk, "bob")[0]
        with store.transaction():
            store.annotations.set_span_meta(quote.id, {"speaker_name": "Zarif"})
        assert store.annotations.span_meta(quote.id) == {"speaker_name": "Zarif"}
        assert store.reports.check() == []
        line = next(json.loads(raw) for raw in exported(store).splitlines()
                    if json.loads(raw)["id"] == "v1-zarif" and
                    json.loads(raw)["annotator"] == "bob")
        assert line["spans"][0]["meta"] == {"speaker_name": "Zarif"}


def test_the_store_refuses_a_meta_that_is_not_an_object(news):
    import sqlite3
    run_suggestions(news, [Finder()])
    span = suggested(news, "Basra")
    with pytest.raises(sqlite3.IntegrityError):
        news.conn.execute("INSERT INTO span_meta (span, meta) VALUES (?, '[1]')", (span.id,))


def test_a_store_made_before_span_meta_upgrades_when_opened(store_path, tmp_path):
    """A store as the version before wrote it (migrations up to 0009, suggestions stored)
    gets the table on opening, its spans untouched, and the run's meta can then be kept."""
    import sqlite3
    with Store.open(store_path) as store:
        import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT}])])
        run_suggestions(store, [Finder({})])
    conn = sqlite3.connect(store_path)
    conn.execute("DROP TABLE span_meta")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0010_span_meta'")
    conn.commit()
    conn.close()
    with Store.open(store_path) as store:
        assert store._applied()[-2:] == ["0009_span_scores", "0010_span_meta"]
        assert len(store.annotations.spans(pk(store), "suggested")) == 3
        assert meta_rows(store) == 0
        run_suggestions(store, [Finder()])
        assert metas(store, "suggested") == {'"We are ready,"': NOTE}


def test_a_reviewer_accepting_a_version_takes_its_meta_into_gold(news):
    from annotator.core.operations import Accept
    from annotator.core.review import GOLD, load_candidates
    run_suggestions(news, [Finder()])
    History(news, "bob").run(AcceptSuggestion("bob", suggested(news, '"We are ready,"').id))
    (candidate,) = [c for c in load_candidates(news, pk(news), ["bob"]) if c.kind == "quote"]
    version = candidate.version_of("bob")
    carol = History(news, "carol")
    carol.run(Accept(pk(news), candidate.kind, candidate.start, candidate.end,
                     tuple(s.id for s in version.spans), ("bob",)))
    assert metas(news, GOLD) == {'"We are ready,"': NOTE}
    carol.undo()
    assert metas(news, GOLD) == {} and meta_rows(news) == 2  # the suggestion's and bob's

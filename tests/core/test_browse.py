"""Browsing reads for the window: list keys by status and search, rows, progress, next."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import write_jsonl

from annotator.core import AddSpan, SetStatus, Store, import_files
from annotator.core.store import fts_query
from annotator.core.text import snap_to_words

V1_STORE = Path(__file__).parent.parent / "data" / "store-v1.db"


@pytest.fixture
def filled(store, tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [
        {"id": "a", "title": "Port strike", "text": "Dockers in Basra stopped work."},
        {"id": "b", "title": "Café reopens", "text": "The café in Tehran reopened on Monday."},
        {"id": "c", "title": "Election audit", "text": "Auditors counted ballots in Basra."},
    ])
    import_files(store, [tmp_path / "a.jsonl"])
    return store


def pks(store, *ids):
    return [store.annotations.article_by_id(i).pk for i in ids]


def test_fts_query_quotes_words_and_makes_the_last_a_prefix():
    assert fts_query('basra "port') == '"basra" "port"*'
    assert fts_query('AND OR NOT ( ) * "') is not None  # operators are words, quoted
    assert fts_query("  ()*\" ") is None


def test_search_matches_every_word_in_title_or_text(filled):
    assert filled.browse.article_keys("amira", search="basra") == pks(filled, "a", "c")
    assert filled.browse.article_keys("amira", search="basra audit") == pks(filled, "c")
    assert filled.browse.article_keys("amira", search="cafe") == pks(filled, "b")  # diacritics
    assert filled.browse.article_keys("amira", search="teh") == pks(filled, "b")  # prefix
    assert filled.browse.article_keys("amira", search="NOT (") == []


def test_status_filters_count_untouched_articles_as_todo(filled):
    a, b, c = pks(filled, "a", "b", "c")
    SetStatus(a, "amira", "done").apply(filled, "amira")
    AddSpan(b, "amira", 4, 8, "ORG").apply(filled, "amira")
    SetStatus(c, "bruno", "done").apply(filled, "bruno")
    assert filled.browse.article_keys("amira") == [a, b, c]
    assert filled.browse.article_keys("amira", "todo") == [c]
    assert filled.browse.article_keys("amira", "in progress") == [b]
    assert filled.browse.article_keys("amira", "done") == [a]
    assert filled.browse.article_keys("amira", "not done") == [b, c]
    assert filled.browse.article_keys("amira", "not done", search="basra") == [c]
    rows = filled.browse.article_rows([c, a, b], "amira")
    assert [(r.id, r.status, r.spans) for r in rows] == [
        ("c", "todo", 0), ("a", "done", 0), ("b", "in progress", 1)]
    assert filled.browse.progress("amira") == (1, 3)
    assert filled.browse.progress("bruno") == (1, 3)


def test_next_open_article_wraps_round_and_ends(filled):
    a, b, c = pks(filled, "a", "b", "c")
    assert filled.browse.next_open_article(a, "amira") == b
    SetStatus(b, "amira", "skipped").apply(filled, "amira")
    assert filled.browse.next_open_article(a, "amira") == c
    assert filled.browse.finished_counts("amira") == (0, 1)
    assert filled.browse.next_open_article(c, "amira") == a
    SetStatus(a, "amira", "done").apply(filled, "amira")
    SetStatus(c, "amira", "done").apply(filled, "amira")
    assert filled.browse.next_open_article(c, "amira") is None


def test_a_first_version_store_gets_search_when_opened(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(V1_STORE, path)
    with Store.open(path) as store:
        [zarif] = store.browse.article_keys("bob", search="tehran")
        assert store.annotations.article(zarif).id == "v1-zarif"
        assert store.browse.article_keys("bob", "done") == [zarif]


def test_search_index_follows_imports(store_path, tmp_path):
    with Store.open(store_path) as store:
        write_jsonl(tmp_path / "x.jsonl", [{"id": "x", "text": "Kirkuk oil exports rose."}])
        import_files(store, [tmp_path / "x.jsonl"])
        found = store.browse.article_keys("a", search="kirkuk")
        assert [store.annotations.article(pk).id for pk in found] == ["x"]


@pytest.mark.parametrize(("text", "start", "end", "expected"), [
    ("Hello wonderful world", 8, 13, "wonderful"),
    ("Hello wonderful world", 5, 8, "wonderful"),         # leading space trimmed
    ("Hello wonderful world", 3, 8, "Hello wonderful"),
    ("café́ au lait", 1, 3, "café́"),                     # combining marks stay
    ("a 👍🏽 b", 2, 3, "👍🏽"),                            # not a word: clusters only
    ("   ", 0, 2, "  "),                                  # nothing but spaces: as it is
])
def test_snap_to_words(text, start, end, expected):
    s, e = snap_to_words(text, start, end)
    assert text[s:e] == expected


def test_layer_spans_are_the_stored_spans(store, tmp_path):
    write_jsonl(tmp_path / "s.jsonl", [{
        "id": "s", "text": "👍🏽 Zarif met Ortiz in Doha.", "annotator": "amira",
        "spans": [{"start": 22, "end": 26, "label": "GPE"}, {"start": 3, "end": 8,
                  "label": "PERSON"}, {"start": 3, "end": 18, "label": "CLAIM"}]}])
    import_files(store, [tmp_path / "s.jsonl"])
    article = store.annotations.article_by_id("s")
    from annotator.core import SetAttribute
    first = store.annotations.spans(article.pk, "amira")[1]
    SetAttribute(first.id, "checkworthy", "yes").apply(store, "amira")
    assert store.annotations.layer_spans(article, "amira") == store.annotations.spans(article.pk,
                                                                                      "amira")
    assert [s.text for s in store.annotations.layer_spans(article, "amira")] == [
        "Zarif", "Zarif met Ortiz", "Doha"]


def test_pages_and_positions_of_the_whole_list(filled):
    a, b, c = pks(filled, "a", "b", "c")
    assert filled.browse.article_keys_page(0, 2) == [a, b]
    assert filled.browse.article_keys_page(2, 2) == [c]
    assert filled.browse.article_keys_page(3, 2) == []
    assert [filled.browse.article_position(k) for k in (a, b, c)] == [0, 1, 2]
    assert filled.browse.article_position(c + 100) is None


def _has_search_trigger(store) -> bool:
    return store.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' "
                              "AND name = 'articles_ai'").fetchone() is not None


def test_an_import_indexes_its_articles_for_search_once_and_keeps_the_trigger(store, tmp_path):
    write_jsonl(tmp_path / "good.jsonl", [{"id": "k", "text": "Kirkuk oil exports rose."},
                                          {"id": "m", "text": "Mosul dam repairs."}])
    write_jsonl(tmp_path / "bad.jsonl", [{"id": "n", "text": "Najaf pilgrims."}],
                raw_lines=[b"{not json"])
    summary = import_files(store, [tmp_path / "good.jsonl", tmp_path / "bad.jsonl"])
    assert summary.failed_files and summary.articles_added == 2
    found = store.browse.article_keys("a", search="kirkuk")
    assert [store.annotations.article(k).id for k in found] == ["k"]
    assert store.browse.article_keys("a", search="najaf") == []  # its file was rolled back
    assert _has_search_trigger(store)
    # a second import into a store that has articles and spans indexes only the new ones
    write_jsonl(tmp_path / "more.jsonl", [{"id": "b", "text": "Basra port strike."}])
    import_files(store, [tmp_path / "more.jsonl"])
    found = store.browse.article_keys("a", search="basra")
    assert [store.annotations.article(k).id for k in found] == ["b"]
    assert len(store.browse.article_keys("a", search="kirkuk")) == 1  # not indexed twice
    assert store.conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 3
    # the index agrees with the articles, word for word (FTS5's own check; raises if not)
    store.conn.execute("INSERT INTO articles_fts (articles_fts, rank) "
                       "VALUES ('integrity-check', 1)")


def test_a_cancelled_import_leaves_search_as_it_was(store, tmp_path):
    from annotator.core import ImportCancelled
    write_jsonl(tmp_path / "a.jsonl", [{"id": f"x{i}", "text": f"Text {i} about Erbil."}
                                       for i in range(50)])
    with pytest.raises(ImportCancelled):
        import_files(store, [tmp_path / "a.jsonl"], cancelled=lambda: True)
    assert _has_search_trigger(store)
    assert store.browse.article_keys("a", search="erbil") == []


def test_search_results_give_each_article_its_snippet(filled):
    results = filled.browse.search_results("basra")
    assert [(r.id, r.snippet) for r in results] == [
        ("a", "Dockers in [Basra] stopped work."), ("c", "Auditors counted ballots in [Basra].")]
    assert [r.id for r in filled.browse.search_results("cafe")] == ["b"]
    assert filled.browse.search_results("basra", limit=1)[0].pk == pks(filled, "a")[0]
    assert filled.browse.search_results("  ()*") == []

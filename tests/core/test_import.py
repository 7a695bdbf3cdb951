"""Import: every format, pre-annotations, duplicates, canonicalisation, bad input."""

from __future__ import annotations

import json

import pytest
from conftest import table_counts, write_jsonl

from annotator.core import DataError, ImportCancelled, Store, default_schema, import_files

CRLF_TEXT = "Baghdad: Two missiles hit.\r\n“We will respond,” Zarif said.\r\nقاسم سليماني 👨‍👩‍👧 🇮🇶"


def spans_of(store: Store, article_id: str, annotator: str) -> list[tuple]:
    article = store.annotations.article_by_id(article_id)
    assert article is not None
    return [(s.start, s.end, s.label, s.text) for s in store.annotations.spans(article.pk,
                                                                               annotator)]


# -- the project's own JSONL ----------------------------------------------------------------

def test_own_jsonl_with_spans_relations_attributes_and_status(store, tmp_path):
    text = "“We will respond,” Zarif said in Tehran."
    path = write_jsonl(tmp_path / "a.jsonl", [{
        "id": "t-1", "title": "Zarif speaks", "text": text, "meta": {"url": "https://x"},
        "annotator": "alice", "status": "done",
        "spans": [
            {"id": 7, "start": 0, "end": 18, "text": "“We will respond,”", "label": "QUOTE",
             "kind": "quote", "attrs": {"type": "direct"}},
            {"id": 9, "start": 19, "end": 24, "label": "PERSON"},
            {"id": 3, "start": 33, "end": 39, "label": "GPE"}],
        "relations": [{"head": 7, "child": 9, "label": "SPEAKER"}]}])
    summary = import_files(store, [path])
    assert (summary.articles_added, summary.spans_added, summary.relations_added) == (1, 3, 1)
    article = store.annotations.article_by_id("t-1")
    assert article.title == "Zarif speaks" and article.meta == {"url": "https://x"}
    assert store.annotations.layer_status(article.pk, "alice") == "done"
    spans = store.annotations.spans(article.pk, "alice")
    assert [(s.text, s.label, s.attrs, s.origin) for s in spans] == [
        ("“We will respond,”", "QUOTE", {"type": "direct"}, "imported"),
        ("Zarif", "PERSON", {}, "imported"), ("Tehran", "GPE", {}, "imported")]
    [relation] = store.annotations.relations(article.pk, "alice")
    assert (relation.head, relation.child, relation.label) == (spans[0].id, spans[1].id,
                                                               "SPEAKER")


def test_relations_by_position_when_spans_have_no_ids(store, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [{
        "text": "“No,” she said. Layla Haddad left.",
        "spans": [{"start": 0, "end": 5, "label": "QUOTE"},
                  {"start": 16, "end": 28, "label": "PERSON"}],
        "relations": [{"head": 0, "child": 1, "label": "SPEAKER"}]}])
    import_files(store, [path], annotator="model-v1")
    [article_id] = store.conn.execute("SELECT id FROM articles").fetchone()
    article = store.annotations.article_by_id(article_id)
    [rel] = store.annotations.relations(article.pk, "model-v1")
    assert store.annotations.span(rel.child).text == "Layla Haddad"


def test_text_file_and_csv(store, tmp_path):
    (tmp_path / "story.txt").write_text("\n  Missiles hit the Green Zone \nBaghdad: Two "
                                        "missiles hit.\nMore text.\n", encoding="utf-8")
    (tmp_path / "list.csv").write_text(
        'id,title,text,url,source,published,section\r\n'
        'c-1,First,"Line one,\r\nline two",https://e.org/1,Wire,2020-01-04,world\r\n'
        'c-2,Second,Another article,,,,\r\n', encoding="utf-8")
    summary = import_files(store, [tmp_path / "story.txt", tmp_path / "list.csv"])
    assert summary.articles_added == 3
    txt = store.annotations.article(store.conn.execute(
        "SELECT pk FROM articles WHERE title = 'Missiles hit the Green Zone'").fetchone()[0])
    assert txt.text == "Baghdad: Two missiles hit.\nMore text.\n"
    assert txt.meta == {"file": "story.txt"}
    first = store.annotations.article_by_id("c-1")
    assert first.text == "Line one,\nline two"  # CRLF inside a quoted CSV field too
    assert first.meta == {"url": "https://e.org/1", "source": "Wire",
                          "published": "2020-01-04", "section": "world"}
    assert store.annotations.article_by_id("c-2").meta == {}


def test_folder_import_takes_supported_files(store, tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Title A\nText A", encoding="utf-8")
    (folder / "sub" / "b.txt").write_text("Title B\nText B", encoding="utf-8")
    (folder / "notes.md").write_text("ignored", encoding="utf-8")
    assert import_files(store, [folder]).articles_added == 2


def test_prodigy_records(store, tmp_path):
    path = write_jsonl(tmp_path / "p.jsonl", [
        {"text": "Zarif met Pompeo.", "meta": {"source": "wire"}, "answer": "accept",
         "tokens": [{"text": "Zarif", "start": 0, "end": 5, "id": 0, "ws": True}],
         "spans": [{"start": 0, "end": 5, "label": "PERSON", "token_start": 0, "token_end": 0},
                   {"start": 10, "end": 16, "label": "PERSON", "token_start": 2,
                    "token_end": 2}],
         "relations": [{"head": 0, "child": 2, "label": "MET",
                        "head_span": {"start": 0, "end": 5, "label": "PERSON"},
                        "child_span": {"start": 10, "end": 16, "label": "PERSON"}}]},
        {"text": "Rejected text.", "answer": "reject"},
        {"text": "Ignored text.", "answer": "ignore"}])
    summary = import_files(store, [path], annotator="prodigy")
    assert summary.articles_added == 1
    assert dict(summary.records_skipped) == {"answer reject": 1, "answer ignore": 1}
    assert summary.labels_added == ["MET"]
    pk = store.annotations.article_pks()[0]
    [rel] = store.annotations.relations(pk)
    assert (store.annotations.span(rel.head).text,
            store.annotations.span(rel.child).text) == ("Zarif", "Pompeo")


def test_doccano_both_shapes(store, tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", [
        {"id": 1, "text": "Kataib Hezbollah fired at Baghdad.", "label": [[0, 16, "ORG"],
                                                                       [26, 33, "GPE"]]},
        {"id": 2, "text": "“Leave,” said Zarif.",
         "entities": [{"id": 10, "label": "QUOTE", "start_offset": 0, "end_offset": 8},
                      {"id": 11, "label": "PERSON", "start_offset": 14, "end_offset": 19}],
         "relations": [{"id": 5, "from_id": 10, "to_id": 11, "type": "SPEAKER"}]}])
    import_files(store, [path], annotator="doccano")
    assert spans_of(store, "1", "doccano") == [(0, 16, "ORG", "Kataib Hezbollah"),
                                              (26, 33, "GPE", "Baghdad")]
    pk = store.annotations.article_by_id("2").pk
    [rel] = store.annotations.relations(pk)
    assert store.annotations.span(rel.head).text == "“Leave,”" and rel.label == "SPEAKER"


# -- canonicalisation ----------------------------------------------------------------------

def test_crlf_text_is_canonicalised_and_spans_remapped(store, tmp_path):
    zarif = CRLF_TEXT.index("Zarif")
    family = CRLF_TEXT.index("👨")
    path = write_jsonl(tmp_path / "c.jsonl", [{
        "id": "crlf", "text": "\ufeff" + CRLF_TEXT, "annotator": "a",
        "spans": [{"start": zarif + 1, "end": zarif + 6, "label": "PERSON"},
                  {"start": family + 1, "end": family + 6, "label": "NORP"}]}])
    summary = import_files(store, [path])
    article = store.annotations.article_by_id("crlf")
    assert "\r" not in article.text and not article.text.startswith("\ufeff")
    assert article.text == CRLF_TEXT.replace("\r\n", "\n")
    assert spans_of(store, "crlf", "a") == [
        (zarif - 1, zarif + 4, "PERSON", "Zarif"),
        (family - 2, family + 3, "NORP", "👨‍👩‍👧")]
    changes = [str(c) for c in summary.text_changes]
    assert any("byte-order mark" in c for c in changes)
    assert any("2 CRLF" in c for c in changes)
    assert store.reports.check() == []


def test_nul_noncharacter_and_lone_surrogate_are_replaced_and_reported(store, tmp_path):
    path = write_jsonl(tmp_path / "n.jsonl", [{"id": "nul", "text": "a\x00b\ufdd0c"}],
                       raw_lines=[b'{"id": "sur", "text": "x\\ud800y"}'])
    summary = import_files(store, [path])
    assert store.annotations.article_by_id("nul").text == "a\ufffdb\ufffdc"
    assert store.annotations.article_by_id("sur").text == "x\ufffdy"
    reported = " ".join(str(c) for c in summary.text_changes)
    assert ("NUL" in reported and "U+FDD0" in reported.upper()) or "noncharacter" in reported
    assert "n.jsonl:2" in reported


# -- duplicates and layers -----------------------------------------------------------------

def test_reimport_adds_nothing_and_new_layers_join_existing_articles(store, tmp_path):
    first = write_jsonl(tmp_path / "one.jsonl", [
        {"id": "x", "text": "Zarif spoke.", "annotator": "alice",
         "spans": [{"start": 0, "end": 5, "label": "PERSON"}]}])
    import_files(store, [first])
    again = import_files(store, [first])
    assert (again.articles_added, again.duplicates_skipped, again.spans_added) == (0, 1, 0)
    second = write_jsonl(tmp_path / "two.jsonl", [
        {"id": "x", "text": "Zarif spoke.", "annotator": "bob",
         "spans": [{"start": 0, "end": 5, "label": "ORG"}]},
        {"id": "other-id", "text": "Zarif spoke.", "annotator": "carol"}])
    summary = import_files(store, [second])
    assert (summary.articles_added, summary.layers_added) == (0, 2)
    assert store.annotations.article_count() == 1
    assert store.annotations.layers(store.annotations.article_by_id("x").pk) == {
        "alice": "todo", "bob": "todo", "carol": "todo"}


def test_same_text_twice_in_one_file_is_one_article(store, tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", [{"text": "Same words."}, {"text": "Same words."}])
    summary = import_files(store, [path])
    assert (summary.articles_added, summary.duplicates_skipped) == (1, 1)


def test_id_with_a_different_text_than_stored_is_an_error(store, tmp_path):
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "k", "text": "One."}])])
    summary = import_files(store, [write_jsonl(tmp_path / "b.jsonl",
                                               [{"id": "k", "text": "Two."}])])
    assert [str(e) for e in summary.errors] == [
        f"{tmp_path / 'b.jsonl'}:1: id 'k' is already in the store with a different text"]
    assert store.annotations.article_by_id("k").text == "One."


def test_unknown_labels_are_added_or_refused_with_strict(store, tmp_path):
    path = write_jsonl(tmp_path / "l.jsonl", [{"text": "Acme rose.", "spans": [
        {"start": 0, "end": 4, "label": "COMPANY"}]}])
    strict = import_files(store, [path], strict_labels=True)
    assert "label 'COMPANY' is not in the schema" in str(strict.errors[0])
    assert store.schema.label("COMPANY") is None and store.annotations.article_count() == 0
    summary = import_files(store, [path])
    assert summary.labels_added == ["COMPANY"]
    label = store.schema.label("COMPANY")
    assert label.kind == "entity" and label.color.startswith("#")


# -- bad input: FILE:LINE: message, and nothing from that file stored -----------------------

BAD_RECORDS = [
    (b'{"text": "ok"', "invalid JSON"),
    (b'{"title": "no text"}', 'missing "text"'),
    (b'{"text": ""}', '"text" is empty'),
    (b'{"text": "   \\n "}', '"text" is empty'),
    (b'{"text": 42}', '"text" must be a string, not a number'),
    (b'{"text": null}', '"text" must be a string, not null'),
    (b'["a", "list"]', "expected a JSON object, got a list"),
    (b'{"text": "abcdef", "spans": [{"start": 4, "end": 2, "label": "ORG"}]}',
     "span 0 ends (2) before it starts (4)"),
    (b'{"text": "abcdef", "spans": [{"start": 4, "end": 9, "label": "ORG"}]}',
     "span 0 runs past the text (end 9 > length 6)"),
    (b'{"text": "abcdef", "spans": [{"start": -1, "end": 2, "label": "ORG"}]}',
     "span 0 starts below 0 (-1)"),
    (b'{"text": "abcdef", "spans": [{"start": 2, "end": 2, "label": "ORG"}]}',
     "span 0 is empty"),
    (b'{"text": "abcdef", "spans": [{"start": "1", "end": 2, "label": "ORG"}]}',
     "start must be a whole number"),
    (b'{"text": "abcdef", "spans": [{"start": 1, "end": 2}]}', "label must be a non-empty"),
    (b'{"text": "abcdef", "spans": {"start": 1}}', '"spans" must be a list, not an object'),
    ((b'{"text": "abcdef", "spans": [{"start": 0, "end": 3, "label": "ORG"}], '
     b'"relations": [{"head": 0, "child": 4, "label": "SPEAKER"}]}'),
     "relation 0: child 4 is not a span of this record"),
    ((b'{"text": "abcdef", "spans": [{"id": 1, "start": 0, "end": 3, "label": "ORG"}], '
     b'"relations": [{"head": 1, "child": 2, "label": "SPEAKER"}]}'),
     "relation 0: child 2 is not the id of a span"),
    (b'{"text": "abcdef", "spans": [{"start": 0, "end": 3, "text": "abd", "label": "ORG"}]}',
     "says its text is 'abd' but the article has 'abc'"),
    (b'{"text": "abc", "status": "finished"}', '"status" must be one of'),
    (b'{"text": "\xff\xfe bad bytes"}', "invalid UTF-8"),
    ((b'{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "QUOTE"}, '
     b'{"start": 1, "end": 2, "label": "PERSON"}], '
     b'"relations": [{"head": 1, "child": 0, "label": "SPEAKER"}]}'),
     "SPEAKER cannot go from PERSON (entity) to QUOTE (quote)"),
]


@pytest.mark.parametrize(("line", "message"), BAD_RECORDS,
                         ids=[m for _, m in BAD_RECORDS])
def test_bad_record_refuses_the_whole_file_with_file_and_line(store, tmp_path, line, message):
    path = write_jsonl(tmp_path / "bad.jsonl", [{"id": "good", "text": "A good record."}],
                       raw_lines=[line])
    before = table_counts(store)
    summary = import_files(store, [path])
    assert len(summary.errors) == 1, summary.errors
    assert str(summary.errors[0]).startswith(f"{path}:2: ")
    assert message in str(summary.errors[0])
    assert table_counts(store) == before
    assert summary.failed_files == [str(path)]


def test_duplicate_ids_in_one_file(store, tmp_path):
    path = write_jsonl(tmp_path / "dup.jsonl", [
        {"id": "a", "text": "One."}, {"id": "b", "text": "Two."}, {"id": "a", "text": "One."}])
    summary = import_files(store, [path])
    assert [str(e) for e in summary.errors] == [f"{path}:3: duplicate id 'a' (also on line 1)"]
    assert store.annotations.article_count() == 0


def test_empty_files_are_errors(store, tmp_path):
    for name in ("empty.jsonl", "blank.jsonl", "empty.txt", "empty.csv"):
        (tmp_path / name).write_text("" if name != "blank.jsonl" else "\n \n", "utf-8")
    summary = import_files(store, sorted(tmp_path.iterdir()))
    assert len(summary.errors) == 4
    assert all("empty" in str(e) for e in summary.errors)


def test_csv_without_text_column_and_txt_with_bad_utf8(store, tmp_path):
    (tmp_path / "a.csv").write_text("id,body\n1,hello\n", "utf-8")
    (tmp_path / "b.txt").write_bytes(b"Title\nline two\nbad \xc3\x28 here\n")
    summary = import_files(store, [tmp_path / "a.csv", tmp_path / "b.txt"])
    assert [str(e) for e in summary.errors] == [
        f'{tmp_path / "a.csv"}:1: the header has no "text" column (it has: id, body)',
        f"{tmp_path / 'b.txt'}:3: invalid UTF-8"]


def test_all_errors_of_a_file_are_listed_and_good_files_still_land(store, tmp_path):
    good = write_jsonl(tmp_path / "good.jsonl", [{"text": "Fine."}])
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"text": "x"}],
                      raw_lines=[b"{", b'{"text": 1}'])
    summary = import_files(store, [bad, good])
    assert [e.line for e in summary.errors] == [2, 3]
    assert store.annotations.article_count() == 1 and summary.articles_added == 1


def test_unknown_extension_is_refused_before_anything(store, tmp_path):
    (tmp_path / "a.docx").write_bytes(b"x")
    with pytest.raises(DataError, match=r"unknown file type '\.docx'"):
        import_files(store, [tmp_path / "a.docx"])


def test_cancel_stores_nothing_even_from_finished_files(store, tmp_path):
    one = write_jsonl(tmp_path / "1.jsonl", [{"text": "First."}])
    two = write_jsonl(tmp_path / "2.jsonl", [{"text": f"Article {i}."} for i in range(50)])
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 10

    with pytest.raises(ImportCancelled):
        import_files(store, [one, two], cancelled=cancelled)
    assert table_counts(store)["articles"] == 0


def test_import_progress_reports_every_byte(store, tmp_path):
    path = write_jsonl(tmp_path / "p.jsonl", [{"text": f"Article {i}."} for i in range(30)])
    seen = []
    import_files(store, [path], progress=seen.append)
    assert sum(seen) == path.stat().st_size


def test_import_log_entry(store, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": "Logged."}])
    import_files(store, [path], annotator="alice")
    [entry] = store.changes.change_log()
    assert entry["op"] == "import" and entry["annotator"] == "alice"
    assert entry["detail"]["file"] == str(path) and entry["detail"]["articles_added"] == 1


def test_large_store_bulk_path_keeps_indexes(tmp_path):
    store = Store.create(tmp_path / "s.db", default_schema())
    texts = [f"Article number {i} about Baghdad." for i in range(300)]
    records = [{"id": f"a{i}", "text": text, "annotator": "m", "spans": [
        {"start": text.index("Baghdad"), "end": text.index("Baghdad") + 7, "label": "GPE"}]}
        for i, text in enumerate(texts)]
    summary = import_files(store, [write_jsonl(tmp_path / "a.jsonl", records)])
    assert summary.errors == [] and summary.spans_added == 300
    indexes = {row[0] for row in store.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")}
    assert {"spans_layer", "spans_label", "relations_child"} <= indexes
    assert store.reports.check() == []
    assert json.loads(next(store.reports.export_lines()))["spans"][0]["text"] == "Baghdad"


def test_text_changes_are_all_counted_and_the_first_thousand_listed(store, tmp_path):
    path = write_jsonl(tmp_path / "many.jsonl",
                       [{"text": f"Line {i}\r\nnext\r\n"} for i in range(1005)])
    summary = import_files(store, [path])
    assert summary.texts_changed == 1005 and len(summary.text_changes) == 1000
    assert dict(summary.text_change_counts) == {"crlf": 2010}
    assert str(summary.text_changes[0]).endswith("2 CRLF line ends became LF")

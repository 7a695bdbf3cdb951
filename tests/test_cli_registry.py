"""The registry's commands as a user types them: registry, speakers, quotes, export and
import of the registry."""

from __future__ import annotations

import csv
import io
import json

import pytest
from registry_data import build

from annotator.core import Store, default_schema


@pytest.fixture
def corpus(store_path, tmp_path):
    """A store file holding the test corpus (registry_data.py); the entry ids by name."""
    with Store.open(store_path) as store:
        entries = build(store, tmp_path)
    return store_path, entries


def test_speakers_json_counts_what_the_store_holds(run, corpus):
    path, entries = corpus
    result = run("speakers", path, "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [row["name"] for row in rows] == ["Ali Khamenei", "Mohammad Javad Zarif",
                                             "Hassan Rouhani"]
    khamenei, zarif, rouhani = rows
    assert khamenei == {
        "id": entries["Ali Khamenei"], "name": "Ali Khamenei", "kind": "PERSON",
        "wikidata": "Q57336", "attrs": {"gender": "man"},
        # a1: "Khamenei" (not quoted); a2: the speaker of “Never,”; a3: in Arabic
        "mentions": 3, "claims": 0, "quotes": 2, "articles": 3,
        "outlets": 2, "first_date": "2024-01-20", "last_date": "2024-05-10"}
    # Zarif's second quote (a2) has an unlinked speaker: it is not his yet
    assert (zarif["mentions"], zarif["quotes"], zarif["articles"], zarif["outlets"],
            zarif["first_date"], zarif["last_date"]) == (1, 1, 1, 1, "2024-03-01",
                                                         "2024-03-01")
    assert (rouhani["mentions"], rouhani["quotes"], rouhani["first_date"]) == (0, 0, None)


def test_speakers_of_one_layer(run, corpus, tmp_path):
    path, _ = corpus
    rows = json.loads(run("speakers", path, "--json", "--layer", "gold").output)
    assert all(row["mentions"] == 0 for row in rows)
    table = run("speakers", path).output.splitlines()
    assert table[0].startswith("id\tname\tkind\tquotes")
    assert "\tAli Khamenei\tPERSON\t2\t0\t3\t3\t2\t2024-01-20\t2024-05-10" in table[1]


def test_quotes_jsonl_one_row_per_quote_with_its_speaker(run, corpus):
    path, entries = corpus
    result = run("quotes", path)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["text"], r["speaker"], r["entry_name"]) for r in rows] == [
        ("“We are ready,”", "Zarif", "Mohammad Javad Zarif"),
        ("“Never,”", "Ayatollah Ali Khamenei", "Ali Khamenei"),
        ("“It is over.”", "Zarif", None),
        ("«لن نتراجع»", "علي خامنئي", "Ali Khamenei")]
    first = rows[1]
    text = "“Never,” said Ayatollah Ali Khamenei. Zarif agreed: “It is over.”"
    assert first == {"text": "“Never,”", "type": "direct", "entry": entries["Ali Khamenei"],
                     "entry_name": "Ali Khamenei", "wikidata": "Q57336",
                     "speaker": "Ayatollah Ali Khamenei", "article": "a2",
                     "title": "Leader speaks", "source": "AP", "date": "2024-05-10",
                     "start": 0, "end": 8, "annotator": "alice", "span": first["span"]}
    assert text[first["start"]:first["end"]] == first["text"]
    assert "Wrote 4 quotes." in result.stderr


def test_quotes_csv_to_a_file(run, corpus, tmp_path):
    path, _ = corpus
    out = tmp_path / "quotes.csv"
    result = run("quotes", path, "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert len(rows) == 4
    assert rows[3]["text"] == "«لن نتراجع»" and rows[3]["wikidata"] == "Q57336"
    assert rows[2]["entry"] == "" and rows[2]["speaker"] == "Zarif"
    assert json.loads(run("quotes", path, "--layer", "gold").stdout or "null") is None


def test_registry_add_list_show_edit_merge_delete(run, store_path):
    added = run("registry", store_path, "add", "Ali Khamenei", "--kind", "PERSON",
                "--alias", "Khamenei", "--wikidata", "Q57336", "--attr", "gender=man")
    assert added.exit_code == 0 and "Added entry 1: Ali Khamenei (PERSON)." in added.output
    run("registry", store_path, "add", "Ayatollah Khamenei", "--kind", "PERSON",
        "--alias", "رهبر", "--attr", "role=official")
    twin = run("registry", store_path, "add", "Ali Khamenei", "--kind", "PERSON")
    assert "entry 1 already has this name and kind" in twin.stderr
    listed = run("registry", store_path, "list").output.splitlines()
    assert listed[0] == "1\tAli Khamenei\tPERSON\tQ57336\taka Khamenei"
    found = run("registry", store_path, "find", "khamenei").output.splitlines()
    assert {line.split("\t")[0] for line in found} == {"1", "2", "3"}
    edited = run("registry", store_path, "edit", "2", "--alias", "Seyyed Ali",
                 "--description", "Supreme Leader")
    assert edited.exit_code == 0
    merged = run("registry", store_path, "merge", "1", "2")
    assert merged.exit_code == 0, merged.output
    shown = json.loads(run("registry", store_path, "show", "1", "--json").output)
    assert shown["aliases"] == ["Khamenei", "Ayatollah Khamenei", "رهبر", "Seyyed Ali"]
    assert shown["attrs"] == {"gender": "man", "role": "official"}
    assert shown["description"] == "Supreme Leader"
    assert run("registry", store_path, "delete", "3").exit_code == 0
    assert [json.loads(line)["id"] for line in
            run("registry", store_path, "list", "--json").output.splitlines()] == [1]


@pytest.mark.parametrize(("args", "message"), [
    (("add", "X", "--kind", "PERSONS"), "Error: kind 'PERSONS' is not an entity label"),
    (("add", "X", "--kind", "PERSON", "--wikidata", "q42"), "Error: 'q42' is not a Wikidata"),
    (("add", "X", "--kind", "PERSON", "--attr", "gender=robot"), "gender must be one of"),
    (("edit", "1", "--wikidata", "Q01"), "Error: 'Q01' is not a Wikidata id"),
    (("edit", "1", "--kind", "CLAIM"), "kind 'CLAIM' is not an entity label"),
    (("merge", "1", "9"), "Error: entry 9 does not exist"),
    (("show", "9"), "Error: entry 9 does not exist"),
])
def test_bad_registry_input_is_one_line_and_changes_nothing(run, store_path, args, message):
    run("registry", store_path, "add", "Ali Khamenei", "--kind", "PERSON")
    before = run("registry", store_path, "list", "--json").output
    result = run("registry", store_path, *args)
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert run("registry", store_path, "list", "--json").output == before


def test_registry_export_and_import_round_trip(run, corpus, tmp_path):
    path, _ = corpus
    out = tmp_path / "registry.jsonl"
    assert run("export", path, "--registry", "-o", out).exit_code == 0
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert lines[0] == {"id": 1, "name": "Ali Khamenei", "kind": "PERSON",
                        "aliases": ["Khamenei", "علی خامنه‌ای"], "description": "",
                        "wikidata": "Q57336", "attrs": {"gender": "man"}}
    fresh = tmp_path / "fresh.db"
    Store.create(fresh, default_schema()).close()
    result = run("import", fresh, "--registry", out)
    assert result.exit_code == 0, result.output
    assert "3 entries added, 0 already here" in result.output
    again = run("import", fresh, "--registry", out)
    assert "0 entries added, 3 already here (0 given new names or values)" in again.output
    with Store.open(fresh) as store:
        assert [e.as_record() for e in store.registry.entries()] == lines


@pytest.mark.parametrize("options", [("--format", "conll"), ("--annotator", "alice"),
                                     ("--split", "train=0.5,test=0.5", "--strict")])
def test_registry_export_refuses_what_does_not_apply(run, corpus, tmp_path, options):
    path, _ = corpus
    out = tmp_path / "registry.jsonl"
    result = run("export", path, "--registry", "-o", out, *options)
    assert result.exit_code == 2 and "not apply" in result.output
    assert all(option in result.output for option in options if option.startswith("--"))
    assert not out.exists()


def test_a_failed_registry_export_leaves_no_file(run, corpus, tmp_path, monkeypatch):
    from annotator.core.registry import jsonl

    def half_then_full(store, out):
        out.write(b'{"id": 1}\n')
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jsonl, "export_registry", half_then_full)
    path, _ = corpus
    out = tmp_path / "registry.jsonl"
    result = run("export", path, "--registry", "-o", out)
    assert result.exit_code != 0 and "No space left on device" in result.output
    assert list(tmp_path.glob("registry.jsonl*")) == []


@pytest.mark.parametrize(("line", "message"), [
    ('{"id": 1, "name": "A", "kind": "PERSON", "wikidata": "Q1x"}', ":2: 'Q1x' is not a"),
    ('{"id": 1, "name": "A", "kind": "PERSONS"}', ":2: kind 'PERSONS' is not an entity"),
    ('{"id": 2, "name": "A", "kind": "PERSON", "gender": "man"}', ":2: unknown field 'gender'"),
    ('{"id": 1, "name": "B", "kind": "PERSON"}', ":2: id 1 is used twice"),
    ('{"id": 2, "name": "', ":2: "),
])
def test_a_bad_registry_file_stores_nothing(run, store_path, tmp_path, line, message):
    path = tmp_path / "registry.jsonl"
    path.write_text('{"id": 1, "name": "Ali Khamenei", "kind": "PERSON"}\n' + line + "\n",
                    encoding="utf-8")
    result = run("import", store_path, "--registry", path)
    assert result.exit_code == 1
    assert f"Error: {path}{message}" in result.stderr
    with Store.open(store_path) as store:
        assert store.registry.entry_count() == 0


def test_registry_files_imported_together_store_all_or_nothing(run, store_path, tmp_path):
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    good.write_text('{"id": 1, "name": "Ali Khamenei", "kind": "PERSON"}\n', encoding="utf-8")
    bad.write_text('{"id": 1, "name": "A", "kind": "PERSONS"}\n', encoding="utf-8")
    result = run("import", store_path, "--registry", good, bad)
    assert result.exit_code == 1
    assert f"Error: {bad}:1: kind 'PERSONS' is not an entity" in result.stderr
    with Store.open(store_path) as store:
        assert store.registry.entry_count() == 0  # not even the good file's entry
    both = run("import", store_path, "--registry", good, tmp_path / "good.jsonl")
    assert both.exit_code == 0, both.output
    assert both.output.splitlines() == [
        f"{good}: Registry: 1 entry added, 0 already here (0 given new names or values).",
        f"{good}: Registry: 0 entries added, 1 already here (0 given new names or values)."]


def test_jsonl_export_spans_carry_their_entry(run, corpus):
    path, entries = corpus
    lines = [json.loads(line) for line in run("export", path).stdout.splitlines()]
    spans = {(line["id"], s["text"]): s for line in lines for s in line["spans"]}
    assert spans["a2", "Ayatollah Ali Khamenei"]["entry"] == entries["Ali Khamenei"]
    assert spans["a1", "Zarif"]["entry"] == entries["Mohammad Javad Zarif"]
    assert "entry" not in spans["a2", "Zarif"]  # not linked yet
    assert "entry" not in spans["a2", "“Never,”"]  # a quote links to no entry


def test_docbin_spans_carry_the_entry_as_kb_id(run, corpus, tmp_path):
    pytest.importorskip("spacy")
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab
    path, entries = corpus
    out = tmp_path / "news.spacy"
    assert run("export", path, "--format", "spacy", "-o", out).exit_code == 0
    docs = list(DocBin().from_disk(out).get_docs(Vocab()))
    ents = {ent.text: ent.kb_id_ for doc in docs for ent in doc.ents}
    assert ents["Ayatollah Ali Khamenei"] == str(entries["Ali Khamenei"])
    assert ents["Khamenei"] == str(entries["Ali Khamenei"])
    sc = {(doc.user_data["id"], span.text): span.kb_id_ for doc in docs
          for span in doc.spans["sc"]}
    assert sc["a1", "Zarif"] == str(entries["Mohammad Javad Zarif"])
    assert sc["a2", "Zarif"] == ""
    assert sc["a3", "علي خامنئي"] == str(entries["Ali Khamenei"])


def test_link_proposes_and_accepting_attributes_the_quote(run, corpus):
    path, _ = corpus
    result = run("link", path)
    assert result.exit_code == 0, result.output
    assert "Looked at 1 unlinked mention." in result.output  # a2's "Zarif"
    assert "Proposed links: 1 (surname 1)." in result.output
    assert "Nothing was linked" in result.output
    [proposal] = [json.loads(line) for line in
                  run("registry", path, "proposals", "--json").output.splitlines()]
    assert (proposal["article"], proposal["text"], proposal["entry_name"],
            proposal["method"], proposal["scope"]) == ("a2", "Zarif", "Mohammad Javad Zarif",
                                                       "surname", "corpus")
    zarif = next(r for r in json.loads(run("speakers", path, "--json").output)
                 if r["name"] == "Mohammad Javad Zarif")
    assert zarif["quotes"] == 1  # nothing linked by the proposal alone
    accepted = run("registry", path, "proposals", "accept", proposal["id"], "--by", "carol")
    assert accepted.exit_code == 0 and "Accepted 1 proposed links." in accepted.output
    zarif = next(r for r in json.loads(run("speakers", path, "--json").output)
                 if r["name"] == "Mohammad Javad Zarif")
    assert (zarif["quotes"], zarif["articles"], zarif["outlets"]) == (2, 2, 2)
    again = run("registry", path, "proposals", "accept", proposal["id"])
    assert again.exit_code == 1 and "was already decided (accept)" in again.stderr
    with Store.open(path) as store:
        assert store.changes.change_log()[0]["annotator"] == "carol"

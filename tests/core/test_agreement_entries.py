"""Agreement counts the links to registry entries as their own line: a span's link matches
when the other annotator linked the same span (bounds and label) to the same entry."""

from __future__ import annotations

import json

from conftest import write_jsonl

from annotator.core import AddSpan, History, SetStatus, Store, import_files
from annotator.core.agreement import agreement
from annotator.core.operations import CreateEntry, LinkEntry
from annotator.core.registry import Entry

TEXT = "Zarif met Khamenei and Rouhani in Tehran; Zarif left."


def annotate(store: Store, tmp_path) -> None:
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT}])])
    pk = store.annotations.article_by_id("a").pk
    curator = History(store, "curator")
    for name in ("Zarif", "Khamenei", "Rouhani"):
        curator.run(CreateEntry(Entry(0, name, "PERSON")))
    entry = {e.name: e.id for e in store.registry.entries()}
    # alice links all three; bob the same Zarif, Khamenei to Rouhani, Rouhani not at all,
    # and the second Zarif (which alice did not mark)
    plan = {"alice": [("Zarif", "Zarif"), ("Khamenei", "Khamenei"), ("Rouhani", "Rouhani"),
                      ("Tehran", None)],
            "bob": [("Zarif", "Zarif"), ("Khamenei", "Rouhani"), ("Rouhani", None),
                    ("Tehran", None), ("Zarif left", "Zarif")]}
    for who, marks in plan.items():
        history = History(store, who)
        for words, linked in marks:
            start = TEXT.index(words) if words != "Zarif left" else TEXT.rindex("Zarif")
            end = start + (5 if words == "Zarif left" else len(words))
            label = "GPE" if words == "Tehran" else "PERSON"
            span = next(iter(history.run(AddSpan(pk, who, start, end, label)).spans))
            if linked:
                history.run(LinkEntry(span, entry[linked]))
        history.run(SetStatus(pk, who, "done"))


def test_entry_links_are_matched_like_relations(store, tmp_path):
    annotate(store, tmp_path)
    result = agreement(store, ["alice", "bob"])
    m = result.pairs[0].entry_links
    assert (m.matched, m.reference, m.candidate) == (1, 3, 3)  # only the first Zarif
    assert result.total.entry_links == m
    assert result.to_dict()["total"]["entry_links"]["matched"] == 1
    only_gpe = agreement(store, ["alice", "bob"], labels=["GPE"])
    assert only_gpe.total.entry_links is None  # nobody linked a GPE span


def test_without_links_there_is_no_entry_line(run, store_path, tmp_path):
    with Store.open(store_path) as store:
        annotate(store, tmp_path)
        store.conn.execute("DELETE FROM entry_links")
        assert agreement(store, ["alice", "bob"]).total.entry_links is None
    assert "registry entries" not in run("agreement", store_path).output


def test_the_cli_prints_the_entry_line(run, store_path, tmp_path):
    with Store.open(store_path) as store:
        annotate(store, tmp_path)
    result = run("agreement", store_path)
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "registry entries" in line)
    assert line.split() == ["alice", "/", "bob", "registry", "entries", "0.333", "0.333",
                            "0.333", "1"]
    as_json = json.loads(run("agreement", store_path, "--json").output)
    assert as_json["pairs"][0]["entry_links"]["f1"] == 1 / 3

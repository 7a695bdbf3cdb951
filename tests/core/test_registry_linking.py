"""`annotator link`: proposed entries for unlinked mentions, by exact name or alias, surname
and fuzzy match, on names in Latin (with and without diacritics), Arabic and Persian."""

from __future__ import annotations

import pytest
from conftest import write_jsonl

from annotator.core import AddSpan, History, import_files
from annotator.core.operations import CreateEntry, DecideProposal, LinkEntry
from annotator.core.registry import Entry
from annotator.core.registry.linking import propose_links
from annotator.core.registry.name_index import NameIndex
from annotator.core.registry.names import fold

ENTRIES = [
    ("Ali Khamenei", ("Khamenei", "علی خامنه‌ای")),
    ("Mohammad Javad Zarif", ("محمد جواد ظریف",)),
    ("François Hollande", ()),
    ("Ali Larijani", ()),
    ("Sadegh Larijani", ()),
]

TEXTS = {
    "x": "Ali Khamenei spoke; Khamenei. Zarif and Francois Hollande, Hollande’s aide. "
         "Ali Larijani, then Larijani.",
    "y": "علي خامنه‌اي و علي خامنئي و محمدجواد ظريف. Mohamad Javad Zarif. Larijani. Rohani.",
}


@pytest.fixture
def linked(store, tmp_path):
    """The store with the entries, the articles and alice's PERSON spans (and one ORG);
    only "Ali Larijani" of article x is linked. Returns (history, spans by (article,
    text))."""
    import_files(store, [write_jsonl(tmp_path / "a.jsonl",
                                     [{"id": k, "text": t} for k, t in TEXTS.items()])])
    history = History(store, "alice")
    for name, aliases in ENTRIES:
        history.run(CreateEntry(Entry(0, name, "PERSON", aliases)))
    spans = {}

    def tag(article: str, words: str, label: str = "PERSON", nth: int = 0) -> None:
        text, start = TEXTS[article], -1
        for _ in range(nth + 1):
            start = text.index(words, start + 1)
        pk = store.annotations.article_by_id(article).pk
        change = history.run(AddSpan(pk, "alice", start, start + len(words), label))
        key = (words if not nth else f"{words}#{nth}") + ("" if label == "PERSON" else f" {label}")
        spans[article, key] = next(iter(change.spans))

    for words in ("Ali Khamenei", "Zarif", "Francois Hollande", "Hollande’s", "Ali Larijani",
                  "Larijani"):
        tag("x", words)
    tag("x", "Khamenei", nth=1)
    tag("x", "Khamenei", "ORG", nth=1)  # the same words as an ORG: no PERSON entry fits
    for words in ("علي خامنه‌اي", "علي خامنئي", "محمدجواد ظريف", "Mohamad Javad Zarif",
                  "Larijani", "Rohani"):
        tag("y", words)
    entry = {e.name: e.id for e in store.registry.entries()}
    history.run(LinkEntry(spans["x", "Ali Larijani"], entry["Ali Larijani"]))
    return history, spans, entry


def proposed(store) -> dict[int, list[tuple[str, str, str]]]:
    """Span id -> [(entry name, method, scope)] of the open proposals."""
    found: dict[int, list[tuple[str, str, str]]] = {}
    for p in store.registry.proposals():
        found.setdefault(p.span, []).append((store.registry.entry(p.entry).name,
                                             p.method, p.scope))
    return found


def test_names_fold_across_diacritics_scripts_and_possessives():
    assert fold("François Hollande’s") == "francois hollande"
    assert fold("José Ángel GURRÍA") == "jose angel gurria"
    assert fold("علی خامنه‌ای") == fold("علي خامنه‌اي") == fold("علي خامنهاي")  # Persian/Arabic
    assert fold("آیت‌الله") == fold("ايتالله")


def test_link_proposes_by_name_alias_surname_and_fuzzy(store, linked):
    _, spans, _ = linked
    summary = propose_links(store, "alice")
    assert summary.mentions == 14 - 1  # every PERSON and ORG span but the one linked
    found = proposed(store)
    assert found[spans["x", "Ali Khamenei"]] == [("Ali Khamenei", "name", "corpus")]
    assert found[spans["x", "Khamenei#1"]] == [("Ali Khamenei", "alias", "corpus")]
    assert found[spans["x", "Zarif"]] == [("Mohammad Javad Zarif", "surname", "corpus")]
    assert found[spans["x", "Francois Hollande"]] == [("François Hollande", "name", "corpus")]
    assert found[spans["x", "Hollande’s"]] == [("François Hollande", "surname", "corpus")]
    # Persian alias, written with Arabic letters: the same name once folded
    assert found[spans["y", "علي خامنه‌اي"]] == [("Ali Khamenei", "alias", "corpus")]
    # the Arabic press's spelling of the Persian name, and a name written joined: fuzzy
    assert found[spans["y", "علي خامنئي"]] == [("Ali Khamenei", "fuzzy", "corpus")]
    assert found[spans["y", "محمدجواد ظريف"]] == [("Mohammad Javad Zarif", "fuzzy", "corpus")]
    assert found[spans["y", "Mohamad Javad Zarif"]] == [
        ("Mohammad Javad Zarif", "fuzzy", "corpus")]
    assert spans["y", "Rohani"] not in found  # nobody of that name


def test_an_entry_linked_in_the_same_article_comes_first(store, linked):
    _, spans, _ = linked
    propose_links(store, "alice")
    found = proposed(store)
    # in x, "Ali Larijani" is linked: "Larijani" is him, not his brother
    assert found[spans["x", "Larijani"]] == [("Ali Larijani", "surname", "article")]
    # in y nothing is linked: both Larijanis are proposed
    assert sorted(found[spans["y", "Larijani"]]) == [("Ali Larijani", "surname", "corpus"),
                                                     ("Sadegh Larijani", "surname", "corpus")]


def test_only_fitting_kinds_are_proposed(store, linked):
    propose_links(store, "alice")
    org = [p for p in store.registry.proposals()
           if store.annotations.span(p.span).label == "ORG"]
    assert org == []


def test_nothing_is_linked_unless_accepted(store, linked):
    links = store.conn.execute("SELECT count(*) FROM entry_links").fetchone()[0]
    propose_links(store, "alice")
    assert store.conn.execute("SELECT count(*) FROM entry_links").fetchone()[0] == links


def test_accept_exact_links_the_mentions_with_one_exact_entry(store, linked):
    _, spans, entry = linked
    summary = propose_links(store, "alice", accept_exact=True)
    assert summary.accepted == 4  # Ali Khamenei, Khamenei, Francois Hollande, علي خامنه‌اي
    assert store.registry.linked_entry(spans["x", "Khamenei#1"]) == entry["Ali Khamenei"]
    assert store.registry.linked_entry(spans["x", "Zarif"]) is None  # a surname: a proposal
    again = propose_links(store, "alice")  # the linked mentions are not looked at again
    assert again.mentions == summary.mentions - 4


def test_a_rejected_proposal_is_not_made_again_and_undo_takes_decisions_back(store, linked):
    history, spans, entry = linked
    propose_links(store, "alice")
    [zarif] = [p for p in store.registry.proposals() if p.span == spans["x", "Zarif"]]
    history.run(DecideProposal(zarif.id, "reject"))
    propose_links(store, "alice")
    assert spans["x", "Zarif"] not in proposed(store)
    [hollande] = [p for p in store.registry.proposals()
                  if p.span == spans["x", "Hollande’s"]]
    history.run(DecideProposal(hollande.id, "accept"))
    assert store.registry.linked_entry(spans["x", "Hollande’s"]) == entry["François Hollande"]
    history.undo()
    assert store.registry.linked_entry(spans["x", "Hollande’s"]) is None
    assert store.registry.proposal(hollande.id).decision is None
    history.redo()
    assert store.registry.proposal(hollande.id).decision == "accept"


def test_the_picker_filter_finds_by_prefix_alias_typo_and_script(store, linked):
    index = NameIndex(store.registry.search_rows())
    entry = {e.name: e.id for e in store.registry.entries()}
    assert index.filter("kham")[0].entry == entry["Ali Khamenei"]
    assert index.filter("khamenie")[0].entry == entry["Ali Khamenei"]  # a typo
    assert index.filter("hollande")[0].name == "François Hollande"
    assert index.filter("francois h")[0].entry == entry["François Hollande"]
    hit = index.filter("خامنه")[0]
    assert (hit.entry, hit.alias, hit.name) == (entry["Ali Khamenei"], True, "علی خامنه‌ای")
    larijani = [hit.entry for hit in index.filter("larijani")]
    assert set(larijani) == {entry["Ali Larijani"], entry["Sadegh Larijani"]}
    first = index.filter("larijani", first={entry["Sadegh Larijani"]})
    assert first[0].entry == entry["Sadegh Larijani"]  # linked in the article: first
    assert index.filter("larijani", kinds=["ORG"]) == []
    assert index.filter("  ") == [] and index.filter("zzzz") == []


def proposal_rows(store) -> list[tuple]:
    return store.conn.execute(
        "SELECT id, span, entry, method, scope, score, decision, decided_by, made_at, "
        "decided_at FROM link_proposals ORDER BY id").fetchall()


def test_undoing_an_entry_delete_brings_its_proposals_back(store, linked):
    """Deleting an entry takes the proposals that named it (open, accepted, rejected);
    undo restores them as they were, so a rejection still keeps the pair from coming back."""
    from annotator.core.operations import DeleteEntry
    history, spans, entry = linked
    propose_links(store, "alice")
    [zarif] = [p for p in store.registry.proposals() if p.span == spans["x", "Zarif"]]
    history.run(DecideProposal(zarif.id, "reject"))
    before = proposal_rows(store)
    assert any(row[2] == entry["Mohammad Javad Zarif"] for row in before)
    history.run(DeleteEntry(entry["Mohammad Javad Zarif"]))
    assert not any(row[2] == entry["Mohammad Javad Zarif"] for row in proposal_rows(store))
    history.undo()
    assert proposal_rows(store) == before
    history.redo()
    history.undo()
    assert proposal_rows(store) == before
    propose_links(store, "alice")
    assert spans["x", "Zarif"] not in proposed(store)  # still rejected


def test_undoing_an_entry_merge_gives_the_proposals_back_to_each_entry(store, linked):
    """Merging moves the proposals of the entry merged away (those naming both are taken:
    one span, one entry); splitting restores every one to the entry it named."""
    from annotator.core.operations import MergeEntries
    history, _, entry = linked
    propose_links(store, "alice")
    before = proposal_rows(store)
    keep, remove = entry["Ali Larijani"], entry["Sadegh Larijani"]
    spans_of = {e: {row[1] for row in before if row[2] == e} for e in (keep, remove)}
    assert spans_of[keep] & spans_of[remove]  # a surname proposes both for one span
    history.run(MergeEntries(keep, remove))
    after = proposal_rows(store)
    assert not any(row[2] == remove for row in after)
    assert {row[1] for row in after if row[2] == keep} == spans_of[keep] | spans_of[remove]
    history.undo()
    assert proposal_rows(store) == before
    history.redo()
    assert proposal_rows(store) == after


def test_undoing_a_span_delete_brings_its_proposals_back(store, linked):
    from annotator.core import DeleteSpan
    history, spans, _ = linked
    propose_links(store, "alice")
    [zarif] = [p for p in store.registry.proposals() if p.span == spans["x", "Zarif"]]
    history.run(DecideProposal(zarif.id, "reject"))
    before = proposal_rows(store)
    history.run(DeleteSpan(spans["x", "Zarif"]))
    assert len(proposal_rows(store)) < len(before)
    history.undo()
    assert proposal_rows(store) == before


def test_an_index_built_in_a_thread_orders_its_names_as_one_built_at_once(monkeypatch):
    """Built in a thread, the names are sorted a slice at a time and merged (the window's
    thread gets the interpreter in between); the order must be the same, ties included."""
    import annotator.core.registry.name_index as name_index
    monkeypatch.setattr(name_index, "_SLICE", 3)
    names = ["Zarif", "Ali Khamenei", "ali khamenei", "Hollande", "Ali Larijani", "Zarif",
             "François Hollande", "Francois Hollande", "Larijani", "Ali", "Ali Khamenei"]
    rows = [(n, name, "PERSON", "[]") for n, name in enumerate(names, 1)]
    at_once, in_thread = NameIndex(rows), NameIndex(rows, in_thread=True)
    assert in_thread.sorted_names == at_once.sorted_names
    assert [fold(names[i]) for i in at_once.sorted_names] == sorted(fold(n) for n in names)
    for typed in ("ali", "ali k", "hollande", "zar", "larijani"):
        assert in_thread.filter(typed) == at_once.filter(typed)

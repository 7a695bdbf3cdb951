"""The registry's operations, their undo and redo (no Qt), and the rules they keep."""

from __future__ import annotations

import dataclasses

import pytest

from annotator.core import AddRelation, AddSpan, DeleteSpan, OperationError, Relabel
from annotator.core.operations import (
    CreateEntry,
    DeleteEntry,
    EditEntry,
    LinkEntry,
    MergeEntries,
    UnlinkEntry,
)
from annotator.core.registry import Entry

TEXT = "“We will respond,” Zarif said in Tehran. Iran’s foreign minister Mohammad Javad Zarif."


def registry_state(store) -> tuple:
    entries = tuple((e.id, e.name, e.kind, e.aliases, e.description, e.wikidata,
                     tuple(sorted(e.attrs.items()))) for e in store.registry.entries())
    links = tuple(store.conn.execute("SELECT span, entry FROM entry_links ORDER BY span"))
    return entries, links


def span(history, pk: int, word: str, label: str, nth: int = 0) -> int:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    change = history.run(AddSpan(pk, "alice", start, start + len(word), label))
    return next(iter(change.spans))


def create(history, name: str, kind: str = "PERSON", **fields) -> int:
    history.run(CreateEntry(Entry(0, name, kind, **fields)))
    return max(e.id for e in history.store.registry.entries())


def check_undo_redo(store, history, before: tuple) -> None:
    after = registry_state(store)
    assert after != before
    history.undo()
    assert registry_state(store) == before
    history.redo()
    assert registry_state(store) == after


def test_create_entry_with_aliases_attributes_and_wikidata(store, history):
    before = registry_state(store)
    change = history.run(CreateEntry(Entry(
        0, "  Mohammad  Javad Zarif ", "PERSON", aliases=("Zarif", "Zarif", "محمد جواد ظریف"),
        description="Iran's foreign minister", wikidata="Q298405",
        attrs={"gender": "man", "role": "official"})))
    [entry] = store.registry.entries()
    assert entry.name == "Mohammad Javad Zarif"  # spaces tidied
    assert entry.aliases == ("Zarif", "محمد جواد ظریف")  # each once
    assert (entry.wikidata, entry.attrs) == ("Q298405", {"gender": "man", "role": "official"})
    assert change.registry and change.article is None
    assert store.changes.change_log()[0]["op"] == "create entry"
    check_undo_redo(store, history, before)
    assert [e.id for e in store.registry.entries()] == [entry.id]  # redo keeps the id


@pytest.mark.parametrize(("fields", "message"), [
    ({"wikidata": "Q0123"}, "'Q0123' is not a Wikidata id"),
    ({"wikidata": "298405"}, "not a Wikidata id (Q followed by a number"),
    ({"wikidata": "Q12x"}, "not a Wikidata id"),
    ({"kind": "PERSONS"}, ("kind 'PERSONS' is not an entity label of the schema (kinds: "
                          "PERSON, ORG")),
    ({"kind": "QUOTE"}, "kind 'QUOTE' is not an entity label"),
    ({"name": "  "}, "an entry needs a name"),
    ({"attrs": {"gender": "robot"}}, "gender must be one of woman, man, non-binary, unknown"),
    ({"attrs": {"height": "2m"}}, "has no attribute 'height' (it has: gender, role)"),
    ({"kind": "ORG", "attrs": {"gender": "woman"}}, "has no attribute 'gender' (it has: none)"),
])
def test_bad_entries_are_refused_and_nothing_changes(store, history, fields, message):
    history.run(CreateEntry(Entry(0, "Ali Khamenei", "PERSON", wikidata="Q57336")))
    before = registry_state(store), store.changes.last_change_id()
    values = {"name": "Mohammad Javad Zarif", "kind": "PERSON", **fields}
    with pytest.raises(OperationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        history.run(CreateEntry(Entry(0, values.pop("name"), values.pop("kind"), **values)))
    assert (registry_state(store), store.changes.last_change_id()) == before


def test_a_wikidata_id_names_one_entry(store, history):
    first = create(history, "Ali Khamenei", wikidata="Q57336")
    second = create(history, "Khamenei")
    before = registry_state(store)
    with pytest.raises(OperationError, match=f"Q57336 is already the Wikidata id of entry "
                                             f"{first} \\(Ali Khamenei\\)"):
        history.run(EditEntry(dataclasses.replace(store.registry.entry(second),
                                                  wikidata="Q57336")))
    assert registry_state(store) == before


def test_edit_entry_and_undo(store, history):
    entry_id = create(history, "Zarif", aliases=("Javad Zarif",))
    before = registry_state(store)
    history.run(EditEntry(dataclasses.replace(store.registry.entry(entry_id),
                                              name="Mohammad Javad Zarif",
                                              aliases=("Zarif", "Javad Zarif"),
                                              attrs={"role": "official"})))
    assert store.registry.entry(entry_id).aliases == ("Zarif", "Javad Zarif")
    check_undo_redo(store, history, before)


def test_link_and_unlink_an_entity_span_with_undo(store, history, article):
    mention = span(history, article, "Zarif", "PERSON")
    entry_id = create(history, "Mohammad Javad Zarif")
    before = registry_state(store)
    change = history.run(LinkEntry(mention, entry_id))
    assert change.registry and change.article == article and change.spans == {mention}
    assert change.description == "Link “Zarif” to “Mohammad Javad Zarif”"
    assert store.registry.linked_entry(mention) == entry_id
    check_undo_redo(store, history, before)
    linked = registry_state(store)
    history.run(UnlinkEntry(mention))
    assert store.registry.linked_entry(mention) is None
    check_undo_redo(store, history, linked)


def test_relinking_a_span_undoes_to_its_earlier_entry(store, history, article):
    mention = span(history, article, "Zarif", "PERSON")
    first, second = create(history, "Zarif"), create(history, "Mohammad Javad Zarif")
    history.run(LinkEntry(mention, first))
    history.run(LinkEntry(mention, second))
    history.undo()
    assert store.registry.linked_entry(mention) == first


def test_only_entity_spans_of_a_fitting_kind_and_source_mentions_link(store, history,
                                                                       article):
    quote = span(history, article, "“We will respond,”", "QUOTE")
    tehran = span(history, article, "Tehran", "GPE")
    iran = span(history, article, "Iran", "GPE")
    person = create(history, "Mohammad Javad Zarif")
    government = create(history, "Government of Iran", "ORG")
    before = registry_state(store)
    with pytest.raises(OperationError, match="only entity spans and source mentions link to "
                                             "registry entries; QUOTE is a quote"):
        history.run(LinkEntry(quote, person))
    with pytest.raises(OperationError, match="a GPE span cannot link to an entry of kind "
                                             "PERSON"):
        history.run(LinkEntry(tehran, person))
    assert registry_state(store) == before
    history.run(LinkEntry(iran, government))  # a country speaking as its government
    assert store.registry.linked_entry(iran) == government
    # a source mention ("he", "the ministry") names whom it means, of any kind
    minister = span(history, article, "foreign minister", "MENTION")
    history.run(LinkEntry(minister, person))
    assert store.registry.linked_entry(minister) == person
    history.run(LinkEntry(minister, government))
    assert store.registry.linked_entry(minister) == government


def test_deleting_a_span_takes_its_link_and_undo_brings_it_back(store, history, article):
    mention = span(history, article, "Zarif", "PERSON")
    entry_id = create(history, "Mohammad Javad Zarif")
    history.run(LinkEntry(mention, entry_id))
    history.run(DeleteSpan(mention))
    assert store.registry.links_of_entry(entry_id) == []
    history.undo()
    assert store.registry.linked_entry(mention) == entry_id


def test_relabelling_to_another_kind_unlinks_and_undo_relinks(store, history, article):
    mention = span(history, article, "Zarif", "PERSON")
    entry_id = create(history, "Mohammad Javad Zarif")
    history.run(LinkEntry(mention, entry_id))
    change = history.run(Relabel(mention, "LOC"))
    assert change.registry and store.registry.linked_entry(mention) is None
    history.undo()
    assert store.registry.linked_entry(mention) == entry_id
    history.run(Relabel(mention, "ORG"))  # nothing ties an ORG span to a PERSON entry
    assert store.registry.linked_entry(mention) is None


def test_delete_entry_unlinks_and_undo_restores_entry_and_links(store, history, article):
    one = span(history, article, "Zarif", "PERSON")
    two = span(history, article, "Mohammad Javad Zarif", "PERSON")
    entry_id = create(history, "Mohammad Javad Zarif", wikidata="Q298405")
    history.run(LinkEntry(one, entry_id))
    history.run(LinkEntry(two, entry_id))
    before = registry_state(store)
    history.run(DeleteEntry(entry_id))
    assert store.registry.entry(entry_id) is None
    assert store.conn.execute("SELECT count(*) FROM entry_links").fetchone()[0] == 0
    check_undo_redo(store, history, before)


def test_merge_moves_links_joins_aliases_and_undoes(store, history, article):
    one = span(history, article, "Zarif", "PERSON")
    two = span(history, article, "Mohammad Javad Zarif", "PERSON")
    keep = create(history, "Mohammad Javad Zarif", aliases=("Javad Zarif",),
                  attrs={"role": "official"})
    remove = create(history, "Zarif", aliases=("M. J. Zarif",), wikidata="Q298405",
                    attrs={"gender": "man", "role": "politician"})
    history.run(LinkEntry(one, remove))
    history.run(LinkEntry(two, keep))
    before = registry_state(store)
    change = history.run(MergeEntries(keep, remove))
    assert change.description == "Merge “Zarif” into “Mohammad Javad Zarif”"
    merged = store.registry.entry(keep)
    assert store.registry.entry(remove) is None
    assert merged.aliases == ("Javad Zarif", "Zarif", "M. J. Zarif")
    assert merged.wikidata == "Q298405"
    assert merged.attrs == {"gender": "man", "role": "official"}  # the kept entry's first
    assert store.registry.links_of_entry(keep) == sorted([one, two])
    check_undo_redo(store, history, before)


def test_merge_refuses_two_wikidata_ids(store, history):
    keep = create(history, "Ali Khamenei", wikidata="Q57336")
    remove = create(history, "Ali Khamenei", wikidata="Q1")
    before = registry_state(store)
    with pytest.raises(OperationError, match="different Wikidata ids"):
        history.run(MergeEntries(keep, remove))
    with pytest.raises(OperationError, match="cannot be merged into itself"):
        history.run(MergeEntries(keep, keep))
    assert registry_state(store) == before


def test_a_deleted_entrys_link_step_is_dropped_not_applied(store, history, article):
    """Undoing a link whose entry someone deleted since: the step goes, nothing breaks."""
    from annotator.core.history import StepDropped
    mention = span(history, article, "Zarif", "PERSON")
    entry_id = create(history, "Zarif")
    history.run(LinkEntry(mention, entry_id))
    history.run(UnlinkEntry(mention))
    DeleteEntry(entry_id).apply(store, "bob")
    with pytest.raises(StepDropped, match=r"entry .* does not exist"):
        history.undo()


def test_quote_speaker_relation_and_entry_link_live_together(store, history, article):
    quote = span(history, article, "“We will respond,”", "QUOTE")
    mention = span(history, article, "Zarif", "PERSON")
    history.run(AddRelation(quote, mention, "SPEAKER"))
    entry_id = create(history, "Mohammad Javad Zarif")
    history.run(LinkEntry(mention, entry_id))
    assert store.reports.check() == []


def test_a_window_following_the_log_sees_registry_changes(two):
    """Another program's registry edits reach an open window's feed, flagged `registry`."""
    from annotator.core.changefeed import REGISTRY_OPS, ChangeFeed
    from annotator.core.history import History
    from annotator.core.operations.registry import ENTRY_OPS, LINK_OPS
    assert ENTRY_OPS | LINK_OPS <= REGISTRY_OPS
    ours, theirs = two
    feed = ChangeFeed(ours)
    pk = theirs.annotations.article_by_id("a").pk
    other = History(theirs, "bob")
    other.run(CreateEntry(Entry(0, "Mohammad Javad Zarif", "PERSON")))
    outside = feed.poll()
    assert outside is not None and outside.registry and outside.articles == frozenset()
    start = TEXT.index("Zarif")
    mention = next(iter(other.run(AddSpan(pk, "bob", start, start + 5, "PERSON")).spans))
    feed.poll()
    other.run(LinkEntry(mention, 1))
    outside = feed.poll()
    assert outside.registry and outside.touches(pk)
    other.undo()
    assert feed.poll().registry  # "undo link entry"
    History(ours, "alice").run(CreateEntry(Entry(0, "Ali Khamenei", "PERSON")))
    assert feed.poll() is None  # our own step: the window knows already


def test_check_reports_a_link_that_no_longer_fits(store, history, article):
    """A link written around the operations (by hand, by an old tool) is reported."""
    mention = span(history, article, "Tehran", "GPE")
    entry_id = create(history, "Mohammad Javad Zarif")
    store.conn.execute("INSERT INTO entry_links VALUES (?, ?, 'now')", (mention, entry_id))
    store.conn.execute("UPDATE entries SET wikidata = NULL, attrs = '{\"gender\": \"x\"}'")
    assert store.reports.check() == [
        (f"entry {entry_id} (Mohammad Javad Zarif): gender must be one of woman, man, "
        "non-binary, unknown, not 'x'"),
        (f"span {mention} links to entry {entry_id}: a GPE span cannot link to an entry of "
        "kind PERSON")]

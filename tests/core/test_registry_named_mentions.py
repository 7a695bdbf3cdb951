"""`annotator link` proposes an entry for a source mention ("she") by the name the quote
finder took it for (the quote's span meta `speaker_name`), of any kind; accepted, the quote
counts for that entry. A mention with no such name, or already linked, gets nothing."""

from __future__ import annotations

from conftest import write_jsonl

from annotator.core import AddRelation, AddSpan, History, import_files
from annotator.core.operations import CreateEntry, LinkEntry
from annotator.core.registry import Entry
from annotator.core.registry.linking import propose_links
from annotator.core.registry.speakers import figures

TEXT = ('Layla Haddad said the port would reopen. "We are ready," she said. '
        '"It is late," another said. The ministry said it would help.')


def span(history, pk: int, piece: str, label: str, **meta: str) -> int:
    start = TEXT.index(piece)
    change = history.run(AddSpan(pk, "alice", start, start + len(piece), label,
                                 {"type": "direct"} if label == "QUOTE" else {}, meta=meta))
    return next(iter(change.spans))


def test_a_source_mention_is_proposed_the_entry_of_the_name_its_quote_holds(store, tmp_path):
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": TEXT}])])
    pk = store.annotations.article_by_id("a").pk
    history = History(store, "alice")
    history.run(CreateEntry(Entry(0, "Layla Haddad", "PERSON")))
    history.run(CreateEntry(Entry(0, "Ministry of Ports", "ORG")))
    layla, ministry = (e.id for e in store.registry.entries())
    she = span(history, pk, "she", "MENTION")
    quote = span(history, pk, '"We are ready,"', "QUOTE", speaker_name="Layla Haddad")
    history.run(AddRelation(quote, she, "SPEAKER"))
    another = span(history, pk, "another", "MENTION")  # its quote names no one
    history.run(AddRelation(span(history, pk, '"It is late,"', "QUOTE"), another, "SPEAKER"))
    it = span(history, pk, "it", "MENTION")  # "it would help": linked already
    history.run(LinkEntry(it, ministry))

    summary = propose_links(store, "alice", accept_exact=True)
    assert summary.accepted == 1
    assert store.registry.linked_entry(she) == layla
    assert store.registry.linked_entry(another) is None
    assert store.registry.linked_entry(it) == ministry
    assert figures(store)[layla]["quotes"] == 1  # "We are ready," she said: Layla Haddad's
    assert "Looked at 1 unlinked mention." in summary.report()

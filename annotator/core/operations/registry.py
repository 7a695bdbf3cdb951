"""Operations on the speaker registry: create, edit, delete and merge entries; link an
entity span to an entry and unlink it; decide on a proposed link. Each returns
(Change, inverse) like every operation, so the window's undo covers them.

An entry's own operations name no article (the change log's row has none; its op says
"entry"); a link's operations name the span's article and layer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..errors import OperationError
from ..model import Span
from ..registry.entry import Entry
from ..rules import entry_link_problem, entry_problem
from ..store import Store
from .base import Change, Operation, log, require_span, short

# The change log's names of the registry's operations; changefeed.REGISTRY_OPS lists them
# for a window that follows the log (a test keeps the two in step).
ENTRY_OPS = frozenset({"create entry", "edit entry", "delete entry", "merge entries",
                       "split entries"})
LINK_OPS = frozenset({"link entry", "unlink entry", "decide proposal"})


def require_entry(store: Store, entry_id: int) -> Entry:
    entry = store.registry.entry(entry_id)
    if entry is None:
        raise OperationError(f"entry {entry_id} does not exist (it may have been deleted "
                             "or merged)")
    return entry


def clean_aliases(name: str, aliases: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The aliases trimmed, each once, without the name itself, in the order given."""
    seen = {name.strip()}
    kept = []
    for alias in aliases:
        alias = " ".join(alias.split()) if isinstance(alias, str) else alias
        if alias not in seen:
            seen.add(alias)
            kept.append(alias)
    return tuple(kept)


def check_entry(store: Store, entry: Entry) -> None:
    """The entry fits the schema, and its Wikidata id is no other entry's."""
    problem = entry_problem(store.schema, entry.name, entry.kind, list(entry.aliases),
                            entry.wikidata, entry.attrs)
    if problem is not None:
        raise OperationError(problem)
    if entry.wikidata is not None:
        other = store.registry.entry_by_wikidata(entry.wikidata)
        if other is not None and other.id != entry.id:
            raise OperationError(f"{entry.wikidata} is already the Wikidata id of entry "
                                 f"{other.id} ({other.name})")


def _entry_detail(entry: Entry) -> dict[str, Any]:
    return {"entry": entry.id, **entry.as_record()}


def _registry_change(name: str, description: str) -> Change:
    return Change(name, description, None, None, registry=True)


@dataclass(frozen=True)
class CreateEntry:
    """Add an entry to the registry (id 0: a new one; when redoing, or undoing its deletion,
    the id it had, and its links back)."""

    entry: Entry
    links: tuple[int, ...] = ()  # spans linked again when undoing a delete
    proposals: tuple[tuple[Any, ...], ...] = ()  # its link proposals, when undoing a delete
    name: str = "create entry"

    def describe(self, store: Store) -> str:
        return f"New entry {short(self.entry.name)}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        given = self.entry
        name = " ".join(given.name.split()) if isinstance(given.name, str) else given.name
        entry = replace(given, name=name, aliases=clean_aliases(name or "", given.aliases),
                        description=given.description.strip(),
                        attrs={k: v for k, v in given.attrs.items() if v is not None})
        check_entry(store, entry)
        if entry.id and store.registry.entry(entry.id) is not None:
            raise OperationError(f"entry {entry.id} is another entry now")
        with store.transaction():
            stored = store.registry.insert_entry(entry)
            relinked = []
            for span_id in self.links:
                span = store.annotations.span(span_id)
                if span is not None and store.registry.linked_entry(span_id) is None:
                    store.registry.link(span_id, stored.id)
                    relinked.append(span_id)
            if self.proposals and stored.id == entry.id:
                store.registry.restore_proposals(self.proposals)
            log(store, actor, how, self.name, None,
                {**_entry_detail(stored), "links": relinked})
        return (_registry_change(self.name, self.describe(store)),
                DeleteEntry(stored.id))


@dataclass(frozen=True)
class DeleteEntry:
    """Remove an entry; the spans linked to it are unlinked and the link proposals naming
    it go (undo links them again and puts the proposals back, decisions and all)."""

    entry_id: int
    name: str = "delete entry"

    def describe(self, store: Store) -> str:
        return f"Delete entry {short(require_entry(store, self.entry_id).name)}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        entry = require_entry(store, self.entry_id)
        description = f"Delete entry {short(entry.name)}"
        with store.transaction():
            links = store.registry.links_of_entry(entry.id)
            proposals = tuple(store.registry.proposal_rows(entry.id))  # the delete takes them
            for span_id in links:
                store.registry.unlink(span_id)
            store.registry.delete_entry(entry.id)
            log(store, actor, how, self.name, None, {**_entry_detail(entry), "links": links})
        return (_registry_change(self.name, description),
                CreateEntry(entry, tuple(links), proposals))


@dataclass(frozen=True)
class EditEntry:
    """Give an entry new values (name, kind, aliases, description, Wikidata id, attributes)
    keeping its id and links. A new kind must still fit every span linked to it."""

    entry: Entry
    name: str = "edit entry"

    def describe(self, store: Store) -> str:
        return f"Edit entry {short(self.entry.name)}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        before = require_entry(store, self.entry.id)
        name = " ".join(self.entry.name.split())
        after = replace(self.entry, name=name,
                        aliases=clean_aliases(name, self.entry.aliases),
                        description=self.entry.description.strip(),
                        attrs={k: v for k, v in self.entry.attrs.items() if v is not None})
        check_entry(store, after)
        if after.kind != before.kind:
            for span_id in store.registry.links_of_entry(before.id):
                span = store.annotations.span(span_id)
                problem = span and entry_link_problem(store.schema, span.label, after.kind)
                if problem:
                    raise OperationError(f"{problem} (span {span_id} links to it)")
        with store.transaction():
            store.registry.update_entry(after)
            log(store, actor, how, self.name, None,
                {"entry": before.id, "from": before.as_record(), "to": after.as_record()})
        return _registry_change(self.name, self.describe(store)), EditEntry(before)


@dataclass(frozen=True)
class LinkEntry:
    """Link an entity span to a registry entry (replacing the entry it linked to)."""

    span_id: int
    entry_id: int
    name: str = "link entry"

    def describe(self, store: Store) -> str:
        span = require_span(store, self.span_id)
        return self._describe(span, require_entry(store, self.entry_id))

    @staticmethod
    def _describe(span: Span, entry: Entry) -> str:
        return f"Link {short(span.text, 20)} to {short(entry.name, 20)}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        span = require_span(store, self.span_id)
        entry = require_entry(store, self.entry_id)
        problem = entry_link_problem(store.schema, span.label, entry.kind)
        if problem is not None:
            raise OperationError(problem)
        before = store.registry.linked_entry(span.id)
        if before == entry.id:
            raise OperationError(f"{short(span.text)} is already linked to {entry.name}")
        with store.transaction():
            store.registry.link(span.id, entry.id)
            log(store, actor, how, self.name, span.article,
                {"span": span.id, "annotator": span.annotator, "entry": entry.id,
                 "from": before})
        change = Change(self.name, self._describe(span, entry), span.article, span.annotator,
                        frozenset({span.id}), registry=True)
        inverse: Operation = (UnlinkEntry(span.id) if before is None
                              else LinkEntry(span.id, before))
        return change, inverse


@dataclass(frozen=True)
class UnlinkEntry:
    """Take a span's link to its registry entry away."""

    span_id: int
    name: str = "unlink entry"

    def describe(self, store: Store) -> str:
        return f"Unlink {short(require_span(store, self.span_id).text, 20)}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        span = require_span(store, self.span_id)
        entry = store.registry.linked_entry(span.id)
        if entry is None:
            raise OperationError(f"{short(span.text)} is not linked to an entry")
        with store.transaction():
            store.registry.unlink(span.id)
            log(store, actor, how, self.name, span.article,
                {"span": span.id, "annotator": span.annotator, "entry": entry})
        change = Change(self.name, f"Unlink {short(span.text, 20)}", span.article,
                        span.annotator, frozenset({span.id}), registry=True)
        return change, LinkEntry(span.id, entry)


@dataclass(frozen=True)
class MergeEntries:
    """Merge entry `remove` into entry `keep`: its links move to `keep`, its name and
    aliases join `keep`'s aliases, its Wikidata id and attributes fill what `keep` lacks;
    `remove` is deleted. Two entries with different Wikidata ids or kinds that the links
    cannot share are refused."""

    keep: int
    remove: int
    name: str = "merge entries"

    def describe(self, store: Store) -> str:
        keep, remove = require_entry(store, self.keep), require_entry(store, self.remove)
        return f"Merge {short(remove.name, 20)} into {short(keep.name, 20)}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        if self.keep == self.remove:
            raise OperationError("an entry cannot be merged into itself")
        keep, remove = require_entry(store, self.keep), require_entry(store, self.remove)
        if keep.wikidata and remove.wikidata and keep.wikidata != remove.wikidata:
            raise OperationError(f"{keep.name} ({keep.wikidata}) and {remove.name} "
                                 f"({remove.wikidata}) have different Wikidata ids")
        links = store.registry.links_of_entry(remove.id)
        for span_id in links:
            span = require_span(store, span_id)
            problem = entry_link_problem(store.schema, span.label, keep.kind)
            if problem is not None:
                raise OperationError(f"{problem} (span {span_id} links to {remove.name})")
        merged = replace(keep, aliases=clean_aliases(keep.name, (*keep.aliases,
                                                                  *remove.names)),
                         wikidata=keep.wikidata or remove.wikidata,
                         description=keep.description or remove.description,
                         attrs={**remove.attrs, **keep.attrs})
        description = f"Merge {short(remove.name, 20)} into {short(keep.name, 20)}"
        with store.transaction():
            proposals = tuple(store.registry.proposal_rows(remove.id))
            moved = store.registry.move_links(remove.id, keep.id)
            store.registry.delete_entry(remove.id)
            store.registry.update_entry(merged)
            log(store, actor, how, self.name, None,
                {"entry": keep.id, "removed": remove.as_record(), "links": moved})
        return (_registry_change(self.name, description),
                SplitEntries(keep, remove, tuple(moved), proposals))


@dataclass(frozen=True)
class SplitEntries:
    """Undo a merge: `kept` gets its values back, `removed` returns under its id with the
    links that were moved from it and its link proposals as they were."""

    kept: Entry
    removed: Entry
    links: tuple[int, ...]
    proposals: tuple[tuple[Any, ...], ...] = ()  # removed's proposals before the merge
    name: str = "split entries"

    def describe(self, store: Store) -> str:
        return f"Split {short(self.removed.name, 20)} from {short(self.kept.name, 20)}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        require_entry(store, self.kept.id)
        if store.registry.entry(self.removed.id) is not None:
            raise OperationError(f"entry {self.removed.id} is another entry now")
        with store.transaction():
            store.registry.update_entry(self.kept)  # first: its Wikidata id may be removed's
            store.registry.insert_entry(self.removed)
            store.registry.relink([s for s in self.links
                                   if store.registry.linked_entry(s) == self.kept.id],
                                  self.removed.id)
            store.registry.restore_proposals(self.proposals)
            log(store, actor, how, self.name, None,
                {"entry": self.kept.id, "restored": self.removed.as_record(),
                 "links": list(self.links)})
        return (_registry_change(self.name, self.describe(store)),
                MergeEntries(self.kept.id, self.removed.id))


@dataclass(frozen=True)
class DecideProposal:
    """Accept a proposed link (the span is linked to the entry) or reject it (it is not
    proposed again); None takes the decision back, and the link it made."""

    proposal_id: int
    decision: str | None  # accept, reject or None
    restore_entry: int | None = None  # when taking back an accept: the span's earlier entry
    name: str = "decide proposal"

    def describe(self, store: Store) -> str:
        verb = {"accept": "Accept", "reject": "Reject"}.get(self.decision or "", "Reopen")
        return f"{verb} proposed link"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        proposal = store.registry.proposal(self.proposal_id)
        if proposal is None:
            raise OperationError(f"proposal {self.proposal_id} does not exist")
        if self.decision not in ("accept", "reject", None):
            raise OperationError(f"a decision is accept or reject, not {self.decision!r}")
        if self.decision is not None and proposal.decision is not None:
            raise OperationError(f"proposal {proposal.id} was already decided "
                                 f"({proposal.decision})")
        span = require_span(store, proposal.span)
        entry = require_entry(store, proposal.entry)
        before = store.registry.linked_entry(span.id)
        if self.decision == "accept":
            problem = entry_link_problem(store.schema, span.label, entry.kind)
            if problem is not None:
                raise OperationError(problem)
        with store.transaction():
            store.registry.decide_proposal(proposal.id, self.decision, actor)
            if self.decision == "accept":
                store.registry.link(span.id, entry.id)
            elif proposal.decision == "accept":  # taking an accept back
                if self.restore_entry is None:
                    store.registry.unlink(span.id)
                else:
                    store.registry.link(span.id, self.restore_entry)
            log(store, actor, how, self.name, span.article,
                {"proposal": proposal.id, "span": span.id, "annotator": span.annotator,
                 "entry": entry.id, "decision": self.decision})
        change = Change(self.name, self.describe(store), span.article, span.annotator,
                        frozenset({span.id}), registry=True)
        inverse = (DecideProposal(proposal.id, None, restore_entry=before)
                   if self.decision is not None else DecideProposal(proposal.id,
                                                                    proposal.decision))
        return change, inverse

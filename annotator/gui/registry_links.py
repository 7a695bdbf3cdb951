"""The registry as the window uses it (a mixin of Controller, like catch_up.py): the
current layer's links of spans to entries, the name index the `K` picker filters, and the
commands that link, unlink, make an entry from a span and decide proposed links.

The name index is built from the whole registry once per store (2.4 s for 100,000 entries:
benchmarks/README.md). For a large registry it is built in a thread as soon as the store
opens, on a read-only connection of its own, so that the picker seldom waits; a small one is
built when the picker first needs it. After a registry change (the window's own, or one the
change log reports) it is not built again: the entries made or changed since are read
(`store.registry.search_rows_since`) into a small second index that the filter asks too,
and which answers for those entries instead of the first.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

    from PySide6.QtCore import SignalInstance

    from ..core.history import History
    from ..core.operations import Change, Operation
    from ..core.registry import Entry
    from ..core.registry.linking import LinkSummary
    from ..core.registry.name_index import Hit, NameIndex
    from ..core.store import Store
    from ..core.store.registry import Proposal
    from .article_state import ArticleState

# Past this many entries made or changed since the index was built, it is built again.
OVERLAY_LIMIT = 2000
# How well the name the quote finder gave a mention must match an entry for the picker to
# offer that entry first (rapidfuzz's 0-100; a surname alone scores 90)
_NAMED_SCORE = 90.0
# From this many entries the index is built in a thread when the store opens (below, building
# it on first use takes a tenth of a second or less).
PREFETCH_FROM = 5000


class EntryIndex:
    """The registry's names for the picker: the index built once, and a small one over the
    entries made or changed since."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._base: NameIndex | None = None
        self._since = ""  # when the base index was read (the store's time stamps)
        self._recent: NameIndex | None = None
        self._recent_ids: frozenset[int] = frozenset()
        self._stale = True
        self._thread: threading.Thread | None = None
        self._prefetched: tuple[NameIndex, str] | None = None

    def changed(self) -> None:
        """The registry changed: the next filter reads what is new first."""
        self._stale = True

    @property
    def built(self) -> bool:
        return self._base is not None

    @property
    def building(self) -> bool:
        """Whether the index is being built in its thread."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def ready(self) -> bool:
        """Whether a filter answers at once (else it first builds or waits for the index)."""
        return self._base is not None or (
            self._thread is not None and not self._thread.is_alive()) or (
            self._thread is None and self.store.registry.entry_count() < PREFETCH_FROM)

    def prefetch(self) -> None:
        """Build the index in a thread, on a read-only connection of its own, when the
        registry is large and the store is a file; the first filter then takes it."""
        store = self.store
        if (self._base is not None or self._thread is not None or store.path is None
                or not store.registry.exists()
                or store.registry.entry_count() < PREFETCH_FROM):
            return
        path = store.path

        def build() -> None:
            from ..core.registry.name_index import NameIndex
            from ..core.store import Store, now
            try:
                since = now()  # before reading: what changes meanwhile is read again
                with Store.open_read_only(path) as reader:
                    rows = reader.registry.search_rows()
                self._prefetched = (NameIndex(rows, in_thread=True), since)
            except Exception:  # noqa: BLE001 - any failure: the first filter builds it itself
                self._prefetched = None
        self._thread = threading.Thread(target=build, name="registry names", daemon=True)
        self._thread.start()

    def _take_prefetched(self) -> None:
        if self._thread is None:
            return
        self._thread.join()
        self._thread = None
        if self._prefetched is not None and self._base is None:
            self._base, self._since = self._prefetched
            self._stale = True  # the entries made or changed while it was built
        self._prefetched = None

    def make_ready(self) -> None:
        """Build (or wait for) the index now, so that no keystroke has to."""
        self._bring_up_to_date()

    def _bring_up_to_date(self) -> None:
        from ..core.registry.name_index import NameIndex
        from ..core.store import now
        self._take_prefetched()
        if not self._stale:
            return
        if self._base is not None:
            rows = self.store.registry.search_rows_since(self._since)
            if len(rows) <= OVERLAY_LIMIT:
                self._recent = NameIndex(rows) if rows else None
                self._recent_ids = frozenset(row[0] for row in rows)
                self._stale = False
                return
        since = now()  # before reading: a change made meanwhile is read again next time
        self._base = NameIndex(self.store.registry.search_rows())
        self._since, self._recent, self._recent_ids = since, None, frozenset()
        self._stale = False

    def filter(self, query: str, limit: int, kinds: Collection[str] | None,
               first: Collection[int]) -> list[Hit]:
        """`NameIndex.filter` over the whole registry as it is now."""
        self._bring_up_to_date()
        assert self._base is not None
        recent_ids = self._recent_ids
        hits = [hit for hit in self._base.filter(query, limit + len(recent_ids), kinds, first)
                if hit.entry not in recent_ids]
        if self._recent is not None:
            hits += self._recent.filter(query, limit, kinds, first)
            first_set = set(first)
            hits.sort(key=lambda hit: (hit.entry not in first_set, -hit.score, hit.name,
                                       hit.entry))
        return hits[:limit]


class RegistryLinks:
    # What it uses of the Controller it is mixed into.
    store: Store | None
    annotator: str
    person: str
    state: ArticleState
    history: History | None
    run: Callable[[Operation], Change | None]
    has_person: Callable[[], bool]
    _refused: Callable[..., None]
    _after: Callable[[Change], None]
    article_loaded: SignalInstance
    article_refreshed: SignalInstance
    spans_changed: SignalInstance
    store_opened: SignalInstance
    registry_changed: SignalInstance
    message: SignalInstance

    def _follow_registry(self) -> None:
        """Called once by the controller: keep the layer's links as the article changes."""
        self.entry_links: dict[int, int] = {}  # span id -> entry id, the current layer's
        self.linked_entries: dict[int, Entry] = {}  # those entries, by id
        self._entry_index: EntryIndex | None = None
        self._index_of: Store | None = None
        for signal in (self.article_loaded, self.article_refreshed, self.spans_changed,
                       self.registry_changed):
            signal.connect(self._reload_entry_links)
        self.registry_changed.connect(self._registry_changed)
        self.store_opened.connect(self._prefetch_names)

    def _prefetch_names(self, *_: object) -> None:
        index = self.entry_index()
        if index is not None:
            index.prefetch()

    def _registry_changed(self) -> None:
        if self._entry_index is not None:
            self._entry_index.changed()

    def _reload_entry_links(self, *_: object) -> None:
        store, article = self.store, self.state.article
        if store is None or article is None or not store.registry.exists():
            self.entry_links, self.linked_entries = {}, {}
            return
        self.entry_links = store.registry.links_in_layer(article.pk, self.annotator)
        self.linked_entries = store.registry.entries_by_id(set(self.entry_links.values()))

    # -- reading -----------------------------------------------------------------------

    def entry_of(self, span_id: int) -> Entry | None:
        """The entry a span of the current layer links to."""
        entry = self.entry_links.get(span_id)
        return self.linked_entries.get(entry) if entry is not None else None

    def entry_index(self) -> EntryIndex | None:
        """The open store's name index (built on first use)."""
        if self.store is None:
            return None
        if self._entry_index is None or self._index_of is not self.store:
            self._entry_index, self._index_of = EntryIndex(self.store), self.store
        return self._entry_index

    def entry_search(self, label: str, limit: int = 12, near: int | None = None,
                     named: str | None = None
                     ) -> Callable[[str], list[tuple[Entry, Hit | None]]]:
        """The picker's search for a span with `label` (called on every keystroke): the
        entries it may link to that match what is typed, best first, those linked in this
        article before the others; with nothing typed, those: by name, or with `near` (the
        offset of a source mention, "he") the one linked nearest before it first, whom
        "he" most often means; and before all, with `named` (the name the quote finder
        took "he" for), the entry of that name. What does not change while the picker is
        open (the article's entries, the kinds) is read once, here."""
        from ..core.rules import entry_link_problem
        store, index, article = self.store, self.entry_index(), self.state.article
        if store is None or index is None:
            return lambda _query: []
        first = store.registry.entries_in_article(article.pk) if article is not None else set()
        kinds = [name for name in store.schema.entity_labels()
                 if entry_link_problem(store.schema, label, name) is None]
        here = [entry for entry in sorted(store.registry.entries_by_id(first).values(),
                                          key=lambda e: e.name) if entry.kind in kinds]
        if near is not None:
            before = self._before(near)
            here.sort(key=lambda entry: before[entry.id])  # stable: by name among equals
        if named:
            hits = index.filter(named, 1, kinds, ())  # by how well it matches alone
            found = store.registry.entries_by_id([hits[0].entry]) if hits else {}
            if hits and hits[0].score >= _NAMED_SCORE and hits[0].entry in found:
                here = [found[hits[0].entry]] + [e for e in here if e.id != hits[0].entry]

        def search(query: str) -> list[tuple[Entry, Hit | None]]:
            if not query.strip():
                return [(entry, None) for entry in here[:limit]]
            hits = index.filter(query, limit + 5, kinds, first)
            found = store.registry.entries_by_id(hit.entry for hit in hits)
            return [(found[hit.entry], hit) for hit in hits if hit.entry in found][:limit]
        return search

    def _before(self, offset: int) -> dict[int, tuple[int, int]]:
        """Entry -> how far before `offset` the layer's nearest span linked to it ends (the
        entries linked only after it last): a sort key."""
        far = (1, 0)
        found: dict[int, tuple[int, int]] = defaultdict(lambda: far)
        for span_id, entry in self.entry_links.items():
            span = self.state.spans.get(span_id)
            if span is not None and span.end <= offset:
                found[entry] = min(found[entry], (0, offset - span.end))
        return found

    def open_proposals(self) -> list[Proposal]:
        """The open link proposals for the spans of the current layer, in reading order."""
        store, article = self.store, self.state.article
        if store is None or article is None or not store.registry.exists():
            return []
        return store.registry.proposals_in_layer(article.pk, self.annotator)

    # -- commands ----------------------------------------------------------------------

    def link_entry(self, span_id: int, entry_id: int) -> None:
        from ..core.operations import LinkEntry
        if span_id in self.state.spans:
            self.run(LinkEntry(span_id, entry_id))

    def unlink_entry(self, span_id: int) -> None:
        from ..core.operations import UnlinkEntry
        if span_id in self.state.spans:
            self.run(UnlinkEntry(span_id))

    def new_entry_from_span(self, span_id: int) -> Entry | None:
        """A new entry named as the span's text, of the span's label, and the span linked
        to it: one undo step."""
        from ..core.errors import AnnotatorError
        from ..core.operations import CreateEntry, LinkEntry
        from ..core.registry import Entry
        span = self.state.spans.get(span_id)
        if span is None or self.store is None or not self.has_person():
            return None
        history, store = self.history, self.store
        assert history is not None
        name = " ".join(span.text.split())
        try:
            with history.group(f"New entry {name[:40]}"):
                made = history.run(CreateEntry(Entry(0, name, span.label)))
                # the newest entry of that name and kind is the one just made (ids grow)
                entry = max(store.registry.entries_named(name, span.label),
                            key=lambda e: e.id)
                linked = history.run(LinkEntry(span.id, entry.id))
        except AnnotatorError as exc:
            self._refused(exc)
            return None
        self._after(made.merge(linked, f"New entry {name[:40]}"))
        return entry

    def suggest_entry_links(self, progress: Callable[[int], None]) -> LinkSummary:
        """`annotator link` from the window: proposals for every unlinked entity mention
        (replacing the open ones of an earlier run), nothing linked; one transaction."""
        from ..core.registry.linking import propose_links
        assert self.store is not None
        summary = propose_links(self.store, self.person, progress=progress)
        self.registry_changed.emit()
        return summary

    def decide_proposal(self, proposal_id: int, accept: bool) -> None:
        from ..core.operations import DecideProposal
        self.run(DecideProposal(proposal_id, "accept" if accept else "reject"))

"""Candidates: what several annotators marked over one stretch of an article, compared.

Spans of one kind (entity, claim, quote, mention) that overlap, across the compared
annotators, form one candidate (overlap is followed transitively, so "Ali" by one annotator
and "Ali Khamenei" by another are one candidate). Each annotator's spans in it are that
annotator's *version*; annotators with identical versions share one. A candidate is then:

- `agree`: every annotator has the same spans (start, end, label) and the same links;
- `label`: the same stretches of text with different labels;
- `bounds`: the stretches differ (overlapping bounds, or one span against two);
- `some`: only some annotators marked it (those who did agree);
- `link`: the same spans, but a quote's speaker or a claim's source differs;
- `entry`: the same spans and links, but an entity span links to another registry entry
  (or one annotator linked it and another did not);
- `attrs`: the same spans and links, but an attribute differs (a quote's type, a claim's
  check-worthiness).

Its *state* comes from the gold layer: `accepted` when gold spans of its kind overlap it,
`rejected` when the reviewer rejected it, else `pending`. Accepting a version copies its
spans with their links and their registry entries.
"""

from __future__ import annotations

import gc
import json
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..gold import GOLD
from ..model import Relation, Span

if TYPE_CHECKING:
    from ..store import Store

AGREE, LABEL, BOUNDS, SOME, LINK, ENTRY, ATTRS = (
    "agree", "label", "bounds", "some", "link", "entry", "attrs")
AGREEMENT_TEXT = {
    AGREE: "all agree", LABEL: "same text, different label", BOUNDS: "overlapping bounds",
    SOME: "only some annotators", LINK: "different speaker or source",
    ENTRY: "different registry entry", ATTRS: "different attributes"}
# The same, short enough for a table column.
AGREEMENT_SHORT = {AGREE: "agree", LABEL: "label differs", BOUNDS: "bounds differ",
                   SOME: "only some", LINK: "link differs", ENTRY: "entry differs",
                   ATTRS: "attributes differ"}
PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"

# A link as the head span sees it: relation label and the other end's start, end and label.
LinkKey = tuple[str, int, int, str]
SpanKey = tuple[int, int, str]


@dataclass(frozen=True)
class Version:
    """The spans one or more annotators made within a candidate (identical for each)."""

    annotators: tuple[str, ...]
    spans: tuple[Span, ...]  # the first annotator's spans, in reading order
    links: tuple[frozenset[LinkKey], ...]  # each span's outgoing links
    key: tuple[SpanKey, ...]  # the spans' (start, end, label): what is compared first
    attrs: tuple[str, ...] = ()  # each span's attributes, as comparable text
    entries: tuple[int | None, ...] = ()  # each span's registry entry (None: not linked)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(s.label for s in self.spans)


@dataclass(frozen=True)
class Candidate:
    article: int
    kind: str
    start: int  # the extent of every span in it
    end: int
    versions: tuple[Version, ...]  # the most shared first
    missing: tuple[str, ...]  # compared annotators who marked nothing here
    agreement: str
    state: str
    gold: tuple[Span, ...]
    gold_links: tuple[frozenset[LinkKey], ...] = ()
    gold_attrs: tuple[str, ...] = ()
    gold_entries: tuple[int | None, ...] = ()

    @property
    def disagreement(self) -> bool:
        return self.agreement != AGREE

    def version_of(self, annotator: str) -> Version | None:
        return next((v for v in self.versions if annotator in v.annotators), None)

    @property
    def accepted_from(self) -> tuple[str, ...]:
        """The annotators whose version is exactly what the gold layer holds here."""
        if self.state != ACCEPTED:
            return ()
        gold = (tuple((s.start, s.end, s.label) for s in self.gold), self.gold_links,
                self.gold_attrs, self.gold_entries)
        return tuple(name for v in self.versions
                     if (v.key, v.links, v.attrs, v.entries) == gold
                     for name in v.annotators)


def _attrs(span: Span) -> str:
    """A span's attributes as text that compares equal when they are equal."""
    return json.dumps(span.attrs, sort_keys=True) if span.attrs else ""


def _links(spans: Sequence[Span], relations: Sequence[Relation]) -> dict[int, frozenset]:
    by_id = {s.id: s for s in spans}
    out: dict[int, set[LinkKey]] = {}
    for rel in relations:
        child = by_id.get(rel.child)
        if rel.head in by_id and child is not None:
            out.setdefault(rel.head, set()).add((rel.label, child.start, child.end,
                                                 child.label))
    return {key: frozenset(value) for key, value in out.items()}


class _Stretches:
    """Stretches of text sorted by start, to find those overlapping a range without reading
    them all (an article of thousands of gold spans is reviewed candidate by candidate)."""

    def __init__(self, items: list[tuple[int, int, Span | None]]) -> None:
        items.sort(key=lambda item: (item[0], item[1]))
        self.items = items
        self.starts = [item[0] for item in items]
        self.longest = max((item[1] - item[0] for item in items), default=0)

    def overlapping(self, start: int, end: int) -> tuple:
        """The items (their third field, else the item) overlapping [start, end)."""
        found = []
        at = bisect_left(self.starts, end) - 1
        while at >= 0 and self.items[at][0] > start - self.longest:
            item = self.items[at]
            if item[1] > start:
                found.append(item[2] if item[2] is not None else item)
            at -= 1
        return tuple(reversed(found))


def _clusters(spans: list[tuple[Span, str]]) -> list[list[tuple[Span, str]]]:
    """Group spans (already of one kind) whose ranges overlap, following overlaps along."""
    spans.sort(key=lambda item: (item[0].start, item[0].end))
    clusters: list[list[tuple[Span, str]]] = []
    end = -1
    for item in spans:
        if clusters and item[0].start < end:
            clusters[-1].append(item)
            end = max(end, item[0].end)
        else:
            clusters.append([item])
            end = item[0].end
    return clusters


def _classify(versions: Sequence[Version], missing: Sequence[str]) -> str:
    if len(versions) == 1:
        return SOME if missing else AGREE
    plain = {v.key for v in versions}
    if len(plain) == 1:  # the spans agree; their links, entries or attributes do not
        if len({v.links for v in versions}) > 1:
            return LINK
        return ENTRY if len({v.entries for v in versions}) > 1 else ATTRS
    bounds = {tuple((s, e) for s, e, _ in key) for key in plain}
    return LABEL if len(bounds) == 1 else BOUNDS


def compare(article: int, layers: Mapping[str, Sequence[Span]],
            relations: Mapping[str, Sequence[Relation]],
            kind_of: Callable[[str], str],
            entries: Mapping[int, int] | None = None) -> list[Candidate]:
    """The candidates of one article as the annotators left them (all pending), in reading
    order. `layers` maps each compared annotator (in the order the reviewer numbers them) to
    that annotator's spans; `kind_of` gives a label's kind; `entries` the registry entry of
    each linked span, by span id."""
    names = list(layers)
    entry_of = entries or {}
    links = {name: _links(layers[name], relations.get(name, ())) for name in names}
    by_kind: dict[str, list[tuple[Span, str]]] = {}
    for name in names:
        for span in layers[name]:
            by_kind.setdefault(kind_of(span.label), []).append((span, name))
    found: list[Candidate] = []
    for kind, spans in by_kind.items():
        for cluster in _clusters(spans):
            per_name: dict[str, list[Span]] = {}
            for span, name in cluster:
                per_name.setdefault(name, []).append(span)
            grouped: dict[tuple, Version] = {}
            for name in names:
                if name not in per_name:
                    continue
                mine = tuple(per_name[name])
                mine_links = tuple(links[name].get(s.id, frozenset()) for s in mine)
                mine_attrs = tuple(_attrs(s) for s in mine)
                mine_entries = tuple(entry_of.get(s.id) for s in mine)
                key = (tuple((s.start, s.end, s.label) for s in mine), mine_links, mine_attrs,
                       mine_entries)
                if key in grouped:
                    v = grouped[key]
                    grouped[key] = Version((*v.annotators, name), v.spans, v.links, v.key,
                                           v.attrs, v.entries)
                else:
                    grouped[key] = Version((name,), mine, mine_links, key[0], mine_attrs,
                                           mine_entries)
            versions = sorted(grouped.values(), key=lambda v: -len(v.annotators))
            missing = tuple(name for name in names if name not in per_name)
            found.append(Candidate(
                article, kind, min(s.start for s, _ in cluster),
                max(s.end for s, _ in cluster), tuple(versions), missing,
                _classify(versions, missing), PENDING, ()))
    found.sort(key=lambda c: (c.start, c.end, c.kind))
    return found


def decide(compared: Sequence[Candidate], kind_of: Callable[[str], str],
           gold: Sequence[Span] = (), gold_relations: Sequence[Relation] = (),
           rejected: Sequence[tuple[str, int, int]] = (),
           gold_entries: Mapping[int, int] | None = None) -> list[Candidate]:
    """The candidates with their state from the gold layer (its spans, links and registry
    entries by span id) and the rejections (the (kind, start, end) stretches the reviewer
    rejected)."""
    gold_entry = gold_entries or {}
    if not gold and not rejected:
        return list(compared)
    gold_link_map = _links(gold, gold_relations)
    gold_by_kind: dict[str, list[tuple[int, int, Span | None]]] = {}
    for span in gold:
        gold_by_kind.setdefault(kind_of(span.label), []).append((span.start, span.end, span))
    gold_index = {kind: _Stretches(items) for kind, items in gold_by_kind.items()}
    rejected_by_kind: dict[str, list[tuple[int, int, Span | None]]] = {}
    for kind, start, end in rejected:
        rejected_by_kind.setdefault(kind, []).append((start, end, None))
    rejected_index = {kind: _Stretches(items) for kind, items in rejected_by_kind.items()}
    found = []
    for cand in compared:
        kind, start, end = cand.kind, cand.start, cand.end
        in_gold = gold_index[kind].overlapping(start, end) if kind in gold_index else ()
        if in_gold:
            cand = replace(cand, state=ACCEPTED, gold=in_gold, gold_links=tuple(
                gold_link_map.get(s.id, frozenset()) for s in in_gold),
                gold_attrs=tuple(_attrs(s) for s in in_gold),
                gold_entries=tuple(gold_entry.get(s.id) for s in in_gold))
        elif kind in rejected_index and rejected_index[kind].overlapping(start, end):
            cand = replace(cand, state=REJECTED)
        found.append(cand)
    return found


def candidates(article: int, layers: Mapping[str, Sequence[Span]],
               relations: Mapping[str, Sequence[Relation]], kind_of: Callable[[str], str],
               gold: Sequence[Span] = (), gold_relations: Sequence[Relation] = (),
               rejected: Sequence[tuple[str, int, int]] = (),
               entries: Mapping[int, int] | None = None) -> list[Candidate]:
    """The candidates of one article, compared and decided (see compare and decide);
    `entries` maps linked span ids (the annotators' and gold's) to their entries."""
    return decide(compare(article, layers, relations, kind_of, entries), kind_of, gold,
                  gold_relations, rejected, entries)


@contextmanager
def _no_collection() -> Iterator[None]:
    # Thousands of small tuples: without the collector's passes over the whole heap
    # (the window's included) an article of 5,000 spans a layer takes half the time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_compared(store: Store, article: int, annotators: Sequence[str]) -> list[Candidate]:
    """An article's candidates as the annotators left them (gold excluded): what stays the
    same while a reviewer decides, so the window reads it once per article."""
    names = [name for name in annotators if name != GOLD]
    found = store.annotations.article(article)
    if found is None:
        return []
    with _no_collection():
        layers = {name: store.annotations.layer_spans(found, name) for name in names}
        relations = {name: store.annotations.relations(article, name) for name in names}
        entries = _entry_links(store, article, names)
        return compare(article, layers, relations, store.schema.kind_of, entries)


def load_decided(store: Store, compared: Sequence[Candidate]) -> list[Candidate]:
    """`compared` (of one article) with the decisions the store holds now."""
    if not compared:
        return []
    article = compared[0].article
    found = store.annotations.article(article)
    assert found is not None
    with _no_collection():
        rejected = [(r.kind, r.start, r.end) for r in store.review.reviews(article)
                    if r.decision == "reject"]
        return decide(compared, store.schema.kind_of, store.annotations.layer_spans(found, GOLD),
                      store.annotations.relations(article, GOLD), rejected,
                      _entry_links(store, article, [GOLD]))


def _entry_links(store: Store, article: int, names: Sequence[str]) -> dict[int, int]:
    """Span id -> registry entry for the linked spans of these layers of an article."""
    if not store.registry.exists():  # a store read as it is, made before the registry
        return {}
    found: dict[int, int] = {}
    for name in names:
        found.update(store.registry.links_in_layer(article, name))
    return found


def load_candidates(store: Store, article: int, annotators: Sequence[str]) -> list[Candidate]:
    """The candidates of an article in a store, comparing `annotators` (gold excluded)."""
    return load_decided(store, load_compared(store, article, annotators))

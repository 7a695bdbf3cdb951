"""Candidates: what several annotators marked over one stretch of an article, compared.

Spans of one kind (entity, claim or quote) that overlap, across the compared annotators, form
one candidate (overlap is followed transitively, so "Ali" by one annotator and "Ali
Khamenei" by another are one candidate). Each annotator's spans in it are that annotator's
*version*; annotators with identical versions share one. A candidate is then:

- `agree`: every annotator has the same spans (start, end, label) and the same links;
- `label`: the same stretches of text with different labels;
- `bounds`: the stretches differ (overlapping bounds, or one span against two);
- `some`: only some annotators marked it (those who did agree);
- `link`: the same spans, but a quote's speaker or a claim's source differs.

Its *state* comes from the gold layer: `accepted` when gold spans of its kind overlap it,
`rejected` when the reviewer rejected it, else `pending`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..gold import GOLD
from ..model import Relation, Span

if TYPE_CHECKING:
    from ..store import Store

AGREE, LABEL, BOUNDS, SOME, LINK = "agree", "label", "bounds", "some", "link"
AGREEMENT_TEXT = {
    AGREE: "all agree", LABEL: "same text, different label", BOUNDS: "overlapping bounds",
    SOME: "only some annotators", LINK: "different speaker or source"}
# The same, short enough for a table column.
AGREEMENT_SHORT = {AGREE: "agree", LABEL: "label differs", BOUNDS: "bounds differ",
                   SOME: "only some", LINK: "link differs"}
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

    @property
    def key(self) -> tuple[SpanKey, ...]:
        return tuple((s.start, s.end, s.label) for s in self.spans)

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
        gold = (tuple((s.start, s.end, s.label) for s in self.gold), self.gold_links)
        return tuple(name for v in self.versions if (v.key, v.links) == gold
                     for name in v.annotators)


def _links(spans: Sequence[Span], relations: Sequence[Relation]) -> dict[int, frozenset]:
    by_id = {s.id: s for s in spans}
    out: dict[int, set[LinkKey]] = {}
    for rel in relations:
        child = by_id.get(rel.child)
        if rel.head in by_id and child is not None:
            out.setdefault(rel.head, set()).add((rel.label, child.start, child.end,
                                                 child.label))
    return {key: frozenset(value) for key, value in out.items()}


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
    if len(plain) == 1:  # the spans agree, their links do not
        return LINK
    bounds = {tuple((s, e) for s, e, _ in key) for key in plain}
    return LABEL if len(bounds) == 1 else BOUNDS


def candidates(article: int, layers: Mapping[str, Sequence[Span]],
               relations: Mapping[str, Sequence[Relation]], kind_of: Callable[[str], str],
               gold: Sequence[Span] = (), gold_relations: Sequence[Relation] = (),
               rejected: Sequence[tuple[str, int, int]] = ()) -> list[Candidate]:
    """The candidates of one article, in reading order.

    `layers` maps each compared annotator (in the order the reviewer numbers them) to that
    annotator's spans; `kind_of` gives a label's kind; `rejected` holds the (kind, start,
    end) stretches the reviewer rejected.
    """
    names = list(layers)
    links = {name: _links(layers[name], relations.get(name, ())) for name in names}
    gold_link_map = _links(gold, gold_relations)
    by_kind: dict[str, list[tuple[Span, str]]] = {}
    for name in names:
        for span in layers[name]:
            by_kind.setdefault(kind_of(span.label), []).append((span, name))
    gold_by_kind: dict[str, list[Span]] = {}
    for span in gold:
        gold_by_kind.setdefault(kind_of(span.label), []).append(span)
    found: list[Candidate] = []
    for kind, spans in by_kind.items():
        for cluster in _clusters(spans):
            start = min(s.start for s, _ in cluster)
            end = max(s.end for s, _ in cluster)
            per_name: dict[str, list[Span]] = {}
            for span, name in cluster:
                per_name.setdefault(name, []).append(span)
            grouped: dict[tuple, Version] = {}
            for name in names:
                if name not in per_name:
                    continue
                mine = tuple(per_name[name])
                mine_links = tuple(links[name].get(s.id, frozenset()) for s in mine)
                key = (tuple((s.start, s.end, s.label) for s in mine), mine_links)
                if key in grouped:
                    v = grouped[key]
                    grouped[key] = Version((*v.annotators, name), v.spans, v.links)
                else:
                    grouped[key] = Version((name,), mine, mine_links)
            versions = sorted(grouped.values(), key=lambda v: -len(v.annotators))
            missing = tuple(name for name in names if name not in per_name)
            in_gold = tuple(s for s in gold_by_kind.get(kind, ())
                            if s.start < end and start < s.end)
            if in_gold:
                state = ACCEPTED
            elif any(k == kind and s < end and start < e for k, s, e in rejected):
                state = REJECTED
            else:
                state = PENDING
            found.append(Candidate(
                article, kind, start, end, tuple(versions), missing,
                _classify(versions, missing), state, in_gold,
                tuple(gold_link_map.get(s.id, frozenset()) for s in in_gold)))
    found.sort(key=lambda c: (c.start, c.end, c.kind))
    return found


def load_candidates(store: Store, article: int, annotators: Sequence[str]) -> list[Candidate]:
    """The candidates of an article in a store, comparing `annotators` (gold excluded)."""
    names = [name for name in annotators if name != GOLD]
    schema = store.schema

    def kind_of(label: str) -> str:
        found = schema.label(label)
        return found.kind if found else "entity"

    layers = {name: store.spans(article, name) for name in names}
    relations = {name: store.relations(article, name) for name in names}
    rejected = [(r.kind, r.start, r.end) for r in store.reviews(article)
                if r.decision == "reject"]
    return candidates(article, layers, relations, kind_of, store.spans(article, GOLD),
                      store.relations(article, GOLD), rejected)

"""Counting agreement between layers of one article, added up over many articles.

A layer here is plain tuples: spans `(start, end, label)` and relations
`(head span, child span, label)`. `Layer` prepares one annotator's layer of an article once;
`Totals` adds up one annotator's layers; `PairCounts.add` compares two layers and adds up
what they share. Nothing loops over the characters of an article: character figures come
from the boundaries of spans.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from operator import itemgetter, le

SpanKey = tuple[int, int, str]
RelationKey = tuple[SpanKey, SpanKey, str]
Segment = tuple[int, int, str]
OUTSIDE = "O"  # the category of a character that no span of a kind covers


class Layer:
    """One annotator's spans of one article, ready to compare with others."""

    __slots__ = (
        "keys",
        "kind_of",
        "nested",
        "relations",
        "segmented",
        "spans",
        "unions",
        "unique",
    )

    def __init__(self, spans: Iterable[SpanKey], kind_of: Mapping[str, str],
                 relations: Iterable[RelationKey] = ()) -> None:
        self.spans = sorted(spans)
        self.kind_of = kind_of
        self.keys = set(self.spans)
        self.unique = len(self.keys) == len(self.spans)  # no span twice
        # Kinds whose spans overlap each other here (the rare case that needs more work):
        # a character's category comes from the innermost span.
        self.nested: set[str] = set()
        ends = [span[1] for span in self.spans[:-1]]
        starts = [span[0] for span in self.spans[1:]]
        if not all(map(le, ends, starts)):  # some overlap: of one kind, or only across kinds
            by_kind: dict[str, list[SpanKey]] = defaultdict(list)
            for span in self.spans:
                by_kind[kind_of[span[2]]].append(span)
            for kind, spans_of_kind in by_kind.items():
                ends = [span[1] for span in spans_of_kind[:-1]]
                starts = [span[0] for span in spans_of_kind[1:]]
                if not all(map(le, ends, starts)):
                    self.nested.add(kind)
        self.segmented: dict[str, list[Segment]] = {}
        self.unions: dict[str, list[Segment]] = {}
        self.relations: Counter[RelationKey] = Counter(relations)

    def segments(self, kind: str) -> list[Segment]:
        """Each character's category (the innermost span's label) for one kind, as sorted
        disjoint segments; uncovered characters left out."""
        if kind not in self.segmented:
            spans = [span for span in self.spans if self.kind_of[span[2]] == kind]
            self.segmented[kind] = innermost(spans) if kind in self.nested else spans
        return self.segmented[kind]

    def union(self, label: str) -> list[Segment]:
        """The characters inside any span labelled `label`, as sorted disjoint segments."""
        if label not in self.unions:
            merged: list[list] = []
            for start, end, span_label in self.spans:
                if span_label != label:
                    continue
                if merged and start <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], end)
                else:
                    merged.append([start, end, label])
            self.unions[label] = [(s, e, c) for s, e, c in merged]
        return self.unions[label]


def innermost(spans: list[SpanKey]) -> list[Segment]:
    """Non-overlapping segments labelled with the shortest span covering them (ties: the
    label first in alphabetical order), for spans sorted by start; uncovered gaps left out."""
    points = sorted({p for start, end, _ in spans for p in (start, end)})
    segments: list[Segment] = []
    active: list[SpanKey] = []
    following = 0
    for left, right in itertools.pairwise(points):
        while following < len(spans) and spans[following][0] <= left:
            active.append(spans[following])
            following += 1
        active = [span for span in active if span[1] > left]
        if active:
            _start, _end, label = min(active, key=lambda s: (s[1] - s[0], s[2]))
            segments.append((left, right, label))
    return segments


def cross(a: list[Segment], b: list[Segment], table: dict) -> None:
    """Add to `table[(category in a, category in b)]` the length of every stretch where a
    segment of `a` meets one of `b` (both sorted and disjoint)."""
    i = j = 0
    while i < len(a) and j < len(b):
        a_start, a_end, a_cat = a[i]
        b_start, b_end, b_cat = b[j]
        low, high = max(a_start, b_start), min(a_end, b_end)
        if low < high:
            table[a_cat, b_cat] = table.get((a_cat, b_cat), 0) + high - low
        if a_end <= b_end:
            i += 1
        else:
            j += 1


def overlap_matches(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """How many one-to-one pairs of overlapping ranges (see `overlap_pairs`)."""
    return len(overlap_pairs(a, b)) if a and b else 0


def overlap_pairs(a: list[tuple[int, int]], b: list[tuple[int, int]]
                  ) -> list[tuple[int, int]]:
    """One-to-one pairs of overlapping ranges, as indices into `a` and `b`: largest overlap
    first, ties by position (deterministic), each range in one pair at most."""
    if not a or not b:
        return []
    order_a = sorted(range(len(a)), key=a.__getitem__)
    order_b = sorted(range(len(b)), key=b.__getitem__)
    candidates: list[tuple[int, int, int]] = []
    active: list[int] = []
    following = 0
    for i in order_a:
        start, end = a[i]
        while following < len(order_b) and b[order_b[following]][0] < end:
            active.append(order_b[following])
            following += 1
        active = [j for j in active if b[j][1] > start]
        for j in active:
            overlap = min(end, b[j][1]) - max(start, b[j][0])
            if overlap > 0:
                candidates.append((-overlap, i, j))
    candidates.sort(key=lambda c: (c[0], a[c[1]], b[c[2]]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


class Totals:
    """One annotator's layers added up: spans by label, characters of each category and
    inside each label, relations by label."""

    def __init__(self) -> None:
        self.spans: Counter[str] = Counter()
        self.categories: Counter[str] = Counter()
        # Characters inside a label beyond those of its category (where spans of a kind
        # overlap: an ORG's characters inside a GPE inside it are of category GPE).
        self.beyond: Counter[str] = Counter()
        self.relations: Counter[str] = Counter()

    @property
    def inside(self) -> Counter[str]:
        return self.categories + self.beyond

    def add(self, layer: Layer) -> None:
        self.spans.update(map(itemgetter(2), layer.spans))
        categories, nested, kind_of = self.categories, layer.nested, layer.kind_of
        if not nested:  # a span's characters are of its category
            for start, end, label in layer.spans:
                categories[label] += end - start
        else:
            for start, end, label in layer.spans:
                if kind_of[label] not in nested:
                    categories[label] += end - start
            for kind in nested:
                here: Counter[str] = Counter()
                for start, end, category in layer.segments(kind):
                    here[category] += end - start
                categories.update(here)
                for label in {span[2] for span in layer.spans if kind_of[span[2]] == kind}:
                    inside = sum(end - start for start, end, _ in layer.union(label))
                    self.beyond[label] += inside - here[label]
        for (_, _, label), n in layer.relations.items():
            self.relations[label] += n


class PairCounts:
    """What two annotators' layers share (a the reference, b the candidate), summed over
    the articles compared."""

    def __init__(self) -> None:
        self.exact: Counter[str] = Counter()  # one-to-one matches, by label
        self.overlap_only: Counter[str] = Counter()  # overlap matches that are not exact
        # (category of a, category of b) -> characters, every kind pooled; only where a
        # span of a meets one of b (the rest follows from each annotator's totals).
        self.categories: dict[tuple[str, str], int] = {}
        # Characters inside a label for both, beyond those of that category for both (where
        # spans of a kind overlap; elsewhere the two are the same).
        self.both_beyond: Counter[str] = Counter()
        self.relations: Counter[str] = Counter()  # matched, by label

    def inside_both(self, label: str) -> int:
        """Characters inside a span of `label` in both layers."""
        return self.categories.get((label, label), 0) + self.both_beyond[label]

    def add(self, a: Layer, b: Layer, kind_of: Mapping[str, str]) -> None:
        """Compare two layers of one article."""
        rest_a: Collection[SpanKey]  # a set, or a list when a layer repeats a span
        rest_b: Collection[SpanKey]
        if a.unique and b.unique:
            common = a.keys & b.keys
            rest_a, rest_b = a.keys - common, b.keys - common
        else:  # a span twice in a layer: count with multiplicity
            counts = Counter(a.spans) & Counter(b.spans)
            common = set(counts)
            rest_a = list((Counter(a.spans) - counts).elements())
            rest_b = list((Counter(b.spans) - counts).elements())
            for (_, _, label), n in counts.items():
                self.exact[label] += n - 1
        self.exact.update(map(itemgetter(2), common))
        nested = a.nested | b.nested
        table = self.categories
        # Without overlaps inside a kind, a span both share is one segment of its label in
        # each layer, met by nothing else.
        for start, end, label in common:
            if not nested or kind_of[label] not in nested:
                table[label, label] = table.get((label, label), 0) + end - start
        if rest_a and rest_b:
            self._rest(rest_a, rest_b, nested, kind_of, table)
        for kind in nested:
            here: dict[tuple[str, str], int] = {}
            cross(a.segments(kind), b.segments(kind), here)
            for key, n in here.items():
                table[key] = table.get(key, 0) + n
            labels = {span[2] for span in a.spans if kind_of[span[2]] == kind}
            for label in labels & {span[2] for span in b.spans}:
                both: dict = {}
                cross(a.union(label), b.union(label), both)
                self.both_beyond[label] += (both.get((label, label), 0)
                                            - here.get((label, label), 0))
        if a.relations and b.relations:
            for (_, _, label), n in (a.relations & b.relations).items():
                self.relations[label] += n

    def _rest(self, rest_a: Iterable[SpanKey], rest_b: Iterable[SpanKey], nested: set[str],
              kind_of: Mapping[str, str], table: dict) -> None:
        """Overlap matches and character counts of the spans that did not match exactly."""
        by_label_a: dict[str, list[tuple[int, int]]] = defaultdict(list)
        by_label_b: dict[str, list[tuple[int, int]]] = defaultdict(list)
        by_kind_a: dict[str, list[SpanKey]] = defaultdict(list)
        by_kind_b: dict[str, list[SpanKey]] = defaultdict(list)
        for span in rest_a:
            by_label_a[span[2]].append(span[:2])
            by_kind_a[kind_of[span[2]]].append(span)
        for span in rest_b:
            by_label_b[span[2]].append(span[:2])
            by_kind_b[kind_of[span[2]]].append(span)
        for label, ranges in by_label_a.items():
            if label in by_label_b:
                self.overlap_only[label] += overlap_matches(ranges, by_label_b[label])
        for kind, spans in by_kind_a.items():
            if kind in by_kind_b and kind not in nested:
                cross(sorted(spans), sorted(by_kind_b[kind]), table)


def category_table(pair: PairCounts, a: Totals, b: Totals, units: int) -> Counter:
    """The full confusion table of a pair over `units` (character, kind) units, OUTSIDE
    included."""
    table = Counter(pair.categories)
    rows: Counter[str] = Counter()
    columns: Counter[str] = Counter()
    for (a_cat, b_cat), n in pair.categories.items():
        rows[a_cat] += n
        columns[b_cat] += n
    for category, n in a.categories.items():
        table[category, OUTSIDE] = n - rows[category]
    for category, n in b.categories.items():
        table[OUTSIDE, category] = n - columns[category]
    table[OUTSIDE, OUTSIDE] = units - sum(table.values())
    return +table  # without empty cells


def label_table(pair: PairCounts, a: Totals, b: Totals, label: str, units: int) -> Counter:
    """The confusion table of one label over `units` characters: inside a span of it or
    not."""
    both = pair.inside_both(label)
    a_only, b_only = a.inside[label] - both, b.inside[label] - both
    return +Counter({(True, True): both, (True, False): a_only, (False, True): b_only,
                     (False, False): units - both - a_only - b_only})

"""Counting agreement between two layers of one article, added up over many articles.

A layer here is plain tuples: spans `(start, end, label)` and relations
`(head span, child span, label)`. `Layer` prepares one annotator's layer once per article;
`PairCounts.add` compares two prepared layers and adds the counts. Nothing loops over the
characters of an article: character figures come from interval boundaries.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

SpanKey = tuple[int, int, str]
RelationKey = tuple[SpanKey, SpanKey, str]
Segment = tuple[int, int, str]
OUTSIDE = "O"  # the category of a character that no span of a kind covers


class Layer:
    """One annotator's spans of one article, ready to compare with others."""

    __slots__ = ("category_lengths", "counts", "flat", "label_counts", "nested", "relations",
                 "unions")

    def __init__(self, spans: Iterable[SpanKey], kind_of: Mapping[str, str],
                 relations: Iterable[RelationKey] = ()) -> None:
        self.counts: Counter[SpanKey] = Counter(spans)
        self.label_counts: Counter[str] = Counter()
        by_kind: dict[str, list[SpanKey]] = defaultdict(list)
        for key, n in self.counts.items():
            self.label_counts[key[2]] += n
            by_kind[kind_of[key[2]]].extend([key] * n)
        # Per kind: each character's category as non-overlapping segments, and whether the
        # layer's spans of that kind overlap at all (the rare case that needs more work).
        self.flat: dict[str, list[Segment]] = {}
        self.nested: set[str] = set()
        for kind, spans_of_kind in by_kind.items():
            spans_of_kind.sort()
            if all(spans_of_kind[i][1] <= spans_of_kind[i + 1][0]
                   for i in range(len(spans_of_kind) - 1)):
                self.flat[kind] = spans_of_kind
            else:
                self.flat[kind] = innermost(spans_of_kind)
                self.nested.add(kind)
        self.category_lengths: Counter[str] = Counter()
        for segments in self.flat.values():
            for start, end, category in segments:
                self.category_lengths[category] += end - start
        self.unions: dict[str, list[Segment]] = {}  # per label, made when first needed
        self.relations: Counter[RelationKey] = Counter(relations)

    def union(self, label: str) -> list[Segment]:
        """The characters inside any span labelled `label`, as sorted disjoint segments."""
        if label not in self.unions:
            merged: list[list] = []
            for start, end, span_label in sorted(self.counts):
                if span_label != label:
                    continue
                if merged and start <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], end)
                else:
                    merged.append([start, end, label])
            self.unions[label] = [(s, e, c) for s, e, c in merged]
        return self.unions[label]

    def inside(self, label: str, kind: str) -> int:
        """How many characters lie inside a span labelled `label`."""
        if kind not in self.nested:
            return self.category_lengths[label]
        return sum(e - s for s, e, _ in self.union(label))


def innermost(spans: list[SpanKey]) -> list[Segment]:
    """Non-overlapping segments labelled with the shortest span covering them (ties: the
    label first in alphabetical order), for spans sorted by start; uncovered gaps left out."""
    points = sorted({p for start, end, _ in spans for p in (start, end)})
    segments: list[Segment] = []
    active: list[SpanKey] = []
    following = 0
    for left, right in zip(points, points[1:], strict=False):
        while following < len(spans) and spans[following][0] <= left:
            active.append(spans[following])
            following += 1
        active = [span for span in active if span[1] > left]
        if active:
            start, end, label = min(active, key=lambda s: (s[1] - s[0], s[2]))
            segments.append((left, right, label))
    return segments


def cross(a: list[Segment], b: list[Segment], table: Counter) -> None:
    """Add to `table[(category in a, category in b)]` the length of every stretch where a
    segment of `a` meets one of `b` (both sorted and disjoint)."""
    i = j = 0
    while i < len(a) and j < len(b):
        a_start, a_end, a_cat = a[i]
        b_start, b_end, b_cat = b[j]
        low, high = max(a_start, b_start), min(a_end, b_end)
        if low < high:
            table[a_cat, b_cat] += high - low
        if a_end <= b_end:
            i += 1
        else:
            j += 1


def overlap_matches(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """How many one-to-one pairs of overlapping ranges: largest overlap first, ties by
    position (deterministic), each range in one pair at most."""
    if not a or not b:
        return 0
    a, b = sorted(a), sorted(b)
    candidates: list[tuple[int, int, int]] = []
    active: list[int] = []
    following = 0
    for i, (start, end) in enumerate(a):
        while following < len(b) and b[following][0] < end:
            active.append(following)
            following += 1
        active = [j for j in active if b[j][1] > start]
        for j in active:
            overlap = min(end, b[j][1]) - max(start, b[j][0])
            if overlap > 0:
                candidates.append((-overlap, i, j))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
    return len(used_a)


class PairCounts:
    """The counts of one pair of annotators (a the reference, b the candidate), summed
    over articles."""

    def __init__(self) -> None:
        self.reference: Counter[str] = Counter()  # spans of a, by label
        self.candidate: Counter[str] = Counter()
        self.exact: Counter[str] = Counter()  # one-to-one matches, by label
        self.overlap: Counter[str] = Counter()
        self.characters = 0  # characters of the articles compared
        # (category of a, category of b) -> characters, over every kind pooled; pairs
        # where both are OUTSIDE are left out (they follow from the totals).
        self.categories: Counter = Counter()
        self.category_a: Counter[str] = Counter()  # characters of each category in a
        self.category_b: Counter[str] = Counter()
        self.inside_a: Counter[str] = Counter()  # characters inside a span of a label
        self.inside_b: Counter[str] = Counter()
        self.inside_both: Counter[str] = Counter()
        self.relations_reference: Counter[str] = Counter()
        self.relations_candidate: Counter[str] = Counter()
        self.relations_matched: Counter[str] = Counter()

    def add(self, length: int, a: Layer, b: Layer, kind_of: Mapping[str, str]) -> None:
        """Compare two layers of one article of `length` characters."""
        self.characters += length
        self.reference.update(a.label_counts)
        self.candidate.update(b.label_counts)
        self._spans(a, b)
        self._characters(a, b, kind_of)
        if a.relations or b.relations:
            self._relations(a, b)

    def _spans(self, a: Layer, b: Layer) -> None:
        common = a.counts & b.counts
        for (_, _, label), n in common.items():
            self.exact[label] += n
            self.overlap[label] += n
        if common == a.counts or common == b.counts:
            return  # nothing left on one side: no other overlap can match
        # An exact pair is always taken first by the largest-overlap rule (no range
        # overlaps a range more than its own length), so only the rest needs pairing.
        rest_a: dict[str, list[tuple[int, int]]] = defaultdict(list)
        rest_b: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for (start, end, label), n in (a.counts - common).items():
            rest_a[label].extend([(start, end)] * n)
        for (start, end, label), n in (b.counts - common).items():
            rest_b[label].extend([(start, end)] * n)
        for label, ranges in rest_a.items():
            if label in rest_b:
                self.overlap[label] += overlap_matches(ranges, rest_b[label])

    def _characters(self, a: Layer, b: Layer, kind_of: Mapping[str, str]) -> None:
        here: Counter = Counter()
        for kind, segments in a.flat.items():
            if kind in b.flat:
                cross(segments, b.flat[kind], here)
        self.categories.update(here)
        self.category_a.update(a.category_lengths)
        self.category_b.update(b.category_lengths)
        labels = set(a.label_counts) | set(b.label_counts)
        for label in labels:
            kind = kind_of[label]
            self.inside_a[label] += a.inside(label, kind)
            self.inside_b[label] += b.inside(label, kind)
            if label not in a.label_counts or label not in b.label_counts:
                continue
            if kind in a.nested or kind in b.nested:
                both: Counter = Counter()
                cross(a.union(label), b.union(label), both)
                self.inside_both[label] += both[label, label]
            else:  # without overlaps, inside a label is the same as being that category
                self.inside_both[label] += here[label, label]

    def _relations(self, a: Layer, b: Layer) -> None:
        for (_, _, label), n in a.relations.items():
            self.relations_reference[label] += n
        for (_, _, label), n in b.relations.items():
            self.relations_candidate[label] += n
        for (_, _, label), n in (a.relations & b.relations).items():
            self.relations_matched[label] += n

    def merge(self, other: PairCounts) -> None:
        """Add another pair's counts (the micro total over pairs)."""
        for name, value in vars(other).items():
            if isinstance(value, Counter):
                getattr(self, name).update(value)
        self.characters += other.characters

    def category_table(self, kinds: int) -> Counter:
        """The full confusion table over (character, kind) units, OUTSIDE included, for
        `kinds` kinds compared (every character is one unit of each kind)."""
        table = Counter(self.categories)
        for category, n in self.category_a.items():
            table[category, OUTSIDE] = n - sum(
                v for (a_cat, _), v in self.categories.items() if a_cat == category)
        for category, n in self.category_b.items():
            table[OUTSIDE, category] = n - sum(
                v for (_, b_cat), v in self.categories.items() if b_cat == category)
        table[OUTSIDE, OUTSIDE] = self.characters * kinds - sum(table.values())
        return +table  # without empty cells

    def label_table(self, label: str) -> Counter:
        """The confusion table of one label over characters: inside a span of it or not."""
        both = self.inside_both[label]
        a_only, b_only = self.inside_a[label] - both, self.inside_b[label] - both
        return +Counter({(True, True): both, (True, False): a_only, (False, True): b_only,
                         (False, False): self.characters - both - a_only - b_only})

"""Agreement on attributes (a quote's `type`, a claim's `checkworthy`) over matched spans.

Two annotators' spans of one label are matched as the span figures match them: the same
bounds first, then one to one by the largest overlap. For each attribute of the label's kind,
a matched pair is a unit when at least one of the two gave a value; a value left unset is
the category `NOT_SET` (forgetting to set it is a disagreement), a pair where neither set it
says nothing and is left out. Per pair: Cohen's kappa and Krippendorff's alpha over those
units. The total over more than two annotators: the mean of the pairs' kappas (Light's
kappa, as for spans) and Krippendorff's alpha over units that join the spans matched to
each other across every pair, each annotator's value in it (missing where they have no
span there).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Any

import orjson

from .counting import overlap_pairs
from .measures import (
    alpha_from_coincidences,
    cohen_kappa,
    coincidences,
    coincidences_from_pairs,
)

if TYPE_CHECKING:
    from ..schema import Schema
    from ..store import Store

NOT_SET = "(not set)"

# A span as read for attributes: (start, end, label, attributes).
AttrSpan = tuple[int, int, str, dict[str, Any]]
AttributeKey = tuple[str, str]  # (kind, attribute name)


@dataclass(frozen=True)
class AttributeFigures:
    """Agreement on one attribute of one kind, for a pair of annotators or in total."""

    kind: str
    attribute: str
    pairs: int  # matched span pairs where at least one of the two gave a value
    agreed: int  # of them, with the same value (unset on both sides never counts)
    kappa: float | None  # Cohen's for a pair; the mean of the pairs' for the total
    alpha: float | None  # Krippendorff's (nominal)

    @property
    def name(self) -> str:
        """As shown: "quote type"."""
        return f"{self.kind} {self.attribute}"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "attribute": self.attribute, "pairs": self.pairs,
                "agreed": self.agreed, "kappa": self.kappa, "alpha": self.alpha}


def attribute_agreement(store: Store, names: Sequence[str], labels: Sequence[str],
                        require_done: bool, article: int | None
                        ) -> tuple[list[tuple[AttributeFigures, ...]],
                                   tuple[AttributeFigures, ...]]:
    """(each pair's figures, in the order of `combinations(names, 2)`; the total's) for
    every attribute of the kinds of `labels` (the labels compared)."""
    schema = store.schema
    keys, attributed = _attributes(schema, labels)
    pairs = list(combinations(range(len(names)), 2))
    if not keys:
        return [() for _ in pairs], ()
    if not store.agreement.any_attributes(names, attributed):
        # nobody set one: every figure is "no pairs" (and the spans need not be read)
        empty = tuple(AttributeFigures(kind, name, 0, 0, None, None) for kind, name in keys)
        return [empty for _ in pairs], empty
    tables: list[dict[AttributeKey, Counter]] = [defaultdict(Counter) for _ in pairs]
    units: dict[AttributeKey, Counter[tuple[str | None, ...]]] = defaultdict(Counter)
    # each label's attributes, looked up once
    of_label = {label: [key for key in keys if key[0] == schema.kind_of(label)]
                for label in attributed}
    for row in store.agreement.attribute_layers(names, attributed, require_done, article):
        layers = [[(s, e, label, attrs) for s, e, label, attrs in orjson.loads(spans)]
                  for spans in row[1:]]
        matched = [_matched(layers[i], layers[j]) for i, j in pairs]
        for (i, j), found, table in zip(pairs, matched, tables, strict=True):
            for a, b in found:
                _count(table, of_label, layers[i][a], layers[j][b])
        if len(names) > 2:
            _units(units, of_label, layers, pairs, matched)
    per_pair = [tuple(_figures(key, tables[n][key]) for key in keys)
                for n in range(len(pairs))]
    if len(names) == 2:
        return per_pair, per_pair[0]
    total = []
    for index, key in enumerate(keys):
        kappas = [kappa for figures in per_pair
                  if (kappa := figures[index].kappa) is not None]
        total.append(AttributeFigures(
            key[0], key[1], sum(f[index].pairs for f in per_pair),
            sum(f[index].agreed for f in per_pair),
            sum(kappas) / len(kappas) if kappas else None, _alpha(units[key])))
    return per_pair, tuple(total)


def _attributes(schema: Schema, labels: Sequence[str]
                ) -> tuple[list[AttributeKey], list[str]]:
    """The (kind, attribute) pairs compared, in the schema's order, and the labels whose
    spans carry them."""
    wanted = [schema.label(name) for name in labels]
    kinds = {label.kind for label in wanted if label is not None}
    keys = [(attr.kind, attr.name) for attr in schema.attributes if attr.kind in kinds]
    with_attributes = {kind for kind, _ in keys}
    return keys, [label.name for label in wanted
                  if label is not None and label.kind in with_attributes]


def _matched(a: list[AttrSpan], b: list[AttrSpan]) -> list[tuple[int, int]]:
    """Spans of `a` and `b` paired as the span figures pair them: the same bounds and
    label first, then one to one by overlap within a label."""
    exact: dict[tuple[int, int, str], list[int]] = defaultdict(list)
    for j, (start, end, label, _) in enumerate(b):
        exact[start, end, label].append(j)
    pairs: list[tuple[int, int]] = []
    rest_a: dict[str, list[int]] = defaultdict(list)
    used_b: set[int] = set()
    for i, (start, end, label, _) in enumerate(a):
        same = exact.get((start, end, label))
        if same:
            j = same.pop(0)
            used_b.add(j)
            pairs.append((i, j))
        else:
            rest_a[label].append(i)
    rest_b: dict[str, list[int]] = defaultdict(list)
    for j, span in enumerate(b):
        if j not in used_b:
            rest_b[span[2]].append(j)
    for label, left in rest_a.items():
        right = rest_b.get(label)
        if right:
            found = overlap_pairs([a[i][:2] for i in left], [b[j][:2] for j in right])
            pairs += [(left[x], right[y]) for x, y in found]
    return pairs


def _value(span: AttrSpan, name: str) -> str:
    value = span[3].get(name)
    return NOT_SET if value is None else str(value)


def _count(table: dict[AttributeKey, Counter], of_label: dict[str, list[AttributeKey]],
           a: AttrSpan, b: AttrSpan) -> None:
    if not (a[3] or b[3]):
        return  # neither set anything
    for key in of_label[a[2]]:
        pair = (_value(a, key[1]), _value(b, key[1]))
        if pair != (NOT_SET, NOT_SET):
            table[key][pair] += 1


def _units(units: dict[AttributeKey, Counter[tuple[str | None, ...]]],
           of_label: dict[str, list[AttributeKey]], layers: list[list[AttrSpan]],
           pairs: list[tuple[int, int]], matched: list[list[tuple[int, int]]]) -> None:
    """One article's units for alpha over every annotator: spans joined by the pairs'
    matches (union-find); an annotator with no span, or two, in a unit gives no value."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def root(node: tuple[int, int]) -> tuple[int, int]:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for (i, j), found in zip(pairs, matched, strict=True):
        for a, b in found:
            parent[root((i, a))] = root((j, b))
    groups: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for node in list(parent):
        groups[root(node)].append(node)
    coders = len(layers)
    for members in groups.values():
        by_coder = Counter(coder for coder, _ in members)
        for key in of_label[layers[members[0][0]][members[0][1]][2]]:
            unit: list[str | None] = [None] * coders
            for coder, index in members:
                if by_coder[coder] == 1:
                    unit[coder] = _value(layers[coder][index], key[1])
            if any(value not in (None, NOT_SET) for value in unit):
                units[key][tuple(unit)] += 1


def _alpha(units: Mapping[tuple[str | None, ...], int]) -> float | None:
    """Krippendorff's alpha (nominal) of units given with how often each occurs."""
    table: defaultdict[tuple[Hashable, Hashable], float] = defaultdict(float)
    for unit, count in units.items():
        for pair, weight in coincidences([unit]).items():
            table[pair] += weight * count
    return alpha_from_coincidences(table)


def _figures(key: AttributeKey, table: Mapping[tuple[Hashable, Hashable], float]
             ) -> AttributeFigures:
    pairs = int(sum(table.values()))
    agreed = int(sum(n for (a, b), n in table.items() if a == b))
    # each matched pair is a unit of two values: its coincidences are the table both ways
    return AttributeFigures(key[0], key[1], pairs, agreed, cohen_kappa(table),
                            alpha_from_coincidences(coincidences_from_pairs([table], 2)))

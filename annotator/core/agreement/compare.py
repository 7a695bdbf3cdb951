"""Agreement figures of a store (or of one article) and the records that hold them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from typing import TYPE_CHECKING, Any

import orjson

from ..errors import AnnotatorError
from ..gold import GOLD
from ..kinds import kind_names
from .attributes import AttributeFigures, attribute_agreement
from .counting import Layer, PairCounts, Totals, category_table, label_table
from .measures import alpha_from_coincidences, cohen_kappa, coincidences_from_pairs, prf

if TYPE_CHECKING:
    from ..store import Store


class AgreementError(AnnotatorError):
    """Nothing to compare, or an unknown name; `option` names the option at fault."""

    def __init__(self, message: str, option: str | None = None) -> None:
        super().__init__(message)
        self.option = option


@dataclass(frozen=True)
class Matches:
    """Items of a candidate matched one to one with those of a reference."""

    matched: int
    reference: int
    candidate: int

    @property
    def precision(self) -> float | None:
        return prf(self.matched, self.reference, self.candidate)[0]

    @property
    def recall(self) -> float | None:
        return prf(self.matched, self.reference, self.candidate)[1]

    @property
    def f1(self) -> float | None:
        return prf(self.matched, self.reference, self.candidate)[2]

    def to_dict(self) -> dict[str, Any]:
        return {"matched": self.matched, "reference": self.reference,
                "candidate": self.candidate, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class Figures:
    """Span matches (exact and overlapping) and character agreement, for one label or all.

    For a pair, `kappa` is Cohen's kappa; for the total over several pairs it is the mean of
    the pairs' kappas (Light's kappa). `alpha` is Krippendorff's alpha (nominal) of the
    pair, or of every annotator at once for the total. None where undefined.
    """

    exact: Matches
    overlap: Matches
    kappa: float | None
    alpha: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"exact": self.exact.to_dict(), "overlap": self.overlap.to_dict(),
                "kappa": self.kappa, "alpha": self.alpha}


@dataclass(frozen=True)
class Comparison:
    """The figures of one pair (`annotators` = reference, candidate) or of the total over
    every pair (`annotators` = all of them), per label and overall (all labels pooled)."""

    annotators: tuple[str, ...]
    labels: dict[str, Figures]
    overall: Figures
    relations: dict[str, Matches]  # by relation label; empty when nobody made a relation
    relations_overall: Matches
    # per attribute of the kinds compared (a quote's type, ...), on matched spans
    attributes: tuple[AttributeFigures, ...] = ()
    # spans linked to registry entries: matched when the other linked the same span (bounds
    # and label) to the same entry; None when nobody compared linked one
    entry_links: Matches | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"annotators": list(self.annotators),
                "labels": {name: figures.to_dict() for name, figures in self.labels.items()},
                "overall": self.overall.to_dict(),
                "relations": {name: m.to_dict() for name, m in self.relations.items()},
                "relations_overall": self.relations_overall.to_dict(),
                "attributes": [figures.to_dict() for figures in self.attributes],
                "entry_links": self.entry_links.to_dict() if self.entry_links else None}


@dataclass(frozen=True)
class Agreement:
    """Agreement between annotators over the articles each of them marked done."""

    annotators: tuple[str, ...]
    labels: tuple[str, ...]  # the labels compared, in the schema's order
    kinds: tuple[str, ...]  # the kinds whose characters are units of kappa and alpha
    articles: int  # articles compared
    characters: int  # their characters
    spans: dict[str, int]  # spans compared, by annotator
    pairs: tuple[Comparison, ...]
    total: Comparison

    def to_dict(self) -> dict[str, Any]:
        return {"annotators": list(self.annotators), "labels": list(self.labels),
                "kinds": list(self.kinds), "articles": self.articles,
                "characters": self.characters, "spans": self.spans,
                "pairs": [pair.to_dict() for pair in self.pairs],
                "total": self.total.to_dict()}


def agreement(store: Store, annotators: Sequence[str] | None = None,
              labels: Sequence[str] = (), article: int | None = None,
              require_done: bool = True) -> Agreement:
    """Agreement between `annotators` over the articles that every one of them marked done.

    annotators: at least two names; by default every annotator but gold and the
      suggestion layers with a layer marked done (on `article`, when given; with any
      status if not `require_done`).
    labels: compare only spans with these labels (and relations between them).
    article: one article's pk instead of the whole store.
    require_done: False counts every article each annotator has a layer of, whatever its
      status (for showing one article that is still being annotated).
    """
    kind_of = {label.name: label.kind for label in store.schema.labels}
    for label in labels:
        if label not in kind_of:
            raise AgreementError(f"no label {label!r} in the store's schema", "label")
    labels = tuple(dict.fromkeys(labels))
    if article is not None and store.annotations.article_length(article) is None:
        raise AgreementError(f"article {article} does not exist")
    names = _annotators(store, annotators, article, require_done)
    pairs = list(combinations(range(len(names)), 2))
    articles, characters, totals, counts = _count(store, names, pairs, labels, require_done,
                                                  article, kind_of)
    seen: Counter[str] = Counter()
    for total in totals:
        seen.update(total.spans)
    order = [label.name for label in store.schema.labels]
    compared = labels or tuple(name for name in order if seen[name])
    kinds = tuple(kind for kind in kind_names() if any(kind_of[name] == kind for name in compared))
    tally = Tally(characters, len(kinds), compared, totals)
    counted = [(i, j, pair) for (i, j), pair in zip(pairs, counts, strict=True)]
    results = [tally.comparison([one], (names[one[0]], names[one[1]])) for one in counted]
    in_all = tally.comparison(counted, tuple(names), results)
    per_pair, in_total = attribute_agreement(store, names, compared, require_done, article)
    pair_links, total_links = _entry_links(store, names, labels, require_done, article)
    results = [replace(result, attributes=figures, entry_links=links)
               for result, figures, links in zip(results, per_pair, pair_links, strict=True)]
    return Agreement(annotators=tuple(names), labels=tuple(compared), kinds=kinds,
                     articles=articles, characters=characters,
                     spans={name: sum(t.spans.values())
                            for name, t in zip(names, totals, strict=True)},
                     pairs=tuple(results), total=replace(in_all, attributes=in_total,
                                                         entry_links=total_links))


def _entry_links(store: Store, names: list[str], labels: tuple[str, ...], require_done: bool,
                 article: int | None) -> tuple[list[Matches | None], Matches | None]:
    """Each pair's matches of links to registry entries, and the total (summed); None
    throughout when no compared span links to an entry."""
    pairs = list(combinations(names, 2))
    counts, matched = store.registry.entry_link_counts(names, labels, require_done, article)
    if not counts:
        return [None] * len(pairs), None
    found = [Matches(matched.get((a, b), 0), counts.get(a, 0), counts.get(b, 0))
             for a, b in pairs]
    total = Matches(sum(m.matched for m in found), sum(m.reference for m in found),
                    sum(m.candidate for m in found))
    return list[Matches | None](found), total


def _count(store: Store, names: list[str], pairs: list[tuple[int, int]],
           labels: tuple[str, ...], require_done: bool, article: int | None,
           kind_of: dict[str, str]) -> tuple[int, int, list[Totals], list[PairCounts]]:
    """Read the layers compared, article by article, and count: (articles, characters,
    each annotator's totals, each pair's counts)."""
    counts = [PairCounts() for _ in pairs]
    totals = [Totals() for _ in names]
    index = {name: i for i, name in enumerate(names)}
    articles = characters = 0
    loads = orjson.loads
    for row in store.agreement.agreement_layers(names, labels, require_done, article):
        articles += 1
        characters += row[1]
        relations: list[list] = [[] for _ in names]
        if row[-1] is not None:
            for name, *ends, label in loads(row[-1]):
                relations[index[name]].append((tuple(ends[:3]), tuple(ends[3:]), label))
        layers = [Layer(map(tuple, loads(spans)), kind_of, relations[i])
                  for i, spans in enumerate(row[2:-1])]
        for layer, total in zip(layers, totals, strict=True):
            total.add(layer)
        for (i, j), pair in zip(pairs, counts, strict=True):
            pair.add(layers[i], layers[j], kind_of)
    return articles, characters, totals, counts


def _annotators(store: Store, annotators: Sequence[str] | None, article: int | None,
                require_done: bool) -> list[str]:
    if annotators is None:
        statuses = ("done",) if require_done else ()
        machines = {GOLD, *store.suggestions.suggestion_layers()}  # compared only when named
        names = [name for name in store.agreement.annotators_with_layers(statuses, article)
                 if name not in machines]
        if len(names) < 2:
            where = f"article {article}" if article is not None else "the store"
            marked = "marked done " if require_done else ""
            found = f" (only {names[0]})" if names else ""
            raise AgreementError(f"fewer than two annotators have layers {marked}in "
                                 f"{where}{found}: nothing to compare")
        return names
    names = list(dict.fromkeys(annotators))
    known = set(store.annotations.annotators())
    unknown = [name for name in names if name not in known]
    if unknown:
        raise AgreementError(f"no annotator {', '.join(map(repr, unknown))} in the store "
                             f"(annotators: {', '.join(sorted(known)) or 'none'})",
                             "annotators")
    if len(names) < 2:
        raise AgreementError("name at least two annotators to compare", "annotators")
    return names


@dataclass(frozen=True)
class Tally:
    """Turns counts into figures: the counts of the pairs, each annotator's totals."""

    characters: int
    kinds: int
    labels: tuple[str, ...]
    totals: list[Totals]

    def comparison(self, pairs: list[tuple[int, int, PairCounts]],
                   annotators: tuple[str, ...],
                   results: list[Comparison] | None = None) -> Comparison:
        """The figures of `pairs` (annotator indices and counts) taken together: matches
        summed; kappa of the one pair, or the mean of `results`' kappas; alpha of every
        annotator in them."""
        totals, labels = self.totals, self.labels
        coders = len(annotators)

        def matches(matched: str, which: str, names: Sequence[str]) -> Matches:
            """`matched` counts of the pairs against `which` counts of their sides."""
            if matched == "overlap":  # the exact matches and the others
                one = matches("exact", which, names)
                return replace(one, matched=one.matched + sum(
                    pair.overlap_only[n] for _, _, pair in pairs for n in names))
            return Matches(
                sum(getattr(pair, matched)[n] for _, _, pair in pairs for n in names),
                sum(getattr(totals[i], which)[n] for i, _, _ in pairs for n in names),
                sum(getattr(totals[j], which)[n] for _, j, _ in pairs for n in names))

        def figures(names: Sequence[str], kappa: float | None, tables: list) -> Figures:
            return Figures(matches("exact", "spans", names), matches("overlap", "spans", names),
                           kappa, alpha_from_coincidences(coincidences_from_pairs(tables, coders)))

        def kappa(tables: list, choose: Callable[[Comparison], float | None]) -> float | None:
            if results is None:
                return cohen_kappa(tables[0])
            values = [value for value in map(choose, results) if value is not None]
            return sum(values) / len(values) if values else None

        def label_kappa(label: str) -> Callable[[Comparison], float | None]:
            return lambda r: r.labels[label].kappa

        per_label = {}
        for label in labels:
            tables = [label_table(pair, totals[i], totals[j], label, self.characters)
                      for i, j, pair in pairs]
            per_label[label] = figures(
                [label], kappa(tables, label_kappa(label)), tables)
        tables = [category_table(pair, totals[i], totals[j], self.characters * self.kinds)
                  for i, j, pair in pairs]
        overall = figures(labels, kappa(tables, lambda r: r.overall.kappa), tables)
        relation_names = sorted({name for i, j, _ in pairs
                                 for name in (*totals[i].relations, *totals[j].relations)})
        relations = {name: matches("relations", "relations", [name])
                     for name in relation_names}
        return Comparison(annotators, per_label, overall, relations,
                          matches("relations", "relations", relation_names))

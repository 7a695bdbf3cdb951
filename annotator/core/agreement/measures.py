"""The agreement measures themselves, on plain counts: no store, no spans.

- `prf`: precision, recall and F1 of a candidate against a reference.
- `cohen_kappa`: Cohen's kappa from a confusion table of weighted counts.
- `alpha_from_coincidences` and `krippendorff_alpha_nominal`: Krippendorff's alpha for
  nominal data (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"), from a
  coincidence table or from a units x coders table with missing values.

Each returns None where the measure is undefined (nothing to divide by), never NaN.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence

Table = Mapping[tuple[Hashable, Hashable], float]
# A table being built: weights of coincidences are fractions, which `Counter` is not typed for.
Tally = defaultdict[tuple[Hashable, Hashable], float]


def ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def prf(matched: int, reference: int, candidate: int
        ) -> tuple[float | None, float | None, float | None]:
    """(precision, recall, F1) of `candidate` items against `reference` items, `matched`
    of them paired one to one. F1 = 2 matched / (reference + candidate), so it is defined
    whenever either side has an item (0 when only one side has any)."""
    return (ratio(matched, candidate), ratio(matched, reference),
            ratio(2 * matched, reference + candidate))


def cohen_kappa(table: Table) -> float | None:
    """Cohen's kappa from `{(category of A, category of B): weight}`.

    None when chance agreement is already certain (both sides used one and the same
    category throughout), or when the table is empty.
    """
    total = sum(table.values())
    if not total:
        return None
    rows: dict[Hashable, float] = defaultdict(float)
    columns: dict[Hashable, float] = defaultdict(float)
    observed = 0.0
    for (a, b), weight in table.items():
        rows[a] += weight
        columns[b] += weight
        if a == b:
            observed += weight
    expected = sum(rows[c] * columns.get(c, 0.0) for c in rows) / total
    if expected == total:
        return None
    return (observed - expected) / (total - expected)


def alpha_from_coincidences(coincidences: Table) -> float | None:
    """Krippendorff's alpha (nominal) from a coincidence table `{(c, k): o_ck}`.

    alpha = 1 - (n - 1) * sum(o_ck, c != k) / sum(n_c * n_k, c != k). None when no
    disagreement is expected (one category only, or fewer than two values).
    """
    totals: dict[Hashable, float] = defaultdict(float)
    disagreement = 0.0
    for (c, k), weight in coincidences.items():
        totals[c] += weight
        if c != k:
            disagreement += weight
    n = sum(totals.values())
    squares = sum(value * value for value in totals.values())
    expected = n * n - squares  # sum of n_c * n_k over c != k
    if n <= 1 or not expected:
        return None
    return 1.0 - (n - 1) * disagreement / expected


def coincidences(units: Iterable[Sequence[Hashable | None]]) -> Tally:
    """The coincidence table of units x coders data; None is a missing value. A unit with
    fewer than two values is not pairable and adds nothing."""
    table: Tally = defaultdict(float)
    for unit in units:
        values = Counter(value for value in unit if value is not None)
        m = sum(values.values())
        if m < 2:
            continue
        for c, n_c in values.items():
            for k, n_k in values.items():
                pairs = n_c * (n_c - 1) if c == k else n_c * n_k
                if pairs:
                    table[c, k] += pairs / (m - 1)
    return table


def krippendorff_alpha_nominal(units: Iterable[Sequence[Hashable | None]]) -> float | None:
    """Krippendorff's alpha for nominal data: one row a unit, one column a coder, None
    where a coder gave no value."""
    return alpha_from_coincidences(coincidences(units))


def coincidences_from_pairs(tables: Iterable[Table], coders: int) -> Tally:
    """The coincidence table of `coders` coders who all coded every unit, from the
    confusion tables of each unordered pair of them.

    Each unit adds 1/(m - 1) for every ordered pair of coders' values, so the coincidences
    are the pairs' tables, each counted in both directions, divided by m - 1.
    """
    table: Tally = defaultdict(float)
    for pair in tables:
        for (a, b), weight in pair.items():
            table[a, b] += weight / (coders - 1)
            table[b, a] += weight / (coders - 1)
    return table

"""Agreement figures, checked against cases worked out by hand and published examples."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest
from conftest import write_jsonl

from annotator.core import History, import_files
from annotator.core.agreement import (
    AgreementError,
    agreement,
    alpha_from_coincidences,
    cohen_kappa,
    krippendorff_alpha_nominal,
    prf,
)
from annotator.core.agreement.counting import (
    Layer,
    PairCounts,
    Totals,
    category_table,
    innermost,
    label_table,
    overlap_matches,
)
from annotator.core.gold import GOLD
from annotator.core.operations import AddGoldSpan, SetStatus


def fill(store, tmp_path, layers: list[dict]) -> None:
    """Import layers: each a dict with id, annotator, optional status, spans (start, end,
    label) and relations (head index, child index, label). Texts: 50 characters from the
    id (different articles, different texts: the import merges equal ones)."""
    records = [{
        "id": layer["id"], "text": (layer["id"] + "-") * (50 // (len(layer["id"]) + 1)),
        "annotator": layer["annotator"], "status": layer.get("status", "done"),
        "spans": [{"start": s, "end": e, "label": label} for s, e, label in layer["spans"]],
        "relations": [{"head": h, "child": c, "label": label}
                      for h, c, label in layer.get("relations", [])]}
        for layer in layers]
    path = write_jsonl(tmp_path / f"layers{len(list(tmp_path.iterdir()))}.jsonl", records)
    summary = import_files(store, [path])
    assert not summary.errors, summary.errors


# -- the measures on published examples ---------------------------------------------------

def test_cohen_kappa_wikipedia_example():
    # Wikipedia, "Cohen's kappa", simple example: 50 proposals, yes/yes 20, yes/no 5,
    # no/yes 10, no/no 15: p_o = 0.7, p_e = 0.5, kappa = 0.4.
    table = {("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15}
    assert cohen_kappa(table) == pytest.approx(0.4)


def test_cohen_kappa_edges():
    assert cohen_kappa({("a", "a"): 3, ("b", "b"): 7}) == pytest.approx(1.0)
    assert cohen_kappa({("a", "b"): 5, ("b", "a"): 5}) == pytest.approx(-1.0)
    assert cohen_kappa({("O", "O"): 10}) is None  # one category only: undefined
    assert cohen_kappa({}) is None


def test_krippendorff_2011_nominal_example():
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", C: nominal data,
    # four observers, twelve units, missing values; alpha = 0.743.
    n = None
    a = [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n]
    b = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3]
    c = [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n]
    d = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n]
    alpha = krippendorff_alpha_nominal(list(zip(a, b, c, d, strict=True)))
    assert alpha == pytest.approx(0.743, abs=5e-4)
    # The paper's arithmetic: n = 40 pairable values, n_c = 9, 13, 10, 5, 3, and 32 of
    # the coincidences on the diagonal: ((n-1) 32 - sum n_c(n_c-1)) / (n(n-1) - sum ...)
    same = 9 * 8 + 13 * 12 + 10 * 9 + 5 * 4 + 3 * 2
    assert alpha == pytest.approx((39 * 32 - same) / (40 * 39 - same))


def test_krippendorff_alpha_edges():
    assert krippendorff_alpha_nominal([(1, 1), (2, 2), (3, 3)]) == pytest.approx(1.0)
    assert krippendorff_alpha_nominal([(1, 1), (1, 1)]) is None  # no variation
    assert krippendorff_alpha_nominal([(1, None), (None, 2)]) is None  # nothing pairable
    assert alpha_from_coincidences({}) is None


def test_alpha_of_two_coders_by_hand():
    # The Wikipedia table as units: 100 values, y 55 and n 45; 15 units disagree, each
    # adding two off-diagonal coincidences: alpha = 1 - 99 * 30 / (2 * 55 * 45).
    units = ([("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15)
    assert krippendorff_alpha_nominal(units) == pytest.approx(1 - 99 * 30 / (2 * 55 * 45))


def test_prf():
    assert prf(3, 4, 6) == pytest.approx((0.5, 0.75, 0.6))
    assert prf(0, 0, 0) == (None, None, None)
    assert prf(0, 2, 0) == (None, 0.0, 0.0)
    assert prf(0, 0, 2) == (0.0, None, 0.0)


# -- counting on one article --------------------------------------------------------------

def test_overlap_matching_is_one_to_one_largest_overlap_first():
    # a1 overlaps b1 by 2 and b2 by 4; a2 overlaps only b2 (by 1): a1-b2 goes first, so
    # a2 is left without a partner, and b1 too.
    assert overlap_matches([(0, 10), (13, 16)], [(8, 12), (6, 14)]) == 1
    assert overlap_matches([(0, 5)], [(5, 9)]) == 0  # touching is not overlapping
    assert overlap_matches([(0, 5), (0, 5)], [(1, 4)]) == 1
    assert overlap_matches([(0, 100)], [(1, 2), (3, 4), (5, 6)]) == 1


def test_innermost_span_gives_each_character_its_category():
    spans = sorted([(0, 20, "ORG"), (14, 20, "GPE"), (25, 30, "PERSON"), (26, 35, "ORG")])
    assert innermost(spans) == [(0, 14, "ORG"), (14, 20, "GPE"), (25, 26, "PERSON"),
                                (26, 30, "PERSON"), (30, 35, "ORG")]


def compare_layers(length, a_spans, b_spans, kind_of, kinds):
    """The category table and each label's table of two layers of one article."""
    a, b = Layer(a_spans, kind_of), Layer(b_spans, kind_of)
    a_total, b_total, pair = Totals(), Totals(), PairCounts()
    a_total.add(a)
    b_total.add(b)
    pair.add(a, b, kind_of)
    return (category_table(pair, a_total, b_total, length * kinds),
            {label: label_table(pair, a_total, b_total, label, length) for label in kind_of},
            pair)


def test_nested_spans_count_inside_a_label_for_the_label_table():
    kind_of = {"ORG": "entity", "GPE": "entity"}
    # "University of Baghdad" [0, 21) with Baghdad [14, 21) as GPE, for both annotators.
    categories, labels, _ = compare_layers(30, [(0, 21, "ORG"), (14, 21, "GPE")],
                                           [(0, 21, "ORG")], kind_of, 1)
    assert labels["ORG"] == {(True, True): 21, (False, False): 9}
    assert labels["GPE"] == {(True, False): 7, (False, False): 23}
    assert categories == {("ORG", "ORG"): 14, ("GPE", "ORG"): 7, ("O", "O"): 9}


def counts_by_brute_force(length, a_spans, b_spans, kind_of):
    """Per-character categories the slow way, to check the interval arithmetic."""
    def categories(spans, kind):
        out = []
        for x in range(length):
            covering = [s for s in spans if s[0] <= x < s[1] and kind_of[s[2]] == kind]
            out.append(min(covering, key=lambda s: (s[1] - s[0], s[2]))[2] if covering
                       else "O")
        return out
    kinds = sorted(set(kind_of.values()))
    table = {}
    for kind in kinds:
        for x, y in zip(categories(a_spans, kind), categories(b_spans, kind), strict=True):
            table[x, y] = table.get((x, y), 0) + 1
    labels = {}
    for label in kind_of:
        inside_a = [any(s[0] <= x < s[1] and s[2] == label for s in a_spans)
                    for x in range(length)]
        inside_b = [any(s[0] <= x < s[1] and s[2] == label for s in b_spans)
                    for x in range(length)]
        cells = {}
        for x, y in zip(inside_a, inside_b, strict=True):
            cells[x, y] = cells.get((x, y), 0) + 1
        labels[label] = cells
    return table, labels


def greedy_by_brute_force(a_spans, b_spans):
    """Overlap matches over every pair of spans at once: the largest overlap first, exact
    pairs first among equals, then by position."""
    pairs = []
    for i, (a_start, a_end, a_label) in enumerate(a_spans):
        for j, (b_start, b_end, b_label) in enumerate(b_spans):
            overlap = min(a_end, b_end) - max(a_start, b_start)
            if a_label == b_label and overlap > 0:
                exact = (a_start, a_end) == (b_start, b_end)
                pairs.append((-overlap, not exact, a_start, a_end, b_start, b_end, i, j))
    used_a, used_b, matched = set(), set(), {}
    for *_, i, j in sorted(pairs):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            matched[a_spans[i][2]] = matched.get(a_spans[i][2], 0) + 1
    return matched


@pytest.mark.parametrize("seed", range(120))
def test_interval_counts_equal_per_character_counts(seed):
    rng = random.Random(seed)
    kind_of = {"PERSON": "entity", "ORG": "entity", "CLAIM": "claim", "QUOTE": "quote"}
    length = rng.randint(5, 60)
    flat = seed % 3 == 0  # a third without overlaps inside a kind (the common case)

    def layer():
        spans, ends = [], {}
        for _ in range(rng.randint(0, 8)):
            label = rng.choice(list(kind_of))
            start = rng.randrange(length - 1)
            end = rng.randint(start + 1, min(length, start + 15))
            if flat:
                kind = kind_of[label]
                start = max(start, ends.get(kind, 0))
                if start >= end:
                    continue
                ends[kind] = end
            spans.append((start, end, label))
        return spans

    a_spans, b_spans = layer(), layer()
    if seed % 2:  # half of them: some spans shared exactly
        shared = rng.sample(a_spans, len(a_spans) // 2)
        b_spans = sorted(shared if flat else b_spans + shared)
    categories, labels, pair = compare_layers(length, a_spans, b_spans, kind_of, 3)
    table, expected = counts_by_brute_force(length, a_spans, b_spans, kind_of)
    assert categories == table
    for label in kind_of:
        assert labels[label] == expected[label]
    assert +(pair.exact + pair.overlap_only) == greedy_by_brute_force(a_spans, b_spans)
    exact = Counter(a_spans) & Counter(b_spans)
    assert +pair.exact == Counter(label for (_, _, label), n in exact.items() for _ in range(n))


# -- through a store ----------------------------------------------------------------------

def test_kappa_example_end_to_end(store, tmp_path):
    # The Wikipedia example as 50 characters: alice's PERSON covers 0-25; bob's 0-20 and
    # 25-35. Characters: 20 both, 5 alice only, 10 bob only, 15 neither.
    fill(store, tmp_path, [
        {"id": "x", "annotator": "alice", "spans": [(0, 25, "PERSON")]},
        {"id": "x", "annotator": "bob", "spans": [(0, 20, "PERSON"), (25, 35, "PERSON")]}])
    result = agreement(store)
    assert result.annotators == ("alice", "bob") and result.articles == 1
    assert result.characters == 50 and result.spans == {"alice": 1, "bob": 2}
    assert result.labels == ("PERSON",) and result.kinds == ("entity",)
    [pair] = result.pairs
    assert pair.annotators == ("alice", "bob")
    person = pair.labels["PERSON"]
    assert person.kappa == pytest.approx(0.4)
    assert pair.overall.kappa == pytest.approx(0.4)
    assert person.exact.matched == 0 and person.exact.f1 == 0.0
    assert (person.overlap.matched, person.overlap.reference, person.overlap.candidate) == (
        1, 1, 2)
    assert person.overlap.precision == 0.5 and person.overlap.recall == 1.0
    assert person.overlap.f1 == pytest.approx(2 / 3)
    assert result.total.overall.kappa == pytest.approx(0.4)
    # alpha of the same 50 units (as in test_alpha_of_two_coders_by_hand)
    assert pair.overall.alpha == pytest.approx(1 - 99 * 30 / (2 * 55 * 45))
    assert result.total.overall.alpha == pytest.approx(pair.overall.alpha)


def test_perfect_agreement(store, tmp_path):
    spans = [(0, 5, "PERSON"), (10, 14, "ORG"), (12, 30, "CLAIM"), (40, 50, "QUOTE")]
    fill(store, tmp_path, [{"id": "x", "annotator": name, "spans": spans}
                           for name in ("alice", "bob")])
    result = agreement(store)
    [pair] = result.pairs
    for figures in [pair.overall, *pair.labels.values()]:
        assert figures.exact.f1 == 1.0 and figures.overlap.f1 == 1.0
        assert figures.exact.precision == 1.0 and figures.exact.recall == 1.0
        assert figures.kappa == pytest.approx(1.0) and figures.alpha == pytest.approx(1.0)
    assert pair.overall.exact.matched == 4
    assert result.kinds == ("entity", "claim", "quote")


def test_no_overlap_at_all(store, tmp_path):
    fill(store, tmp_path, [
        {"id": "x", "annotator": "alice", "spans": [(0, 5, "PERSON"), (20, 30, "CLAIM")]},
        {"id": "x", "annotator": "bob", "spans": [(10, 15, "PERSON"), (35, 40, "CLAIM")]}])
    [pair] = agreement(store).pairs
    assert pair.overall.exact.f1 == 0.0 and pair.overall.overlap.f1 == 0.0
    assert pair.overall.kappa <= 0 and pair.labels["PERSON"].kappa <= 0
    # PERSON by hand: 5 alice only, 5 bob only, 40 neither: p_o = 0.8, p_e = 0.82
    assert pair.labels["PERSON"].kappa == pytest.approx((0.8 - 0.82) / (1 - 0.82))


def test_overall_pools_characters_of_every_kind(store, tmp_path):
    fill(store, tmp_path, [
        {"id": "x", "annotator": "alice", "spans": [(0, 10, "PERSON"), (0, 20, "CLAIM")]},
        {"id": "x", "annotator": "bob", "spans": [(0, 10, "PERSON"), (5, 20, "CLAIM")]}])
    [pair] = agreement(store).pairs
    # 100 units: entity 10 PERSON/PERSON + 40 O/O; claim 15 CLAIM/CLAIM, 5 CLAIM/O, 30 O/O
    table = {("PERSON", "PERSON"): 10, ("CLAIM", "CLAIM"): 15, ("CLAIM", "O"): 5,
             ("O", "O"): 70}
    assert pair.overall.kappa == pytest.approx(cohen_kappa(table))
    assert pair.overall.exact.matched == 1 and pair.overall.overlap.matched == 2


def test_three_annotators(store, tmp_path):
    fill(store, tmp_path, [
        {"id": "x", "annotator": "alice", "spans": [(0, 10, "PERSON"), (20, 30, "ORG")]},
        {"id": "x", "annotator": "bob", "spans": [(0, 10, "PERSON"), (22, 30, "ORG")]},
        {"id": "x", "annotator": "carol", "spans": [(0, 10, "PERSON")]}])
    result = agreement(store)
    assert [p.annotators for p in result.pairs] == [
        ("alice", "bob"), ("alice", "carol"), ("bob", "carol")]
    ab, ac, bc = result.pairs
    assert (ab.overall.exact.matched, ab.overall.overlap.matched) == (1, 2)
    assert (ac.overall.exact.matched, ac.overall.overlap.matched) == (1, 1)
    assert ac.overall.exact.precision == 1.0 and ac.overall.exact.recall == 0.5
    total = result.total.overall
    # micro: matched 1+1+1 exact, 2+1+1 overlap; reference 2+2+2, candidate 2+1+1
    assert (total.exact.matched, total.exact.reference, total.exact.candidate) == (3, 6, 4)
    assert total.overlap.matched == 4 and total.overlap.f1 == pytest.approx(8 / 10)
    assert total.kappa == pytest.approx(
        (ab.overall.kappa + ac.overall.kappa + bc.overall.kappa) / 3)
    # alpha by hand: 50 units of entity kind, three coders each
    units = ([("PERSON",) * 3] * 10 + [("ORG", "O", "O")] * 2 + [("ORG", "ORG", "O")] * 8
             + [("O",) * 3] * 30)
    assert total.alpha == pytest.approx(krippendorff_alpha_nominal(units))
    assert result.total.labels["ORG"].alpha == pytest.approx(krippendorff_alpha_nominal(
        [(False, False, False)] * 40 + [(True, False, False)] * 2
        + [(True, True, False)] * 8))


def test_only_articles_done_by_everyone_count(store, tmp_path):
    fill(store, tmp_path, [
        {"id": "x", "annotator": "alice", "spans": [(0, 10, "PERSON")]},
        {"id": "x", "annotator": "bob", "spans": [(0, 10, "PERSON")]},
        {"id": "y", "annotator": "alice", "spans": [(0, 10, "PERSON")]},
        {"id": "y", "annotator": "bob", "status": "in progress", "spans": [(5, 9, "ORG")]},
        {"id": "z", "annotator": "alice", "spans": [(0, 10, "PERSON")]}])
    result = agreement(store)
    assert result.articles == 1 and result.spans == {"alice": 1, "bob": 1}
    assert result.total.overall.exact.f1 == 1.0
    # one article, not required done (the window shows an article being annotated)
    y = store.annotations.article_by_id("y").pk
    one = agreement(store, article=y, require_done=False)
    assert one.articles == 1 and one.pairs[0].overall.exact.f1 == 0.0
    assert one.labels == ("PERSON", "ORG")
    assert agreement(store, article=y, annotators=["alice", "bob"]).articles == 0


def test_default_annotators_leave_out_gold_unless_named(store, tmp_path):
    fill(store, tmp_path, [
        {"id": "x", "annotator": "alice", "spans": [(0, 10, "PERSON")]},
        {"id": "x", "annotator": "bob", "spans": [(0, 10, "PERSON")]},
        {"id": "y", "annotator": "carol", "status": "todo", "spans": []}])
    # only review writes gold: the reviewer adds the span the reviewed version holds
    history = History(store, "rev")
    history.run(AddGoldSpan(store.annotations.article_by_id("x").pk, 0, 8, "PERSON"))
    history.run(SetStatus(store.annotations.article_by_id("x").pk, GOLD, "done"))
    assert agreement(store).annotators == ("alice", "bob")
    result = agreement(store, annotators=[GOLD, "alice"])
    assert result.pairs[0].annotators == (GOLD, "alice")
    assert result.pairs[0].overall.exact.f1 == 0.0
    assert result.pairs[0].overall.overlap.f1 == 1.0


def test_label_filter(store, tmp_path):
    fill(store, tmp_path, [
        {"id": "x", "annotator": "alice", "spans": [(0, 10, "PERSON"), (20, 30, "ORG")]},
        {"id": "x", "annotator": "bob", "spans": [(0, 10, "PERSON"), (25, 30, "GPE")]}])
    result = agreement(store, labels=["ORG"])
    assert result.labels == ("ORG",) and result.spans == {"alice": 1, "bob": 0}
    overall = result.pairs[0].overall
    assert overall.exact.matched == 0 and overall.exact.recall == 0.0
    assert overall.exact.precision is None  # bob has no ORG span
    assert agreement(store, labels=["PERSON"]).total.overall.exact.f1 == 1.0


def test_relations(store, tmp_path):
    spans = [(0, 10, "QUOTE"), (20, 25, "PERSON"), (30, 35, "PERSON")]
    fill(store, tmp_path, [
        {"id": "x", "annotator": "alice", "spans": spans,
         "relations": [(0, 1, "SPEAKER")]},
        {"id": "x", "annotator": "bob", "spans": spans, "relations": [(0, 2, "SPEAKER")]},
        {"id": "y", "annotator": "alice", "spans": spans,
         "relations": [(0, 1, "SPEAKER")]},
        {"id": "y", "annotator": "bob", "spans": spans, "relations": [(0, 1, "SPEAKER")]}])
    [pair] = agreement(store).pairs
    speaker = pair.relations["SPEAKER"]
    assert (speaker.matched, speaker.reference, speaker.candidate) == (1, 2, 2)
    assert pair.relations_overall == speaker
    assert agreement(store, labels=["QUOTE"]).pairs[0].relations == {}


def test_bad_names_and_nothing_to_compare(store, tmp_path):
    with pytest.raises(AgreementError, match="fewer than two annotators"):
        agreement(store)
    fill(store, tmp_path, [
        {"id": "x", "annotator": "alice", "spans": [(0, 10, "PERSON")]},
        {"id": "x", "annotator": "bob", "spans": []}])
    with pytest.raises(AgreementError, match="no annotator 'zoe'") as raised:
        agreement(store, annotators=["alice", "zoe"])
    assert raised.value.option == "annotators"
    with pytest.raises(AgreementError, match="at least two"):
        agreement(store, annotators=["alice", "alice"])
    with pytest.raises(AgreementError, match="no label 'PERSN'") as raised:
        agreement(store, labels=["PERSN"])
    assert raised.value.option == "label"
    with pytest.raises(AgreementError, match="article 999 does not exist"):
        agreement(store, article=999)


def test_no_spans_at_all_is_not_a_number(store, tmp_path):
    fill(store, tmp_path, [{"id": "x", "annotator": name, "spans": []}
                           for name in ("alice", "bob")])
    result = agreement(store)
    assert result.articles == 1 and result.labels == ()
    overall = result.pairs[0].overall
    assert overall.exact.f1 is None and overall.kappa is None and overall.alpha is None
    data = result.to_dict()
    assert data["pairs"][0]["overall"]["exact"]["f1"] is None


def test_to_dict_is_plain_json(store, tmp_path):
    import json
    fill(store, tmp_path, [
        {"id": "x", "annotator": "alice", "spans": [(0, 25, "PERSON")]},
        {"id": "x", "annotator": "bob", "spans": [(0, 20, "PERSON"), (25, 35, "PERSON")]}])
    data = json.loads(json.dumps(agreement(store).to_dict()))
    assert set(data) == {"annotators", "labels", "kinds", "articles", "characters", "spans",
                         "pairs", "total"}
    assert set(data["total"]) == {"annotators", "labels", "overall", "relations",
                                  "relations_overall", "attributes", "entry_links"}
    assert set(data["total"]["overall"]) == {"exact", "overlap", "kappa", "alpha"}
    assert set(data["total"]["overall"]["exact"]) == {"matched", "reference", "candidate",
                                                     "precision", "recall", "f1"}


def test_many_articles_add_up(store, tmp_path):
    rng = random.Random(3)
    layers = []
    for n, name in itertools.product(range(30), ("alice", "bob")):
        spans = sorted({(s, s + rng.randint(1, 6), rng.choice(["PERSON", "ORG"]))
                        for s in rng.sample(range(40), 4)})
        layers.append({"id": f"a{n}", "annotator": name, "spans": spans})
    fill(store, tmp_path, layers)
    whole = agreement(store)
    parts = [agreement(store, article=pk) for pk in store.annotations.article_pks()]
    assert whole.articles == 30 == sum(p.articles for p in parts)
    for field in ("exact", "overlap"):
        matched = sum(getattr(p.pairs[0].overall, field).matched for p in parts)
        assert getattr(whole.pairs[0].overall, field).matched == matched

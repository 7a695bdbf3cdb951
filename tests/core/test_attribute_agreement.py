"""Agreement on attributes over matched spans, against figures computed by hand."""

from __future__ import annotations

import pytest
from conftest import write_jsonl

from annotator.core import import_files
from annotator.core.agreement import agreement

TEXT = "abcdefghij" * 10  # no spaces: every span keeps its bounds

D, IND, P = "direct", "indirect", "partial"


def quote(start: int, end: int, kind: str | None) -> dict:
    return {"start": start, "end": end, "label": "QUOTE",
            "attrs": {"type": kind} if kind else {}}


def claim(start: int, end: int, worthy: str | None) -> dict:
    return {"start": start, "end": end, "label": "CLAIM",
            "attrs": {"checkworthy": worthy} if worthy else {}}


ALICE = [quote(0, 10, D), quote(10, 20, D), quote(20, 30, IND), quote(30, 40, P),
         quote(40, 50, None), quote(50, 60, D),
         claim(60, 70, "yes"), claim(70, 80, "yes"), claim(80, 90, "no")]
BOB = [quote(0, 10, D), quote(10, 20, IND), quote(21, 30, IND),  # 21: matched by overlap
       quote(30, 40, P), quote(40, 50, None),                  # both unset: left out
       claim(60, 70, "yes"), claim(70, 80, None), claim(80, 90, "no")]
CAROL = [quote(0, 10, D), quote(10, 20, D), quote(20, 30, IND), quote(30, 40, IND)]


def fill(store, tmp_path, layers: dict[str, list[dict]]) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "a", "text": TEXT, "annotator": name, "status": "done", "spans": spans}
        for name, spans in layers.items()])
    assert import_files(store, [path]).errors == []


def by_name(comparison) -> dict:
    return {figures.name: figures for figures in comparison.attributes}


def test_two_annotators_kappa_and_alpha_per_attribute(store, tmp_path):
    fill(store, tmp_path, {"alice": ALICE, "bob": BOB})
    [pair] = agreement(store).pairs
    figures = by_name(pair)
    assert list(figures) == ["quote type", "claim checkworthy"]  # the schema's order
    # quote type over 4 matched pairs: (d,d) (d,i) (i,i) (p,p). p_o = 3/4,
    # p_e = (2*1 + 1*2 + 1*1) / 16 = 5/16, kappa = (3/4 - 5/16) / (1 - 5/16) = 7/11.
    # Coincidences: dd 2, di 1, id 1, ii 2, pp 2; n = 8, n_d = n_i = 3, n_p = 2:
    # alpha = 1 - 7 * 2 / (64 - 22) = 2/3.
    kind = figures["quote type"]
    assert (kind.pairs, kind.agreed) == (4, 3)
    assert kind.kappa == pytest.approx(7 / 11) and kind.alpha == pytest.approx(2 / 3)
    # checkworthy over 3 pairs: (yes,yes) (yes,not set) (no,no). p_o = 2/3,
    # p_e = (2*1 + 1*1) / 9 = 1/3, kappa = 1/2; alpha = 1 - 5 * 2 / (36 - 14) = 6/11.
    worthy = figures["claim checkworthy"]
    assert (worthy.pairs, worthy.agreed) == (3, 2)
    assert worthy.kappa == pytest.approx(0.5) and worthy.alpha == pytest.approx(6 / 11)
    assert agreement(store).total.attributes == pair.attributes  # two: the total is the pair


def test_three_annotators_mean_kappa_and_alpha_over_joined_units(store, tmp_path):
    fill(store, tmp_path, {"alice": ALICE, "bob": BOB, "carol": CAROL})
    result = agreement(store)
    kappas = {pair.annotators: by_name(pair)["quote type"].kappa for pair in result.pairs}
    # alice/carol: (d,d) (d,d) (i,i) (p,i): p_o 3/4, p_e 6/16, kappa 0.6;
    # bob/carol: (d,d) (i,d) (i,i) (p,i): p_o 2/4, p_e 6/16, kappa 0.2.
    assert kappas == pytest.approx({("alice", "bob"): 7 / 11, ("alice", "carol"): 0.6,
                                    ("bob", "carol"): 0.2})
    total = by_name(result.total)["quote type"]
    assert (total.pairs, total.agreed) == (12, 8)
    assert total.kappa == pytest.approx((7 / 11 + 0.6 + 0.2) / 3)
    # Units: ddd, did, iii, ppi (the unit both left unset says nothing). Coincidences,
    # 1/2 per ordered pair of values in a unit: ddd: dd 3; did: dd 1, di 1, id 1;
    # iii: ii 3; ppi: pp 1, pi 1, ip 1. n_d = 5, n_i = 5, n_p = 2, n = 12, 4 disagreeing:
    # alpha = 1 - 11 * 4 / (144 - 25 - 25 - 4) = 23/45.
    assert total.alpha == pytest.approx(23 / 45)
    # carol tagged no claim: only alice/bob's kappa counts in the mean
    assert by_name(result.total)["claim checkworthy"].kappa == pytest.approx(0.5)


def test_only_the_kinds_compared_get_attribute_figures(store, tmp_path):
    fill(store, tmp_path, {"alice": ALICE, "bob": BOB})
    [pair] = agreement(store, labels=["QUOTE"]).pairs
    assert [figures.name for figures in pair.attributes] == ["quote type"]
    [pair] = agreement(store, labels=["PERSON"]).pairs
    assert pair.attributes == ()


def test_nobody_set_an_attribute_no_pairs_and_no_figures(store, tmp_path):
    bare = [dict(span, attrs={}) for span in ALICE]
    fill(store, tmp_path, {"alice": bare, "bob": bare})
    [pair] = agreement(store).pairs
    assert [(f.name, f.pairs, f.agreed, f.kappa, f.alpha) for f in pair.attributes] == [
        ("quote type", 0, 0, None, None), ("claim checkworthy", 0, 0, None, None)]

"""The operations ask the rulebook: attributes follow the label, one span per bounds and
label in a layer, and only review writes the gold layer."""

from __future__ import annotations

import pytest

from annotator.core import (
    AddSpan,
    DeleteSpan,
    OperationError,
    Relabel,
    SetAttribute,
    SetBounds,
)
from annotator.core.gold import GOLD
from annotator.core.io.jsonl import export_jsonl
from annotator.core.operations import AddGoldSpan

TEXT = "“We will respond,” Zarif said in Tehran."
QUOTE = (0, 18)
ZARIF = (19, 24)


def test_relabel_drops_the_attributes_the_new_kind_lacks_and_undo_brings_them_back(
        store, history, article, tmp_path):
    (quote,) = history.run(AddSpan(article, "alice", *QUOTE, "QUOTE")).spans
    history.run(SetAttribute(quote, "type", "direct"))
    history.run(Relabel(quote, "PERSON"))
    assert store.annotations.span(quote).attrs == {}
    out = tmp_path / "out.jsonl"
    with out.open("wb") as handle:
        export_jsonl(store, handle)
    assert '"attrs":{}' in out.read_text() and "direct" not in out.read_text()
    history.undo()
    span = store.annotations.span(quote)
    assert (span.label, span.attrs) == ("QUOTE", {"type": "direct"})
    history.redo()
    assert store.annotations.span(quote).attrs == {}
    assert store.reports.check() == []


def test_relabel_within_a_kind_keeps_the_attributes(store, history, article):
    store.add_label(store.schema.label("QUOTE").__class__("QUOTE2", "quote", "#000000"))
    (quote,) = history.run(AddSpan(article, "alice", *QUOTE, "QUOTE")).spans
    history.run(SetAttribute(quote, "type", "direct"))
    history.run(Relabel(quote, "QUOTE2"))
    assert store.annotations.span(quote).attrs == {"type": "direct"}


def test_an_attribute_the_kind_does_not_define_is_refused(store, history, article):
    (person,) = history.run(AddSpan(article, "alice", *ZARIF, "PERSON")).spans
    with pytest.raises(OperationError, match="an entity has no attribute 'type'"):
        history.run(SetAttribute(person, "type", "direct"))
    with pytest.raises(OperationError, match="an entity has no attribute 'type'"):
        history.run(AddSpan(article, "alice", *QUOTE, "PERSON", attrs={"type": "direct"}))
    assert store.annotations.span(person).attrs == {}


def test_a_layer_holds_one_span_per_bounds_and_label(store, history, article):
    (first,) = history.run(AddSpan(article, "alice", *ZARIF, "PERSON")).spans
    with pytest.raises(OperationError, match="already has a PERSON span at 19-24"):
        history.run(AddSpan(article, "alice", *ZARIF, "PERSON"))
    (org,) = history.run(AddSpan(article, "alice", *ZARIF, "ORG")).spans  # another label
    with pytest.raises(OperationError, match="already has a PERSON span"):
        history.run(Relabel(org, "PERSON"))
    (other,) = history.run(AddSpan(article, "alice", 19, 23, "PERSON")).spans
    with pytest.raises(OperationError, match="already has a PERSON span"):
        history.run(SetBounds(other, *ZARIF))
    history.run(AddSpan(article, "bob", *ZARIF, "PERSON"))  # another layer
    assert [s.id for s in store.annotations.spans(article, "alice") if s.label == "PERSON"
            and (s.start, s.end) == ZARIF] == [first]


def test_only_review_writes_the_gold_layer(store, history, article):
    with pytest.raises(OperationError, match="'gold' is reserved"):
        history.run(AddSpan(article, GOLD, *ZARIF, "PERSON"))
    assert store.annotations.spans(article, GOLD) == []
    (gold,) = history.run(AddGoldSpan(article, *ZARIF, "PERSON")).spans
    history.run(DeleteSpan(gold))
    history.undo()  # undo of a review step may bring a gold span back
    assert [s.id for s in store.annotations.spans(article, GOLD)] == [gold]

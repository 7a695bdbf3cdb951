"""A source that is not a name: tagged with the MENTION key, linked as a claim's source (a
claim takes several) or a quote's speaker (a quote keeps one), from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from annotator.core import Store

from .conftest import answer_next_dialog, back_to, tag


def link_with_picker(qtbot, window, typed: str) -> None:
    """S opens the picker; type to filter, Enter links the first match."""
    def choose(dialog) -> None:
        qtbot.keyClicks(dialog.filter, typed)
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)
    answer_next_dialog(choose)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    back_to(qtbot, window)


def stored_links(path, annotator: str = "amira") -> list[tuple[str, str, str]]:
    store = Store.open(path)
    try:
        pk = store.annotations.article_by_id("hard").pk
        spans = {s.id: s for s in store.annotations.spans(pk, annotator)}
        return sorted((r.label, spans[r.head].label, spans[r.child].text)
                      for r in store.annotations.relations(pk, annotator))
    finally:
        store.close()


def test_a_claim_takes_several_sources_and_a_mention_is_one(qtbot, window, store_file):
    tag(qtbot, window, "Officials", Qt.Key.Key_R)
    mention = window.controller.state.selected
    assert window.controller.state.spans[mention].label == "MENTION"
    tag(qtbot, window, "Zarif", Qt.Key.Key_P, nth=1)
    tag(qtbot, window, "talks would resume in March", Qt.Key.Key_C)
    claim = window.controller.state.selected
    assert window.controller.state.selected == claim
    link_with_picker(qtbot, window, "Officials")
    link_with_picker(qtbot, window, "Zarif")
    assert stored_links(store_file) == [("SOURCE", "CLAIM", "Officials"),
                                        ("SOURCE", "CLAIM", "Zarif")]
    # the details show each source with a button that removes it
    qtbot.waitUntil(lambda: len(window.details.findChildren(QToolButton)) == 2)
    [first, _second] = window.details.findChildren(QToolButton)
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    assert len(stored_links(store_file)) == 1
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(stored_links(store_file)) == 2


def test_a_quote_keeps_one_speaker_a_mention_or_a_name(qtbot, window, store_file):
    tag(qtbot, window, "Officials", Qt.Key.Key_R)
    tag(qtbot, window, "Zarif", Qt.Key.Key_P, nth=1)
    window.controller.select_span(None)
    tag(qtbot, window, "“We will not sign,”", Qt.Key.Key_Q)
    link_with_picker(qtbot, window, "Officials")
    assert stored_links(store_file) == [("SPEAKER", "QUOTE", "Officials")]
    link_with_picker(qtbot, window, "Zarif")  # another speaker replaces the first
    assert stored_links(store_file) == [("SPEAKER", "QUOTE", "Zarif")]

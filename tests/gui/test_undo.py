"""Undo and redo of every action, from the keyboard, with the Edit menu naming the step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from annotator.core import Store

from .conftest import answer_next_dialog, back_to, stored_spans, tag

UNDO = (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
REDO = (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)



def labels(store_file) -> list[tuple[str, str]]:
    return [(s.label, s.text) for s in stored_spans(store_file)]


def test_undo_and_redo_add_relabel_delete(qtbot, window, store_file):
    undo = window.actions_["undo"]
    assert not undo.isEnabled()
    tag(qtbot, window, "Zarif", Qt.Key.Key_P)
    assert labels(store_file) == [("PERSON", "Zarif")]
    assert undo.text() == "Undo Add PERSON “Zarif”"
    qtbot.keyClick(window.view, Qt.Key.Key_O)  # the new span is selected: its key relabels
    assert labels(store_file) == [("ORG", "Zarif")]
    assert undo.text().startswith("Undo Relabel")
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert labels(store_file) == []
    assert undo.text().startswith("Undo Delete")
    qtbot.keyClick(window.view, *UNDO)
    assert labels(store_file) == [("ORG", "Zarif")]
    qtbot.keyClick(window.view, *UNDO)
    assert labels(store_file) == [("PERSON", "Zarif")]
    qtbot.keyClick(window.view, *UNDO)
    assert labels(store_file) == []
    assert not undo.isEnabled()
    assert window.actions_["redo"].text() == "Redo Add PERSON “Zarif”"
    for expected in ([("PERSON", "Zarif")], [("ORG", "Zarif")], []):
        qtbot.keyClick(window.view, *REDO)
        assert labels(store_file) == expected
    assert [(s.label, s.text) for s in window.controller.state.spans.values()] == []
    assert window.span_list.model_.rowCount() == 0


def test_undo_and_redo_quote_attribution(qtbot, window, store_file):
    tag(qtbot, window, "Zarif", Qt.Key.Key_P, nth=1)
    text = window.controller.state.article.text
    window.view.select_range(text.index("“We"), text.index(" said Zarif"))
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    quote = window.controller.state.selected
    # S opens the speaker picker, nearest PERSON first; Enter links it
    answer_next_dialog(lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Return))
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    back_to(qtbot, window)
    [rel] = window.controller.state.relations
    assert rel.head == quote and rel.label == "SPEAKER"
    assert window.controller.state.spans[rel.child].text == "Zarif"
    assert window.controller.state.spans[rel.child].start == text.index("Zarif", text.index("said"))
    assert window.actions_["undo"].text() == "Undo Link SPEAKER"
    # the link shows in the details panel
    def linked_in_details() -> bool:
        combo = window.details.combos.get("Speaker")
        return combo is not None and combo.currentData() == rel.child
    qtbot.waitUntil(linked_in_details, timeout=2000)
    qtbot.keyClick(window.view, *UNDO)
    assert window.controller.state.relations == []
    qtbot.keyClick(window.view, *REDO)
    assert [(r.head, r.child) for r in window.controller.state.relations] == [(rel.head, rel.child)]
    store = Store.open(store_file)
    assert len(store.annotations.relations(window.controller.state.article.pk, "amira")) == 1
    store.close()


def test_attribute_picker_sets_quote_type_and_undo_clears_it(qtbot, window, store_file):
    text = window.controller.state.article.text
    window.view.select_range(text.index("“We"), text.index(" said Zarif"))
    qtbot.keyClick(window.view, Qt.Key.Key_Q)

    def choose_indirect(dialog):
        qtbot.keyClicks(dialog.filter, "indirect")
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)
    answer_next_dialog(choose_indirect)
    qtbot.keyClick(window.view, Qt.Key.Key_A)
    [span] = stored_spans(store_file)
    assert span.attrs == {"type": "indirect"}
    back_to(qtbot, window)
    qtbot.keyClick(window.view, *UNDO)
    assert stored_spans(store_file)[0].attrs == {}


def test_undo_done_and_next_returns_to_the_article(qtbot, window, store_file):
    first = window.controller.state.article.pk
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.state.article.pk != first
    store = Store.open(store_file)
    assert store.annotations.layer_status(first, "amira") == "done"
    qtbot.keyClick(window.view, *UNDO)
    assert window.controller.state.article.pk == first  # undo shows where it happened
    assert store.annotations.layer_status(first, "amira") in (None, "todo")
    qtbot.keyClick(window.view, *REDO)
    assert store.annotations.layer_status(first, "amira") == "done"
    store.close()


def test_undo_shortcut_is_the_platform_one(window):
    assert window.actions_["undo"].shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)


def test_span_list_keeps_reading_order_through_changes(qtbot, window):
    text = window.controller.state.article.text
    for word in ("Doha", "Tehran", "Zarif", "Kamala"):
        start = text.index(word)
        window.view.select_range(start, start + len(word))
        qtbot.keyClick(window.view, Qt.Key.Key_G)
    qtbot.keyClick(window.view, Qt.Key.Key_O)      # relabel Kamala
    qtbot.keyClick(window.view, *UNDO)
    qtbot.keyClick(window.view, *UNDO)            # Kamala gone
    qtbot.keyClick(window.view, *REDO)            # back
    shown = [s.text for s in window.span_list.model_.spans]
    assert shown == ["Tehran", "Zarif", "Kamala", "Doha"]
    expected = sorted(window.controller.state.spans.values(), key=lambda s: (s.start, s.end, s.id))
    assert window.controller.state.sorted_spans() == expected


def test_fit_a_span_to_a_new_selection_and_undo(qtbot, window, store_file):
    text = window.controller.state.article.text
    start = text.index("Kamala")
    window.view.select_range(start, start + len("Kamala"))
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    # the caret is at the span's start: Shift+arrows select its new extent, B fits it
    for _ in range(len("Kamala Ortiz")):
        qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_B)
    assert labels(store_file) == [("PERSON", "Kamala Ortiz")]
    assert window.controller.state.spans[window.controller.state.selected].text == "Kamala Ortiz"
    assert window.actions_["undo"].text() == "Undo Resize PERSON “Kamala”"
    qtbot.keyClick(window.view, *UNDO)
    assert labels(store_file) == [("PERSON", "Kamala")]


def test_relabelling_a_quote_a_person_drops_its_type_and_undo_restores_it(qtbot, window,
                                                                          store_file):
    text = window.controller.state.article.text
    window.view.select_range(text.index("“We"), text.index(" said Zarif"))
    qtbot.keyClick(window.view, Qt.Key.Key_Q)

    def choose_direct(dialog):
        qtbot.keyClicks(dialog.filter, "direct")
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)
    answer_next_dialog(choose_direct)
    qtbot.keyClick(window.view, Qt.Key.Key_A)
    back_to(qtbot, window)
    assert stored_spans(store_file)[0].attrs == {"type": "direct"}
    qtbot.keyClick(window.view, Qt.Key.Key_P)  # the selected span relabelled PERSON
    [span] = stored_spans(store_file)
    assert (span.label, span.attrs) == ("PERSON", {})
    assert window.controller.state.spans[span.id].attrs == {}
    qtbot.keyClick(window.view, *UNDO)
    [span] = stored_spans(store_file)
    assert (span.label, span.attrs) == ("QUOTE", {"type": "direct"})

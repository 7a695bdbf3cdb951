"""Review mode compares the annotators' registry entries by keys: a span two annotators
linked to different entries is a disagreement shown with the entries' names; accepting a
version (1-9) brings its entry into gold, and Shift+E lets the reviewer choose another."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.core import History, Store
from annotator.core.operations import CreateEntry, LinkEntry
from annotator.core.registry import Entry
from annotator.core.review import GOLD

from .conftest import answer_next_dialog, back_to, open_window  # noqa: F401
from .test_review import annotate, current_text, press, start_review


def link_zarif(path: Path, ids: dict) -> dict[str, int]:
    """Alice links her first "Zarif" to the minister, bob his to another entry."""
    with Store.open(path) as store:
        curator = History(store, "curator")
        for name, aliases in (("Mohammad Javad Zarif", ("Zarif",)), ("Zarif Ltd", ())):
            curator.run(CreateEntry(Entry(0, name, "PERSON", aliases)))
        entries = {e.name: e.id for e in store.registry.entries()}
        History(store, "alice").run(LinkEntry(ids["alice", "Zarif"],
                                              entries["Mohammad Javad Zarif"]))
        History(store, "bob").run(LinkEntry(ids["bob", "Zarif"], entries["Zarif Ltd"]))
    return entries


@pytest.fixture
def reviewing(open_window, store_file, qtbot):  # noqa: F811
    entries = link_zarif(store_file, annotate(store_file))
    window = open_window(store_file, "carol")
    start_review(qtbot, window)
    yield window, entries
    window.controller.close_store()


def gold_entry(window) -> tuple[str, int | None]:
    """The gold "Zarif" of the candidate under review, and its entry."""
    c = window.controller
    cand = window.review.session.candidate
    (span,) = [s for s in c.store.annotations.spans(c.state.article.pk, GOLD)
               if (s.start, s.end) == (cand.start, cand.end)]
    return span.text, c.store.registry.linked_entry(span.id)


def row_of(window, text: str, differs: str) -> list[str]:
    model = window.review.panel.model
    for r in range(model.rowCount()):
        if model.index(r, 0).data() == text and model.index(r, 2).data() == differs:
            return [model.index(r, c).data() for c in range(model.columnCount())]
    raise AssertionError(f"no row {text} {differs}")


def choose(qtbot, window, typed: str) -> list[str]:
    """Shift+E; type to filter the entries offered, Enter links the first; the rows offered."""
    seen = {}

    def act(picker) -> None:
        seen["rows"] = [picker.list.item(r).text() for r in range(picker.list.count())]
        qtbot.keyClicks(picker.filter, typed)
        qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    answer_next_dialog(act)
    press(qtbot, window, Qt.Key.Key_E, Qt.KeyboardModifier.ShiftModifier)
    back_to(qtbot, window)
    window.view.setFocus()
    return seen["rows"]


def test_a_different_entry_is_shown_accepted_and_chosen_by_keys(reviewing, qtbot):
    w, entries = reviewing
    row = row_of(w, "Zarif", "entry differs")
    assert row[3:6] == ["Mohammad Javad Zarif", "Zarif Ltd", "to decide"]
    text = w.controller.state.article.text
    tip = w.view.describe_offset(text.index("Zarif") + 1)  # hovering the text
    assert "alice: PERSON “Zarif” = Mohammad Javad Zarif" in tip
    assert "bob: PERSON “Zarif” = Zarif Ltd" in tip
    while current_text(w) != "Zarif":  # J through the disagreements to it
        press(qtbot, w, Qt.Key.Key_J)
    press(qtbot, w, Qt.Key.Key_2)  # bob's version: his entry comes with it
    assert gold_entry(w) == ("Zarif", entries["Zarif Ltd"])
    assert row_of(w, "Zarif", "entry differs")[5] == "accepted (bob) = Zarif Ltd"
    # Shift+E: the annotators' entries first, then none, then the rest of the registry
    rows = choose(qtbot, w, "alice")
    assert rows[:3] == ["Mohammad Javad Zarif (PERSON): linked by alice",
                        "Zarif Ltd (PERSON): linked by bob", "No entry"]
    assert gold_entry(w) == ("Zarif", entries["Mohammad Javad Zarif"])
    assert row_of(w, "Zarif", "entry differs")[5] == \
        "accepted (alice) = Mohammad Javad Zarif"
    choose(qtbot, w, "No entry")
    assert gold_entry(w) == ("Zarif", None)
    assert row_of(w, "Zarif", "entry differs")[5] == "accepted (edited)"
    # each choice is one step of undo
    press(qtbot, w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gold_entry(w) == ("Zarif", entries["Mohammad Javad Zarif"])
    press(qtbot, w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gold_entry(w) == ("Zarif", entries["Zarif Ltd"])


def test_shift_e_before_accepting_says_what_to_do(reviewing, qtbot):
    w, _ = reviewing
    while current_text(w) != "Zarif":
        press(qtbot, w, Qt.Key.Key_J)
    press(qtbot, w, Qt.Key.Key_E, Qt.KeyboardModifier.ShiftModifier)
    assert "Accept a version first" in w.statusBar().currentMessage()


def test_the_agreement_dialog_has_a_line_for_registry_entries(reviewing, qtbot):
    w, _ = reviewing
    seen = {}

    def read(dialog) -> None:
        table = dialog.links
        seen["rows"] = [[table.item(r, c).text() for c in range(table.columnCount())]
                        for r in range(table.rowCount())]
        seen["tab"] = dialog.tabs.tabText(1)
        dialog.reject()
    answer_next_dialog(read, delay=50)
    press(qtbot, w, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier
          | Qt.KeyboardModifier.ShiftModifier)
    w.activateWindow()
    back_to(qtbot, w)
    # each linked its "Zarif", to different entries: no link matches
    assert ["alice × bob", "registry entries", "0.000", "0.000", "0.000", "0", "1 / 1"] \
        in seen["rows"]
    assert seen["tab"] == "Links (speakers, sources, entries): 3"

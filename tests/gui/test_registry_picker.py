"""Linking spans to registry entries in the window, by keys: K (or Ctrl+K) on an entity span
opens the picker, typing filters the registry, Enter links, Ctrl+Enter makes an entry of
the span; the details panel, tooltips and the span list show the entry; proposed links are
accepted with Enter and rejected with X; each step is undoable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel

from annotator.core import AddRelation, AddSpan, History, Store
from annotator.core.operations import CreateEntry, EditEntry, LinkEntry
from annotator.core.registry import Entry
from annotator.gui.dialogs.entry_picker import EntryPicker

from .conftest import HARD_TEXT, answer_next_dialog, back_to, click_at, shortcuts_listed

TEXT = HARD_TEXT.replace("\r\n", "\n")
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ENTRIES = [  # name, kind, aliases, description, wikidata
    ("Mohammad Javad Zarif", "PERSON", ("Javad Zarif", "ظریف"), "Foreign minister of Iran",
     "Q352127"),
    ("Kamala Ortiz", "PERSON", (), "", None),
    ("Zarif Holdings", "ORG", (), "A company", None),
    ("Doha", "GPE", (), "Capital of Qatar", "Q3861"),
    ("محمد باقر قالیباف", "PERSON", (), "", None),  # no Latin name
]
SPANS = [("Zarif", 0, "PERSON"), ("Kamala Ortiz", 0, "PERSON"), ("Doha", 0, "GPE"),
         ("ظريف", 0, "PERSON"), ("“We will not sign,”", 0, "QUOTE"), ("Zarif", 1, "PERSON")]


def at(piece: str, nth: int = 0) -> int:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(piece, start + 1)
    return start


@pytest.fixture
def registry_store(store_file: Path) -> Path:
    with Store.open(store_file) as store:
        history = History(store, "amira")
        for name, kind, aliases, description, wikidata in ENTRIES:
            history.run(CreateEntry(Entry(0, name, kind, aliases, description, wikidata,
                                          {"gender": "man"} if name.startswith("Moh") else {})))
        pk = store.annotations.article_by_id("hard").pk
        ids = []
        for piece, nth, label in SPANS:
            start = at(piece, nth)
            change = history.run(AddSpan(pk, "amira", start, start + len(piece), label,
                                         {"type": "direct"} if label == "QUOTE" else {}))
            ids.append(next(iter(change.spans)))
        history.run(AddRelation(ids[4], ids[5], "SPEAKER"))
    return store_file


@pytest.fixture
def win(open_window, registry_store):
    window = open_window(registry_store)
    assert window.controller.state.article.id == "hard"
    yield window
    window.controller.close_store()


def links(path: Path) -> dict[tuple[str, int], str]:
    """(span text, start) -> the name of the entry it links to, as stored."""
    with Store.open(path) as store:
        pk = store.annotations.article_by_id("hard").pk
        found = {}
        for span in store.annotations.spans(pk, "amira"):
            entry = store.registry.linked_entry(span.id)
            if entry is not None:
                found[(span.text, span.start)] = store.registry.entry(entry).name
        return found


def entry_names(path: Path) -> list[str]:
    with Store.open(path) as store:
        return sorted(entry.name for entry in store.registry.entries())


def select(qtbot, window, piece: str, nth: int = 0) -> None:
    click_at(qtbot, window, at(piece, nth) + 1)
    span = window.controller.state.spans[window.controller.state.selected]
    assert span.text == piece


def type_text(widget, text: str) -> None:
    """Key presses carrying each character, as a keyboard (or an input method for Arabic
    letters, which QTest's key clicks cannot send) delivers them."""
    for char in text:
        key = ord(char.upper()) if char.isascii() and char.isalnum() else 0
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier,
                                                     char))


def in_picker(qtbot, window, typed: str | None, key=Qt.Key.Key_Return,
              modifier=Qt.KeyboardModifier.NoModifier, opener=(Qt.Key.Key_K,)) -> list[str]:
    """Press K (or `opener`), type, read the rows, press `key`; the rows seen."""
    seen: dict[str, list[str]] = {}

    def act(picker: EntryPicker) -> None:
        if typed is not None:
            type_text(picker.filter, typed)  # replaces the span's text, selected
        seen["rows"] = picker.rows()
        # the keys go where the focus is, as a person's do (the window's Enter is the
        # suggestions' while its text has the focus); a window manager activates a new
        # dialog, the offscreen platform not always after other tests' windows
        picker.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is picker.filter, timeout=3000)
        qtbot.keyClick(picker.filter, key, modifier)
    answer_next_dialog(act, kind=EntryPicker)
    qtbot.keyClick(window.view, *opener)
    back_to(qtbot, window)
    return seen["rows"]


def details(window) -> dict[str, str]:
    """The details panel's rows: name -> text."""
    form, rows = window.details.form, {}
    for row in range(form.rowCount()):
        name = form.itemAt(row, form.ItemRole.LabelRole)
        field = form.itemAt(row, form.ItemRole.FieldRole)
        if name is not None and field is not None and isinstance(field.widget(), QLabel):
            rows[name.widget().text()] = field.widget().text()
    return rows


def settle(qtbot) -> None:
    """Let the details panel rebuild (it does after the event that changed things)."""
    qtbot.wait(20)


def test_k_type_enter_links_the_span_and_the_details_show_the_entry(qtbot, win,
                                                                    registry_store):
    select(qtbot, win, "Zarif")
    rows = in_picker(qtbot, win, "zarif")
    # the new-entry row first; the PERSON entry ranked before anything else, the ORG
    # "Zarif Holdings" left out (a PERSON span cannot link to it)
    assert rows[0] == "+ New entry “Zarif” (PERSON)"
    assert rows[1] == "Mohammad Javad Zarif  (alias: Javad Zarif)"  # the closest name
    assert not any("Holdings" in row for row in rows)
    assert links(registry_store) == {("Zarif", at("Zarif")): "Mohammad Javad Zarif"}
    settle(qtbot)
    shown = details(win)
    assert shown["Entry"] == "Mohammad Javad Zarif (PERSON)"
    assert shown["Description"] == "Foreign minister of Iran"
    assert "Q352127" in shown["Wikidata"] and "wikidata.org/wiki/Q352127" in shown["Wikidata"]
    assert shown["Entry gender"] == "man"
    # the span list and the tooltip name it too
    span = win.controller.state.spans[win.controller.state.selected]
    assert "entry: Mohammad Javad Zarif" in win.pane.describe(span)
    row = win.span_list.model_.row_of(span.id)
    assert "entry: Mohammad Javad Zarif" in win.span_list.model_.index(row, 2).data()
    # K again: the linked entry is marked, Esc leaves it as it is
    rows = in_picker(qtbot, win, None, key=Qt.Key.Key_Escape)
    assert rows[1].startswith("✓ Mohammad Javad Zarif")
    assert links(registry_store) == {("Zarif", at("Zarif")): "Mohammad Javad Zarif"}


def test_the_picker_starts_with_the_span_text_and_moves_with_up_and_down(qtbot, win,
                                                                        registry_store):
    select(qtbot, win, "Kamala Ortiz")
    seen = {}

    def act(picker: EntryPicker) -> None:
        seen["prefill"] = picker.filter.text()
        seen["rows"] = picker.rows()
        qtbot.keyClick(picker.filter, Qt.Key.Key_Up)  # to the new-entry row
        qtbot.keyClick(picker.filter, Qt.Key.Key_Down)
        qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    answer_next_dialog(act, kind=EntryPicker)
    qtbot.keyClick(win.view, Qt.Key.Key_K, CTRL)  # Ctrl+K: the same picker
    back_to(qtbot, win)
    assert seen["prefill"] == "Kamala Ortiz"
    assert seen["rows"][1] == "Kamala Ortiz"
    assert links(registry_store) == {("Kamala Ortiz", at("Kamala Ortiz")): "Kamala Ortiz"}


def test_undo_and_redo_a_link(qtbot, win, registry_store):
    select(qtbot, win, "Doha")
    in_picker(qtbot, win, "doh")
    assert links(registry_store) == {("Doha", at("Doha")): "Doha"}
    assert win.actions_["undo"].text() == "Undo Link “Doha” to “Doha”"
    qtbot.keyClick(win.view, Qt.Key.Key_Z, CTRL)
    assert links(registry_store) == {}
    settle(qtbot)
    assert details(win)["Entry"] == "(none: K links one)"
    qtbot.keyClick(win.view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert links(registry_store) == {("Doha", at("Doha")): "Doha"}
    settle(qtbot)
    assert details(win)["Entry"] == "Doha (GPE)"


def test_a_new_entry_from_the_span_in_one_key_and_one_undo_step(qtbot, win, registry_store):
    select(qtbot, win, "Zarif")
    in_picker(qtbot, win, None, key=Qt.Key.Key_Return, modifier=CTRL)
    assert links(registry_store) == {("Zarif", at("Zarif")): "Zarif"}
    assert "Zarif" in entry_names(registry_store)
    settle(qtbot)
    assert details(win)["Entry"] == "Zarif (PERSON)"
    qtbot.keyClick(win.view, Qt.Key.Key_Z, CTRL)  # one step: the entry and the link go
    assert links(registry_store) == {}
    assert "Zarif" not in entry_names(registry_store)
    qtbot.keyClick(win.view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert links(registry_store) == {("Zarif", at("Zarif")): "Zarif"}
    # the new entry is found by the next picker at once (the index is brought up to date)
    select(qtbot, win, "Zarif", 1)
    rows = in_picker(qtbot, win, "zarif", key=Qt.Key.Key_Escape)
    assert "• Zarif" in rows


def test_when_nothing_matches_enter_makes_the_new_entry(qtbot, win, registry_store):
    select(qtbot, win, "Kamala Ortiz")
    rows = in_picker(qtbot, win, "qqqq")
    assert rows == ["+ New entry “Kamala Ortiz” (PERSON)"]
    assert links(registry_store) == {("Kamala Ortiz", at("Kamala Ortiz")): "Kamala Ortiz"}
    assert entry_names(registry_store).count("Kamala Ortiz") == 2


def test_k_without_an_entity_span_says_why_and_changes_nothing(qtbot, win, registry_store):
    opened = []
    answer_next_dialog(lambda picker: (opened.append(picker), picker.reject()),
                       kind=EntryPicker, delay=200)
    qtbot.keyClick(win.view, Qt.Key.Key_K)  # nothing selected
    assert "no span is selected" in win.statusBar().currentMessage()
    select(qtbot, win, "“We will not sign,”")
    qtbot.keyClick(win.view, Qt.Key.Key_K)
    assert "a QUOTE span does not link to one" in win.statusBar().currentMessage()
    qtbot.wait(300)
    assert not opened
    QApplication.processEvents()
    assert links(registry_store) == {}
    assert not win.actions_["undo"].isEnabled()


def test_unlink_from_the_labels_menu_and_undo(qtbot, win, registry_store):
    select(qtbot, win, "Doha")
    assert not win.actions_["unlink_entry"].isEnabled()
    in_picker(qtbot, win, "doha")
    assert win.actions_["unlink_entry"].isEnabled()
    assert win.actions_["unlink_entry"] in win.labels_menu.actions()
    win.actions_["unlink_entry"].trigger()
    assert links(registry_store) == {}
    qtbot.keyClick(win.view, Qt.Key.Key_Z, CTRL)
    assert links(registry_store) == {("Doha", at("Doha")): "Doha"}


def test_a_quote_shows_the_entry_its_speaker_links_to(qtbot, win, registry_store):
    select(qtbot, win, "Zarif", 1)  # the quote's speaker
    in_picker(qtbot, win, "javad")
    select(qtbot, win, "“We will not sign,”")
    settle(qtbot)
    assert details(win)["Attributed to"] == "Mohammad Javad Zarif (PERSON)"
    span = win.controller.state.spans[win.controller.state.selected]
    assert "SPEAKER → Zarif (Mohammad Javad Zarif)" in win.pane.describe(span)


def test_names_in_arabic_and_persian_letters(qtbot, win, registry_store):
    # the span is written with the Arabic yeh, the entry's alias with the Persian one:
    # the core folds them to one letter, so the picker offers the entry at once
    select(qtbot, win, "ظريف")
    rows = in_picker(qtbot, win, None)
    assert rows[1] == "Mohammad Javad Zarif  (alias: ظریف)"
    assert links(registry_store)[("ظريف", at("ظريف"))] == "Mohammad Javad Zarif"
    # an entry known only in Arabic script is found by its letters (either yeh) ...
    select(qtbot, win, "Kamala Ortiz")
    rows = in_picker(qtbot, win, "قاليباف", key=Qt.Key.Key_Escape)
    assert rows[1] == "محمد باقر قالیباف"
    # ... but not by a Latin spelling: the core's folding does not transliterate
    rows = in_picker(qtbot, win, "Ghalibaf", key=Qt.Key.Key_Escape)
    assert not any("قالیباف" in row for row in rows)


def test_proposed_links_are_accepted_with_enter_and_rejected_with_x(qtbot, win,
                                                                     registry_store):
    proposals = win.details.proposals
    assert not proposals.isVisible()
    win.actions_["suggest_links"].trigger()
    assert "links proposed" in win.statusBar().currentMessage()
    assert proposals.isVisible()
    shown = [proposals.item(i).text() for i in range(proposals.count())]
    assert shown[0].startswith("Zarif → Mohammad Javad Zarif (PERSON; surname")
    assert any(text.startswith("Kamala Ortiz → Kamala Ortiz (PERSON; name") for text in shown)
    assert not any("Holdings" in text for text in shown)
    proposals.setFocus()  # its current proposal's span is selected in the text
    assert win.controller.state.spans[win.controller.state.selected].text == "Zarif"
    qtbot.keyClick(proposals, Qt.Key.Key_Return)  # accept
    assert links(registry_store) == {("Zarif", at("Zarif")): "Mohammad Javad Zarif"}
    left = [proposals.item(i).text() for i in range(proposals.count())]
    assert left == shown[1:]  # a linked span's proposals are not offered any more
    # the next one is current and its span selected: X rejects it
    current = proposals.currentItem().data(Qt.ItemDataRole.UserRole)
    assert win.controller.state.selected == current.span
    assert win.controller.state.spans[current.span].text == "ظريف"
    qtbot.keyClick(proposals, Qt.Key.Key_X)
    with Store.open(registry_store) as store:
        assert store.registry.proposal(current.id).decision == "reject"
    assert [proposals.item(i).text() for i in range(proposals.count())] == left[1:]
    # each decision is one undo step
    qtbot.keyClick(win.view, Qt.Key.Key_Z, CTRL)
    with Store.open(registry_store) as store:
        assert store.registry.proposal(current.id).decision is None
    qtbot.keyClick(win.view, Qt.Key.Key_Z, CTRL)
    assert links(registry_store) == {}


def test_k_is_previous_suggestion_while_suggestions_show_and_ctrl_k_links(qtbot, win,
                                                                          registry_store):
    from annotator.core.suggest import ProposedSpan, Suggestions
    from annotator.core.suggest.running import run_suggestions

    class Fixed:
        name = "fixed"

        def suggest(self, articles, labels):
            for article in articles:
                spans = [ProposedSpan("1", at("Doha") - 3, at("Doha") - 1, "GPE")] \
                    if article.id == "hard" else []
                yield Suggestions(article.id, spans)
    with Store.open(registry_store) as store:
        run_suggestions(store, [Fixed()], layer="suggested")
    win.controller.catch_up()
    [action] = [a for a in win.suggestions_menu.actions() if a.text() == "suggested"]
    action.trigger()
    win.view.setFocus()
    qtbot.keyClick(win.view, Qt.Key.Key_K)  # previous suggestion
    assert win.suggest_keys.suggestion is not None
    select(qtbot, win, "Doha")  # an own entity span: K still steps back ...
    qtbot.keyClick(win.view, Qt.Key.Key_K)
    assert win.suggest_keys.suggestion is not None
    assert links(registry_store) == {}
    select(qtbot, win, "Doha")
    in_picker(qtbot, win, "doha", opener=(Qt.Key.Key_K, CTRL))  # ... and Ctrl+K links
    assert links(registry_store) == {("Doha", at("Doha")): "Doha"}
    [action] = [a for a in win.suggestions_menu.actions() if a.text() == "&None"]
    action.trigger()  # no suggestions shown: K links again
    win.view.setFocus()
    select(qtbot, win, "Kamala Ortiz")
    in_picker(qtbot, win, "kamala")
    assert links(registry_store)[("Kamala Ortiz", at("Kamala Ortiz"))] == "Kamala Ortiz"


def test_entries_and_links_made_elsewhere_show_and_are_found(qtbot, win, registry_store):
    select(qtbot, win, "Kamala Ortiz")
    in_picker(qtbot, win, "kamala", key=Qt.Key.Key_Escape)  # the index is built now
    with Store.open(registry_store) as store:  # the command line, meanwhile
        history = History(store, "cli")
        history.run(CreateEntry(Entry(0, "Kamala Ortiz-Reyes", "PERSON", ("K. Ortiz",))))
        history.run(EditEntry(Entry(2, "Kamala D. Ortiz", "PERSON")))
        span = next(s for s in store.annotations.spans(
            store.annotations.article_by_id("hard").pk, "amira") if s.text == "Doha")
        history.run(LinkEntry(span.id, 4))
    win.controller.catch_up()
    rows = in_picker(qtbot, win, "ortiz", key=Qt.Key.Key_Escape)
    assert "Kamala D. Ortiz" in rows
    assert "Kamala Ortiz-Reyes  (alias: K. Ortiz)" in rows
    assert "Kamala Ortiz" not in rows  # its old name is not offered any more
    select(qtbot, win, "Doha")
    settle(qtbot)
    assert details(win)["Entry"] == "Doha (GPE)"


def test_help_lists_the_registry_keys(qtbot, win):
    listed = shortcuts_listed(win)
    assert listed["Link to registry entry…"] == "K, Ctrl+K"
    assert listed["Previous suggestion"] == "K"
    assert any(keys == "Enter / Ctrl+Enter / Esc" for keys in listed.values())


def test_the_span_context_menu_links_and_unlinks(qtbot, win, registry_store):
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtWidgets import QMenu

    from .conftest import point_of

    def choose(text: str, then=None) -> None:
        def act() -> None:
            menu = QApplication.activePopupWidget()
            if not isinstance(menu, QMenu):
                QTimer.singleShot(10, act)
                return
            [action] = [a for a in menu.actions() if a.text() == text]
            if then is not None:
                answer_next_dialog(then, kind=EntryPicker)
            menu.close()
            action.trigger()
        QTimer.singleShot(0, act)

    def right_click(piece: str) -> None:
        at_point = point_of(win, at(piece) + 1) + QPoint(2, 0)
        win.view.customContextMenuRequested.emit(at_point)  # what a right click sends

    def link_first(picker: EntryPicker) -> None:
        qtbot.waitUntil(lambda: QApplication.focusWidget() is picker.filter, timeout=3000)
        qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    choose("Link to &registry entry…", link_first)
    right_click("Doha")  # selects the span under the mouse, then offers to link it
    back_to(qtbot, win)
    assert links(registry_store) == {("Doha", at("Doha")): "Doha"}
    choose("&Unlink registry entry")
    right_click("Doha")
    assert links(registry_store) == {}

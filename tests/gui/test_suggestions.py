"""Suggestions in the window, driven from the keyboard: View > Suggestions shows a layer
filled by `suggest` over the annotator's own spans (dashed, counted in the status bar); J / K
go to them, Enter accepts, X rejects, Ctrl+Shift+A accepts all, B fits the accepted span,
and each decision is one undo step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import QListWidget, QMessageBox

from annotator.core import AddSpan, History, SetStatus, Store
from annotator.core.suggest import ProposedLink, ProposedSpan, Suggestions
from annotator.core.suggest.running import run_suggestions

from .conftest import HARD_TEXT, answer_next_dialog, back_to, click_at, shortcuts_listed

TEXT = HARD_TEXT.replace("\r\n", "\n")
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
UNDO = (Qt.Key.Key_Z, CTRL)
DASHED = QTextCharFormat.UnderlineStyle.DashUnderline


def at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


# What the source proposes on the "hard" article, in reading order.
PROPOSED = [("Zarif", 0, "PERSON"), ("Kamala Ortiz", 0, "PERSON"), ("Doha", 0, "GPE"),
            ("“We will not sign,”", 0, "QUOTE"), ("Zarif", 1, "PERSON")]


class Fixed:
    """A suggestion source with a fixed answer: names, a place, a quote and its speaker."""

    name = "fixed"

    def __init__(self, more: tuple = ()) -> None:
        self.proposed = [*PROPOSED, *more]

    def suggest(self, articles, labels):
        for article in articles:
            if article.id != "hard":
                yield Suggestions(article.id)
                continue
            spans = [ProposedSpan(str(i), *at(word, nth), label)
                     for i, (word, nth, label) in enumerate(self.proposed)]
            spans[3].attrs["type"] = "direct"
            yield Suggestions(article.id, spans, [ProposedLink("3", "4", "SPEAKER")])


def suggest(path: Path, layer: str = "suggested") -> None:
    with Store.open(path) as store:
        run_suggestions(store, [Fixed()], layer=layer)


@pytest.fixture
def suggested(store_file: Path) -> Path:
    suggest(store_file)
    return store_file


@pytest.fixture
def win(open_window, suggested):
    window = open_window(suggested)
    assert window.controller.state.article.id == "hard"
    yield window
    window.controller.close_store()


def show_layer(window, name: str | None = "suggested") -> None:
    """View > Suggestions > the layer, as a click on the menu item does."""
    wanted = name if name is not None else "&None"
    [action] = [a for a in window.suggestions_menu.actions()
                if a.isCheckable() and a.text() == wanted]
    action.trigger()
    window.view.setFocus()


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.view, key, modifier)


def own(path: Path, annotator: str = "amira") -> list[tuple[str, str, str]]:
    with Store.open(path) as store:
        pk = store.annotations.article_by_id("hard").pk
        return [(s.text, s.label, s.origin) for s in store.annotations.spans(pk, annotator)]


def decisions(path: Path, annotator: str = "amira") -> list[tuple[str, str]]:
    with Store.open(path) as store:
        pk = store.annotations.article_by_id("hard").pk
        return [(d.decision, TEXT[d.start:d.end]) for d in
                store.suggestions.suggestion_decisions(pk, annotator, "suggested")]


def count(window) -> str:
    label = window.suggestion_label
    return label.text() if label.isVisible() else ""


def current(window) -> str:
    span = window.suggest_keys.suggestion
    return span.text if span is not None else ""


def format_at(window, offset: int) -> QTextCharFormat:
    """The format the text view draws the character at `offset` with."""
    view = window.view
    position = view.index.to_utf16(offset)
    block = view.document().findBlock(position)
    for fmt in block.layout().formats():
        if fmt.start <= position - block.position() < fmt.start + fmt.length:
            return QTextCharFormat(fmt.format)
    return QTextCharFormat()


def test_the_view_menu_lists_the_layers_and_shows_them_dashed_with_a_count(
        qtbot, open_window, suggested):
    suggest(suggested, "orgs")
    window = open_window(suggested)
    layers = [a.text() for a in window.suggestions_menu.actions() if a.isCheckable()]
    assert layers == ["&None", "orgs", "suggested"]
    assert count(window) == ""
    assert format_at(window, at("Doha")[0]).underlineStyle() != DASHED
    show_layer(window)
    assert count(window) == "5 suggestions"
    doha = format_at(window, at("Doha")[0])
    assert doha.underlineStyle() == DASHED
    assert doha.underlineColor().rgb() == QColor("#229955").rgb()  # GPE's colour
    assert doha.background().style() == Qt.BrushStyle.NoBrush  # no fill: not your span
    # your own GPE over the same kind of word is filled, not dashed
    window.view.select_range(*at("Tehran"))
    press(qtbot, window, Qt.Key.Key_G)
    tehran = format_at(window, at("Tehran")[0])
    assert tehran.background().color().rgb() == QColor("#229955").rgb()
    assert tehran.underlineStyle() != DASHED
    # None takes them away again
    show_layer(window, None)
    assert count(window) == ""
    assert format_at(window, at("Doha")[0]).underlineStyle() != DASHED
    window.controller.close_store()


def test_j_goes_to_a_suggestion_and_enter_accepts_it(qtbot, win, suggested):
    show_layer(win)
    press(qtbot, win, Qt.Key.Key_J)
    assert current(win) == "Zarif"
    press(qtbot, win, Qt.Key.Key_J)
    assert current(win) == "Kamala Ortiz"
    assert win.view.caret_offset() == at("Kamala Ortiz")[0]
    press(qtbot, win, Qt.Key.Key_K)
    assert current(win) == "Zarif"
    press(qtbot, win, Qt.Key.Key_Return)
    assert own(suggested) == [("Zarif", "PERSON", "suggested")]
    assert decisions(suggested) == [("accept", "Zarif")]
    assert count(win) == "4 suggestions"
    selected = win.controller.state.spans[win.controller.state.selected]
    assert (selected.text, selected.label) == ("Zarif", "PERSON")  # your copy, selected
    assert format_at(win, at("Zarif")[0]).underlineStyle() != DASHED
    press(qtbot, win, Qt.Key.Key_J)  # goes on after the one accepted
    assert current(win) == "Kamala Ortiz"


def test_x_rejects_and_the_suggestion_stays_hidden_after_reopening(
        qtbot, open_window, suggested):
    window = open_window(suggested)
    show_layer(window)
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_X)
    assert decisions(suggested) == [("reject", "Kamala Ortiz")]
    assert own(suggested) == []
    assert count(window) == "4 suggestions"
    assert format_at(window, at("Kamala Ortiz")[0]).underlineStyle() != DASHED
    assert "Kamala Ortiz" not in [s.text for s in window.controller.state.suggestions]
    window.controller.close_store()
    window.close()
    again = open_window(suggested)  # the layer shown is remembered for the store
    assert count(again) == "4 suggestions"
    assert "Kamala Ortiz" not in [s.text for s in again.controller.state.suggestions]
    again.controller.close_store()


def test_undo_brings_an_accepted_or_rejected_suggestion_back(qtbot, win, suggested):
    show_layer(win)
    press(qtbot, win, Qt.Key.Key_J)
    press(qtbot, win, Qt.Key.Key_Return)
    assert win.actions_["undo"].text() == "Undo Accept PERSON “Zarif”"
    press(qtbot, win, *UNDO)
    assert own(suggested) == [] and decisions(suggested) == []
    assert count(win) == "5 suggestions"
    assert format_at(win, at("Zarif")[0]).underlineStyle() == DASHED
    press(qtbot, win, Qt.Key.Key_J)
    press(qtbot, win, Qt.Key.Key_X)
    assert count(win) == "4 suggestions"
    press(qtbot, win, *UNDO)
    assert decisions(suggested) == []
    assert count(win) == "5 suggestions"


def test_ctrl_shift_a_accepts_all_as_one_step(qtbot, win, suggested):
    show_layer(win)
    press(qtbot, win, Qt.Key.Key_A, CTRL | SHIFT)
    assert sorted(own(suggested)) == sorted(
        (word, label, "suggested") for word, _, label in PROPOSED)
    assert count(win) == "0 suggestions"
    with Store.open(suggested) as store:
        pk = store.annotations.article_by_id("hard").pk
        [link] = store.annotations.relations(pk, "amira")
        assert (store.annotations.span(link.head).label,
                store.annotations.span(link.child).text) == ("QUOTE", "Zarif")
    press(qtbot, win, *UNDO)  # one step
    assert own(suggested) == [] and decisions(suggested) == []
    assert count(win) == "5 suggestions"


def test_b_right_after_accepting_fits_the_span_to_the_selection(qtbot, win, suggested):
    show_layer(win)
    press(qtbot, win, Qt.Key.Key_J)
    press(qtbot, win, Qt.Key.Key_J)
    press(qtbot, win, Qt.Key.Key_Return)
    assert own(suggested) == [("Kamala Ortiz", "PERSON", "suggested")]
    for _ in range(len("Kamala")):  # Shift+arrows from the caret, put at the span
        press(qtbot, win, Qt.Key.Key_Right, SHIFT)
    press(qtbot, win, Qt.Key.Key_B)
    assert own(suggested) == [("Kamala", "PERSON", "suggested")]
    press(qtbot, win, *UNDO)
    assert own(suggested) == [("Kamala Ortiz", "PERSON", "suggested")]


def test_a_suggestion_over_your_own_span_of_the_same_kind_is_not_shown(qtbot, win, suggested):
    win.view.select_range(*at("Doha"))
    press(qtbot, win, Qt.Key.Key_L)  # LOC, an entity like the suggested GPE
    show_layer(win)
    assert count(win) == "4 suggestions"
    assert "Doha" not in [s.text for s in win.controller.state.suggestions]
    # a claim over a suggested name is another kind: the name is still offered
    win.view.select_range(at("Zarif")[0], at("Doha")[1])
    press(qtbot, win, Qt.Key.Key_C)
    assert count(win) == "4 suggestions"
    # tagging where a suggestion is hides it at once
    win.view.select_range(*at("Kamala Ortiz"))
    press(qtbot, win, Qt.Key.Key_O)
    assert count(win) == "3 suggestions"
    assert format_at(win, at("Kamala Ortiz")[0]).underlineStyle() != DASHED


def test_the_keys_work_only_while_suggestions_show_and_label_keys_still_tag(
        qtbot, win, suggested):
    press(qtbot, win, Qt.Key.Key_J)
    assert current(win) == ""  # no layer shown: J does nothing here
    show_layer(win)
    win.view.select_range(*at("March"))
    press(qtbot, win, Qt.Key.Key_E)  # a label's key tags as ever
    assert own(suggested) == [("March", "EVENT", "manual")]
    press(qtbot, win, Qt.Key.Key_J)
    assert current(win) == "Zarif"
    assert win.controller.state.selected is None  # so a label key relabels nothing elsewhere
    # Enter in the find bar still finds the next hit
    qtbot.keyClick(win.view, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(win.pane.find_box, "Zarif")
    qtbot.keyClick(win.pane.find_box, Qt.Key.Key_Return)
    assert win.pane.find_info.text() == "1 of 2"
    assert own(suggested) == [("March", "EVENT", "manual")]


def annotate_alice(path: Path) -> None:
    with Store.open(path) as store:
        pk = store.annotations.article_by_id("hard").pk
        History(store, "alice").run(AddSpan(pk, "alice", *at("Doha"), "GPE"))
        History(store, "alice").run(SetStatus(pk, "alice", "done"))


def test_review_mode_hides_suggestions_and_does_not_offer_their_layer(
        qtbot, open_window, suggested):
    annotate_alice(suggested)
    window = open_window(suggested, "carol")
    show_layer(window)
    offered: list[list[str]] = []

    def read_and_accept(dialog) -> None:
        items = dialog.findChild(QListWidget)
        offered.append([items.item(i).text() for i in range(items.count())])
        dialog.accept()
    answer_next_dialog(read_and_accept, delay=50)
    press(qtbot, window, Qt.Key.Key_R, CTRL | SHIFT)
    window.activateWindow()
    back_to(qtbot, window)
    window.view.setFocus()
    assert offered == [["alice"]]
    assert window.controller.reviewing
    assert count(window) == ""
    assert format_at(window, at("Zarif")[0]).underlineStyle() != DASHED
    assert not window.actions_["suggest_next"].isEnabled()  # J is review's
    assert window.actions_["review_next"].isEnabled()
    press(qtbot, window, Qt.Key.Key_R, CTRL | SHIFT)  # review mode off: they are back
    assert not window.controller.reviewing
    assert count(window) == "5 suggestions"
    assert window.actions_["suggest_next"].isEnabled()
    press(qtbot, window, Qt.Key.Key_J)
    assert current(window) == "Zarif"
    window.controller.close_store()


def test_the_agreement_dialog_does_not_count_a_suggestion_layer_as_a_person(
        qtbot, open_window, suggested):
    annotate_alice(suggested)
    window = open_window(suggested, "carol")
    said: list[str] = []
    answer_next_dialog(lambda dialog: (said.append(
        dialog.text() if isinstance(dialog, QMessageBox) else type(dialog).__name__),
        dialog.reject()))
    press(qtbot, window, Qt.Key.Key_G, CTRL | SHIFT)
    window.activateWindow()
    back_to(qtbot, window)
    assert len(said) == 1 and "at least two annotators" in said[0]
    window.controller.close_store()


def test_a_suggest_run_elsewhere_shows_in_the_open_window(qtbot, open_window, store_file):
    window = open_window(store_file)
    assert [a.text() for a in window.suggestions_menu.actions() if a.isCheckable()] == [
        "&None"]
    with Store.open(store_file) as store:  # the command line fills a first layer
        run_suggestions(store, [Fixed()])
    window.controller.catch_up()
    show_layer(window)  # listed now
    assert count(window) == "5 suggestions"
    with Store.open(store_file) as store:  # and runs again with more
        run_suggestions(store, [Fixed((("March", 0, "EVENT"),))])
    window.controller.catch_up()
    assert count(window) == "6 suggestions"
    assert format_at(window, at("March")[0]).underlineStyle() == DASHED
    window.controller.close_store()


def test_help_lists_the_suggestion_keys(qtbot, win):
    listed = shortcuts_listed(win)
    assert listed["Next suggestion"] == "J"
    assert listed["Previous suggestion"] == "K"
    assert listed["Accept suggestion"].startswith("Return")
    assert listed["Reject suggestion"] == "X"
    assert listed["Accept all suggestions in the article"] == "Ctrl+Shift+A"


def test_a_click_on_a_suggestion_puts_it_under_decision(qtbot, win, suggested):
    show_layer(win)
    win.view.ensureCursorVisible()
    click_at(qtbot, win, at("Doha")[0] + 1)
    assert current(win) == "Doha"
    press(qtbot, win, Qt.Key.Key_Return)
    assert own(suggested) == [("Doha", "GPE", "suggested")]
    click_at(qtbot, win, at("Tehran")[0] + 1)  # nothing suggested there: nothing chosen
    assert current(win) == ""


def test_after_a_click_elsewhere_j_goes_on_from_there(qtbot, win, suggested):
    show_layer(win)
    press(qtbot, win, Qt.Key.Key_J)
    press(qtbot, win, Qt.Key.Key_X)  # Zarif rejected: J would go on to Kamala Ortiz
    click_at(qtbot, win, at("said")[0] + 1)  # between the quote and its speaker
    press(qtbot, win, Qt.Key.Key_J)
    assert current(win) == "Zarif"  # the next after the caret: the speaker
    assert win.suggest_keys.suggestion.start == at("Zarif", 1)[0]


def test_a_quote_accepted_after_its_speaker_comes_linked_to_it(qtbot, win, suggested):
    show_layer(win)
    for _ in range(5):
        press(qtbot, win, Qt.Key.Key_J)
    assert win.suggest_keys.suggestion.start == at("Zarif", 1)[0]  # the speaker
    press(qtbot, win, Qt.Key.Key_Return)
    press(qtbot, win, Qt.Key.Key_K)
    assert current(win) == "“We will not sign,”"
    press(qtbot, win, Qt.Key.Key_Return)
    c = win.controller
    quote = c.state.spans[c.state.selected]
    [(link, speaker)] = c.state.links_of(quote.id)
    assert (quote.label, quote.attrs, link.label, speaker.text, speaker.start) == (
        "QUOTE", {"type": "direct"}, "SPEAKER", "Zarif", at("Zarif", 1)[0])
    assert win.span_list.model_.rowCount() == 2

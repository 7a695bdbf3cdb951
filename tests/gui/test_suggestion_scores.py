"""A model's scores in the window: the threshold slider beside the suggestions' count hides,
live, those scored under it (the count follows, J / K skip them, accept all leaves them),
never those without a score, and a suggestion under decision says its score."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.core import Store
from annotator.core.suggest import ProposedSpan, Suggestions
from annotator.core.suggest.running import run_suggestions

from .test_suggestions import CTRL, SHIFT, UNDO, at, count, current, own, press, show_layer

# (word, nth, label, score): the quote has no score, as a model's entities have none
SCORED = [("Zarif", 0, "PERSON", 0.9), ("Kamala Ortiz", 0, "PERSON", 0.3),
          ("Doha", 0, "GPE", 0.6), ("“We will not sign,”", 0, "QUOTE", None),
          ("Zarif", 1, "PERSON", 0.45)]


class Scored:
    """A source whose spans carry scores, as a spancat's do."""

    name = "scored"

    def suggest(self, articles, labels):
        for article in articles:
            spans = [] if article.id != "hard" else [
                ProposedSpan(str(i), *at(word, nth), label, score=score)
                for i, (word, nth, label, score) in enumerate(SCORED)]
            yield Suggestions(article.id, spans)


@pytest.fixture
def scored(store_file: Path) -> Path:
    with Store.open(store_file) as store:
        run_suggestions(store, [Scored()])
    return store_file


@pytest.fixture
def win(open_window, scored):
    window = open_window(scored)
    show_layer(window)
    yield window
    window.controller.close_store()


def slide_to(qtbot, window, hundredths: int) -> None:
    """Move the slider with the keyboard, as a person does: Home, then the arrow keys."""
    slider = window.threshold.slider
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Home)
    for _ in range(hundredths):
        qtbot.keyClick(slider, Qt.Key.Key_Right)
    window.view.setFocus()


def test_the_slider_hides_suggestions_under_it_live_and_the_count_follows(qtbot, win):
    assert win.threshold.isVisible()
    assert count(win) == "5 suggestions"
    slide_to(qtbot, win, 50)
    assert win.threshold.label.text() == "score ≥ 0.50"
    assert count(win) == "3 suggestions (2 under the threshold)"
    assert sorted(win.view.suggestions) == sorted(s.id for s in win.controller.state.suggestions)
    texts = [s.text for s in win.controller.state.suggestions]
    assert texts == ["Zarif", "Doha", "“We will not sign,”"]  # the unscored quote stays
    slide_to(qtbot, win, 95)
    assert [s.text for s in win.controller.state.suggestions] == ["“We will not sign,”"]
    slide_to(qtbot, win, 0)
    assert count(win) == "5 suggestions"


def test_j_and_k_skip_hidden_ones_and_say_the_score(qtbot, win):
    slide_to(qtbot, win, 50)
    messages: list[str] = []
    win.controller.message.connect(messages.append)
    seen = []
    for _ in range(4):
        press(qtbot, win, Qt.Key.Key_J)
        seen.append(current(win))
    assert seen == ["Zarif", "Doha", "“We will not sign,”", "Zarif"]
    assert messages[0].startswith("Suggested PERSON (score 0.90): Zarif")
    assert messages[2].startswith("Suggested QUOTE: “We will not sign,”")
    press(qtbot, win, Qt.Key.Key_K)
    assert current(win) == "“We will not sign,”"


def test_accept_all_takes_only_the_suggestions_shown(qtbot, win, scored):
    slide_to(qtbot, win, 50)
    press(qtbot, win, Qt.Key.Key_A, CTRL | SHIFT)
    assert sorted(text for text, _, _ in own(scored)) == sorted(
        ["Zarif", "Doha", "“We will not sign,”"])
    assert count(win) == "0 suggestions (2 under the threshold)"
    press(qtbot, win, *UNDO)
    assert own(scored) == []
    slide_to(qtbot, win, 0)
    assert count(win) == "5 suggestions"


def test_the_slider_shows_only_for_a_layer_with_scores(qtbot, open_window, store_file):
    from .test_suggestions import suggest

    suggest(store_file)  # a rule-based source: no scores
    window = open_window(store_file)
    show_layer(window)
    assert count(window) == "5 suggestions"
    assert not window.threshold.isVisible()
    window.controller.close_store()

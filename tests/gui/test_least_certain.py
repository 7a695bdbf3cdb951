"""The article list's "Model: least certain first": ordered by the mean margin of the scores
stored on the suggestion layer shown, articles without scores last; back to reading order."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core import Store
from annotator.core.suggest import ProposedSpan, Suggestions
from annotator.core.suggest.running import run_suggestions

from .test_suggestions import show_layer

# article id: the scores of its two suggestions (mean margins 0.4, 0.05, 0.2)
SCORES = {"hard": (0.9, 0.1), "third": (0.55, 0.45), "hostile": (0.7, 0.3)}


class Scored:
    name = "scored"

    def suggest(self, articles, labels):
        for article in articles:
            scores = SCORES.get(article.id, ())
            yield Suggestions(article.id, [ProposedSpan(str(n), n, n + 1, "ORG", score=score)
                                           for n, score in enumerate(scores)])


@pytest.fixture
def win(open_window, store_file: Path):
    with Store.open(store_file) as store:
        run_suggestions(store, [Scored()], layer="model")
    window = open_window(store_file)
    yield window
    window.controller.close_store()


def listed(window) -> list[str]:
    model = window.list_panel.model
    return [model._row(row).id for row in range(model.rowCount())]


def choose_order(window, text: str) -> None:
    box = window.list_panel.order_box
    box.setCurrentIndex(box.findText(text))


def test_least_certain_first_orders_by_the_layer_shown(qtbot, win):
    assert listed(win) == ["hard", "hostile", "third", "long"]
    messages: list[str] = []
    win.controller.message.connect(messages.append)
    choose_order(win, "Model: least certain first")
    assert listed(win) == ["hard", "hostile", "third", "long"]  # no layer shown yet
    assert "needs a suggestion layer" in messages[-1]
    show_layer(win, "model")
    assert listed(win) == ["third", "hostile", "hard", "long"]
    choose_order(win, "Reading order")
    assert listed(win) == ["hard", "hostile", "third", "long"]


def test_the_order_keeps_the_status_filter(qtbot, win):
    show_layer(win, "model")
    choose_order(win, "Model: least certain first")
    panel = win.list_panel
    panel.filter_box.setCurrentIndex(panel.filter_box.findText("Not done"))
    win.controller.load_article(win.controller.store.annotations.article_by_id("third").pk)
    win.controller.set_status("done")
    panel.apply_filters()
    assert listed(win) == ["hostile", "hard", "long"]

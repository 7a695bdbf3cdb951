"""The details panel shows whom a suggested quote's pronoun speaker stands for (the quote
finder's `speaker_name`, kept in the span's meta): after the quote is accepted with Enter,
gone with the copy on undo, and not on a quote that has none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from annotator.core import Store, default_schema, import_files
from annotator.core.suggest import ProposedLink, ProposedSpan, Suggestions
from annotator.core.suggest.running import run_suggestions

from .test_registry_picker import details, settle
from .test_suggestions import current, press, show_layer

TEXT = ('Layla Haddad said the port would reopen on Monday after a long strike by the '
        'dockers. "We are ready," she said.\n"Nothing changes," a guard said.\n')


def at(piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


class Finder:
    """What the quote finder proposes here: the pronoun's quote names Layla Haddad."""

    name = "finder"

    def suggest(self, articles, labels):
        for article in articles:
            yield Suggestions(article.id, [
                ProposedSpan("q", *at('"We are ready,"'), "QUOTE", {"type": "direct"},
                             {"speaker_name": "Layla Haddad"}),
                ProposedSpan("s", *at("she"), "PERSON"),
                ProposedSpan("g", *at('"Nothing changes,"'), "QUOTE", {"type": "direct"}),
            ], [ProposedLink("q", "s", "SPEAKER")])


@pytest.fixture
def suggested(tmp_path: Path) -> Path:
    path, source = tmp_path / "news.db", tmp_path / "a.jsonl"
    source.write_text(json.dumps({"id": "port", "text": TEXT}) + "\n", encoding="utf-8")
    with Store.create(path, default_schema()) as store:
        import_files(store, [source])
        run_suggestions(store, [Finder()])
    return path


@pytest.fixture
def win(open_window, suggested):
    window = open_window(suggested)
    yield window
    window.controller.close_store()


def accept(qtbot, window, piece: str) -> None:
    """J to the suggestion, Enter to accept it (the copy is then selected)."""
    for _ in range(5):
        press(qtbot, window, Qt.Key.Key_J)
        if current(window) == piece:
            break
    assert current(window) == piece
    press(qtbot, window, Qt.Key.Key_Return)
    settle(qtbot)


def test_an_accepted_quote_shows_whom_its_pronoun_speaker_stands_for(qtbot, win):
    show_layer(win)
    accept(qtbot, win, "she")  # the speaker first, so that the quote comes linked
    accept(qtbot, win, '"We are ready,"')
    selected = win.controller.state.spans[win.controller.state.selected]
    assert selected.text == '"We are ready,"'
    shown = details(win)
    assert shown["Named earlier"] == "Layla Haddad"
    assert win.details.combos["Speaker"].currentText().startswith("she")
    [row] = [w for w in win.details.findChildren(QLabel) if w.text() == "Layla Haddad"]
    assert row.wordWrap() and row.textFormat() == Qt.TextFormat.PlainText
    # undo takes the copy away, and the row with it
    qtbot.keyClick(win.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    assert "Named earlier" not in details(win)
    assert '"We are ready,"' not in [s.text for s in win.controller.state.spans.values()]


def test_a_quote_without_a_speaker_name_has_no_such_row(qtbot, win):
    show_layer(win)
    accept(qtbot, win, '"Nothing changes,"')
    assert details(win)["Text"] == '"Nothing changes,"'
    assert "Named earlier" not in details(win)

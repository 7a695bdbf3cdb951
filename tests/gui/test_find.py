"""Find in article (Ctrl+F): smart case and whole words by default, both switchable from the
find bar by key, and remembered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.core import Store, default_schema, import_files
from annotator.core.find import find_all

TEXT = ("US officials said Katyusha rockets hit the zone. Thousands of US troops stay; the "
        "dangerous road is open to us. Usual patrols resumed.\n")
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def us_store(tmp_path: Path) -> Path:
    path = tmp_path / "us.db"
    store = Store.create(path, default_schema())
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"id": "us", "text": TEXT}) + "\n")
    import_files(store, [source])
    store.close()
    return path


def found(window) -> list[str]:
    return [TEXT[a:b] for a, b in window.pane.hits]


def find(qtbot, window, needle: str) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL)
    box = window.pane.find_box
    box.clear()
    qtbot.keyClicks(box, needle)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def test_us_finds_the_word_us_only(qtbot, open_window, us_store):
    window = open_window(us_store)
    find(qtbot, window, "US")
    assert found(window) == ["US", "US"]  # not Katyusha, Thousands, dangerous, us, Usual
    assert window.pane.find_info.text() == "1 of 2"
    find(qtbot, window, "us")  # no capital: any case, still whole words
    assert found(window) == ["US", "US", "us"]
    window.controller.close_store()


def test_the_options_switch_by_key_and_are_remembered(qtbot, open_window, us_store,
                                                      settings):
    window = open_window(us_store)
    find(qtbot, window, "US")
    qtbot.keyClick(window.pane.find_box, Qt.Key.Key_W, ALT)  # whole words off
    qtbot.waitUntil(lambda: not window.pane.whole_words.isChecked())  # a button's click
    assert found(window) == ["US", "US"]  # case still counts
    qtbot.keyClick(window.pane.find_box, Qt.Key.Key_C, ALT)  # smart case off: any case
    qtbot.waitUntil(lambda: found(window) == ["US", "us", "us", "US", "us", "us", "Us"])
    qtbot.keyClick(window.pane.find_box, Qt.Key.Key_Escape)
    window.controller.close_store()
    window.close()
    again = open_window(us_store)
    assert not again.pane.whole_words.isChecked() and not again.pane.smart_case.isChecked()
    assert settings.flag("find/whole_words", True) is False
    again.controller.close_store()


def test_find_all_rules():
    text = "U.S. aid; the U.S. said. café Café"
    assert find_all(text, "U.S.") == [(0, 4), (14, 18)]
    assert find_all(text, "café") == [(25, 29), (30, 34)]
    assert find_all(text, "Café") == [(30, 34)]
    assert find_all(text, "caf") == []
    assert find_all(text, "caf", whole_words=False) == [(25, 28), (30, 33)]
    assert find_all(text, "CAFÉ", smart_case=False) == [(25, 29), (30, 34)]

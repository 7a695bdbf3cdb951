"""A large registry's names are indexed in a thread as soon as the store opens, so the `K`
picker's first keystroke does not wait; `K` pressed while that runs says so and waits with a
busy cursor; entries made meanwhile are found all the same."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from annotator.core import Store
from annotator.core.history import History
from annotator.core.operations import CreateEntry
from annotator.core.registry import Entry
from annotator.gui import registry_links

from . import test_registry_picker as picker
from .test_registry_picker import in_picker, select

registry_store = picker.registry_store  # the fixture: five entries, an article's spans


@pytest.fixture
def large(monkeypatch):
    """The registry of `registry_store` (5 entries) counts as large."""
    monkeypatch.setattr(registry_links, "PREFETCH_FROM", 3)


def add_entry_elsewhere(path, name: str) -> None:
    with Store.open(path) as store:  # the command line, meanwhile
        History(store, "cli").run(CreateEntry(Entry(0, name, "PERSON", ())))


def test_the_names_are_indexed_when_the_store_opens_and_later_entries_found(
        qtbot, open_window, registry_store, large):
    window = open_window(registry_store)
    index = window.controller.entry_index()
    assert index.building or index.built or index.ready  # started with the store
    qtbot.waitUntil(lambda: not index.building, timeout=10_000)
    add_entry_elsewhere(registry_store, "Kamala Ortiz-Reyes")
    window.controller.catch_up()
    select(qtbot, window, "Kamala Ortiz")
    rows = in_picker(qtbot, window, "ortiz", key=Qt.Key.Key_Escape)
    assert "Kamala Ortiz" in rows and "Kamala Ortiz-Reyes" in rows
    window.controller.close_store()


def test_k_while_the_names_are_indexed_says_so_and_waits(
        qtbot, open_window, registry_store, large, monkeypatch):
    gate = threading.Event()
    real_open = Store.open_read_only

    def slow_open(path):  # the real read, held until the test lets it go
        gate.wait(10)
        return real_open(path)
    monkeypatch.setattr(Store, "open_read_only", staticmethod(slow_open))
    window = open_window(registry_store)
    index = window.controller.entry_index()
    assert index.building and not index.ready
    said: list[str] = []
    window.controller.message.connect(said.append)
    select(qtbot, window, "Kamala Ortiz")
    threading.Timer(0.3, gate.set).start()
    rows = in_picker(qtbot, window, "kamala", key=Qt.Key.Key_Escape)
    assert "Reading the registry's names…" in said
    assert "Kamala Ortiz" in rows
    assert index.built and not index.building
    window.controller.close_store()


def test_a_small_registry_is_indexed_on_first_use_only(qtbot, open_window, registry_store):
    window = open_window(registry_store)
    index = window.controller.entry_index()
    assert not index.building and not index.built and index.ready
    window.controller.close_store()

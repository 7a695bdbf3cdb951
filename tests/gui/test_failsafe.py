"""The window never fails silently: a change it cannot save says so in a dialog, a read-only
store says so, and an unexpected exception is shown (not lost) while the window goes on."""

from __future__ import annotations

import sqlite3
import stat
import sys
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.gui import controller as controller_module
from annotator.gui.crash import reporting_errors

from .conftest import answer_next_dialog, back_to, stored_spans


def select_word(window, word: str) -> None:
    start = window.controller.state.article.text.index(word)
    window.view.select_range(start, start + len(word))


def answer_message(qtbot, seen: list[tuple[str, str, str]]):
    """Record the message box that opens (title, text, details) and close it with Escape;
    anything else that opens is recorded as such and closed too."""
    def act(widget) -> None:
        if isinstance(widget, QMessageBox):
            seen.append((widget.windowTitle(), widget.text(), widget.detailedText()))
            assert widget.textFormat() == Qt.TextFormat.PlainText
        else:
            seen.append((type(widget).__name__, "", ""))
        qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=3000)
        qtbot.keyClick(widget, Qt.Key.Key_Escape)
    return act


def test_a_label_key_on_a_locked_store_says_not_saved_and_keeps_the_window(
        qtbot, open_window, store_file):
    window = open_window(store_file)
    assert window.controller.store.busy_timeout == controller_module.WINDOW_BUSY_TIMEOUT_S
    other = sqlite3.connect(store_file, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holding the store
    seen: list[tuple[str, str, str]] = []
    try:
        select_word(window, "Zarif")
        answer_next_dialog(answer_message(qtbot, seen))
        started = time.perf_counter()
        qtbot.keyClick(window.view, Qt.Key.Key_P)
        frozen = time.perf_counter() - started
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert [title for title, _, _ in seen] == ["Not saved"]
    text = seen[0][1]
    assert text.startswith("The change was NOT saved.")
    assert f"the store is busy: another program has been writing to {store_file}" in text
    assert frozen < controller_module.WINDOW_BUSY_TIMEOUT_S + 2
    assert stored_spans(store_file) == []
    window.activateWindow()  # offscreen, a closed message box hands focus back to no one
    back_to(qtbot, window)
    assert window.view.selection_range() is not None  # the selection waits for a retry
    qtbot.keyClick(window.view, Qt.Key.Key_P)  # the store is free again: the key works
    assert [(s.label, s.text) for s in stored_spans(store_file)] == [("PERSON", "Zarif")]


def test_a_read_only_store_opens_read_only_and_a_label_key_says_so(
        qtbot, open_window, store_file):
    store_file.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    try:
        window = open_window(store_file)
        assert window.windowTitle() == "news.db (read-only) – Annotator"
        assert window.read_only_label.isVisible()
        assert "is read-only" in window.statusBar().currentMessage()
        assert window.controller.state.article.id  # it reads
        select_word(window, "Zarif")
        qtbot.keyClick(window.view, Qt.Key.Key_P)
        assert window.statusBar().currentMessage() == (
            f"{store_file} is read-only: nothing was saved")
        assert window.span_list.model().rowCount() == 0
        window.controller.close_store()
    finally:
        store_file.chmod(0o644)
    assert stored_spans(store_file) == []


def test_an_unexpected_exception_is_shown_and_the_window_goes_on(
        qtbot, window, store_file, monkeypatch, capsys):
    def broken(*args):
        raise RuntimeError("boom <b>not bold</b>\nsecond line")

    seen: list[tuple[str, str, str]] = []
    with reporting_errors():
        monkeypatch.setattr(window.controller, "add_span", broken)
        select_word(window, "Zarif")
        answer_next_dialog(answer_message(qtbot, seen))
        qtbot.keyClick(window.view, Qt.Key.Key_P)
        qtbot.waitUntil(lambda: bool(seen), timeout=3000)
        monkeypatch.undo()
        window.activateWindow()
        back_to(qtbot, window)
        select_word(window, "Zarif")
        qtbot.keyClick(window.view, Qt.Key.Key_P)  # the window still works
    assert len(seen) == 1
    title, text, details = seen[0]
    assert title == "Unexpected error"
    assert "RuntimeError: boom <b>not bold</b>\n" in text
    assert "second line" not in text
    assert details.startswith("Traceback (most recent call last):")
    assert "in broken" in details and details.rstrip().endswith("second line")
    assert "RuntimeError: boom" in capsys.readouterr().err
    assert [(s.label, s.text) for s in stored_spans(store_file)] == [("PERSON", "Zarif")]


RUN_AND_BREAK = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from annotator.gui import app
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Settings

qt = QApplication([])
seen, hook = [], sys.excepthook

def boom():
    raise RuntimeError("from a slot")

def answer():
    box = QApplication.activeModalWidget()
    if box is None:
        QTimer.singleShot(10, answer)
        return
    seen.append([type(box).__name__, box.windowTitle(), box.text()])
    box.reject()

def close():
    for window in QApplication.topLevelWidgets():
        if isinstance(window, MainWindow):
            window.close()

QTimer.singleShot(500, boom)
QTimer.singleShot(500, answer)
QTimer.singleShot(1500, close)
QTimer.singleShot(20000, QApplication.quit)  # never hang
status = app.run(Path(sys.argv[1]), Settings(Path(sys.argv[2])), "amira")
print(json.dumps({"status": status, "seen": seen, "hook_back": sys.excepthook is hook}))
"""


def test_the_window_that_run_starts_shows_an_unexpected_error(tmp_path, store_file):
    """run() as `annotator gui` calls it, in a process of its own (its event loop and its
    quitting must not touch the other tests')."""
    import json
    import os
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", RUN_AND_BREAK, str(store_file),
                           str(tmp_path / "settings.ini")], capture_output=True, text=True,
                          env=env, timeout=60, check=False)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["status"] == 0
    assert [kind for kind, _, _ in result["seen"]] == ["QMessageBox"]
    [[_, title, text]] = result["seen"]
    assert title == "Unexpected error" and "RuntimeError: from a slot" in text
    assert "RuntimeError: from a slot" in done.stderr  # and on standard error
    assert result["hook_back"]  # put back when the window closed

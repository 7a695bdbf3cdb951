"""Fixtures for driving the window like a person: a store file with hard text, isolated
settings, and a window opened on them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog, QTableWidget, QWidget

from annotator.core import Store, default_schema, import_files
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Settings

# CRLF line ends (stored as LF), an emoji and a ZWJ family before the names, Arabic and
# Persian script, a flag, a combining accent, curly quotes, a non-breaking space.
HARD_TEXT = (
    "Tehran talks resume\r\n"
    "👍🏽 and 👨\u200d👩\u200d👧\u200d👦 before: Zarif (ظريف) met Kamala Ortiz in Doha.\r\n"
    "“We will not sign,” said Zarif. The 🇮🇷 delegation left; the cafe\u0301 closed.\r\n"
    "Officials at\u00a0the ministry said talks would resume in March.\r\n"
)
HOSTILE = "<img src=x> <b>bold</b> <a href='file:///etc/passwd'>x</a>"


def article_records() -> list[dict]:
    return [
        {"id": "hard", "title": "Talks resume", "text": HARD_TEXT,
         "meta": {"source": "Wire", "published": "2026-03-01"}},
        {"id": "hostile", "title": HOSTILE, "text": f"Body with {HOSTILE} inside.\n"
         "Second paragraph about the port.\n", "meta": {"source": HOSTILE}},
        {"id": "third", "title": "Port strike ends", "text": "The port strike ended on "
         "Friday, the union said.\nShips were unloaded at dawn.\n"},
        {"id": "long", "title": "Inquiry report", "text": "".join(
            f"Paragraph {i}: the inquiry heard from witness number {i} about the flood.\n"
            for i in range(400))},
    ]


@pytest.fixture(autouse=True)
def no_leaked_windows(qapp):
    """Fail a test that leaves a window open (a dialog nobody closed, a window not handed to
    qtbot): it would answer the next test's keys. Set up before qtbot, so this check runs
    after qtbot has closed the widgets it was given."""
    before = set(map(id, QApplication.topLevelWidgets()))
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    leaked = [w for w in QApplication.topLevelWidgets()
              if id(w) not in before and w.isVisible()]
    for widget in leaked:
        widget.close()
    assert not leaked, f"windows left open: {[type(w).__name__ for w in leaked]}"


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    source = tmp_path / "articles.jsonl"
    with source.open("wb") as out:
        for record in article_records():
            out.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")
    store = Store.create(path, default_schema())
    import_files(store, [source])
    store.close()
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "settings.ini")


@pytest.fixture
def open_window(qtbot, settings: Settings) -> Callable[..., MainWindow]:
    """Open a window on a store, as a person who has given their name."""
    def make(path: Path, annotator: str = "amira") -> MainWindow:
        window = MainWindow(settings, annotator)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
        assert window.open_store(path)
        window.view.setFocus()
        return window
    return make


@pytest.fixture
def window(open_window, store_file: Path) -> MainWindow:
    win = open_window(store_file)
    yield win
    win.controller.close_store()


def point_of(window: MainWindow, offset: int) -> QPoint:
    """The viewport point of the gap before the character at `offset` (Python offset)."""
    view = window.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.index.to_utf16(offset))
    rect = view.cursorRect(cursor)
    return QPoint(rect.left() + 1, rect.center().y())


def drag_select(qtbot, window: MainWindow, start: int, end: int) -> None:
    """Select with the mouse: press before `start`, drag, release before `end`."""
    viewport = window.view.viewport()
    window.view.ensureCursorVisible()
    begin, finish = point_of(window, start), point_of(window, end)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=begin)
    qtbot.mouseMove(viewport, pos=QPoint((begin.x() + finish.x()) // 2, finish.y()))
    qtbot.mouseMove(viewport, pos=finish)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=finish)


def click_at(qtbot, window: MainWindow, offset: int) -> None:
    """A click in the middle of the character at `offset`."""
    left, right = point_of(window, offset), point_of(window, offset + 1)
    middle = QPoint((left.x() + right.x()) // 2 if right.y() == left.y() else left.x() + 2,
                    left.y())
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=middle)


def answer_next_dialog(action: Callable[[QWidget], None], delay: int = 0,
                       kind: type[QWidget] = QDialog) -> None:
    """Act on the next modal dialog of `kind` as soon as it opens (message boxes, pickers).

    A progress dialog is never the one answered unless asked for by `kind`: it opens before
    the message that ends an import, and answering it instead left that message waiting for
    ever. An action that fails closes its dialog, so the test fails instead of hanging.
    """
    def wanted(widget: QWidget | None) -> bool:
        if widget is None or not isinstance(widget, kind):
            return False
        return kind is QProgressDialog or not isinstance(widget, QProgressDialog)

    def act() -> None:
        widget = QApplication.activeModalWidget()
        if not wanted(widget):
            QTimer.singleShot(10, act)
            return
        try:
            action(widget)
        except BaseException:
            if isinstance(widget, QDialog):
                widget.reject()
            raise
    QTimer.singleShot(delay, act)


def shortcuts_listed(window) -> dict[str, str]:
    """Help → Keyboard shortcuts as a person reads it: each command's name -> its keys."""
    rows: list[tuple[str, str]] = []

    def read(dialog: QWidget) -> None:
        table = dialog.findChild(QTableWidget)
        rows.extend((table.item(r, 0).text(), table.item(r, 1).text())
                    for r in range(table.rowCount()))
        dialog.reject()
    answer_next_dialog(read)
    window.actions_["shortcuts"].trigger()
    return dict(rows)


def stored_spans(path: Path, annotator: str = "amira") -> list:
    store = Store.open(path)
    try:
        article = store.annotations.article_by_id("hard")
        return store.annotations.spans(article.pk, annotator)
    finally:
        store.close()


def back_to(qtbot, window: MainWindow) -> None:
    """Wait until a closed dialog has handed the keyboard back to the window."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def come_back(qtbot, window) -> None:
    """The person switches to a terminal, then back to the window."""
    elsewhere = QWidget()
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    elsewhere.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is elsewhere)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def tag(qtbot, window, piece: str, key, nth: int = 0) -> tuple[int, int]:
    """Select the `nth` occurrence of `piece` in the open article and press a label key, as
    a person does; the stretch selected."""
    text = window.controller.state.article.text
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    window.view.select_range(start, start + len(piece))
    qtbot.keyClick(window.view, key)
    return start, start + len(piece)

"""Starting the window: `python main.py [STORE]` and `annotator gui [STORE]`.

The window is shown (and painted) before the store is opened: the store's libraries load
after the first paint, so a window appears at once even on a large store.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from .settings import Settings


def resolve_store(argument: Path | None, settings: Settings) -> Path:
    """The store to open: the one asked for; else the last one used; else the demo store
    (made from the packaged sample articles on first use)."""
    if argument is not None:
        return argument
    last = settings.last_store()
    if last is not None:
        return last
    from ..core.demo import ensure_demo_store
    return ensure_demo_store()[0]


def run(store: Path | None = None, settings: Settings | None = None,
        annotator: str | None = None) -> int:
    """Open the window; returns the exit status when it closes (2 when Qt's system
    libraries are missing: said in one message, before Qt would abort)."""
    if QApplication.instance() is None:
        from .system_libraries import missing_libraries_message
        problem = missing_libraries_message(os.environ)
        if problem is not None:
            print(problem, file=sys.stderr)
            return 2
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Annotator")
    app.setOrganizationName("Annotator")
    settings = settings or Settings()
    from .menus import apply_color_scheme
    apply_color_scheme(settings.text("view/scheme", "system"))
    from .crash import reporting_errors
    with reporting_errors():
        start(settings, store, annotator)
        return app.exec()


def start(settings: Settings, store: Path | None, annotator: str | None = None):
    """Make the window, ask who is annotating on the first start, open the store."""
    from .dialogs.common import ask_annotator
    from .main_window import MainWindow
    name = annotator or settings.annotator
    if not name:
        # Cancelled: the store opens for reading, and the first change asks again.
        name = ask_annotator(None, settings.login_name(), first_time=True) or ""
        if name:
            settings.annotator = name
    window = MainWindow(settings, name)
    window.show()

    def open_store() -> None:
        try:
            path = resolve_store(store, settings)
        except Exception as exc:  # noqa: BLE001 (shown to the user, not swallowed)
            from .plain import message
            message(window, "Annotator", f"Could not make the demo store: {exc}")
            return
        window.open_store(path)
        window.view.setFocus()
        if not window.controller.person:
            window.statusBar().showMessage("Reading only: the first change you make asks "
                                           "for your name.", 10000)
    after_first_paint(window, open_store)
    return window


class _FirstPaint(QObject):
    """Runs a function once, just after the first thing on the screen has been painted."""

    def __init__(self, then: Callable[[], None]) -> None:
        super().__init__()
        self.then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.then)
        return False


def after_first_paint(window: QWidget, then: Callable[[], None]) -> None:
    """Open the store once the window is on the screen: it appears at once, then fills."""
    watcher = _FirstPaint(then)
    watcher.setParent(window)  # lives as long as the window
    window.installEventFilter(watcher)


def main() -> None:
    """`python main.py [STORE]`."""
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    if len(args) > 1:
        sys.exit("usage: python main.py [STORE]")
    sys.exit(run(Path(args[0]) if args else None))

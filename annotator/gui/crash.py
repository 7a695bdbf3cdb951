"""An exception that escapes a slot is a bug: show it in a dialog and on standard error,
and let the window go on (Qt would otherwise print it to stderr only, where nobody looks).

Every change is made in one transaction that an exception rolls back, so what was saved
before stays saved."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

TITLE = "Unexpected error"


def summary(error: BaseException) -> str:
    """One line: the exception's type and the first line of its message."""
    lines = str(error).strip().splitlines()
    text = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
    return text if len(text) <= 200 else text[:197] + "..."


class ErrorReporter:
    """A sys.excepthook that shows each exception in a message box (one at a time)."""

    def __init__(self) -> None:
        self._showing = False

    def __call__(self, kind: type[BaseException], error: BaseException,
                 tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, error, tb))
        sys.stderr.write(details)
        sys.stderr.flush()
        if self._showing or issubclass(kind, KeyboardInterrupt):
            return  # one dialog at a time; a second error while it is open goes to stderr
        self._showing = True
        try:
            show(summary(error), details)
        finally:
            self._showing = False


def show(line: str, details: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox
    box = QMessageBox(QMessageBox.Icon.Critical, TITLE, "", QMessageBox.StandardButton.Ok,
                      QApplication.activeWindow())
    box.setTextFormat(Qt.TextFormat.PlainText)  # messages can quote data: never HTML
    box.setText(f"Something went wrong; the last action may not have been done.\n\n{line}"
                "\n\nWhat was saved before is kept, and you can go on working.")
    box.setDetailedText(details)  # plain text always
    box.exec()


@contextmanager
def reporting_errors() -> Iterator[ErrorReporter]:
    """While the window runs: unexpected exceptions are shown, not lost."""
    previous = sys.excepthook
    reporter = sys.excepthook = ErrorReporter()
    try:
        yield reporter
    finally:
        sys.excepthook = previous

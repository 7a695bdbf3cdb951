"""A small keyboard picker: type to filter, arrows to move, Enter to choose, Esc to leave.

Used to attribute a quote to its speaker (the attributed mention first) and to set an
attribute. Every entry is shown as plain text (list items never render HTML). Given the
place of the text it is about, it opens beside that text (below, above, right or left, where
the screen has room), never over it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ..plain import plain_label


class Picker(QDialog):
    def __init__(self, title: str, prompt: str, choices: list[tuple[str, Any]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.choice: Any = None
        self.filter = QLineEdit(placeholderText="Type to filter")
        self.list = QListWidget()
        for text, value in choices:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, value)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(prompt))
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.filter.textChanged.connect(self._filter)
        self.filter.installEventFilter(self)
        self.list.itemActivated.connect(lambda _item: self._accept())
        self.resize(420, 320)

    def _filter(self, text: str) -> None:
        needle = text.casefold()
        first = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = needle not in item.text().casefold()
            item.setHidden(hidden)
            if not hidden and first is None:
                first = row
        if first is not None:
            self.list.setCurrentRow(first)

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802
        # Up and Down in the filter box move in the list, so hands stay on the keys.
        if watched is self.filter and isinstance(event, QKeyEvent) \
                and event.type() == QKeyEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            row = self.list.currentRow() + step
            while 0 <= row < self.list.count() and self.list.item(row).isHidden():
                row += step
            if 0 <= row < self.list.count():
                self.list.setCurrentRow(row)
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._accept()
            return
        super().keyPressEvent(event)

    def _accept(self) -> None:
        item = self.list.currentItem()
        if item is not None and not item.isHidden():
            self.choice = item.data(Qt.ItemDataRole.UserRole)
            self.accept()


GAP = 8  # pixels between the text and the picker


def place_beside(size: tuple[int, int], about: QRect, screen: QRect) -> QPoint:
    """Where a window of `size` goes so that it covers none of `about` (global
    coordinates): below it, else above, else right, else left, kept on the screen; where
    none fits, the place that covers least of it."""
    width, height = size
    x = min(max(about.left(), screen.left()), screen.right() - width)
    y = min(max(about.top(), screen.top()), screen.bottom() - height)
    places = [QPoint(x, about.bottom() + GAP), QPoint(x, about.top() - GAP - height),
              QPoint(about.right() + GAP, y), QPoint(about.left() - GAP - width, y)]

    def fits(p: QPoint) -> bool:
        return screen.contains(QRect(p.x(), p.y(), width, height))

    def covered(p: QPoint) -> int:
        both = QRect(p.x(), p.y(), width, height).intersected(about)
        return both.width() * both.height() if both.isValid() else 0
    for place in places:
        if fits(place) and not covered(place):
            return place
    # nothing fits beside it: on the screen, covering as little of it as can be
    clamped = [QPoint(min(max(p.x(), screen.left()), screen.right() - width),
                      min(max(p.y(), screen.top()), screen.bottom() - height)) for p in places]
    return min(clamped, key=covered)


def pick(parent: QWidget, title: str, prompt: str, choices: list[tuple[str, Any]],
         about: QRect | None = None) -> Any:
    """Show the picker (beside `about`, the global rectangle of the text it is about); the
    chosen value, or None when the user left it."""
    return run_beside(Picker(title, prompt, choices, parent), parent, about)


def run_beside(picker: QDialog, parent: QWidget, about: QRect | None) -> Any:
    """Run a picker dialog (one with a `choice`) beside `about`; its choice, or None when the
    user left it. The window gets the keys back at once."""
    if about is not None:
        screen = QGuiApplication.screenAt(about.center()) or QGuiApplication.primaryScreen()
        frame = picker.frameGeometry().size() - picker.geometry().size()
        size = (picker.width() + frame.width(), picker.height() + frame.height())
        picker.move(place_beside(size, about, screen.availableGeometry()))
    accepted = picker.exec() == QDialog.DialogCode.Accepted
    picker.deleteLater()
    parent.activateWindow()
    return getattr(picker, "choice", None) if accepted else None

"""Review mode's small dialogs: which annotators to compare, and a comment."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..plain import plain_label


def choose_annotators(parent: QWidget, names: list[str], chosen: list[str]) -> list[str] | None:
    """Tick the annotators to compare (Space ticks, Enter confirms); None if cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Review: compare annotators")
    items = QListWidget()
    for name in names:
        item = QListWidgetItem(name)  # list items show plain text
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
        items.addItem(item)
    items.setCurrentRow(0)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(plain_label("Whose annotations to compare (Space ticks; the order numbers "
                                 "them for the keys 1-9):"))
    layout.addWidget(items)
    layout.addWidget(buttons)
    if not dialog.exec():
        return None
    return [items.item(i).text() for i in range(items.count())
            if items.item(i).checkState() == Qt.CheckState.Checked]


class _NoteEditor(QPlainTextEdit):
    """Enter makes a new line; Ctrl+Enter saves (a text editor takes the key before any
    shortcut of its dialog would)."""

    def __init__(self, dialog: QDialog) -> None:
        super().__init__()
        self.dialog = dialog

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.dialog.accept()
            return
        super().keyPressEvent(event)


def ask_comment(parent: QWidget, about: str) -> str | None:
    """A note of several lines; Ctrl+Enter saves it (Enter makes a new line)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Comment")
    editor = _NoteEditor(dialog)
    editor.setTabChangesFocus(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(plain_label(f"A note on {about} (Ctrl+Enter saves it):"))
    layout.addWidget(editor)
    layout.addWidget(buttons)
    dialog.resize(460, 220)
    editor.setFocus()
    if not dialog.exec():
        return None
    return editor.toPlainText().strip() or None

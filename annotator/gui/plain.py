"""Showing strings from the data as plain text, always (docs/architecture.md, "Traps found in
Qt and PySide6").

Qt guesses rich text in labels, tooltips and message boxes: an article title such as
`<img src=x><a href='file:///etc/passwd'>x</a>` would render and load files. Everything that
comes from a store or a file goes through one of these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox


def tooltip_text(text: str) -> str:
    """A tooltip that shows `text` literally (tooltips have no plain-text switch)."""
    return GuiQt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpacePre)


def menu_text(text: str) -> str:
    """A menu entry that shows `text` literally: '&' would make a keyboard accelerator."""
    return text.replace("&", "&&")


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def message(parent: QWidget | None, title: str, text: str,
            icon: QMessageBox.Icon | None = None) -> None:
    """A message box whose text is never read as HTML (a warning unless told otherwise)."""
    from PySide6.QtWidgets import QMessageBox
    icon = QMessageBox.Icon.Warning if icon is None else icon
    box = QMessageBox(icon, title, "", QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.exec()

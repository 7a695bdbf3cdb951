"""The label panel: the schema's labels grouped by kind, each with its colour and key.

Each label is a QAction (made by the window, with the key as its shortcut), so the panel's
buttons, the Labels menu and the keyboard all do the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPixmap
from PySide6.QtWidgets import QToolButton, QVBoxLayout, QWidget

from ...core.kinds import all_kinds
from ..plain import plain_label

if TYPE_CHECKING:
    from ...core.schema import Label, Schema

def swatch(color: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


def label_action_text(label: Label) -> str:
    name = label.name.replace("&", "&&")
    return f"{name}\t{label.key.upper()}" if label.key else name


class LabelPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(4, 4, 4, 4)
        self.box.setSpacing(2)

    def show_labels(self, schema: Schema, actions: dict[str, QAction]) -> None:
        while self.box.count():
            item = self.box.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for kind in all_kinds():
            labels = [label for label in schema.labels if label.kind == kind.name]
            if not labels:
                continue
            heading = plain_label(kind.title)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self.box.addWidget(heading)
            for label in labels:
                button = QToolButton()
                button.setDefaultAction(actions[label.name])
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
                button.setText(f"{label.name}   {label.key.upper() if label.key else ''}")
                button.setAutoRaise(True)
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                self.box.addWidget(button)
        self.box.addStretch(1)

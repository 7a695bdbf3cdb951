"""The label panel: the schema's labels grouped by kind, each with its colour and key.

Each label is a QAction (made by the window, with the key as its shortcut), so the panel's
buttons, the Labels menu and the keyboard all do the same thing. The labels of a kind sit in
two columns; the panel asks for room for all of them (up to MAX_HEIGHT) and scrolls past
that: buttons are never squeezed on top of each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPixmap
from PySide6.QtWidgets import QFrame, QGridLayout, QScrollArea, QToolButton, QWidget

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


COLUMNS = 2
MAX_HEIGHT = 260  # pixels the legend may ask for before it scrolls


class LabelPanel(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        self.box = QGridLayout(inner)  # headings and buttons, in reading order
        self.box.setContentsMargins(4, 4, 4, 4)
        self.box.setSpacing(2)
        self.setWidget(inner)

    def show_labels(self, schema: Schema, actions: dict[str, QAction]) -> None:
        while self.box.count():
            item = self.box.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for row in range(self.box.rowCount()):
            self.box.setRowStretch(row, 0)
        row = 0
        for kind in all_kinds():
            labels = [label for label in schema.labels if label.kind == kind.name]
            if not labels:
                continue
            heading = plain_label(kind.title)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self.box.addWidget(heading, row, 0, 1, COLUMNS)
            row += 1
            for n, label in enumerate(labels):
                button = QToolButton()
                button.setDefaultAction(actions[label.name])
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
                button.setText(f"{label.name}   {label.key.upper() if label.key else ''}")
                button.setAutoRaise(True)
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                self.box.addWidget(button, row + n // COLUMNS, n % COLUMNS,
                                   Qt.AlignmentFlag.AlignLeft)
            row += -(-len(labels) // COLUMNS)
        self.box.setRowStretch(row, 1)
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """As wide as two columns of the labels (never cut off at the side), as tall as
        all of them up to MAX_HEIGHT (a long schema scrolls)."""
        hint = super().minimumSizeHint()
        content = self.box.sizeHint()
        width = content.width() + self.verticalScrollBar().sizeHint().width()
        return QSize(max(hint.width(), width), max(hint.height(),
                                                   min(content.height(), MAX_HEIGHT)))

"""Dialogs: import and export with a progress bar that can be cancelled, the annotator's
name, keyboard shortcuts, label guidelines, About. Strings from data stay plain text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ... import __version__
from ...core.gold import GOLD
from ...core.schema import Schema
from ..plain import plain_label


class Progress:
    """A cancellable progress dialog fed by the core's `progress(n)` callbacks."""

    def __init__(self, parent: QWidget, title: str, total: int) -> None:
        self.dialog = QProgressDialog(title, "Cancel", 0, max(total, 1), parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.done = 0

    def advance(self, amount: int) -> None:
        self.done += amount
        self.dialog.setValue(min(self.done, self.dialog.maximum()))
        QApplication.processEvents()

    def cancelled(self) -> bool:
        return self.dialog.wasCanceled()

    def close(self) -> None:
        self.dialog.reset()
        self.dialog.close()


def ask_annotator(parent: QWidget | None, current: str, first_time: bool) -> str | None:
    """The annotator's name; None if the user cancelled."""
    prompt = ("Who is annotating? Your name is stored with every annotation you make."
              if first_time else "Annotate as:")
    while True:
        name, ok = QInputDialog.getText(parent, "Annotator", prompt, QLineEdit.EchoMode.Normal,
                                        current)
        if not ok:
            return None
        name = name.strip()
        if name.lower() == GOLD:
            prompt = f"“{GOLD}” is the reviewed layer's name; another name, please:"
            continue
        if name and len(name) <= 64 and not any(ch.isspace() and ch != " " for ch in name):
            return name
        prompt = "A name of 1 to 64 characters, please:"


class TableDialog(QDialog):
    """A read-only table of plain strings (shortcuts, label guidelines)."""

    def __init__(self, parent: QWidget | None, title: str, intro: str, headers: list[str],
                 rows: list[list[str]]) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        table = QTableWidget(len(rows), len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(value))  # items show plain text
        # The short columns fit their contents; the last (a guideline, an action's keys)
        # takes the rest of the width and wraps, its rows as tall as their text.
        table.resizeColumnsToContents()
        header = table.horizontalHeader()
        header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro_label = plain_label(intro)
        intro_label.setWordWrap(True)
        layout.addWidget(intro_label)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.table = table
        self.resize(640, 520)


def shortcuts_dialog(parent: QWidget, actions: list[QAction]) -> TableDialog:
    rows = []
    for action in actions:
        keys = ", ".join(k.toString(k.SequenceFormat.NativeText) for k in action.shortcuts())
        if keys:
            rows.append([action.text().split("\t")[0].replace("&&", "\0").replace("&", "")
                         .replace("\0", "&"), keys])
    rows += [["Find: smart case on or off (case counts when the text has a capital)",
              "Alt+C in the find bar"],
             ["Find: whole words only, on or off", "Alt+W in the find bar"],
             ["Search all articles: to the hits / open a hit selected / back",
              "Enter or Down in the search box / Enter / Esc"],
             [("Link the selected entity span to a registry entry (K is “previous” in "
               "review mode and while suggestions show)"), "K, or Ctrl+K anywhere"],
             ["Registry picker: link / new entry from the span / leave",
              "Enter / Ctrl+Enter / Esc"],
             ["Proposed registry links, in the details panel: accept / reject", "Enter / X"],
             ["Walk the spans", "Tab, Shift+Tab"], ["Clear the selection", "Esc"],
             ["Select text", "Shift+arrows, mouse; double-click a word"]]
    return TableDialog(parent, "Keyboard shortcuts",
                       "Select text and press a label's key to tag it. Click a span (or walk "
                       "to it with Tab) and press another label's key to relabel it.",
                       ["Action", "Keys"], rows)


def guidelines_dialog(parent: QWidget, schema: Schema) -> TableDialog:
    rows = [[label.name, label.kind, (label.key or "").upper(), label.description]
            for label in schema.labels]
    rows += [[rel.name, "relation", "", rel.description] for rel in schema.relations]
    rows += [[f"{attr.kind}.{attr.name}", "attribute", "", f"{', '.join(attr.values)}"
              + (f": {attr.description}" if attr.description else "")]
             for attr in schema.attributes]
    return TableDialog(parent, "Label guidelines", "The labels of this store and how to use "
                       "them (they travel with the store file).",
                       ["Label", "Kind", "Key", "Guideline"], rows)


def about_text() -> str:
    return (f"Annotator {__version__}\n\nAnnotate news articles with entities, claims and "
            "quotes, and turn them into training data.\nEvery change is saved as you make it.")

"""Editing a registry entry: name, kind, aliases, description, Wikidata id and the
schema's entry attributes. What the core's rules refuse is said in the dialog, which stays
open; nothing is stored until it is accepted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import OperationError
from ...core.registry.entry import Entry
from ..plain import plain_label

if TYPE_CHECKING:
    from ...core.store import Store

NO_VALUE = "(none)"


class EntryEditor(QDialog):
    """The fields of one entry; `entry()` is what was typed, checked by `accept`."""

    def __init__(self, parent: QWidget | None, store: Store, entry: Entry) -> None:
        super().__init__(parent)
        self.store, self.original = store, entry
        self.setWindowTitle(f"Entry {entry.id}" if entry.id else "New entry")
        self.name = QLineEdit(entry.name)
        self.kind = QComboBox()
        kinds = list(store.schema.entity_labels())
        if entry.kind not in kinds:
            kinds.insert(0, entry.kind)
        self.kind.addItems(kinds)
        self.kind.setCurrentText(entry.kind)
        self.aliases = QPlainTextEdit("\n".join(entry.aliases))
        self.aliases.setPlaceholderText("One name a line")
        self.aliases.setTabChangesFocus(True)
        self.aliases.setFixedHeight(80)
        self.description = QPlainTextEdit(entry.description)
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(60)
        self.wikidata = QLineEdit(entry.wikidata or "")
        self.wikidata.setPlaceholderText("Q42")
        self.form = QFormLayout()
        self.form.addRow("&Name", self.name)
        self.form.addRow("&Kind", self.kind)
        self.form.addRow("&Aliases", self.aliases)
        self.form.addRow("&Description", self.description)
        self.form.addRow("&Wikidata id", self.wikidata)
        self.attributes: dict[str, QComboBox] = {}
        self.problem = plain_label()
        self.problem.setWordWrap(True)
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        self.problem.setStyleSheet(f"color: {'#ff8a80' if dark else '#c62828'}; "
                                   "font-weight: bold")  # red that reads on either
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self._attribute_rows(entry.attrs)
        self.kind.currentTextChanged.connect(lambda _: self._attribute_rows(self._attrs()))
        self.resize(460, self.sizeHint().height())

    def _attribute_rows(self, values: dict) -> None:
        """One choice per entry attribute the kind takes (gender, role)."""
        for combo in self.attributes.values():
            self.form.removeRow(combo)
        self.attributes = {}
        for attr in self.store.schema.entry_attributes_for(self.kind.currentText()):
            combo = QComboBox()
            combo.addItem(NO_VALUE)
            combo.addItems(list(attr.values))
            value = values.get(attr.name)
            if value is not None:
                if combo.findText(str(value)) < 0:
                    combo.addItem(str(value))
                combo.setCurrentText(str(value))
            if attr.description:
                combo.setToolTip(attr.description)
            self.attributes[attr.name] = combo
            self.form.addRow(attr.name.capitalize(), combo)

    def _attrs(self) -> dict:
        return {name: combo.currentText() for name, combo in self.attributes.items()
                if combo.currentText() != NO_VALUE}

    def entry(self) -> Entry:
        aliases = tuple(line.strip() for line in self.aliases.toPlainText().splitlines()
                        if line.strip())
        return Entry(self.original.id, self.name.text(), self.kind.currentText(), aliases,
                     self.description.toPlainText(), self.wikidata.text().strip() or None,
                     self._attrs())

    def accept(self) -> None:
        """Check the entry as the operation will (the rules, a Wikidata id no other entry
        has) and say what is wrong instead of closing."""
        from ...core.operations.registry import check_entry
        entry = self.entry()
        try:
            check_entry(self.store, entry)
        except OperationError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        super().accept()

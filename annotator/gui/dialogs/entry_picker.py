"""The registry picker (`K`): link the selected entity span (or source mention) to a
registry entry.

The box starts with the span's text (selected, so typing replaces it); every keystroke asks
the registry's name index (fuzzy, the entries linked in this article first) and shows the
best matches with their kind, description and Wikidata id. Up and Down move, Enter links the
current row, Ctrl+Enter (or the first row, "+ New entry") makes an entry of the span's text
and label and links it, Esc leaves. For a source mention ("he", "the ministry": no name)
the box starts empty, showing the entries linked in the article, and there is no new-entry
row. Everything shown is plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..plain import plain_label
from .picker import run_beside

if TYPE_CHECKING:
    from ...core.registry import Entry
    from ...core.registry.name_index import Hit

NEW = "new"  # the choice of the "+ New entry" row
COLUMNS = ("Entry", "Kind", "Description", "Wikidata")

Search = Callable[[str], list[tuple["Entry", "Hit | None"]]]


def entry_row(entry: Entry, hit: Hit | None, here: bool, linked: bool) -> list[str]:
    """A row's cells: the name (and the alias that matched), kind, description, id."""
    name = entry.name
    if hit is not None and hit.alias and hit.name != entry.name:
        name += f"  (alias: {hit.name})"
    if linked:
        name = "✓ " + name
    elif here:
        name = "• " + name
    description = " ".join(entry.description.split())
    return [name, entry.kind, description[:120], entry.wikidata or ""]


class EntryPicker(QDialog):
    def __init__(self, span_text: str, label: str, search: Search, linked: int | None,
                 in_article: set[int], parent: QWidget | None = None,
                 names: bool = True) -> None:
        """`names`: the span's text is a name (an entity), so it starts the search and a
        new entry may be made of it; a source mention ("he", "the ministry") is neither,
        and the search starts with the entries linked in the article."""
        super().__init__(parent)
        self.setWindowTitle("Link to registry entry")
        self.search, self.linked, self.in_article = search, linked, in_article
        self.names = names
        self.choice: Any = None
        self.span_text = " ".join(span_text.split())
        keys = ("Enter links, Ctrl+Enter makes a new entry, Esc leaves" if names else
                "Type the name of whom it means; Enter links, Esc leaves")
        prompt = plain_label(f"Link “{self.span_text[:120]}” ({label}) to a registry entry. "
                             f"{keys}; ✓ linked now, • linked elsewhere in this article.")
        prompt.setWordWrap(True)
        self.filter = QLineEdit(placeholderText="Type a name or an alias")
        self.list = QTreeWidget()
        self.list.setColumnCount(len(COLUMNS))
        self.list.setHeaderLabels(list(COLUMNS))
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, 70)
        header.resizeSection(2, 180)
        header.resizeSection(3, 80)
        self.new_text = f"+ New entry “{self.span_text[:60]}” ({label})"
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.filter.textChanged.connect(self.refill)
        self.filter.installEventFilter(self)
        self.list.itemActivated.connect(lambda *_: self._accept())
        self.resize(720, 320)
        if names:
            self.filter.setText(self.span_text[:200])
            self.filter.selectAll()
        self.refill(self.filter.text())

    def refill(self, text: str) -> None:
        """The rows for what is typed: the new-entry row, then the matches, the best one
        current (the new-entry row when nothing matches)."""
        found = self.search(text)
        self.list.setUpdatesEnabled(False)
        self.list.clear()
        items = []
        if self.names:
            items.append(QTreeWidgetItem([self.new_text, "", "", "Ctrl+Enter"]))
            items[0].setData(0, Qt.ItemDataRole.UserRole, NEW)
        for entry, hit in found:
            item = QTreeWidgetItem(entry_row(entry, hit, entry.id in self.in_article,
                                             entry.id == self.linked))
            item.setData(0, Qt.ItemDataRole.UserRole, entry.id)
            if entry.description:
                item.setToolTip(2, entry.description[:500])
            items.append(item)
        self.list.addTopLevelItems(items)
        if items:  # the best match; the new-entry row when nothing matches
            self.list.setCurrentItem(items[1] if self.names and len(items) > 1 else items[0])
        self.list.setUpdatesEnabled(True)

    def rows(self) -> list[str]:
        """The rows' first cells as shown (tests and the screenshot read them)."""
        return [self.list.topLevelItem(i).text(0) for i in range(self.list.topLevelItemCount())]

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802
        # Up and Down in the box move in the list, so the hands stay on the keys.
        if watched is self.filter and isinstance(event, QKeyEvent) \
                and event.type() == QKeyEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            row = self.list.indexOfTopLevelItem(self.list.currentItem()) + step
            if 0 <= row < self.list.topLevelItemCount():
                self.list.setCurrentItem(self.list.topLevelItem(row))
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                if self.names:
                    self.choice = NEW
                    self.accept()
            else:
                self._accept()
            return
        super().keyPressEvent(event)

    def _accept(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.choice = item.data(0, Qt.ItemDataRole.UserRole)
            self.accept()


def pick_entry(parent: QWidget, span_text: str, label: str, search: Search,
               linked: int | None, in_article: set[int], about: QRect | None,
               names: bool = True) -> Any:
    """Show the picker beside `about` (the span's global rectangle); an entry id, NEW, or
    None when the user left it. `names`: see `EntryPicker`."""
    return run_beside(EntryPicker(span_text, label, search, linked, in_article, parent,
                                  names), parent, about)

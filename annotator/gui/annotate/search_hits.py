"""The hits of a search of every article (Ctrl+Shift+F), with their context: one row per
matching article with the search index's snippet, and under it each hit in the article's
text. Enter on a hit opens its article with the hit selected (a label key then tags it);
Enter on an article's row, its first hit; Esc goes back to the search box.

The store finds the articles and their snippets (FTS5); where each hit is in the stored
text comes from `core.find.search_hits`, so the selection is exact.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from ...core.find import context, search_hits
from ..plain import tooltip_text

if TYPE_CHECKING:
    from ...core.store import Store

ARTICLES = 50  # articles listed; the article list below shows every match
HITS_PER_ARTICLE = 20
LEAD = 24  # characters of context before a hit (and after it, twice that)
_WHERE = Qt.ItemDataRole.UserRole  # (article key, (start, end) or None)


def one_line(text: str) -> str:
    return " ".join(text.split())


class SearchHits(QTreeWidget):
    jump = Signal(int, object)  # article key, (start, end) of the hit or None
    back = Signal()  # Esc: to the search box

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setRootIsDecorated(True)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.itemActivated.connect(self._activated)
        self.search = ""

    def show_results(self, store: Store | None, search: str) -> None:
        """List the hits of `search` (what the user typed) in the store's articles."""
        self.clear()
        self.search = search
        if store is None or not search.strip():
            return
        for result in store.browse.search_results(search, ARTICLES):
            title = one_line(result.title) or result.id
            article = store.annotations.article(result.pk)
            hits = search_hits(article.text, search) if article is not None else []
            count = f"{len(hits)} hit" + ("" if len(hits) == 1 else "s")
            top = QTreeWidgetItem([f"{title}  ·  {count}\n{one_line(result.snippet)}"])
            top.setToolTip(0, tooltip_text(f"{result.title}\n{result.id}\n{result.snippet}"))
            top.setData(0, _WHERE, (result.pk, hits[0] if hits else None))
            for start, end in hits[:HITS_PER_ARTICLE]:
                # a short lead, so the hit shows in a narrow list; the tooltip has more
                before, hit, after = context(article.text, start, end, LEAD)
                child = QTreeWidgetItem([f"{before}[{hit}]{after}"])
                child.setData(0, _WHERE, (result.pk, (start, end)))
                wide = "".join(context(article.text, start, end, 120))
                child.setToolTip(0, tooltip_text(f"{wide}\n{start}–{end}"))
                top.addChild(child)
            if len(hits) > HITS_PER_ARTICLE:
                rest = len(hits) - HITS_PER_ARTICLE
                more = QTreeWidgetItem([f"{rest} more in this article (Ctrl+F finds them)"])
                more.setData(0, _WHERE, (result.pk, hits[HITS_PER_ARTICLE]))
                top.addChild(more)
            self.addTopLevelItem(top)
        self.expandAll()
        if self.topLevelItemCount():
            first = self.topLevelItem(0)
            self.setCurrentItem(first.child(0) if first.childCount() else first)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        where = item.data(0, _WHERE)
        if where is not None:
            self.jump.emit(where[0], where[1])

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.currentItem()
            if item is not None:
                self._activated(item)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.back.emit()
            return
        super().keyPressEvent(event)

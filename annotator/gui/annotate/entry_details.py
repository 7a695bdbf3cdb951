"""The registry in the details panel: the selected span's entry (or, for a quote or claim,
the entry of the speaker or source it links to), and the open link proposals of the article
to accept (Enter) or reject (X), each one undoable step through the controller."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QWidget

from ...core.schema import REJECT_KEY
from ..controller import Controller
from ..plain import plain_label, tooltip_text

if TYPE_CHECKING:
    from ...core.model import Span
    from ...core.registry import Entry

WIKIDATA_URL = "https://www.wikidata.org/wiki/"


def entry_text(entry: Entry) -> str:
    return f"{entry.name} ({entry.kind})"


def wikidata_label(wikidata: str) -> QLabel:
    """The Wikidata id as a link that opens in the browser (the id is checked for form by
    the core, and escaped all the same: the label is the one rich text here)."""
    label = QLabel(f'<a href="{escape(WIKIDATA_URL + wikidata)}">{escape(wikidata)}</a>')
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setOpenExternalLinks(True)
    label.setToolTip(WIKIDATA_URL + wikidata)
    return label


def entry_rows(controller: Controller, span: Span) -> list[tuple[str, QWidget]]:
    """The details panel's rows about the registry for `span`."""
    rows: list[tuple[str, QWidget]] = []
    entry = controller.entry_of(span.id)
    if span.label in controller.schema.linkable_labels():
        if entry is None:
            rows.append(("Entry", plain_label("(none: K links one)")))
        else:
            rows += _about(entry, "Entry")
    for rel, other in controller.state.links_of(span.id):
        linked = controller.entry_of(other.id) if rel.head == span.id else None
        if linked is not None:
            what = "Attributed to" if controller.schema.kind_of(span.label) == "quote" \
                else f"{rel.label.capitalize()} entry"
            rows += _about(linked, what)
    return rows


def _about(entry: Entry, title: str) -> list[tuple[str, QWidget]]:
    rows: list[tuple[str, QWidget]] = [(title, plain_label(entry_text(entry)))]
    if entry.description:
        rows.append(("Description", plain_label(entry.description)))
    if entry.wikidata:
        rows.append(("Wikidata", wikidata_label(entry.wikidata)))
    for name, value in sorted(entry.attrs.items()):
        rows.append((f"Entry {name}", plain_label(str(value))))
    return rows


class ProposalList(QListWidget):
    """The open link proposals of the article, in reading order. Choosing one selects its
    span; Enter accepts it (the span is linked), X rejects it (never proposed again)."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setToolTip("Proposed registry links (Labels → Suggest registry links…): "
                        "Enter accepts, X rejects")
        # its title, which the panel places above it (shown with it)
        self.heading = plain_label("Proposed registry links (Enter accepts, X rejects)")
        self.heading.hide()
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.currentRowChanged.connect(self._chosen)
        for signal in (controller.article_loaded, controller.spans_changed,
                       controller.registry_changed, controller.article_refreshed):
            signal.connect(self.reload)
        self.hide()

    def reload(self, *_: object) -> None:
        c = self.controller
        proposals = c.open_proposals()
        row = max(self.currentRow(), 0)
        entries = c.store.registry.entries_by_id(p.entry for p in proposals) \
            if c.store is not None and proposals else {}
        self.blockSignals(True)
        self.clear()
        for proposal in proposals:
            span, entry = c.state.spans.get(proposal.span), entries.get(proposal.entry)
            if span is None or entry is None or proposal.span in c.entry_links:
                continue  # a linked span's other proposals are moot
            text = (f"{' '.join(span.text.split())} → {entry.name} ({entry.kind}; "
                    f"{proposal.method}, {proposal.score:.0f})")
            item = QListWidgetItem(text)  # items show plain text
            item.setToolTip(tooltip_text(text))
            item.setData(Qt.ItemDataRole.UserRole, proposal)
            self.addItem(item)
        if self.count():
            self.setCurrentRow(min(row, self.count() - 1))
        self.blockSignals(False)
        # a few rows high: the details above keep their room
        self.setFixedHeight(self.sizeHintForRow(0) * min(max(self.count(), 1), 5)
                            + 2 * self.frameWidth() + 2)
        self.setVisible(self.count() > 0)
        self.heading.setVisible(self.count() > 0)
        if self.hasFocus():  # deciding by keys: the next proposal's span is shown
            self._chosen(self.currentRow())

    def _current(self):
        item = self.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _chosen(self, _row: int) -> None:
        proposal = self._current()
        if proposal is not None:
            self.controller.select_span(proposal.span)

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        self._chosen(self.currentRow())  # the proposal's span is shown in the text

    def decide(self, accept: bool) -> None:
        proposal = self._current()
        if proposal is not None:
            self.controller.decide_proposal(proposal.id, accept)
            self.setFocus()

    def event(self, event: QEvent) -> bool:
        # Enter and X are the window's keys for suggestions and review; here they decide.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and self._decision_key(event) is not None:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        accept = self._decision_key(event)
        if accept is None:
            super().keyPressEvent(event)
            return
        self.decide(accept)

    @staticmethod
    def _decision_key(event: QKeyEvent) -> bool | None:
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return None
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return True
        if event.text().lower() == REJECT_KEY:
            return False
        return None

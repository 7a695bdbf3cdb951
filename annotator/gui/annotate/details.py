"""Details of the selected span: label, text, offsets, its attributes and its links, and
the named speaker a suggested quote's pronoun speaker stands for.

Attributes and links are changed here with combo boxes, or from the keyboard with the
window's pickers; both go through the controller.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.plural import plural
from ..controller import Controller
from ..plain import plain_label, tooltip_text
from .entry_details import ProposalList, entry_rows

if TYPE_CHECKING:
    from ...core.model import Span
    from ...core.schema import RelationLabel

NONE = "(none)"


def link_labels(controller: Controller, span: Span) -> list[RelationLabel]:
    """The relation labels a span can be the head of (a quote: SPEAKER; a claim: SOURCE)."""
    label = controller.label(span.label)
    if label is None:
        return []
    return [rel for rel in controller.schema.relations
            if not rel.head or label.kind in rel.head or label.name in rel.head]


def link_candidates(controller: Controller, span: Span, rel: RelationLabel) -> list[Span]:
    """Spans the head may link to with `rel`, best first: the mention its attribution
    points to ("...," Zarif said; the subject of "told", "according to"), then one of the
    same name; then PERSON and ORG (speakers and sources are people and organisations), in
    the same sentence before others, nearest first."""
    from ...core.suggest.attributed import attributed_speaker, same_sentence
    head = controller.label(span.label)
    out = []
    for other in controller.state.spans.values():
        label = controller.label(other.label)
        if other.id != span.id and head is not None and label is not None \
                and rel.allows(head, label):
            out.append(other)
    article = controller.state.article
    text = article.text if article is not None else ""
    hint = attributed_speaker(text, span.start, span.end) if out and text else None
    surname = hint.name.split()[-1].casefold() if hint is not None and hint.name else None

    def rank(other: Span) -> tuple[int, int, int, int, int]:
        if hint is not None and other.start < hint.end and hint.start < other.end:
            pointed = 0
        elif surname is not None and other.text.casefold().split()[-1:] == [surname]:
            pointed = 1
        else:
            pointed = 2
        gap = max(other.start - span.end, span.start - other.end, 0)
        preferred = 0 if other.label in ("PERSON", "ORG") or controller.schema.kind_of(
            other.label) == "mention" else 1
        apart = 0 if same_sentence(text, min(span.end, other.end),
                                   max(span.start, other.start)) else 1
        return pointed, preferred, apart, gap, other.start
    return sorted(out, key=rank)


def span_choice_text(span: Span) -> str:
    text = " ".join(span.text.split())
    return f"{text}  ({span.label}, {span.start}-{span.end})"


class DetailsPanel(QWidget):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        form_widget = QWidget()
        self.form = QFormLayout(form_widget)
        # in a narrow panel a box goes below its name rather than out of sight
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        # the registry's proposed links of the article, below (shown when there are some)
        self.proposals = ProposalList(controller)
        outer.addWidget(form_widget)
        outer.addWidget(self.proposals.heading)
        outer.addWidget(self.proposals)
        outer.addStretch(1)
        self.label = plain_label()
        self.text = plain_label()
        self.text.setWordWrap(True)
        self.offsets = plain_label()
        # Row names come from the schema (data): plain labels too.
        self.form.addRow(plain_label("Label"), self.label)
        self.form.addRow(plain_label("Text"), self.text)
        self.form.addRow(plain_label("Offsets"), self.offsets)
        self._rows: list[QWidget] = []
        self.combos: dict[str, QComboBox] = {}
        # Rebuilt after the event that changed things has finished: a combo box must not be
        # deleted inside its own signal.
        self._pending = QTimer(self, singleShot=True, interval=0)
        self._pending.timeout.connect(self.refresh)
        for signal in (controller.selection_changed, controller.spans_changed,
                       controller.relations_changed, controller.article_loaded,
                       controller.notes_changed, controller.registry_changed):
            signal.connect(self._pending.start)
        self.refresh()

    def _clear_rows(self) -> None:
        for widget in self._rows:
            self.form.removeRow(widget)
        self._rows.clear()
        self.combos.clear()

    def refresh(self, *_: object) -> None:
        self._clear_rows()
        controller, state = self.controller, self.controller.state
        span = state.spans.get(state.selected) if state.selected else None
        if span is None:
            self.label.setText("")
            self.text.setText("Select a span: click it, or Tab to walk through them.")
            self.offsets.setText("")
            self._add_comments(None)
            return
        self.label.setText(span.label)
        self.text.setText(span.text if len(span.text) < 600 else span.text[:600] + "…")
        self.offsets.setText(f"{span.start}–{span.end} "
                             f"({plural(span.end - span.start, 'character')})")
        for name, widget in entry_rows(controller, span):
            self._add_row(name, widget)
        kind = controller.schema.kind_of(span.label)
        for attribute in controller.schema.attributes_for(kind):
            combo = QComboBox()
            combo.addItem(NONE, None)
            for value in attribute.values:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(0, combo.findData(span.attrs.get(attribute.name))))
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, name=attribute.name, sid=span.id:
                controller.set_attribute(sid, name, c.currentData()))
            self._add_row(attribute.name, combo)
        for rel in link_labels(controller, span):
            if rel.several:
                self._add_several(span, rel)
                continue
            combo = QComboBox()
            combo.addItem(NONE, None)
            current = next((r.child for r in controller.state.relations
                            if r.head == span.id and r.label == rel.name), None)
            for other in link_candidates(controller, span, rel):
                combo.addItem(span_choice_text(other), other.id)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, r=rel.name, sid=span.id: self._relink(sid, r, c.currentData()))
            self._add_row(rel.name.capitalize(), combo)
        self._add_speaker_name(span)
        for rel, other in controller.state.links_of(span.id):
            if rel.child == span.id:
                self._add_row(f"{rel.label} of", plain_label(span_choice_text(other)))
        self._add_comments(span)

    def _add_speaker_name(self, span: Span) -> None:
        """The named speaker the quote finder took a pronoun speaker ("she said") for,
        kept in the span's meta when it was suggested."""
        name = self.controller.span_meta(span.id).get("speaker_name")
        if isinstance(name, str) and name.strip():
            label = plain_label(name)
            label.setToolTip(tooltip_text("The person named before this quote, whom the "
                                          "quote finder took its speaker for"))
            self._add_row("Named earlier", label)

    def _add_several(self, span: Span, rel: RelationLabel) -> None:
        """A relation a head takes several times (a claim's sources): a row per link, with
        a button that removes it, and a box that adds one more."""
        controller = self.controller
        linked = [(r, controller.state.spans[r.child]) for r in controller.state.relations
                  if r.head == span.id and r.label == rel.name
                  and r.child in controller.state.spans]
        for relation, other in linked:
            row = QWidget()
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            text = plain_label(span_choice_text(other))
            text.setWordWrap(True)
            remove = QToolButton(text="✕",
                                 toolTip=tooltip_text(f"Remove this {rel.name.lower()}"))
            remove.clicked.connect(lambda _c=False, rid=relation.id: controller.unlink(rid))
            layout.addWidget(text, 1)
            layout.addWidget(remove)
            self._add_row(rel.name.capitalize(), row)
        combo = QComboBox()
        combo.addItem(f"(add a {rel.name.lower()})", None)
        taken = {other.id for _, other in linked}
        for other in link_candidates(controller, span, rel):
            if other.id not in taken:
                combo.addItem(span_choice_text(other), other.id)
        combo.currentIndexChanged.connect(
            lambda _i, c=combo, r=rel.name, sid=span.id: self._add_link(sid, r, c.currentData()))
        self._add_row(f"Add {rel.name.lower()}", combo)

    def _add_link(self, head: int, label: str, child: int | None) -> None:
        if child is not None:  # None: the box's "(add a ...)" line
            self.controller.link(head, child, label)

    def _add_comments(self, span: Span | None) -> None:
        """Reviewers' notes: on the selected span's stretch, and on the whole article."""
        c = self.controller
        notes = [] if span is None else c.state.comments_on(span.start, span.end)
        notes += [note for note in c.state.comments if note.start is None]
        for note in notes:
            where = "Article note" if note.start is None else "Comment"
            self._add_row(where, plain_label(f"{note.author}: {note.text}"))

    def _add_row(self, name: str, widget: QWidget) -> None:
        # Long quotes must not widen the panel: labels wrap, combo boxes stay narrow.
        if isinstance(widget, QLabel):
            widget.setWordWrap(True)
        if isinstance(widget, QComboBox):
            widget.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            widget.setMinimumContentsLength(10)
        self.form.addRow(plain_label(name), widget)
        self._rows.append(widget)
        if isinstance(widget, QComboBox):
            self.combos[name] = widget

    def _relink(self, head: int, label: str, child: int | None) -> None:
        if child is not None:
            self.controller.link(head, child, label)
            return
        relations = self.controller.state.relations
        for rel in [r for r in relations if r.head == head and r.label == label]:
            self.controller.unlink(rel.id)

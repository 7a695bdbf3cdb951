"""The window's commands on the selected text or span: tag it with a label, fit a span to
the selection, delete it, pick its speaker or source, set an attribute. A mixin of
MainWindow, like file_actions.py; the changes go through the controller."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .annotate.details import link_candidates, link_labels, span_choice_text

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar

    from .annotate.article_pane import ArticlePane
    from .annotate.text_view import ArticleView
    from .controller import Controller


class SpanActions:
    # What it uses of the MainWindow it is mixed into.
    controller: Controller
    view: ArticleView
    pane: ArticlePane

    if TYPE_CHECKING:  # QMainWindow's, declared only: a definition here would hide it
        def statusBar(self) -> QStatusBar: ...  # noqa: N802

    def apply_label(self, name: str) -> None:
        """A label's key: tag the selected text, or relabel the selected span."""
        c = self.controller
        selection = self.view.selection_range()
        if selection is not None and selection[0] < selection[1]:
            if c.add_span(name, *selection) is not None:
                self.view.clear_selection()
        elif c.state.selected is not None:
            c.relabel(c.state.selected, name)
        else:
            self.statusBar().showMessage("Select some text (or a span) first.", 4000)

    def fit_span(self) -> None:
        """The selected span takes the selected text as its new bounds."""
        c = self.controller
        selection = self.view.selection_range()
        if c.state.selected is None or selection is None:
            self.statusBar().showMessage("Select a span, then the text it should cover "
                                         "(Shift+arrows from its start), then press B.", 6000)
            return
        span_id = c.state.selected
        c.set_bounds(span_id, *selection)
        self.view.clear_selection()
        c.select_span(span_id)

    def delete_span(self) -> None:
        if self.controller.state.selected is not None:
            self.controller.delete(self.controller.state.selected)

    def pick_link(self) -> None:
        """Attribute the selected quote (or claim): pick its speaker (source), the mention
        its attribution points to first, and Enter links it."""
        c = self.controller
        if not c.has_person():  # an annotating key: nobody gave a name yet, ask
            return
        span = c.state.spans.get(c.state.selected or -1)
        rels = link_labels(c, span) if span is not None else []
        if span is None or not rels:
            self.statusBar().showMessage("Select a quote or a claim first.", 4000)
            return
        rel = rels[0]
        choices = [(span_choice_text(s), s.id) for s in link_candidates(c, span, rel)]
        if not choices:
            self.statusBar().showMessage(f"No span in this article can be its "
                                         f"{rel.name.lower()}: tag one first.", 6000)
            return
        from .dialogs.picker import pick
        # beside the quote, and clear of the speaker offered first, so both stay readable
        about = self.pane.span_rect(span.start, span.end)
        first = c.state.spans[choices[0][1]]
        near = self.pane.span_rect(first.start, first.end)
        if about is not None and near is not None:
            about = about.united(near)
        child = pick(self, rel.name.capitalize(), f"{rel.name} of: {span.text[:200]}", choices,
                     about)
        if child is not None:
            c.link(span.id, child, rel.name)

    def pick_attribute(self) -> None:
        c = self.controller
        span = c.state.spans.get(c.state.selected or -1)
        label = c.label(span.label) if span is not None else None
        attributes = c.schema.attributes_for(label.kind) if label is not None else ()
        if span is None or not attributes:
            self.statusBar().showMessage("The selected span has no attributes to set.", 4000)
            return
        choices = [(f"{a.name} = {value}", (a.name, value)) for a in attributes
                   for value in a.values]
        choices += [(f"{a.name}: clear", (a.name, None)) for a in attributes
                    if a.name in span.attrs]
        from .dialogs.picker import pick
        chosen = pick(self, "Attribute", f"Set an attribute of: {span.text[:200]}", choices,
                      self.pane.span_rect(span.start, span.end))
        if chosen is not None:
            c.set_attribute(span.id, *chosen)

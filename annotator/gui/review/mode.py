"""Review mode in the window: the candidate table under the article, the marks in the text,
and what the Review menu's actions do (comments included, which annotators use too)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.gold import GOLD
from ..plain import menu_text, message

if TYPE_CHECKING:
    from ...core.store import Store
    from .host import ReviewHost
    from .panel import ReviewPanel
    from .session import ReviewSession


def people(store: Store) -> list[str]:
    """The annotators to offer as people: neither gold nor a suggestion layer (those are
    compared only when named, as `annotator agreement --annotators` can)."""
    machines = {GOLD, *store.suggestions.suggestion_layers()}
    return [name for name in store.annotations.annotators() if name not in machines]


class ReviewMode:
    def __init__(self, host: ReviewHost) -> None:
        self.host = host
        self.controller = host.controller
        # The session and its table are made when review mode is first entered: the window
        # starts without them.
        self._session: ReviewSession | None = None
        self.panel: ReviewPanel | None = None
        self._shown: tuple[int, int] | None = None  # the candidate the caret was put at
        self.controller.mode_changed.connect(self._mode_changed)
        host.view.describe_offset = self._tip

    @property
    def session(self) -> ReviewSession:
        return self._session if self._session is not None else self._make_session()

    def _make_session(self) -> ReviewSession:
        if self._session is None:
            from .panel import ReviewPanel
            from .session import ReviewSession
            self._session = ReviewSession(self.controller)
            self.panel = ReviewPanel(self.controller, self._session)
            self.host.centre.addWidget(self.panel)
            self.host.centre.setStretchFactor(1, 1)
            self._session.changed.connect(self._show_marks)
        return self._session

    def undecided(self) -> int:
        """How many disagreements of the current article wait for a decision."""
        return sum(c.disagreement and c.state == "pending" for c in self.session.candidates)

    # What the Review menu's keys do (enabled only in review mode).
    def step(self, direction: int) -> None:
        self.session.step(direction)

    def accept(self, number: int) -> None:
        self.session.accept(number)

    def reject(self) -> None:
        self.session.reject()

    def accept_agreed(self) -> None:
        self.session.accept_agreed()

    def choose_entry(self) -> None:
        from .entry_choice import choose_gold_entry
        choose_gold_entry(self.host, self.session)

    # -- entering and leaving --------------------------------------------------------

    def toggle(self) -> None:
        c = self.controller
        if c.reviewing:
            c.stop_review()
            return
        self.host.actions_["review"].setChecked(False)  # ticked once review has begun
        if c.store is None:
            return
        names = people(c.store)
        if not names:
            message(self.host.window(), "Review", "Nobody has annotated in this store yet. "
                    "Merge the annotators' stores first (File > Merge stores…).")
            return
        article = c.state.article
        on_article = list(c.store.annotations.layers(article.pk)) if article is not None else []
        from .dialogs import choose_annotators
        self._make_session()  # now, so that it follows the mode from the start
        chosen = choose_annotators(self.host.window(), names,
                                   [n for n in names if n in on_article] or names)
        if chosen:
            c.start_review(tuple(chosen))
        self.host.actions_["review"].setChecked(c.reviewing)  # not ticked by a cancel

    def _mode_changed(self) -> None:
        reviewing = self.controller.reviewing
        if self.panel is not None:
            self.panel.setVisible(reviewing)
        if reviewing:
            height = sum(self.host.centre.sizes())
            self.host.centre.setSizes([height * 3 // 5, height * 2 // 5])
        for name, action in self.host.actions_.items():
            if name.startswith("review_"):
                action.setEnabled(reviewing)
        self.host.actions_["review"].setChecked(reviewing)
        names = self.controller.compared or ()
        for number in range(1, 10):
            action = self.host.actions_[f"review_accept_{number}"]
            action.setEnabled(number <= len(names))
            action.setText(menu_text(f"{number}: {names[number - 1]}") if number <= len(names)
                           else f"Annotator {number}")
        self.host.show_person()
        if not reviewing:
            self.host.view.mark_candidates([], None)

    # -- showing ---------------------------------------------------------------------

    def _show_marks(self) -> None:
        view, session = self.host.view, self.session
        open_ = [(c.start, c.end) for c in session.candidates
                 if c.disagreement and c.state == "pending"]
        cand = session.candidate
        extent = (cand.start, cand.end) if cand else None
        view.mark_candidates(open_, extent)
        if extent is not None and extent != self._shown:
            view.place_caret(cand.start)  # a new candidate: the caret goes to it
        self._shown = extent

    def _tip(self, offset: int) -> str:
        article = self.controller.state.article
        if self._session is None or not self.controller.reviewing:
            return ""
        from .panel import candidate_tip
        found = [c for c in self._session.candidates if c.start <= offset < c.end]
        names = self.panel.model.entry_name if self.panel is not None else str
        return "\n".join(candidate_tip(c, article.text, names) for c in found) if article else ""

    # -- comments --------------------------------------------------------------------

    def comment(self) -> None:
        """A note on what is in hand: the candidate under review, the selected span, the
        selected text, or else the whole article."""
        c, view = self.controller, self.host.view
        if c.state.article is None:
            return
        cand = self._session.candidate if c.reviewing and self._session else None
        selection = view.selection_range()
        span = c.state.spans.get(c.state.selected) if c.state.selected is not None else None
        if selection is not None and selection[0] < selection[1]:
            bounds: tuple[int, int] | None = selection
        elif cand is not None:
            bounds = (cand.start, cand.end)
        elif span is not None:
            bounds = (span.start, span.end)
        else:
            bounds = None
        about = (f"“{c.state.article.text[bounds[0]:bounds[1]][:80]}”" if bounds
                 else "the whole article")
        from .dialogs import ask_comment
        text = ask_comment(self.host.window(), about)
        if text:
            c.add_comment(text, bounds)

    def delete_comment(self) -> None:
        """Choose one of the article's comments (type to filter), Enter deletes it."""
        c = self.controller
        if not c.state.comments:
            c.message.emit("No comments in this article.")
            return
        text = c.state.article.text if c.state.article else ""
        choices = [(f"{note.author}: {note.text[:80]}" + (
            f"  (on “{text[note.start:note.end][:40]}”)" if note.start is not None else
            "  (the article)"), note.id) for note in c.state.comments]
        from ..dialogs.picker import pick
        chosen = pick(self.host.window(), "Delete comment", "Delete which comment?", choices)
        if chosen is not None:
            c.delete_comment(chosen)

    def next_comment(self) -> None:
        """Go to the next stretch that carries a comment (after the caret, wrapping)."""
        c, view = self.controller, self.host.view
        notes = [n for n in c.state.comments if n.start is not None]
        if not notes:
            article_notes = [n for n in c.state.comments if n.start is None]
            text = (f"Article note: {article_notes[0].text}" if article_notes
                    else "No comments in this article.")
            c.message.emit(text)
            return
        caret = view.caret_offset()
        note = next((n for n in notes if n.start > caret), notes[0])
        assert note.start is not None and note.end is not None
        here = [s for s in c.state.sorted_spans() if s.start < note.end and note.start < s.end]
        if here:
            best = min(here, key=lambda s: abs(s.start - note.start) + abs(s.end - note.end))
            c.select_span(best.id)
        view.place_caret(note.start)
        c.message.emit(f"{note.author}: {note.text}")

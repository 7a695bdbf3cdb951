"""Review mode's state: the current article's candidates and the one under review.

The session reads candidates from the core whenever the article, its gold layer or the
decisions change, and turns the reviewer's keys (next / previous disagreement, accept
annotator N's version, reject, accept everything agreed) into core operations run through
the controller, so each is saved at once and undoable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ...core.plural import plural
from ..controller import Controller
from ..lazy_ops import ops

if TYPE_CHECKING:
    from ...core.review import Candidate


class ReviewSession(QObject):
    changed = Signal()  # the candidates, or which one is current

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = controller
        self.candidates: list[Candidate] = []
        self.current: int | None = None
        self._article: int | None = None
        # The annotators' side of the candidates, read once per article: while reviewing,
        # only the gold layer and the decisions change.
        self._compared: list[Candidate] = []
        self._compared_key: tuple | None = None
        # Once per step: every operation, undo and redo ends with history_changed (after
        # its spans, links and decisions are in), so one reload follows each key; there
        # only the decisions can have changed.
        controller.article_loaded.connect(self.reload)
        controller.article_refreshed.connect(self.reload)  # an annotator's layer was merged
        controller.mode_changed.connect(self.reload)
        controller.history_changed.connect(self._decisions_changed)

    @property
    def candidate(self) -> Candidate | None:
        return self.candidates[self.current] if self.current is not None else None

    def _decisions_changed(self) -> None:
        self.reload(decisions_only=True)

    def reload(self, *_: object, decisions_only: bool = False) -> None:
        c = self.controller
        if not c.reviewing or c.store is None or c.state.article is None:
            self.candidates, self.current, self._article = [], None, None
            self.changed.emit()
            return
        from ...core.review.candidates import load_compared, load_decided
        assert c.compared is not None
        before = self.candidate if self._article == c.state.article.pk else None
        key = (c.state.article.pk, c.compared)
        if key != self._compared_key or not decisions_only:
            self._compared = load_compared(c.store, c.state.article.pk, c.compared)
            self._compared_key = key
        self.candidates = load_decided(c.store, self._compared)
        if before is None:  # another article: start at its first open disagreement
            self._article = c.state.article.pk
            self.current = self._next_open(-1, 1)
        else:
            self.current = self._same_place(before)
        cand = self.candidate
        if cand is not None and cand.gold and c.state.selected not in {g.id for g in cand.gold}:
            c.select_span(cand.gold[0].id)  # what was just accepted: B fits it, Delete drops it
        self.changed.emit()

    def _same_place(self, before: Candidate) -> int | None:
        """The candidate that is where `before` was (a decision may have reshaped it)."""
        if not self.candidates:
            return None
        for i, cand in enumerate(self.candidates):
            if cand.kind == before.kind and cand.start < before.end and before.start < cand.end:
                return i
        return min(range(len(self.candidates)),
                   key=lambda i: abs(self.candidates[i].start - before.start))

    def _next_open(self, after: int, step: int) -> int | None:
        """The next pending disagreement from `after` in direction `step`, wrapping round."""
        count = len(self.candidates)
        for distance in range(1, count + 1):
            i = (after + step * distance) % count
            cand = self.candidates[i]
            if cand.disagreement and cand.state == "pending":
                return i
        return None

    # -- moving ----------------------------------------------------------------------

    def set_current(self, row: int | None) -> None:
        if row is not None and not 0 <= row < len(self.candidates):
            row = None
        self.current = row
        cand = self.candidate
        self.controller.select_span(cand.gold[0].id if cand is not None and cand.gold else None)
        self.changed.emit()

    def step(self, direction: int) -> None:
        """Go to the next (1) or previous (-1) disagreement still waiting for a decision."""
        if not self.candidates:
            self._say("Nothing to review in this article.")
            return
        start = self.current if self.current is not None else (-1 if direction > 0 else 0)
        found = self._next_open(start, direction)
        if found is None:
            self._say("No disagreement is waiting in this article: Ctrl+Shift+A accepts what "
                      "everyone agrees on, Ctrl+Enter marks it reviewed.")
            return
        self.set_current(found)

    # -- deciding --------------------------------------------------------------------

    def accept(self, number: int) -> None:
        """Accept the version of the annotator numbered `number` (1 is the first compared)."""
        c, cand = self.controller, self.candidate
        if cand is None:
            self._say("Choose a candidate first: J goes to the next disagreement.")
            return
        assert c.compared is not None
        if not 1 <= number <= len(c.compared):
            self._say(f"Only {plural(len(c.compared), 'annotator')} "
                      f"{'is' if len(c.compared) == 1 else 'are'} compared.")
            return
        name = c.compared[number - 1]
        version = cand.version_of(name)
        if version is None:  # this annotator marked nothing here: agreeing means rejecting
            self._say(f"{name} marked nothing here: rejected.")
            self.reject()
            return
        c.run(ops.Accept(cand.article, cand.kind, cand.start, cand.end,
                         tuple(s.id for s in version.spans), version.annotators))

    def reject(self) -> None:
        cand = self.candidate
        if cand is None:
            self._say("Choose a candidate first: J goes to the next disagreement.")
            return
        names = tuple(name for v in cand.versions for name in v.annotators)
        self.controller.run(ops.Reject(cand.article, cand.kind, cand.start, cand.end, names))

    def accept_agreed(self) -> None:
        """Accept, as one undoable step, every candidate all annotators agree on."""
        agreed = [cand for cand in self.candidates
                  if not cand.disagreement and cand.state == "pending"]
        if not agreed:
            self._say("No agreed candidate is waiting in this article.")
            return
        steps = tuple(ops.Accept(cand.article, cand.kind, cand.start, cand.end,
                                 tuple(s.id for s in cand.versions[0].spans),
                                 cand.versions[0].annotators) for cand in agreed)
        self.controller.run(ops.Group(steps, f"Accept {plural(len(steps), 'agreed span')}"))

    def _say(self, text: str) -> None:
        self.controller.message.emit(text)

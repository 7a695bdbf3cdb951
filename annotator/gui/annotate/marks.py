"""The marks that come and go over the article, as the view's `ExtraSelection`s: search
hits (the first 1,000), the suggestion under decision, and in review the disagreements near
the view and the candidate under review. Kept few: an `ExtraSelection` per span is too slow
on every repaint (docs/architecture.md, "Drawing spans"). A helper of ArticleView."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from ...core.palette import FIND_HIT, FIND_HIT_ALPHA

if TYPE_CHECKING:
    from .text_view import ArticleView

HIT_COLOR = QColor(FIND_HIT)
HIT_COLOR.setAlpha(FIND_HIT_ALPHA)
# Review: stretches where annotators disagree (underlined), the one under review (shaded).
DISAGREEMENT_COLOR = QColor(220, 40, 40)
CURRENT_CANDIDATE_COLOR = QColor(120, 160, 255, 90)
CURRENT_SUGGESTION_COLOR = QColor(120, 160, 255, 70)  # the suggestion J / K went to
MARK_AROUND = 6_000  # characters either side of the view whose disagreements are marked


class TransientMarks:
    """What the view marks besides its spans; all of it is set again when one part changes."""

    def __init__(self, view: ArticleView) -> None:
        self.view = view
        self.hits: list[tuple[int, int]] = []
        self.candidates: list[tuple[int, int]] = []  # sorted
        self.current_candidate: tuple[int, int] | None = None
        self.current_suggestion: tuple[int, int] | None = None
        self.marked = (0, 0)  # the stretch whose disagreements are marked

    def forget(self) -> None:
        """Another article: nothing marked (the view clears its selections itself)."""
        self.hits = []
        self.candidates, self.current_candidate = [], None
        self.current_suggestion = None

    def set_hits(self, hits: list[tuple[int, int]]) -> None:
        self.hits = hits
        self.apply()

    def set_suggestion(self, extent: tuple[int, int] | None) -> None:
        if extent != self.current_suggestion:
            self.current_suggestion = extent
            self.apply()

    def set_candidates(self, disagreements: list[tuple[int, int]],
                       current: tuple[int, int] | None) -> None:
        self.candidates, self.current_candidate = sorted(disagreements), current
        self.apply()

    def scrolled(self, first: int, last: int) -> None:
        """The view shows [first, last]: mark the disagreements again once it reaches past
        those marked."""
        lo, hi = self.marked
        if first < lo or last > hi:
            self.apply()

    def apply(self) -> None:
        view = self.view
        if view.index is None:
            view.setExtraSelections([])
            return
        marks = []
        # Only the disagreements around what is in view (an article under review may have
        # thousands): marked again when scrolling reaches past them.
        top = view.top_offset()
        lo, hi = max(0, top - MARK_AROUND), top + 2 * MARK_AROUND
        self.marked = (lo, hi)
        first = bisect_right(self.candidates, (lo, lo))
        for start, end in self.candidates[max(0, first - 50):]:
            if start > hi:
                break
            if end < lo:
                continue
            mark = self._mark(start, end, None, None)
            mark.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            mark.format.setUnderlineColor(DISAGREEMENT_COLOR)
            marks.append(mark)
        if self.current_candidate is not None:
            marks.append(self._mark(*self.current_candidate, CURRENT_CANDIDATE_COLOR, None))
        if self.current_suggestion is not None:
            marks.append(self._mark(*self.current_suggestion, CURRENT_SUGGESTION_COLOR, None))
        for start, end in self.hits[:1000]:
            marks.append(self._mark(start, end, HIT_COLOR, None))
        view.setExtraSelections(marks)

    def _mark(self, start: int, end: int, background: QColor | None,
              foreground: QColor | None) -> QTextEdit.ExtraSelection:
        index = self.view.index  # set: apply() checked it
        mark = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(index.to_utf16(start))
        cursor.setPosition(index.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        mark.cursor = cursor
        if background is not None:
            mark.format.setBackground(background)
        if foreground is not None:
            mark.format.setForeground(foreground)
        return mark

"""What the window says about where the user is: the title (the store, read-only, review)
and the status bar's permanent parts (read-only, the suggestions offered, their threshold,
the selection, the progress, who annotates). A mixin of MainWindow, like file_actions.py."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QToolButton

from ..core.plural import plural
from .annotate.threshold import ThresholdSlider
from .plain import plain_label

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar

    from .controller import Controller

APP_TITLE = "Annotator"


class WindowStatus:
    # What it uses of the MainWindow it is mixed into.
    controller: Controller
    _article_total: int  # the store's articles (they change only with an import)

    if TYPE_CHECKING:  # QMainWindow's and MainWindow's, declared only: not to hide them
        def statusBar(self) -> QStatusBar: ...  # noqa: N802
        def setWindowTitle(self, title: str) -> None: ...  # noqa: N802
        def change_annotator(self) -> None: ...

    def _build_status_bar(self) -> None:
        self.annotator_button = QToolButton()
        self.annotator_button.setAutoRaise(True)
        self.annotator_button.setToolTip("Change who is annotating")
        self.annotator_button.clicked.connect(self.change_annotator)
        self.progress_label = plain_label()
        self.selection_label = plain_label()
        self.read_only_label = plain_label("Read-only")
        self.read_only_label.setToolTip("This store cannot be written: read and export only")
        self.read_only_label.hide()
        self.suggestion_label = plain_label()
        self.suggestion_label.setToolTip("Suggestions offered in this article (View > "
                                          "Suggestions): J / K go to them, Enter accepts, "
                                          "X rejects")
        self.suggestion_label.hide()
        status = self.statusBar()
        status.addPermanentWidget(self.read_only_label)
        status.addPermanentWidget(self.suggestion_label)
        self.threshold = ThresholdSlider(self.controller)
        status.addPermanentWidget(self.threshold)
        status.addPermanentWidget(self.selection_label)
        status.addPermanentWidget(self.progress_label)
        status.addPermanentWidget(self.annotator_button)
        self._article_total = 0

    def show_person(self) -> None:
        """Who is at the keyboard, and in which role, in the status bar and the title."""
        c = self.controller
        role = "Reviewer" if c.reviewing else "Annotator"
        self.annotator_button.setText(f"{role}: {c.person}" if c.person else
                                      "Reading only: give your name to annotate")
        title = APP_TITLE
        if c.store is not None and c.store.path is not None:
            name = Path(c.store.path).name
            if c.store.read_only:
                name += " (read-only)"
            title = f"{name} – {APP_TITLE}"
        self.read_only_label.setVisible(c.store is not None and c.store.read_only)
        self.setWindowTitle(f"{title} (review)" if c.reviewing else title)
        self._show_progress()

    def _show_progress(self) -> None:
        store = self.controller.store
        if store is None:
            self.progress_label.setText("")
            return
        c = self.controller
        if c.reviewing:
            from ..core.gold import REVIEW_STATUS
            done = store.browse.finished_count(c.annotator)
            self.progress_label.setText(f"{done} / {self._article_total} reviewed  ·  this "
                                        f"article: {REVIEW_STATUS[c.status()]}")
            return
        # a skipped article is not a done one: counted apart, "1 done, 1 skipped / 9"
        done, skipped = store.browse.finished_counts(c.annotator)
        counts = f"{done} done" + (f", {skipped} skipped" if skipped else "")
        self.progress_label.setText(f"{counts} / {self._article_total}  ·  this article: "
                                    f"{c.status()}")

    def _show_selection(self, start: int, end: int) -> None:
        text = (f"{start}–{end} ({plural(end - start, 'character')})" if end > start
                else f"at {start}")
        self.selection_label.setText(text)

    def _show_suggestion_count(self) -> None:
        """How many suggestions this article offers, while suggestions are shown."""
        c = self.controller
        count = len(c.state.suggestions)
        text = f"{count} suggestion{'s' if count != 1 else ''}"
        if c.state.suggestions_hidden:
            text += f" ({c.state.suggestions_hidden} under the threshold)"
        if text != self.suggestion_label.text():  # a new text lays the status bar out again
            self.suggestion_label.setText(text)
        self.suggestion_label.setVisible(c.suggesting and c.state.article is not None)

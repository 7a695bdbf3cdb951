"""The one object through which the window changes data (Anki's pattern).

It holds the open store, who annotates and in which layer, and the current article's state
(`ArticleState`, in article_state.py); its commands run core operations through the core's
History, and its signals tell the widgets what changed: widgets never call each other to
refresh. The commands on spans are in edit_commands.py, those on suggestions in
suggestion_commands.py, the registry's in registry_links.py, and following what others
wrote in catch_up.py: mixins of Controller.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.errors import AnnotatorError, StoreReadOnlyError, StoreWriteError
from .article_state import ArticleState
from .catch_up import CatchUp
from .edit_commands import EditCommands
from .lazy_ops import ops
from .registry_links import RegistryLinks
from .suggestion_commands import SuggestionCommands

if TYPE_CHECKING:
    from ..core.history import History
    from ..core.model import Article
    from ..core.operations import Change, Operation
    from ..core.schema import Label, Schema
    from ..core.store import Store

# The core's store, history and operations modules are imported when they are first needed
# (a store opened, a first change), after the window has painted (docs/architecture.md,
# "Measured choices"); `ops` is the operations so imported (lazy_ops.py).

# How long a change made in the window waits for another program's write (an import from
# the command line) before it is refused with a message: the window freezes meanwhile, so
# this is far below the command line's 10 s.
WINDOW_BUSY_TIMEOUT_S = 2.0


class Controller(CatchUp, RegistryLinks, EditCommands, SuggestionCommands, QObject):
    store_opened = Signal()          # a store was opened: lists and labels start over
    article_loaded = Signal()        # another article (or none) is current
    article_refreshed = Signal()     # others wrote to the current article (see catch_up)
    spans_changed = Signal(object)   # {span id: the span before the change, or None}
    relations_changed = Signal()
    selection_changed = Signal()     # the selected span
    status_changed = Signal()        # a layer status: list row, progress
    notes_changed = Signal()         # a reviewer's decision or comment
    mode_changed = Signal()          # review mode began or ended
    suggestions_changed = Signal()   # another suggestion layer, or what it offers here
    history_changed = Signal()
    registry_changed = Signal()      # an entry, or a span's link to one, changed
    message = Signal(str)            # something to tell the user in the status bar
    write_failed = Signal(str)       # a change was NOT saved (store busy, disk full): why

    def __init__(self, annotator: str) -> None:
        super().__init__()
        self.store: Store | None = None
        self._history: History | None = None
        self.person = annotator  # who is at the keyboard (the actor of every change)
        self.annotator = annotator  # whose layer is shown and edited (gold when reviewing)
        self.compared: tuple[str, ...] | None = None  # the annotators under review
        self.suggestion_layer: str | None = None  # shown over the person's own spans
        self.state = ArticleState()  # the current article, its spans, the selection
        self.snap_words = False
        # Asks who is annotating when nobody has said (the first start's prompt cancelled);
        # True when a name was given (and set). The window sets it.
        self.name_needed: Callable[[], bool] | None = None
        self._feed = None  # the store's change log, followed (catch_up.py)
        self._poll = QTimer(self)
        self._poll.timeout.connect(self.catch_up)
        self._follow_registry()  # registry_links.py

    # -- store and annotator ---------------------------------------------------------

    def open_store(self, path: Path) -> None:
        from ..core.store import Store
        # raises StoreError with a one-line message
        store = Store.open(path, busy_timeout=WINDOW_BUSY_TIMEOUT_S)
        self.close_store()
        self.store = store
        self._follow(store)
        self._history = None  # made at the first change (see `history`)
        self.store_opened.emit()
        self.history_changed.emit()

    def close_store(self) -> None:
        if self.store is None:
            return
        self._follow(None)
        self.store.close()
        self.store = self._history = None
        self.suggestion_layer = None
        self._set_article(None)
        self.store_opened.emit()  # lists empty themselves

    @property
    def history(self) -> History | None:
        """The undo history of this annotator in this store, made when first needed: the
        operations it runs load after the window is up (see `warm_up`)."""
        if self._history is None and self.store is not None:
            from ..core.history import History
            self._history = History(self.store, self.person)
        return self._history

    @property
    def can_undo(self) -> bool:
        return self._history is not None and self._history.can_undo

    @property
    def can_redo(self) -> bool:
        return self._history is not None and self._history.can_redo

    def warm_up(self) -> None:
        """Load what the first change needs, while the user is still reading."""
        from ..core import history, operations  # noqa: F401
        from ..core.text import snap_to_graphemes
        snap_to_graphemes("ab", 0, 1)  # compiles the grapheme patterns

    @property
    def schema(self) -> Schema:
        assert self.store is not None
        return self.store.schema

    def set_annotator(self, name: str) -> None:
        """Another person at the keyboard: their own layer (or, reviewing, the gold layer
        under their name) and their own undo history."""
        self.person = name
        if self.compared is None:
            self.annotator = name
        self._start_over()

    def has_person(self) -> bool:
        """Someone has given their name, so changes can be stored with it. When nobody has
        (the store is open for reading), ask now: the first annotating key asks again."""
        if self.person:
            return True
        if self.name_needed is not None and self.name_needed():
            return bool(self.person)
        self.message.emit("Nothing was changed: give your name first (the status bar's "
                          "annotator button).")
        return False

    @property
    def reviewing(self) -> bool:
        return self.compared is not None

    def start_review(self, annotators: tuple[str, ...]) -> None:
        """Review mode: compare these annotators' layers and edit the gold layer."""
        from ..core.gold import GOLD
        self.compared = tuple(annotators)
        self.annotator = GOLD
        self._start_over()
        self.mode_changed.emit()

    def stop_review(self) -> None:
        self.compared = None
        self.annotator = self.person
        self._start_over()
        self.mode_changed.emit()

    def _start_over(self) -> None:
        """Another layer or person: a new undo history, the lists and the article again."""
        if self.store is not None:
            self._history = None
            self.history_changed.emit()
            pk = self.state.article.pk if self.state.article else None
            self.store_opened.emit()
            self._set_article(self.store.annotations.article(pk) if pk is not None else None)

    # -- the current article ---------------------------------------------------------

    def load_article(self, pk: int | None) -> None:
        article = self.state.article
        if article is not None and pk == article.pk:
            return
        self._set_article(self.store.annotations.article(pk)
                          if self.store and pk is not None else None)

    def _set_article(self, article: Article | None) -> None:
        self.state.load(self.store, article, self.annotator)
        self._reload_suggestions()
        self.article_loaded.emit()

    def status(self) -> str:
        article = self.state.article
        if self.store is None or article is None:
            return "todo"
        return self.store.annotations.layer_status(article.pk, self.annotator) or "todo"

    def span_meta(self, span_id: int) -> dict[str, Any]:
        """What a suggester noted about a span (a quote's `speaker_name`); {} for none."""
        return self.store.annotations.span_meta(span_id) if self.store is not None else {}

    def select_span(self, span_id: int | None) -> None:
        if span_id is not None and span_id not in self.state.spans:
            span_id = None
        if span_id != self.state.selected:
            self.state.selected = span_id
            self.selection_changed.emit()

    # -- the layer's status ----------------------------------------------------------

    def set_status(self, status: str) -> None:
        article = self.state.article
        if article is not None and self.has_person() and self.status() != status:
            self.run(ops.SetStatus(article.pk, self.annotator, status))

    def next_open_article(self) -> int | None:
        article = self.state.article
        if self.store is None or article is None:
            return None
        return self.store.browse.next_open_article(article.pk, self.annotator)

    # -- undo and the change path ----------------------------------------------------

    def undo(self) -> None:
        self.catch_up()  # a write undo cannot take back clears the history first
        history = self._history
        if history is not None and history.can_undo:
            self._guarded(history.undo)

    def redo(self) -> None:
        self.catch_up()
        history = self._history
        if history is not None and history.can_redo:
            self._guarded(history.redo)

    def run(self, op: Operation) -> Change | None:
        """Run one operation (saved at once), then refresh from its change record."""
        if not self.has_person():
            return None
        assert self.history is not None
        return self._guarded(lambda: self.history.run(op))

    def _guarded(self, step) -> Change | None:
        try:
            change = step()
        except AnnotatorError as exc:
            self._refused(exc)
            self.history_changed.emit()
            return None
        if change is not None:
            self._after(change)
        return change

    def _refused(self, exc: AnnotatorError) -> None:
        """Tell why a change was not made: a change the store could not save gets a dialog
        (it must not pass unseen); a refused operation, or a read-only store, the status
        bar (the title already says read-only)."""
        if isinstance(exc, StoreWriteError) and not isinstance(exc, StoreReadOnlyError):
            self.write_failed.emit(str(exc))
        else:
            self.message.emit(str(exc))

    def _after(self, change: Change) -> None:
        """Bring the window up to date with what an operation (or its undo) changed."""
        assert self.store is not None
        state = self.state
        offers = False  # what the suggestions offer changed
        if change.article is not None and (state.article is None
                                           or change.article != state.article.pk):
            # undoing something done in another article: go there to show it
            self._set_article(self.store.annotations.article(change.article))
        elif change.annotator in (None, self.annotator):
            # only the spans the change names are read again
            before = state.reread_spans(self.store, self.annotator, change.spans)
            # before spans_changed, so that the text is drawn once with both
            offers = bool(change.suggestions or change.spans) and self.suggesting \
                and self._reload_suggestions()
            if change.relations or any(state.spans.get(i) is None for i in before):
                state.reload_relations(self.store, self.annotator)
                self.relations_changed.emit()
            if before:
                state.drop_lost_selection()
                self.spans_changed.emit(before)
                self.selection_changed.emit()
        if offers:
            self.suggestions_changed.emit()
        if change.status or change.spans:
            self.status_changed.emit()
        if change.comments and state.article is not None:
            state.reload_comments(self.store)
        if change.reviews or change.comments:
            self.notes_changed.emit()
        if change.registry:
            self.registry_changed.emit()
        self.history_changed.emit()

    def label(self, name: str) -> Label | None:
        return self.schema.label(name) if self.store is not None else None

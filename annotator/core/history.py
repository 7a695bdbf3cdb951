"""Undo and redo as data: a bounded stack of inverse operations, with grouping.

Lives in the core so that it is tested without Qt; the GUI only mirrors `undo_text`,
`redo_text`, `can_undo` and `can_redo` in its actions.

Every step checks the store before it acts; a step that no longer fits (what it would undo
was changed or removed by someone else) is dropped with a message instead of blocking the
steps under it. A window clears the history when a write it cannot undo (an import, a
merge, another program) touches a layer the history has steps in: `touches`, `clear`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .errors import OperationError
from .gold import GOLD
from .operations import Change, Group, Operation
from .store import Store

DEFAULT_LIMIT = 1000

# A layer: (article, annotator). None stands for "not said": a comment belongs to no layer,
# a change of several articles names none; it meets every layer of its article (or every
# article).
Layer = tuple[int | None, str | None]


class StepDropped(OperationError):
    """A step of the history could not be undone or redone, and is gone from it."""


@dataclass(frozen=True)
class _Entry:
    description: str
    operation: Operation  # what to apply to move this entry to the other stack
    layers: frozenset[Layer]  # where it acts


class History:
    """Runs operations for one actor and keeps what it needs to undo and redo them."""

    def __init__(self, store: Store, actor: str, limit: int = DEFAULT_LIMIT) -> None:
        self.store = store
        self.actor = actor
        self._undo: deque[_Entry] = deque(maxlen=limit)
        self._redo: list[_Entry] = []
        self._group: list[tuple[Operation, Operation, Layer]] | None = None

    def run(self, op: Operation) -> Change:
        """Apply `op` (saved at once) and make it the next step to undo."""
        change, inverse = op.apply(self.store, self.actor)
        layer = (change.article, change.annotator)
        if self._group is not None:
            self._group.append((op, inverse, layer))
        else:
            self._undo.append(_Entry(change.description, inverse, frozenset({layer})))
            self._redo.clear()
        return change

    @contextmanager
    def group(self, description: str) -> Iterator[None]:
        """Operations run inside become one step: one transaction, undone together."""
        if self._group is not None:  # nested: the outer group takes them
            yield
            return
        self._group = []
        try:
            with self.store.transaction():
                yield
        finally:
            done, self._group = self._group, None
        if done:
            inverse = Group(tuple(inv for _, inv, _ in reversed(done)), description)
            self._undo.append(_Entry(description, inverse,
                                     frozenset(layer for _, _, layer in done)))
            self._redo.clear()

    def undo(self) -> Change | None:
        """Undo the newest step. One that no longer fits the store is dropped (StepDropped
        says why); the steps under it stay."""
        if not self._undo:
            return None
        entry = self._undo[-1]
        try:
            change, redo = entry.operation.apply(self.store, self.actor, "undo")
        except OperationError as exc:
            self._undo.pop()
            left = " Older steps can still be undone." if self._undo else ""
            raise StepDropped(f"Cannot undo {entry.description}: {exc}. It is no longer in "
                              f"the undo history.{left}") from exc
        self._undo.pop()
        self._redo.append(_Entry(entry.description, redo, entry.layers))
        return change

    def redo(self) -> Change | None:
        """Redo the newest undone step. One that no longer fits is dropped, and the undone
        steps after it with it (each was done on top of it)."""
        if not self._redo:
            return None
        entry = self._redo[-1]
        try:
            change, undo = entry.operation.apply(self.store, self.actor, "redo")
        except OperationError as exc:
            self._redo.clear()
            raise StepDropped(f"Cannot redo {entry.description}: {exc}. "
                              "Nothing is left to redo.") from exc
        self._redo.pop()
        self._undo.append(_Entry(entry.description, undo, entry.layers))
        return change

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_text(self) -> str:
        """What Undo would undo, for the Edit menu ("Undo Add PERSON “Zarif”")."""
        return self._undo[-1].description if self._undo else ""

    @property
    def redo_text(self) -> str:
        return self._redo[-1].description if self._redo else ""

    def touches(self, layers: Iterable[Layer]) -> bool:
        """Whether a change of `layers` (written outside this history) meets a step, to undo
        or to redo. A gold-layer step meets every layer of its article: a reviewer's
        decision copies the annotators' spans. One pass over `layers` (a merge may name
        100,000)."""
        held: dict[int | None, set[str | None]] = {}
        for entry in (*self._undo, *self._redo):
            for article, annotator in entry.layers:
                held.setdefault(article, set()).add(annotator)
        if not held:
            return False
        anywhere = held.get(None, set())
        for article, annotator in layers:
            if article is None:
                return True  # a change that names no article may be anywhere
            for ours in (held.get(article), anywhere):
                if ours and (annotator is None or annotator in ours or None in ours
                             or GOLD in ours):
                    return True
        return False

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()


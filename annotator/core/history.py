"""Undo and redo as data: a bounded stack of inverse operations, with grouping.

Lives in the core so that it is tested without Qt; the GUI only mirrors `undo_text`,
`redo_text`, `can_undo` and `can_redo` in its actions.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .operations import Change, Group, Operation
from .store import Store

DEFAULT_LIMIT = 1000


@dataclass(frozen=True)
class _Entry:
    description: str
    operation: Operation  # what to apply to move this entry to the other stack


class History:
    """Runs operations for one actor and keeps what it needs to undo and redo them."""

    def __init__(self, store: Store, actor: str, limit: int = DEFAULT_LIMIT) -> None:
        self.store = store
        self.actor = actor
        self._undo: deque[_Entry] = deque(maxlen=limit)
        self._redo: list[_Entry] = []
        self._group: list[tuple[Operation, Operation]] | None = None

    def run(self, op: Operation) -> Change:
        """Apply `op` (saved at once) and make it the next step to undo."""
        change, inverse = op.apply(self.store, self.actor)
        if self._group is not None:
            self._group.append((op, inverse))
        else:
            self._undo.append(_Entry(change.description, inverse))
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
            inverse = Group(tuple(inv for _, inv in reversed(done)), description)
            self._undo.append(_Entry(description, inverse))
            self._redo.clear()

    def undo(self) -> Change | None:
        if not self._undo:
            return None
        entry = self._undo[-1]
        change, redo = entry.operation.apply(self.store, self.actor, "undo")
        self._undo.pop()
        self._redo.append(_Entry(entry.description, redo))
        return change

    def redo(self) -> Change | None:
        if not self._redo:
            return None
        entry = self._redo[-1]
        change, undo = entry.operation.apply(self.store, self.actor, "redo")
        self._redo.pop()
        self._undo.append(_Entry(entry.description, undo))
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

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()

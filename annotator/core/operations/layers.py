"""Operations on a whole layer (an annotator's status of an article), and groups of steps."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import OperationError
from ..model import STATUSES
from ..store import Store
from .base import Change, Operation, log


@dataclass(frozen=True)
class SetStatus:
    """Set an annotator's status of an article (todo, in progress, done, skipped)."""

    article: int
    annotator: str
    status: str | None  # None only when undoing: removes a layer that has no spans
    name: str = "set status"

    def describe(self, store: Store) -> str:
        return f"Mark {self.status or 'todo'}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        if self.status is not None and self.status not in STATUSES:
            raise OperationError(f"status must be one of {', '.join(STATUSES)}")
        if store.annotations.article_length(self.article) is None:
            raise OperationError(f"article {self.article} does not exist")
        before = store.annotations.layer_status(self.article, self.annotator)
        with store.transaction():
            if self.status is None and store.annotations.span_count(self.article, self.annotator):
                store.annotations.set_layer_status(self.article, self.annotator, "todo")
            else:
                store.annotations.set_layer_status(self.article, self.annotator, self.status)
            log(store, actor, how, self.name, self.article,
                 {"annotator": self.annotator, "from": before, "to": self.status})
        change = Change(self.name, self.describe(store), self.article, self.annotator,
                        status=True)
        return change, SetStatus(self.article, self.annotator, before)


@dataclass(frozen=True)
class Group:
    """Several operations as one step of the history (undone together, in reverse)."""

    operations: tuple[Operation, ...]
    description: str
    name: str = "group"

    def describe(self, store: Store) -> str:
        return self.description

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        inverses: list[Operation] = []
        change: Change | None = None
        with store.transaction():
            for op in self.operations:
                one, inverse = op.apply(store, actor, how)
                change = one if change is None else change.merge(one, self.description)
                inverses.append(inverse)
        if change is None:
            change = Change(self.name, self.description, None, None)
        return (replace(change, description=self.description),
                Group(tuple(reversed(inverses)), self.description))

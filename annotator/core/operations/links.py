"""Operations on relations: link two spans (a quote to its speaker), unlink them."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import OperationError
from ..model import Relation, Span
from ..rules import relation_problem
from ..store import Store
from .base import Change, Operation, log, require_span, short


@dataclass(frozen=True)
class AddRelation:
    """Link two spans of one layer, e.g. a quote (head) to its speaker (child)."""

    head: int
    child: int
    label: str
    relation_id: int | None = None
    name: str = "add relation"

    def describe(self, store: Store) -> str:
        return self._describe(require_span(store, self.head), require_span(store, self.child))

    def _describe(self, head: Span, child: Span) -> str:
        return f"Link {short(head.text, 20)} {self.label} {short(child.text, 20)}"

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        head, child = require_span(store, self.head), require_span(store, self.child)
        problem = relation_problem(
            store.schema, self.label, head.label, child.label, same_span=head.id == child.id,
            same_layer=(head.article, head.annotator) == (child.article, child.annotator))
        if problem is not None:
            raise OperationError(problem)
        if store.annotations.find_relation(head.id, child.id, self.label):
            raise OperationError(f"these spans are already linked by {self.label}")
        description = self._describe(head, child)
        with store.transaction():
            rel = store.annotations.insert_relation(Relation(self.relation_id or 0, head.id,
                                                             child.id,
                                                 self.label))
            log(store, actor, how, self.name, head.article,
                 {"relation": rel.id, "head": head.id, "child": child.id, "label": self.label,
                  "annotator": head.annotator})
        change = Change(self.name, description, head.article, head.annotator,
                        frozenset({head.id, child.id}), relations=True)
        return change, RemoveRelation(rel.id)


@dataclass(frozen=True)
class RemoveRelation:
    relation_id: int
    name: str = "remove relation"

    def describe(self, store: Store) -> str:
        rel = self._relation(store)
        return self._describe(rel, require_span(store, rel.head), require_span(store, rel.child))

    @staticmethod
    def _describe(rel: Relation, head: Span, child: Span) -> str:
        return f"Unlink {short(head.text, 20)} {rel.label} {short(child.text, 20)}"

    def _relation(self, store: Store) -> Relation:
        rel = store.annotations.relation(self.relation_id)
        if rel is None:
            raise OperationError(f"relation {self.relation_id} does not exist")
        return rel

    def apply(self, store: Store, actor: str, how: str = "do") -> tuple[Change, Operation]:
        rel = self._relation(store)
        head, child = require_span(store, rel.head), require_span(store, rel.child)
        description = self._describe(rel, head, child)
        with store.transaction():
            store.annotations.delete_relation(rel.id)
            log(store, actor, how, self.name, head.article,
                 {"relation": rel.id, "head": rel.head, "child": rel.child, "label": rel.label,
                  "annotator": head.annotator})
        change = Change(self.name, description, head.article, head.annotator,
                        frozenset({rel.head, rel.child}), relations=True)
        return change, AddRelation(rel.head, rel.child, rel.label, relation_id=rel.id)

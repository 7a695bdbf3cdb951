"""The labels, relation labels and attributes a record brings, checked against a store's
schema and added to it when they are new (the import and the merge share this gate)."""

from __future__ import annotations

from dataclasses import replace

from ..kinds import DEFAULT_KIND
from ..rules import attrs_problem, relation_problem
from ..schema import EXTRA_COLORS, Attribute, Label, RelationLabel, Schema
from ..store import Store
from .import_records import ImportRecord, RecordError


class LabelGate:
    """Checks a record's labels against the store's schema and adds the unknown ones
    (refused with `strict`), as the import and the merge both do.

    `known` is where an unknown label's definition comes from when there is one (the
    schema of a store being merged); otherwise a label gets the span's kind and one of
    EXTRA_COLORS, a relation label no constraints.
    """

    def __init__(self, store: Store, strict: bool, added: list[str],
                 known: Schema | None = None) -> None:
        self.store, self.strict, self.added, self.known = store, strict, added, known
        self.labels = {label.name: label for label in store.schema.labels}
        self.relations = {rel.name: rel for rel in store.schema.relations}

    def check(self, record: ImportRecord) -> None:
        """The record's labels known (or added), then the rulebook's span and relation
        rules (rules.py) against the schema they make."""
        for n, raw in enumerate(record.spans):
            label = self.labels.get(raw.label)
            if label is None:
                label = self._add_label(n, raw.label, raw.kind)
            elif raw.kind is not None and raw.kind != label.kind:
                raise RecordError(f"span {n}: label {raw.label} is a {label.kind} label in "
                                  f"this store, not a {raw.kind}")
        for n, rel in enumerate(record.relations):
            if self.relations.get(rel.label) is None:
                self._add_relation(n, rel.label)
        for n, raw in enumerate(record.spans):
            for name in raw.attrs if record.adds_attributes else ():
                self._ensure_attribute(n, raw.label, name)
        schema = self.store.schema
        for n, raw in enumerate(record.spans):
            problem = attrs_problem(schema, raw.label, raw.attrs) if raw.attrs else None
            if problem is not None:
                raise RecordError(f"span {n}: {problem}")
        for n, rel in enumerate(record.relations):
            problem = relation_problem(schema, rel.label, record.spans[rel.head].label,
                                       record.spans[rel.child].label,
                                       same_span=rel.head == rel.child, same_layer=True)
            if problem is not None:
                raise RecordError(f"relation {n}: {problem}")

    def _add_label(self, n: int, name: str, kind: str | None) -> Label:
        if self.strict:
            raise RecordError(f"span {n}: label {name!r} is not in the schema "
                              "(--strict-labels)")
        known = self.known.label(name) if self.known is not None else None
        if known is not None:
            if kind is not None and kind != known.kind:
                raise RecordError(f"span {n}: label {name} is a {known.kind} label, "
                                  f"not a {kind}")
            keys = {label.key for label in self.labels.values()}
            # The shortcut comes along unless this store already uses that key.
            label = Label(name, known.kind, known.color,
                          known.key if known.key not in keys else None, known.description)
        else:
            color = EXTRA_COLORS[len(self.added) % len(EXTRA_COLORS)]
            label = Label(name, kind or DEFAULT_KIND, color)
        self.store.add_label(label)
        self.labels[name] = label
        self.added.append(name)
        return label

    def _ensure_attribute(self, n: int, label: str, name: str) -> None:
        """An attribute the schema lacks is added for the label's kind, with any value
        (refused with `strict`), as an unknown label is."""
        schema = self.store.schema
        kind = schema.kind_of(label)
        if any(a.name == name for a in schema.attributes_for(kind)):
            return
        if self.strict:
            raise RecordError(f"span {n}: attribute {name!r} is not in the schema "
                              "(--strict-labels)")
        self.store.replace_schema(replace(schema, attributes=(
            *schema.attributes, Attribute(kind, name))))
        self.added.append(f"{name} (attribute of {kind} spans)")

    def _add_relation(self, n: int, name: str) -> RelationLabel:
        if self.strict:
            raise RecordError(f"relation {n}: label {name!r} is not in the schema "
                              "(--strict-labels)")
        known = self.known.relation(name) if self.known is not None else None
        relation = known or RelationLabel(name)
        self.store.add_relation_label(relation)
        self.relations[name] = relation
        self.added.append(name)
        return relation

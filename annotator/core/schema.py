"""The label schema: span labels, relation labels and span attributes.

A schema lives in the store (so a store file describes itself); this module only defines its
shape, reads it from TOML and checks it. It never touches the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from .errors import DataError
from .kinds import DEFAULT_KIND, is_kind, kind_named, kind_names

T = TypeVar("T")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_NAME = re.compile(r"^[^\s\x00-\x1f]{1,64}$")

# Colours handed to labels that arrive with an import and are not in the schema yet (Paul
# Tol's "muted" scheme: colour-blind safe, distinct from the default entity colours).
EXTRA_COLORS = ("#88CCEE", "#44AA99", "#117733", "#DDCC77", "#CC6677", "#AA4499", "#882255",
                "#332288")

# The single keys the window uses for its own commands (speaker link, attribute, fit bounds;
# review: next, previous, reject, comment, and the digits that accept an annotator's
# version). A label cannot take one: its key would never reach it. The window binds its
# commands from these names, and a GUI test checks that it binds no other single key.
SPEAKER_KEY, ATTRIBUTE_KEY, FIT_KEY = "s", "a", "b"
NEXT_KEY, PREVIOUS_KEY, REJECT_KEY, COMMENT_KEY = "j", "k", "x", "m"
ACCEPT_KEYS = tuple(str(number) for number in range(1, 10))
RESERVED_KEYS = frozenset((SPEAKER_KEY, ATTRIBUTE_KEY, FIT_KEY, NEXT_KEY, PREVIOUS_KEY,
                           REJECT_KEY, COMMENT_KEY, *ACCEPT_KEYS))


@dataclass(frozen=True)
class Label:
    """A span label: its kind decides how it is drawn and which relations it takes."""

    name: str
    kind: str = DEFAULT_KIND
    color: str = "#999999"
    key: str | None = None
    description: str = ""


@dataclass(frozen=True)
class RelationLabel:
    """A relation label; `head` and `child` name the kinds or labels allowed at each end."""

    name: str
    head: tuple[str, ...] = ()
    child: tuple[str, ...] = ()
    description: str = ""
    several: bool = False  # a head may have several links of it (a claim's sources)

    def allows(self, head: Label, child: Label) -> bool:
        def fits(allowed: tuple[str, ...], label: Label) -> bool:
            return not allowed or label.kind in allowed or label.name in allowed

        return fits(self.head, head) and fits(self.child, child)


@dataclass(frozen=True)
class Attribute:
    """A span attribute that spans of one kind can carry, with its allowed values."""

    kind: str
    name: str
    values: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class EntryAttribute:
    """An attribute that registry entries can carry (a speaker's gender, role), with its
    allowed values; `kinds` names the entity labels whose entries take it (all when empty)."""

    name: str
    values: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    description: str = ""

    def applies_to(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


@dataclass(frozen=True)
class Schema:
    labels: tuple[Label, ...] = ()
    relations: tuple[RelationLabel, ...] = ()
    attributes: tuple[Attribute, ...] = field(default=())
    entry_attributes: tuple[EntryAttribute, ...] = field(default=())

    @cached_property
    def _labels_by_name(self) -> dict[str, Label]:
        return {label.name: label for label in self.labels}

    def label(self, name: str) -> Label | None:
        return self._labels_by_name.get(name)

    def kind_of(self, name: str) -> str:
        """A label's kind; an unknown label has the default kind (an entity)."""
        label = self._labels_by_name.get(name)
        return label.kind if label else DEFAULT_KIND

    def relation(self, name: str) -> RelationLabel | None:
        return next((rel for rel in self.relations if rel.name == name), None)

    def attributes_for(self, kind: str) -> tuple[Attribute, ...]:
        return tuple(attr for attr in self.attributes if attr.kind == kind)

    @cached_property
    def _entity_labels(self) -> tuple[str, ...]:
        return tuple(label.name for label in self.labels
                     if is_kind(label.kind) and kind_named(label.kind).entries)

    def entity_labels(self) -> tuple[str, ...]:
        """The names of the entity labels: the kinds a registry entry can have."""
        return self._entity_labels

    @cached_property
    def _linkable_labels(self) -> tuple[str, ...]:
        return tuple(label.name for label in self.labels if is_kind(label.kind) and (
            kind_named(label.kind).entries or kind_named(label.kind).refers))

    def linkable_labels(self) -> tuple[str, ...]:
        """The labels whose spans link to registry entries: the entity labels, and the
        source mentions ("he", "the ministry"), which may name an entry of any kind."""
        return self._linkable_labels

    def refers_to_any(self, name: str) -> bool:
        """Whether a span of this label may link to an entry of any kind (a mention)."""
        label = self._labels_by_name.get(name)
        return label is not None and is_kind(label.kind) and kind_named(label.kind).refers

    def entry_attributes_for(self, kind: str) -> tuple[EntryAttribute, ...]:
        """The attributes an entry of this kind (an entity label) can carry."""
        return tuple(attr for attr in self.entry_attributes if attr.applies_to(kind))


def default_schema() -> Schema:
    """The news schema shipped with the package."""
    from importlib import resources  # loaded when needed: the window starts faster
    text = resources.files("annotator.data").joinpath("default_schema.toml").read_text("utf-8")
    return parse_schema(text, "default_schema.toml")


def load_schema(path: str | Path) -> Schema:
    """Read a schema from a TOML file; a bad file raises DataError naming the file."""
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read the schema: {exc}") from None
    return parse_schema(text, str(path))


def parse_schema(text: str, source: str) -> Schema:
    try:
        import tomllib
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{source}: not valid TOML: {exc}") from None
    try:
        labels = _entries(data, "labels", _label)
        relations = _entries(data, "relations", _relation)
        attributes = _entries(data, "attributes", _attribute)
        entry_attributes = _entries(data, "entry_attributes", _entry_attribute)
    except (TypeError, ValueError, KeyError) as exc:
        raise DataError(f"{source}: {exc}") from None
    schema = Schema(labels, relations, attributes, entry_attributes)
    problems = validate_schema(schema)
    if problems:
        raise DataError(f"{source}: {problems[0]}")
    return schema


def validate_schema(schema: Schema) -> list[str]:
    """Every problem of a schema, as sentences; an empty list when it is sound."""
    problems = []
    seen: dict[str, str] = {}
    keys: dict[str, str] = {}
    for label in schema.labels:
        if not _NAME.match(label.name):
            problems.append(f"label name {label.name!r} must be 1-64 characters without spaces")
        if label.name in seen:
            problems.append(f"label {label.name} is defined twice")
        seen[label.name] = label.kind
        if not is_kind(label.kind):
            problems.append(f"label {label.name}: kind must be one of {', '.join(kind_names())}")
        if not _COLOR.match(label.color):
            problems.append(f"label {label.name}: colour {label.color!r} is not #RRGGBB")
        if label.key is not None:
            if len(label.key) != 1 or not label.key.isprintable() or label.key.isspace():
                problems.append(f"label {label.name}: key {label.key!r} must be one character")
            elif label.key.lower() in RESERVED_KEYS:
                problems.append(f"label {label.name}: key {label.key!r} is taken by a command "
                                f"of the window (taken keys: {', '.join(sorted(RESERVED_KEYS))})")
            elif label.key.lower() in keys:
                problems.append(f"labels {keys[label.key.lower()]} and {label.name} share the "
                                f"key {label.key!r}")
            else:
                keys[label.key.lower()] = label.name
    relation_names = set()
    for rel in schema.relations:
        if not _NAME.match(rel.name):
            problems.append(f"relation name {rel.name!r} must be 1-64 characters without spaces")
        if rel.name in relation_names:
            problems.append(f"relation {rel.name} is defined twice")
        relation_names.add(rel.name)
        problems.extend(f"relation {rel.name}: {end!r} is neither a kind nor a label"
                        for end in rel.head + rel.child if not is_kind(end) and end not in seen)
    attribute_keys = set()
    for attr in schema.attributes:
        if not is_kind(attr.kind):
            problems.append(f"attribute {attr.name}: kind must be one of "
                            f"{', '.join(kind_names())}")
        if (attr.kind, attr.name) in attribute_keys:
            problems.append(f"attribute {attr.name} of {attr.kind} is defined twice")
        attribute_keys.add((attr.kind, attr.name))
    problems.extend(_entry_attribute_problems(schema))
    return problems


def _entry_attribute_problems(schema: Schema) -> list[str]:
    """The registry's entry attributes: named, once each, for entity labels of the schema."""
    problems = []
    names: set[str] = set()
    for attr in schema.entry_attributes:
        if not _NAME.match(attr.name):
            problems.append(f"entry attribute name {attr.name!r} must be 1-64 characters "
                            "without spaces")
        if attr.name in names:
            problems.append(f"entry attribute {attr.name} is defined twice")
        names.add(attr.name)
        if len(set(attr.values)) != len(attr.values):
            problems.append(f"entry attribute {attr.name}: a value is listed twice")
        for kind in attr.kinds:
            if kind not in schema.entity_labels():
                entity = ", ".join(schema.entity_labels())
                problems.append(f"entry attribute {attr.name}: {kind!r} is not an entity "
                                f"label of the schema (entity labels: {entity or 'none'})")
    return problems


def _entries(data: dict, section: str, make: Callable[[dict], T]) -> tuple[T, ...]:
    """The `[[section]]` tables made into objects; a section or an entry of the wrong shape
    raises ValueError naming the entry at fault."""
    entries = data.get(section, [])
    if not isinstance(entries, list):
        raise ValueError(f"{section} must be a list of [[{section}]] tables, not "
                         f"{_shown(entries)}")
    made = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise ValueError(f"{section} entry {number} must be a [[{section}]] table, not "
                             f"{_shown(entry)}")
        try:
            made.append(make(entry))
        except (TypeError, ValueError) as exc:
            name = entry.get("name")
            named = f" ({name})" if isinstance(name, str) and name else ""
            raise ValueError(f"{section} entry {number}{named}: {exc}") from None
    return tuple(made)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _strings(value: object, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{what} must be a list of strings")
    return tuple(value)


def _text(item: dict, key: str, default: str = "") -> str:
    value = item.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string, not {value!r}")
    return value


def _label(item: dict) -> Label:
    key = item.get("key")
    return Label(name=_text(item, "name"), kind=_text(item, "kind", DEFAULT_KIND),
                 color=_text(item, "color", "#999999"),
                 key=None if key in (None, "") else _text(item, "key"),
                 description=_text(item, "description"))


def _relation(item: dict) -> RelationLabel:
    name = _text(item, "name")
    several = item.get("several", False)
    if not isinstance(several, bool):
        raise ValueError(f"several must be true or false, not {several!r}")
    return RelationLabel(name=name, head=_strings(item.get("head", []), f"{name}.head"),
                         child=_strings(item.get("child", []), f"{name}.child"),
                         description=_text(item, "description"), several=several)


def _attribute(item: dict) -> Attribute:
    name = _text(item, "name")
    return Attribute(kind=_text(item, "kind"), name=name,
                     values=_strings(item.get("values", []), f"{name}.values"),
                     description=_text(item, "description"))


def _entry_attribute(item: dict) -> EntryAttribute:
    name = _text(item, "name")
    unknown = set(item) - {"name", "values", "kinds", "description"}
    if unknown:
        raise ValueError(f"unknown field {min(unknown)!r} (fields: name, values, kinds, "
                         "description)")
    return EntryAttribute(name=name, values=_strings(item.get("values", []), f"{name}.values"),
                          kinds=_strings(item.get("kinds", []), f"{name}.kinds"),
                          description=_text(item, "description"))

"""The domain rules: what a span, a relation and a layer may hold, in one place.

Every writer asks here (the operations, the import, the merge) and so does `annotator
check`. The rules read the store's Schema; each answers with a one-line problem (a string)
or None, and the caller raises its own error (OperationError, RecordError) or reports it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from typing import Any

from .gold import GOLD
from .kinds import kind_named
from .schema import Schema
from .text import whitespace_ends

# Deeper JSON than this in a record is refused before anything recurses over it (json.dumps
# and the comparison of attributes would raise RecursionError near 1,000 levels).
MAX_JSON_DEPTH = 100

SpanKey = tuple[int, int, str]


def bounds_problem(length: int | None, start: Any, end: Any) -> str | None:
    """A span lies inside the text and is not empty."""
    if length is None:
        return "the article does not exist"
    if type(start) is not int or type(end) is not int:
        return f"offsets must be whole numbers, not {start!r}-{end!r}"
    if not 0 <= start < end <= length:
        return f"{start}-{end} is not a non-empty stretch of the text (length {length})"
    return None


def trim_bounds(span_text: str, start: int, end: int) -> tuple[int, int]:
    """Spans never start or end with whitespace: the bounds `[start, end)` without it, where
    `span_text` is the article's slice there. Equal bounds mean the stretch is only
    whitespace, which no span may be (`blank_span_message`)."""
    lead, trail = whitespace_ends(span_text)
    return start + lead, end - trail


def whitespace_problem(span_text: str) -> str | None:
    """A stored span with whitespace at an end (made before the rule, or written around it)."""
    if whitespace_ends(span_text) == (0, 0):
        return None
    return (f"{span_text!r} starts or ends with whitespace (the NER exports drop such a "
            "span; move its bounds in the window)")


def blank_span_message(start: int, end: int) -> str:
    return (f"{start}-{end} is only whitespace: a span needs at least one character "
            "that is not a space")


def text_problem(article_text: str, start: int, end: int, stored: str) -> str | None:
    """A span's stored text is the article's slice."""
    actual = article_text[start:end]
    if stored != actual:
        return f"stored text {stored!r} but the article has {actual!r} at {start}-{end}"
    return None


def label_problem(schema: Schema, label: Any) -> str | None:
    if not isinstance(label, str) or schema.label(label) is None:
        return f"label {label!r} is not in the schema"
    return None


def attrs_problem(schema: Schema, label: str, attrs: Any) -> str | None:
    """A span's attributes are those its label's kind defines, with allowed values."""
    if not isinstance(attrs, Mapping):
        return f"attributes must be an object, not {type(attrs).__name__}"
    for name, value in attrs.items():
        problem = attribute_problem(schema, label, name, value)
        if problem is not None:
            return problem
    return None


def attribute_problem(schema: Schema, label: str, name: Any, value: Any) -> str | None:
    """One attribute of a span with `label`; a value of None means "removed" (always fine)."""
    if value is None:
        return None
    kind = schema.kind_of(label)
    defined = {a.name: a for a in schema.attributes_for(kind)}
    if name not in defined:
        known = ", ".join(defined) or "none"
        return f"{kind_named(kind).indefinite} has no attribute {name!r} (it has: {known})"
    allowed = defined[name].values
    if allowed and value not in allowed:
        return (f"{name} of {kind_named(kind).indefinite} must be one of "
                f"{', '.join(allowed)}, not {value!r}")
    if not isinstance(value, str | int | float | bool):
        return f"{name} must be a single value, not {type(value).__name__}"
    return None


def fit_attrs(schema: Schema, label: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """The attributes a span keeps under `label` (relabelling drops the others)."""
    return {name: value for name, value in attrs.items()
            if attribute_problem(schema, label, name, value) is None}


def relation_problem(schema: Schema, label: Any, head_label: str, child_label: str, *,
                     same_span: bool, same_layer: bool) -> str | None:
    """A relation has a known label, allowed ends, in one layer, and two different spans."""
    relation = schema.relation(label) if isinstance(label, str) else None
    if relation is None:
        return f"relation {label!r} is not in the schema"
    if same_span:
        return "a span cannot be linked to itself"
    if not same_layer:
        return "only spans of the same article and annotator can be linked"
    head, child = schema.label(head_label), schema.label(child_label)
    if head is not None and child is not None and not relation.allows(head, child):
        return (f"{label} cannot go from {head.name} ({head.kind}) to "
                f"{child.name} ({child.kind})")
    return None


def annotator_problem(name: Any, *, review: bool = False) -> str | None:
    """An annotator's name is not empty, and the gold layer is written by review only."""
    if not isinstance(name, str) or not name.strip():
        return f"an annotator name must be a non-empty string, not {name!r}"
    if name == GOLD and not review:
        return (f"the annotator name {GOLD!r} is reserved for the reviewed version; "
                "only review writes it")
    return None


def span_key(start: int, end: int, label: str) -> SpanKey:
    """A layer holds at most one span with the same key."""
    return (start, end, label)


def duplicate_span_message(start: int, end: int, label: str) -> str:
    return f"the layer already has a {label} span at {start}-{end}"


def json_problem(value: Any, limit: int = MAX_JSON_DEPTH) -> str | None:
    """JSON nested deeper than `limit`, or a number JSON cannot write back (NaN, Infinity);
    checked without recursion."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return f"{item} is not a number JSON can hold"
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return f"nested more than {limit} levels deep"
        stack.extend((child, depth + 1) for child in children
                     if isinstance(child, dict | list | float))
    return None


def suggestion_layer_problem(name: str, people: Collection[str]) -> str | None:
    """Suggestions go to a layer of their own: never gold, never a person's layer."""
    if not name.strip():
        return "a suggestion layer needs a name"
    if name == GOLD:
        return f"{GOLD!r} is the reviewed layer: suggestions go to a layer of their own"
    if name in people:
        return (f"{name!r} is a person's own layer: suggestions go to a layer of their own "
                "(the default is 'suggested')")
    return None


# -- the registry ---------------------------------------------------------------------------

_WIKIDATA = re.compile(r"Q[1-9][0-9]*")

# Entity labels whose spans may link to an entry of the other kind: a government speaks in
# its country's name ("Iran said"), a group by its members' ("Iraqi officials"). Any other
# pair must match exactly.
COMPATIBLE_ENTRY_KINDS = frozenset({frozenset({"ORG", "GPE"}), frozenset({"ORG", "NORP"})})


def wikidata_problem(value: Any) -> str | None:
    """A Wikidata id is Q and a number without leading zeros (Q42), or absent."""
    if value is None:
        return None
    if not isinstance(value, str) or not _WIKIDATA.fullmatch(value):
        return f"{value!r} is not a Wikidata id (Q followed by a number, like Q42)"
    return None


def entry_kind_problem(schema: Schema, kind: Any) -> str | None:
    """An entry's kind is one of the schema's entity labels."""
    entity = schema.entity_labels()
    if not isinstance(kind, str) or kind not in entity:
        return (f"kind {kind!r} is not an entity label of the schema (kinds: "
                f"{', '.join(entity) or 'none'})")
    return None


def entry_problem(schema: Schema, name: Any, kind: Any, aliases: Any, wikidata: Any,
                  attrs: Any) -> str | None:
    """An entry has a name, a kind, aliases as strings, a well-formed Wikidata id and the
    attributes its kind allows."""
    if not isinstance(name, str) or not name.strip():
        return f"an entry needs a name, not {name!r}"
    problem = entry_kind_problem(schema, kind) or wikidata_problem(wikidata)
    if problem is not None:
        return problem
    if not isinstance(aliases, list | tuple) or not all(
            isinstance(alias, str) and alias.strip() for alias in aliases):
        return "aliases must be a list of non-empty strings"
    if not isinstance(attrs, Mapping):
        return f"entry attributes must be an object, not {type(attrs).__name__}"
    defined = {attr.name: attr for attr in schema.entry_attributes_for(kind)}
    for attr_name, value in attrs.items():
        if attr_name not in defined:
            return (f"an entry of kind {kind} has no attribute {attr_name!r} (it has: "
                    f"{', '.join(defined) or 'none'})")
        allowed = defined[attr_name].values
        if value is not None and allowed and value not in allowed:
            return f"{attr_name} must be one of {', '.join(allowed)}, not {value!r}"
        if value is not None and not isinstance(value, str | int | float | bool):
            return f"{attr_name} must be a single value, not {type(value).__name__}"
    return None


def kinds_compatible(span_label: str, entry_kind: str) -> bool:
    return span_label == entry_kind or frozenset({span_label, entry_kind}) in \
        COMPATIBLE_ENTRY_KINDS


def entry_link_problem(schema: Schema, span_label: str, entry_kind: str) -> str | None:
    """An entity span links to an entry of its own kind or a compatible one; a source
    mention ("he", "the ministry") to an entry of any kind; nothing else links."""
    label = schema.label(span_label)
    if label is None or span_label not in schema.linkable_labels():
        return (f"only entity spans and source mentions link to registry entries; "
                f"{span_label} is "
                f"{kind_named(label.kind).indefinite if label else 'not in the schema'}")
    if schema.refers_to_any(span_label):
        return None
    if not kinds_compatible(span_label, entry_kind):
        return f"a {span_label} span cannot link to an entry of kind {entry_kind}"
    return None

"""Turning one import record (our JSONL, Prodigy, doccano) into a checked ImportRecord.

Pure functions over already-decoded JSON: no files, no database. Offsets here are still into
the record's original text; the importer canonicalises the text and remaps them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..kinds import is_kind, kind_names
from ..model import ORIGINS, STATUSES
from ..plural import plural
from ..rules import annotator_problem
from .prodigy import is_prodigy, keep_prodigy_fields


class RecordError(ValueError):
    """One bad record: the message says what is wrong, the importer adds file and line."""


@dataclass(slots=True)
class RawSpan:
    start: int
    end: int
    label: str
    kind: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    origin: str | None = None  # manual, imported or suggested, when the record says
    entry: int | None = None  # ours: the registry entry it links to (in the record's store)
    meta: dict[str, Any] = field(default_factory=dict)  # ours: what a suggester noted


@dataclass
class RawRelation:
    head: int  # index into the record's spans
    child: int
    label: str


@dataclass
class ImportRecord:
    text: str
    id: str | None = None
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    spans: list[RawSpan] = field(default_factory=list)
    relations: list[RawRelation] = field(default_factory=list)
    annotator: str | None = None
    status: str | None = None
    # Prodigy answers on one text (ner.teach) add up: a later one joins the layer that an
    # earlier one of the same file made, rather than being skipped as a duplicate.
    joins_layer: bool = False
    # Another tool's predictions (Label Studio): the layer is a suggestion layer, offered to
    # annotators like `annotator suggest`'s, and this names where it came from.
    suggested_by: str | None = None
    # Another tool's attributes (brat, Label Studio) join the schema as its labels do;
    # ours must already be in it.
    adds_attributes: bool = False
    # Said about the record on the way in: what was changed (a discontinuous entity split,
    # offsets read as UTF-16) and, by what it is, what the store does not hold.
    notices: list[str] = field(default_factory=list)
    left_out: Counter = field(default_factory=Counter)
    # A plain text's boilerplate lines left out of it: (line in the file, its text).
    dropped_lines: list[tuple[int, str]] = field(default_factory=list)




def parse_record(obj: Any) -> ImportRecord | str:
    """Our JSONL, a Prodigy task or a doccano record, detected from its keys.

    Returns the reason as a string for a record that is deliberately skipped (a Prodigy
    answer of "reject" or "ignore"); raises RecordError for a bad one.
    """
    if not isinstance(obj, dict):
        raise RecordError(f"expected a JSON object, got {_kind_of(obj)}")
    answer = obj.get("answer")
    if answer in ("reject", "ignore"):
        return f"answer {answer}"
    if is_prodigy(obj) and isinstance(obj.get("text"), str) and not obj["text"].strip():
        return "Prodigy task with an empty text"  # nothing to store, nothing to learn
    text = _text(obj)
    status = _status(obj.get("status"))
    if answer == "accept" and status is None:
        status = "done"  # an accepted task is finished, even with no spans (a negative)
    record = ImportRecord(text=text, id=_id(obj.get("id")), title=_optional_str(obj, "title"),
                          meta=_dict(obj, "meta"), annotator=_optional_str(obj, "annotator"),
                          status=status)
    if record.annotator is not None:
        # The gold name is the reader's to refuse (an import) or skip (a merge).
        problem = annotator_problem(record.annotator, review=True)
        if problem is not None:
            raise RecordError(f'"annotator": {problem}')
    if "entities" in obj:
        _doccano_entities(obj, record)
    elif isinstance(obj.get("label"), list):
        _doccano_labels(obj, record)
    elif isinstance(obj.get("annotations"), list):
        _doccano_annotations(obj, record)
    else:
        _spans_and_relations(obj, record)
        if is_prodigy(obj):
            keep_prodigy_fields(obj, record)
            record.joins_layer = True
    _refuse_unread(obj)
    return record


# Keys whose lists of objects with offsets this importer reads (tokens are Prodigy's own).
_READ_LISTS = frozenset({"spans", "relations", "entities", "label", "annotations", "tokens"})
_OFFSET_KEYS = (("start", "end"), ("start_offset", "end_offset"), ("begin", "end"))


def _refuse_unread(obj: dict) -> None:
    """A key holding a list of objects with offsets is annotations in a shape this
    importer does not know: refused, never imported silently as plain text."""
    for key, value in obj.items():
        if key in _READ_LISTS or not isinstance(value, list):
            continue
        for item in value:
            if isinstance(item, dict) and any(a in item and b in item
                                              for a, b in _OFFSET_KEYS):
                raise RecordError(f'"{key}" holds annotations with offsets in a shape this '
                                  "importer does not read; convert them to \"spans\" "
                                  "(start, end, label)")


# -- the shapes ---------------------------------------------------------------------------

def _spans_and_relations(obj: dict, record: ImportRecord) -> None:
    """Ours and Prodigy's: `spans` with start/end/label; relations by id, index or span."""
    spans = obj.get("spans")
    if spans is None:
        spans = []
    if not isinstance(spans, list):
        raise RecordError(f'"spans" must be a list, not {_kind_of(spans)}')
    by_key: dict[Any, int] = {}
    length = len(record.text)
    prodigy = is_prodigy(obj)  # a Prodigy span's other keys are kept in the article's meta
    for n, item in enumerate(spans):
        if not isinstance(item, dict):
            raise RecordError(f"span {n} must be an object, not {_kind_of(item)}")
        start, end, label = item.get("start"), item.get("end"), item.get("label")
        # The common case checked inline (an import has millions of spans); anything
        # else goes through _span, which says what is wrong.
        if (type(start) is int and type(end) is int and type(label) is str
                and 0 <= start < end <= length and label.strip()):
            span = RawSpan(start, end, label)
        else:
            span = _span(record.text, n, start, end, label)
        if "text" in item and item["text"] != record.text[span.start:span.end]:
            raise RecordError(
                f"span {n} ({span.start}-{span.end}) says its text is {item['text']!r} but the "
                f"article has {record.text[span.start:span.end]!r} there")
        kind = item.get("kind")
        if kind is not None and not is_kind(kind):
            raise RecordError(f"span {n}: kind {kind!r} is not one of {', '.join(kind_names())}")
        span.kind = kind
        if "attrs" in item:
            span.attrs = _dict(item, "attrs", f"span {n}: ")
        if item.get("origin") in ORIGINS:  # ours (a merged store); another tool's is not
            span.origin = item["origin"]
        if type(item.get("entry")) is int:  # ours: a merged store's registry link
            span.entry = item["entry"]
        if "meta" in item and not prodigy:  # ours (span_meta), and others' eval files
            span.meta = _dict(item, "meta", f"span {n}: ")
        if "id" in item:
            key = _span_id(item["id"], f"span {n}")
            if key in by_key:
                raise RecordError(f"span {n}: id {item['id']!r} is used twice")
            by_key[key] = n
        record.spans.append(span)
    for n, item in _relation_items(obj):
        label = _label(item.get("label"), f"relation {n}")
        if "head_span" in item or "child_span" in item:  # Prodigy
            head = _find_span(record, item.get("head_span"), f"relation {n}: head_span")
            child = _find_span(record, item.get("child_span"), f"relation {n}: child_span")
        else:
            head = _span_ref(record, by_key, item.get("head"), f"relation {n}: head")
            child = _span_ref(record, by_key, item.get("child"), f"relation {n}: child")
        record.relations.append(RawRelation(head, child, label))


def _doccano_labels(obj: dict, record: ImportRecord) -> None:
    """doccano sequence labelling: "label": [[start, end, "LABEL"], ...]."""
    for n, item in enumerate(obj["label"]):
        if not (isinstance(item, list) and len(item) == 3):
            raise RecordError(f'label {n} must be [start, end, "LABEL"], not {item!r}')
        record.spans.append(_span(record.text, n, *item))


def _doccano_annotations(obj: dict, record: ImportRecord) -> None:
    """doccano 1.0: "annotations": [{"label_name" or "label", "start_offset", "end_offset"}]
    (a number in "label" is doccano's label id, used when no name is given)."""
    for n, item in enumerate(obj["annotations"]):
        if not isinstance(item, dict):
            raise RecordError(f"annotation {n} must be an object, not {_kind_of(item)}")
        label = item.get("label_name", item.get("label"))
        if isinstance(label, int) and not isinstance(label, bool):
            label = str(label)
        record.spans.append(_span(record.text, n, item.get("start_offset"),
                                  item.get("end_offset"), label))
    users = sorted({str(item["user_name"]) for item in obj["annotations"]
                    if isinstance(item.get("user_name"), str) and item["user_name"].strip()})
    if len(users) == 1 and record.annotator is None:
        record.annotator = users[0]  # the one doccano user who annotated it: their layer
    elif len(users) > 1:
        record.notices.append(f"annotations of {len(users)} doccano users "
                              f"({', '.join(users)}) in one layer")


def _doccano_entities(obj: dict, record: ImportRecord) -> None:
    """doccano with relations: "entities" with ids, "relations" with from_id/to_id/type."""
    entities = obj["entities"]
    if not isinstance(entities, list):
        raise RecordError(f'"entities" must be a list, not {_kind_of(entities)}')
    by_id: dict[Any, int] = {}
    for n, item in enumerate(entities):
        if not isinstance(item, dict):
            raise RecordError(f"entity {n} must be an object, not {_kind_of(item)}")
        record.spans.append(_span(record.text, n, item.get("start_offset"),
                                  item.get("end_offset"), item.get("label")))
        if "id" in item:
            key = _span_id(item["id"], f"entity {n}")
            if key in by_id:
                raise RecordError(f"entity {n}: id {item['id']!r} is used twice")
            by_id[key] = n
    for n, item in _relation_items(obj):
        label = _label(item.get("type"), f"relation {n}")
        heads = [by_id.get(_ref(item.get(key))) for key in ("from_id", "to_id")]
        for key, index in zip(("from_id", "to_id"), heads, strict=True):
            if index is None:
                raise RecordError(f"relation {n}: {key} {item.get(key)!r} is not an entity id")
        record.relations.append(RawRelation(heads[0], heads[1], label))  # type: ignore[arg-type]


# -- fields -------------------------------------------------------------------------------

def _relation_items(obj: dict) -> Iterator[tuple[int, dict]]:
    relations = obj.get("relations") or []
    if not isinstance(relations, list):
        raise RecordError(f'"relations" must be a list, not {_kind_of(relations)}')
    for n, item in enumerate(relations):
        if not isinstance(item, dict):
            raise RecordError(f"relation {n} must be an object, not {_kind_of(item)}")
        yield n, item


def _kind_of(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _text(obj: dict) -> str:
    if "text" not in obj:
        raise RecordError('missing "text"')
    text = obj["text"]
    if not isinstance(text, str):
        raise RecordError(f'"text" must be a string, not {_kind_of(text)}')
    if not text.strip():
        raise RecordError('"text" is empty')
    return text


def _id(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise RecordError(f'"id" must be a string or a number, not {_kind_of(value)}')
    value = str(value)
    if not value.strip():
        raise RecordError('"id" is empty')
    return value


def _optional_str(obj: dict, key: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise RecordError(f'"{key}" must be a string, not {_kind_of(value)}')
    return value


def _dict(obj: dict, key: str, where: str = "") -> dict:
    value = obj.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RecordError(f'{where}"{key}" must be an object, not {_kind_of(value)}')
    return value


def _status(value: Any) -> str | None:
    if value is not None and value not in STATUSES:
        raise RecordError(f'"status" must be one of {", ".join(STATUSES)}, not {value!r}')
    return value


def _label(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RecordError(f"{where}: label must be a non-empty string, not {value!r}")
    return value


def _offset(value: Any, where: str, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if value is None:
            raise RecordError(f"{where}: missing {name}")
        raise RecordError(f"{where}: {name} must be a whole number, not {value!r}")
    return value


def _span(text: str, n: int, start: Any, end: Any, label: Any) -> RawSpan:
    where = f"span {n}"
    start = _offset(start, where, "start")
    end = _offset(end, where, "end")
    if start < 0:
        raise RecordError(f"{where} starts below 0 ({start})")
    if end < start:
        raise RecordError(f"{where} ends ({end}) before it starts ({start})")
    if end == start:
        raise RecordError(f"{where} is empty ({start}-{end})")
    if end > len(text):
        raise RecordError(f"{where} runs past the text (end {end} > length {len(text)})")
    return RawSpan(start, end, _label(label, where))


def _span_id(value: Any, where: str) -> str | int:
    """A span's id in a record: a string or a whole number (lists and objects are refused)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise RecordError(f"{where}: id must be a string or a number, not {_kind_of(value)}")
    return value


def _ref(value: Any) -> Any:
    """A reference to a span id, made safe to look up (a list or object matches nothing)."""
    return value if isinstance(value, str | int) and not isinstance(value, bool) else None


def _span_ref(record: ImportRecord, by_key: dict[Any, int], value: Any, where: str) -> int:
    if by_key:
        if _ref(value) not in by_key:
            raise RecordError(f"{where} {value!r} is not the id of a span of this record")
        return by_key[value]
    if isinstance(value, bool) or not isinstance(value, int) or not (
            0 <= value < len(record.spans)):
        raise RecordError(f"{where} {value!r} is not a span of this record "
                          f"(it has {plural(len(record.spans), 'span')})")
    return value


def _find_span(record: ImportRecord, value: Any, where: str) -> int:
    if not isinstance(value, dict):
        raise RecordError(f"{where} must be an object with start and end")
    for index, span in enumerate(record.spans):
        if span.start == value.get("start") and span.end == value.get("end") and (
                value.get("label") in (None, span.label)):
            return index
    raise RecordError(f"{where} {value.get('start')}-{value.get('end')} is not one of the "
                      "record's spans")


def title_from(text: str, limit: int = 120) -> str:
    """A title for an article that has none: its first non-empty line, cut at a word."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if len(first) <= limit:
        return first
    cut = first.rfind(" ", 0, limit)
    return first[: cut if cut > limit // 2 else limit].rstrip() + "…"

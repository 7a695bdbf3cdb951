"""Label Studio's JSON export (a JSON array of tasks) and its JSON-MIN export.

A task's text is `data.<key>` (the `--text-key`, or the only string in `data`). Each
annotation becomes one layer, named after its `completed_by`; cancelled annotations are
skipped and counted; `predictions` go to a suggestion layer (SUGGESTED, or
`suggested-<model_version>`: one per model). In a result, `labels`
regions become spans (one per label), `relation` results relations between their region
ids, and `choices` / `textarea` results on a region the region's attributes (on no region:
the article's meta). Label Studio's UI counts offsets in UTF-16 code units: where a
region's offsets do not give its text but the UTF-16 reading does, they are converted and
the conversion reported.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..rules import json_problem
from ..text import Utf16Index
from .import_records import ImportRecord, RawRelation, RawSpan, RecordError

SUGGESTED = "suggested"  # the layer predictions go to
RELATED = "related"  # a relation drawn without a label
_REGION_TYPES = ("labels", "hypertextlabels", "paragraphlabels")
_MIN_SKIP = frozenset({"id", "annotator", "annotation_id", "created_at", "updated_at",
                       "lead_time"})


def LabelStudioRecord(**fields: Any) -> ImportRecord:  # noqa: N802 - reads as a type
    """An ImportRecord whose attributes (choices, textareas) may join the schema."""
    return ImportRecord(adds_attributes=True, **fields)


def looks_like_array(path: Path) -> bool:
    """A `.json` file that holds a JSON array (Label Studio), not JSON lines."""
    with path.open("rb") as handle:
        head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] == b"["


def read_labelstudio(path: Path, text_key: str | None = None
                     ) -> Iterator[tuple[int | None, int, Any]]:
    size = path.stat().st_size
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield None, size, RecordError(f"invalid UTF-8 (byte {exc.start + 1})")
        return
    tasks = 0
    try:
        for line, task in _array_items(content):
            tasks += 1
            try:
                yield from ((line, size, item) for item in _task(task, text_key))
            except RecordError as exc:
                yield line, size, exc
    except _ArrayError as exc:
        yield exc.line, size, RecordError(exc.message)
        return
    if not tasks:
        yield None, size, RecordError("the file is empty: no tasks")


class _ArrayError(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


def _array_items(content: str) -> Iterator[tuple[int, Any]]:
    """The items of a JSON array, each with the line it starts on."""
    decoder = json.JSONDecoder()
    pos = _skip(content, 0)
    if content[pos:pos + 1] != "[":
        raise _ArrayError(None, "not a JSON array of Label Studio tasks")
    pos = _skip(content, pos + 1)
    line, counted = 1, 0
    first = True
    while True:
        if content[pos:pos + 1] == "]":
            return
        if not first:
            if content[pos:pos + 1] != ",":
                line += content.count("\n", counted, pos)
                raise _ArrayError(line, "invalid JSON: expected ',' or ']' between tasks")
            pos = _skip(content, pos + 1)
        first = False
        line += content.count("\n", counted, pos)
        counted = pos
        try:
            item, end = decoder.raw_decode(content, pos)
        except json.JSONDecodeError as exc:
            raise _ArrayError(exc.lineno, f"invalid JSON: {exc.msg}") from None
        problem = json_problem(item)
        if problem is not None:
            raise _ArrayError(line, f"invalid JSON: {problem}")
        yield line, item
        pos = _skip(content, end)


def _skip(content: str, pos: int) -> int:
    while pos < len(content) and content[pos] in " \t\r\n":
        pos += 1
    return pos


def _task(task: Any, text_key: str | None) -> Iterator[ImportRecord | str]:
    if not isinstance(task, dict):
        raise RecordError("a Label Studio task must be an object")
    if "data" not in task and "annotations" not in task:
        yield _min_task(task, text_key)
        return
    data = task.get("data")
    if not isinstance(data, dict):
        raise RecordError('a task needs "data" with its text')
    text = _text_of(data, text_key)
    task_id = None if task.get("id") is None else str(task["id"])
    meta = {key: value for key, value in data.items() if key != _key_of(data, text_key)}
    if isinstance(task.get("meta"), dict) and task["meta"]:
        meta["labelstudio"] = task["meta"]
    annotations = task.get("annotations") or []
    if not annotations and not task.get("predictions"):
        yield LabelStudioRecord(text=text, id=task_id, meta=meta)
    for n, annotation in enumerate(annotations):
        if not isinstance(annotation, dict):
            raise RecordError(f"annotation {n} must be an object")
        if annotation.get("was_cancelled"):
            yield "Label Studio annotation cancelled"
            continue
        record = LabelStudioRecord(text=text, id=task_id, meta=meta,
                                   annotator=_annotator(annotation.get("completed_by")),
                                   status="done")
        _results(record, annotation.get("result"), f"annotation {n}")
        yield record
    for n, prediction in enumerate(task.get("predictions") or []):
        if not isinstance(prediction, dict):
            raise RecordError(f"prediction {n} must be an object")
        version = prediction.get("model_version")
        layer = f"{SUGGESTED}-{version}" if isinstance(version, str) and version else SUGGESTED
        record = LabelStudioRecord(text=text, id=task_id, meta=meta, annotator=layer,
                                   status="todo", suggested_by=f"Label Studio {layer}")
        _results(record, prediction.get("result"), f"prediction {n}")
        for span in record.spans:
            span.origin = "suggested"
        yield record


def _key_of(data: dict, text_key: str | None) -> str:
    if text_key is not None:
        if text_key not in data:
            raise RecordError(f"data has no {text_key!r} (it has: {', '.join(data)})")
        return text_key
    strings = [key for key, value in data.items() if isinstance(value, str)]
    if len(strings) != 1:
        raise RecordError(f"data has {len(strings)} text fields ({', '.join(strings)}): "
                          "name the one to import with --text-key")
    return strings[0]


def _text_of(data: dict, text_key: str | None) -> str:
    text = data[_key_of(data, text_key)]
    if not isinstance(text, str) or not text.strip():
        raise RecordError("the task's text is empty")
    return text


def _annotator(value: Any) -> str:
    """Label Studio's user: an id, or an object with the user's email and id."""
    if isinstance(value, dict):
        value = value.get("email") or value.get("id")
    if value is None or value == "":
        return "labelstudio"
    return value if isinstance(value, str) else f"user{value}"


def _results(record: ImportRecord, results: Any, where: str) -> None:
    if not isinstance(results, list):
        raise RecordError(f'{where}: "result" must be a list')
    regions: dict[str, list[int]] = {}
    later = []
    for n, item in enumerate(results):
        if not isinstance(item, dict) or not isinstance(item.get("value"), dict):
            if isinstance(item, dict) and item.get("type") == "relation":
                later.append((n, item))
                continue
            raise RecordError(f"{where}: result {n} must be an object with a value")
        kind = item.get("type")
        if kind in _REGION_TYPES:
            regions[str(item.get("id"))] = _region(record, item, f"{where}: result {n}")
        elif kind in ("choices", "textarea", "relation"):
            later.append((n, item))
        else:
            raise RecordError(f"{where}: result {n}: type {kind!r} is not a text region "
                              "this importer reads (labels, choices, textarea, relation)")
    for n, item in later:
        _attach(record, regions, item, f"{where}: result {n}")


def _region(record: ImportRecord, item: dict, where: str) -> list[int]:
    value = item["value"]
    start, end = value.get("start"), value.get("end")
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
        raise RecordError(f"{where}: start and end must be character offsets, not "
                          f"{start!r} and {end!r}")
    text = record.text
    said = value.get("text")
    if said is not None and text[start:end] != said:
        index = Utf16Index(text)
        try:
            start16, end16 = index.from_utf16(start), index.from_utf16(end, round_up=True)
        except ValueError:
            start16 = end16 = -1
        if start16 >= 0 and text[start16:end16] == said:
            record.notices.append(f"{where}: {start}-{end} counted in UTF-16, read as "
                                    f"{start16}-{end16}")
            start, end = start16, end16
        else:
            raise RecordError(f"{where} ({start}-{end}) says its text is {said!r} but the "
                              f"task has {text[start:end]!r} there")
    if not 0 <= start < end <= len(text):
        raise RecordError(f"{where}: {start}-{end} is not inside the text "
                          f"(length {len(text)})")
    labels = value.get(item.get("type", "labels")) or value.get("labels")
    if not isinstance(labels, list) or not labels or not all(
            isinstance(label, str) and label.strip() for label in labels):
        raise RecordError(f"{where}: a region needs a list of labels")
    indices = []
    for label in labels:
        indices.append(len(record.spans))
        record.spans.append(RawSpan(start, end, label))
    return indices


def _attach(record: ImportRecord, regions: dict[str, list[int]], item: dict,
            where: str) -> None:
    kind = item.get("type")
    if kind == "relation":
        ends = [regions.get(str(item.get(key))) for key in ("from_id", "to_id")]
        if ends[0] is None or ends[1] is None:
            raise RecordError(f"{where}: a relation between {item.get('from_id')!r} and "
                              f"{item.get('to_id')!r}, which are not regions of it")
        head, child = ends[0][0], ends[1][0]
        if item.get("direction") == "left":
            head, child = child, head
        labels = item.get("labels") or [RELATED]
        for label in labels:
            if not isinstance(label, str) or not label.strip():
                raise RecordError(f"{where}: relation labels must be non-empty strings")
            record.relations.append(RawRelation(head, child, label))
        return
    value = item["value"]
    name = str(item.get("from_name") or kind)
    picked = value.get(kind)
    if not isinstance(picked, list) or not all(isinstance(v, str) for v in picked):
        raise RecordError(f"{where}: {kind} must be a list of strings")
    joined = ", ".join(picked) if kind == "choices" else "\n".join(picked)
    region = regions.get(str(item.get("id")))
    if region is None:  # about the whole text
        record.meta = {**record.meta, name: joined}
        return
    for index in region:
        record.spans[index].attrs[name] = joined


def _min_task(task: dict, text_key: str | None) -> ImportRecord:
    """JSON-MIN: the data's fields at the top, each result field a list of regions
    ({start, end, text, labels}) or a choice."""
    data = {key: value for key, value in task.items()
            if key not in _MIN_SKIP and not isinstance(value, list | dict)}
    text = _text_of(data, text_key)
    record = LabelStudioRecord(
        text=text, id=None if task.get("id") is None else str(task["id"]),
        annotator=_annotator(task.get("annotator")), status="done")
    for key, value in task.items():
        if not isinstance(value, list):
            continue
        for n, region in enumerate(value):
            if not isinstance(region, dict) or not ({"labels", "hypertextlabels"} & set(region)):
                raise RecordError(
                    f'"{key}" {n} is not a Label Studio region (start, end, labels); a JSON '
                    "array of other records: write one JSON object per line (JSONL) instead")
            kind = next((k for k in ("labels", "hypertextlabels") if k in region), "labels")
            _region(record, {"type": kind, "value": region}, f'"{key}" {n}')
    return record

"""One line of the project's JSONL export, decoded for the writers of other formats."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from ..kinds import DEFAULT_KIND

DEFAULT_LANGUAGE = "en"


@dataclass(slots=True)
class ExportSpan:
    id: int
    start: int
    end: int
    text: str
    label: str
    kind: str
    attrs: dict[str, Any] = field(default_factory=dict)
    entry: int | None = None  # the registry entry the span links to


@dataclass(slots=True)
class ExportRelation:
    head: int  # span ids
    child: int
    label: str


@dataclass(slots=True)
class ExportRecord:
    """One article and one annotator's layer of it (annotator None: nobody's yet)."""

    id: str
    title: str
    text: str
    meta: dict[str, Any]
    annotator: str | None
    status: str | None
    spans: list[ExportSpan]
    relations: list[ExportRelation]

    @property
    def language(self) -> str:
        return language_of(self.meta)


def decode(line: bytes) -> ExportRecord:
    """Decode a line of `store.reports.export_lines()`; every span is checked against the text."""
    obj = orjson.loads(line)
    text = obj["text"]
    spans = [ExportSpan(s["id"], s["start"], s["end"], s["text"], s["label"],
                        s["kind"] or DEFAULT_KIND, s["attrs"] or {}, s.get("entry"))
             for s in obj["spans"]]
    for span in spans:
        if text[span.start:span.end] != span.text:  # the store's own check, again on export
            raise ValueError(f"article {obj['id']}: span {span.id} says {span.text!r} but "
                             f"the text has {text[span.start:span.end]!r}; run annotator check")
    relations = [ExportRelation(r["head"], r["child"], r["label"]) for r in obj["relations"]]
    meta = obj["meta"] or {}
    if obj.get("reviewer"):  # a gold line: formats without a place for it keep it in meta
        meta = {**meta, "reviewer": obj["reviewer"]}
    return ExportRecord(obj["id"], obj["title"], text, meta, obj["annotator"],
                        obj["status"], spans, relations)


def language_of(meta: dict[str, Any]) -> str:
    """The article's language code from meta.lang / meta.language ("en-GB" -> "en")."""
    for key in ("lang", "language"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip().replace("_", "-").split("-")[0].lower()
    return DEFAULT_LANGUAGE

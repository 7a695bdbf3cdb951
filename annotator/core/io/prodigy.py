"""Prodigy task records: text, meta, spaCy tokens, token-aligned spans, relations.

A span that does not fall on spaCy's tokens is reported lost (Prodigy spans carry token
indices); overlapping spans are kept (Prodigy's `spans` may overlap). Relations refer to
the last token of each span, with `head_span` / `child_span`, as Prodigy's rel.manual does.

Read (import_records.py parses the task's spans and relations): the fields the store does not
model are kept in the article's meta under PRODIGY_KEY and written back here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from .export_records import ExportRecord
from .tokens import Aligned, align, kept_relations
from .writer import Writer

if TYPE_CHECKING:
    from .import_records import ImportRecord

PRODIGY_KEY = "prodigy"  # where meta keeps the Prodigy fields the store does not model
_MODELLED = frozenset({"id", "title", "text", "meta", "annotator", "status", "spans",
                       "relations", "tokens", "answer"})
_SPAN_MODELLED = frozenset({"start", "end", "label", "text", "token_start", "token_end",
                            "id", "kind", "attrs", "origin"})


def is_prodigy(obj: dict) -> bool:
    return any(key in obj for key in ("answer", "_input_hash", "_task_hash", "_view_id"))


def keep_prodigy_fields(obj: dict, record: ImportRecord) -> None:
    """Prodigy's hashes, view id, choice answers and spans' extra keys go to the article's
    meta (under "prodigy"), so that the Prodigy export writes them back."""
    kept: dict[str, Any] = {key: value for key, value in obj.items() if key not in _MODELLED}
    extras = []
    for item in obj.get("spans") or []:
        extra = {key: value for key, value in item.items() if key not in _SPAN_MODELLED}
        if extra:
            extras.append({"start": item["start"], "end": item["end"],
                           "label": item["label"], **extra})
    if extras:
        kept["spans"] = extras
    if kept:
        record.meta = {**record.meta, PRODIGY_KEY: kept}


class ProdigyWriter(Writer):
    def write(self, record: ExportRecord) -> None:
        context = self.context
        text = record.text
        doc = context.tokenizers.doc(text, record.language)
        aligned = align(doc, record, record.spans, context.report, self.summary.path)
        by_id = {item.span.id: item for item in aligned}
        relations = kept_relations(record, set(by_id), context.report, self.summary.path)
        meta = dict(record.meta)
        kept = meta.pop(PRODIGY_KEY, None)
        kept = dict(kept) if isinstance(kept, dict) else {}
        extras = {(s.get("start"), s.get("end"), s.get("label")): s
                  for s in kept.pop("spans", []) if isinstance(s, dict)}
        task = {
            "id": record.id, "title": record.title, "text": record.text, "meta": meta,
            "annotator": record.annotator, "status": record.status,
            "tokens": [{"text": text[start:end], "start": start, "end": end, "id": i,
                        "ws": space} for i, (start, end, space, _blank)
                       in enumerate(context.tokenizers.offsets(doc))],
            "spans": [_with_extras(_span(item), extras) for item in aligned],
            "relations": [_relation(by_id[head], by_id[child], label)
                          for head, child, label in relations],
            "answer": "accept",
        }
        # Prodigy's own fields (hashes, view id, a choice's "accept") as they came in.
        task.update({key: value for key, value in kept.items() if key not in task})
        self.out.write(orjson.dumps(task))
        self.out.write(b"\n")
        self.summary.spans += len(aligned)
        self.summary.relations += len(relations)


def _span(item: Aligned) -> dict[str, Any]:
    span = item.span
    result: dict[str, Any] = {"start": span.start, "end": span.end, "text": span.text,
                              "token_start": item.token_start,
                              "token_end": item.token_end - 1, "label": span.label}
    if span.attrs:
        result["attrs"] = span.attrs  # ignored by Prodigy, read back by our importer
    return result


def _with_extras(span: dict[str, Any], extras: dict[tuple, dict[str, Any]]) -> dict[str, Any]:
    extra = extras.get((span["start"], span["end"], span["label"]))
    if extra:
        span.update({k: v for k, v in extra.items() if k not in span})
    return span


def _relation(head: Aligned, child: Aligned, label: str) -> dict[str, Any]:
    head_span, child_span = _span(head), _span(child)
    head_span.pop("attrs", None)
    child_span.pop("attrs", None)
    return {"head": head.token_end - 1, "child": child.token_end - 1,
            "head_span": head_span, "child_span": child_span, "label": label}

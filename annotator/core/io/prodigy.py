"""Prodigy task records: text, meta, spaCy tokens, token-aligned spans, relations.

A span that does not fall on spaCy's tokens is reported lost (Prodigy spans carry token
indices); overlapping spans are kept (Prodigy's `spans` may overlap). Relations refer to
the last token of each span, with `head_span` / `child_span`, as Prodigy's rel.manual does.
"""

from __future__ import annotations

from typing import Any

import orjson

from .export_records import ExportRecord
from .import_records import PRODIGY_KEY
from .tokens import Aligned, align, kept_relations
from .writer import Writer


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

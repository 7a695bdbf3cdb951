"""The brat export: a folder with `ID.txt` + `ID.ann` per article and layer, and an
`annotation.conf` naming the labels, so that brat and INCEpTION open it.

Spans linked by FRAGMENT relations are written back as one discontinuous `T`; comments on a
span become `#` AnnotatorNotes. The files are written under `.part` names and renamed at the
end, so a failed export leaves nothing half-written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ..errors import DataError
from ..schema import Schema
from ..store import Store
from .brat import FRAGMENT
from .export_records import ExportRecord, ExportSpan, decode
from .jsonl import check_filters
from .writer import FileSummary

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def export_brat(store: Store, folder: Path, *, annotator: str | None = None,
                status: str | None = None, labels: tuple[str, ...] = (),
                progress: Callable[[int], None] | None = None) -> tuple[FileSummary, int]:
    """Write the folder; returns its summary and the articles nobody annotated."""
    check_filters(store, annotator, status)
    if folder.exists() and not folder.is_dir():
        raise DataError(f"{folder}: brat writes a folder, and this is a file")
    folder.mkdir(parents=True, exist_ok=True)
    summary = FileSummary(str(folder))
    written: list[Path] = []
    stems: set[str] = set()
    unannotated = 0
    try:
        for pk, line in store.reports.export_rows(annotator, status, labels):
            record = decode(line)
            if record.annotator is None:
                unannotated += 1
                continue
            stem = _stem(record, stems)
            notes = [(c.start, c.end, c.text) for c in store.review.comments(pk)
                     if c.start is not None and c.end is not None
                     and c.author == record.annotator]
            for suffix, content in ((".txt", record.text), (".ann", ann_text(record, notes))):
                part = folder / f"{stem}{suffix}.part"
                part.write_text(content, encoding="utf-8", newline="")
                written.append(part)
            summary.records += 1
            summary.spans += len(record.spans)
            summary.relations += len(record.relations)
            if progress is not None:
                progress(1)
        conf = folder / "annotation.conf.part"
        conf.write_text(annotation_conf(store.schema), encoding="utf-8")
        written.append(conf)
    except BaseException:
        for part in written:
            part.unlink(missing_ok=True)
        raise
    for part in written:
        part.replace(part.with_suffix(""))
    return summary, unannotated


def _stem(record: ExportRecord, used: set[str]) -> str:
    """The article's id as a file name; a second layer of it gets the annotator's name."""
    stem = _UNSAFE.sub("_", record.id)
    if stem in used:
        stem = f"{stem}.{_UNSAFE.sub('_', record.annotator or '')}"
    used.add(stem)
    return stem


def ann_text(record: ExportRecord, notes: list[tuple[int, int, str]]) -> str:
    """The `.ann` of one layer: T, R, A lines and `#` notes, numbered in text order."""
    spans = {span.id: span for span in record.spans}
    following = {r.head: r.child for r in record.relations if r.label == FRAGMENT}
    fragments = set(following.values())
    lines: list[str] = []
    t_of: dict[int, str] = {}
    attributes: list[str] = []
    for span in sorted(record.spans, key=lambda s: (s.start, s.end, s.label)):
        if span.id in fragments and span.id in spans:
            continue  # written with the span it continues
        pieces = [span]
        while pieces[-1].id in following and following[pieces[-1].id] in spans:
            pieces.append(spans[following[pieces[-1].id]])
        ident = f"T{len(t_of) + 1}"
        for piece in pieces:
            t_of[piece.id] = ident
        ranges = ";".join(f"{p.start} {p.end}" for p in pieces)
        text = " ".join(p.text for p in pieces).replace("\n", " ")
        lines.append(f"{ident}\t{span.label} {ranges}\t{text}")
        attributes.extend(_attributes(span, ident))
    n = 0
    for rel in record.relations:
        if rel.label == FRAGMENT:
            continue
        n += 1
        lines.append(f"R{n}\t{rel.label} Arg1:{t_of[rel.head]} Arg2:{t_of[rel.child]}")
    lines.extend(f"A{n}\t{line}" for n, line in enumerate(attributes, start=1))
    at = {(s.start, s.end): t_of[s.id] for s in record.spans}
    n = 0
    for start, end, text in notes:
        if (start, end) in at:
            n += 1
            lines.append(f"#{n}\tAnnotatorNotes {at[(start, end)]}\t{text}")
    return "".join(line + "\n" for line in lines)


def _attributes(span: ExportSpan, ident: str) -> list[str]:
    out = []
    for name, value in span.attrs.items():
        if value is True:
            out.append(f"{name} {ident}")
        elif value not in (False, None, ""):
            out.append(f"{name} {ident} {value}")
    return out


def annotation_conf(schema: Schema) -> str:
    """brat's configuration for the store's labels, relations and attributes."""
    lines = ["[entities]", *(label.name for label in schema.labels), "",
             "[relations]"]
    lines.extend(f"{rel.name}\tArg1:<ENTITY>, Arg2:<ENTITY>" for rel in schema.relations)
    if schema.relation(FRAGMENT) is None:
        lines.append(f"{FRAGMENT}\tArg1:<ENTITY>, Arg2:<ENTITY>")
    lines += ["", "[events]", "", "[attributes]"]
    for attr in schema.attributes:
        values = f", Value:{'|'.join(attr.values)}" if attr.values else ""
        lines.append(f"{attr.name}\tArg:<ENTITY>{values}")
    return "\n".join(lines) + "\n"

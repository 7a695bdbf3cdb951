"""spaCy's DocBin (`.spacy`), the file `spacy train` reads, written without holding it.

Each doc: entity spans in `doc.ents` (they cannot nest: of overlapping ones the longest is
kept, the others reported lost); every span (entities, claims, quotes, overlapping or not)
in the span group `doc.spans["sc"]` (spancat's default key), and quotes and claims also in
`doc.spans["quotes"]` and `doc.spans["claims"]`. Links and attributes are kept in
`doc.user_data` (DocBin stores it): `"relations"` is a list of `{"head": i, "child": j,
"label": "SPEAKER"}` where i and j index `doc.spans["sc"]`, `"span_attrs"` a list of
`[i, {"type": "direct"}]`, plus the article's `"id"`, `"annotator"` and `"status"`.

A DocBin holds every doc in memory until it is written (gigabytes for 100,000 articles), so
this writer fills a real DocBin a few hundred docs at a time, moves its arrays to temporary
files and, at the end, writes the same msgpack document that DocBin.to_bytes() makes
(checked against it by the tests), compressed as it streams.
"""

from __future__ import annotations

import tempfile
import zlib
from pathlib import Path
from typing import IO, Any, BinaryIO

from .base import ExportContext, FileSummary, Writer
from .records import ExportRecord
from .tokens import align, kept_relations, without_overlaps

ATTRS = ["ORTH", "ENT_IOB", "ENT_TYPE"]  # what training on ents and spans needs
BATCH = 256  # docs held in the DocBin before its arrays go to the spool files
_COPY = 1 << 20
GROUPS = {"quote": "quotes", "claim": "claims"}


def build_doc(context: ExportContext, record: ExportRecord, file: str = "") -> Any:
    """The spaCy Doc of one record (see the module's docstring for where things go)."""
    from spacy.tokens import Span

    report = context.report
    doc = context.tokenizers.doc(record.text, record.language)
    aligned = align(doc, record, record.spans, report, file)
    entities = [item for item in aligned if item.span.kind == "entity"]
    ents = without_overlaps(record, entities, report, file)
    doc.ents = [Span(doc, a.token_start, a.token_end, label=a.span.label) for a in ents]
    index = {item.span.id: n for n, item in enumerate(aligned)}
    doc.spans["sc"] = [Span(doc, a.token_start, a.token_end, label=a.span.label)
                       for a in aligned]
    for kind, group in GROUPS.items():
        doc.spans[group] = [Span(doc, a.token_start, a.token_end, label=a.span.label)
                            for a in aligned if a.span.kind == kind]
    relations = kept_relations(record, set(index), report, file)
    doc.user_data.update({
        "id": record.id, "annotator": record.annotator, "status": record.status,
        "relations": [{"head": index[head], "child": index[child], "label": label}
                      for head, child, label in relations],
        "span_attrs": [[n, a.span.attrs] for n, a in enumerate(aligned) if a.span.attrs],
    })
    return doc, len(aligned), len(relations)


class DocBinWriter(Writer):
    def __init__(self, out: BinaryIO, context: ExportContext, summary: FileSummary,
                 spool_dir: Path | None = None) -> None:
        super().__init__(out, context, summary)
        from spacy.tokens import DocBin

        self._docbin_class = DocBin
        self._docbin = DocBin(attrs=ATTRS, store_user_data=True)
        self._attrs: list[int] = list(self._docbin.attrs)
        self._strings: set[str] = set()
        self._lengths = bytearray()
        self._count = 0
        self._spools: dict[str, IO[bytes]] = {
            name: tempfile.TemporaryFile(dir=spool_dir, prefix=f"annotator-{name}-")
            for name in ("tokens", "spaces", "cats", "flags", "span_groups", "user_data")}

    def write(self, record: ExportRecord) -> None:
        doc, spans, relations = build_doc(self.context, record, self.summary.path)
        self._docbin.add(doc)
        self.summary.spans += spans
        self.summary.relations += relations
        if len(self._docbin) >= BATCH:
            self._drain()

    def _drain(self) -> None:
        """Move the DocBin's docs to the spool files, as DocBin.to_bytes() would lay them."""
        import numpy
        import srsly

        docbin = self._docbin
        spools = self._spools
        for tokens, spaces in zip(docbin.tokens, docbin.spaces, strict=True):
            spools["tokens"].write(numpy.ascontiguousarray(tokens).tobytes("C"))
            spools["spaces"].write(numpy.ascontiguousarray(spaces).tobytes("C"))
            self._lengths += int(len(tokens)).to_bytes(4, "little", signed=True)
        for name in ("cats", "flags", "span_groups", "user_data"):
            for item in getattr(docbin, name):
                spools[name].write(srsly.msgpack_dumps(item))
        self._strings |= docbin.strings
        self._count += len(docbin)
        self._docbin = self._docbin_class(attrs=ATTRS, store_user_data=True)

    def close(self) -> None:
        import srsly

        self._drain()
        pack = srsly.msgpack_dumps
        sink = zlib.compressobj()
        out = self.out

        def put(data: bytes) -> None:
            out.write(sink.compress(data))

        def put_spool(name: str) -> None:
            spool = self._spools[name]
            spool.seek(0)
            while chunk := spool.read(_COPY):
                put(chunk)

        put(b"\x8a")  # a map of 10 keys, in DocBin.to_bytes()'s order
        put(pack("version") + pack(self._docbin.version))
        put(pack("attrs") + pack(self._attrs))
        for name in ("tokens", "spaces"):
            put(pack(name) + _bin_header(self._spools[name].tell()))
            put_spool(name)
        put(pack("lengths") + pack(bytes(self._lengths)))
        put(pack("strings") + _array_header(len(self._strings)))
        for string in sorted(self._strings):
            put(pack(string))
        for name in ("cats", "flags", "span_groups", "user_data"):
            put(pack(name) + _array_header(self._count))
            put_spool(name)
        out.write(sink.flush())
        for spool in self._spools.values():
            spool.close()


def _bin_header(size: int) -> bytes:
    if size >= 1 << 32:
        raise ValueError("a DocBin cannot hold more than 4 GB of tokens: use --split")
    return b"\xc6" + size.to_bytes(4, "big")


def _array_header(count: int) -> bytes:
    return b"\xdd" + count.to_bytes(4, "big")

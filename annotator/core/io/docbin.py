"""spaCy's DocBin (`.spacy`), the file `spacy train` reads, written without holding it.

Each doc (where each kind goes is its record in core/kinds.py): entity spans (the `ner`
kinds) in `doc.ents` (they cannot nest: of overlapping ones the longest is kept, the others
reported lost; the tokens of an entity off token boundaries are marked missing, not "O");
every span (entities, claims, quotes, overlapping or not) in the span group `doc.spans["sc"]`
(spancat's default key), and claims and quotes also in their kind's `span_group`,
`doc.spans["claims"]` and `doc.spans["quotes"]`. Links and attributes are kept in
`doc.user_data` (DocBin stores it): `"relations"` is a list of `{"head": i, "child": j,
"label": "SPEAKER"}` where i and j index `doc.spans["sc"]`, `"span_attrs"` a list of
`[i, {"type": "direct"}]`, plus the article's `"id"`, `"annotator"` and `"status"`. A span
linked to a registry entry carries the entry's id as its `kb_id_` (in `doc.ents` and the
span groups), the `entry` of the JSONL export and the `id` of `export --registry`.

A DocBin holds every doc in memory until it is written (gigabytes for 100,000 articles), so
this writer keeps what DocBin.add() would keep of each doc in temporary files and, at the
end, writes the msgpack document that DocBin.to_bytes() makes (checked against it by the
tests), compressed as it streams. Only the strings (token texts and labels) stay in memory.
"""

from __future__ import annotations

import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO

from ..kinds import all_kinds
from ..model import STATUSES
from .export_records import ExportRecord
from .tokens import align, kept_relations, without_overlaps
from .writer import ExportContext, FileSummary, Writer

# what training on ents and spans needs, and the entities' registry entries (entity linking)
ATTRS = ["ORTH", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID"]
_COPY = 1 << 20


def build_doc(context: ExportContext, record: ExportRecord, file: str = "") -> Any:
    """The spaCy Doc of one record (see the module's docstring for where things go)."""
    from spacy.tokens import Span

    report = context.report
    doc = context.tokenizers.doc(record.text, record.language)
    aligned = align(doc, record, record.spans, report, file)
    ner = {kind.name for kind in all_kinds() if kind.ner}
    entities = [item for item in aligned if item.span.kind in ner]
    ents = without_overlaps(record, entities, report, file)
    taken = {i for a in ents for i in range(a.token_start, a.token_end)}
    # The tokens of an entity that could not be given in tokens are "missing", not "O": a
    # model must not learn that they are no entity.
    placed = {a.span.id for a in aligned}
    missing = []
    for span in record.spans:
        if span.kind in ner and span.id not in placed:
            around = doc.char_span(span.start, span.end, alignment_mode="expand")
            if around is not None and not taken.intersection(range(around.start, around.end)):
                missing.append(around)
                taken.update(range(around.start, around.end))
    def made(a: Any) -> Any:  # a span linked to a registry entry: the entry's id as kb_id
        kb = str(a.span.entry) if a.span.entry is not None else ""
        return Span(doc, a.token_start, a.token_end, label=a.span.label, kb_id=kb)

    doc.set_ents([made(a) for a in ents], missing=missing, default="outside")
    index = {item.span.id: n for n, item in enumerate(aligned)}
    doc.spans["sc"] = [made(a) for a in aligned]
    for kind in all_kinds():
        if kind.span_group is not None:
            doc.spans[kind.span_group] = [made(a) for a in aligned if a.span.kind == kind.name]
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

        reference = DocBin(attrs=ATTRS, store_user_data=True)
        # Attribute ids; spaCy declares them `str`, as its argument, though it makes them ints.
        self._attrs: list[int] = [int(attr) for attr in reference.attrs]
        self._version = reference.version
        self._strings: set[str] = set()
        self._hashes: set[int] = set()  # ORTH hashes whose strings are already kept
        self._lengths = bytearray()
        self._count = 0
        self._spools: dict[str, IO[bytes]] = {
            # Kept open across write() calls; close() closes them.
            name: tempfile.TemporaryFile(dir=spool_dir, prefix=f"annotator-{name}-")  # noqa: SIM115
            for name in ("tokens", "spaces", "cats", "flags", "span_groups", "user_data")}

    def write(self, record: ExportRecord) -> None:
        import numpy
        from spacy.attrs import SPACY

        with _quick_msgpack() as pack:
            doc, spans, relations = build_doc(self.context, record, self.summary.path)
            # What DocBin.add() keeps of a doc, laid out as DocBin.to_bytes() lays it.
            tokens = doc.to_array(self._attrs)
            spools = self._spools
            spools["tokens"].write(numpy.ascontiguousarray(tokens).tobytes("C"))
            spools["spaces"].write(numpy.asarray(doc.to_array(SPACY), dtype=bool).tobytes())
            self._lengths += len(tokens).to_bytes(4, "little", signed=True)
            spools["cats"].write(pack(doc.cats))
            spools["flags"].write(pack({"has_unknown_spaces": doc.has_unknown_spaces}))
            spools["span_groups"].write(pack(doc.spans.to_bytes()))
            spools["user_data"].write(pack(pack(doc.user_data)))
        # The strings the arrays' hashes stand for: DocBin keeps every token's text, tag,
        # lemma, norm, ...; only the texts (ORTH) and labels are in our arrays.
        new = set(tokens[:, 0].tolist()) - self._hashes
        if new:
            strings = doc.vocab.strings
            self._strings.update(strings[h] for h in new)
            self._hashes |= new
        self._strings.update(span.label_ for group in doc.spans.values() for span in group)
        self._strings.update(ent.label_ for ent in doc.ents)
        self._strings.update(span.kb_id_ for group in doc.spans.values() for span in group
                             if span.kb_id_)
        self._count += 1
        self.summary.spans += spans
        self.summary.relations += relations

    def close(self) -> None:
        with _quick_msgpack() as pack:
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
            put(pack("version") + pack(self._version))
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


_ENCODERS: dict[str, Any] | None = None  # the registry's entries, scanned once a process


@contextmanager
def _quick_msgpack() -> Iterator[Any]:
    """srsly.msgpack_dumps, without its cost of 0.6 ms a call.

    Every call makes a Packer, which asks the catalogue registry of msgpack encoders for
    all its entries, which scans the installed packages' entry points: 90% of a DocBin
    export's time. While we write, the registry answers from one scan; then it is restored.
    """
    import srsly
    from srsly.msgpack import msgpack_encoders

    global _ENCODERS
    if _ENCODERS is None:
        _ENCODERS = msgpack_encoders.get_all()
    encoders = _ENCODERS
    patched = "get_all" not in vars(msgpack_encoders)
    if patched:
        msgpack_encoders.get_all = lambda: encoders
    try:
        yield srsly.msgpack_dumps
    finally:
        if patched:
            del msgpack_encoders.get_all


def _bin_header(size: int) -> bytes:
    if size >= 1 << 32:
        raise ValueError("a DocBin cannot hold more than 4 GB of tokens: use --split")
    return b"\xc6" + size.to_bytes(4, "big")


def _array_header(count: int) -> bytes:
    return b"\xdd" + count.to_bytes(4, "big")


# -- reading ------------------------------------------------------------------------------

_KIND_OF_GROUP = {kind.span_group: kind.name for kind in all_kinds() if kind.span_group}


def read_docbin(path: Path) -> Iterator[tuple[int | None, int, Any]]:
    """A `.spacy` file: each doc an article with `doc.ents` and every `doc.spans` group as
    spans, labels mapped by name. A doc this module wrote (its user_data has "relations")
    reads back with its id, layer, status, links and attributes."""
    from .import_records import RecordError

    size = path.stat().st_size
    try:
        from spacy.tokens import DocBin
        from spacy.vocab import Vocab
    except ImportError:
        from .tokens import INSTALL_HINT

        yield None, size, RecordError(f"reading .spacy files needs spaCy: {INSTALL_HINT}")
        return
    try:
        docs = list(DocBin().from_disk(path).get_docs(Vocab()))
    except Exception as exc:  # noqa: BLE001 - spaCy and msgpack raise many kinds
        yield None, size, RecordError(f"not a spaCy DocBin ({type(exc).__name__}: {exc})")
        return
    if not docs:
        yield None, size, RecordError("the file is empty: no docs")
        return
    for n, doc in enumerate(docs):
        try:
            yield None, size, _record(doc)
        except RecordError as exc:
            yield None, size, RecordError(f"doc {n}: {exc}")


def _record(doc: Any) -> Any:
    from .import_records import ImportRecord, RawRelation, RawSpan, RecordError

    if not doc.text.strip():
        raise RecordError("the doc's text is empty")
    data = doc.user_data if isinstance(doc.user_data, dict) else {}
    ours = isinstance(data.get("relations"), list | tuple) and "sc" in doc.spans
    record = ImportRecord(text=doc.text, status="done")
    seen: dict[tuple[int, int, str], int] = {}

    def add(span: Any, kind: str | None) -> int:
        key = (span.start_char, span.end_char, span.label_)
        if key not in seen:
            seen[key] = len(record.spans)
            record.spans.append(RawSpan(key[0], key[1], key[2], kind=kind))
        return seen[key]

    if ours:
        kinds = {(s.start_char, s.end_char, s.label_): _KIND_OF_GROUP[group]
                 for group in _KIND_OF_GROUP if group in doc.spans for s in doc.spans[group]}
        index = [add(span, kinds.get((span.start_char, span.end_char, span.label_)))
                 for span in doc.spans["sc"]]
        try:
            for rel in data["relations"]:
                record.relations.append(RawRelation(index[rel["head"]], index[rel["child"]],
                                                    rel["label"]))
            for i, attrs in data.get("span_attrs") or []:
                record.spans[index[i]].attrs = dict(attrs)
        except (KeyError, IndexError, TypeError, ValueError):
            raise RecordError("its user_data links name spans it does not have") from None
        record.id = None if data.get("id") is None else str(data["id"])
        record.annotator = data.get("annotator") if isinstance(data.get("annotator"),
                                                               str) else None
        if data.get("status") in STATUSES:
            record.status = data["status"]
    else:
        for span in doc.ents:
            add(span, None)
        for group in doc.spans:
            for span in doc.spans[group]:
                add(span, None)
    return record

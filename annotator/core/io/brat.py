"""brat standoff (as brat and INCEpTION write it): `name.txt` holds the text, `name.ann`
one annotation a line, offsets in characters of the `.txt` read whole.

Read: `T` lines to spans (a discontinuous `T` becomes one span per fragment, each linked to
the next by a FRAGMENT relation), `R` lines to relations, `A`/`M` lines to attributes, `#`
notes to comments; `E` (event), `N` (normalisation) and `*` (equivalence) lines are counted
as left out. Written back the same way by brat_export.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .import_records import ImportRecord, RawRelation, RawSpan, RecordError

FRAGMENT = "Fragment"  # the relation that joins the pieces of a discontinuous brat entity
_LEFT_OUT = {"E": "brat events (E lines)", "N": "brat normalisations (N lines)",
             "*": "brat equivalences (* lines)"}


@dataclass
class BratNote:
    """A `#` note on one span (the span itself: the record's list may lose repeats)."""

    span: RawSpan
    text: str


@dataclass
class BratRecord(ImportRecord):
    """An ImportRecord with what only brat brings: notes, and what was left out."""

    notes: list[BratNote] = field(default_factory=list)


def text_path(ann: Path) -> Path:
    return ann.with_suffix(".txt")


TITLE_RULES = ("file-name", "first-line")


def read_brat(path: Path, title: str | None = None) -> Iterator[tuple[int | None, int, Any]]:
    """One article a `.ann` (given the `.ann` or its `.txt`): errors as FILE:LINE. The
    title is the file name, or with `title="first-line"` the text's first non-empty line
    (the text itself is kept whole either way: the offsets are those of the file)."""
    ann = path.with_suffix(".ann")
    txt = text_path(ann)
    size = path.stat().st_size
    if not ann.is_file() or not txt.is_file():
        missing = txt if not txt.is_file() else ann
        yield None, size, RecordError(f"no {missing.name} beside it: brat needs both files")
        return
    try:
        text = txt.read_bytes().decode("utf-8")
        lines = ann.read_bytes().decode("utf-8").splitlines()
    except UnicodeDecodeError:
        yield None, size, RecordError("invalid UTF-8 in the .txt or the .ann")
        return
    if not text.strip():
        yield None, size, RecordError(f"{txt.name} is empty: no text")
        return
    heading = ann.stem
    if title == "first-line":
        heading = next(line.strip() for line in text.splitlines() if line.strip())
    record = BratRecord(text=text, id=ann.stem, title=heading, meta={"file": txt.name},
                        status="done", adds_attributes=True)
    try:
        _Parser(record).parse(lines)
    except _LineError as exc:
        yield exc.line, size, RecordError(exc.message)
        return
    yield None, size, record


class _LineError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


class _Parser:
    def __init__(self, record: BratRecord) -> None:
        self.record = record
        self.spans: dict[str, int] = {}  # T id -> the record's index of its first fragment
        self.line = 0

    def fail(self, message: str) -> None:
        raise _LineError(self.line, message)

    def parse(self, lines: list[str]) -> None:
        later: list[tuple[int, str, list[str]]] = []
        for self.line, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            fields = raw.split("\t")
            ident = fields[0]
            if ident[:1] == "T":
                self.entity(ident, fields)
            elif ident[:1] in "RAM#":
                later.append((self.line, ident, fields))  # they may name a later T
            elif ident[:1] in _LEFT_OUT:
                self.record.left_out[_LEFT_OUT[ident[:1]]] += 1
            else:
                self.fail(f"{ident}: not a brat annotation (T, R, E, A, M, N, # or *)")
        for self.line, ident, fields in later:
            if ident[0] == "R":
                self.relation(ident, fields)
            elif ident[0] == "#":
                self.note(ident, fields)
            else:
                self.attribute(ident, fields)

    def entity(self, ident: str, fields: list[str]) -> None:
        if len(fields) < 3:
            self.fail(f"{ident}: expected 'ID<TAB>LABEL START END<TAB>TEXT'")
        label, _, ranges = fields[1].partition(" ")
        pieces = []
        for part in ranges.split(";"):
            bounds = part.split()
            if len(bounds) != 2 or not all(b.isdigit() for b in bounds):
                self.fail(f"{ident}: offsets must be 'START END' (with ';' between "
                          f"fragments), not {ranges!r}")
            pieces.append((int(bounds[0]), int(bounds[1])))
        text = self.record.text
        for start, end in pieces:
            if not start < end <= len(text):
                self.fail(f"{ident}: {start}-{end} is not inside the text "
                          f"(length {len(text)})")
        said = "\t".join(fields[2:])
        found = " ".join(text[start:end] for start, end in pieces)
        if said.replace("\n", " ") != found.replace("\n", " ").replace("\r", " "):
            self.fail(f"{ident}: says its text is {said!r} but the .txt has {found!r} there")
        if ident in self.spans:
            self.fail(f"{ident}: used twice")
        if not label.strip():
            self.fail(f"{ident}: no label")
        spans = self.record.spans
        self.spans[ident] = len(spans)
        for n, (start, end) in enumerate(pieces):
            if n:
                self.record.relations.append(RawRelation(len(spans) - 1, len(spans), FRAGMENT))
            spans.append(RawSpan(start, end, label))
        if len(pieces) > 1:
            self.record.notices.append(f"{ident} ({label}) is discontinuous: {len(pieces)} "
                                     f"spans linked by {FRAGMENT}")

    def target(self, ident: str, name: str) -> int | None:
        """The span a line points to; None for an event (left out with it)."""
        if name in self.spans:
            return self.spans[name]
        if name[:1] == "E":
            return None
        self.fail(f"{ident}: {name!r} is not an entity (T) of this file")
        return None  # pragma: no cover - fail() raises

    def relation(self, ident: str, fields: list[str]) -> None:
        parts = fields[1].split() if len(fields) > 1 else []
        args = dict(part.split(":", 1) for part in parts[1:] if ":" in part)
        if len(parts) != 3 or len(args) != 2:
            self.fail(f"{ident}: expected 'ID<TAB>LABEL Arg1:T1 Arg2:T2'")
        names = list(args.values())
        head, child = (self.target(ident, name) for name in names)
        if head is None or child is None:
            self.record.left_out["brat relations to events"] += 1
            return
        self.record.relations.append(RawRelation(head, child, parts[0]))

    def attribute(self, ident: str, fields: list[str]) -> None:
        parts = fields[1].split() if len(fields) > 1 else []
        if len(parts) not in (2, 3):
            self.fail(f"{ident}: expected 'ID<TAB>NAME T1 [VALUE]'")
        index = self.target(ident, parts[1])
        if index is None:
            self.record.left_out["brat attributes of events"] += 1
            return
        value: str | bool = parts[2] if len(parts) == 3 else True
        self.record.spans[index].attrs[parts[0]] = value

    def note(self, ident: str, fields: list[str]) -> None:
        parts = fields[1].split() if len(fields) > 1 else []
        if len(fields) < 3 or len(parts) != 2:
            self.fail(f"{ident}: expected 'ID<TAB>AnnotatorNotes T1<TAB>NOTE'")
        if parts[1][:1] not in "TE":
            self.record.left_out["brat notes on relations or attributes"] += 1
            return
        index = self.target(ident, parts[1])
        if index is None:
            self.record.left_out["brat notes on events"] += 1
            return
        self.record.notes.append(BratNote(self.record.spans[index], "\t".join(fields[2:])))

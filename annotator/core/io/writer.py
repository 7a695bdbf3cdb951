"""What every format writer shares: the summary of a file, the context, the base class."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import BinaryIO

from .export_records import ExportRecord, decode
from .losses import LossReport
from .tokens import Tokenizers


@dataclass
class FileSummary:
    """One file an export wrote (one per part of a split)."""

    path: str
    part: str | None = None
    records: int = 0
    spans: int = 0  # spans written (not counted for jsonl, which copies SQLite's lines)
    relations: int = 0

    def as_dict(self) -> dict:
        return {"path": self.path, "part": self.part, "records": self.records,
                "spans": self.spans, "relations": self.relations}


@dataclass
class ExportContext:
    """Shared by the writers of one export (all the parts of a split)."""

    report: LossReport = field(default_factory=LossReport)
    tokenizers: Tokenizers = field(default_factory=Tokenizers)
    languages: Counter = field(default_factory=Counter)
    unannotated: int = 0  # articles without any layer, left out of training formats
    doccano_relations: bool = False


class Writer:
    """Writes one file of one format. Subclasses implement write() (and close())."""

    def __init__(self, out: BinaryIO, context: ExportContext, summary: FileSummary) -> None:
        self.out, self.context, self.summary = out, context, summary

    def write_line(self, line: bytes) -> None:
        """One line of `store.reports.export_rows()`, decoded and written in this format."""
        record = decode(line)
        if record.annotator is None:  # nobody has annotated it: not training data
            self.context.unannotated += 1
            return
        self.summary.records += 1
        self.context.languages[record.language] += 1
        self.write(record)

    def write(self, record: ExportRecord) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:
        """Finish the file (the stream itself is closed by the caller)."""

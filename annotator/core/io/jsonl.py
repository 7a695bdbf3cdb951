"""The project's own JSONL (formats.md): one line per article and layer, as SQLite builds
it (lossless, no tokens), written to a stream or by the export's writer."""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from ..errors import DataError
from ..gold import GOLD
from ..model import STATUSES
from ..store import Store
from .writer import Writer


def check_filters(store: Store, annotator: str | None, status: str | None) -> None:
    """Refuse a filter that can only match nothing (a typo in a name)."""
    if annotator == GOLD and GOLD not in store.annotations.annotators():
        raise DataError("nothing in this store has been reviewed yet, so there is no gold "
                        "layer to export (review in the window: Review > Review mode)")
    if annotator is not None and annotator not in store.annotations.annotators():
        known = ", ".join(store.annotations.annotators()) or "none yet"
        raise DataError(f"no annotator {annotator!r} in this store (annotators: {known})")
    if status is not None and status not in STATUSES:
        raise DataError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")


def export_jsonl(store: Store, out: BinaryIO, *, annotator: str | None = None,
                 status: str | None = None,
                 progress: Callable[[int], None] | None = None) -> int:
    """Write the export to a binary stream; returns the number of lines written.

    Streams: each line is built by SQLite and written as it comes, so memory stays flat
    whatever the size of the store.
    """
    check_filters(store, annotator, status)
    written = 0
    for line in store.reports.export_lines(annotator=annotator, status=status):
        out.write(line)
        out.write(b"\n")
        written += 1
        if progress is not None and written % 1000 == 0:
            progress(1000)
    if progress is not None and written % 1000:
        progress(written % 1000)
    return written


class JsonlWriter(Writer):
    def write_line(self, line: bytes) -> None:
        self.out.write(line)
        self.out.write(b"\n")
        self.summary.records += 1

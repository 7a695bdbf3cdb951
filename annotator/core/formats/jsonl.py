"""The project's own JSONL: SQLite's lines written as they come (lossless, no tokens)."""

from __future__ import annotations

from .base import Writer


class JsonlWriter(Writer):
    def write_line(self, line: bytes) -> None:
        self.out.write(line)
        self.out.write(b"\n")
        self.summary.records += 1

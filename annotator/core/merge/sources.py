"""What a merge is given: the sources' total size (for progress), and whether each is a
store or a JSONL file."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..errors import DataError
from ..store import Store

_SQLITE_HEADER = b"SQLite format 3\x00"


def merge_size(sources: Sequence[str | Path]) -> int:
    """The total that merge_stores' progress counts up to: the sources' sizes in bytes."""
    return sum(Path(p).stat().st_size for p in sources)


def source_kind(path: Path, target: Store) -> bool:
    """Whether a source is a store (else JSONL); DataError for one that cannot be merged."""
    if not path.is_file():
        raise DataError(f"{path}: no such file" if not path.exists() else
                        f"{path} is a folder; give store or JSONL files")
    if target.path is not None and os.path.samefile(path, target.path):
        raise DataError(f"{path} is the target store itself; nothing to merge")
    return is_store_file(path)


def is_store_file(path: Path) -> bool:
    """Whether a file is an SQLite file (a store), else a JSONL file; DataError when it
    cannot be read."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror}") from None

"""Merging into a store named by its path, which the merge creates when it does not exist
yet (`annotator merge review.db alice.db bob.db` on the reviewer's first day).

A new target takes the label schema of the first source: a store's own schema (its labels
with their kinds, colours, keys and guidelines), or the default schema for a JSONL source.
The labels of the other sources are then added as any merge adds them. A new target that
ends up holding nothing from any source (every source refused, or an error) is removed
again: a failed merge leaves no half-made store behind.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import AnnotatorError
from ..schema import Schema, default_schema
from ..store import Store
from .merging import merge_stores
from .sources import is_store_file
from .summary import MergeSummary


def first_source_schema(sources: Sequence[str | Path]) -> tuple[Schema, str]:
    """The schema a new target takes, and where it comes from ("the label schema of
    alice.db" or "the default label schema": for a JSONL source, or a store that cannot be
    read)."""
    first = Path(sources[0])
    try:
        if is_store_file(first):
            with Store.open_read_only(first) as source:
                return source.merging.source_schema(), f"the label schema of {first}"
    except AnnotatorError:
        pass  # a source that cannot be read is refused by the merge, and said there
    return default_schema(), "the default label schema"


def merge_into_path(target: str | Path, sources: Sequence[str | Path], *,
                    strict_labels: bool = False,
                    progress: Callable[[int], None] | None = None,
                    registry: str | Path | None = None) -> MergeSummary:
    """Merge `sources` into the store at `target`, creating it (with the first source's
    label schema) when no file is there; the summary's `target_note` says so."""
    path = Path(target)
    if path.exists():
        with Store.open(path) as store:
            return merge_stores(store, sources, strict_labels=strict_labels, progress=progress,
                                registry=registry)
    schema, origin = first_source_schema(sources)
    store = Store.create(path, schema)
    kept = False
    try:
        summary = merge_stores(store, sources, strict_labels=strict_labels, progress=progress,
                               registry=registry)
        kept = summary.sources > 0
    finally:
        store.close()
        if not kept:
            _remove_store(path)
    summary.target_note = (f"Created {path} with {origin}." if kept else
                           f"Nothing was merged, so {path} was not created.")
    return summary


def _remove_store(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + "-wal"),
                     path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)

"""Merging annotators' stores: other stores' (or their JSONL exports') articles and layers
brought into one target store.

Annotators often each work in a store of their own; `merge_stores` gathers their work:

- A source is a store (an SQLite file marked as ours) or else a JSONL file, read with the
  importer's readers: our export, and the other shapes the importer accepts.
- Articles: the same id and text (by hash) is the same article; the same text under
  another id too (as the import does); an id whose text differs from the target's is a
  conflict, reported and not merged, and the rest goes on; anything else is a new article
  (title, meta, text). A matched article keeps the target's title and meta.
- Layers (article, annotator): a layer the target lacks is added (spans with their
  attributes and origin, relations, status). One it has is made equal to the source's: an
  annotator's own store is the authority on that annotator's layer (reviewers never edit
  annotator layers, only the gold layer). The update is a diff: spans equal in start, end,
  label and attributes keep their ids (whatever refers to a span by id keeps working), the
  others are deleted or inserted, relations and status follow. An equal layer is not written at all,
  so merging the same source twice changes nothing the second time (no change-log entry
  either).
- Registries: a source store's entries join the target's (core/registry/unite.py: the
  same Wikidata id, or the same name and kind, is the same entry; a possible duplicate is
  added and reported, never merged), and its spans' links come along. A link in the target
  that the source does not have is kept (it may be a curator's).
- The gold layer (gold.GOLD) is never read from a source nor changed in the target; the
  layers skipped are counted. A source's review decisions and comments are not merged.
- Labels the target lacks are added as the import adds them (a store source brings its
  definitions: kind, colour, description, and the shortcut unless taken); `strict_labels`
  refuses them. A label whose kind differs between the two stores fails the source.
- The whole merge is one transaction with a savepoint per source, as the import: a source
  with an error (a damaged store, a bad JSONL line, reported as FILE:LINE: message) is
  rolled back alone and the others are kept; a cancelled merge stores nothing.
- A source is streamed article by article; the target is written in batches (BulkWriter),
  so memory stays flat whatever the size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ..changefeed import layers_detail
from ..io.entry_links import unite_registry
from ..store import Store
from .source_merge import SourceMerge
from .sources import source_kind
from .summary import MergeSummary


def merge_stores(target: Store, sources: Sequence[str | Path], *,
                 strict_labels: bool = False, progress: Callable[[int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None,
                 registry: str | Path | None = None) -> MergeSummary:
    """Merge each source (a store or a JSONL file) into `target`; the summary says what
    was done, what conflicted and which sources were refused.

    `registry`: the registry JSONL (`export --registry`) that the JSONL sources' `entry`
    ids name: united with the target's first, then the JSONL spans are linked as
    `import --with-registry` links them (io/entry_links.py). A store source brings its own.

    `progress(n)` is told of every n bytes of the sources merged (merge_size() is the
    total); `cancelled()` is asked between articles and, when it answers True, the whole
    merge is rolled back (MergeCancelled).
    """
    paths = [Path(p) for p in sources]
    kinds = [source_kind(path, target) for path in paths]
    total = MergeSummary()
    with target.transaction():
        entries = None
        if registry:
            entries, total.registry = unite_registry(target, Path(registry))
        for path, is_store in zip(paths, kinds, strict=True):
            one = SourceMerge(target, path, is_store, strict_labels, progress, cancelled,
                              entries)
            with target.savepoint() as point:
                one.run()
                if one.errors:
                    point.rollback()
                    total.errors.extend(one.errors)
                    total.failed_sources.append(str(path))
                else:
                    if one.summary.changed():
                        target.log_change(None, "merge", None,
                                          {"source": str(path), **one.summary.counts(),
                                           **layers_detail(one.touched)})
                    total.add(one.summary)
            target.forget_schema()
            total.by_source.append(
                {"source": str(path), "merged": False, "errors": len(one.errors)}
                if one.errors else {"source": str(path), "merged": True,
                                    **one.summary.counts()})
    return total

"""One source (a store or a JSONL file) merged into the target, inside the target's open
transaction: its records read, each article matched or added, each layer added or made
equal to the source's (merging.py says the rules)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from pathlib import Path

from ..errors import DataError, StoreError
from ..gold import GOLD
from ..io.entry_links import EntryMap, resolve_entries
from ..io.import_records import ImportRecord, RecordError, parse_record
from ..io.importing import (
    DEFAULT_ANNOTATOR,
    MAX_ERRORS_PER_FILE,
    MAX_LISTED,
    LabelGate,
    Problem,
    check_duplicate,
    prepare_record,
    text_hash,
    title_from,
)
from ..io.json_lines import decode_json_line
from ..io.readers import Item, read_jsonl
from ..io.repeats import drop_repeats
from ..registry.unite import unite
from ..rules import entry_link_problem
from ..store import Store
from ..store.bulk import BulkWriter
from ..store.merge import RelationRow, SpanRow
from .layer_diff import match_spans, relation_changes
from .summary import Conflict, MergeSummary

_PROGRESS_STEP = 1 << 18  # bytes between progress reports


def _meta(text: str | None) -> dict:
    return json.loads(text) if text else {}


class MergeCancelled(Exception):
    """The user cancelled; nothing was stored."""



class SourceMerge:
    """One source merged into the target, inside the target's open transaction."""

    def __init__(self, target: Store, path: Path, is_store: bool, strict_labels: bool,
                 progress: Callable[[int], None] | None,
                 cancelled: Callable[[], bool] | None, entries: EntryMap | None = None
                 ) -> None:
        self.target, self.path = target, path
        self.entries = entries  # a JSONL source's registry file, when one was given
        self.strict_labels = strict_labels
        self.progress, self.cancelled = progress, cancelled
        self.summary = MergeSummary(sources=1)
        self.errors: list[Problem] = []
        self.annotators = set(target.annotations.annotators())
        self.conflicting: set[str] = set()
        self.touched: dict[str, set[int]] = {}  # the layers added or changed, for the log
        self.last_pk: int | None = None
        self.size = path.stat().st_size
        self.is_store = is_store
        self.entry_map: dict[int, tuple[int, str]] = {}  # source entry -> (ours, its kind)
        self.links: list[tuple[int, int]] = []  # (span, entry) in the target
        # without any span meta in the target, a kept span without any needs no look-up
        self.target_has_meta = target.merging.has_span_meta()

    def run(self) -> None:
        done = 0
        writer = self.writer = BulkWriter(self.target.conn)
        self.deferred = False
        try:
            with closing(self._items()) as items:  # closes a source store, even on cancel
                for line, position, item in items:
                    if self.progress is not None and position - done >= _PROGRESS_STEP:
                        self.progress(position - done)
                        done = position
                    if self.cancelled is not None and self.cancelled():
                        raise MergeCancelled
                    self._item(line, item)
                    if len(self.errors) > MAX_ERRORS_PER_FILE:
                        self.errors[-1] = Problem(str(self.path), None, "too many errors; "
                                                  "stopped reading this source")
                        break
        except StoreError as exc:
            self._error(None, str(exc))
        if not self.errors:
            writer.finish()
            if self.links:  # after the spans: a link refers to its span
                self.summary.links_added += self.target.merging.link_spans(self.links)
        if self.progress is not None and self.size > done:
            self.progress(self.size - done)

    def _item(self, line: int | None, item: Item) -> None:
        if isinstance(item, RecordError):
            self._error(line, str(item))
        elif isinstance(item, str):
            self.summary.records_skipped += 1
        else:
            try:
                self._record(line, item)
            except RecordError as exc:
                self._error(line, str(exc), item.id)

    # -- reading ------------------------------------------------------------------------

    def _items(self) -> Generator[tuple[int | None, int, Item], None, None]:
        if not self.is_store:
            self.writer.start_file()
            self.labels = LabelGate(self.target, self.strict_labels, self.summary.labels_added)
            yield from read_jsonl(self.path)
            return
        try:
            source = Store.open_read_only(self.path)
        except StoreError as exc:
            message = str(exc).removeprefix(f"{self.path} ").removeprefix("is ")
            yield None, self.size, RecordError(message)
            return
        with source:
            yield from self._store_items(source)

    def _store_items(self, source: Store) -> Iterator[tuple[int | None, int, Item]]:
        schema = source.merging.source_schema()
        for name in source.merging.labels_in_use():
            ours, theirs = self.target.schema.label(name), schema.label(name)
            if ours is not None and theirs is not None and ours.kind != theirs.kind:
                yield None, 0, RecordError(f"label {name} is of kind {theirs.kind} here but "
                                           f"{ours.kind} in the target store")
                return
        self.labels = LabelGate(self.target, self.strict_labels, self.summary.labels_added,
                                schema)
        if source.registry.exists() and source.registry.entry_count():
            try:
                self.summary.registry = unite(self.target, source.registry.entries(),
                                              str(self.path))
            except DataError as exc:
                yield None, 0, RecordError(str(exc).removeprefix(f"{self.path}: "))
                return
            kinds = {e.id: e.kind for e in self.target.registry.entries()}
            self.entry_map = {theirs: (ours, kinds[ours])
                              for theirs, ours in self.summary.registry.id_map.items()}
        self.summary.gold_layers_skipped = source.merging.layer_count(GOLD)
        count = max(source.merging.source_line_count(GOLD), 1)
        for n, line in enumerate(source.merging.source_lines(GOLD), start=1):
            try:
                item: Item = parse_record(decode_json_line(line))
            except RecordError as exc:
                item = exc
            yield None, self.size * n // count, item

    def _error(self, line: int | None, message: str, article_id: str | None = None) -> None:
        if line is None and article_id is not None:
            message = f"article {article_id}: {message}"
        self.errors.append(Problem(str(self.path), line, message))

    # -- one article and layer ----------------------------------------------------------

    def _record(self, line: int | None, record: ImportRecord) -> None:
        if self.is_store:  # a store's texts are canonical already
            text, digest, article_id = record.text, text_hash(record.text), record.id
            annotator, changes = record.annotator, ()
            spans = [(span.start, span.end) for span in record.spans]
        else:
            prepared = prepare_record(record, DEFAULT_ANNOTATOR)
            text, digest, article_id = prepared.text, prepared.digest, prepared.id
            annotator, spans, changes = prepared.annotator, prepared.spans, prepared.changes
            self.summary.spans_trimmed += prepared.trimmed
            if record.id is not None:
                self._check_duplicate(line or 1, article_id, annotator, digest)
        self.summary.repeats_dropped += len(drop_repeats(record, spans))
        if self.errors:  # keep checking the rest of a JSONL file, but write nothing more
            return
        assert article_id is not None
        found = self.writer.find_by_id(article_id)
        if found is not None and found[1] != digest:
            self._conflict(article_id)
            return
        pk = found[0] if found else self.writer.find_by_hash(digest)
        new = pk is None
        if pk is None:
            title = record.title if record.title is not None else title_from(text)
            self._before_adding()
            pk = self.writer.add_article(article_id, title, text, digest, record.meta)
            self.summary.articles_added += 1
            self.summary.texts_changed += bool(changes)
        elif pk != self.last_pk:  # an article's layers come one after another
            self.summary.articles_matched += 1
        self.last_pk = pk
        if annotator is None:
            return
        if annotator == GOLD:
            self.summary.gold_layers_skipped += 1
            return
        self.labels.check(record)
        linked = None
        if not self.is_store:  # its entry ids name the registry file given, if any
            left_out: Counter[str] = Counter()
            linked = dict(resolve_entries(record, self.entries, self.target.schema, left_out))
            self.summary.links_left_out += sum(left_out.values())
        self._merge_layer(pk, new, annotator, record, text, spans, linked)

    def _before_adding(self) -> None:
        """Set the indexes aside for bulk writing (BulkWriter), on the first row added only:
        a merge that adds nothing leaves the target's schema untouched too."""
        if not self.deferred:
            self.writer.defer_indexes()
            self.deferred = True

    def _conflict(self, article_id: str) -> None:
        if article_id in self.conflicting:
            return
        self.conflicting.add(article_id)
        self.summary.articles_conflicting += 1
        if len(self.summary.conflicts) < MAX_LISTED:
            self.summary.conflicts.append(Conflict(str(self.path), article_id))

    def _check_duplicate(self, line: int, article_id: str, annotator: str | None,
                         digest: str) -> None:
        """The import's rule: an id twice in a file needs the same text and other layers."""
        check_duplicate(self.writer, line, article_id, annotator, digest)

    def _merge_layer(self, pk: int, new_article: bool, annotator: str,
                     record: ImportRecord, text: str, spans: list[tuple[int, int]],
                     linked: dict[int, int] | None = None) -> None:
        """Add or update one layer; `linked` (a JSONL source's): span index -> the target's
        entry, else a store source's links go through its united registry."""
        current = None
        if not new_article:
            self.writer.before_reading(pk, annotator)
            current = self.target.merging.merge_layer(pk, annotator)
        if current is None:
            if annotator not in self.annotators:
                self.target.annotations.ensure_annotator(annotator)
                self.annotators.add(annotator)
            status = record.status or "todo"
            self._before_adding()
            self.writer.add_layer(pk, annotator, status)
            self.summary.layers_added += 1
            self.touched.setdefault(annotator, set()).add(pk)
            old_status = status
            old_spans: list[SpanRow] = []
            old_relations: list[RelationRow] = []
        else:
            old_status, old_spans, old_relations = current
            status = record.status or old_status  # a record without one keeps the target's
        ids, spans_removed = match_spans(old_spans, record, spans)
        if spans_removed:  # gone before any new span takes the same bounds and label
            self.target.merging.update_merged_layer(pk, annotator, old_status, spans_removed, [])
        kept = [(span, raw.meta) for raw, span in zip(record.spans, ids, strict=True)
                if span is not None]
        spans_added = 0
        if None in ids:
            self._before_adding()
        for n, (raw, (start, end)) in enumerate(zip(record.spans, spans, strict=True)):
            if ids[n] is None:
                ids[n] = added = self.writer.add_span(pk, annotator, start, end, raw.label,
                                                      text[start:end], raw.attrs,
                                                      raw.origin or "imported")
                self.writer.add_span_meta(added, raw.meta)
                spans_added += 1
        metas_changed = self._merge_meta(pk, annotator, kept) if kept else 0
        if linked is not None:
            self.links += [(span, entry) for n, entry in linked.items()
                           if (span := ids[n]) is not None]
        for raw, span_id in zip(record.spans, ids, strict=True):
            if raw.entry is None or linked is not None:
                continue
            ours = self.entry_map.get(raw.entry)
            if ours is not None and span_id is not None and entry_link_problem(
                    self.target.schema, raw.label, ours[1]) is None:
                self.links.append((span_id, ours[0]))
            else:
                self.summary.links_left_out += 1
        relations_added, relations_removed = self._merge_relations(ids, record, old_relations)
        self.summary.spans_added += spans_added
        self.summary.spans_removed += len(spans_removed)
        if current is None:
            return
        if spans_added or spans_removed or relations_added or relations_removed or (
                metas_changed or status != old_status):
            self.target.merging.update_merged_layer(pk, annotator, status, spans_removed,
                                            relations_removed)
            self.summary.layers_updated += 1
            self.touched.setdefault(annotator, set()).add(pk)
        else:
            self.summary.layers_unchanged += 1

    def _merge_meta(self, pk: int, annotator: str, kept: list[tuple[int, dict]]) -> int:
        """Give the target's kept spans the source's meta where it differs (the source is
        the authority on its layer, as for the spans); how many changed."""
        if not self.target_has_meta and not any(meta for _, meta in kept):
            return 0
        ours = self.target.merging.layer_span_meta(pk, annotator)
        changed = [(span, meta) for span, meta in kept if meta != _meta(ours.get(span))]
        self.target.merging.set_span_meta(changed)
        return len(changed)

    def _merge_relations(self, ids: list[int | None], record: ImportRecord,
                         old: list[RelationRow]) -> tuple[int, list[int]]:
        """Add the relations the target lacks (in the record's order); how many, and the
        ids of those the target has and the source no longer."""
        added, removed = relation_changes(ids, record, old)
        for key in added:
            self.writer.add_relation(*key)
        self.summary.relations_added += len(added)
        self.summary.relations_removed += len(removed)
        return len(added), removed

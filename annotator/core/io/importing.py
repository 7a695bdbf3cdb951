"""Importing files into a store: every record checked, each file wholly in or wholly out.

The whole import is one transaction with a savepoint per file: a bad file is rolled back to
its savepoint and reported (`FILE:LINE: message`), the good ones are kept, and a cancelled
import (or a killed process) stores nothing at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..changefeed import layers_detail
from ..errors import DataError
from ..rules import (
    annotator_problem,
    span_key,
    trim_bounds,
)
from ..store import Store
from ..store.bulk import BulkWriter
from ..store.review import Comment
from ..text import canonicalise
from .brat import TITLE_RULES, BratRecord
from .entry_links import EntryMap, resolve_entries, unite_registry
from .import_records import ImportRecord, RecordError, title_from
from .import_summary import MAX_LISTED, ImportSummary, Problem
from .label_gate import LabelGate
from .readers import FORMATS, Reader, collect_paths, detect_format, reader_for
from .repeats import drop_repeats

DEFAULT_ANNOTATOR = "imported"
MAX_ERRORS_PER_FILE = 20
_PROGRESS_STEP = 1 << 18  # bytes between progress reports (a redraw is not free)


class ImportCancelled(Exception):
    """The user cancelled; nothing was stored."""


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def derived_id(digest: str) -> str:
    """The stable id of an article that arrives without one: from its canonical text."""
    return digest[:16]


def import_files(store: Store, paths: list[str | Path], *, annotator: str | None = None,
                 fmt: str | None = None, strict_labels: bool = False,
                 text_key: str | None = None, title: str | None = None,
                 keep_boilerplate: bool = False, registry: str | Path | None = None,
                 progress: Callable[[int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> ImportSummary:
    """Import files (or folders of them) into `store`; the summary lists what was done.

    A plain text's boilerplate lines at its start and end ("views", "0 comment") are left
    out and listed (boilerplate.py), unless `keep_boilerplate`.

    `registry`: the registry JSONL (`export --registry`) that the spans' `entry` ids name.
    Its entries join the store's registry first (registry/unite.py; a bad line refuses the
    whole import) and each span is linked to the entry its id names there; a span naming an
    id the file lacks refuses its file (FILE:LINE). Without it, `entry` ids are left out and
    counted: an id means nothing outside its registry.

    `progress(n)` is told of every n bytes read; `cancelled()` is asked between records
    and, when it answers True, the whole import is rolled back (ImportCancelled).
    """
    if annotator is not None:
        problem = annotator_problem(annotator)
        if problem is not None:
            raise DataError(f"--annotator: {problem}")
    if title is not None and title not in TITLE_RULES:
        raise DataError(f"--title must be one of {', '.join(TITLE_RULES)}, not {title!r}")
    files, skipped = collect_paths([Path(p) for p in paths])
    for path in files:
        if not path.is_file():
            raise DataError(f"{path}: no such file")
        if fmt is None and detect_format(path) is None:
            raise DataError(f"{path}: unknown file type {path.suffix!r} "
                            f"(use --format: {', '.join(FORMATS)})")
    total = ImportSummary(files_skipped=skipped)
    with store.transaction():
        entries = None
        if registry:
            entries, total.registry = unite_registry(store, Path(registry))
        writer = BulkWriter(store.conn)
        writer.defer_indexes()
        for path in files:
            one = _FileImport(store, writer, path, annotator or DEFAULT_ANNOTATOR,
                              strict_labels, progress, cancelled, entries)
            with store.savepoint() as point:
                one.run(reader_for(fmt or detect_format(path) or "jsonl", text_key, title,
                                   keep_boilerplate))
                if one.errors:
                    point.rollback()
                    writer.reset()
                    total.errors.extend(one.errors)
                    total.failed_files.append(str(path))
                else:
                    writer.flush()
                    if one.entry_links:  # after the spans: a link names its span
                        store.registry.link_spans(one.entry_links)
                        one.summary.entry_links = len(one.entry_links)
                    store.log_change(annotator, "import", None,
                                     {"file": str(path), **_counts(one.summary),
                                      **layers_detail(one.touched)})
                    total.add(one.summary)
            store.forget_schema()
        writer.finish()
    return total


def _counts(summary: ImportSummary) -> dict:
    return {key: value for key, value in summary.as_dict().items()
            if isinstance(value, int)}


@dataclass(slots=True)
class PreparedRecord:
    """A record's text canonicalised and hashed, its id, layer and remapped spans."""

    text: str
    digest: str
    id: str
    annotator: str | None
    spans: list[tuple[int, int]]
    changes: tuple
    trimmed: int = 0  # spans whose whitespace ends were trimmed (a notice each)


def prepare_record(record: ImportRecord, default_annotator: str) -> PreparedRecord:
    """Canonicalise a record's text and remap its spans (docs/architecture.md,
    "Text and offsets").

    Spans without an annotator go to `default_annotator`; RecordError for a span that
    canonicalisation empties.
    """
    canonical = canonicalise(record.text)
    text = canonical.text
    digest = text_hash(text)
    annotator = record.annotator
    if annotator is None and (record.spans or record.status):
        annotator = default_annotator
    spans = [canonical.map_span(s.start, s.end) for s in record.spans]
    trimmed = 0
    for n, (start, end) in enumerate(spans):
        if start == end:
            raise RecordError(f"span {n} covers only a carriage return that "
                              "canonicalisation removes")
        spans[n] = _trimmed(record, n, text, start, end)
        trimmed += spans[n] != (start, end)
    return PreparedRecord(text, digest, record.id or derived_id(digest), annotator, spans,
                          canonical.changes, trimmed)


def _trimmed(record: ImportRecord, n: int, text: str, start: int, end: int) -> tuple[int, int]:
    """A span without whitespace at its ends (rules.trim_bounds); each one trimmed is a
    notice, a span of nothing but whitespace refuses the record."""
    new_start, new_end = trim_bounds(text[start:end], start, end)
    if (new_start, new_end) == (start, end):
        return start, end
    raw = record.spans[n]
    if new_start >= new_end:
        raise RecordError(f"span {n} ({raw.label} {raw.start}-{raw.end}) is only whitespace")
    record.notices.append(f"span {n} ({raw.label} {raw.start}-{raw.end} "
                          f"{text[start:end]!r}): whitespace at its ends trimmed, stored as "
                          f"{new_start}-{new_end} {text[new_start:new_end]!r}")
    return new_start, new_end


class _FileImport:
    def __init__(self, store: Store, writer: BulkWriter, path: Path, annotator: str,
                 strict_labels: bool, progress: Callable[[int], None] | None,
                 cancelled: Callable[[], bool] | None, entries: EntryMap | None = None
                 ) -> None:
        self.store, self.writer, self.path = store, writer, path
        self.entries = entries
        self.entry_links: list[tuple[int, int]] = []  # (span, entry), linked after the file
        self.default_annotator = annotator
        self.progress, self.cancelled = progress, cancelled
        self.summary = ImportSummary(files=1)
        self.errors: list[Problem] = []
        self.labels = LabelGate(store, strict_labels, self.summary.labels_added)
        self.annotators: set[str] = set(store.annotations.annotators())
        self.suggestion_layers = set(store.suggestions.suggestion_layers())
        self.touched: dict[str, set[int]] = {}  # the layers added, for the change log
        # The spans of each layer this file added, by (start, end, label): what a later
        # record joining that layer finds there already.
        self.layer_spans: dict[tuple[int, str], dict[tuple, int]] = {}
        self.layer_links: dict[tuple[int, str], set[tuple[int, int, str]]] = {}

    def run(self, reader: Reader) -> None:
        self.writer.start_file()
        done = position = 0
        for line, position, item in reader(self.path):
            if self.progress is not None and position - done >= _PROGRESS_STEP:
                self.progress(position - done)
                done = position
            if self.cancelled is not None and self.cancelled():
                raise ImportCancelled
            if isinstance(item, RecordError):
                self._error(line, str(item))
            elif isinstance(item, str):
                self.summary.records_skipped[item] += 1
            else:
                try:
                    self._record(line, item)
                except RecordError as exc:
                    self._error(line, str(exc))
            if len(self.errors) > MAX_ERRORS_PER_FILE:
                self.errors[-1] = Problem(str(self.path), None,
                                          "too many errors; stopped reading this file")
                break
        if self.progress is not None and position > done:
            self.progress(position - done)

    def _error(self, line: int | None, message: str) -> None:
        self.errors.append(Problem(str(self.path), line, message))

    def _record(self, line: int | None, record: ImportRecord) -> None:
        prepared = prepare_record(record, self.default_annotator)
        text, digest, article_id = prepared.text, prepared.digest, prepared.id
        annotator = prepared.annotator
        problem = annotator_problem(annotator) if annotator is not None else None
        if problem is not None:
            raise RecordError(f'"annotator": {problem}')
        for note in drop_repeats(record, prepared.spans):
            self.summary.repeats_dropped += 1
            if len(self.summary.repeats) < MAX_LISTED:
                self.summary.repeats.append(Problem(str(self.path), line, note))
        self.labels.check(record)
        linked = self._entries(record)
        if record.id is not None:  # the same text twice without ids is just a duplicate
            self._check_duplicate(line, article_id, annotator, digest)
        if self.errors:  # keep checking the rest of the file, but write nothing more
            return
        self.summary.left_out.update(record.left_out)
        for message in record.notices:
            if len(self.summary.notices) < MAX_LISTED:
                self.summary.notices.append(Problem(str(self.path), line, message))
        for number, dropped in record.dropped_lines:
            self.summary.boilerplate_dropped += 1
            if len(self.summary.boilerplate) < MAX_LISTED:
                self.summary.boilerplate.append(Problem(str(self.path), number, dropped))
        found = self.writer.find_by_id(article_id)
        if found is not None and found[1] != digest:
            raise RecordError(f"id {article_id!r} is already in the store with a different text")
        pk = found[0] if found else self.writer.find_by_hash(digest)
        new_article = pk is None
        if pk is None:
            title = record.title if record.title is not None else title_from(text)
            pk = self.writer.add_article(article_id, title, text, digest, record.meta)
            self.summary.articles_added += 1
            self._note_changes(line, article_id, prepared.changes)
        if (annotator is not None and record.joins_layer
                and (pk, annotator) in self.layer_spans):
            self._join_layer(pk, annotator, record, prepared)
            return
        if annotator is None or (not new_article and self.writer.has_layer(pk, annotator)):
            if not new_article:
                self.summary.duplicates_skipped += 1
            return
        if annotator not in self.annotators:
            self.store.annotations.ensure_annotator(annotator)
            self.annotators.add(annotator)
        if record.suggested_by is not None and annotator not in self.suggestion_layers:
            self.store.suggestions.register_suggestion_layer(annotator, [record.suggested_by])
            self.suggestion_layers.add(annotator)
        self.writer.add_layer(pk, annotator, record.status or "todo")
        self.touched.setdefault(annotator, set()).add(pk)
        if not new_article:
            self.summary.layers_added += 1
        known: dict[tuple, int] = {}
        if record.joins_layer:  # kept only for these: memory stays flat on other files
            self.layer_spans[(pk, annotator)] = known
            self.layer_links[(pk, annotator)] = set()
        ids = self._add_spans(pk, annotator, record, prepared, known,
                              self.layer_links.get((pk, annotator), set()))
        self.entry_links += [(ids[n], entry) for n, entry in linked]
        if isinstance(record, BratRecord) and record.notes:
            self._brat_notes(pk, annotator, record, prepared)

    def _brat_notes(self, pk: int, annotator: str, record: BratRecord,
                    prepared: PreparedRecord) -> None:
        """brat's notes become comments on their spans."""
        # A span given twice was kept once (drop_repeats): a note finds the one kept.
        where = {span_key(raw.start, raw.end, raw.label): bounds
                 for raw, bounds in zip(record.spans, prepared.spans, strict=True)}
        self.writer.flush()  # the comments point at the article: it must be written
        for note in record.notes:
            start, end = where[span_key(note.span.start, note.span.end, note.span.label)]
            self.store.review.insert_comment(Comment(0, pk, start, end, annotator, note.text, ""))

    def _entries(self, record: ImportRecord) -> list[tuple[int, int]]:
        """(span index, the store's entry) for the record's spans that name an entry."""
        return resolve_entries(record, self.entries, self.store.schema, self.summary.left_out)

    def _join_layer(self, pk: int, annotator: str, record: ImportRecord,
                    prepared: PreparedRecord) -> None:
        """A later answer on a text whose layer this file made: its spans are added to
        the layer (those already there are not repeated); relations likewise."""
        self.summary.answers_joined += 1
        self._add_spans(pk, annotator, record, prepared, self.layer_spans[(pk, annotator)],
                        self.layer_links[(pk, annotator)])

    def _add_spans(self, pk: int, annotator: str, record: ImportRecord,
                   prepared: PreparedRecord, known: dict[tuple, int],
                   links: set[tuple[int, int, str]]) -> list[int]:
        """Write the record's spans (those not in the layer yet) and relations; each
        span's id, in the record's order."""
        text = prepared.text
        ids = []
        for raw, (start, end) in zip(record.spans, prepared.spans, strict=True):
            key = span_key(start, end, raw.label)
            if key not in known:
                known[key] = self.writer.add_span(pk, annotator, start, end, raw.label,
                                                  text[start:end], raw.attrs,
                                                  raw.origin or "imported")  # as merge keeps it
                self.writer.add_span_meta(known[key], raw.meta)
                self.summary.spans_added += 1
            ids.append(known[key])
        for rel in record.relations:
            link = (ids[rel.head], ids[rel.child], rel.label)
            if link not in links:
                links.add(link)
                self.writer.add_relation(*link)
                self.summary.relations_added += 1
        return ids

    def _note_changes(self, line: int | None, article_id: str, changes: tuple) -> None:
        if not changes:
            return
        self.summary.texts_changed += 1
        for change in changes:
            self.summary.text_change_counts[change.kind] += change.count
        if len(self.summary.text_changes) < MAX_LISTED:
            described = "; ".join(change.describe() for change in changes)
            self.summary.text_changes.append(
                Problem(str(self.path), line, f"article {article_id}: {described}"))

    def _check_duplicate(self, line: int | None, article_id: str, annotator: str | None,
                         digest: str) -> None:
        check_duplicate(self.writer, line or 1, article_id, annotator, digest)

def check_duplicate(writer: BulkWriter, line: int, article_id: str, annotator: str | None,
                    digest: str) -> None:
    """An id twice in one file needs the same text, and another annotator's layer."""
    earlier = writer.seen_in_file(article_id, annotator)
    if earlier is not None:
        first, first_digest, same_layer = earlier
        if first_digest != digest:
            raise RecordError(f"id {article_id!r} is on line {first} with another text")
        if same_layer:
            raise RecordError(f"duplicate id {article_id!r} (also on line {first})"
                              + (f" for annotator {annotator!r}" if annotator else ""))
    writer.remember_in_file(article_id, annotator, digest, line)

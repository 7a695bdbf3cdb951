"""Importing files into a store: every record checked, each file wholly in or wholly out.

The whole import is one transaction with a savepoint per file: a bad file is rolled back to
its savepoint and reported (`FILE:LINE: message`), the good ones are kept, and a cancelled
import (or a killed process) stores nothing at all.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..changefeed import layers_detail
from ..errors import DataError
from ..rules import (
    annotator_problem,
    attrs_problem,
    relation_problem,
)
from ..schema import EXTRA_COLORS, Label, RelationLabel, Schema
from ..store import Store
from ..store.bulk import BulkWriter
from ..text import canonicalise
from .import_records import ImportRecord, RecordError, drop_repeats
from .readers import READERS, detect_format, expand_paths

DEFAULT_ANNOTATOR = "imported"
MAX_ERRORS_PER_FILE = 20
MAX_LISTED = 1000
_PROGRESS_STEP = 1 << 18  # bytes between progress reports (a redraw is not free)


class ImportCancelled(Exception):
    """The user cancelled; nothing was stored."""


@dataclass
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


@dataclass
class ImportSummary:
    files: int = 0
    articles_added: int = 0
    layers_added: int = 0
    duplicates_skipped: int = 0
    records_skipped: Counter = field(default_factory=Counter)
    spans_added: int = 0
    relations_added: int = 0
    labels_added: list[str] = field(default_factory=list)
    # Every text that canonicalisation changed: the first MAX_LISTED one by one (memory stays
    # flat however many there are), all of them in the counts.
    text_changes: list[Problem] = field(default_factory=list)
    texts_changed: int = 0
    text_change_counts: Counter = field(default_factory=Counter)
    # Spans and relations a record gives twice: one is kept, each repeat listed here.
    repeats: list[Problem] = field(default_factory=list)
    repeats_dropped: int = 0
    errors: list[Problem] = field(default_factory=list)
    failed_files: list[str] = field(default_factory=list)

    def add(self, other: ImportSummary) -> None:
        for name in ("files", "articles_added", "layers_added", "duplicates_skipped",
                     "spans_added", "relations_added", "texts_changed", "repeats_dropped"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.records_skipped.update(other.records_skipped)
        self.labels_added.extend(other.labels_added)
        self.text_changes.extend(other.text_changes[:MAX_LISTED - len(self.text_changes)])
        self.text_change_counts.update(other.text_change_counts)
        self.repeats.extend(other.repeats[:MAX_LISTED - len(self.repeats)])

    def as_dict(self) -> dict:
        return {"files": self.files, "articles_added": self.articles_added,
                "layers_added": self.layers_added,
                "duplicates_skipped": self.duplicates_skipped,
                "records_skipped": dict(self.records_skipped),
                "spans_added": self.spans_added, "relations_added": self.relations_added,
                "labels_added": self.labels_added,
                "texts_changed": self.texts_changed,
                "text_change_counts": dict(self.text_change_counts),
                "text_changes": [str(p) for p in self.text_changes],
                "repeats_dropped": self.repeats_dropped,
                "repeats": [str(p) for p in self.repeats],
                "errors": [str(p) for p in self.errors], "failed_files": self.failed_files}


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def derived_id(digest: str) -> str:
    """The stable id of an article that arrives without one: from its canonical text."""
    return digest[:16]


def import_files(store: Store, paths: list[str | Path], *, annotator: str | None = None,
                 fmt: str | None = None, strict_labels: bool = False,
                 progress: Callable[[int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> ImportSummary:
    """Import files (or folders of them) into `store`; the summary lists what was done.

    `progress(n)` is told of every n bytes read; `cancelled()` is asked between records
    and, when it answers True, the whole import is rolled back (ImportCancelled).
    """
    if annotator is not None:
        problem = annotator_problem(annotator)
        if problem is not None:
            raise DataError(f"--annotator: {problem}")
    files = expand_paths([Path(p) for p in paths])
    for path in files:
        if not path.is_file():
            raise DataError(f"{path}: no such file")
        if fmt is None and detect_format(path) is None:
            raise DataError(f"{path}: unknown file type {path.suffix!r} "
                            "(use --format jsonl, txt, csv or html)")
    total = ImportSummary()
    with store.transaction():
        writer = BulkWriter(store.conn)
        writer.defer_indexes()
        for path in files:
            one = _FileImport(store, writer, path, annotator or DEFAULT_ANNOTATOR,
                              strict_labels, progress, cancelled)
            with store.savepoint() as point:
                one.run(fmt or detect_format(path) or "jsonl")
                if one.errors:
                    point.rollback()
                    writer.reset()
                    total.errors.extend(one.errors)
                    total.failed_files.append(str(path))
                else:
                    writer.flush()
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


def prepare_record(record: ImportRecord, default_annotator: str) -> PreparedRecord:
    """Canonicalise a record's text and remap its spans (DESIGN.md, "Text and offsets").

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
    for n, (start, end) in enumerate(spans):
        if start == end:
            raise RecordError(f"span {n} covers only a carriage return that "
                              "canonicalisation removes")
    return PreparedRecord(text, digest, record.id or derived_id(digest), annotator, spans,
                          canonical.changes)


class LabelGate:
    """Checks a record's labels against the store's schema and adds the unknown ones
    (refused with `strict`), as the import and the merge both do.

    `known` is where an unknown label's definition comes from when there is one (the
    schema of a store being merged); otherwise a label gets the span's kind and one of
    EXTRA_COLORS, a relation label no constraints.
    """

    def __init__(self, store: Store, strict: bool, added: list[str],
                 known: Schema | None = None) -> None:
        self.store, self.strict, self.added, self.known = store, strict, added, known
        self.labels = {label.name: label for label in store.schema.labels}
        self.relations = {rel.name: rel for rel in store.schema.relations}

    def check(self, record: ImportRecord) -> None:
        """The record's labels known (or added), then the rulebook's span and relation
        rules (rules.py) against the schema they make."""
        for n, raw in enumerate(record.spans):
            label = self.labels.get(raw.label)
            if label is None:
                label = self._add_label(n, raw.label, raw.kind)
            elif raw.kind is not None and raw.kind != label.kind:
                raise RecordError(f"span {n}: label {raw.label} is a {label.kind} label in "
                                  f"this store, not a {raw.kind}")
        for n, rel in enumerate(record.relations):
            if self.relations.get(rel.label) is None:
                self._add_relation(n, rel.label)
        schema = self.store.schema
        for n, raw in enumerate(record.spans):
            problem = attrs_problem(schema, raw.label, raw.attrs) if raw.attrs else None
            if problem is not None:
                raise RecordError(f"span {n}: {problem}")
        for n, rel in enumerate(record.relations):
            problem = relation_problem(schema, rel.label, record.spans[rel.head].label,
                                       record.spans[rel.child].label,
                                       same_span=rel.head == rel.child, same_layer=True)
            if problem is not None:
                raise RecordError(f"relation {n}: {problem}")

    def _add_label(self, n: int, name: str, kind: str | None) -> Label:
        if self.strict:
            raise RecordError(f"span {n}: label {name!r} is not in the schema "
                              "(--strict-labels)")
        known = self.known.label(name) if self.known is not None else None
        if known is not None:
            if kind is not None and kind != known.kind:
                raise RecordError(f"span {n}: label {name} is a {known.kind} label, "
                                  f"not a {kind}")
            keys = {label.key for label in self.labels.values()}
            # The shortcut comes along unless this store already uses that key.
            label = Label(name, known.kind, known.color,
                          known.key if known.key not in keys else None, known.description)
        else:
            color = EXTRA_COLORS[len(self.added) % len(EXTRA_COLORS)]
            label = Label(name, kind or "entity", color)
        self.store.add_label(label)
        self.labels[name] = label
        self.added.append(name)
        return label

    def _add_relation(self, n: int, name: str) -> RelationLabel:
        if self.strict:
            raise RecordError(f"relation {n}: label {name!r} is not in the schema "
                              "(--strict-labels)")
        known = self.known.relation(name) if self.known is not None else None
        relation = known or RelationLabel(name)
        self.store.add_relation_label(relation)
        self.relations[name] = relation
        self.added.append(name)
        return relation


class _FileImport:
    def __init__(self, store: Store, writer: BulkWriter, path: Path, annotator: str,
                 strict_labels: bool, progress: Callable[[int], None] | None,
                 cancelled: Callable[[], bool] | None) -> None:
        self.store, self.writer, self.path = store, writer, path
        self.default_annotator = annotator
        self.progress, self.cancelled = progress, cancelled
        self.summary = ImportSummary(files=1)
        self.errors: list[Problem] = []
        self.labels = LabelGate(store, strict_labels, self.summary.labels_added)
        self.annotators: set[str] = set(store.annotators())
        self.touched: dict[str, set[int]] = {}  # the layers added, for the change log

    def run(self, fmt: str) -> None:
        self.writer.start_file()
        done = position = 0
        for line, position, item in READERS[fmt](self.path):
            if self.progress is not None and position - done >= _PROGRESS_STEP:
                self.progress(position - done)
                done = position
            if self.cancelled is not None and self.cancelled():
                raise ImportCancelled()
            if isinstance(item, RecordError):
                self._error(line, str(item))
            elif isinstance(item, str):
                self.summary.records_skipped[item] += 1
            else:
                try:
                    self._record(line or 1, item)
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

    def _record(self, line: int, record: ImportRecord) -> None:
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
        if record.id is not None:  # the same text twice without ids is just a duplicate
            self._check_duplicate(line, article_id, annotator, digest)
        if self.errors:  # keep checking the rest of the file, but write nothing more
            return
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
        if annotator is None or (not new_article and self.writer.has_layer(pk, annotator)):
            if not new_article:
                self.summary.duplicates_skipped += 1
            return
        if annotator not in self.annotators:
            self.store.ensure_annotator(annotator)
            self.annotators.add(annotator)
        self.writer.add_layer(pk, annotator, record.status or "todo")
        self.touched.setdefault(annotator, set()).add(pk)
        if not new_article:
            self.summary.layers_added += 1
        ids = [self.writer.add_span(pk, annotator, start, end, raw.label, text[start:end],
                                    raw.attrs, raw.origin or "imported")  # as merge keeps it
               for raw, (start, end) in zip(record.spans, prepared.spans, strict=True)]
        for rel in record.relations:
            self.writer.add_relation(ids[rel.head], ids[rel.child], rel.label)
        self.summary.spans_added += len(ids)
        self.summary.relations_added += len(record.relations)

    def _note_changes(self, line: int, article_id: str, changes: tuple) -> None:
        if not changes:
            return
        self.summary.texts_changed += 1
        for change in changes:
            self.summary.text_change_counts[change.kind] += change.count
        if len(self.summary.text_changes) < MAX_LISTED:
            described = "; ".join(change.describe() for change in changes)
            self.summary.text_changes.append(
                Problem(str(self.path), line, f"article {article_id}: {described}"))

    def _check_duplicate(self, line: int, article_id: str, annotator: str | None,
                         digest: str) -> None:
        check_duplicate(self.writer, line, article_id, annotator, digest)

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


def title_from(text: str, limit: int = 120) -> str:
    """A title for an article that has none: its first non-empty line, cut at a word."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if len(first) <= limit:
        return first
    cut = first.rfind(" ", 0, limit)
    return first[: cut if cut > limit // 2 else limit].rstrip() + "…"

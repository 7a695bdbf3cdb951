"""The one export entry point that the CLI and the GUI's export dialog call."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import DataError
from ..plural import plural
from ..store import Store
from .conll import ConllWriter
from .docbin import DocBinWriter
from .doccano import DoccanoWriter
from .jsonl import JsonlWriter, check_filters
from .losses import Loss
from .part_files import PartFiles, named
from .prodigy import ProdigyWriter
from .splits import assign_parts, parse_split, part_path
from .tokens import require_spacy
from .writer import ExportContext, FileSummary, Writer

PROGRESS_STEP = 100  # lines between progress reports


@dataclass(frozen=True)
class FormatInfo:
    """What the export dialog needs to know about a format."""

    name: str
    title: str
    extension: str  # the default file extension, with its dot
    needs_spacy: bool
    binary: bool
    lossless: bool  # holds every span and relation whatever the text


_FORMATS = {
    "jsonl": (FormatInfo("jsonl", "Annotator JSONL (lossless)", ".jsonl", False, False, True),
              JsonlWriter),
    "prodigy": (FormatInfo("prodigy", "Prodigy tasks (JSONL)", ".jsonl", True, False, False),
                ProdigyWriter),
    "doccano": (FormatInfo("doccano", "doccano (JSONL)", ".jsonl", False, False, True),
                DoccanoWriter),
    "conll": (FormatInfo("conll", "CoNLL IOB2 (entities)", ".conll", True, False, False),
              ConllWriter),
    "spacy": (FormatInfo("spacy", "spaCy DocBin", ".spacy", True, True, False),
              DocBinWriter),
}
# brat writes a folder, not a file: the CLI offers it, the window's file dialog does not.
EXPORT_FORMAT_NAMES = (*_FORMATS, "brat")


def export_formats() -> list[FormatInfo]:
    """Every export format, in the order a dialog should list them."""
    return [info for info, _ in _FORMATS.values()]


class ExportCancelled(Exception):
    """The user cancelled; no output file was left behind."""


class ExportLossError(DataError):
    """`strict` and something could not be exported: no output file was left behind."""

    def __init__(self, summary: ExportSummary) -> None:
        super().__init__(f"{plural(summary.spans_lost, 'span')} and "
                         f"{plural(summary.relations_lost, 'relation')} "
                         f"cannot be held by the {summary.format} format "
                         "(strict): nothing written")
        self.summary = summary


@dataclass
class ExportSummary:
    format: str
    files: list[FileSummary] = field(default_factory=list)
    losses: list[Loss] = field(default_factory=list)  # the first 10,000, one by one
    spans_lost: int = 0
    relations_lost: int = 0
    lost_by_reason: dict[str, int] = field(default_factory=dict)
    left_out: dict[str, int] = field(default_factory=dict)  # kinds the format does not hold
    unannotated_skipped: int = 0
    languages: dict[str, int] = field(default_factory=dict)
    language_fallbacks: dict[str, str] = field(default_factory=dict)

    @property
    def lossless(self) -> bool:
        return self.spans_lost == 0 and self.relations_lost == 0

    @property
    def records(self) -> int:
        return sum(f.records for f in self.files)

    # What the CLI and the window say about an export: the same sentences in both.

    def loss_lines(self, shown: int | None = None, prefix: str = "") -> list[str]:
        """Each span or relation the format could not hold, one line each with its article,
        offsets and why (for an overlap, the span kept instead): the first `shown` (every
        one listed without), then how many more there are."""
        listed = self.losses if shown is None else self.losses[:shown]
        lines = [f"{prefix}{loss}" for loss in listed]
        unlisted = self.spans_lost + self.relations_lost - len(listed)
        if unlisted > 0:
            lines.append(f"  ({unlisted} more not listed)")
        return lines

    def loss_totals(self) -> str:
        """How much the format could not hold, by reason."""
        reasons = ", ".join(f"{reason}: {count}"
                            for reason, count in sorted(self.lost_by_reason.items()))
        return (f"Lost in the {self.format} format: {plural(self.spans_lost, 'span')}"
                f"{f' ({reasons})' if reasons else ''}, "
                f"{plural(self.relations_lost, 'relation')}.")

    def left_out_text(self) -> str:
        """The kinds the format does not hold at all, counted: "1 claim span, 3 relations"
        (the keys are plural nouns: "claim spans", "relations")."""
        return ", ".join(plural(count, what.removesuffix("s"), what)
                         for what, count in sorted(self.left_out.items()))

    def as_dict(self) -> dict[str, Any]:
        return {"format": self.format, "files": [f.as_dict() for f in self.files],
                "records": self.records, "spans_lost": self.spans_lost,
                "relations_lost": self.relations_lost, "lost_by_reason": self.lost_by_reason,
                "losses": [loss.as_dict() for loss in self.losses],
                "left_out": self.left_out, "unannotated_skipped": self.unannotated_skipped,
                "languages": self.languages, "language_fallbacks": self.language_fallbacks}


def export_to_path(store: Store, path: str | Path, fmt: str = "jsonl", *,
                   annotator: str | None = None, status: str | None = None,
                   labels: tuple[str, ...] | list[str] = (),
                   split: str | Mapping[str, float] | None = None, seed: int = 0,
                   progress: Callable[[int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None,
                   strict: bool = False) -> ExportSummary:
    """Export to `path` (with `split`: one file per part, `news.train.jsonl`, ...).

    Writes `.part` files and renames them at the end, so a failed or cancelled export
    leaves nothing half-written. With `strict`, any span or relation the format cannot
    hold raises ExportLossError (its `summary` lists them) and nothing is written.
    `progress(n)` is told of every n lines (article and annotator) written; `cancelled()`
    is asked between lines and, when it answers True, the partial files are removed and
    ExportCancelled is raised.
    """
    path = Path(path)
    if fmt == "brat":
        return _export_brat(store, path, annotator, status, labels, split, progress)
    info, labels_ = _check(store, fmt, annotator, status, labels)
    parts = parse_split(split) if split is not None else None
    targets: dict[str | None, Path] = (
        {name: part_path(path, name, info.extension) for name in parts} if parts else {None: path})
    if store.path is not None:
        for target in targets.values():
            if target.resolve() == Path(store.path).resolve():
                raise DataError(f"{target}: the export would overwrite the store")
    assigned = (assign_parts(store.reports.export_groups(annotator, status), parts, seed)
                if parts else None)
    context = _context(store, fmt, annotator, status, labels_)
    files = PartFiles(targets)
    writers: dict[str | None, Writer] = {}
    try:
        for name, target in targets.items():
            writers[name] = _writer(fmt, files.open(name), context,
                                    FileSummary(str(target), name), target.parent)
        _run(store, writers, assigned, annotator, status, labels_, progress, cancelled)
        for name, writer in writers.items():
            with files.about(name):
                writer.close()
        summary = _summary(fmt, context, [w.summary for w in writers.values()])
        if strict and not summary.lossless:
            raise ExportLossError(summary)
        files.commit()
    except BaseException:
        files.discard()
        raise
    return summary


def _export_brat(store: Store, path: Path, annotator: str | None, status: str | None,
                 labels: tuple[str, ...] | list[str], split: object,
                 progress: Callable[[int], None] | None) -> ExportSummary:
    from .brat_export import export_brat

    if split is not None:
        raise DataError("brat writes one folder: --split is not for it")
    _check(store, "jsonl", annotator, status, labels)  # the filters, as for any format
    file, unannotated = export_brat(store, path, annotator=annotator, status=status,
                                    labels=tuple(dict.fromkeys(labels)), progress=progress)
    return ExportSummary(format="brat", files=[file], unannotated_skipped=unannotated)


def export_to_stream(store: Store, out: BinaryIO, fmt: str = "jsonl", *,
                     annotator: str | None = None, status: str | None = None,
                     labels: tuple[str, ...] | list[str] = (),
                     progress: Callable[[int], None] | None = None) -> ExportSummary:
    """Export to an open binary stream (standard output): no split, no rename."""
    _info, labels_ = _check(store, fmt, annotator, status, labels)
    context = _context(store, fmt, annotator, status, labels_)
    writer = _writer(fmt, out, context, FileSummary("-"), None)
    _run(store, {None: writer}, None, annotator, status, labels_, progress, None)
    writer.close()
    return _summary(fmt, context, [writer.summary])


def export_count(store: Store, annotator: str | None = None,
                 status: str | None = None) -> int:
    """How many lines (article and annotator) an export reads: the length of a progress bar."""
    return store.reports.export_count(annotator, status)


def _check(store: Store, fmt: str, annotator: str | None, status: str | None,
           labels: tuple[str, ...] | list[str]) -> tuple[FormatInfo, tuple[str, ...]]:
    if fmt not in _FORMATS:
        raise DataError(f"unknown export format {fmt!r} (formats: {', '.join(_FORMATS)})")
    info = _FORMATS[fmt][0]
    check_filters(store, annotator, status)
    known = {label.name for label in store.schema.labels}
    for label in labels:
        if label not in known:
            raise DataError(f"no label {label!r} in this store's schema "
                            f"(labels: {', '.join(sorted(known))})")
    if info.needs_spacy:
        require_spacy(fmt)
    return info, tuple(dict.fromkeys(labels))


def _context(store: Store, fmt: str, annotator: str | None, status: str | None,
             labels: tuple[str, ...]) -> ExportContext:
    context = ExportContext()
    if fmt == "doccano":
        context.doccano_relations = store.reports.export_relation_count(annotator, status,
                                                                         labels) > 0
    return context


def _writer(fmt: str, out: BinaryIO, context: ExportContext, summary: FileSummary,
            spool_dir: Path | None) -> Writer:
    if fmt == "spacy":
        return DocBinWriter(out, context, summary, spool_dir)
    return _FORMATS[fmt][1](out, context, summary)


def _run(store: Store, writers: dict[str | None, Writer], assigned: dict[int, str] | None,
         annotator: str | None, status: str | None, labels: tuple[str, ...],
         progress: Callable[[int], None] | None,
         cancelled: Callable[[], bool] | None) -> None:
    pending = 0
    for pk, line in store.reports.export_rows(annotator, status, labels):
        if cancelled is not None and cancelled():
            raise ExportCancelled
        writer = writers[None if assigned is None else assigned[pk]]
        try:
            writer.write_line(line)
        except OSError as exc:  # about the user's file, not its `.part`
            raise named(exc, writer.summary.path) from exc
        pending += 1
        if progress is not None and pending == PROGRESS_STEP:
            progress(pending)
            pending = 0
    if progress is not None and pending:
        progress(pending)


def _summary(fmt: str, context: ExportContext, files: list[FileSummary]) -> ExportSummary:
    report = context.report
    return ExportSummary(
        format=fmt, files=files, losses=list(report.listed), spans_lost=report.spans_lost,
        relations_lost=report.relations_lost, lost_by_reason=dict(report.spans_by_reason),
        left_out=dict(report.left_out), unannotated_skipped=context.unannotated,
        languages=dict(context.languages),
        language_fallbacks=dict(context.tokenizers.fallbacks))

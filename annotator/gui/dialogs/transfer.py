"""Import and export from the window: the core's functions under a cancellable progress
dialog. A cancelled import stores nothing (the core rolls its transaction back). A registry
file chosen with the files to import or merge is told by its content (core/registry/
chosen.py) and given as their registry; registry files chosen alone are imported as such."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ...core.errors import AnnotatorError
from ...core.gold import GOLD
from ...core.io import (
    ExportCancelled,
    ExportSummary,
    FormatInfo,
    export_count,
    export_formats,
    export_to_path,
    spacy_available,
)
from ...core.io.importing import ImportCancelled, ImportSummary, import_files
from ...core.io.readers import expand_paths
from ...core.model import STATUSES
from ...core.plural import plural
from ...core.registry.chosen import ChosenFiles, sort_chosen
from ...core.store import Store

if TYPE_CHECKING:
    from ...core.merge import MergeSummary
    from ...core.registry.unite import UniteSummary
from ..plain import message
from .common import Progress

T = TypeVar("T")
RegistryImport = list[tuple[Path, "UniteSummary"]]  # each registry file and what it brought
IMPORT_FILTER = ("Articles and registries (*.jsonl *.json *.txt *.csv *.html *.htm *.ann "
                 "*.conll *.iob *.bio *.spacy);;All files (*)")


def _with_progress(parent: QWidget, title: str, busy: str, total: int,
                   work: Callable[[Progress], T], cancelled: type[Exception],
                   cancelled_text: str | None = None, about: str = "") -> T | None:
    """Run `work(progress)` under a cancellable progress dialog; a refusal or a cancel is
    told in a message box and gives None."""
    progress = Progress(parent, busy, total)
    try:
        return work(progress)
    except cancelled:
        if cancelled_text:
            message(parent, title, cancelled_text, QMessageBox.Icon.Information)
        return None
    except (OSError, AnnotatorError) as exc:
        message(parent, title, f"{about}{getattr(exc, 'strerror', None) or exc}")
        return None
    finally:
        progress.close()


def _sorted_out(parent: QWidget, title: str, paths: list[Path]) -> ChosenFiles | None:
    """The registry files among those chosen, told apart; None (said) when there are two
    or more with other files."""
    try:
        return sort_chosen(paths)
    except AnnotatorError as exc:
        message(parent, title, str(exc))
        return None


def import_registries_into(parent: QWidget, store: Store, title: str,
                           paths: tuple[Path, ...]) -> RegistryImport | None:
    """Registry files chosen alone: their entries join the store's registry (all of them
    or none), as `annotator import --registry`; the report says what each brought."""
    from ...core.registry.jsonl import import_registries, registry_report
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # no progress to count
    try:
        imported = import_registries(store, paths)
    except AnnotatorError as exc:
        message(parent, title, str(exc))
        return None
    finally:
        QApplication.restoreOverrideCursor()
    message(parent, title, "\n".join(registry_report(imported)),
            QMessageBox.Icon.Information)
    return imported


def import_into(parent: QWidget, store: Store, paths: list[Path]
                ) -> ImportSummary | RegistryImport | None:
    """Import files with a progress dialog (a registry file among them is theirs); None
    when cancelled or refused."""
    chosen = _sorted_out(parent, "Import", paths)
    if chosen is None:
        return None
    if not chosen.others:
        return import_registries_into(parent, store, "Import", chosen.registries)
    try:
        total = sum(p.stat().st_size for p in expand_paths(list(chosen.others)) if p.is_file())
    except (OSError, AnnotatorError) as exc:
        message(parent, "Import", str(exc))
        return None
    summary = _with_progress(
        parent, "Import", "Importing…", total,
        lambda progress: import_files(store, list(chosen.others), registry=chosen.registry,
                                      progress=progress.advance, cancelled=progress.cancelled),
        ImportCancelled, "Import cancelled: nothing was stored.")
    if summary is not None:
        message(parent, "Import", "\n".join([*chosen.told(), import_report(summary)]),
                QMessageBox.Icon.Warning if summary.errors else QMessageBox.Icon.Information)
    return summary


MERGE_FILTER = "Stores, exports and registries (*.db *.jsonl);;All files (*)"


def merge_into(parent: QWidget, store: Store, paths: list[Path]
               ) -> MergeSummary | RegistryImport | None:
    """Merge other annotators' stores (or exports, with the registry file among them)
    with a progress dialog; None when cancelled or refused. What conflicted is listed in
    the report."""
    from ...core.merge import MergeCancelled, merge_size, merge_stores
    chosen = _sorted_out(parent, "Merge", paths)
    if chosen is None:
        return None
    if not chosen.others:
        return import_registries_into(parent, store, "Merge", chosen.registries)
    try:
        total = merge_size(chosen.others)
    except OSError as exc:
        message(parent, "Merge", str(exc))
        return None
    summary = _with_progress(
        parent, "Merge", "Merging…", total,
        lambda progress: merge_stores(store, chosen.others, registry=chosen.registry,
                                      progress=progress.advance, cancelled=progress.cancelled),
        MergeCancelled, "Merge cancelled: nothing was stored.")
    if summary is not None:
        where = Path(store.path).name if store.path else "this store"
        problems = summary.problems(where)
        text = "\n".join([*chosen.told(), summary.report()]) + (
            "\n\n" + "\n".join(problems[:20]) if problems else "")
        message(parent, "Merge", text,
                QMessageBox.Icon.Warning if problems else QMessageBox.Icon.Information)
    return summary


def import_report(summary: ImportSummary, shown: int = 20) -> str:
    lines = [(f"{plural(summary.articles_added, 'article')}, "
              f"{plural(summary.layers_added, 'layer')}, {plural(summary.spans_added, 'span')} "
              f"and {plural(summary.relations_added, 'relation')} added from "
              f"{plural(summary.files, 'file')}; "
              f"{plural(summary.duplicates_skipped, 'duplicate')} skipped.")]
    if summary.labels_added:
        lines.append("New labels: " + ", ".join(summary.labels_added))
    if summary.texts_changed:
        made = "was" if summary.texts_changed == 1 else "were"
        lines.append(f"{plural(summary.texts_changed, 'text')} {made} made canonical "
                     "(line ends etc.).")
    if summary.repeats_dropped:
        lines.append(f"Repeated spans or relations kept once: {summary.repeats_dropped}")
        lines += [f"  {repeat}" for repeat in summary.repeats[:shown]]
    lines += summary.said_on_the_way_in(shown)  # another tool's files: joined, changed, left out
    if summary.errors:
        lines.append(f"{plural(len(summary.failed_files), 'file')} refused, nothing stored "
                     "from them:")
        lines += [f"  {problem}" for problem in summary.errors[:shown]]
    return "\n".join(lines)


class ExportDialog(QDialog):
    """Choose the format, the layers and the file; optionally split into parts."""

    def __init__(self, parent: QWidget, store: Store, start_folder: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setMinimumWidth(620)
        self.store = store
        has_spacy = spacy_available()
        self.format = QComboBox()
        for info in export_formats():
            usable = has_spacy or not info.needs_spacy
            self.format.addItem(info.title if usable else f"{info.title} (needs spaCy: "
                                f"pip install annotator[spacy])", info)
            if not usable:  # listed, so that people learn it exists, but not choosable
                self.format.model().item(self.format.count() - 1).setEnabled(False)
        self.annotator = QComboBox()
        self.annotator.addItem("Every layer", None)
        names = store.annotations.annotators()
        if GOLD in names:  # the reviewed version: what usually becomes training data
            self.annotator.addItem("gold: the reviewed version (names its reviewer)", GOLD)
        for name in names:
            if name != GOLD:
                self.annotator.addItem(name, name)
        self.status = QComboBox()
        self.status.addItem("Any status", None)
        for status in STATUSES:
            self.status.addItem(status, status)
        self.split = QLineEdit(placeholderText="e.g. train=0.8,dev=0.1,test=0.1 (optional)")
        self.seed = QSpinBox(maximum=2**31 - 1)
        self.path = QLineEdit(str(start_folder / f"{Path(store.path or 'export').stem}.jsonl"))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Format", self.format)
        form.addRow("Layer", self.annotator)
        form.addRow("Status", self.status)
        form.addRow("Split by article", self.split)
        form.addRow("Seed", self.seed)
        form.addRow("File", where)
        form.addRow(buttons)
        self.format.currentIndexChanged.connect(self._extension)

    @property
    def info(self) -> FormatInfo:
        return self.format.currentData()

    def choose_format(self, name: str) -> None:
        for row in range(self.format.count()):
            if self.format.itemData(row).name == name:
                self.format.setCurrentIndex(row)

    def _extension(self) -> None:
        path = Path(self.path.text())
        self.path.setText(str(path.with_suffix(self.info.extension)))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text())
        if path:
            self.path.setText(path)


def export_from(parent: QWidget, store: Store, dialog: ExportDialog) -> ExportSummary | None:
    """Write the export the dialog describes, with a progress dialog that can be cancelled;
    the summary (shown to the user), or None."""
    path = Path(dialog.path.text()).expanduser()
    annotator, status = dialog.annotator.currentData(), dialog.status.currentData()
    summary = _with_progress(
        parent, "Export", "Exporting…", export_count(store, annotator, status),
        lambda progress: export_to_path(
            store, path, dialog.info.name, annotator=annotator, status=status,
            split=dialog.split.text().strip() or None, seed=dialog.seed.value(),
            progress=progress.advance, cancelled=progress.cancelled),
        ExportCancelled, about=f"{path}: ")
    if summary is not None:
        message(parent, "Export", export_report(summary),
                QMessageBox.Icon.Information if summary.lossless else QMessageBox.Icon.Warning)
    return summary


def export_report(summary: ExportSummary, shown: int = 20) -> str:
    lines = [f"Wrote {plural(file.records, 'record')}"
             + (f" ({plural(file.spans, 'span')}, {plural(file.relations, 'relation')})"
                if file.spans else "")
             + f" to {file.path}" for file in summary.files]
    if summary.unannotated_skipped:
        were = "was" if summary.unannotated_skipped == 1 else "were"
        lines.append(f"{plural(summary.unannotated_skipped, 'article')} nobody annotated "
                     f"{were} left out.")
    if not summary.lossless:  # the CLI's lines: offsets, and the span kept instead
        lines.append(summary.loss_totals())
        lines += summary.loss_lines(shown, prefix="  ")
    return "\n".join(lines)

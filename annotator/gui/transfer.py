"""Import and export from the window: the core's functions under a cancellable progress
dialog. A cancelled import stores nothing (the core rolls its transaction back)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from ..core.errors import AnnotatorError
from ..core.exporter import EXPORT_FORMATS, export_jsonl
from ..core.importer import ImportCancelled, ImportSummary, import_files
from ..core.model import STATUSES
from ..core.readers import expand_paths
from ..core.store import Store
from .dialogs import Progress
from .plain import message

IMPORT_FILTER = "Articles (*.jsonl *.txt *.csv);;All files (*)"


def import_into(parent: QWidget, store: Store, paths: list[Path]) -> ImportSummary | None:
    """Import files with a progress dialog; None when cancelled or refused."""
    try:
        total = sum(p.stat().st_size for p in expand_paths(paths) if p.is_file())
    except (OSError, AnnotatorError) as exc:
        message(parent, "Import", str(exc))
        return None
    progress = Progress(parent, "Importing…", total)
    try:
        summary = import_files(store, [str(p) for p in paths], progress=progress.advance,
                               cancelled=progress.cancelled)
    except ImportCancelled:
        message(parent, "Import", "Import cancelled: nothing was stored.",
                QMessageBox.Icon.Information)
        return None
    except AnnotatorError as exc:
        message(parent, "Import", str(exc))
        return None
    finally:
        progress.close()
    message(parent, "Import", import_report(summary),
            QMessageBox.Icon.Warning if summary.errors else QMessageBox.Icon.Information)
    return summary


def import_report(summary: ImportSummary, shown: int = 20) -> str:
    lines = [f"{summary.articles_added} articles, {summary.layers_added} layers, "
             f"{summary.spans_added} spans and {summary.relations_added} relations added "
             f"from {summary.files} file(s); {summary.duplicates_skipped} duplicates skipped."]
    if summary.labels_added:
        lines.append("New labels: " + ", ".join(summary.labels_added))
    if summary.texts_changed:
        lines.append(f"{summary.texts_changed} texts were made canonical (line ends etc.).")
    if summary.errors:
        lines.append(f"{len(summary.failed_files)} file(s) refused, nothing stored from them:")
        lines += [f"  {problem}" for problem in summary.errors[:shown]]
    return "\n".join(lines)


class ExportDialog(QDialog):
    """Choose what to export and where."""

    def __init__(self, parent: QWidget, store: Store, start_folder: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.format = QComboBox()
        self.format.addItems(list(EXPORT_FORMATS))
        self.annotator = QComboBox()
        self.annotator.addItem("Every annotator", None)
        for name in store.annotators():
            self.annotator.addItem(name, name)
        self.status = QComboBox()
        self.status.addItem("Any status", None)
        for status in STATUSES:
            self.status.addItem(status, status)
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
        form.addRow("Annotator", self.annotator)
        form.addRow("Status", self.status)
        form.addRow("File", where)
        form.addRow(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text(),
                                              "JSON lines (*.jsonl);;All files (*)")
        if path:
            self.path.setText(path)


def export_from(parent: QWidget, store: Store, dialog: ExportDialog) -> int | None:
    """Write the export the dialog describes; the number of lines, or None."""
    path = Path(dialog.path.text()).expanduser()
    if store.path is not None and path.resolve() == Path(store.path).resolve():
        message(parent, "Export", "The export would overwrite the store; choose another file.")
        return None
    annotator, status = dialog.annotator.currentData(), dialog.status.currentData()
    partial = path.with_name(path.name + ".part")
    progress = Progress(parent, "Exporting…", store.export_count(annotator, status))

    def advance(amount: int) -> None:
        progress.advance(amount)
        if progress.cancelled():
            raise ImportCancelled("export cancelled")
    try:
        with partial.open("wb") as out:
            lines = export_jsonl(store, out, annotator=annotator, status=status,
                                 progress=advance)
        os.replace(partial, path)
    except ImportCancelled:
        partial.unlink(missing_ok=True)
        return None
    except (OSError, AnnotatorError) as exc:
        partial.unlink(missing_ok=True)
        message(parent, "Export", f"{path}: {getattr(exc, 'strerror', None) or exc}")
        return None
    finally:
        progress.close()
    return lines

"""The window's File commands: new and open stores, import, merge and export (the core's
functions under progress dialogs, in transfer.py), training a model (dialogs/train.py).
A mixin of MainWindow."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import AnnotatorError
from ..core.gold import GOLD
from ..core.plural import plural
from .plain import message

if TYPE_CHECKING:
    from .controller import Controller
    from .settings import Settings


class FileActions:
    controller: Controller
    settings: Settings

    def new_store(self) -> None:
        from PySide6.QtWidgets import QFileDialog
        path, _ = QFileDialog.getSaveFileName(self, "New store", self._folder(),
                                              "Annotator stores (*.db);;All files (*)")
        if not path:
            return
        from ..core.schema import default_schema
        from ..core.store import Store
        try:
            Store.create(Path(path), default_schema()).close()
        except AnnotatorError as exc:
            message(self, "New store", str(exc))
            return
        self.open_store(Path(path))

    def choose_store(self) -> None:
        from PySide6.QtWidgets import QFileDialog
        path, _ = QFileDialog.getOpenFileName(self, "Open store", self._folder(),
                                              "Annotator stores (*.db);;All files (*)")
        if path:
            self.open_store(Path(path))

    def import_files(self) -> None:
        if self.controller.store is None:
            return
        from PySide6.QtWidgets import QFileDialog

        from .dialogs.transfer import IMPORT_FILTER
        # several files at once: articles with the registry file their spans' entries name
        paths, _ = QFileDialog.getOpenFileNames(self, "Import articles or registry files",
                                                self._folder(), IMPORT_FILTER)
        if paths:
            self.settings.set_text("last_folder", str(Path(paths[0]).parent))
            self.import_paths([Path(p) for p in paths])

    def import_paths(self, paths: list[Path]) -> None:
        from .dialogs.transfer import import_into  # the importer loads only when it is used
        store = self.controller.store
        if store is not None and import_into(self, store, paths) is not None:
            self.controller.catch_up()  # the import is in the change log: show it
            if self.controller.state.article is None:
                self.controller.load_article(self.list_panel.first_key())

    def merge_stores(self) -> None:
        """File > Merge stores: other annotators' stores (or JSONL exports, with the registry
        file they were exported with) into this one."""
        store = self.controller.store
        if store is None:
            return
        from PySide6.QtWidgets import QFileDialog

        from .dialogs.transfer import MERGE_FILTER
        paths, _ = QFileDialog.getOpenFileNames(self, "Merge stores into this one",
                                                self._folder(), MERGE_FILTER)
        if paths:
            self.settings.set_text("last_folder", str(Path(paths[0]).parent))
            self.merge_paths([Path(p) for p in paths])

    def merge_paths(self, paths: list[Path]) -> None:
        from .dialogs.transfer import merge_into
        store = self.controller.store
        if store is not None and merge_into(self, store, paths) is not None:
            self.controller.catch_up()  # the merge is in the change log: show it
            if self.controller.state.article is None:
                self.controller.load_article(self.list_panel.first_key())

    def export(self) -> None:
        from .dialogs.transfer import ExportDialog, export_from
        store = self.controller.store
        if store is None:
            return
        # Exports go where the last one (or import) went, else to the home folder: not next
        # to a store that may live in the application's data folder.
        folder = Path(self.settings.text("last_folder", str(Path.home())))
        dialog = ExportDialog(self, store, folder)
        if self.controller.reviewing:  # a reviewer exports the reviewed version
            dialog.annotator.setCurrentIndex(max(0, dialog.annotator.findData(GOLD)))
        if dialog.exec():
            summary = export_from(self, store, dialog)
            if summary is not None:
                self.settings.set_text("last_folder", str(Path(dialog.path.text()).parent))
                self.statusBar().showMessage(f"Exported {plural(summary.records, 'record')} to "
                                             f"{dialog.path.text()}", 8000)

    def train_model(self) -> None:
        """File > Train a model…: `annotator train` run from a dialog (dialogs/train.py)."""
        from .dialogs.train import TrainDialog
        store = self.controller.store
        if store is None or store.path is None:
            return
        TrainDialog(self, store, self._show_model_suggestions).exec()

    def _show_model_suggestions(self, layer: str) -> None:
        self.controller.catch_up()  # the run is in the change log
        self.choose_suggestions(layer)

    def _folder(self) -> str:
        store = self.controller.store
        default = str(Path(store.path).parent) if store and store.path else str(Path.home())
        return self.settings.text("last_folder", default)

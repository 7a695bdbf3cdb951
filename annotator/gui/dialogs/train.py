"""File > Train a model…: `annotator train … --progress json` run in a QProcess, its steps,
latest loss and per-label scores shown as they come; Cancel stops it and leaves no model
(the command publishes DIR/model-best by one rename at the end, and what a killed run
leaves, its temporary folder, is removed here); at the end "Suggest with this model"
fills a suggestion layer with it (the core's `suggest` under a progress dialog).

The window never trains in its own process: spaCy's training holds the interpreter for
minutes, and a separate process can be stopped at any moment without leaving half a model.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QProcess, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import AnnotatorError
from ...core.gold import GOLD
from ...core.store import Store
from ...core.train import DEFAULT_EVAL_SPLIT, DEFAULT_MAX_STEPS
from ...core.train.output import clean_stale
from ..plain import message
from .common import Progress

STOP_WAIT_MS = 5000  # after SIGTERM, how long the run has to stop before it is killed


def _plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _figure(value: Any) -> str:
    return "n/a" if value is None else f"{value:.2f}"


SUGGESTION_HINT = ("A suggestion layer: a model trained on it learns what was suggested, not "
                   "what people decided.")


class TrainDialog(QDialog):
    """The options that matter, then the run's progress; see the module."""

    def __init__(self, parent: QWidget | None, store: Store,
                 on_suggested: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Train a model")
        self.store, self.on_suggested = store, on_suggested
        self.store_path = Path(store.path) if store.path is not None else None
        self.process: QProcess | None = None
        self.cancelling = False
        self.model: Path | None = None  # model-best, once the run is done
        self.events: list[dict[str, Any]] = []  # every event read, in order
        self._pending = b""
        self._errors: list[str] = []
        self._closing = False  # Cancel pressed while running: close once it has stopped

        people = sorted(store.suggestions.people(), key=lambda name: (name != GOLD, name))
        suggested = sorted(store.suggestions.suggestion_layers())
        self.layer_box = QComboBox()
        self.layer_box.addItems(people)
        # after people's layers: a model trained on a suggester's output learns the
        # suggester, which is what one wants when distilling it, rarely otherwise
        for layer in suggested:
            self.layer_box.addItem(f"{layer} (suggestions)", layer)
        self.done_only = QCheckBox("Only articles marked done")
        self.done_only.setChecked(True)
        self.labels = QListWidget()
        self.labels.setMaximumHeight(120)
        for label in store.schema.labels:
            item = QListWidgetItem(f"{label.name} ({label.kind})")
            item.setData(Qt.ItemDataRole.UserRole, label.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.labels.addItem(item)
        self.eval_split = QDoubleSpinBox(decimals=2, minimum=0.05, maximum=0.5, singleStep=0.05)
        self.eval_split.setValue(DEFAULT_EVAL_SPLIT)
        self.max_steps = QSpinBox(minimum=1, maximum=100_000, singleStep=100)
        self.max_steps.setValue(DEFAULT_MAX_STEPS)
        self.output = QLineEdit()
        self.layer_box.currentIndexChanged.connect(self._layer_chosen)
        self._default_output(self.layer)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.output, 1)
        where.addWidget(browse)
        self.form = QWidget()
        form = QFormLayout(self.form)
        form.addRow("Learn from the layer of", self.layer_box)
        form.addRow("", self.done_only)
        form.addRow("Labels", self.labels)
        form.addRow("Held out to score it", self.eval_split)
        form.addRow("Training steps", self.max_steps)
        form.addRow("Into the folder", where)

        self.bar = QProgressBar()
        self.bar.setFormat("step %v of %m")
        self.bar.hide()
        self.state = _plain_label()
        self.scores = _plain_label()
        self.scores.setStyleSheet("font-family: monospace")
        self.suggest_layer = QLineEdit("model")
        self.suggest_button = QPushButton("Suggest with this model")
        self.suggest_button.clicked.connect(self.suggest)
        self.after = QWidget()
        after = QHBoxLayout(self.after)
        after.setContentsMargins(0, 0, 0, 0)
        after.addWidget(self.suggest_button)
        after.addWidget(QLabel("into the suggestion layer"))
        after.addWidget(self.suggest_layer, 1)
        self.after.hide()

        self.buttons = QDialogButtonBox()
        self.train_button = self.buttons.addButton("Train",
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.train_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.bar)
        layout.addWidget(self.state)
        layout.addWidget(self.scores)
        layout.addWidget(self.after)
        layout.addWidget(self.buttons)
        self.resize(520, 480)
        if not people and not suggested:
            self.state.setText("Nothing is annotated in this store yet: nothing to learn from.")
            self.train_button.setEnabled(False)
        elif not people:
            self.state.setText(SUGGESTION_HINT)

    @property
    def layer(self) -> str:
        """The layer chosen to learn from (a suggestion layer's item shows more than its
        name)."""
        data = self.layer_box.currentData()
        return data if isinstance(data, str) else self.layer_box.currentText()

    # -- the options -----------------------------------------------------------------

    def _layer_chosen(self, _index: int) -> None:
        self._default_output(self.layer)
        if not self.events and self.train_button.isEnabled():  # before any run: a hint
            self.state.setText(SUGGESTION_HINT if self.layer_box.currentData() else "")

    def _default_output(self, layer: str) -> None:
        if self.store_path is not None and layer:
            self.output.setText(str(self.store_path.parent / "models"
                                    / f"{self.store_path.stem}-{layer}"))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Train a model into", self.output.text())
        if folder:
            self.output.setText(folder)

    def chosen_labels(self) -> list[str]:
        """The labels ticked; none when all are (the command then takes every label)."""
        items = [self.labels.item(row) for row in range(self.labels.count())]
        ticked = [item.data(Qt.ItemDataRole.UserRole) for item in items
                  if item.checkState() == Qt.CheckState.Checked]
        return [] if len(ticked) == len(items) else ticked

    def arguments(self) -> list[str]:
        """`python -m annotator train …` as the options say."""
        args = ["-m", "annotator", "train", str(self.store_path), "-o",
                self.output.text().strip(), "--layer", self.layer,
                "--eval-split", f"{self.eval_split.value():g}",
                "--max-steps", str(self.max_steps.value()), "--progress", "json"]
        if self.done_only.isChecked():
            args += ["--status", "done"]
        labels = self.chosen_labels()
        if labels:
            args += ["--labels", ",".join(labels)]
        return args

    # -- running ---------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.process is not None and \
            self.process.state() != QProcess.ProcessState.NotRunning

    def start(self) -> None:
        if self.running or self.store_path is None:
            return
        if not self.output.text().strip():
            self.state.setText("Choose a folder for the model.")
            return
        if self.labels.count() and not any(
                self.labels.item(row).checkState() == Qt.CheckState.Checked
                for row in range(self.labels.count())):
            self.state.setText("Tick at least one label.")
            return
        self.events.clear()
        self._errors.clear()
        self._pending = b""
        self.model, self.cancelling = None, False
        self.after.hide()
        self.scores.clear()
        process = self.process = QProcess(self)
        process.setProgram(sys.executable)
        process.setArguments(self.arguments())
        process.readyReadStandardOutput.connect(self._read)
        process.readyReadStandardError.connect(self._read_errors)
        process.finished.connect(self._finished)
        self.form.setEnabled(False)
        self.train_button.setEnabled(False)
        self.cancel_button.setText("Cancel")  # "Close" after a run: Cancel while one runs
        self.bar.setRange(0, 0)  # busy until the start event says how many steps
        self.bar.show()
        self.state.setText("Starting…")
        process.start()

    def _read(self) -> None:
        assert self.process is not None
        self._pending += bytes(self.process.readAllStandardOutput().data())
        *lines, self._pending = self._pending.split(b"\n")
        for line in lines:
            try:
                event = json.loads(line)
            except ValueError:
                continue  # not one of the command's events (a library's print)
            if isinstance(event, dict):
                self.events.append(event)
                self._show(event)

    def _read_errors(self) -> None:
        assert self.process is not None
        text = bytes(self.process.readAllStandardError().data()).decode("utf-8", "replace")
        self._errors.extend(line for line in text.splitlines() if line.strip())

    def _show(self, event: dict[str, Any]) -> None:
        kind = event.get("event")
        if kind == "start":
            self.bar.setRange(0, int(event.get("max_steps", 0)) or 1)
            self.bar.setValue(0)
            labels = ", ".join(event.get("labels", []))
            self.state.setText(f"Training on {event.get('train')} articles, "
                               f"{event.get('eval')} held out to score it; labels {labels}.")
        elif kind == "step":
            self.bar.setValue(int(event.get("step", 0)))
            losses = "  ".join(f"{name} {value:.2f}"
                               for name, value in event.get("losses", {}).items())
            self.state.setText(f"Step {event.get('step')} of {event.get('max_steps')}: "
                               f"loss {losses}")
        elif kind == "eval":
            rows = [f"{'label':<12} {'P':>5} {'R':>5} {'F1':>5}"]
            for label, figures in event.get("scores", {}).items():
                rows.append(f"{label:<12} {_figure(figures.get('p')):>5} "
                            f"{_figure(figures.get('r')):>5} {_figure(figures.get('f')):>5}")
            rows.append(f"{'overall F1':<12} {'':>5} {'':>5} {_figure(event.get('score')):>5}"
                        f"   (step {event.get('step')})")
            self.scores.setText("\n".join(rows))
        elif kind == "done":
            self.model = Path(str(event.get("model")))

    def _finished(self, code: int, _status: QProcess.ExitStatus) -> None:
        self._read()
        self._read_errors()
        self.form.setEnabled(True)
        self.train_button.setEnabled(True)
        self.bar.hide()
        if self.cancelling:
            # the killed run's temporaries (a dead process's): the core's own cleaning
            removed = clean_stale(Path(self.output.text().strip()))
            self.state.setText("Cancelled: no model was written." + (
                " (Its unfinished folder was removed.)" if removed else ""))
            if self._closing:
                super().reject()
            return
        if code == 0 and self.model is not None:
            self.bar.setValue(self.bar.maximum())
            self.state.setText(f"Done: the model is in {self.model}.")
            self.train_button.setText("Train again")
            self.cancel_button.setText("Close")
            self.after.show()
            return
        last = self._errors[-1] if self._errors else f"the training stopped (exit status {code})"
        self.state.setText(last.removeprefix("Error: "))

    def cancel(self) -> None:
        """Stop the run: SIGTERM (the command stops between steps and writes nothing), then
        a kill if it has not stopped within STOP_WAIT_MS; temporaries are removed after."""
        if not self.running:
            return
        assert self.process is not None
        self.cancelling = True
        self.state.setText("Stopping…")
        self.process.terminate()
        QTimer.singleShot(STOP_WAIT_MS, self._kill)

    def _kill(self) -> None:
        if self.running and self.process is not None:
            self.process.kill()

    def reject(self) -> None:
        """Cancel (or Esc, or closing the window) stops a run first."""
        if self.running:
            self._closing = True
            self.cancel()
            return
        super().reject()

    def wait_stopped(self, msecs: int = STOP_WAIT_MS + 2000) -> bool:
        """Block until the run has ended (tests, closing the store)."""
        return self.process is None or self.process.waitForFinished(msecs)

    # -- using the model -------------------------------------------------------------

    def suggest(self) -> None:
        """Fill a suggestion layer with the model's suggestions on every article."""
        from ...core.suggest.running import make_sources, run_suggestions, suggestion_keys
        if self.model is None:
            return
        layer = self.suggest_layer.text().strip() or "model"
        progress = Progress(self, "Suggesting…", len(suggestion_keys(self.store)))
        try:
            summary = run_suggestions(self.store, make_sources(self.store,
                                                               [f"model={self.model}"]),
                                      layer=layer, progress=progress.advance,
                                      cancelled=progress.cancelled)
        except AnnotatorError as exc:
            message(self, "Suggest with this model", str(exc))
            return
        finally:
            progress.close()
        self.state.setText(summary.report().splitlines()[0])
        if self.on_suggested is not None:
            self.on_suggested(layer)

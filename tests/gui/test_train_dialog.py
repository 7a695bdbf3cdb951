"""File > Train a model…: a real, short training run through the dialog (its progress, the
scores, the model written, then "Suggest with this model" filling a suggestion layer the
window shows), a cancelled run that leaves no model, and a killed run's leftovers removed."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from train_data import articles

from annotator.core import AddSpan, History, Store, default_schema, import_files
from annotator.core.train.output import clean_stale
from annotator.gui.dialogs.train import TrainDialog

pytest.importorskip("spacy")
LONG = 60_000  # steps: a run that only a cancel ends within the test


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """Fourteen articles alice marked done: enough for every label to train."""
    path = tmp_path / "news.db"
    source = tmp_path / "news.jsonl"
    source.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles(14)),
                      encoding="utf-8")
    with Store.create(path, default_schema()) as store:
        import_files(store, [source])
    return path


@pytest.fixture
def dialog(qtbot, open_window, news, tmp_path):
    window = open_window(news)
    made = TrainDialog(window, window.controller.store, window._show_model_suggestions)
    qtbot.addWidget(made)
    made.output.setText(str(tmp_path / "models"))
    made.show()
    yield made
    if made.running:
        made.cancel()
        made.wait_stopped()
    made.close()
    window.controller.close_store()


def test_the_file_menu_opens_the_dialog_with_the_layers_to_learn_from(qtbot, open_window, news):
    from .conftest import answer_next_dialog

    window = open_window(news)
    seen: list[list[str]] = []

    def look(found):
        seen.append([found.layer_box.itemText(i) for i in range(found.layer_box.count())])
        found.reject()
    answer_next_dialog(look, kind=TrainDialog)
    window.actions_["train"].trigger()
    assert seen == [["alice"]]
    window.controller.close_store()


def test_suggestion_layers_are_offered_after_people_s_and_said_to_be_suggestions(
        qtbot, tmp_path):
    from annotator.core.suggest.running import make_sources, run_suggestions
    path = tmp_path / "plain.db"
    source = tmp_path / "plain.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "“No,” Ali Hassan said."}) + "\n")
    with Store.create(path, default_schema()) as store:
        empty = TrainDialog(None, store)
        qtbot.addWidget(empty)
        assert empty.layer_box.count() == 0 and not empty.train_button.isEnabled()
        assert empty.state.text().startswith("Nothing is annotated")
        import_files(store, [source])
        run_suggestions(store, make_sources(store, ["quotes"]))
        only = TrainDialog(None, store)
        qtbot.addWidget(only)
        assert only.layer_box.currentText() == "suggested (suggestions)"
        assert only.train_button.isEnabled() and only.state.text().startswith(
            "A suggestion layer")
        only.output.setText(str(tmp_path / "m"))
        args = only.arguments()
        assert args[args.index("--layer") + 1] == "suggested"
        pk = store.annotations.article_by_id("a").pk
        History(store, "alice").run(AddSpan(pk, "alice", 5, 15, "PERSON"))
        both = TrainDialog(None, store)
        qtbot.addWidget(both)
        assert [both.layer_box.itemText(i) for i in range(both.layer_box.count())] == [
            "alice", "suggested (suggestions)"]
        assert both.state.text() == ""
        both.layer_box.setCurrentIndex(1)
        assert both.state.text().startswith("A suggestion layer")
        assert both.output.text().endswith("plain-suggested")


def test_a_short_training_shows_its_progress_and_the_model_suggests(qtbot, dialog, tmp_path):
    dialog.max_steps.setValue(3)
    assert dialog.layer_box.currentText() == "alice" and dialog.done_only.isChecked()
    args = dialog.arguments()
    assert args[args.index("--layer") + 1] == "alice" and "--status" in args
    assert "--labels" not in args  # every label ticked: the command takes all
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=180_000)
    kinds = [event["event"] for event in dialog.events]
    assert kinds[0] == "start" and kinds[-1] == "done" and kinds.count("step") == 3
    assert dialog.bar.maximum() == 3
    model = tmp_path / "models" / "model-best"
    assert dialog.model == model and model.is_dir()
    assert dialog.state.text() == f"Done: the model is in {model}."
    assert "PERSON" in dialog.scores.text() and "overall F1" in dialog.scores.text()
    assert dialog.after.isVisible()
    window = dialog.parent()
    qtbot.mouseClick(dialog.suggest_button, Qt.MouseButton.LeftButton)
    assert window.controller.suggestion_layer == "model"
    with Store.open(dialog.store_path) as store:
        assert "model" in store.suggestions.suggestion_layers()


def test_cancel_stops_the_run_and_leaves_no_model(qtbot, dialog, tmp_path):
    dialog.max_steps.setValue(LONG)
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(e["event"] == "step" for e in dialog.events), timeout=120_000)
    assert dialog.running
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # Cancel while running
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert dialog.state.text().startswith("Cancelled: no model was written.")
    folder = tmp_path / "models"
    assert not (folder / "model-best").exists() and not (folder / "report.json").exists()
    assert not folder.exists() or not [p for p in folder.iterdir() if p.name.startswith(".")]
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)  # Cancel closes it after


def test_what_a_killed_run_leaves_is_removed(news, tmp_path):
    folder = tmp_path / "models"
    process = subprocess.Popen(
        [sys.executable, "-m", "annotator", "train", str(news), "-o", str(folder), "--layer",
         "alice", "--max-steps", str(LONG), "--progress", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert process.stdout is not None
        while b'"step"' not in process.stdout.readline():
            pass
        deadline = time.monotonic() + 60
        while not any(p.name.startswith(".model-best.tmp-") for p in folder.iterdir()):
            assert time.monotonic() < deadline
            time.sleep(0.1)
    finally:
        process.kill()
        process.wait()
    left = clean_stale(folder)
    assert left and not any(p.name.startswith(".") for p in folder.iterdir())
    assert not (folder / "model-best").exists()

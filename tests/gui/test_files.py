"""First start, import with a progress dialog that can be cancelled, export."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from annotator.core import Store
from annotator.gui.app import start
from annotator.gui.dialogs.common import Progress
from annotator.gui.dialogs.transfer import ExportDialog, export_from

from .conftest import answer_next_dialog, back_to, come_back


def test_first_start_asks_for_the_name_and_opens_the_store(qtbot, settings, store_file):
    def give_name(dialog):
        assert isinstance(dialog, QInputDialog)
        assert dialog.textValue() == settings.login_name()  # the login name is offered
        dialog.setTextValue("Layla")
        dialog.accept()
    answer_next_dialog(give_name)
    window = start(settings, store_file)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.controller.state.article is not None)
    assert settings.annotator == "Layla"
    assert window.annotator_button.text() == "Annotator: Layla"
    assert window.controller.state.article.id == "hard"
    window.controller.close_store()


def test_cancelling_the_first_prompt_opens_the_store_and_asks_again_at_the_first_change(
        qtbot, settings, store_file):
    answer_next_dialog(lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape))
    window = start(settings, store_file)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.controller.state.article is not None)  # open, for reading
    window.activateWindow()
    back_to(qtbot, window)
    assert window.isVisible() and settings.annotator == ""
    assert "give your name" in window.annotator_button.text()
    view = window.view
    start_at = window.controller.state.article.text.index("Zarif")
    # the first label key asks again; Esc again changes nothing and says why
    answer_next_dialog(lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape))
    back_to(qtbot, window)
    view.select_range(start_at, start_at + 5)
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert window.controller.state.spans == {}
    assert "give your name" in window.statusBar().currentMessage()
    # S (a link) asks too
    back_to(qtbot, window)
    asked = []
    answer_next_dialog(lambda dialog: (asked.append(dialog.labelText()),
                                       qtbot.keyClick(dialog, Qt.Key.Key_Escape)))
    qtbot.keyClick(view, Qt.Key.Key_S)
    assert asked and "Who is annotating" in asked[0]
    # Ctrl+Enter (a status change) asks too; a name given, nothing else is marked
    back_to(qtbot, window)
    answer_next_dialog(lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape))
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.state.article.id == "hard"  # not marked, not moved on

    def give_name(dialog):
        dialog.setTextValue("Layla")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    answer_next_dialog(give_name)
    back_to(qtbot, window)
    view.select_range(start_at, start_at + 5)
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert settings.annotator == "Layla"
    assert window.annotator_button.text() == "Annotator: Layla"
    assert [(s.text, s.label) for s in window.controller.state.spans.values()] == [
        ("Zarif", "PERSON")]
    window.controller.close_store()
    store = Store.open(store_file)
    pk = store.annotations.article_by_id("hard").pk
    assert [s.text for s in store.annotations.spans(pk, "Layla")] == ["Zarif"]
    assert store.annotations.spans(pk, "") == []
    store.close()


def test_second_start_does_not_ask(qtbot, settings, store_file):
    settings.annotator = "Layla"
    window = start(settings, store_file)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.controller.state.article is not None)
    assert window.controller.annotator == "Layla"
    window.controller.close_store()


def write_articles(path: Path, count: int) -> Path:
    with path.open("w") as out:
        for i in range(count):
            out.write(json.dumps({"id": f"new-{i}", "title": f"New {i}",
                                  "text": f"Fresh article number {i}. " * 20}) + "\n")
    return path


def test_import_adds_articles_to_the_list(qtbot, window, tmp_path):
    source = write_articles(tmp_path / "more.jsonl", 30)
    seen = {}

    def read(box):
        seen["text"] = box.text()
        box.accept()
    answer_next_dialog(read, kind=QMessageBox)
    window.import_paths([source])
    assert seen["text"].startswith("30 articles")
    assert window.list_panel.model.rowCount() == 34
    assert window.progress_label.text().startswith("0 done / 34")


def test_cancelled_import_stores_nothing(qtbot, window, tmp_path, store_file, monkeypatch):
    source = write_articles(tmp_path / "many.jsonl", 3000)
    real_advance = Progress.advance

    def advance_then_cancel(self, amount):
        real_advance(self, amount)
        self.dialog.cancel()  # the user presses Cancel while the import runs
    monkeypatch.setattr(Progress, "advance", advance_then_cancel)
    messages = []
    answer_next_dialog(lambda box: (messages.append(box.text()), box.accept()),
                       kind=QMessageBox)
    window.import_paths([source])
    assert messages == ["Import cancelled: nothing was stored."]
    store = Store.open(store_file)
    assert store.annotations.article_count() == 4
    store.close()
    assert window.list_panel.model.rowCount() == 4


def test_export_writes_the_store_as_jsonl(qtbot, window, tmp_path):
    text = window.controller.state.article.text
    window.view.select_range(text.index("Doha"), text.index("Doha") + 4)
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    dialog = ExportDialog(window, window.controller.store, tmp_path)
    dialog.annotator.setCurrentIndex(dialog.annotator.findData("amira"))
    dialog.path.setText(str(tmp_path / "out.jsonl"))
    messages = []
    answer_next_dialog(lambda box: (messages.append(box.text()), box.accept()),
                       kind=QMessageBox)
    summary = export_from(window, window.controller.store, dialog)
    assert summary.records == 1 and summary.lossless
    assert messages == [f"Wrote 1 record to {tmp_path / 'out.jsonl'}"]
    [line] = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["annotator"] == "amira"
    [span] = record["spans"]
    assert record["text"][span["start"]:span["end"]] == "Doha" == span["text"]
    assert not (tmp_path / "out.jsonl.part").exists()


def test_export_dialog_writes_prodigy_parts_and_reports_losses(qtbot, window, tmp_path):
    text = window.controller.state.article.text
    for word, key in (("Zarif", Qt.Key.Key_P), ("Doha", Qt.Key.Key_G)):
        window.view.select_range(text.index(word), text.index(word) + len(word))
        qtbot.keyClick(window.view, key)
    window.actions_["snap"].trigger()  # off, so that a part of a word can be tagged
    window.view.select_range(text.index("Kamala") + 1, text.index("Kamala") + 4)  # "ama"
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    dialog = ExportDialog(window, window.controller.store, tmp_path)
    dialog.choose_format("prodigy")
    assert dialog.path.text().endswith(".jsonl")
    dialog.annotator.setCurrentIndex(dialog.annotator.findData("amira"))
    dialog.path.setText(str(tmp_path / "tasks.jsonl"))
    messages = []
    answer_next_dialog(lambda box: (messages.append(box.text()), box.accept()),
                       kind=QMessageBox)
    summary = export_from(window, window.controller.store, dialog)
    assert summary.spans_lost == 1
    assert "Lost in the prodigy format: 1 span " in messages[0] and "'ama'" in messages[0]
    [line] = (tmp_path / "tasks.jsonl").read_text(encoding="utf-8").splitlines()
    task = json.loads(line)
    assert sorted(task["text"][s["start"]:s["end"]] for s in task["spans"]) == ["Doha", "Zarif"]


def test_export_refuses_to_overwrite_the_store(qtbot, window, tmp_path, store_file):
    dialog = ExportDialog(window, window.controller.store, tmp_path)
    dialog.path.setText(str(store_file))
    messages = []
    answer_next_dialog(lambda box: (messages.append(box.text()), box.accept()),
                       kind=QMessageBox)
    assert export_from(window, window.controller.store, dialog) is None
    assert "overwrite the store" in messages[0]
    assert Store.open(store_file).annotations.article_count() == 4


def test_a_store_that_cannot_open_says_why_and_keeps_the_window(qtbot, window, tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("not a database")
    messages = []
    answer_next_dialog(lambda box: (messages.append(box.text()), box.accept()),
                       kind=QMessageBox)
    assert not window.open_store(bad)
    assert "not an Annotator store" in messages[0]
    assert window.controller.state.article.id == "hard"  # still on the store it had


def test_coming_back_to_the_window_shows_what_the_cli_stored(qtbot, window, tmp_path,
                                                             store_file):

    from annotator.core import AddSpan, import_files
    other = Store.open(store_file)  # another program on the same store
    import_files(other, [write_articles(tmp_path / "late.jsonl", 2)])
    hard = other.annotations.article_by_id("hard")
    start = hard.text.index("Doha")
    AddSpan(hard.pk, "amira", start, start + 4, "GPE").apply(other, "amira")
    other.close()
    assert window.list_panel.model.rowCount() == 4 and window.controller.state.spans == {}
    come_back(qtbot, window)
    assert window.list_panel.model.rowCount() == 6
    assert [s.text for s in window.controller.state.spans.values()] == ["Doha"]
    assert window.controller.state.article.id == "hard"


def test_an_import_with_a_repeated_span_says_so(qtbot, window, tmp_path):
    source = tmp_path / "repeat.jsonl"
    span = {"start": 0, "end": 5, "label": "PERSON"}
    source.write_text(json.dumps({"id": "r", "text": "Zarif spoke.", "annotator": "amira",
                                  "spans": [span, span]}) + "\n")
    seen = {}

    def read(box):
        seen["text"] = box.text()
        box.accept()
    answer_next_dialog(read)
    window.import_paths([source])
    assert "Repeated spans or relations kept once: 1" in seen["text"]
    assert f"{source}:1: span 1 repeats span 0 (PERSON 0-5): kept once" in seen["text"]


def test_an_import_from_another_tool_says_what_it_left_out(qtbot, window, tmp_path):
    (tmp_path / "talk.txt").write_text("Zarif met Kerry.", encoding="utf-8")
    (tmp_path / "talk.ann").write_text(
        "T1\tPERSON 0 5\tZarif\nT2\tPERSON 10 15\tKerry\nE1\tMeeting:T1 Agent:T2\n",
        encoding="utf-8")
    seen = {}

    def read(box):
        seen["text"] = box.text()
        box.accept()
    answer_next_dialog(read)
    window.import_paths([tmp_path / "talk.txt"])
    assert "Left out (not held by the store): brat events (E lines): 1." in seen["text"]
    assert "2 spans" in seen["text"]

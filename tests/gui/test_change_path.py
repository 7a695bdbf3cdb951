"""Writes the undo history did not make reach the window: a merge or an import from the
File menu, and the CLI or another window on the same store. The article list, the open
article and review mode's table show them; the undo history is cleared where they meet
it, and says why; a step that no longer fits is dropped instead of blocking Undo."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt

from annotator.core import AddSpan, Store, import_files
from annotator.gui.catch_up import POLL_MS

from .conftest import answer_next_dialog, back_to, come_back
from .test_review import reviewing  # noqa: F401
from .test_undo import UNDO, tag


def write(path: Path, records: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def layer(window, annotator: str, marks: list[tuple[str, str]]) -> dict:
    """A JSONL record of the open article with `annotator`'s layer (word, label)."""
    article = window.controller.state.article
    spans = []
    for word, label in marks:
        start = article.text.index(word)
        spans.append({"start": start, "end": start + len(word), "label": label})
    return {"id": article.id, "text": article.text, "annotator": annotator, "spans": spans}


def painted(window, word: str) -> str:
    """The background colour drawn over `word` in the text view."""
    view = window.view
    position = view.index.to_utf16(window.controller.state.article.text.index(word))
    block = view.document().findBlock(position)
    for fmt in block.layout().formats():
        if fmt.start <= position - block.position() < fmt.start + fmt.length:
            return fmt.format.background().color().name()
    return ""


def shown(window) -> list[tuple[str, str]]:
    """The spans as the span list shows them (label, text)."""
    model = window.span_list.model_
    return [(model.index(row, 0).data(), model.index(row, 1).data())
            for row in range(model.rowCount())]


def merge(qtbot, window, source: Path) -> list[str]:
    """File > Merge stores on `source`; the report box is read and closed."""
    reports: list[str] = []
    answer_next_dialog(lambda box: (reports.append(box.text()), box.accept()))
    window.merge_paths([source])
    window.activateWindow()  # the report box closed: back to the window's keys
    back_to(qtbot, window)
    window.view.setFocus()
    return reports


def test_merge_shows_the_merged_layer_and_undo_neither_fails_nor_lingers(
        qtbot, window, tmp_path, store_file):
    tag(qtbot, window, "Zarif", Qt.Key.Key_P)
    undo = window.actions_["undo"]
    assert undo.isEnabled() and shown(window) == [("PERSON", "Zarif")]
    source = write(tmp_path / "amira.jsonl", [layer(window, "amira", [("Zarif", "GPE")])])
    [report] = merge(qtbot, window, source)
    assert "Layers: 0 added, 1 updated" in report
    assert shown(window) == [("GPE", "Zarif")]
    assert [s.label for s in window.controller.state.spans.values()] == ["GPE"]
    assert painted(window, "Zarif") == window.controller.label("GPE").color.lower()
    assert not undo.isEnabled() and undo.text() == "Undo"
    assert window.statusBar().currentMessage().startswith(
        "Undo history cleared: the merge changed what you had edited")
    qtbot.keyClick(window.view, *UNDO)  # nothing to undo, and no error
    assert window.statusBar().currentMessage().startswith("Undo history cleared")
    store = Store.open(store_file)
    article = store.annotations.article_by_id("hard")
    assert [s.label for s in store.annotations.spans(article.pk, "amira")] == ["GPE"]
    store.close()


def test_merge_of_other_articles_keeps_the_undo_history(qtbot, window, tmp_path):
    tag(qtbot, window, "Zarif", Qt.Key.Key_P)
    third = window.controller.store.annotations.article_by_id("third")
    source = write(tmp_path / "bob.jsonl", [
        {"id": "third", "text": third.text, "annotator": "bob",
         "spans": [{"start": 4, "end": 8, "label": "FAC"}]}])
    merge(qtbot, window, source)
    assert window.actions_["undo"].text() == "Undo Add PERSON “Zarif”"
    qtbot.keyClick(window.view, *UNDO)
    assert shown(window) == []


def test_merge_refreshes_review_modes_table(qtbot, reviewing, tmp_path):  # noqa: F811
    window = reviewing
    model = window.review.panel.model

    def bob_says(word: str) -> str:
        column = [model.headerData(c, Qt.Orientation.Horizontal) for c in
                  range(model.columnCount())].index("2 bob")
        for row in range(model.rowCount()):
            if model.index(row, 0).data().startswith(word):
                return model.index(row, column).data()
        return "(no row)"
    assert bob_says("Kamala Ortiz") == "ORG"
    source = write(tmp_path / "bob.jsonl", [layer(window, "bob", [("Kamala Ortiz", "NORP")])])
    merge(qtbot, window, source)
    assert bob_says("Kamala Ortiz") == "NORP"
    assert window.review.session.candidates  # still reviewing the same article
    assert window.controller.state.article.id == "hard"


def test_import_into_the_open_store_shows_the_layer_and_clears_undo(qtbot, window, tmp_path):
    tag(qtbot, window, "Zarif", Qt.Key.Key_P)
    qtbot.keyClick(window.view, *UNDO)  # the layer is gone again; Redo would add it back
    assert window.actions_["redo"].isEnabled()
    source = write(tmp_path / "amira.jsonl", [layer(window, "amira", [("Doha", "GPE")])])
    answer_next_dialog(lambda box: box.accept())
    window.import_paths([source])
    assert shown(window) == [("GPE", "Doha")]
    assert not window.actions_["redo"].isEnabled()
    assert "the import changed" in window.statusBar().currentMessage()


def test_a_step_that_fails_is_dropped_and_undo_reaches_the_older_ones(
        qtbot, window, store_file):
    tag(qtbot, window, "Doha", Qt.Key.Key_G)
    tag(qtbot, window, "Zarif", Qt.Key.Key_P)
    zarif = window.controller.state.selected
    # Another program deletes the span without writing the change log.
    conn = sqlite3.connect(store_file, isolation_level=None)
    conn.execute("DELETE FROM spans WHERE id = ?", (zarif,))
    conn.close()
    qtbot.keyClick(window.view, *UNDO)
    undo = window.actions_["undo"]
    assert window.statusBar().currentMessage().startswith("Cannot undo Add PERSON “Zarif”")
    assert undo.isEnabled() and undo.text() == "Undo Add GPE “Doha”"
    assert shown(window) == [("GPE", "Doha")]  # the window shows what the store holds
    qtbot.keyClick(window.view, *UNDO)
    assert shown(window) == [] and not undo.isEnabled()
    window.statusBar().clearMessage()
    qtbot.keyClick(window.view, *UNDO)  # no error repeats
    assert window.statusBar().currentMessage() == ""


def test_a_cli_import_appears_in_the_list_by_itself(qtbot, window, tmp_path, store_file):
    rows = window.list_panel.model.rowCount
    assert rows() == 4
    other = Store.open(store_file)  # the CLI, while the window stays in the background
    import_files(other, [write(tmp_path / "late.jsonl", [
        {"id": "late", "title": "Late news", "text": "Arrived while the window was open."}])])
    other.close()
    # Within one period of the poll (plus slack for a busy machine), nothing pressed.
    qtbot.waitUntil(lambda: rows() == 5, timeout=POLL_MS + 1000)
    titles = [window.list_panel.model.index(r, 0).data() for r in range(rows())]
    assert "Late news" in titles
    assert window.controller.state.article.id == "hard"  # still where the person was
    assert window.progress_label.text().startswith("0 done / 5")


def test_another_window_tagging_the_open_article_shows_in_place(qtbot, window, store_file):
    tag(qtbot, window, "Zarif", Qt.Key.Key_P)
    top = window.view.verticalScrollBar().value()
    other = Store.open(store_file)  # a second window of the same person
    hard = other.annotations.article_by_id("hard")
    start = hard.text.index("Doha")
    AddSpan(hard.pk, "amira", start, start + 4, "GPE").apply(other, "amira")
    other.close()
    qtbot.waitUntil(lambda: len(shown(window)) == 2, timeout=POLL_MS * 3)
    assert sorted(shown(window)) == [("GPE", "Doha"), ("PERSON", "Zarif")]
    assert window.view.verticalScrollBar().value() == top
    assert not window.actions_["undo"].isEnabled()  # the article it had steps in changed
    assert "another window or program" in window.statusBar().currentMessage()


def test_another_annotator_on_the_open_article_leaves_undo_and_selection_alone(
        qtbot, window, store_file):
    tag(qtbot, window, "Zarif", Qt.Key.Key_P)
    text = window.controller.state.article.text
    doha = text.index("Doha")
    other = Store.open(store_file)
    AddSpan(other.annotations.article_by_id("hard").pk, "bob", doha, doha + 4, "GPE").apply(other,
                                                                                            "bob")
    other.close()
    window.view.select_range(doha, doha + 4)  # the person is about to tag Doha
    come_back(qtbot, window)
    assert window.view.selection_range() == (doha, doha + 4)
    assert shown(window) == [("PERSON", "Zarif")]  # bob's layer is not amira's
    assert window.actions_["undo"].text() == "Undo Add PERSON “Zarif”"
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    assert shown(window) == [("PERSON", "Zarif"), ("GPE", "Doha")]

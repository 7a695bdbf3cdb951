"""The window's import and export reports: counts in singular and plural; each lost span
named as the CLI names it (its article, offsets, and for an overlap the span kept)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.cli import cli
from annotator.gui.dialogs.transfer import ExportDialog, export_from

from .conftest import answer_next_dialog

DROPPED = ("Dropped 3 boilerplate lines at the start or end of a text "
           "(`annotator import --keep-boilerplate` keeps them):")


def test_the_export_report_gives_offsets_and_the_kept_span_as_the_cli(
        qtbot, window, store_file, tmp_path):
    pytest.importorskip("spacy")
    text = window.controller.state.article.text
    for words, key in (("Kamala Ortiz", Qt.Key.Key_O), ("Ortiz", Qt.Key.Key_P)):
        start = text.index(words)
        window.view.select_range(start, start + len(words))
        qtbot.keyClick(window.view, key)
    dialog = ExportDialog(window, window.controller.store, tmp_path)
    dialog.choose_format("conll")
    dialog.annotator.setCurrentIndex(dialog.annotator.findData("amira"))
    dialog.path.setText(str(tmp_path / "amira.conll"))
    messages = []
    answer_next_dialog(lambda box: (messages.append(box.text()), box.accept()),
                       kind=QMessageBox)
    export_from(window, window.controller.store, dialog)
    ortiz = text.index("Ortiz")
    kamala = text.index("Kamala")
    lost = (f"hard (amira): PERSON 'Ortiz' at {ortiz}-{ortiz + 5}: overlaps another entity "
            f"(kept ORG 'Kamala Ortiz' at {kamala}-{ortiz + 5})")
    [report] = messages
    assert report.splitlines()[1:] == [
        "Lost in the conll format: 1 span (overlaps another entity: 1), 0 relations.",
        f"  {lost}"]
    result = CliRunner().invoke(cli, ["export", str(store_file), "--format", "conll",
                                      "--annotator", "amira", "-o", str(tmp_path / "c.conll")])
    assert result.exit_code == 0, result.output
    assert f"lost: {lost}" in result.stderr.splitlines()
    assert "Lost in the conll format: 1 span (overlaps another entity: 1), 0 relations." in (
        result.stderr.splitlines())


@pytest.mark.parametrize(("count", "words"), [
    (0, ("0 articles", "0 files", "0 duplicates")),
    (1, ("1 article", "1 file", "1 duplicate")),
    (2, ("2 articles", "2 files", "2 duplicates"))])
def test_the_import_report_counts_in_singular_and_plural(count, words):
    from annotator.core.io.importing import ImportSummary
    from annotator.gui.dialogs.transfer import import_report
    report = import_report(ImportSummary(files=count, articles_added=count,
                                         duplicates_skipped=count))
    article, file, duplicate = words
    assert report == (f"{article}, 0 layers, 0 spans and 0 relations added from {file}; "
                      f"{duplicate} skipped.")


def test_the_window_import_lists_the_boilerplate_it_dropped(qtbot, window, tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("views\nMissiles hit the Green Zone\nTwo missiles hit Baghdad on "
                    "Saturday.\nComments\n0 comment\n", encoding="utf-8")
    seen = []
    answer_next_dialog(lambda box: (seen.append(box.text()), box.accept()), kind=QMessageBox)
    window.import_paths([path])
    [report] = seen
    assert report.splitlines()[-4:] == [
        DROPPED, f"  {path}:1: views", f"  {path}:4: Comments", f"  {path}:5: 0 comment"]
    store = window.controller.store
    [pk] = [pk for pk in store.annotations.article_pks()
            if store.annotations.article(pk).title == "Missiles hit the Green Zone"]
    assert store.annotations.article(pk).text == "Two missiles hit Baghdad on Saturday.\n"


def test_one_character_is_said_in_the_singular(qtbot, window):
    if window.actions_["snap"].isChecked():  # View > Snap selections to whole words: off
        window.actions_["snap"].trigger()
    text = window.controller.state.article.text
    start = text.index("Doha")
    window.view.place_caret(start)
    qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert window.selection_label.text() == f"{start}–{start + 1} (1 character)"
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)  # the new span, in the details panel
    qtbot.waitUntil(lambda: window.details.offsets.text() != "")
    assert window.details.offsets.text() == f"{start}–{start + 1} (1 character)"
    window.view.place_caret(start)
    for _ in range(4):
        qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert window.selection_label.text() == f"{start}–{start + 4} (4 characters)"

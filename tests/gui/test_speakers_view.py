"""Window → Speakers: the entries' counts (the same as `annotator speakers --json`), sort
and filter, a quote's article opened from the list, and the registry edited, merged and
deleted from the view with the window's Undo taking each back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox
from registry_data import build

from annotator.cli import cli
from annotator.core import Store, default_schema
from annotator.gui.speakers import model as speakers_model
from annotator.gui.speakers.editor import EntryEditor
from annotator.gui.speakers.panel import SpeakersPanel

from .conftest import answer_next_dialog, back_to

COLUMNS = ("Name", "Kind", "Quotes", "Claims", "Mentions", "Articles", "Outlets", "First",
           "Last", "Wikidata")


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """The registry tests' corpus (registry_data.py), annotated by amira."""
    path = tmp_path / "speakers.db"
    with Store.create(path, default_schema()) as store:
        entries = build(store, tmp_path, annotator="amira")
    return path, entries


@pytest.fixture
def speakers(qtbot, open_window, corpus):
    """The window on the corpus with Window → Speakers opened by its key."""
    window = open_window(corpus[0])
    qtbot.keyClick(window.view, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panel = window.findChild(SpeakersPanel)
    assert panel is not None and panel.isVisible()
    yield window, panel
    window.controller.close_store()


def shown(panel: SpeakersPanel) -> list[dict[str, str]]:
    model = panel.model
    assert model.columns == COLUMNS
    return [{name: str(model.index(row, column).data())
             for column, name in enumerate(COLUMNS)} for row in range(model.rowCount())]


def names(panel: SpeakersPanel) -> list[str]:
    return [row["Name"] for row in shown(panel)]


def choose(qtbot, panel: SpeakersPanel, *entry_names: str) -> None:
    """Click the row of the first entry, Ctrl+click the others'."""
    table = panel.table
    for number, name in enumerate(entry_names):
        rect = table.visualRect(panel.model.index(names(panel).index(name), 0))
        modifier = Qt.KeyboardModifier.ControlModifier if number else \
            Qt.KeyboardModifier.NoModifier
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier,
                         rect.center())


def header_point(header, column: int) -> QPoint:
    return QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2,
                  header.height() // 2)


def stored_entries(path: Path) -> dict[str, dict]:
    with Store.open(path) as store:
        return {e.name: {**e.as_record(), "links": store.registry.link_count(e.id)}
                for e in store.registry.entries()}


def test_the_view_shows_the_counts_speakers_json_prints(speakers, corpus):
    _window, panel = speakers
    rows = shown(panel)
    # most quoted first, as the command line sorts
    assert [r["Name"] for r in rows] == ["Ali Khamenei", "Mohammad Javad Zarif",
                                         "Hassan Rouhani"]
    assert rows[0] == {"Name": "Ali Khamenei", "Kind": "PERSON", "Quotes": "2",
                       "Claims": "0", "Mentions": "3", "Articles": "3", "Outlets": "2",
                       "First": "2024-01-20", "Last": "2024-05-10", "Wikidata": "Q57336"}
    assert rows[2]["Mentions"] == "0" and rows[2]["First"] == ""
    result = CliRunner().invoke(cli, ["speakers", str(corpus[0]), "--json"])
    printed = json.loads(result.output)
    fields = {"Quotes": "quotes", "Claims": "claims", "Mentions": "mentions",
              "Articles": "articles", "Outlets": "outlets", "First": "first_date",
              "Last": "last_date", "Wikidata": "wikidata"}
    assert [{"Name": r["name"], "Kind": r["kind"],
             **{k: "" if r[v] is None else str(r[v]) for k, v in fields.items()}}
            for r in printed] == rows


def test_counts_read_in_a_thread_are_the_same(qtbot, open_window, corpus, monkeypatch):
    monkeypatch.setattr(speakers_model, "THREAD_FROM", 0)
    window = open_window(corpus[0])
    window.actions_["speakers"].trigger()
    panel = window.findChild(SpeakersPanel)
    assert panel.status.text() == "Counting…"
    qtbot.waitUntil(lambda: panel.model.complete, timeout=5000)
    assert panel.status.text() == ""
    assert names(panel) == ["Ali Khamenei", "Mohammad Javad Zarif", "Hassan Rouhani"]
    assert shown(panel)[0]["Mentions"] == "3"
    window.controller.close_store()


def test_sort_by_a_column_and_filter_by_name_alias_and_kind(qtbot, speakers):
    _window, panel = speakers
    header = panel.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header_point(header, 0))
    assert names(panel) == ["Ali Khamenei", "Hassan Rouhani", "Mohammad Javad Zarif"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header_point(header, COLUMNS.index("Mentions")))
    mentions = [int(r["Mentions"]) for r in shown(panel)]
    assert mentions == sorted(mentions)
    qtbot.keyClicks(panel.filter_box, "javad")  # an alias, any case
    assert names(panel) == ["Mohammad Javad Zarif"]
    panel.filter_box.clear()
    panel.filter_box.insert("خامنه")  # the Persian alias (typed by an input method)
    assert names(panel) == ["Ali Khamenei"]
    panel.filter_box.clear()
    panel.kind_box.setCurrentIndex(panel.kind_box.findText("ORG"))
    assert names(panel) == []
    panel.kind_box.setCurrentIndex(panel.kind_box.findText("PERSON"))
    assert len(names(panel)) == 3


def test_enter_on_a_quote_opens_its_article_with_the_quote_selected(qtbot, speakers):
    window, panel = speakers
    choose(qtbot, panel, "Ali Khamenei")
    quotes = panel.quotes
    assert [q.text for q in quotes.rows] == ["«لن نتراجع»", "“Never,”"]  # by date
    assert panel.quote_title.text() == "Ali Khamenei: 2 quotes"
    panel.quote_table.setFocus()
    panel.quote_table.setCurrentIndex(quotes.index(1, 0))
    qtbot.keyClick(panel.quote_table, Qt.Key.Key_Return)
    c = window.controller
    assert c.state.article.id == "a2"
    span = c.state.spans[c.state.selected]
    assert (span.label, span.text) == ("QUOTE", "“Never,”")
    assert window.view.hasFocus()
    # a double-click on the other goes there too
    rect = panel.quote_table.visualRect(quotes.index(0, 0))
    qtbot.mouseClick(panel.quote_table.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center())
    qtbot.mouseDClick(panel.quote_table.viewport(), Qt.MouseButton.LeftButton,
                      pos=rect.center())
    assert c.state.article.id == "a3"
    assert c.state.spans[c.state.selected].text == "«لن نتراجع»"


def test_edit_an_entry_and_undo_it_from_the_window(qtbot, speakers, corpus):
    window, panel = speakers
    path = corpus[0]
    choose(qtbot, panel, "Mohammad Javad Zarif")

    def fill(editor: EntryEditor) -> None:
        editor.wikidata.setText("Q5")
        editor.aliases.setPlainText("Javad Zarif\nZarif")
        editor.attributes["gender"].setCurrentText("woman")
        editor.accept()
    answer_next_dialog(fill, kind=EntryEditor)
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    zarif = stored_entries(path)["Mohammad Javad Zarif"]
    assert (zarif["wikidata"], zarif["aliases"], zarif["attrs"]) == (
        "Q5", ["Javad Zarif", "Zarif"], {"gender": "woman"})
    assert shown(panel)[names(panel).index("Mohammad Javad Zarif")]["Wikidata"] == "Q5"
    assert "Edit entry" in window.actions_["undo"].text()
    back_to(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    zarif = stored_entries(path)["Mohammad Javad Zarif"]
    assert (zarif["wikidata"], zarif["attrs"]) == (None, {"gender": "man"})
    qtbot.waitUntil(lambda: shown(panel)[names(panel).index("Mohammad Javad Zarif")]
                    ["Wikidata"] == "")


def test_a_bad_wikidata_id_is_refused_in_the_editor_and_nothing_changes(qtbot, speakers,
                                                                        corpus):
    window, panel = speakers
    before = stored_entries(corpus[0])
    choose(qtbot, panel, "Hassan Rouhani")
    said = []

    def fill(editor: EntryEditor) -> None:
        editor.wikidata.setText("Q0x")
        editor.accept()  # OK: refused, the dialog stays open
        said.append((editor.isVisible(), editor.problem.text()))
        editor.wikidata.setText("Q57336")  # Khamenei's
        editor.accept()
        said.append((editor.isVisible(), editor.problem.text()))
        editor.reject()
    answer_next_dialog(fill, kind=EntryEditor)
    panel.edit_button.click()
    khamenei = before["Ali Khamenei"]["id"]
    assert said == [
        (True, "'Q0x' is not a Wikidata id (Q followed by a number, like Q42)"),
        (True, f"Q57336 is already the Wikidata id of entry {khamenei} (Ali Khamenei)")]
    assert stored_entries(corpus[0]) == before
    assert not window.controller.can_undo


def test_merge_two_entries_and_undo_splits_them(qtbot, speakers, corpus):
    window, panel = speakers
    path = corpus[0]
    choose(qtbot, panel, "Mohammad Javad Zarif", "Hassan Rouhani")
    assert panel.merge_button.isEnabled() and not panel.edit_button.isEnabled()

    def keep_zarif(box: QMessageBox) -> None:
        next(b for b in box.buttons() if b.text().startswith("Keep Mohammad")).click()
    answer_next_dialog(keep_zarif, kind=QMessageBox)
    panel.merge_button.click()
    entries = stored_entries(path)
    assert "Hassan Rouhani" not in entries
    zarif = entries["Mohammad Javad Zarif"]
    assert zarif["aliases"] == ["Javad Zarif", "Hassan Rouhani"]
    assert zarif["wikidata"] == "Q14101"
    assert names(panel) == ["Ali Khamenei", "Mohammad Javad Zarif"]
    assert panel.selected_ids() == [zarif["id"]]
    back_to(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert set(stored_entries(path)) == {"Ali Khamenei", "Mohammad Javad Zarif",
                                         "Hassan Rouhani"}
    qtbot.waitUntil(lambda: len(names(panel)) == 3)


def test_delete_an_entry_with_its_key_and_undo_links_it_again(qtbot, speakers, corpus):
    window, panel = speakers
    path = corpus[0]
    choose(qtbot, panel, "Ali Khamenei")
    spans_before = list(window.controller.state.spans)
    window.controller.select_span(spans_before[0])  # the window's Delete would delete it

    def yes(box: QMessageBox) -> None:
        assert "Its 3 linked spans will be unlinked" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()
    answer_next_dialog(yes, kind=QMessageBox)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)  # the entry's, not the window's span key
    assert "Ali Khamenei" not in stored_entries(path)
    assert list(window.controller.state.spans) == spans_before  # no span deleted
    assert names(panel) == ["Mohammad Javad Zarif", "Hassan Rouhani"]
    back_to(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_entries(path)["Ali Khamenei"]["links"] == 3
    qtbot.waitUntil(lambda: names(panel)[0] == "Ali Khamenei")
    assert shown(panel)[0]["Mentions"] == "3"


def test_a_link_made_in_the_window_updates_the_counts(qtbot, speakers, corpus):
    window, panel = speakers
    c = window.controller
    store = c.store
    unlinked = next(s for s in store.registry.unlinked_mentions(["PERSON"])
                    if s.text == "Zarif")
    from annotator.core.operations import LinkEntry
    c.run(LinkEntry(unlinked.span, corpus[1]["Mohammad Javad Zarif"]))
    qtbot.waitUntil(lambda: shown(panel)[names(panel).index("Mohammad Javad Zarif")]
                    ["Quotes"] == "2")


def test_the_charts_show_the_most_quoted_and_the_share_by_gender(qtbot, speakers):
    _window, panel = speakers
    panel.tabs.setCurrentWidget(panel.charts)
    assert panel.charts.top.items == [("Ali Khamenei", 2), ("Mohammad Javad Zarif", 1)]
    assert panel.charts.attribute_box.currentText() == "gender"
    shares = panel.charts.shares
    assert shares.rows == [("All", {"man": 3}), ("2024-01", {"man": 1}),
                           ("2024-03", {"man": 1}), ("2024-05", {"man": 1})]
    panel.charts.grab()  # painted without error


def test_the_chosen_entry_stays_chosen_when_the_order_changes(qtbot, speakers):
    _window, panel = speakers
    choose(qtbot, panel, "Hassan Rouhani")
    assert names(panel).index("Hassan Rouhani") == 2
    header = panel.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header_point(header, 0))
    assert names(panel).index("Hassan Rouhani") == 1
    assert [panel.model.entry_at(i.row())[1]
            for i in panel.table.selectionModel().selectedRows()] == ["Hassan Rouhani"]
    assert panel.quote_title.text() == "Hassan Rouhani: 0 quotes"


def test_tagging_a_span_does_not_read_the_registry_again(qtbot, speakers, monkeypatch):
    window, panel = speakers
    loads = []
    monkeypatch.setattr(panel.model, "load", lambda *args: loads.append(args))
    c = window.controller
    text = c.state.article.text
    start = text.index("comment")
    c.add_span("EVENT", start, start + len("comment"))
    c.set_status("done")
    qtbot.wait(400)
    assert loads == []
    c.undo()  # undoing the status: "undo set status" is read again, to be safe
    c.undo()  # the span's deletion may unlink it: read again
    qtbot.waitUntil(lambda: len(loads) == 1)


def test_a_quote_in_another_layer_opens_with_its_text_selected(qtbot, open_window,
                                                                 tmp_path):
    path = tmp_path / "bob.db"
    with Store.create(path, default_schema()) as store:
        build(store, tmp_path, annotator="bob")
    window = open_window(path)  # amira at the keyboard: bob's spans are not hers
    window.actions_["speakers"].trigger()
    panel = window.findChild(SpeakersPanel)
    assert [panel.layer_box.itemText(i) for i in range(panel.layer_box.count())] == [
        "People's layers", "bob"]
    panel.layer_box.setCurrentIndex(1)  # bob's layer alone: the same figures
    assert shown(panel)[0]["Mentions"] == "3"
    choose(qtbot, panel, "Ali Khamenei")
    panel.quote_table.setFocus()
    panel.quote_table.setCurrentIndex(panel.quotes.index(1, 0))
    qtbot.keyClick(panel.quote_table, Qt.Key.Key_Enter)
    c = window.controller
    assert c.state.article.id == "a2" and c.state.selected is None
    start, end = window.view.selection_range()
    assert c.state.article.text[start:end] == "“Never,”"
    assert window.statusBar().currentMessage() == (
        "This quote is in bob's layer: its text is selected.")
    window.controller.close_store()


def test_the_key_again_hides_the_view_and_gives_the_keys_back_to_the_text(qtbot, speakers):
    window, panel = speakers
    assert panel.filter_box.hasFocus()  # opened ready to filter
    qtbot.keyClick(panel.filter_box, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not panel.isVisible()
    assert window.view.hasFocus()
    window.actions_["speakers"].trigger()
    assert panel.isVisible() and panel.filter_box.hasFocus()

"""The article list (search, lazy pages), the span list, clicking and walking spans, find."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from annotator.core import Store, default_schema, import_files
from annotator.gui.annotate.article_list import PAGE

from .conftest import click_at, drag_select


def test_search_box_finds_articles_by_words_in_their_text(qtbot, window):
    panel = window.list_panel
    qtbot.keyClicks(panel.search_box, "unloaded")
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Return)
    assert [panel.model.data(panel.model.index(r, 0)) for r in range(panel.model.rowCount())] \
        == ["Port strike ends"]
    panel.search_box.clear()
    qtbot.keyClicks(panel.search_box, "witn")  # a prefix, while typing
    qtbot.waitUntil(lambda: panel.model.data(panel.model.index(0, 0)) == "Inquiry report")
    assert panel.model.rowCount() == 1
    panel.search_box.setText("\"(*")  # FTS syntax characters are not an error
    panel.apply_filters()
    assert panel.model.rowCount() == 0


def test_choosing_a_row_opens_the_article(qtbot, window):
    table = window.list_panel.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert window.controller.state.article.id == "hostile"
    assert window.pane.title.text().startswith("<img")


def test_the_list_fetches_rows_a_page_at_a_time(qtbot, open_window, tmp_path):
    path, source = tmp_path / "big.db", tmp_path / "big.jsonl"
    with source.open("w") as out:
        for i in range(PAGE * 5):
            out.write(json.dumps({"id": f"a{i}", "title": f"Article {i}",
                                  "text": f"Body {i}."}) + "\n")
    store = Store.create(path, default_schema())
    import_files(store, [source])
    store.close()
    window = open_window(path)
    model = window.list_panel.model
    assert model.rowCount() == PAGE * 5
    assert len(model._pages) <= 1  # only what is on screen
    window.list_panel.table.scrollToBottom()
    qtbot.wait(10)
    assert model.data(model.index(PAGE * 5 - 1, 0)) == f"Article {PAGE * 5 - 1}"
    assert len(model._pages) <= 3
    window.controller.close_store()


def test_clicking_a_span_selects_it_and_the_span_list_follows(qtbot, window):
    text = window.controller.state.article.text
    for word, key in (("Zarif", Qt.Key.Key_P), ("Doha", Qt.Key.Key_G)):
        start = text.index(word)
        drag_select(qtbot, window, start, start + len(word))
        qtbot.keyClick(window.view, key)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert window.controller.state.selected is None
    click_at(qtbot, window, text.index("Zarif") + 2)
    selected = window.controller.state.spans[window.controller.state.selected]
    assert selected.text == "Zarif"
    rows = window.span_list.selectionModel().selectedRows()
    assert [window.span_list.model_.spans[r.row()].text for r in rows] == ["Zarif"]
    click_at(qtbot, window, text.index("met"))  # not a span: nothing selected
    assert window.controller.state.selected is None


def test_tab_walks_the_spans_in_reading_order(qtbot, window):
    text = window.controller.state.article.text
    for word in ("Doha", "Zarif", "Kamala"):
        start = text.index(word)
        window.view.select_range(start, start + len(word))
        qtbot.keyClick(window.view, Qt.Key.Key_P)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    window.view.select_range(0, 0)
    seen = []
    for _ in range(4):
        qtbot.keyClick(window.view, Qt.Key.Key_Tab)
        seen.append(window.controller.state.spans[window.controller.state.selected].text)
    assert seen == ["Zarif", "Kamala", "Doha", "Zarif"]
    qtbot.keyClick(window.view, Qt.Key.Key_Backtab)
    assert window.controller.state.spans[window.controller.state.selected].text == "Doha"
    assert window.view.hasFocus()


def test_span_list_row_selects_the_span_in_the_text(qtbot, window):
    text = window.controller.state.article.text
    start = text.index("Doha")
    window.view.select_range(start, start + 4)
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    index = window.span_list.model_.index(0, 1)
    qtbot.mouseClick(window.span_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.span_list.visualRect(index).center())
    assert window.controller.state.spans[window.controller.state.selected].text == "Doha"
    assert window.view.index.from_utf16(window.view.textCursor().position()) == start


def test_find_in_article_then_tag_the_hit(qtbot, window, store_file):
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.pane.find_box.hasFocus()
    qtbot.keyClicks(window.pane.find_box, "zarif")
    qtbot.keyClick(window.pane.find_box, Qt.Key.Key_Return)
    qtbot.keyClick(window.pane.find_box, Qt.Key.Key_Return)  # the second one
    assert window.pane.find_info.text() == "2 of 2"
    qtbot.keyClick(window.pane.find_box, Qt.Key.Key_Escape)
    assert window.view.hasFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    text = window.controller.state.article.text
    [span] = window.controller.state.spans.values()
    assert span.start == text.index("Zarif", text.index("said"))
    assert span.text == "Zarif"


def test_snap_to_words_is_on_for_a_new_user_and_can_be_turned_off(qtbot, window,
                                                                      open_window, store_file):
    assert window.actions_["snap"].isChecked()
    text = window.controller.state.article.text
    start = text.index("Kamala")
    window.view.select_range(start + 2, start + 9)  # "mala Or"
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    [span] = window.controller.state.spans.values()
    assert span.text == "Kamala Ortiz"
    window.actions_["snap"].trigger()  # off: a selection stays as made
    assert window.settings.flag("snap_words", default=True) is False
    window.view.select_range(text.index("Doha") + 1, text.index("Doha") + 3)
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    assert {s.text for s in window.controller.state.spans.values()} == {"Kamala Ortiz", "oh"}
    window.controller.close_store()
    again = open_window(store_file)  # the user's choice is kept
    assert not again.actions_["snap"].isChecked() and not again.controller.snap_words
    again.controller.close_store()


def test_hover_shows_label_and_attributes(qtbot, window):
    text = window.controller.state.article.text
    window.view.select_range(text.index("“We"), text.index(" said Zarif"))
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    quote = window.controller.state.selected
    window.controller.set_attribute(quote, "type", "direct")
    described = window.view.describe(window.controller.state.spans[quote])
    assert described == "QUOTE: “We will not sign,”\ntype=direct"
    assert window.view.span_at(text.index("will")).id == quote


def test_zoom_keys_change_the_text_size(qtbot, window):
    size = window.view.font().pointSizeF()
    qtbot.keyClick(window.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font().pointSizeF() > size
    qtbot.keyClick(window.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font().pointSizeF() == size


def test_appearance_menu_switches_to_dark_and_back(qtbot, window):
    from PySide6.QtGui import QPalette
    base = QPalette.ColorRole.Base
    window.actions_["scheme_dark"].trigger()
    qtbot.waitUntil(lambda: window.view.palette().color(base).lightnessF() < 0.3)
    assert window.settings.text("view/scheme") == "dark"
    window.actions_["scheme_light"].trigger()
    qtbot.waitUntil(lambda: window.view.palette().color(base).lightnessF() > 0.7)
    window.actions_["scheme_system"].trigger()
    assert window.settings.text("view/scheme") == "system"


def test_thousands_of_qt_calls_while_annotating(qtbot, window):
    """Adding and undoing spans makes many void Qt calls (cursor moves, selections,
    re-highlighting): the trap in docs/architecture.md must not abort the process."""
    text = window.controller.state.article.text
    start = text.index("Officials")
    for _ in range(300):
        window.view.select_range(start, start + 9)
        window.apply_label("PERSON")
        window.controller.undo()
    assert window.controller.state.spans == {}
    assert window.controller.can_redo

"""Next / previous, done and skip, and a restart that returns to the same annotator, article,
scroll place and window layout."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core import Store

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def ids(window) -> str:
    return window.controller.state.article.id


def test_next_and_previous_follow_the_list(qtbot, window):
    assert ids(window) == "hard"
    qtbot.keyClick(window.view, Qt.Key.Key_Right, ALT)
    assert ids(window) == "hostile"
    qtbot.keyClick(window.view, Qt.Key.Key_Right, ALT)
    assert ids(window) == "third"
    qtbot.keyClick(window.view, Qt.Key.Key_Right, ALT)
    assert ids(window) == "long"
    qtbot.keyClick(window.view, Qt.Key.Key_Right, ALT)  # the last one: stays
    assert ids(window) == "long"
    qtbot.keyClick(window.view, Qt.Key.Key_Left, ALT)
    assert ids(window) == "third"
    current = window.list_panel.table.currentIndex().row()
    assert window.list_panel.model.keys[current] == window.controller.state.article.pk


def test_done_goes_to_the_next_article_not_done_and_skip_too(qtbot, window, store_file):
    qtbot.keyClick(window.view, Qt.Key.Key_Right, ALT)  # hostile
    qtbot.keyClick(window.view, Qt.Key.Key_Return, CTRL)  # done -> third
    assert ids(window) == "third"
    qtbot.keyClick(window.view, Qt.Key.Key_Return, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert ids(window) == "long"
    qtbot.keyClick(window.view, Qt.Key.Key_Return, CTRL)
    assert ids(window) == "hard"  # wraps round to the first not done
    store = Store.open(store_file)
    statuses = {store.annotations.article(pk).id: store.annotations.layer_status(pk,
                                                                                 "amira") for pk in
                store.annotations.article_pks()}
    store.close()
    assert statuses == {"hard": None, "hostile": "done", "third": "skipped", "long": "done"}
    assert window.progress_label.text().startswith("2 done, 1 skipped / 4")
    qtbot.keyClick(window.view, Qt.Key.Key_Return, CTRL)
    assert window.statusBar().currentMessage() == "Every article is done or skipped."


def test_the_status_bar_counts_skipped_articles_apart_from_done_ones(qtbot, window):
    qtbot.keyClick(window.view, Qt.Key.Key_Return, CTRL)  # hard: done
    assert window.progress_label.text().startswith("1 done / 4")
    qtbot.keyClick(window.view, Qt.Key.Key_Return, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert window.progress_label.text().startswith("1 done, 1 skipped / 4")


def test_status_filter_lists_what_is_left(qtbot, window):
    qtbot.keyClick(window.view, Qt.Key.Key_Return, CTRL)  # hard done
    panel = window.list_panel
    panel.filter_box.setCurrentIndex(panel.filter_box.findData("not done"))
    assert [panel.model.data(panel.model.index(r, 0)) for r in range(panel.model.rowCount())] \
        == ["<img src=x> <b>bold</b> <a href='file:///etc/passwd'>x</a>", "Port strike ends",
            "Inquiry report"]
    panel.filter_box.setCurrentIndex(panel.filter_box.findData("done"))
    assert panel.model.rowCount() == 1
    assert panel.model.data(panel.model.index(0, 1)) == "done"


def test_restart_restores_annotator_article_scroll_and_layout(qtbot, open_window, settings,
                                                              store_file):
    settings.annotator = "amira"
    first = open_window(store_file, annotator=settings.annotator)
    first.controller.load_article(first.controller.store.annotations.article_by_id("long").pk)
    first.view.verticalScrollBar().setValue(120)
    top = first.view.top_offset()
    assert top == first.controller.state.article.text.index("Paragraph 120:")
    first.resize(800, 560)  # the minimum width; the offscreen screen is 800x600
    first.splitter.setSizes([230, 320, 240])
    qtbot.wait(10)
    sizes = first.splitter.sizes()
    first.close()  # saves the place and the window
    second = open_window(store_file, annotator=settings.annotator)
    assert second.controller.annotator == "amira"
    assert "amira" in second.annotator_button.text()
    assert ids(second) == "long"
    assert second.view.top_offset() == top
    assert (second.width(), second.height()) == (800, 560)
    qtbot.waitUntil(lambda: second.splitter.sizes() == sizes, timeout=2000)
    assert settings.place(store_file)[0] == "long"
    assert settings.last_store() == store_file.resolve()
    second.close()


def test_changing_annotator_shows_their_own_layer(qtbot, window):
    text = window.controller.state.article.text
    window.view.select_range(text.index("Doha"), text.index("Doha") + 4)
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    assert len(window.controller.state.spans) == 1
    window.controller.set_annotator("bruno")
    assert window.controller.state.spans == {}
    assert window.list_panel.model.data(window.list_panel.model.index(0, 2)) == 0
    window.controller.set_annotator("amira")
    assert len(window.controller.state.spans) == 1


def test_zoom_is_kept_across_a_restart(qtbot, open_window, settings, store_file):
    first = open_window(store_file)
    size = first.view.font().pointSizeF()
    qtbot.keyClick(first.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(first.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    zoomed = first.view.font().pointSizeF()
    assert zoomed > size
    first.close()
    second = open_window(store_file)
    assert second.view.font().pointSizeF() == zoomed
    qtbot.keyClick(second.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert second.view.font().pointSizeF() == size
    second.close()

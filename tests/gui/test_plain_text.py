"""Titles and texts such as `<img src=x> <b>bold</b> <a href='file:///etc/passwd'>x</a>` are
shown literally everywhere: the list, the header, tooltips, dialogs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QListWidget

from .conftest import HOSTILE, answer_next_dialog


def rendered(html: str) -> str:
    """What a rich-text widget shows for `html`."""
    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText().replace("\xa0", " ")


def open_hostile(window):
    pk = window.controller.store.annotations.article_by_id("hostile").pk
    window.controller.load_article(pk)
    return pk


def test_header_shows_the_title_literally(window):
    open_hostile(window)
    assert window.pane.title.text() == HOSTILE
    assert window.pane.title.textFormat() == Qt.TextFormat.PlainText
    assert HOSTILE in window.pane.meta.text()
    assert window.pane.meta.textFormat() == Qt.TextFormat.PlainText
    assert HOSTILE in window.view.toPlainText()


def test_every_label_in_the_window_is_plain_text(window):
    open_hostile(window)
    window.view.select_range(10, 20)
    window.apply_label("ORG")
    window.details.refresh()
    labels = window.findChildren(QLabel)
    assert labels
    rich = [label.text() for label in labels if label.textFormat() != Qt.TextFormat.PlainText
            and label.text() and label.parent() is not None
            and not label.objectName().startswith("qt_")]
    assert rich == []


def test_list_shows_the_title_and_escapes_its_tooltip(window):
    pk = open_hostile(window)
    model = window.list_panel.model
    row = model.row_of(pk)
    assert model.data(model.index(row, 0)) == HOSTILE
    tooltip = model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
    assert rendered(tooltip) == f"{HOSTILE}\nhostile"


def test_span_tooltip_is_escaped(window):
    open_hostile(window)
    text = window.controller.state.article.text
    start = text.index("<b>")
    window.view.select_range(start, start + len("<b>bold</b>"))
    window.apply_label("PERSON")
    span = next(iter(window.controller.state.spans.values()))
    from annotator.gui.plain import tooltip_text
    shown = tooltip_text(window.view.describe(span))
    assert rendered(shown) == "PERSON: <b>bold</b>"


def test_picker_shows_span_text_literally(qtbot, window):
    open_hostile(window)
    text = window.controller.state.article.text
    window.view.select_range(0, len(text.split("\n")[0]))
    window.apply_label("QUOTE")
    start = text.index("<a href")
    window.view.select_range(start, text.index("inside"))
    window.apply_label("PERSON")
    quote = next(s.id for s in window.controller.state.spans.values() if s.label == "QUOTE")
    window.controller.select_span(quote)
    seen = []

    def read_and_leave(dialog):
        entries = dialog.findChild(QListWidget)
        seen.extend(entries.item(i).text() for i in range(entries.count()))
        prompts = [lab for lab in dialog.findChildren(QLabel) if lab.text()]
        assert all(lab.textFormat() == Qt.TextFormat.PlainText for lab in prompts)
        dialog.reject()
    answer_next_dialog(read_and_leave)
    window.pick_link()
    assert any(entry.startswith("<a href='file:///etc/passwd'>x</a>") for entry in seen)


def test_message_boxes_are_plain_text(qtbot, window):
    from PySide6.QtWidgets import QMessageBox

    from annotator.gui.plain import message
    seen = {}

    def read(box):
        seen["format"] = box.textFormat()
        seen["text"] = box.text()
        box.accept()
    answer_next_dialog(read)
    message(window, "Title", HOSTILE, QMessageBox.Icon.Information)
    assert seen == {"format": Qt.TextFormat.PlainText, "text": HOSTILE}

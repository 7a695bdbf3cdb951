"""Label names and links painted in the text (View > Show label names, Show links), and the
selected span outlined, not filled: painted over the text, never changing it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor

from .conftest import answer_next_dialog, back_to, click_at, tag


def painted(window) -> list:
    window.view.viewport().repaint()
    return window.view.painted_tags()


def start_rect(window, offset: int):
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(window.view.index.to_utf16(offset))
    return window.view.cursorRect(cursor)


def test_label_names_are_painted_at_each_visible_span_and_the_toggle_is_remembered(
        qtbot, open_window, store_file, settings):
    window = open_window(store_file)
    text = window.view.text
    tag(qtbot, window, "Doha", Qt.Key.Key_G)
    tag(qtbot, window, "Kamala Ortiz", Qt.Key.Key_P)
    tag(qtbot, window, "Kamala", Qt.Key.Key_P)  # nested: its own tag, not under the other
    spans = window.controller.state.spans
    tags = dict(painted(window))
    assert set(tags) == set(spans)
    for span in spans.values():
        caret = start_rect(window, span.start)
        rect = tags[span.id]
        assert rect.left() >= caret.left() - 1 and abs(rect.center().y() - caret.top()) < 8
    kamala = [tags[s.id] for s in spans.values() if s.start == text.index("Kamala")]
    assert not kamala[0].intersects(kamala[1])
    assert window.view.text == text and window.view.toPlainText().count("Kamala") == 1

    action = window.actions_["label_names"]
    assert action.isChecked()  # on unless turned off, as annotation tools show them
    action.trigger()
    assert painted(window) == []
    window.controller.close_store()
    window.close()
    again = open_window(store_file)
    assert not again.actions_["label_names"].isChecked()
    assert painted(again) == []
    again.actions_["label_names"].trigger()
    assert len(painted(again)) == 3
    assert settings.flag("view/label_names") is True
    again.controller.close_store()


def test_a_quotes_speaker_is_painted_at_its_end_until_links_are_turned_off(qtbot, window):
    text = window.view.text
    quote = tag(qtbot, window, "“We will not sign,”", Qt.Key.Key_Q)
    tag(qtbot, window, "Zarif", Qt.Key.Key_P, nth=1)
    click_at(qtbot, window, quote[0] + 3)
    answer_next_dialog(lambda picker: qtbot.keyClick(picker.filter, Qt.Key.Key_Return))
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    back_to(qtbot, window)
    head = next(s for s in window.controller.state.spans.values() if s.start == quote[0])
    window.view.viewport().repaint()
    assert window.view.painted_links() == [(head.id, "→ Zarif")]
    [link] = window.view.tags.link_tags
    end = start_rect(window, quote[1])
    assert link.rect.left() >= end.left() - 1 and abs(link.rect.center().y() - end.bottom()) < 8
    window.actions_["links"].trigger()
    window.view.viewport().repaint()
    assert window.view.painted_links() == []
    assert window.view.text == text


def test_the_selected_quote_is_outlined_and_the_entity_inside_keeps_its_fill(qtbot, window):
    text = window.view.text
    quote = tag(qtbot, window, "“We will not sign,” said Zarif", Qt.Key.Key_Q)
    zarif = tag(qtbot, window, "Zarif", Qt.Key.Key_P, nth=1)
    click_at(qtbot, window, quote[0] + 3)  # selects the quote
    selected = window.controller.state.spans[window.controller.state.selected]
    assert selected.label == "QUOTE"
    view = window.view
    view.viewport().repaint()
    assert view.tags.outline  # a box round it
    for mark in view.extraSelections():  # nothing fills it over the spans inside
        assert mark.format.background().style() == Qt.BrushStyle.NoBrush
    block = view.document().findBlock(view.index.to_utf16(zarif[0]))
    at = view.index.to_utf16(zarif[0]) - block.position()
    ranges = block.layout().formats()
    [inner] = [r for r in ranges if r.start <= at < r.start + r.length]
    person = QColor(window.controller.schema.label("PERSON").color)
    assert inner.format.background().color().rgb() == person.rgb()
    assert text == view.text


def test_a_claims_wavy_underline_is_darker_than_its_label(qtbot, window):
    start, _ = tag(qtbot, window, "talks would resume in March", Qt.Key.Key_C)
    view = window.view
    color = QColor(window.controller.schema.label("CLAIM").color)
    block = view.document().findBlock(view.index.to_utf16(start))
    ranges = block.layout().formats()
    [claim] = [r for r in ranges if r.format.underlineStyle()
               == r.format.UnderlineStyle.WaveUnderline]
    drawn = claim.format.underlineColor()
    assert drawn.lightnessF() < color.lightnessF() - 0.1
    assert drawn.hue() == color.hue() or color.saturation() == 0


def test_only_the_spans_in_view_get_tags_and_scrolling_brings_theirs(qtbot, window):
    window.controller.load_article(window.controller.store.annotations.article_by_id("long").pk)
    text = window.controller.state.article.text
    near, far = text.index("witness number 2 "), text.index("witness number 390 ")
    for start in (near, far):
        window.view.select_range(start, start + len("witness"))
        qtbot.keyClick(window.view, Qt.Key.Key_P)
    ids = {s.start: s.id for s in window.controller.state.spans.values()}
    window.view.place_caret(0)
    assert [span_id for span_id, _ in painted(window)] == [ids[near]]
    window.view.place_caret(far)  # scrolls there
    assert [span_id for span_id, _ in painted(window)] == [ids[far]]

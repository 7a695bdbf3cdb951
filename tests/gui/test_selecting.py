"""Selecting with the mouse and the keyboard and pressing a label key stores exactly the
selected characters, in text with CRLF, emoji, a ZWJ family, Arabic, a flag and a combining
accent; the highlight covers exactly those characters."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from .conftest import drag_select, stored_spans


def article_text(window) -> str:
    return window.controller.state.article.text


def test_the_stored_text_has_lf_line_ends(window):
    text = article_text(window)
    assert "\r" not in text and text.count("\n") == 4
    assert window.controller.state.article.id == "hard"


def test_mouse_selection_after_emoji_and_zwj_family_stores_exact_slice(qtbot, window,
                                                                       store_file):
    text = article_text(window)
    start = text.index("Zarif")
    drag_select(qtbot, window, start, start + len("Zarif"))
    assert window.view.selection_range() == (start, start + 5)
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    [span] = stored_spans(store_file)
    assert (span.start, span.end, span.label, span.text) == (start, start + 5, "PERSON",
                                                             "Zarif")
    assert span.text == text[span.start:span.end]


def test_keyboard_selection_of_arabic_stores_exact_slice(qtbot, window, store_file):
    text = article_text(window)
    start = text.index("ظريف")
    window.view.select_range(start, start)  # the caret before the word, as a click puts it
    for _ in range(len("ظريف")):
        qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    # the document moves the caret logically (its default): Right is the next character
    assert window.view.selection_range() == (start, start + 4)
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    [span] = stored_spans(store_file)
    assert (span.start, span.end, span.text) == (start, start + 4, "ظريف")


def test_shift_arrows_select_a_latin_word_after_astral_characters(qtbot, window, store_file):
    text = article_text(window)
    start = text.index("Kamala")
    window.view.select_range(start, start)
    for _ in range(len("Kamala Ortiz")):
        qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    [span] = stored_spans(store_file)
    assert span.text == "Kamala Ortiz" == text[span.start:span.end]
    assert span.start == start


def test_a_selection_ending_inside_a_flag_snaps_to_the_whole_flag(qtbot, window, store_file):
    text = article_text(window)
    flag = text.index("🇮🇷")
    index = window.view.index
    cursor = window.view.textCursor()
    cursor.setPosition(index.to_utf16(flag - 4))          # "The "
    cursor.setPosition(index.to_utf16(flag) + 2, cursor.MoveMode.KeepAnchor)  # mid-flag
    window.view.setTextCursor(cursor)
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    [span] = stored_spans(store_file)
    assert span.text == "The 🇮🇷"
    assert (span.start, span.end) == (flag - 4, flag + 2)


def test_a_selection_ending_inside_a_zwj_family_takes_the_whole_family(qtbot, window,
                                                                        store_file):
    text = article_text(window)
    family = text.index("👨")
    index = window.view.index
    cursor = window.view.textCursor()
    cursor.setPosition(index.to_utf16(family))
    cursor.setPosition(index.to_utf16(family + 2), cursor.MoveMode.KeepAnchor)  # man + ZWJ
    window.view.setTextCursor(cursor)
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    [span] = stored_spans(store_file)
    assert span.text == "👨\u200d👩\u200d👧\u200d👦"
    assert span.text == text[span.start:span.end]


def test_a_combining_accent_is_never_cut_off(qtbot, window, store_file):
    text = article_text(window)
    start = text.index("cafe\u0301")
    window.view.select_range(start, start + 4)  # "cafe" without its accent
    qtbot.keyClick(window.view, Qt.Key.Key_F)
    [span] = stored_spans(store_file)
    assert span.text == "cafe\u0301"


def test_the_highlight_covers_exactly_the_span(qtbot, window):
    text = article_text(window)
    start = text.index("Doha")
    drag_select(qtbot, window, start, start + 4)
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    span = next(iter(window.controller.state.spans.values()))
    index = window.view.index
    block = window.view.document().findBlock(index.to_utf16(span.start))
    formats = block.layout().formats()
    ranges = [r for r in formats if r.format.background().style() != Qt.BrushStyle.NoBrush]
    assert len(ranges) == 1
    [fmt] = ranges
    assert block.position() + fmt.start == index.to_utf16(span.start)
    assert fmt.length == index.to_utf16(span.end) - index.to_utf16(span.start)
    assert fmt.format.background().color().rgb() == QColor("#229955").rgb()  # GPE


def test_nested_entity_inside_quote_keeps_both_marks(qtbot, window):
    text = article_text(window)
    quote_start = text.index("“We will")
    quote_end = text.index("said Zarif") + len("said Zarif")
    window.view.select_range(quote_start, quote_end)
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    zarif = text.index("Zarif", quote_start)
    window.view.select_range(zarif, zarif + 5)
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    block = window.view.document().findBlock(window.view.index.to_utf16(zarif))
    index = window.view.index
    at = index.to_utf16(zarif) - block.position()
    ranges = block.layout().formats()  # keep the list: its formats live in it
    inner = [r for r in ranges if r.start <= at < r.start + r.length]
    assert len(inner) == 1
    assert inner[0].format.background().color().rgb() == QColor("#99DD11").rgb()  # PERSON
    assert inner[0].format.underlineColor().rgb() == QColor("#999944").rgb()  # in the QUOTE
    before = index.to_utf16(quote_start) - block.position()
    outer = [r for r in ranges if r.start <= before < r.start + r.length]
    assert outer[0].format.underlineStyle() != outer[0].format.UnderlineStyle.NoUnderline
    assert outer[0].format.background().style() == Qt.BrushStyle.NoBrush


def test_spans_far_down_a_long_article_are_drawn_when_scrolled_to(qtbot, window):
    """Only the blocks in view get formats as an article opens; the others get theirs
    when they come into view, exactly over their spans."""
    window.controller.load_article(window.controller.store.annotations.article_by_id("long").pk)
    text = window.controller.state.article.text
    near, far = text.index("witness number 2 "), text.index("witness number 390 ")
    for start in (near, far):
        window.view.select_range(start, start + len("witness"))
        qtbot.keyClick(window.view, Qt.Key.Key_P)
    window.controller.load_article(window.controller.store.annotations.article_by_id("third").pk)
    window.controller.load_article(window.controller.store.annotations.article_by_id("long").pk)
    view, index = window.view, window.view.index
    far_block = view.document().findBlock(index.to_utf16(far))
    assert far_block.blockNumber() not in view.highlighter.shown  # not formatted yet
    near_block = view.document().findBlock(index.to_utf16(near))
    assert len(near_block.layout().formats()) == 1
    view.select_range(far, far)  # scrolls there
    assert far_block.blockNumber() in view.highlighter.shown
    formats = far_block.layout().formats()
    assert [(r.start + far_block.position(), r.length) for r in formats] == [
        (index.to_utf16(far), len("witness"))]


def test_a_label_key_on_a_stretch_with_that_label_selects_it_instead_of_a_copy(qtbot, window,
                                                                               store_file):
    text = article_text(window)
    start = text.index("Zarif")
    drag_select(qtbot, window, start, start + len("Zarif"))
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    [span] = stored_spans(store_file)
    drag_select(qtbot, window, start, start + len("Zarif"))
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    assert [s.id for s in stored_spans(store_file)] == [span.id]
    assert window.controller.state.selected == span.id
    assert "Already a PERSON span there" in window.statusBar().currentMessage()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_spans(store_file) == []  # one undo takes the one span away


COPY_AND_QUIT = """
import sys
from PySide6.QtWidgets import QApplication
from annotator.gui.annotate.text_view import ArticleView
app = QApplication(sys.argv)
from annotator.core.text import Utf16Index
view = ArticleView()
view.show_article("Zarif said no.", Utf16Index("Zarif said no."), {}, None)
view.selectAll()
view.copy()
print(QApplication.clipboard().text())
"""


def test_quitting_after_a_copy_does_not_crash():
    """The copied text's QMimeData belongs to the clipboard: freed under it, the process
    crashed on quit (exit 139), after the work was saved but before the window closed."""
    import os
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", COPY_AND_QUIT], capture_output=True,
                          text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert (done.returncode, done.stdout) == (0, "Zarif said no.\n"), done.stderr


CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_ctrl_shift_right_then_a_label_key_stores_the_words_without_the_space(
        qtbot, window, store_file):
    text = article_text(window)
    start = text.index("Kamala")
    window.view.select_range(start, start)  # the caret before the name
    qtbot.keyClick(window.view, Qt.Key.Key_Right, CTRL_SHIFT)
    qtbot.keyClick(window.view, Qt.Key.Key_Right, CTRL_SHIFT)
    assert text[slice(*window.view.selection_range())] == "Kamala Ortiz "  # Qt takes the space
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    [span] = stored_spans(store_file)
    assert (span.start, span.end, span.text) == (start, start + 12, "Kamala Ortiz")


def test_without_snapping_a_selection_still_loses_its_spaces(qtbot, window, store_file):
    window.actions_["snap"].trigger()  # off
    text = article_text(window)
    start = text.index("ministry")
    window.view.select_range(start - 5, start + 9)
    assert text[start - 5:start + 9] == "\u00a0the ministry "  # from the no-break space
    qtbot.keyClick(window.view, Qt.Key.Key_O)
    [span] = stored_spans(store_file)
    assert (span.start, span.end, span.text) == (start - 4, start + 8, "the ministry")


def test_a_selection_of_only_whitespace_is_refused_with_a_message(qtbot, window,
                                                                  store_file):
    text = article_text(window)
    start = text.index(" met ")
    window.view.select_range(start, start + 1)
    qtbot.keyClick(window.view, Qt.Key.Key_O)
    assert stored_spans(store_file) == []
    assert "only whitespace" in window.statusBar().currentMessage()

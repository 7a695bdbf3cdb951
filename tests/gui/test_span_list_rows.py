"""The span list follows each change row by row (accept, add, fit, relabel, delete, undo),
in reading order, without reading the whole list again: a reset lays out every row shown
and cost an accepted suggestion its speed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from .test_suggestions import UNDO, at, press, show_layer, suggested, win  # noqa: F401


def rows(window) -> list[tuple[int, str, str]]:
    model = window.span_list.model_
    return [(s.start, s.label, s.text) for s in model.spans]


def in_state(window) -> list[tuple[int, str, str]]:
    return [(s.start, s.label, s.text) for s in window.controller.state.sorted_spans()]


def test_the_span_list_changes_row_by_row(qtbot, win):  # noqa: F811
    model = win.span_list.model_
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    show_layer(win)
    press(qtbot, win, Qt.Key.Key_J)
    press(qtbot, win, Qt.Key.Key_J)
    press(qtbot, win, Qt.Key.Key_Return)  # Kamala Ortiz, accepted
    press(qtbot, win, Qt.Key.Key_J)
    press(qtbot, win, Qt.Key.Key_Return)  # Doha
    press(qtbot, win, Qt.Key.Key_K)
    press(qtbot, win, Qt.Key.Key_K)
    press(qtbot, win, Qt.Key.Key_Return)  # one more, before one of them
    assert rows(win) == in_state(win) and len(rows(win)) == 3
    win.view.select_range(*at("Tehran"))
    press(qtbot, win, Qt.Key.Key_G)  # a span of one's own, first in the text
    assert rows(win) == in_state(win) and rows(win)[0][2] == "Tehran"
    press(qtbot, win, Qt.Key.Key_O)  # relabelled
    assert rows(win)[0][1] == "ORG"
    win.view.select_range(*at("Kamala Ortiz"))
    win.controller.select_span(next(s.id for s in model.spans if s.text == "Kamala Ortiz"))
    win.view.select_range(at("Kamala Ortiz")[0], at("Kamala Ortiz")[0] + len("Kamala"))
    press(qtbot, win, Qt.Key.Key_B)  # fitted: its row follows
    assert rows(win) == in_state(win) and "Kamala" in [t for _, _, t in rows(win)]
    press(qtbot, win, Qt.Key.Key_Delete)
    assert rows(win) == in_state(win)
    for _ in range(3):
        press(qtbot, win, *UNDO)
        assert rows(win) == in_state(win)
    assert resets == []
    selected = win.controller.state.selected
    if selected is not None:
        [row] = win.span_list.selectionModel().selectedRows()
        assert model.spans[row.row()].id == selected

"""Search every article (Ctrl+Shift+F): the hits with their context, Enter on one opens its
article with the hit selected, a label key tags it; Esc goes back."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.find import search_hits

from .conftest import HARD_TEXT

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def search(qtbot, window, words: str) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_F, CTRL_SHIFT)
    box = window.list_panel.search_box
    assert box.hasFocus()
    qtbot.keyClicks(box, words)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def rows(window) -> list[tuple[str, list[str]]]:
    tree = window.list_panel.hits
    out = []
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        out.append((top.text(0).split("\n")[0],
                    [top.child(j).text(0) for j in range(top.childCount())]))
    return out


def test_a_hit_opens_selected_and_a_label_key_tags_it(qtbot, window):
    window.controller.load_article(window.controller.store.annotations.article_by_id(
        "long").pk)
    search(qtbot, window, "zarif")
    hits = window.list_panel.hits
    assert hits.hasFocus()
    [(title, contexts)] = rows(window)
    assert title == "Talks resume  ·  2 hits"
    assert len(contexts) == 2 and all("[Zarif]" in c for c in contexts)
    assert "said [Zarif]" in contexts[1]
    assert "[Zarif]" in hits.topLevelItem(0).text(0)  # the search index's snippet
    qtbot.keyClick(hits, Qt.Key.Key_Down)  # the second hit
    qtbot.keyClick(hits, Qt.Key.Key_Return)
    c = window.controller
    text = c.state.article.text
    second = text.index("Zarif", text.index("said"))
    assert c.state.article.id == "hard"
    assert window.view.selection_range() == (second, second + 5)
    assert window.view.hasFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_P)
    [span] = c.state.spans.values()
    assert (span.start, span.end, span.label) == (second, second + 5, "PERSON")


def test_esc_goes_back_from_the_hits_to_the_box_and_to_the_text(qtbot, window):
    search(qtbot, window, "port")
    hits = window.list_panel.hits
    assert [title for title, _ in rows(window)][1] == "Port strike ends  ·  1 hit"
    qtbot.keyClick(hits, Qt.Key.Key_Escape)
    assert window.list_panel.search_box.hasFocus()
    qtbot.keyClick(window.list_panel.search_box, Qt.Key.Key_Escape)
    assert window.view.hasFocus()


def test_a_hit_is_exact_where_the_index_folds_case_and_accents(qtbot, window):
    search(qtbot, window, "CAFE")
    [(_title, [context])] = rows(window)
    qtbot.keyClick(window.list_panel.hits, Qt.Key.Key_Return)
    start, end = window.view.selection_range()
    assert window.controller.state.article.text[start:end] == "cafe\u0301"
    assert "[cafe\u0301]" in context


def test_search_hits_read_the_text_as_the_index_does():
    text = HARD_TEXT.replace("\r\n", "\n")
    zarif = [text[a:b] for a, b in search_hits(text, "zar")]  # the last word: a prefix
    assert zarif == ["Zarif", "Zarif"]
    assert [text[a:b] for a, b in search_hits(text, "talks would")] == ["talks would"]
    assert [text[a:b] for a, b in search_hits(text, "would talks")] == ["talks", "talks",
                                                                       "would"]
    assert search_hits("Straße STRASSE", "strasse") == [(7, 14)]  # no case folding to ss
    assert search_hits("x", "") == []


def test_the_hits_follow_an_import_by_another_program(qtbot, window, store_file, tmp_path):
    from annotator.core import Store, import_files

    from .conftest import come_back
    search(qtbot, window, "zarif")
    assert len(rows(window)) == 1
    source = tmp_path / "more.jsonl"
    source.write_text('{"id": "more", "title": "Zarif again", "text": "Zarif spoke."}\n')
    other = Store.open(store_file)
    import_files(other, [source])
    other.close()
    come_back(qtbot, window)
    qtbot.waitUntil(lambda: len(rows(window)) == 2)

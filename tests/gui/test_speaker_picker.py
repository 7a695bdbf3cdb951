"""The speaker picker (S) offers first the mention that the attribution points to, not the
nearest name, and opens beside the text it is about, not over it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt

from annotator.core import AddSpan, History, Store, default_schema, import_files
from annotator.core.suggest.attributed import _plain_analysis, attributed_speaker
from annotator.core.suggest.quotes import QuoteFinder
from annotator.gui.dialogs.picker import place_beside

from .conftest import answer_next_dialog, back_to, click_at

TEXT = ("On Friday an American strike killed Qassem Soleimani. “The US bears responsibility "
        "for all consequences of its rogue adventurism,” Foreign Minister Mohammad Javad "
        "Zarif said on Twitter. Khamenei vowed revenge.\n"
        "Security sources said the rockets came from the east. Soleimani's funeral drew "
        "thousands.\n")
QUOTE = "“The US bears responsibility for all consequences of its rogue adventurism,”"
CLAIM = "the rockets came from the east"
MARKS = [("Soleimani", "PERSON", 0), ("Zarif", "PERSON", 0), ("Khamenei", "PERSON", 0),
         ("Security sources", "ORG", 0), ("Soleimani", "PERSON", 1), (QUOTE, "QUOTE", 0),
         (CLAIM, "CLAIM", 0)]


def at(piece: str, nth: int = 0) -> int:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(piece, start + 1)
    return start


@pytest.fixture
def zarif_store(tmp_path: Path) -> Path:
    path = tmp_path / "zarif.db"
    store = Store.create(path, default_schema())
    source = tmp_path / "a.jsonl"
    source.write_text(json.dumps({"id": "zarif", "text": TEXT}, ensure_ascii=False) + "\n")
    import_files(store, [source])
    pk = store.annotations.article_by_id("zarif").pk
    for piece, label, nth in MARKS:
        start = at(piece, nth)
        History(store, "amira").run(AddSpan(pk, "amira", start, start + len(piece), label))
    store.close()
    return path


def pick_for(qtbot, window, offset: int) -> tuple[list[str], QRect, QRect]:
    """Click the span at `offset`, press S; the picker's entries, where it stood and where
    the span was on the screen while it stood there; Enter links the first."""
    click_at(qtbot, window, offset)
    span = window.controller.state.spans[window.controller.state.selected]
    seen = {}

    def read(picker) -> None:
        seen["rows"] = [picker.list.item(r).text() for r in range(picker.list.count())]
        seen["where"] = picker.frameGeometry()
        seen["span"] = window.pane.span_rect(span.start, span.end)
        qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    answer_next_dialog(read)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    back_to(qtbot, window)
    return seen["rows"], seen["where"], seen["span"]


def linked(window, head_text: str) -> str:
    c = window.controller
    head = next(s for s in c.state.spans.values() if s.text == head_text)
    [rel] = [r for r in c.state.relations if r.head == head.id]
    return c.state.spans[rel.child].text


def test_the_attributed_speaker_comes_first_and_the_picker_covers_no_text(
        qtbot, open_window, zarif_store):
    window = open_window(zarif_store)
    window.resize(900, 600)
    rows, where, span = pick_for(qtbot, window, at("bears"))
    assert rows[0].startswith("Zarif  (PERSON")  # not Soleimani, nearer before the quote
    assert not where.intersects(span)
    assert linked(window, QUOTE) == "Zarif"
    rows, where, span = pick_for(qtbot, window, at("rockets"))
    assert rows[0].startswith("Security sources  (ORG")  # not the next sentence's name
    assert not where.intersects(span)
    assert linked(window, CLAIM) == "Security sources"
    window.controller.close_store()


def test_linking_a_speaker_does_not_move_the_text(qtbot, open_window, zarif_store):
    # the details of a quote (attribute and speaker boxes) once widened the side panel in a
    # small window: the article narrowed and its text wrapped anew under the reader's eyes
    window = open_window(zarif_store)
    window.resize(900, 600)
    qtbot.waitUntil(lambda: window.view.width() > 0)
    before = window.view.geometry()
    pick_for(qtbot, window, at("bears"))
    pick_for(qtbot, window, at("rockets"))
    qtbot.wait(50)  # the panel's rows are rebuilt after the event that changed them
    assert window.view.geometry() == before
    window.controller.close_store()


def test_the_attribution_is_read_with_the_plain_sentence_rule_as_with_spacy():
    quote = attributed_speaker(TEXT, at(QUOTE), at(QUOTE) + len(QUOTE))
    assert TEXT[quote.start:quote.end].endswith("Zarif")
    claim = attributed_speaker(TEXT, at(CLAIM), at(CLAIM) + len(CLAIM))
    assert TEXT[claim.start:claim.end] == "Security sources"
    assert attributed_speaker(TEXT, at("Khamenei vowed"), at("Khamenei vowed") + 15) is None
    text = TEXT.replace("Foreign Minister", "U.S. envoy J. Smith and")  # initials: no cut
    plain = QuoteFinder().find_in(text, *_plain_analysis(text))
    spacy = QuoteFinder().find(text)
    assert [(f.start, f.end, f.mention) for f in plain] == [
        (f.start, f.end, f.mention) for f in spacy]


def test_place_beside_never_covers_the_text_where_the_screen_has_room():
    screen = QRect(0, 0, 1000, 800)
    below = place_beside((400, 300), QRect(100, 100, 500, 40), screen)
    assert (below.x(), below.y()) == (100, 140 + 7)  # QRect.bottom() is 139
    above = place_beside((400, 300), QRect(100, 600, 500, 40), screen)
    assert above.y() + 300 <= 600 - 8
    right = place_beside((400, 300), QRect(10, 200, 300, 400), screen)
    assert right.x() >= 310

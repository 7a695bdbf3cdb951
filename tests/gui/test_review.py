"""Review mode, driven from the keyboard: compare two annotators, decide every candidate
into the gold layer, undo, comment, and mark the article reviewed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from annotator.core import AddRelation, AddSpan, History, SetStatus, Store
from annotator.core.review import GOLD

from .conftest import answer_next_dialog, back_to, open_window  # noqa: F401

# (annotator, word, label, occurrence); "Zarif" is the first Latin "Zarif" in HARD_TEXT.
MARKS = [
    ("alice", "Zarif", "PERSON"), ("bob", "Zarif", "PERSON"),          # agree
    ("alice", "Kamala Ortiz", "PERSON"), ("bob", "Kamala Ortiz", "ORG"),  # label
    ("alice", "Doha", "GPE"), ("bob", "in Doha", "GPE"),                # bounds
    ("alice", "March", "EVENT"),                                        # only alice
]


def annotate(path: Path) -> dict[str, int]:
    """Two annotators' layers of the "hard" article, both done; a quote with a speaker."""
    store = Store.open(path)
    pk = store.annotations.article_by_id("hard").pk
    text = store.annotations.article(pk).text
    ids = {}
    for who, word, label in MARKS:
        start = text.index(word)
        change = History(store, who).run(AddSpan(pk, who, start, start + len(word), label))
        ids[(who, word)] = next(iter(change.spans))
    quote = "“We will not sign,”"
    for who in ("alice", "bob"):
        start = text.index(quote)
        change = History(store, who).run(AddSpan(pk, who, start, start + len(quote), "QUOTE"))
        speaker = text.index("Zarif", start)
        said = History(store, who).run(AddSpan(pk, who, speaker, speaker + 5, "PERSON"))
        History(store, who).run(AddRelation(next(iter(change.spans)), next(iter(said.spans)),
                                            "SPEAKER"))
        History(store, who).run(SetStatus(pk, who, "done"))
    store.close()
    return ids


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.view, key, modifier)


def start_review(qtbot, window) -> None:
    """Ctrl+Shift+R, then Enter keeps the annotators ticked (both worked on the article)."""
    answer_next_dialog(lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Return), delay=50)
    press(qtbot, window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier
          | Qt.KeyboardModifier.ShiftModifier)
    window.activateWindow()
    back_to(qtbot, window)
    assert window.controller.reviewing
    window.view.setFocus()


@pytest.fixture
def reviewing(open_window, store_file, qtbot):  # noqa: F811
    annotate(store_file)
    window = open_window(store_file, "carol")
    start_review(qtbot, window)
    yield window
    window.controller.close_store()


def gold(window) -> list[tuple[str, str]]:
    c = window.controller
    return [(s.text, s.label) for s in c.store.annotations.spans(c.state.article.pk, GOLD)]


def current_text(window) -> str:
    cand = window.review.session.candidate
    return window.controller.state.article.text[cand.start:cand.end] if cand else ""


def test_review_mode_shows_every_annotators_version(reviewing):
    w = reviewing
    assert w.review.panel.isVisible()
    assert w.controller.compared == ("alice", "bob")
    model = w.review.panel.model
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in
               range(model.columnCount())]
    assert headers == ["Text", "Kind", "Differs", "1 alice", "2 bob", "Gold"]
    rows = {model.index(r, 0).data(): [model.index(r, c).data() for c in range(6)]
            for r in range(model.rowCount())}
    assert rows["Kamala Ortiz"][2:5] == ["label differs", "PERSON", "ORG"]
    assert rows["in Doha"][2:5] == ["bounds differ", "GPE “Doha”", "GPE"]
    assert rows["March"][3:5] == ["EVENT", "—"]
    assert rows["Zarif"][2] == "agree"
    assert "speaker “Zarif”" in rows["“We will not sign,”"][3]
    # The first disagreement waiting is current, and marked in the text.
    assert current_text(w) == "Kamala Ortiz"
    assert w.view.marks.current_candidate is not None
    assert w.annotator_button.text() == "Reviewer: carol"
    assert w.windowTitle().endswith("(review)")
    # The list shows review statuses.
    status = w.list_panel.model.index(0, 1).data()
    assert status == "unreviewed"


def test_every_disagreement_decided_from_the_keyboard(reviewing, qtbot, store_file):
    w = reviewing
    press(qtbot, w, Qt.Key.Key_2)             # Kamala Ortiz: bob's ORG
    assert ("Kamala Ortiz", "ORG") in gold(w)
    press(qtbot, w, Qt.Key.Key_J)
    assert current_text(w) == "in Doha"
    press(qtbot, w, Qt.Key.Key_1)             # alice's "Doha"
    press(qtbot, w, Qt.Key.Key_J)
    assert current_text(w) == "March"
    press(qtbot, w, Qt.Key.Key_X)             # reject
    press(qtbot, w, Qt.Key.Key_J)             # nothing left: stays, says so
    assert "No disagreement is waiting" in w.statusBar().currentMessage()
    press(qtbot, w, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier
          | Qt.KeyboardModifier.ShiftModifier)  # the agreed ones, quote and speakers
    assert sorted(gold(w)) == sorted([("Kamala Ortiz", "ORG"), ("Doha", "GPE"),
                                      ("Zarif", "PERSON"), ("“We will not sign,”", "QUOTE"),
                                      ("Zarif", "PERSON")])
    c = w.controller
    (rel,) = c.store.annotations.relations(c.state.article.pk, GOLD)
    assert c.store.annotations.span(rel.head).label == "QUOTE"
    assert all(cand.state != "pending" for cand in w.review.session.candidates)
    assert {r.reviewer for r in c.store.review.reviews(c.state.article.pk)} == {"carol"}
    # Undo takes back the last step (all the agreed ones at once), redo brings it back.
    press(qtbot, w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sorted(gold(w)) == [("Doha", "GPE"), ("Kamala Ortiz", "ORG")]
    press(qtbot, w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
          | Qt.KeyboardModifier.ShiftModifier)
    assert len(gold(w)) == 5
    # Ctrl+Enter: reviewed, and on to the next article not reviewed.
    pk = c.state.article.pk
    press(qtbot, w, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert c.store.annotations.layer_status(pk, GOLD) == "done"
    assert c.state.article.pk != pk
    store = Store.open(store_file)
    assert store.review.review_counts()["reviewed"] == 1
    store.close()


def test_marking_reviewed_with_disagreements_left_says_so(reviewing, qtbot):
    w = reviewing
    pk = w.controller.state.article.pk
    press(qtbot, w, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert w.controller.store.annotations.layer_status(pk, GOLD) == "done"
    assert "3 disagreements were left undecided" in w.statusBar().currentMessage()


def test_changing_ones_mind_and_editing_bounds(reviewing, qtbot):
    w = reviewing
    press(qtbot, w, Qt.Key.Key_1)             # Kamala Ortiz: alice's PERSON
    press(qtbot, w, Qt.Key.Key_2)             # no: bob's ORG replaces it
    assert [g for g in gold(w) if g[0] == "Kamala Ortiz"] == [("Kamala Ortiz", "ORG")]
    press(qtbot, w, Qt.Key.Key_J)             # "in Doha"
    press(qtbot, w, Qt.Key.Key_2)             # bob's "in Doha", then trim it to "Doha":
    # the caret sits at the candidate's start; Shift+Right x7 selects "in Doha".
    w.view.place_caret(w.controller.state.article.text.index("Doha"))
    for _ in range(4):
        qtbot.keyClick(w.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, w, Qt.Key.Key_B)
    assert ("Doha", "GPE") in gold(w) and ("in Doha", "GPE") not in gold(w)
    cand = w.review.session.candidate
    assert cand.state == "accepted" and cand.accepted_from == ("alice",)


def test_a_comment_reaches_the_annotator(reviewing, qtbot, settings, store_file):
    w = reviewing
    def write(dialog) -> None:  # typed, then Ctrl+Enter saves
        editor = dialog.findChild(QPlainTextEdit)
        qtbot.keyClicks(editor, "Kamala Ortiz is a person: see the guidelines")
        qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    answer_next_dialog(write)
    press(qtbot, w, Qt.Key.Key_M)
    w.activateWindow()
    back_to(qtbot, w)
    (note,) = w.controller.state.comments
    assert (note.author, note.text) == ("carol", "Kamala Ortiz is a person: see the guidelines")
    text = w.controller.state.article.text
    assert (note.start, note.end) == (text.index("Kamala"), text.index("Kamala") + 12)
    # Leave review mode and annotate as bob: the comment is in the details of bob's span.
    press(qtbot, w, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier
          | Qt.KeyboardModifier.ShiftModifier)
    assert not w.controller.reviewing and not w.review.panel.isVisible()
    w.controller.set_annotator("bob")
    w.view.place_caret(0)
    press(qtbot, w, Qt.Key.Key_M, Qt.KeyboardModifier.ShiftModifier)   # next comment
    c = w.controller
    assert c.state.spans[c.state.selected].text == "Kamala Ortiz"
    assert "carol: Kamala Ortiz is a person" in w.statusBar().currentMessage()
    qtbot.waitUntil(lambda: any("see the guidelines" in label.text() for label in
                                w.details.findChildren(type(w.details.text))))
    # The list can show just the articles that carry comments.
    box = w.list_panel.filter_box
    box.setCurrentIndex(box.findData("commented"))
    assert w.list_panel.model.keys == [c.state.article.pk]
    # Review > Delete a comment: the picker lists them; Enter deletes the one chosen.
    answer_next_dialog(lambda picker: qtbot.keyClick(picker, Qt.Key.Key_Return))
    w.actions_["delete_comment"].trigger()
    assert c.state.comments == [] and c.store.review.comments(c.state.article.pk) == []
    assert c.store.browse.article_keys(c.annotator, "commented") == []


def test_gold_is_not_an_annotator_name(qtbot, settings):
    from annotator.gui.dialogs.common import ask_annotator
    prompts = []

    def answer(dialog) -> None:
        prompts.append(dialog.labelText())
        dialog.setTextValue("gold" if len(prompts) == 1 else "carol")
        dialog.accept()
    answer_next_dialog(answer)
    answer_next_dialog(answer, delay=200)
    assert ask_annotator(None, "", first_time=False) == "carol"
    assert "reviewed layer" in prompts[1]


def test_cancelling_the_choice_of_annotators_stays_annotating(open_window, store_file,  # noqa: F811
                                                              qtbot):
    annotate(store_file)
    w = open_window(store_file, "carol")
    answer_next_dialog(lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape), delay=50)
    press(qtbot, w, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier
          | Qt.KeyboardModifier.ShiftModifier)
    assert not w.controller.reviewing and not w.actions_["review"].isChecked()
    assert not w.actions_["review_next"].isEnabled()
    assert w.annotator_button.text() == "Annotator: carol"
    w.controller.close_store()


@pytest.fixture
def speakers_differ(open_window, store_file, qtbot):  # noqa: F811
    """alice and bob mark the quote and both Zarifs; alice makes the first Zarif the
    speaker, bob the second (the one after "said")."""
    store = Store.open(store_file)
    pk = store.annotations.article_by_id("hard").pk
    text = store.annotations.article(pk).text
    quote = "“We will not sign,”"
    first, second = text.index("Zarif"), text.index("Zarif", text.index(quote))
    for who, speaker in (("alice", first), ("bob", second)):
        h = History(store, who)
        (q,) = h.run(AddSpan(pk, who, text.index(quote), text.index(quote) + len(quote),
                             "QUOTE")).spans
        people = {at: next(iter(h.run(AddSpan(pk, who, at, at + 5, "PERSON")).spans))
                  for at in (first, second)}
        h.run(AddRelation(q, people[speaker], "SPEAKER"))
        h.run(SetStatus(pk, who, "done"))
    store.close()
    window = open_window(store_file, "carol")
    start_review(qtbot, window)
    yield window, second
    window.controller.close_store()


def test_taking_bobs_quote_first_then_all_agreed_keeps_bobs_speaker(speakers_differ, qtbot,
                                                                     store_file):
    w, second = speakers_differ
    for _ in range(5):  # reading order: on to the quote, the one disagreement
        if current_text(w) == "“We will not sign,”":
            break
        press(qtbot, w, Qt.Key.Key_J)
    assert current_text(w) == "“We will not sign,”"
    press(qtbot, w, Qt.Key.Key_2)             # bob's version of the quote
    press(qtbot, w, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier
          | Qt.KeyboardModifier.ShiftModifier)  # then everything agreed: both Zarifs
    c = w.controller
    (rel,) = c.store.annotations.relations(c.state.article.pk, GOLD)
    assert c.store.annotations.span(rel.child).start == second
    model = w.review.panel.model
    row = next(i for i, cand in enumerate(w.review.session.candidates)
               if cand.kind == "quote")
    assert model.data(model.index(row, model.columnCount() - 1)) == "accepted (bob)"
    store = Store.open(store_file)
    assert len(store.annotations.relations(store.annotations.article_by_id("hard").pk, GOLD)) == 1
    store.close()

"""The whole review path, as people do it: two annotators each annotate the same articles in
a store of their own; a reviewer merges both stores into a third, decides every
disagreement from the keyboard, reads the agreement figures and exports the gold version."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.cli import cli
from annotator.core import Store, default_schema, import_files
from annotator.core.review import GOLD

from .conftest import answer_next_dialog, back_to

ARTICLES = [
    {"id": "tehran", "title": "Tehran", "text": "Zarif met officials in Tehran on Monday, "
     "and the IRGC said nothing."},
    {"id": "najaf", "title": "Najaf", "text": "In Baghdad, Ali Sistani spoke before "
     "pilgrims left for Najaf."},
]
# What each annotator tags, article by article: (text, label key).
WORK = {
    "alice": [[("Zarif", "P"), ("Tehran", "G"), ("IRGC", "O")],
              [("Baghdad", "G"), ("Ali Sistani", "P")]],
    "bob": [[("Zarif", "P"), ("Tehran", "L"), ("the IRGC", "O")],
            [("Baghdad", "G"), ("Sistani", "P"), ("Najaf", "G")]],
}
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def new_store(path: Path, tmp_path: Path, with_articles: bool = True) -> Path:
    store = Store.create(path, default_schema())
    if with_articles:
        source = tmp_path / "articles.jsonl"
        source.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
        import_files(store, [source])
    store.close()
    return path


def key(qtbot, window, name: str, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.view, getattr(Qt.Key, f"Key_{name}"), modifiers)


def annotate(qtbot, open_window, path: Path, who: str) -> None:
    """Select each stretch and press its label's key; Ctrl+Enter: done, next article."""
    window = open_window(path, who)
    for article in WORK[who]:
        text = window.controller.state.article.text
        for word, label_key in article:
            start = text.index(word)
            window.view.select_range(start, start + len(word))
            key(qtbot, window, label_key)
        key(qtbot, window, "Return", CTRL)
    window.controller.close_store()
    window.close()


def decide(qtbot, window, expected: str, choice: str) -> None:
    """The candidate under review is `expected`: press `choice`, then J for the next."""
    session = window.review.session
    cand = session.candidate
    assert window.controller.state.article.text[cand.start:cand.end] == expected
    key(qtbot, window, choice)
    key(qtbot, window, "J")


def test_two_annotators_merged_reviewed_measured_exported(qtbot, open_window, tmp_path):
    alice, bob = (new_store(tmp_path / f"{who}.db", tmp_path) for who in ("alice", "bob"))
    annotate(qtbot, open_window, alice, "alice")
    annotate(qtbot, open_window, bob, "bob")

    # The reviewer's own store, empty; File > Merge stores brings both in.
    review = new_store(tmp_path / "review.db", tmp_path, with_articles=False)
    w = open_window(review, "carol")
    reports = []
    answer_next_dialog(lambda box: (reports.append(box.text()), box.accept()),
                       kind=QMessageBox)
    w.merge_paths([alice, bob])
    w.activateWindow()
    back_to(qtbot, w)
    assert "Layers: 4 added" in reports[0]
    assert w.list_panel.model.rowCount() == 2

    # Review mode: Enter keeps both annotators ticked.
    answer_next_dialog(lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Return), delay=50)
    key(qtbot, w, "R", CTRL | SHIFT)
    w.activateWindow()
    back_to(qtbot, w)
    w.view.setFocus()
    assert w.controller.compared == ("alice", "bob")

    # Article 1: accept what both agree on, then each disagreement in turn.
    assert w.controller.state.article.id == "tehran"
    key(qtbot, w, "A", CTRL | SHIFT)
    decide(qtbot, w, "Tehran", "1")            # alice's GPE over bob's LOC
    decide(qtbot, w, "the IRGC", "2")          # bob's bounds
    assert "No disagreement is waiting" in w.statusBar().currentMessage()
    key(qtbot, w, "Return", CTRL)              # reviewed; on to the next
    # Article 2.
    assert w.controller.state.article.id == "najaf"
    key(qtbot, w, "A", CTRL | SHIFT)
    decide(qtbot, w, "Ali Sistani", "1")
    decide(qtbot, w, "Najaf", "2")             # only bob marked it: accepted
    key(qtbot, w, "Return", CTRL)
    store = w.controller.store
    assert store.review.review_counts() == {"reviewed": 2, "in review": 0, "unreviewed": 0}

    # The agreement figures, as the dialog shows them (checked by hand: 2 exact matches
    # of 5 and 6 spans; 4 overlapping).
    seen = {}

    def read(dialog) -> None:
        table = dialog.table
        for row in range(table.rowCount()):
            cells = [table.item(row, col).text() for col in range(table.columnCount())]
            seen[(cells[0], cells[1])] = cells
        dialog.reject()
    answer_next_dialog(read, delay=50)
    key(qtbot, w, "G", CTRL | SHIFT)
    w.activateWindow()
    back_to(qtbot, w)
    overall = seen[("alice × bob", "all labels")]
    assert overall[2:5] == ["0.333", "0.400", "0.364"]   # exact P, R, F1
    assert overall[5:8] == ["0.667", "0.800", "0.727"]   # overlap P, R, F1

    # Export from the window: the dialog offers the gold layer first when reviewing.
    out = tmp_path / "gold.jsonl"

    def export(dialog) -> None:
        assert dialog.annotator.currentData() == GOLD
        dialog.path.setText(str(out))
        answer_next_dialog(lambda box: box.accept() if isinstance(box, QMessageBox) else None)
        dialog.accept()
    answer_next_dialog(export, delay=50)
    key(qtbot, w, "E", CTRL)
    w.activateWindow()
    back_to(qtbot, w)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(line["id"], line["annotator"], line["reviewer"]) for line in lines] == [
        ("tehran", GOLD, "carol"), ("najaf", GOLD, "carol")]
    assert [[(s["text"], s["label"]) for s in line["spans"]] for line in lines] == [
        [("Zarif", "PERSON"), ("Tehran", "GPE"), ("the IRGC", "ORG")],
        [("Baghdad", "GPE"), ("Ali Sistani", "PERSON"), ("Najaf", "GPE")]]
    for line in lines:
        assert all(line["text"][s["start"]:s["end"]] == s["text"] for s in line["spans"])
        assert all(s["review"]["reviewer"] == "carol" for s in line["spans"])
    w.controller.close_store()

    # The command line writes the same gold lines.
    result = CliRunner().invoke(cli, ["export", str(review), "--layer", "gold"])
    assert result.exit_code == 0, result.output
    assert [json.loads(x) for x in result.stdout.splitlines()] == lines

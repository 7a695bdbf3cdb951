"""The Agreement figures dialog (Review → Agreement figures, Ctrl+Shift+G) shows the link
figures and the attribute figures that `annotator agreement` prints."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from annotator.core import Store, default_schema, import_files

from .conftest import answer_next_dialog, back_to

TEXT = "“We will respond,” said Zarif. “Nobody is safe,” Ali Hassan said. “No,” he said."


def at(piece: str, label: str, **attrs: str) -> dict:
    start = TEXT.index(piece)
    return {"start": start, "end": start + len(piece), "label": label, "attrs": attrs}


def layer(name: str, second_type: str) -> dict:
    spans = [at("“We will respond,”", "QUOTE", type="direct"), at("Zarif", "PERSON"),
             at("“Nobody is safe,”", "QUOTE", type=second_type), at("Ali Hassan", "PERSON")]
    return {"id": "a", "text": TEXT, "annotator": name, "status": "done", "spans": spans,
            "relations": [{"head": 0, "child": 1, "label": "SPEAKER"},
                          {"head": 2, "child": 3 if name == "alice" else 1,
                           "label": "SPEAKER"}]}


def test_the_dialog_shows_link_and_attribute_rows(qtbot, open_window, tmp_path: Path):
    path = tmp_path / "two.db"
    store = Store.create(path, default_schema())
    source = tmp_path / "layers.jsonl"
    source.write_text("".join(json.dumps(record) + "\n" for record in (
        layer("alice", "direct"), layer("bob", "partial"))), encoding="utf-8")
    assert import_files(store, [source]).errors == []
    store.close()
    window = open_window(path, "carol")
    seen: dict[str, list[list[str]]] = {}

    def read(dialog) -> None:
        for name in ("links", "attributes"):
            table = getattr(dialog, name)
            seen[name] = [[table.item(row, col).text() for col in range(table.columnCount())]
                          for row in range(table.rowCount())]
        seen["tabs"] = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
        dialog.reject()
    answer_next_dialog(read, delay=50)
    qtbot.keyClick(window.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    window.activateWindow()
    back_to(qtbot, window)
    # one SPEAKER link of two agrees: P = R = F1 = 0.5
    assert seen["links"] == [
        ["alice × bob", "all relations", "0.500", "0.500", "0.500", "1", "2 / 2"],
        ["alice × bob", "SPEAKER", "0.500", "0.500", "0.500", "1", "2 / 2"]]
    # quote type on 2 matched quotes, (direct, direct) and (direct, partial): p_o = 1/2,
    # p_e = (2 * 1) / 4 = 1/2, kappa 0; coincidences dd 2, dp 1, pd 1 (n_d = 3, n_p = 1,
    # n = 4): alpha = 1 - 3 * 2 / (16 - 9 - 1) = 0.
    assert seen["attributes"] == [["alice × bob", "quote type", "2", "1", "0.000", "0.000"]]
    assert seen["tabs"] == ["Spans", "Links (speakers, sources): 2", "Attributes: 1"]
    window.controller.close_store()

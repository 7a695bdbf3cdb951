"""A source mention ("he", "the delegation": no name) links to the registry entry of whom
it means, with K as an entity does: the picker starts with the entries linked in the
article (its text is no name to search for), offers entries of any kind, and makes no new
entry of "he". The speaker's quotes then count for that entry."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core import AddRelation, AddSpan, History, Store
from annotator.core.operations import LinkEntry
from annotator.core.registry.speakers import figures
from annotator.gui.dialogs.entry_picker import EntryPicker

from . import test_registry_picker as picker
from .conftest import answer_next_dialog, back_to
from .test_registry_picker import TEXT, at, details, in_picker, select, settle

registry_store = picker.registry_store  # the fixture: five entries, an article's spans
MENTION = "The 🇮🇷 delegation"


def add_mention_speaker(path, named: str | None = None) -> None:
    """Kamala Ortiz and the Zarif who said the quote linked to their entries; the
    delegation a mention after them, the speaker of a new quote ("left" stands in for its
    words)."""
    with Store.open(path) as store:
        history = History(store, "amira")
        pk = store.annotations.article_by_id("hard").pk
        spans = {(s.text, s.start): s.id for s in store.annotations.spans(pk, "amira")}
        history.run(LinkEntry(spans[("Kamala Ortiz", at("Kamala Ortiz"))], 2))
        history.run(LinkEntry(spans[("Zarif", at("Zarif", 1))], 1))
        made = []
        for piece, label in ((MENTION, "MENTION"), ("left", "QUOTE")):
            start = at(piece)
            quote = label == "QUOTE"
            change = history.run(AddSpan(
                pk, "amira", start, start + len(piece), label,
                {"type": "indirect"} if quote else {},
                meta={"speaker_name": named} if quote and named else {}))
            made.append(next(iter(change.spans)))
        history.run(AddRelation(made[1], made[0], "SPEAKER"))


def test_k_on_a_mention_offers_the_article_s_entries_and_links_it(qtbot, open_window,
                                                                 registry_store):
    add_mention_speaker(registry_store)
    window = open_window(registry_store)
    select(qtbot, window, MENTION)
    seen = {}

    def act(found: EntryPicker) -> None:
        seen["typed"], seen["rows"] = found.filter.text(), found.rows()
        found.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is found.filter, timeout=3000)
        qtbot.keyClick(found.filter, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(found.filter, Qt.Key.Key_Return)  # Ctrl+Enter made nothing: Enter
    answer_next_dialog(act, kind=EntryPicker)
    qtbot.keyClick(window.view, Qt.Key.Key_K)
    back_to(qtbot, window)
    assert seen["typed"] == ""  # "The delegation" is no name to search for
    # the article's entries, the one linked nearest before the mention first (by name,
    # Kamala Ortiz would be): whom "the delegation" most likely speaks for
    assert [row.split("  ")[0] for row in seen["rows"]] == [
        "• Mohammad Javad Zarif", "• Kamala Ortiz"]
    assert not any(row.startswith("+ New entry") for row in seen["rows"])
    settle(qtbot)
    assert details(window)["Entry"].startswith("Mohammad Javad Zarif (PERSON)")
    with Store.open(registry_store) as store:
        counted = figures(store)
        assert counted[1]["quotes"] == 2 and counted[1]["mentions"] == 2
        assert [e.name for e in store.registry.entries() if e.name == "The 🇮🇷 delegation"] \
            == []  # no entry was made of the mention
    # any kind: a delegation may speak for an organisation
    rows = in_picker(qtbot, window, "holdings")
    assert rows[0] == "Zarif Holdings"
    with Store.open(registry_store) as store:
        assert store.registry.linked_entry(
            next(s.id for s in store.annotations.spans(
                store.annotations.article_by_id("hard").pk, "amira")
                if s.text == MENTION)) == 3
    assert TEXT.count(MENTION) == 1
    window.controller.close_store()


def test_the_name_the_finder_gave_the_mention_is_offered_first(qtbot, open_window,
                                                               registry_store):
    # the quote the delegation is the speaker of was accepted from a suggestion whose
    # finder took the delegation for Kamala Ortiz: she comes first, before the nearest
    add_mention_speaker(registry_store, named="Kamala Ortiz")
    window = open_window(registry_store)
    select(qtbot, window, MENTION)
    rows = in_picker(qtbot, window, None, key=Qt.Key.Key_Escape)
    assert [row.split("  ")[0] for row in rows[:2]] == ["• Kamala Ortiz",
                                                        "• Mohammad Javad Zarif"]
    window.controller.close_store()

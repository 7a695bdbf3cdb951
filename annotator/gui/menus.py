"""The window's actions and menus. Every command is a QAction with its shortcut, so menus,
buttons and keys do the same thing and Help lists the keys from the actions themselves."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication

from ..core import palette as drawing
from ..core import schema as schema_keys
from .annotate.labels import label_action_text, swatch
from .plain import menu_text, tooltip_text

if TYPE_CHECKING:
    from ..core.schema import Schema
    from .window_parts import MenuWindow

# The window's single keys live in the core's schema, which refuses them as label keys.
SPEAKER_KEY, ATTRIBUTE_KEY, FIT_KEY = (k.upper() for k in (
    schema_keys.SPEAKER_KEY, schema_keys.ATTRIBUTE_KEY, schema_keys.FIT_KEY))
NEXT_KEY, PREVIOUS_KEY, REJECT_KEY, COMMENT_KEY = (k.upper() for k in (
    schema_keys.NEXT_KEY, schema_keys.PREVIOUS_KEY, schema_keys.REJECT_KEY,
    schema_keys.COMMENT_KEY))
RESERVED_KEYS = schema_keys.RESERVED_KEYS


def _action(window: MenuWindow, text: str, slot, keys: str | QKeySequence.StandardKey
            | list | None = None, checkable: bool = False) -> QAction:
    action = QAction(text, window.window())
    if isinstance(keys, list):
        action.setShortcuts([QKeySequence(k) for k in keys])
    elif keys is not None:
        action.setShortcut(QKeySequence(keys))
    action.setCheckable(checkable)
    action.triggered.connect(slot)
    window.addAction(action)  # shortcuts work wherever the focus is in the window
    return action


def build(w: MenuWindow) -> dict[str, QAction]:
    c = w.controller
    a: dict[str, QAction] = {}
    bar = w.menuBar()

    file = bar.addMenu("&File")
    a["new"] = _action(w, "&New store…", w.new_store, QKeySequence.StandardKey.New)
    a["open"] = _action(w, "&Open store…", w.choose_store, QKeySequence.StandardKey.Open)
    file.addActions([a["new"], a["open"]])
    w.recent_menu = file.addMenu("Open &recent")
    file.addSeparator()
    a["import"] = _action(w, "&Import articles…", w.import_files, "Ctrl+I")
    a["export"] = _action(w, "&Export…", w.export, "Ctrl+E")
    a["merge"] = _action(w, "&Merge stores…", w.merge_stores)
    a["annotator"] = _action(w, "Change &annotator…", w.change_annotator)
    a["train"] = _action(w, "&Train a model…", w.train_model)
    a["quit"] = _action(w, "&Quit", w.close, QKeySequence.StandardKey.Quit)
    file.addActions([a["import"], a["merge"], a["export"], a["train"], a["annotator"]])
    file.addSeparator()
    file.addAction(a["quit"])
    fill_recent(w)

    edit = bar.addMenu("&Edit")
    a["undo"] = _action(w, "Undo", c.undo, QKeySequence.StandardKey.Undo)
    a["redo"] = _action(w, "Redo", c.redo, ["Ctrl+Shift+Z", "Ctrl+Y"])
    a["find"] = _action(w, "&Find in article…", w.pane.open_find, QKeySequence.StandardKey.Find)
    a["find_next"] = _action(w, "Find &next", partial(w.pane.find_next, 1), "F3")
    a["delete"] = _action(w, "&Delete span", w.delete_span, [Qt.Key.Key_Delete,
                                                              Qt.Key.Key_Backspace])
    a["search"] = _action(w, "&Search all articles", lambda: (
        w.list_panel.search_box.setFocus(), w.list_panel.search_box.selectAll()),
        "Ctrl+Shift+F")
    edit.addActions([a["undo"], a["redo"]])
    edit.addSeparator()
    edit.addActions([a["find"], a["find_next"], a["search"]])
    edit.addSeparator()
    edit.addAction(a["delete"])

    w.labels_menu = bar.addMenu("&Labels")
    a["speaker"] = _action(w, "Link to &speaker or source…", w.pick_link, SPEAKER_KEY)
    a["attribute"] = _action(w, "Set &attribute…", w.pick_attribute, ATTRIBUTE_KEY)
    a["fit"] = _action(w, "Fit span to &selection", w.fit_span, FIT_KEY)
    # K too when it is not "previous" (annotate/entry_keys.py moves it)
    a["link_entry"] = _action(w, "Link to &registry entry…", w.entry_keys.pick, "Ctrl+K")
    a["unlink_entry"] = _action(w, "&Unlink registry entry", w.entry_keys.unlink)
    a["suggest_links"] = _action(w, "Suggest registry lin&ks…", w.entry_keys.suggest)

    go = bar.addMenu("&Article")
    a["next"] = _action(w, "&Next article", partial(w.go, 1), ["Alt+Right", "Ctrl+PgDown"])
    a["previous"] = _action(w, "&Previous article", partial(w.go, -1),
                            ["Alt+Left", "Ctrl+PgUp"])
    a["done"] = _action(w, "Mark &done, go to next", partial(w.finish, "done"),
                        ["Ctrl+Return", "Ctrl+Enter"])
    a["skip"] = _action(w, "S&kip, go to next", partial(w.finish, "skipped"),
                        "Ctrl+Shift+Return")
    a["reopen"] = _action(w, "Mark in p&rogress", lambda: c.set_status("in progress"))
    a["list"] = _action(w, "Go to the article &list", lambda: w.list_panel.table.setFocus(),
                        "Ctrl+L")
    a["text"] = _action(w, "Go to the &text", lambda: w.view.setFocus(), "Ctrl+T")
    go.addActions([a["next"], a["previous"]])
    go.addSeparator()
    go.addActions([a["done"], a["skip"], a["reopen"]])
    go.addSeparator()
    go.addActions([a["list"], a["text"]])

    view = bar.addMenu("&View")
    a["zoom_in"] = _action(w, "Zoom &in", partial(w.zoom_by, 1), ["Ctrl++", "Ctrl+="])
    a["zoom_out"] = _action(w, "Zoom &out", partial(w.zoom_by, -1), "Ctrl+-")
    a["zoom_reset"] = _action(w, "&Actual size", partial(w.zoom_by, 0), "Ctrl+0")
    a["snap"] = _action(w, "&Snap selections to whole words", _set_snap(w), checkable=True)
    a["snap"].setChecked(c.snap_words)
    view.addActions([a["zoom_in"], a["zoom_out"], a["zoom_reset"]])
    a["label_names"] = _action(w, "Show &label names",
                               lambda on: w.pane.show_tags(labels=on), "Ctrl+Shift+L",
                               checkable=True)
    a["label_names"].setChecked(w.view.tags.labels)
    a["links"] = _action(w, "Show lin&ks (speakers, sources)",
                         lambda on: w.pane.show_tags(links=on), "Ctrl+Shift+K", checkable=True)
    a["links"].setChecked(w.view.tags.links)
    view.addSeparator()
    view.addActions([a["label_names"], a["links"]])
    view.addSeparator()
    view.addAction(a["snap"])
    _suggestions_menu(w, a, view.addMenu("S&uggestions"))
    scheme_menu = view.addMenu("&Appearance")
    group = QActionGroup(w.window())
    for key, text in (("system", "Follow the &system"), ("light", "&Light"),
                      ("dark", "&Dark")):
        action = QAction(text, w.window(), checkable=True)
        action.triggered.connect(partial(set_color_scheme, w, key))
        action.setChecked(w.settings.text("view/scheme", "system") == key)
        group.addAction(action)
        scheme_menu.addAction(action)
        a[f"scheme_{key}"] = action

    _review_menu(w, a, bar.addMenu("&Review"))

    window_menu = bar.addMenu("W&indow")  # Alt+W is the find bar's whole words
    a["speakers"] = _action(w, "&Speakers", w.show_speakers, "Ctrl+Shift+S")
    window_menu.addAction(a["speakers"])

    help_ = bar.addMenu("&Help")
    a["shortcuts"] = _action(w, "&Keyboard shortcuts", partial(_help, w, "shortcuts"),
                             QKeySequence.StandardKey.HelpContents)
    a["guidelines"] = _action(w, "&Label guidelines", partial(_help, w, "guidelines"))
    a["about"] = _action(w, "&About Annotator", partial(_help, w, "about"))
    help_.addActions([a["shortcuts"], a["guidelines"], a["about"]])
    for name in ("undo", "redo", "delete"):
        a[name].setEnabled(False)
    w.entry_keys.use_actions(a)
    return a


def _suggestions_menu(w: MenuWindow, a: dict[str, QAction], menu) -> None:
    """Which suggestion layer to show (filled by `fill_suggestions`), and the keys that
    decide on suggestions: enabled while one is shown and review mode is off."""
    s = w.suggest_keys
    w.suggestions_menu = menu
    a["suggest_next"] = _action(w, "&Next suggestion", partial(s.step, 1), NEXT_KEY)
    a["suggest_previous"] = _action(w, "&Previous suggestion", partial(s.step, -1),
                                    PREVIOUS_KEY)
    # Enter only in the text: the find bar, the search box and the lists keep theirs.
    a["suggest_accept"] = _action(w, "&Accept suggestion", s.accept, ["Return", "Enter"])
    a["suggest_accept"].setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    w.view.addAction(a["suggest_accept"])
    a["suggest_reject"] = _action(w, "&Reject suggestion", s.reject, REJECT_KEY)
    a["suggest_all"] = _action(w, "Accept &all suggestions in the article",
                               s.accept_all, "Ctrl+Shift+A")
    for name in SUGGESTION_KEYS:
        a[name].setEnabled(False)
    fill_suggestions(w, [], a)


SUGGESTION_KEYS = ("suggest_next", "suggest_previous", "suggest_accept", "suggest_reject",
                   "suggest_all")


def fill_suggestions(w: MenuWindow, layers: list[str],
                     actions: dict[str, QAction] | None = None) -> None:
    """The store's suggestion layers to choose from (or None), then the keys."""
    a = actions if actions is not None else w.actions_
    menu, shown = w.suggestions_menu, w.controller.suggestion_layer
    menu.clear()
    group = QActionGroup(menu)
    for layer in [None, *layers]:
        action = menu.addAction(menu_text(layer) if layer is not None else "&None")
        action.setCheckable(True)
        action.setChecked(layer == shown)
        action.triggered.connect(partial(w.choose_suggestions, layer))
        group.addAction(action)
    if not layers:
        hint = menu.addAction("(none in this store: annotator suggest STORE …)")
        hint.setEnabled(False)
    menu.addSeparator()
    menu.addActions([a[name] for name in SUGGESTION_KEYS])
    menu.addAction(a["fit"])


def _review_menu(w: MenuWindow, a: dict[str, QAction], menu) -> None:
    """Review mode and its keys; comments (which annotators read and jump to too)."""
    r = w.review
    a["review"] = _action(w, "&Review mode…", r.toggle, "Ctrl+Shift+R", checkable=True)
    a["review_next"] = _action(w, "&Next disagreement", partial(r.step, 1),
                               [NEXT_KEY, "F8"])
    a["review_previous"] = _action(w, "&Previous disagreement", partial(r.step, -1),
                                   [PREVIOUS_KEY, "Shift+F8"])
    a["review_reject"] = _action(w, "Re&ject", r.reject, REJECT_KEY)
    a["review_agreed"] = _action(w, "Accept all a&greed", r.accept_agreed,
                                 "Ctrl+Shift+A")
    a["review_entry"] = _action(w, "Choose the gold &entry…", r.choose_entry, "Shift+E")
    # Ctrl+Enter is the Article menu's "done" (one key, two menus): shown here as a hint.
    a["review_reviewed"] = _action(w, "Mark re&viewed, go to next\tCtrl+Enter",
                                   partial(w.finish, "done"))
    menu.addAction(a["review"])
    menu.addSeparator()
    menu.addActions([a["review_next"], a["review_previous"]])
    menu.addSeparator()
    accept_menu = menu.addMenu("&Accept the version of")
    for number in range(1, 10):
        action = _action(w, f"Annotator {number}", partial(r.accept, number),
                         schema_keys.ACCEPT_KEYS[number - 1])
        a[f"review_accept_{number}"] = action
        accept_menu.addAction(action)
    menu.addActions([a["review_reject"], a["review_agreed"], a["review_entry"], a["fit"]])
    menu.addSeparator()
    menu.addAction(a["review_reviewed"])
    a["comment"] = _action(w, "&Comment…", r.comment, COMMENT_KEY)
    a["next_comment"] = _action(w, "Next co&mment", r.next_comment, "Shift+" + COMMENT_KEY)
    a["delete_comment"] = _action(w, "&Delete a comment…", r.delete_comment)
    a["agreement"] = _action(w, "A&greement figures…", w.show_agreement, "Ctrl+Shift+G")
    menu.addSeparator()
    menu.addActions([a["comment"], a["next_comment"], a["delete_comment"]])
    menu.addSeparator()
    menu.addAction(a["agreement"])
    for name, action in a.items():
        if name.startswith("review_"):
            action.setEnabled(False)


def _help(w: MenuWindow, which: str) -> None:
    from .dialogs import common as dialogs  # loaded when first asked for: the window starts faster
    if which == "shortcuts":
        dialogs.shortcuts_dialog(w.window(), [x for x in w.actions() if x.shortcuts()]).exec()
    elif which == "guidelines" and w.controller.store is not None:
        dialogs.guidelines_dialog(w.window(), w.controller.schema).exec()
    elif which == "about":
        w.show_message("About", dialogs.about_text())


def _set_snap(w: MenuWindow):
    def toggle(checked: bool) -> None:
        w.controller.snap_words = checked
        w.settings.set_flag("snap_words", checked)
    return toggle


def set_color_scheme(w: MenuWindow, key: str) -> None:
    """Light, dark, or whatever the desktop says (Qt follows the system by default)."""
    w.settings.set_text("view/scheme", key)
    apply_color_scheme(key)


def apply_color_scheme(key: str) -> None:
    """Light, dark, or what the desktop says ("system": Qt follows the platform's theme).

    Light and dark are Qt's Fusion style with its own palette, so they look the same on
    every platform, offscreen included.
    """
    app = QApplication.instance()
    hints = QGuiApplication.styleHints()
    if key == "system":
        if hasattr(hints, "unsetColorScheme"):
            hints.unsetColorScheme()
        app.setPalette(QPalette())
        return
    if hasattr(hints, "setColorScheme"):
        hints.setColorScheme(Qt.ColorScheme.Dark if key == "dark" else Qt.ColorScheme.Light)
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if key == "dark" else app.style().standardPalette())


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: drawing.PAGES["dark"], QPalette.ColorRole.AlternateBase: "#2a2a2a",
        QPalette.ColorRole.ToolTipBase: "#3a3a3a", QPalette.ColorRole.ToolTipText: "#f0f0f0",
        QPalette.ColorRole.Text: drawing.TEXT["dark"], QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.BrightText: "#ff5555",
        QPalette.ColorRole.Link: "#6cb4ff", QPalette.ColorRole.Highlight: drawing.SELECTION["dark"],
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.PlaceholderText: "#8a8a8a",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette


def fill_labels(w: MenuWindow, schema: Schema) -> None:
    """One action per label, its key as the shortcut (the Labels menu and the panel)."""
    for action in w.label_actions.values():
        w.removeAction(action)
        action.deleteLater()
    w.label_actions.clear()
    w.labels_menu.clear()
    taken = set(RESERVED_KEYS)
    for label in schema.labels:
        action = QAction(swatch(label.color), label_action_text(label), w.window())
        if label.key and label.key.lower() not in taken:
            action.setShortcut(QKeySequence(label.key.upper()))
            taken.add(label.key.lower())
        action.setToolTip(tooltip_text(f"{label.name} ({label.kind})\n{label.description}"))
        action.triggered.connect(partial(w.apply_label, label.name))
        w.addAction(action)
        w.labels_menu.addAction(action)
        w.label_actions[label.name] = action
    w.labels_menu.addSeparator()
    w.labels_menu.addActions([w.actions_["speaker"], w.actions_["attribute"],
                              w.actions_["fit"]])
    w.labels_menu.addSeparator()
    w.labels_menu.addActions([w.actions_[name] for name in ("link_entry", "unlink_entry",
                                                             "suggest_links")])


def fill_recent(w: MenuWindow) -> None:
    w.recent_menu.clear()
    for path in w.settings.recent_stores():
        action = w.recent_menu.addAction(menu_text(str(path)))
        action.triggered.connect(partial(w.open_store, Path(path)))
    w.recent_menu.setEnabled(bool(w.settings.recent_stores()))

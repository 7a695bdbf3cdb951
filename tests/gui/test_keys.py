"""The single keys the window binds to its own commands are the ones the core refuses as
label keys (annotator/core/schema.py): the two lists cannot drift apart."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.schema import RESERVED_KEYS


def single_keys(window) -> dict[str, str]:
    """Every unmodified one-character shortcut of the window's commands (labels aside)."""
    labels = set(window.label_actions.values())
    found = {}
    for action in window.actions():
        if action in labels:
            continue
        for sequence in action.shortcuts():
            if sequence.count() != 1:
                continue
            combination = sequence[0]
            modifiers = combination.keyboardModifiers() & ~Qt.KeyboardModifier.KeypadModifier
            text = sequence.toString()
            if modifiers == Qt.KeyboardModifier.NoModifier and len(text) == 1:
                found[text.lower()] = action.text()
    return found


def test_the_window_binds_only_the_reserved_single_keys(window):
    bound = single_keys(window)
    assert set(bound) <= RESERVED_KEYS, {k: v for k, v in bound.items()
                                         if k not in RESERVED_KEYS}
    assert set(bound) == RESERVED_KEYS  # and reserves none it does not use


def test_the_check_sees_a_stray_single_key(window):
    from annotator.gui.menus import _action
    _action(window, "Stray", lambda: None, "Q")
    assert "q" in single_keys(window)

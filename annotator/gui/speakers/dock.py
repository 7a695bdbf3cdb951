"""Window → Speakers: the Speakers view in a dock below the article (or floating beside
the window), made when first asked for. A dock keeps the window's keys working in it, so
Ctrl+Z there undoes an edit of the registry like any other step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from .panel import SpeakersPanel

if TYPE_CHECKING:
    from .host import SpeakersHost


def speakers_dock(window: QMainWindow, host: SpeakersHost) -> QDockWidget:
    """The window's Speakers dock, made the first time."""
    dock = window.findChild(QDockWidget, "speakers")
    if dock is None:
        dock = QDockWidget("Speakers", window)
        dock.setObjectName("speakers")
        dock.setAllowedAreas(Qt.DockWidgetArea.BottomDockWidgetArea
                             | Qt.DockWidgetArea.RightDockWidgetArea)
        dock.setWidget(SpeakersPanel(host))
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        window.resizeDocks([dock], [max(window.height() * 2 // 5, 260)],
                           Qt.Orientation.Vertical)
        dock.hide()
    return dock


def toggle_speakers(window: QMainWindow, host: SpeakersHost) -> None:
    """Show the view with the filter box ready, or hide it when it has the keyboard."""
    dock = speakers_dock(window, host)
    panel = dock.widget()
    assert isinstance(panel, SpeakersPanel)
    if dock.isVisible() and panel.isAncestorOf(window.focusWidget()):
        dock.hide()
        host.view.setFocus()
        return
    dock.show()
    dock.raise_()
    panel.filter_box.setFocus()
    panel.filter_box.selectAll()

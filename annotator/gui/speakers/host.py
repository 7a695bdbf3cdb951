"""What the Speakers view uses of the window, as a Protocol (it never imports
main_window.py, which builds it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar, QWidget

    from ..controller import Controller


class SpeakersHost(Protocol):
    controller: Controller

    def go_to_hit(self, pk: int, bounds: tuple[int, int] | None) -> None: ...
    def statusBar(self) -> QStatusBar: ...  # noqa: N802
    def window(self) -> QWidget: ...

    @property
    def view(self) -> QWidget: ...

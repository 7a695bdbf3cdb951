"""What review mode uses of the window, as Protocols: it is handed the window but never
imports it, so the window's modules stay above review's (the layers in pyproject.toml)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QSplitter, QWidget

    from ..controller import Controller


class ReviewedText(Protocol):
    """The article's text view: review marks candidates in it and explains them on hover."""

    describe_offset: Callable[[int], str]

    def selection_range(self) -> tuple[int, int] | None: ...

    def caret_offset(self) -> int: ...

    def place_caret(self, offset: int) -> None: ...

    def mark_candidates(self, disagreements: list[tuple[int, int]],
                        current: tuple[int, int] | None) -> None: ...


class ReviewHost(Protocol):
    """The window's parts review mode reads and arranges."""

    @property
    def controller(self) -> Controller: ...

    @property
    def view(self) -> ReviewedText: ...

    @property
    def centre(self) -> QSplitter: ...  # the article above; review's table goes below

    @property
    def actions_(self) -> dict[str, QAction]: ...  # the Review menu's, enabled in review

    def show_person(self) -> None: ...  # the role (annotator, reviewer) in the status bar

    def window(self) -> QWidget: ...  # the parent of review's dialogs

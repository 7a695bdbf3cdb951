"""Qt's text positions (UTF-16, over the breaks added to long lines) turned into the
article's Python offsets and back, at once, with the article's index (docs/architecture.md,
"Text and offsets"): the selection, the caret, what is in view, the character under a
point. A mixin of ArticleView, the one widget that deals in Qt positions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QTextCursor

if TYPE_CHECKING:
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QTextBlock, QTextDocument

    from ...core.text import DisplayIndex, Utf16Index


class TextPositions:
    # What it uses of the ArticleView it is mixed into.
    index: Utf16Index | DisplayIndex | None
    text: str

    if TYPE_CHECKING:  # QPlainTextEdit's, declared only: a definition here would hide them
        def textCursor(self) -> QTextCursor: ...  # noqa: N802
        def setTextCursor(self, cursor: QTextCursor) -> None: ...  # noqa: N802
        def ensureCursorVisible(self) -> None: ...  # noqa: N802
        def cursorForPosition(self, point: QPoint) -> QTextCursor: ...  # noqa: N802
        def cursorRect(self, cursor: QTextCursor) -> QRect: ...  # noqa: N802
        def firstVisibleBlock(self) -> QTextBlock: ...  # noqa: N802
        def document(self) -> QTextDocument: ...

    def selection_range(self) -> tuple[int, int] | None:
        """The selection in Python offsets, or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection() or self.index is None:
            return None
        return (self.index.from_utf16(cursor.selectionStart()),
                self.index.from_utf16(cursor.selectionEnd(), round_up=True))

    def caret_offset(self) -> int:
        """Where the caret is, in Python offsets."""
        return self.index.from_utf16(self.textCursor().position()) if self.index else 0

    def select_range(self, start: int, end: int, scroll: bool = True) -> None:
        """Select [start, end) (Python offsets) as if the user had."""
        if self.index is None:
            return
        cursor = self.textCursor()
        cursor.setPosition(self.index.to_utf16(start))
        cursor.setPosition(self.index.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        if scroll:
            self.ensureCursorVisible()

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def top_offset(self) -> int:
        """The Python offset of the first paragraph in view (where the reader is)."""
        if self.index is None:
            return 0
        return self.index.from_utf16(min(self.firstVisibleBlock().position(),
                                         self.index.utf16_length))

    def scroll_to_offset(self, offset: int) -> None:
        """Bring the paragraph holding `offset` to the top of the view, caret at it."""
        if self.index is None or not 0 < offset <= len(self.text):
            return
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        cursor.setPosition(self.document().findBlock(self.index.to_utf16(offset)).position())
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def place_caret(self, offset: int) -> None:
        """Put the caret (no selection) at `offset` and keep it in view: Shift+arrows then
        select from there."""
        if self.index is None or not 0 <= offset <= len(self.text):
            return
        cursor = self.textCursor()
        cursor.setPosition(self.index.to_utf16(offset))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def offset_at(self, point: QPoint) -> int | None:
        """The Python offset of the character under a viewport point."""
        if self.index is None or not self.text:
            return None
        cursor = self.cursorForPosition(point)
        pos = cursor.position()
        # cursorForPosition gives the nearest gap; the character is the one before it
        # when the gap lies to the right of the point (left-to-right text).
        if pos > 0 and self.cursorRect(cursor).center().x() > point.x():
            pos -= 1
        offset = self.index.from_utf16(min(pos, self.index.utf16_length))
        return min(offset, len(self.text) - 1)

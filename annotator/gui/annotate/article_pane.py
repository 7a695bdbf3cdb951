"""The centre of the window: the article's title, its source and date, the body, and a find
bar (Ctrl+F) whose hits are searched in the stored text, never in Qt's copy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QVBoxLayout, QWidget

from ...core.find import find_all
from ..controller import Controller
from ..plain import plain_label
from ..settings import Settings
from .span_list import attributes_text
from .text_view import ArticleView

if TYPE_CHECKING:
    from ...core.model import Span


def meta_line(meta: dict, article_id: str) -> str:
    """"Source · date · address · id" from whichever of them the article has."""
    parts = [str(meta[key]) for key in ("source", "author", "published", "date", "url")
             if meta.get(key)]
    return "  ·  ".join([*parts, article_id])


def _toggle(text: str, keys: str, tip: str, checked: bool) -> QToolButton:
    """A checkable button of the find bar, with its own key (Alt+letter)."""
    button = QToolButton()
    button.setText(text)
    button.setCheckable(True)
    button.setChecked(checked)
    button.setShortcut(QKeySequence(keys))
    button.setToolTip(f"{tip} ({keys})")
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing stays in the find box
    return button


class ArticlePane(QWidget):
    def __init__(self, controller: Controller, settings: Settings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.settings = settings
        self.title = plain_label()
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = plain_label()
        self.meta.setWordWrap(True)
        self.meta.setEnabled(False)  # drawn in the palette's quieter colour
        self.view = ArticleView()
        self.view.describe = self.describe
        self.find_box = QLineEdit(placeholderText="Find in article (Enter: next, Esc: close)")
        self.find_box.setClearButtonEnabled(True)
        self.find_info = plain_label()
        remembered = settings.flag if settings is not None else (lambda _n, d: d)
        self.smart_case = _toggle("Aa", "Alt+C", "Smart case: match case when the text has "
                                  "a capital letter; off: never", remembered("find/smart_case",
                                                                             True))
        self.whole_words = _toggle("W", "Alt+W", "Whole words only",
                                   remembered("find/whole_words", True))
        find_bar = QHBoxLayout()
        find_bar.addWidget(self.find_box, 1)
        find_bar.addWidget(self.smart_case)
        find_bar.addWidget(self.whole_words)
        find_bar.addWidget(self.find_info)
        self.find_widget = QWidget()
        self.find_widget.setLayout(find_bar)
        find_bar.setContentsMargins(0, 0, 0, 0)
        self.find_widget.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.find_widget)
        self.hits: list[tuple[int, int]] = []
        self.hit = -1
        self._find_timer = QTimer(self, singleShot=True, interval=120)
        self._find_timer.timeout.connect(self._find_all)
        self.find_box.textChanged.connect(self._find_timer.start)
        self.find_box.returnPressed.connect(lambda: self.find_next(1))
        self.find_box.installEventFilter(self)
        for button, key in ((self.smart_case, "find/smart_case"),
                            (self.whole_words, "find/whole_words")):
            button.toggled.connect(lambda on, key=key: self._option_changed(key, on))
        controller.article_loaded.connect(self.show_article)
        controller.spans_changed.connect(self._spans_changed)
        controller.relations_changed.connect(self._show_links)
        if settings is not None:
            self.view.show_tags(settings.flag("view/label_names", True),
                                settings.flag("view/links", True))
        controller.suggestions_changed.connect(
            lambda: self.view.update_suggestions(self.controller.state.suggestions))
        controller.selection_changed.connect(self._selection_changed)
        self.view.span_clicked.connect(controller.select_span)
        self.view.cleared.connect(lambda: controller.select_span(None))
        self.view.walk.connect(self.walk)

    def describe(self, span: Span) -> str:
        details = attributes_text(span, self.controller)
        return f"{span.label}: {span.text}" + (f"\n{details}" if details else "")

    def show_article(self) -> None:
        article = self.controller.state.article
        if article is None:
            self.title.setText("No article")
            self.meta.setText("")
            self.view.show_article("", None, {}, None)
            return
        self.title.setText(article.title or article.id)
        self.meta.setText(meta_line(article.meta, article.id))
        state = self.controller.state
        self.view.show_article(article.text, state.index, state.spans, self.controller.schema,
                               state.suggestions)
        self._show_links()
        if self.find_widget.isVisible():
            self._find_all()

    def _spans_changed(self, before: dict) -> None:
        state = self.controller.state
        self.view.update_spans(before, state.spans, state.suggestions)
        self._show_links()

    def _show_links(self) -> None:
        """Each quote's speakers and each claim's sources, as the text shows them."""
        spans, links = self.controller.state.spans, {}
        for relation in self.controller.state.relations:
            child = spans.get(relation.child)
            if child is not None and relation.head in spans:
                links.setdefault(relation.head, []).append(child.text)
        self.view.set_links(links)

    def show_tags(self, labels: bool | None = None, links: bool | None = None) -> None:
        """View > Show label names / Show links: drawn at once, remembered."""
        self.view.show_tags(labels, links)
        if self.settings is not None:
            if labels is not None:
                self.settings.set_flag("view/label_names", labels)
            if links is not None:
                self.settings.set_flag("view/links", links)

    def _selection_changed(self) -> None:
        span = self.controller.state.spans.get(self.controller.state.selected or -1)
        self.view.mark_selected(span)
        if span is not None:
            # Put the caret at the span (no text selection, so a key relabels it).
            self.view.select_range(span.start, span.start)

    def walk(self, step: int) -> None:
        spans = self.controller.state.sorted_spans()
        if not spans:
            return
        ids = [s.id for s in spans]
        current = self.controller.state.selected
        if current in ids:
            target = ids[(ids.index(current) + step) % len(ids)]
        else:  # from the caret: the first span after it (or before it, going back)
            caret = self.view.selection_range() or (self.view.caret_offset(),) * 2
            after = [s for s in spans if s.start >= caret[0]]
            before = [s for s in spans if s.start < caret[0]]
            pick = (after[0] if after else spans[0]) if step > 0 else (
                before[-1] if before else spans[-1])
            target = pick.id
        self.controller.select_span(target)

    def span_rect(self, start: int, end: int) -> QRect | None:
        """The global rectangle of the text [start, end) as far as it is on the screen (a
        span over several lines: those lines' full width); None when it is scrolled away."""
        view = self.view
        if view.index is None:
            return None
        ends = []
        for offset in (start, end):
            cursor = QTextCursor(view.document())
            cursor.setPosition(view.index.to_utf16(offset))
            ends.append(view.cursorRect(cursor))
        rect = ends[0].united(ends[1])
        if ends[1].top() > ends[0].top():
            rect.setLeft(0)
            rect.setRight(view.viewport().width())
        rect = rect.intersected(view.viewport().rect())
        if rect.isEmpty():
            return None
        return QRect(view.viewport().mapToGlobal(rect.topLeft()), rect.size())

    # -- find in article -------------------------------------------------------------

    def open_find(self) -> None:
        self.find_widget.show()
        selection = self.view.selection_range()
        if selection and self.controller.state.article and selection[1] - selection[0] < 100:
            self.find_box.setText(self.controller.state.article.text[selection[0]:selection[1]])
        self.find_box.setFocus()
        self.find_box.selectAll()

    def close_find(self) -> None:
        self.find_widget.hide()
        self.view.mark_hits([])
        self.view.setFocus()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.find_box and event.type() == event.Type.KeyPress \
                and event.key() == Qt.Key.Key_Escape:
            self.close_find()
            return True
        return super().eventFilter(watched, event)

    def _option_changed(self, key: str, on: bool) -> None:
        if self.settings is not None:
            self.settings.set_flag(key, on)
        if self.find_widget.isVisible():
            self._find_all()

    def _find_all(self) -> None:
        article, needle = self.controller.state.article, self.find_box.text()
        self.hits, self.hit = [], -1
        if article is not None and needle:
            self.hits = find_all(article.text, needle, self.smart_case.isChecked(),
                                 self.whole_words.isChecked())
        self.view.mark_hits(self.hits)
        self.find_info.setText(f"{len(self.hits)} found" if needle else "")

    def find_next(self, step: int = 1) -> None:
        if self._find_timer.isActive():
            self._find_timer.stop()
            self._find_all()
        if not self.hits:
            return
        self.hit = (self.hit + step) % len(self.hits)
        start, end = self.hits[self.hit]
        self.view.select_range(start, end)
        self.find_info.setText(f"{self.hit + 1} of {len(self.hits)}")

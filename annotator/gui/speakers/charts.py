"""The Speakers view's charts, painted with QPainter: the most quoted entries as bars, and
the share of quotes by an entry attribute (gender) overall and by month as 100% bars.

Painted rather than QtCharts: the window needs two plain bar charts, and QtCharts comes in
PySide6-Addons, a second wheel of some 150 MB that must match PySide6-Essentials' version
exactly. Text and lines take the widget's palette, so the charts follow light and dark."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

# Okabe and Ito's colours, told apart with the common colour blindnesses; the last, grey,
# is for speakers without a value. Each is at least ΔE00 10 from the other colours and
# from both pages (tests/gui/test_speakers_charts.py, through core/colour.py).
SERIES = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442")
UNSET_COLOUR = "#999999"
UNSET_TEXT = "(no value)"
ROW = 22  # a bar's height with its gap
MARGIN = 8


def series_colour(position: int, value: Any) -> QColor:
    return QColor(UNSET_COLOUR if value is None else SERIES[position % len(SERIES)])


class _Chart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def _text(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.WindowText)

    def _faint(self) -> QColor:
        colour = QColor(self._text())
        colour.setAlpha(90)
        return colour


class BarChart(_Chart):
    """Horizontal bars, one per (label, value), largest first as given."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[tuple[str, int]] = []

    def set_items(self, title: str, items: list[tuple[str, int]]) -> None:
        self.title, self.items = title, items
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(420, MARGIN * 2 + ROW * (len(self.items) + 1))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        width = self.width() - 2 * MARGIN
        painter.setPen(self._text())
        painter.drawText(QRectF(MARGIN, MARGIN, width, ROW),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self.title if self.items else f"{self.title}: none yet")
        if not self.items:
            return
        names = min(max(metrics.horizontalAdvance(n) for n, _ in self.items) + 8, width // 3)
        most = max(value for _, value in self.items) or 1
        numbers = metrics.horizontalAdvance(f"{most:,}") + 8
        room = max(width - names - numbers, 10)
        bar = self.palette().color(QPalette.ColorRole.Highlight)
        for row, (name, value) in enumerate(self.items, 1):
            top = MARGIN + row * ROW
            painter.setPen(self._text())
            painter.drawText(QRectF(MARGIN, top, names - 8, ROW - 4),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(name, Qt.TextElideMode.ElideRight, names - 8))
            length = room * value / most
            painter.fillRect(QRectF(MARGIN + names, top + 2, length, ROW - 8), bar)
            painter.drawText(QRectF(MARGIN + names + length + 4, top, numbers, ROW - 4),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             f"{value:,}")


class ShareChart(_Chart):
    """One 100% bar per row (everything, then each month): each value's share of quotes,
    with a legend of the values and their totals."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: list[Any] = []
        self.rows: list[tuple[str, dict[Any, int]]] = []

    def set_shares(self, title: str, overall: dict[Any, int],
                   months: dict[str, dict[Any, int]]) -> None:
        self.title = title
        named = sorted((v for v in overall if v is not None), key=str)
        self.values = named + ([None] if None in overall else [])
        self.rows = [("All", overall), *months.items()] if overall else []
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(420, MARGIN * 2 + ROW * (len(self.rows) + 2))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        metrics = painter.fontMetrics()
        width = self.width() - 2 * MARGIN
        painter.setPen(self._text())
        painter.drawText(QRectF(MARGIN, MARGIN, width, ROW),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self.title if self.rows else f"{self.title}: no quotes with "
                                                      "linked speakers yet")
        if not self.rows:
            return
        overall = self.rows[0][1]
        total = sum(overall.values()) or 1
        x = MARGIN
        top = MARGIN + ROW
        for position, value in enumerate(self.values):  # the legend
            painter.fillRect(QRectF(x, top + 5, 12, 12), series_colour(position, value))
            text = (f"{UNSET_TEXT if value is None else value} "
                    f"{100 * overall.get(value, 0) / total:.0f}%")
            painter.setPen(self._text())
            painter.drawText(QRectF(x + 16, top, width, ROW),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            x += 16 + metrics.horizontalAdvance(text) + 14
        labels = max(metrics.horizontalAdvance(label) for label, _ in self.rows) + 10
        counts = metrics.horizontalAdvance(f"{total:,}") + 10
        room = max(width - labels - counts, 10)
        for row, (label, shares) in enumerate(self.rows, 2):
            top = MARGIN + row * ROW
            painter.setPen(self._text())
            painter.drawText(QRectF(MARGIN, top, labels - 10, ROW - 4),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             label)
            whole = sum(shares.values()) or 1
            x = MARGIN + labels
            for position, value in enumerate(self.values):
                length = room * shares.get(value, 0) / whole
                painter.fillRect(QRectF(x, top + 2, length, ROW - 8),
                                 series_colour(position, value))
                x += length
            painter.setPen(self._faint())
            painter.drawRect(QRectF(MARGIN + labels, top + 2, room, ROW - 8))
            painter.setPen(self._text())
            painter.drawText(QRectF(MARGIN + labels + room + 6, top, counts, ROW - 4),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             f"{sum(shares.values()):,}")

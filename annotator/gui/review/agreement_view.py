"""Agreement figures in the window: tables of spans (per pair and label), links (SPEAKER,
SOURCE) and attributes (a quote's type, ...), and a bar chart per label.

The figures come from the core (`annotator.core.agreement`, the same as `annotator
agreement`); this dialog only chooses the scope (the whole store or the current article)
and shows them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.plural import plural
from ..plain import message, plain_label
from .mode import people

if TYPE_CHECKING:
    from ...core.agreement import Agreement, Comparison, Figures
    from ..controller import Controller

HEADERS = ("Annotators", "Label", "Exact P", "Exact R", "Exact F1", "Overlap P", "Overlap R",
           "Overlap F1", "Kappa", "Alpha", "Spans (first / second)")
LINK_HEADERS = ("Annotators", "Relation", "P", "R", "F1", "Matched", "Links (first / second)")
ATTRIBUTE_HEADERS = ("Annotators", "Attribute", "Matched pairs", "Agreed", "Kappa", "Alpha")
# The chart's three bars per label.
SERIES = (("exact F1", QColor("#3b7dd8")), ("overlap F1", QColor("#7fb0ee")),
          ("kappa", QColor("#e08a2e")))


def figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def shown(result: Agreement) -> list[tuple[str, Comparison]]:
    """(who, comparison) for each pair and the total; with two annotators the total is
    their one pair, shown once."""
    comparisons = result.pairs if len(result.pairs) == 1 else (*result.pairs, result.total)
    return [(" × ".join(c.annotators) if c is not result.total
             else f"all ({', '.join(c.annotators)})", c) for c in comparisons]


def rows_of(result: Agreement) -> list[tuple[str, str, Figures]]:
    """(annotators, label, figures) for each pair and the total, overall first."""
    rows = []
    for who, comparison in shown(result):
        rows.append((who, "all labels", comparison.overall))
        rows += [(who, label, figures) for label, figures in comparison.labels.items()]
    return rows


def link_rows(result: Agreement) -> list[tuple[str, ...]]:
    """The relation figures (`annotator agreement` prints the same), all relations first,
    then the links to registry entries."""
    rows = []
    for who, comparison in shown(result):
        named = ((("all relations", comparison.relations_overall),
                  *comparison.relations.items()) if comparison.relations else ())
        if comparison.entry_links is not None:
            named = (*named, ("registry entries", comparison.entry_links))
        for name, m in named:
            rows.append((who, name, figure(m.precision), figure(m.recall), figure(m.f1),
                         str(m.matched), f"{m.reference} / {m.candidate}"))
    return rows


def attribute_rows(result: Agreement) -> list[tuple[str, ...]]:
    return [(who, a.name, str(a.pairs), str(a.agreed), figure(a.kappa), figure(a.alpha))
            for who, comparison in shown(result) for a in comparison.attributes]


def table(headers: tuple[str, ...]) -> QTableWidget:
    widget = QTableWidget(0, len(headers))
    widget.setHorizontalHeaderLabels(headers)
    widget.verticalHeader().hide()
    widget.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    widget.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    return widget


def fill_table(widget: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    """Plain-text cells, numbers to the right (every column after the first two)."""
    widget.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for col, value in enumerate(values):
            item = QTableWidgetItem(value)  # items show plain text
            if col >= 2:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)
            widget.setItem(r, col, item)
    widget.resizeColumnsToContents()


class BarChart(QWidget):
    """Exact F1, overlap F1 and kappa for each label of one comparison, from 0 to 1."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, tuple[float | None, ...]]] = []
        self.setMinimumHeight(220)

    def show_comparison(self, comparison: Comparison | None) -> None:
        self.bars = [] if comparison is None else [
            (label, (f.exact.f1, f.overlap.f1, f.kappa))
            for label, f in (("all", comparison.overall), *comparison.labels.items())]
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        painter.setPen(text)
        if not self.bars:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No figures to show.")
            return
        left, top, bottom = 36, 28, self.height() - 24
        width = self.width() - left - 8
        height = bottom - top
        for tick in (0.0, 0.5, 1.0):  # the scale
            y = bottom - tick * height
            painter.drawText(QRectF(0, y - 8, left - 4, 16),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             f"{tick:.1f}")
            painter.drawLine(left, int(y), left + width, int(y))
        group = width / len(self.bars)
        bar = max(2.0, group / (len(SERIES) + 1))
        for i, (label, values) in enumerate(self.bars):
            x = left + i * group + bar / 2
            for (_, colour), value in zip(SERIES, values, strict=True):
                if value is not None and value > 0:
                    painter.fillRect(QRectF(x, bottom - value * height, bar - 1,
                                            value * height), colour)
                else:  # no bar: say why (nothing to measure, or no agreement at all)
                    painter.drawText(QRectF(x - 6, bottom - 18, bar + 12, 16),
                                     int(Qt.AlignmentFlag.AlignHCenter),
                                     "n/a" if value is None else f"{value:.2f}")
                x += bar
            painter.drawText(QRectF(left + i * group, bottom + 2, group, 20),
                             int(Qt.AlignmentFlag.AlignHCenter), label)
        x = left
        for name, colour in SERIES:  # the legend
            painter.fillRect(QRectF(x, 6, 12, 12), colour)
            painter.drawText(QRectF(x + 16, 2, 100, 20), int(Qt.AlignmentFlag.AlignVCenter),
                             name)
            x += 110


class AgreementDialog(QDialog):
    def __init__(self, parent: QWidget, controller: Controller) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("Agreement")
        self.scope = QComboBox()
        self.scope.addItem("Whole store (articles every annotator marked done)", "store")
        self.scope.addItem("This article (whatever its status)", "article")
        self.pair = QComboBox()
        self.counts = plain_label()
        self.counts.setWordWrap(True)
        self.table = table(HEADERS)
        self.links = table(LINK_HEADERS)
        self.attributes = table(ATTRIBUTE_HEADERS)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "Spans")
        self.tabs.addTab(self.links, "Links (speakers, sources)")
        self.tabs.addTab(self.attributes, "Attributes")
        self.chart = BarChart()
        top = QHBoxLayout()
        top.addWidget(plain_label("Figures for:"))
        top.addWidget(self.scope, 1)
        top.addWidget(plain_label("Chart:"))
        top.addWidget(self.pair, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tabs)
        split.addWidget(self.chart)
        split.setSizes([380, 240])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.counts)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.result: Agreement | None = None
        self.scope.currentIndexChanged.connect(self.compute)
        self.pair.currentIndexChanged.connect(self._chart)
        self.resize(1000, 640)

    def compute(self) -> bool:
        """Read the figures for the chosen scope; False (with a message) if there are none."""
        from ...core.agreement import agreement
        from ...core.errors import AnnotatorError
        c = self.controller
        current = c.state.article
        article = current.pk if self.scope.currentData() == "article" and current else None
        names = list(c.compared) if c.compared else None
        try:
            self.result = agreement(c.store, names, article=article,
                                    require_done=article is None)
        except AnnotatorError as exc:
            self.result = None
            self.counts.setText(str(exc))
            for widget in (self.table, self.links, self.attributes):
                widget.setRowCount(0)
            self.pair.clear()
            self.chart.show_comparison(None)
            return False
        self._fill()
        return True

    def _fill(self) -> None:
        result = self.result
        assert result is not None
        spans = ", ".join(f"{name} {count}" for name, count in result.spans.items())
        self.counts.setText(f"{plural(result.articles, 'article')} "
                            f"({plural(result.characters, 'character', grouped=True)}) "
                            f"compared; spans: {spans}. Kappa per pair is Cohen's over "
                            "characters (attributes: over the matched spans where either "
                            "annotator set one); the total's kappa is the pairs' mean, its "
                            "alpha Krippendorff's over all annotators.")
        fill_table(self.table, [
            (who, label, figure(f.exact.precision), figure(f.exact.recall),
             figure(f.exact.f1), figure(f.overlap.precision), figure(f.overlap.recall),
             figure(f.overlap.f1), figure(f.kappa), figure(f.alpha),
             f"{f.exact.reference} / {f.exact.candidate}") for who, label, f in rows_of(result)])
        links, attributes = link_rows(result), attribute_rows(result)
        fill_table(self.links, links)
        fill_table(self.attributes, attributes)
        what = "speakers, sources, entries" if result.total.entry_links else "speakers, sources"
        self.tabs.setTabText(1, f"Links ({what}): {len(links)}")
        self.tabs.setTabText(2, f"Attributes: {len(attributes)}")
        self.pair.blockSignals(True)
        self.pair.clear()
        if len(result.pairs) != 1:
            self.pair.addItem("all annotators", -1)
        for i, comparison in enumerate(result.pairs):
            self.pair.addItem(" × ".join(comparison.annotators), i)
        self.pair.blockSignals(False)
        self._chart()

    def _chart(self) -> None:
        result, at = self.result, self.pair.currentData()
        if result is None or at is None:
            self.chart.show_comparison(None)
            return
        self.chart.show_comparison(result.total if at == -1 else result.pairs[at])


def show_agreement(parent: QWidget, c: Controller) -> None:
    if c.store is None:
        return
    names = people(c.store)
    if len(names) < 2:
        message(parent, "Agreement", "Agreement needs at least two annotators in this store: "
                "merge their stores first (File > Merge stores…).")
        return
    dialog = AgreementDialog(parent, c)
    if not dialog.compute() and c.state.article is not None:
        dialog.scope.setCurrentIndex(1)  # nothing done by everyone yet: this article
    dialog.exec()

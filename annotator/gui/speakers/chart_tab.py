"""The Charts tab of the Speakers view: the most quoted entries, and the share of quotes by
an entry attribute overall and by month. Drawn when the tab is shown, again after a
change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QScrollArea, QSpinBox, QVBoxLayout, QWidget

from ...core.registry.speakers import attribute_shares, figures
from ..plain import plain_label
from .charts import BarChart, ShareChart

if TYPE_CHECKING:
    from .panel import SpeakersPanel


class ChartTab(QWidget):
    def __init__(self, panel: SpeakersPanel) -> None:
        super().__init__()
        self.panel = panel
        self.attribute_box = QComboBox()
        self.attribute_box.setToolTip("The entry attribute whose share of quotes is shown")
        self.top_box = QSpinBox()
        self.top_box.setRange(5, 100)
        self.top_box.setValue(15)
        self.top_box.setPrefix("Top ")
        self.top = BarChart()
        self.shares = ShareChart()
        inside = QWidget()  # side by side: the dock is wider than high
        charts = QHBoxLayout(inside)
        for chart in (self.top, self.shares):
            column = QVBoxLayout()
            column.addWidget(chart)
            column.addStretch(1)
            charts.addLayout(column, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inside)
        bar = QHBoxLayout()
        bar.addWidget(self.top_box)
        bar.addWidget(plain_label("Share of quotes by"))
        bar.addWidget(self.attribute_box)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(scroll)
        self._stale = True
        self.top_box.valueChanged.connect(lambda _: self.changed())
        self.attribute_box.currentIndexChanged.connect(lambda _: self.changed())

    def changed(self) -> None:
        self._stale = True
        self.show_if_current()

    def show_if_current(self) -> None:
        if self._stale and self.panel.tabs.currentWidget() is self:
            self.draw()

    def draw(self) -> None:
        """Count and draw (every entry's figures: the model's when complete)."""
        self._stale = False
        store = self.panel.controller.store
        if store is None or not store.registry.exists():
            return
        self._fill_attributes()
        model = self.panel.model
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            counted = model.figures if model.complete else figures(store, self.panel.layer)
            names = {row[0]: row[1] for row in model.rows}
            top = sorted(((names.get(i, str(i)), f.get("quotes", 0)) for i, f in
                          counted.items() if f.get("quotes")), key=lambda x: (-x[1], x[0]))
            self.top.set_items("Most quoted", top[:self.top_box.value()])
            attribute = self.attribute_box.currentText()
            if attribute:
                overall, months = attribute_shares(store, attribute, self.panel.layer)
                self.shares.set_shares(f"Share of quotes by {attribute}", overall, months)
            else:
                self.shares.set_shares("No entry attributes in this store's schema", {}, {})
        finally:
            QGuiApplication.restoreOverrideCursor()

    def _fill_attributes(self) -> None:
        store = self.panel.controller.store
        assert store is not None
        names = [attr.name for attr in store.schema.entry_attributes]
        if names != [self.attribute_box.itemText(i)
                     for i in range(self.attribute_box.count())]:
            self.attribute_box.blockSignals(True)
            current = self.attribute_box.currentText()
            self.attribute_box.clear()
            self.attribute_box.addItems(names)
            if current in names:
                self.attribute_box.setCurrentText(current)
            self.attribute_box.blockSignals(False)

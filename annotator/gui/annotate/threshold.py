"""The suggestions' score threshold in the status bar, beside their count: a slider that
hides, live, the suggestions a model scored under it (J / K skip them, the count follows).
Shown while a suggestion layer with scores is shown; suggestions without a score (a
model's entities, the rule-based sources) are never hidden."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QSlider, QWidget

from ..controller import Controller

STEPS = 100  # the slider's positions: a score's hundredths


class ThresholdSlider(QWidget):
    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = controller
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, STEPS)
        self.slider.setPageStep(10)
        self.slider.setFixedWidth(110)
        self.slider.setAccessibleName("Least score of the suggestions shown")
        tip = ("Hide the suggestions the model scored under this (View > Suggestions); "
               "suggestions without a score always show")
        self.setToolTip(tip)
        self.slider.setToolTip(tip)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.slider)
        # as wide as it needs: the status bar must not spread the label from its slider
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self._scored: dict[str, bool] = {}  # per layer: has it any scores
        self._show_value(0)
        self.slider.valueChanged.connect(self._moved)
        controller.store_opened.connect(self._scored.clear)
        controller.suggestions_changed.connect(self.follow)
        controller.mode_changed.connect(self.follow)
        self.hide()

    @property
    def threshold(self) -> float:
        return self.slider.value() / STEPS

    def set_threshold(self, value: float) -> None:
        self.slider.setValue(round(value * STEPS))

    def _moved(self, value: int) -> None:
        self._show_value(value)
        self.controller.set_suggestion_threshold(value / STEPS)

    def _show_value(self, value: int) -> None:
        self.label.setText(f"score ≥ {value / STEPS:.2f}")

    def follow(self) -> None:
        """Shown while the suggestion layer shown has scores."""
        c = self.controller
        layer = c.suggestion_layer
        if not c.suggesting or layer is None or c.store is None:
            self.setVisible(False)
            return
        if layer not in self._scored:
            self._scored[layer] = c.store.suggestions.has_scores(layer)
        self.setVisible(self._scored[layer])

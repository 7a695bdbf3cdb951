"""PySide6 6.12.0 on Python 3.11 aborts after a few thousand calls of methods that return
nothing (docs/architecture.md, "Traps found in Qt and PySide6"); the dependency is
constrained so that it cannot be installed.
This guards the constraint: 20,000 such calls in a fresh interpreter must exit cleanly."""

from __future__ import annotations

import os
import subprocess
import sys

CALLS = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
obj, label = QObject(), QLabel()
for i in range(20_000):
    obj.setObjectName("x")
    label.setText("x")
print("survived")
"""


def test_twenty_thousand_void_calls_do_not_abort():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", CALLS], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived"

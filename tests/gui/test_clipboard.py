"""Copying from the article and quitting: the copy holds the stored text, and the program
ends cleanly (a clipboard holding data made on the Python side crashed the interpreter as
it exited, after every test had passed)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

COPY_THEN_QUIT = textwrap.dedent("""
    from PySide6.QtWidgets import QApplication
    from annotator.core.text import Utf16Index
    from annotator.gui.annotate.text_view import ArticleView
    app = QApplication([])
    view = ArticleView()
    view.show()
    text = "Zarif met Ortiz\\u00a0in Doha.\\nTalks resume."
    view.show_article(text, Utf16Index(text), {}, None)
    view.select_range(10, 23)
    view.copy()
    print(repr(QApplication.clipboard().text()))
    print(QApplication.clipboard().mimeData().formats())
""")


def test_a_copy_holds_the_stored_text_and_quitting_after_it_is_clean():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", COPY_THEN_QUIT], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    text, formats = done.stdout.splitlines()
    assert text == repr("Ortiz\u00a0in Doha")  # the stored text, its NBSP kept
    assert formats == "['text/plain']"  # nothing of Qt's copy (its HTML turns NBSP to space)

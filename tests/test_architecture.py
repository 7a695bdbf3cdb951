"""The layering that DESIGN.md promises: the core and the CLI never load Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "annotator"


def test_core_and_cli_do_not_load_pyside6():
    code = ("import sys, annotator.core, annotator.cli, annotator.core.demo; "
            "loaded = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'shiboken6', 'annotator.gui')); print(loaded)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
    return names


def test_core_never_imports_qt_gui_or_cli():
    for path in (PACKAGE / "core").rglob("*.py"):
        for name in imports_of(path):
            assert not name.startswith(("PySide6", "shiboken6", "annotator.gui",
                                        "annotator.cli")), f"{path}: imports {name}"
            assert name.lstrip(".") not in ("gui", "cli") or name.count(".") < 2, path


def test_sql_lives_in_the_store_package():
    for path in PACKAGE.rglob("*.py"):
        if "store" in path.relative_to(PACKAGE).parts:
            continue
        text = path.read_text("utf-8")
        for keyword in (".execute(", ".executemany(", "import sqlite3\n"):
            if keyword == "import sqlite3\n" and path.name == "cli_common.py":
                continue  # the CLI catches sqlite3.DatabaseError to print it in one line
            assert keyword not in text, f"{path} has SQL ({keyword!r}) outside the store"

"""The layering that docs/architecture.md promises: the core and the CLI never load Qt."""

from __future__ import annotations

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


def test_import_contracts_hold():
    """The layer contracts in pyproject.toml (import-linter): they follow every import,
    `from .. import gui` and imports inside functions too."""
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter)], capture_output=True, text=True,
                            cwd=PACKAGE.parent)
    assert result.returncode == 0, result.stdout + result.stderr


def test_sql_lives_in_the_store_package():
    for path in PACKAGE.rglob("*.py"):
        if "store" in path.relative_to(PACKAGE).parts:
            continue
        text = path.read_text("utf-8")
        for keyword in (".execute(", ".executemany(", "import sqlite3\n"):
            if keyword == "import sqlite3\n" and path.name == "cli_common.py":
                continue  # the CLI catches sqlite3.DatabaseError to print it in one line
            assert keyword not in text, f"{path} has SQL ({keyword!r}) outside the store"

"""Writing DIR/model-best and DIR/report.json so that no reader ever sees half of either.

The pipeline is written into a temporary folder inside DIR (`.model-best.tmp-PID-...`) and
renamed into place at the end; the report is written beside it under a temporary name and
renamed too. A run that is killed leaves only its temporaries, which the next run removes
(those of a process that is no longer running: two runs into one DIR do not disturb each
other's).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import orjson

MODEL = "model-best"
REPORT = "report.json"
_TMP = ".model-best.tmp-"
_OLD = ".model-best.old-"
_REPORT_TMP = ".report.json.tmp-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def clean_stale(folder: Path) -> list[Path]:
    """Remove the temporaries of runs that died; the paths removed."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for entry in folder.iterdir():
        prefix = next((p for p in (_TMP, _OLD, _REPORT_TMP) if entry.name.startswith(p)), None)
        if prefix is None:
            continue
        pid_text = entry.name[len(prefix):].split("-", 1)[0]
        if pid_text.isdigit() and int(pid_text) != os.getpid() and _alive(int(pid_text)):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed


class Output:
    """DIR, a temporary folder for the pipeline, and publishing both files."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.created = not folder.exists()
        folder.mkdir(parents=True, exist_ok=True)
        clean_stale(folder)
        self.temp = Path(tempfile.mkdtemp(dir=folder, prefix=f"{_TMP}{os.getpid()}-"))

    @property
    def model(self) -> Path:
        return self.folder / MODEL

    @property
    def report(self) -> Path:
        return self.folder / REPORT

    def publish(self, report: dict[str, Any]) -> None:
        """The pipeline in `temp` becomes DIR/model-best; then the report is written."""
        old = None
        if self.model.exists():
            old = Path(tempfile.mkdtemp(dir=self.folder, prefix=f"{_OLD}{os.getpid()}-"))
            os.rmdir(old)
            os.replace(self.model, old)
        os.replace(self.temp, self.model)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        handle, name = tempfile.mkstemp(dir=self.folder, prefix=f"{_REPORT_TMP}{os.getpid()}-")
        with os.fdopen(handle, "wb") as out:
            out.write(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(name, self.report)

    def discard(self) -> None:
        """Remove what this run wrote (and DIR itself when the run made it and it is empty)."""
        shutil.rmtree(self.temp, ignore_errors=True)
        if self.created:
            with contextlib.suppress(OSError):
                self.folder.rmdir()

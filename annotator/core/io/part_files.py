"""The files of one export, written as `FILE.part` beside each target and renamed at the end.

Whatever goes wrong (a full disk, a cancel, a lossy --strict export), no file is left: the
`.part` files are closed and removed even when closing fails too, and targets already
renamed are removed when a later rename fails. Errors name the user's path, never the
`.part` file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO


def named(exc: OSError, path: str | Path) -> OSError:
    """The same error, about `path` (the file the user asked for)."""
    if exc.errno is None:
        return exc
    return OSError(exc.errno, exc.strerror, str(path))  # keeps the subclass (errno maps it)


class PartFiles:
    def __init__(self, targets: dict[str | None, Path]) -> None:
        self.targets = targets
        self.partials = {name: t.with_name(t.name + ".part") for name, t in targets.items()}
        self.handles: dict[str | None, BinaryIO] = {}

    @contextmanager
    def about(self, name: str | None) -> Iterator[None]:
        """Errors inside name the target of part `name`."""
        try:
            yield
        except OSError as exc:
            raise named(exc, self.targets[name]) from exc

    def open(self, name: str | None) -> BinaryIO:
        with self.about(name):
            self.handles[name] = self.partials[name].open("wb")
        return self.handles[name]

    def commit(self) -> None:
        """Close every file and rename it to its target (the caller discards on failure)."""
        for name, handle in self.handles.items():
            with self.about(name):
                handle.close()
        renamed: list[Path] = []
        try:
            for name, partial in self.partials.items():
                with self.about(name):
                    os.replace(partial, self.targets[name])
                renamed.append(self.targets[name])
        except BaseException:
            for target in renamed:  # all the parts or none of them
                target.unlink(missing_ok=True)
            raise

    def discard(self) -> None:
        """Close and remove every `.part` file; closing may fail again (the disk is full)."""
        for handle in self.handles.values():
            with suppress(OSError):
                handle.close()
        for partial in self.partials.values():
            with suppress(OSError):
                partial.unlink(missing_ok=True)

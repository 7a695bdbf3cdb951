"""A disk that fills up part-way through an export: the `.part` files' writes raise ENOSPC.

The export opens its files with `Path.open`; this wraps the raw file of every `.part` it
opens so that writing past `room` bytes (counted over all of them) raises
`OSError(ENOSPC)`, as a full disk does. Python's buffering stays real, so the error comes
from `write`, `flush` or `close`, wherever the bytes happen to leave the buffer.
"""

from __future__ import annotations

import errno
import io
import os
import pathlib

import pytest


class _FullFile(io.FileIO):
    room = 0

    def write(self, data) -> int:  # type: ignore[override]
        if len(data) > _FullFile.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        _FullFile.room -= len(data)
        return super().write(data)


def fill_disk(monkeypatch: pytest.MonkeyPatch, room: int) -> None:
    """From now on the `.part` files get `room` bytes between them, then ENOSPC."""
    real_open = pathlib.Path.open
    _FullFile.room = room

    def open_(self: pathlib.Path, mode: str = "r", *args, **kwargs):
        if self.name.endswith(".part") and "w" in mode:
            return io.BufferedWriter(_FullFile(self, "w"), buffer_size=64)
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", open_)

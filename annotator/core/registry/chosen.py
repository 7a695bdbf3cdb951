"""Files a person chose together for an import or a merge (the window's file dialog):
the registry file among them, told by its content, is the registry the others' spans'
entry ids name (`import --with-registry`, `merge --with-registry`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from .jsonl import is_registry_file


@dataclass(frozen=True)
class ChosenFiles:
    """The files chosen, the registry files apart from the others (articles or stores),
    each in the order chosen."""

    others: tuple[Path, ...]
    registries: tuple[Path, ...]

    @property
    def registry(self) -> Path | None:
        """The registry file that goes with the others (None when none was chosen)."""
        return self.registries[0] if self.registries else None

    def told(self) -> list[str]:
        """The line that says which file was read as the others' registry (it was told by
        its content, so the person sees it was), or none."""
        if self.registry is None or not self.others:
            return []
        return [(f"Registry file: {self.registry.name} (the registry the other files' spans "
                "name).")]


def sort_chosen(paths: Sequence[Path]) -> ChosenFiles:
    """Tell the registry files among `paths` (registry/jsonl.py's `is_registry_file`).

    Registry files alone are imported as registries; with other files there may be one,
    since the others' entry ids name the entries of the one registry they were exported
    with: two or more is a DataError (nothing is stored)."""
    registries = tuple(path for path in paths if is_registry_file(path))
    others = tuple(path for path in paths if path not in registries)
    if others and len(registries) > 1:
        names = ", ".join(path.name for path in registries)
        raise DataError(f"{len(registries)} registry files chosen ({names}): choose the one "
                        "the other files were exported with (nothing was stored)")
    return ChosenFiles(others, registries)

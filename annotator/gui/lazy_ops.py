"""`ops.AddSpan` etc.: the core's operations, imported on first use (a store opened, a first
change), after the window has painted (docs/architecture.md, "Measured choices")."""

from __future__ import annotations

from typing import Any


class _Operations:
    def __getattr__(self, name: str) -> Any:
        from ..core import operations
        return getattr(operations, name)


ops = _Operations()

"""A registry entry: one person or organisation, as the store hands it out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Entry:
    """A person or organisation across the corpus. `kind` is an entity label of the schema
    (PERSON, ORG, ...); `aliases` are the other names it goes by; `wikidata` its Wikidata id
    (`Q42`) when known; `attrs` the schema's entry attributes (gender, role, ...)."""

    id: int
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    wikidata: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        """The name, then the aliases."""
        return (self.name, *self.aliases)

    def as_record(self) -> dict[str, Any]:
        """The entry as a JSON object (the registry's JSONL, `registry show --json`)."""
        return {"id": self.id, "name": self.name, "kind": self.kind,
                "aliases": list(self.aliases), "description": self.description,
                "wikidata": self.wikidata, "attrs": dict(self.attrs)}

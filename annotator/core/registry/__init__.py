"""The speaker registry: the people and organisations across the corpus, one entry each,
and the links of entity spans to them (docs/architecture.md, "The registry").

The entries and links live in the store (`store.registry`, migration 0008_registry); the
operations that change them are in core/operations/registry.py; this package holds what
works on them without SQL: the entry record, name matching for the picker and for
`annotator link`, and the registry's JSONL.
"""

from .entry import Entry

__all__ = ["Entry"]

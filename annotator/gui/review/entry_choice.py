"""Choosing the registry entry a gold span links to (Review > Choose the gold entry…):
the entries the compared annotators linked come first, with who linked them, then "No
entry", then the rest of the registry's entries that fit the span's label."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.rules import entry_link_problem
from ..dialogs.picker import pick
from ..lazy_ops import ops

if TYPE_CHECKING:
    from ...core.review import Candidate
    from .host import ReviewHost
    from .session import ReviewSession

NO_ENTRY = -1
MAX_OFFERED = 2000  # the registry's other entries offered in the list (type to filter)


def entry_choices(session: ReviewSession, cand: Candidate, span_index: int
                  ) -> list[tuple[str, int]]:
    """(text, entry id or NO_ENTRY) for the gold span at `span_index` of the candidate."""
    store = session.controller.store
    assert store is not None
    gold = cand.gold[span_index]
    offered: dict[int, list[str]] = {}
    for version in cand.versions:
        for span, entry in zip(version.spans, version.entries, strict=False):
            if (span.start, span.end) == (gold.start, gold.end) and entry is not None:
                offered.setdefault(entry, []).extend(version.annotators)
    choices = []
    for entry_id, names in offered.items():
        entry = store.registry.entry(entry_id)
        if entry is not None:
            choices.append((f"{entry.name} ({entry.kind}): linked by {', '.join(names)}",
                            entry_id))
    choices.append(("No entry", NO_ENTRY))
    schema = store.schema
    for entry in store.registry.entries():
        if len(choices) > MAX_OFFERED:
            break
        if entry.id not in offered and entry_link_problem(schema, gold.label,
                                                          entry.kind) is None:
            aliases = f" · {', '.join(entry.aliases)}" if entry.aliases else ""
            choices.append((f"{entry.name} ({entry.kind}){aliases}", entry.id))
    return choices


def choose_gold_entry(host: ReviewHost, session: ReviewSession) -> None:
    """Ask which entry the current candidate's gold span links to, and link it (undoable)."""
    c, cand = session.controller, session.candidate
    if cand is None:
        c.message.emit("Choose a candidate first: J goes to the next disagreement.")
        return
    if not cand.gold:
        c.message.emit("Accept a version first (1-9): the entry is the gold span's.")
        return
    ids = [s.id for s in cand.gold]
    at = ids.index(c.state.selected) if c.state.selected in ids else 0
    gold = cand.gold[at]
    store = c.store
    assert store is not None
    if gold.label not in store.schema.linkable_labels():
        c.message.emit(f"A {gold.label} span links to no registry entry.")
        return
    current = store.registry.linked_entry(gold.id)
    chosen = pick(host.window(), "Gold entry", f"Link “{gold.text[:60]}” ({gold.label}) to:",
                  entry_choices(session, cand, at))
    if chosen is None or chosen == (current if current is not None else NO_ENTRY):
        return
    c.run(ops.UnlinkEntry(gold.id) if chosen == NO_ENTRY else ops.LinkEntry(gold.id, chosen))

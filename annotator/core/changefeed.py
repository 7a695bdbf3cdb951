"""Following the store's change log: what was written outside one undo history.

Every writer reports through the change log (`Store.log_change`): each operation with its
article and layer, each import and merge with the layers it added or changed. A window keeps
a ChangeFeed and polls it; what the feed returns is everything its own undo history did not
do (its own imports and merges included: they cannot be undone), so the window can show it
and clear its history where the two meet.
"""

from __future__ import annotations

from dataclasses import dataclass

from .store import LoggedChange, Store

BULK_OPS = frozenset({"import", "merge", "suggest"})  # import_files, merge_stores, suggest
# Writes that may change the registry (operations/registry.py's, and the bulk ones that
# bring entries in), with or without "undo " / "redo ".
REGISTRY_OPS = frozenset({"create entry", "edit entry", "delete entry", "merge entries",
                          "split entries", "link entry", "unlink entry", "decide proposal",
                          "import registry", "merge"})


def layers_detail(touched: dict[str, set[int]]) -> dict[str, dict[str, list[int]]]:
    """A bulk write's layers for its change-log row: article keys by annotator."""
    return {"layers": {name: sorted(pks) for name, pks in sorted(touched.items())}}


@dataclass(frozen=True)
class Outside:
    """Changes made outside the undo history, and whether another program also committed
    something the log does not describe (`unlogged`: its reach is unknown)."""

    changes: tuple[LoggedChange, ...]
    unlogged: bool = False

    @property
    def layers(self) -> frozenset[tuple[int, str | None]]:
        """The layers the logged changes touched ((article, None): the article's notes, or a
        layer the change did not name)."""
        return frozenset().union(*(change.layers for change in self.changes))

    @property
    def articles(self) -> frozenset[int]:
        """The articles whose layers or notes the logged changes touched."""
        return frozenset(article for article, _ in self.layers)

    @property
    def registry(self) -> bool:
        """Whether a logged change may have changed the registry or a span's link to it
        (a window's picker and Speakers view read it again)."""
        return self.unlogged or any(
            change.op.removeprefix("undo ").removeprefix("redo ") in REGISTRY_OPS
            for change in self.changes)

    def touches(self, article: int) -> bool:
        return self.unlogged or article in self.articles

    def reason(self) -> str:
        """Who wrote, for the user: "the merge", "the import", or someone else."""
        if self.changes and all(change.own for change in self.changes):
            ops = sorted({change.op for change in self.changes})
            return "the " + " and the ".join(ops)
        return "another window or program"


class ChangeFeed:
    """What was written to a store since the last poll, other than this connection's
    undoable operations. A poll with nothing new costs two tiny queries."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.version = store.changes.data_version()
        self.last_id = store.changes.last_change_id()

    def poll(self) -> Outside | None:
        store = self.store
        if store.in_transaction:  # mid-import: look again once it is committed
            return None
        state = store.changes.feed_state()
        if state is None or state == (self.version, self.last_id):
            return None
        version, last = state
        rows = store.changes.changes_since(self.last_id)
        foreign_commit = version != self.version
        self.version = version
        self.last_id = max([last, self.last_id, *(row.id for row in rows)])
        outside = tuple(row for row in rows if not row.own or row.op in BULK_OPS)
        unlogged = foreign_commit and all(row.own for row in rows)
        if not outside and not unlogged:
            return None
        return Outside(outside, unlogged)

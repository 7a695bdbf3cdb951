"""Every user action as a small named operation that knows its own inverse.

`op.apply(store, actor)` runs the action in one transaction, appends it to the change log and
returns `(Change, inverse)`: what changed (the GUI refreshes from it) and the operation that
undoes it. Undo and redo are nothing but applying the inverse (see history.py).
"""

from .base import Change, Operation
from .layers import Group, SetStatus
from .links import AddRelation, RemoveRelation
from .registry import (
    CreateEntry,
    DecideProposal,
    DeleteEntry,
    EditEntry,
    LinkEntry,
    MergeEntries,
    SplitEntries,
    UnlinkEntry,
)
from .review import (
    Accept,
    AddComment,
    AddGoldSpan,
    DeleteComment,
    DeleteReview,
    RecordReview,
    Reject,
)
from .spans import AddSpan, DeleteSpan, Relabel, SetAttribute, SetBounds
from .suggestions import (
    AcceptAllSuggestions,
    AcceptSuggestion,
    DeleteSuggestionDecision,
    RecordSuggestionDecision,
    RejectSuggestion,
)

__all__ = ["Accept", "AcceptAllSuggestions", "AcceptSuggestion", "AddComment", "AddGoldSpan",
           "AddRelation", "AddSpan", "Change", "CreateEntry", "DecideProposal",
           "DeleteComment", "DeleteEntry", "DeleteReview", "DeleteSpan",
           "DeleteSuggestionDecision", "EditEntry", "Group", "LinkEntry", "MergeEntries",
           "Operation", "RecordReview", "RecordSuggestionDecision", "Reject",
           "RejectSuggestion", "Relabel", "RemoveRelation", "SetAttribute", "SetBounds",
           "SetStatus", "SplitEntries", "UnlinkEntry"]

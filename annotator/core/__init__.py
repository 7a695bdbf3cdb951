"""The Qt-free core: store, offsets, import and export, operations with undo.

Usable from a script or a notebook:

    from annotator.core import Store, default_schema, import_files, History, AddSpan
    store = Store.create("news.db", default_schema())
    import_files(store, ["articles.jsonl"])

Names are loaded on first use (PEP 562), so that importing one small module of the core
(the window needs `text` at once) does not load the store's libraries before the window is
on the screen.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_WHERE = {
    "AnnotatorError": "errors", "DataError": "errors", "OperationError": "errors",
    "StoreError": "errors", "export_jsonl": "io.jsonl", "History": "history",
    "export_formats": "io", "export_to_path": "io",
    "ImportCancelled": "io.importing", "ImportSummary": "io.importing",
    "import_files": "io.importing",
    "MergeCancelled": "merge", "MergeSummary": "merge", "merge_stores": "merge",
    "STATUSES": "model", "Article": "model", "Relation": "model", "Span": "model",
    "AddRelation": "operations", "AddSpan": "operations", "Change": "operations",
    "DeleteSpan": "operations", "Group": "operations", "Relabel": "operations",
    "RemoveRelation": "operations", "SetAttribute": "operations", "SetBounds": "operations",
    "SetStatus": "operations", "Label": "schema", "RelationLabel": "schema",
    "Schema": "schema", "default_schema": "schema", "load_schema": "schema",
    "Store": "store", "Utf16Index": "text", "canonicalise": "text",
    "snap_to_graphemes": "text",
}
__all__ = [
    "STATUSES",
    "AddRelation",
    "AddSpan",
    "AnnotatorError",
    "Article",
    "Change",
    "DataError",
    "DeleteSpan",
    "Group",
    "History",
    "ImportCancelled",
    "ImportSummary",
    "Label",
    "MergeCancelled",
    "MergeSummary",
    "OperationError",
    "Relabel",
    "Relation",
    "RelationLabel",
    "RemoveRelation",
    "Schema",
    "SetAttribute",
    "SetBounds",
    "SetStatus",
    "Span",
    "Store",
    "StoreError",
    "Utf16Index",
    "canonicalise",
    "default_schema",
    "export_formats",
    "export_jsonl",
    "export_to_path",
    "import_files",
    "load_schema",
    "merge_stores",
    "snap_to_graphemes",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from .errors import AnnotatorError, DataError, OperationError, StoreError
    from .history import History
    from .io import export_formats, export_to_path
    from .io.importing import ImportCancelled, ImportSummary, import_files
    from .io.jsonl import export_jsonl
    from .merge import MergeCancelled, MergeSummary, merge_stores
    from .model import STATUSES, Article, Relation, Span
    from .operations import (
        AddRelation,
        AddSpan,
        Change,
        DeleteSpan,
        Group,
        Relabel,
        RemoveRelation,
        SetAttribute,
        SetBounds,
        SetStatus,
    )
    from .schema import Label, RelationLabel, Schema, default_schema, load_schema
    from .store import Store
    from .text import Utf16Index, canonicalise, snap_to_graphemes

"""The Qt-free core: store, offsets, import and export, operations with undo.

Usable from a script or a notebook:

    from annotator.core import Store, default_schema, import_files, History, AddSpan
    store = Store.create("news.db", default_schema())
    import_files(store, ["articles.jsonl"])
"""

from .errors import AnnotatorError, DataError, OperationError, StoreError
from .exporter import export_jsonl
from .history import History
from .importer import ImportCancelled, ImportSummary, import_files
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

__all__ = [
    "AddRelation", "AddSpan", "AnnotatorError", "Article", "Change", "DataError", "DeleteSpan",
    "Group", "History", "ImportCancelled", "ImportSummary", "Label", "OperationError",
    "Relabel", "Relation", "RelationLabel", "RemoveRelation", "STATUSES", "Schema",
    "SetAttribute", "SetBounds", "SetStatus", "Span", "Store", "StoreError", "Utf16Index",
    "canonicalise", "default_schema", "export_jsonl", "import_files", "load_schema",
    "snap_to_graphemes",
]

"""Export formats: the project's JSONL, Prodigy, doccano, CoNLL IOB2 and spaCy's DocBin.

One entry point, export_to_path(), for the CLI and the GUI; export_formats() lists the
formats for a dialog. spaCy is imported lazily, only by the formats that tokenise.
"""

from .base import FileSummary
from .export import (
    EXPORT_FORMAT_NAMES,
    ExportCancelled,
    ExportLossError,
    ExportSummary,
    FormatInfo,
    export_count,
    export_formats,
    export_to_path,
    export_to_stream,
)
from .losses import Loss
from .tokens import INSTALL_HINT, SpacyMissing, spacy_available

__all__ = [
    "EXPORT_FORMAT_NAMES", "ExportCancelled", "ExportLossError", "ExportSummary", "FileSummary",
    "FormatInfo", "INSTALL_HINT", "Loss", "SpacyMissing", "export_count", "export_formats",
    "export_to_path", "export_to_stream", "spacy_available",
]

"""Files in and out: one module per format holds what reads and writes it, beside the
import pipeline (`importing`, `readers`, `import_records`) and the export's (`exporting`).

Export formats: the project's JSONL, Prodigy, doccano, CoNLL IOB2 and spaCy's DocBin. One
entry point, export_to_path(), for the CLI and the GUI; export_formats() lists the formats
for a dialog. spaCy is imported lazily, only by the formats that tokenise. Importing is
`io.importing.import_files` (not loaded here: an export does not need it).
"""

from .exporting import (
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
from .writer import FileSummary

__all__ = [
    "EXPORT_FORMAT_NAMES",
    "INSTALL_HINT",
    "ExportCancelled",
    "ExportLossError",
    "ExportSummary",
    "FileSummary",
    "FormatInfo",
    "Loss",
    "SpacyMissing",
    "export_count",
    "export_formats",
    "export_to_path",
    "export_to_stream",
    "spacy_available",
]

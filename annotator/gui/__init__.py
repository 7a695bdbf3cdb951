"""The window (PySide6): a thin layer over `annotator.core`. Widgets never run SQL; they call
the controller, which runs core operations and tells the widgets what changed."""

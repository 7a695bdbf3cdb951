"""The demo store: sample articles shipped in the package, made into a store on first use."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import platformdirs

from .io.importing import import_files
from .schema import default_schema
from .store import Store

APP_NAME = "annotator"


def default_store_path() -> Path:
    """Where the demo store lives: the user's data folder (e.g. ~/.local/share/annotator)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo.db"


def ensure_demo_store(path: Path | None = None) -> tuple[Path, bool]:
    """The demo store's path, creating it from the packaged articles if there is none.

    Returns (path, created).
    """
    path = path or default_store_path()
    if path.exists():
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    articles = resources.files("annotator.data").joinpath("demo", "articles.jsonl")
    partial = path.with_name(path.name + ".part")
    partial.unlink(missing_ok=True)
    with resources.as_file(articles) as source:
        store = Store.create(partial, default_schema())
        try:
            summary = import_files(store, [source])
        finally:
            store.close()
    if summary.errors:  # a packaging mistake; never leave a half-made store behind
        partial.unlink()
        raise RuntimeError(f"the demo articles do not import: {summary.errors[0]}")
    partial.rename(path)  # closing checkpointed the WAL: the file is complete on its own
    return path, True

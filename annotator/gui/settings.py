"""UI state kept between runs (QSettings): who is annotating, recent stores, where each
store was left, window geometry. Nothing about the data lives here: that is in the store."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8


class Settings:
    """Typed access to the app's QSettings; tests pass an INI file of their own."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            self.qt = QSettings("Annotator", "Annotator")
        else:
            self.qt = QSettings(str(path), QSettings.Format.IniFormat)

    # -- who -------------------------------------------------------------------------

    @property
    def annotator(self) -> str:
        return str(self.qt.value("annotator", "") or "")

    @annotator.setter
    def annotator(self, name: str) -> None:
        self.qt.setValue("annotator", name)

    @staticmethod
    def login_name() -> str:
        import getpass
        try:
            return getpass.getuser()
        except (KeyError, OSError):  # no entry in the password database (containers)
            return "annotator"

    # -- stores ----------------------------------------------------------------------

    def recent_stores(self) -> list[Path]:
        value = self.qt.value("recent_stores", []) or []
        if isinstance(value, str):  # QSettings hands back a one-item list as a string
            value = [value]
        return [Path(item) for item in value]

    def add_recent_store(self, path: Path) -> None:
        path = path.resolve()
        paths = [path] + [p for p in self.recent_stores() if p != path]
        self.qt.setValue("recent_stores", [str(p) for p in paths[:MAX_RECENT]])

    def last_store(self) -> Path | None:
        for path in self.recent_stores():
            if path.exists():
                return path
        return None

    @staticmethod
    def _store_key(path: Path) -> str:
        import hashlib
        return "stores/" + hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:16]

    def place(self, store: Path) -> tuple[str | None, int]:
        """Where the user left this store: (article id, offset at the top of the view)."""
        key = self._store_key(store)
        article = self.qt.value(f"{key}/article", None)
        scroll = int(self.qt.value(f"{key}/scroll", 0) or 0)
        return (str(article) if article else None), scroll

    def set_place(self, store: Path, article: str | None, scroll: int) -> None:
        key = self._store_key(store)
        self.qt.setValue(f"{key}/article", article or "")
        self.qt.setValue(f"{key}/scroll", scroll)

    def suggestion_layer(self, store: Path) -> str | None:
        """The suggestion layer last shown over this store, if any."""
        return str(self.qt.value(f"{self._store_key(store)}/suggestions", "") or "") or None

    def set_suggestion_layer(self, store: Path, layer: str | None) -> None:
        self.qt.setValue(f"{self._store_key(store)}/suggestions", layer or "")

    # -- window and view -------------------------------------------------------------

    def bytes_value(self, name: str) -> QByteArray | None:
        value = self.qt.value(name)
        return value if isinstance(value, QByteArray) else None

    def set_bytes_value(self, name: str, value: QByteArray) -> None:
        self.qt.setValue(name, value)

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.qt.value(name, default)
        return value in (True, "true", "1", 1)

    def set_flag(self, name: str, value: bool) -> None:
        self.qt.setValue(name, bool(value))

    def number(self, name: str, default: int = 0) -> int:
        try:
            return int(self.qt.value(name, default))
        except (TypeError, ValueError):
            return default

    def set_number(self, name: str, value: int) -> None:
        self.qt.setValue(name, int(value))

    def text(self, name: str, default: str = "") -> str:
        return str(self.qt.value(name, default) or default)

    def set_text(self, name: str, value: str) -> None:
        self.qt.setValue(name, value)

    def sync(self) -> None:
        self.qt.sync()

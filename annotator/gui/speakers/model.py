"""The entries table of the Speakers view: every registry entry, its counts read lazily.

Opening reads the entries alone (one query); the counts of the rows in view are read when
they are first shown (indexed lookups for a page of entries), and all of them once, when a
count column is sorted or the figures are asked for, in a thread of its own for a large
store. Sorting and filtering happen here in Python: a QSortFilterProxyModel calls `data()`
for every comparison, 30 s to sort 100,000 rows (benchmarks/README.md, registry.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt, QThread, Signal

from ...core.registry.speakers import count_names, figures, nothing
from ..table_model import ColumnsModel, Index

if TYPE_CHECKING:
    from ...core.store import Store

# Rows counted around the one first shown without its counts (a screenful and more).
PAGE = 200
# Above this many entries a file store is counted in a thread (the view stays usable).
THREAD_FROM = 5_000


# (id, name, kind, Wikidata id): plain tuples, as the store reads them; 100,000 objects
# made per row cost more than the query.
EntryRow = tuple[int, str, str, "str | None"]
ID, NAME, KIND, WIKIDATA = range(4)


class _Counter(QThread):
    """Counts every entry on a read-only connection of its own (SQLite's work runs without
    the interpreter lock, so the window keeps drawing). It belongs to no model: a model
    closed meanwhile is simply not told, and the application waits for it on quitting."""

    counted = Signal(int, object)  # the load it counted for, the figures

    def __init__(self, path: str, annotator: str | None, loaded: int) -> None:
        super().__init__()
        self.path, self.annotator, self.loaded = path, annotator, loaded

    def run(self) -> None:
        from ...core.store import Store
        with Store.open_read_only(self.path) as store:
            self.counted.emit(self.loaded, figures(store, self.annotator))


_RUNNING: set[_Counter] = set()


def _wait_for_counters() -> None:
    for thread in list(_RUNNING):
        thread.wait()


def _finished(thread: _Counter) -> None:
    _RUNNING.discard(thread)
    thread.deleteLater()


class SpeakerModel(ColumnsModel):
    """One row per entry: name, kind, Wikidata id, then the counts and dates."""

    counting = Signal(bool)  # every entry is being counted (True) or is (False)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.counts = count_names()
        self.columns = ("Name", "Kind", *(c.capitalize() for c in self.counts),
                        "First", "Last", "Wikidata")
        self._fields = ("name", "kind", *self.counts, "first_date", "last_date", "wikidata")
        self.store: Store | None = None
        self.annotator: str | None = None
        self.rows: list[EntryRow] = []
        self._position: dict[int, int] | None = None  # entry id -> index into rows
        self._matching: set[int] | None = None  # the entries the filter text finds
        self.figures: dict[int, dict[str, Any]] = {}
        self.complete = False  # every entry counted
        self.shown: list[int] = []  # indices into rows, filtered and sorted
        self.text, self.kind = "", ""
        self.sort_column, self.order = 2, Qt.SortOrder.DescendingOrder
        self._thread: _Counter | None = None
        self._loaded = 0  # reloads, so a late thread's counts for an old load are dropped

    # -- loading -----------------------------------------------------------------------

    def load(self, store: Store | None, annotator: str | None = None) -> None:
        """Read the entries again (a change, another layer); the counts follow."""
        self.beginResetModel()
        self.store, self.annotator = store, annotator
        self._loaded += 1
        self.rows = (store.registry.entry_list()
                     if store is not None and store.registry.exists() else [])
        self._position = None
        self._matching = None
        self.figures, self.complete = {}, False
        if store is None or store.path is None or len(self.rows) <= THREAD_FROM:
            self._count_now()
        self._arrange()
        self.endResetModel()
        if not self.complete:
            self._count_in_thread()

    def _count_now(self) -> None:
        if self.store is not None:
            self.figures = figures(self.store, self.annotator)
        self.complete = True

    def _count_in_thread(self) -> None:
        assert self.store is not None and self.store.path is not None
        thread = _Counter(str(self.store.path), self.annotator, self._loaded)
        thread.counted.connect(self._counted)
        thread.finished.connect(lambda: _finished(thread))
        app = QCoreApplication.instance()
        if app is not None and not app.property("speakers_wait"):
            app.aboutToQuit.connect(_wait_for_counters)
            app.setProperty("speakers_wait", True)
        _RUNNING.add(thread)
        self._thread = thread
        self.counting.emit(True)
        thread.start()

    def _counted(self, loaded: int, found: dict[int, dict[str, Any]]) -> None:
        if loaded != self._loaded:
            return  # counts of an earlier load
        self.layoutAboutToBeChanged.emit()
        self.figures, self.complete = found, True
        self._arrange_keeping()
        self.counting.emit(False)

    def wait(self) -> None:
        """Block until a counting thread is done and its counts are in (tests, benchmarks)."""
        thread = self._thread
        if thread is not None and thread in _RUNNING:
            thread.wait()
            QCoreApplication.sendPostedEvents()

    def figures_of(self, entry_id: int) -> dict[str, Any] | None:
        """An entry's figures, or None while not counted yet."""
        found = self.figures.get(entry_id)
        if found is None and self.complete:
            return nothing()
        return found

    def _count_around(self, position: int) -> None:
        """Count the entries shown near `position` that have no counts yet."""
        if self.store is None:
            return
        ids = [self.rows[i][ID] for i in self.shown[max(0, position - PAGE // 4):
                                                   position + PAGE]]
        missing = [i for i in ids if i not in self.figures]
        found = figures(self.store, self.annotator, missing)
        for entry_id in missing:
            self.figures[entry_id] = found.get(entry_id) or nothing()

    # -- filter and sort -------------------------------------------------------------

    def set_filter(self, text: str, kind: str) -> None:
        text = text.strip()
        if text != self.text:
            self._matching = None
        self.text, self.kind = text, kind
        self.layoutAboutToBeChanged.emit()
        self._arrange_keeping()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.order = column, order
        self.layoutAboutToBeChanged.emit()
        self._arrange_keeping()

    def _sort_key(self) -> Callable[[int], Any]:
        field = self._fields[self.sort_column]
        rows = self.rows
        if field in ("name", "kind", "wikidata"):
            column = (NAME, KIND, WIKIDATA)[("name", "kind", "wikidata").index(field)]
            return lambda i: (rows[i][column] or "").casefold()
        figures_of = self.figures_of
        last = self.order != Qt.SortOrder.DescendingOrder

        def key(i: int) -> Any:
            found = figures_of(rows[i][ID])
            value = found.get(field) if found is not None else None
            # entries without a value (no date, not counted yet) go last either way
            return (value is None) == last, value or 0, rows[i][NAME].casefold()
        return key

    def _arrange(self) -> None:
        kind, rows = self.kind, self.rows
        if self.text and self._matching is None and self.store is not None:
            self._matching = self.store.registry.entries_containing(self.text)
        matching = self._matching if self.text else None
        if kind or matching is not None:
            shown = [i for i, row in enumerate(rows) if (not kind or row[KIND] == kind)
                     and (matching is None or row[ID] in matching)]
        else:
            shown = list(range(len(rows)))
        if self._fields[self.sort_column] not in ("name", "kind", "wikidata") \
                and not self.complete:
            pass  # by id until the counts come
        else:
            shown.sort(key=self._sort_key(),
                       reverse=self.order == Qt.SortOrder.DescendingOrder)
        self.shown = shown

    def _arrange_keeping(self) -> None:
        """Filter and sort again, the selection and current cell following their entries
        (layoutAboutToBeChanged emitted by the caller)."""
        persistent = self.persistentIndexList()
        ids = [self.shown[index.row()] if index.row() < len(self.shown) else -1
               for index in persistent]
        self._arrange()
        where = {row: position for position, row in enumerate(self.shown)}
        self.changePersistentIndexList(persistent, [
            self.index(where[i], index.column()) if i in where else QModelIndex()
            for index, i in zip(persistent, ids, strict=True)])
        self.layoutChanged.emit()

    # -- the model ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.shown)

    def entry_at(self, row: int) -> EntryRow:
        return self.rows[self.shown[row]]

    def name_of(self, entry_id: int) -> str:
        return self.rows[self.position[entry_id]][NAME]

    @property
    def position(self) -> dict[int, int]:
        """Entry id -> its index in `rows` (made when first asked)."""
        if self._position is None:
            self._position = {row[ID]: i for i, row in enumerate(self.rows)}
        return self._position

    def row_of(self, entry_id: int) -> int | None:
        position = self.position.get(entry_id)
        if position is None or position not in self.shown:
            return None
        return self.shown.index(position)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entry_at(index.row())
        field = self._fields[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0 \
                and self.store is not None:
            found = self.store.registry.entry(entry[ID])
            return "\n".join(found.names) if found is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole and field in self.counts:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if field in ("name", "kind", "wikidata"):
            return entry[{"name": NAME, "kind": KIND}.get(field, WIKIDATA)] or ""
        found = self.figures_of(entry[ID])
        if found is None:
            self._count_around(index.row())
            found = self.figures_of(entry[ID]) or {}
        value = found.get(field)
        return "" if value is None else value

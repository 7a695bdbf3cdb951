"""The errors the core raises for the user to read: each message is one line, ready to print."""


class AnnotatorError(Exception):
    """Something the user can act on; never a bug."""


class DataError(AnnotatorError):
    """Bad data: a bad input file, a span outside its text, a store that is not a store."""


class StoreError(DataError):
    """The store file cannot be used: missing, not a store, damaged, or from a newer version."""


class OperationError(AnnotatorError):
    """An operation that does not fit the data (unknown span, label of the wrong kind, ...)."""


class StoreWriteError(StoreError):
    """A change could not be saved (the store busy, read-only, or its disk full): nothing of
    it was stored."""


class StoreBusyError(StoreWriteError):
    """Another program held the store's write lock for longer than the busy timeout."""


class StoreReadOnlyError(StoreWriteError):
    """The store (or its folder) cannot be written: it was opened for reading only."""


class SuggestInputError(DataError):
    """A suggestion source's input is bad (a patterns file, a pipeline that will not load);
    `problems` holds every `FILE:LINE: what is wrong` found, the message the first."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if len(problems) == 1 else
                         f"{problems[0]} (and {len(problems) - 1} more problems)")
        self.problems = problems

"""One JSONL line decoded, or a RecordError that says what is wrong with it (invalid UTF-8,
invalid JSON, NaN or Infinity, nesting too deep): the import's and the merge's first step."""

from __future__ import annotations

import json
from typing import Any

from ..rules import MAX_JSON_DEPTH, json_problem
from .import_records import RecordError

try:  # orjson is about four times faster on large imports; json is the fallback
    import orjson

    def _loads(line: bytes) -> Any:
        try:
            return orjson.loads(line)
        except orjson.JSONDecodeError:
            # orjson refuses lone surrogates ("\ud800"); json accepts them and the text is
            # then repaired and reported by canonicalisation. Real syntax errors still fail,
            # and so do NaN and Infinity, which json accepts and SQLite's JSON does not.
            value = json.loads(line)
            _check_json(value)
            return value
except ImportError:  # pragma: no cover - orjson is a dependency
    def _loads(line: bytes) -> Any:
        return json.loads(line)


def decode_json_line(line: bytes) -> Any:
    """One JSONL line to a Python value; RecordError names what is wrong."""
    try:
        value = _loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        pass  # find out which, off the fast path
    except RecursionError:  # json's fallback on nesting orjson refuses (> 1,024 levels)
        raise RecordError(_TOO_DEEP) from None
    else:
        # Walked only when the line has enough brackets to nest too deep: a usual record
        # costs two byte counts, not a walk over every value.
        if line.count(b"[") + line.count(b"{") > MAX_JSON_DEPTH:
            _check_json(value)
        return value
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecordError(f"invalid UTF-8 (byte {exc.start + 1} of the line)") from None
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RecordError(f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise RecordError(_TOO_DEEP) from None
    _check_json(value)  # json (unlike orjson) also accepts NaN and Infinity
    return value


def _check_json(value: Any) -> None:
    problem = json_problem(value)
    if problem is not None:
        raise RecordError(f"invalid JSON: {problem}")


_TOO_DEEP = f"invalid JSON: nested more than {MAX_JSON_DEPTH} levels deep"

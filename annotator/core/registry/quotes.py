"""Quotes as a data set: one row per quote with its speaker's registry entry, streamed
(`annotator quotes`): the rows come from one SQLite cursor and go out one at a time, so
memory stays flat however large the corpus."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import IO, Any

import orjson

from ..kinds import all_kinds
from ..store import Store

QUOTE_COLUMNS = ("text", "type", "entry", "entry_name", "wikidata", "speaker", "article",
                 "title", "source", "date", "start", "end", "annotator", "span")
QUOTE_FORMATS = ("jsonl", "csv")


def _quote_kinds() -> tuple[str, tuple[str, ...]]:
    """The kind whose spans are quotes, and the kinds of their speakers' spans."""
    for kind in all_kinds():
        for link in kind.links:
            if link.relation == "SPEAKER":
                return kind.name, link.children
    raise LookupError("no kind of label links to a speaker")


def quote_rows(store: Store, annotator: str | None = None) -> Iterator[dict[str, Any]]:
    """One dict per quote span of people's layers (or one layer), in store order."""
    quote, speakers = _quote_kinds()
    for (span, text, quote_type, start, end, layer, entry, entry_name, wikidata,
         mention, article, title, source, date) in store.registry.quotes(
            quote, speakers, annotator):
        yield {"text": text, "type": quote_type, "entry": entry, "entry_name": entry_name,
               "wikidata": wikidata, "speaker": mention, "article": article,
               "title": title, "source": source, "date": date, "start": start, "end": end,
               "annotator": layer, "span": span}


def write_quotes(store: Store, out: IO[bytes], fmt: str = "jsonl",
                 annotator: str | None = None) -> int:
    """Write every quote to `out` as JSONL or CSV (a header line first); returns how many."""
    count = 0
    if fmt == "jsonl":
        for row in quote_rows(store, annotator):
            out.write(orjson.dumps(row) + b"\n")
            count += 1
        return count
    if fmt != "csv":
        raise ValueError(f"quotes are written as {' or '.join(QUOTE_FORMATS)}, not {fmt!r}")
    import io
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.DictWriter(text, QUOTE_COLUMNS)
    writer.writeheader()
    for row in quote_rows(store, annotator):
        writer.writerow(row)
        count += 1
    text.flush()
    text.detach()
    return count

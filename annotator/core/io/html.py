"""Reading a saved web page: the article's main text and its metadata, with trafilatura.

trafilatura (imported lazily: it takes a while to load) parses the page with lxml and keeps
the main text, dropping navigation, share buttons, counters, related-article lists and
footers. Nothing in the page is run: scripts are just elements to drop.
"""

from __future__ import annotations

import logging
import re
import warnings
from pathlib import Path
from typing import Any

from .import_records import ImportRecord, RecordError

NO_TEXT = "no article text found"
_META = (("url", "url"), ("author", "author"), ("date", "published"), ("sitename", "source"))

# Full-page saves inline their images as `data:` URIs of many megabytes. libxml2 gives up on
# an attribute value past 10 MB and, recovering, drops the rest of the page; below that they
# still cost memory and time for nothing, since no text comes from them. Values this long
# are emptied before parsing: the text (and so every offset in it) is unchanged.
HUGE_VALUE = 1 << 16
_HUGE = re.compile(rb'=[ \t\r\n\f]*(?:"[^"]{%d,}"|\'[^\']{%d,}\'|[^\s"\'=<>`]{%d,})'
                   % (HUGE_VALUE, HUGE_VALUE, HUGE_VALUE))


def shrink_attributes(data: bytes) -> bytes:
    """The page with every attribute value of HUGE_VALUE bytes or more emptied."""

    def empty(match: re.Match[bytes]) -> bytes:
        start = match.start()
        in_tag = data.rfind(b"<", 0, start) > data.rfind(b">", 0, start)
        return b'=""' if in_tag else match.group(0)  # `="` in the text itself stays

    return _HUGE.sub(empty, data) if len(data) > HUGE_VALUE else data


def extract_article(data: bytes, name: str = "") -> ImportRecord:
    """The article in an HTML page; RecordError when the page has no article text."""
    import trafilatura
    from trafilatura.utils import load_html

    # Its warnings ("discarding data: None") would reach standard error through logging's
    # last-resort handler; a page without text is reported by the importer instead.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)

    with warnings.catch_warnings():  # trafilatura's own deprecation noise
        warnings.simplefilter("ignore")
        tree = load_html(shrink_attributes(data))
        if tree is None:
            raise RecordError(NO_TEXT)
        lang = tree.get("lang")
        document = trafilatura.bare_extraction(
            tree, with_metadata=True, include_comments=False, include_tables=True,
            include_images=False, favor_precision=True, fast=True, deduplicate=False)
    # A Document, since as_dict is left False; a dict is taken as it is all the same.
    found: dict[str, Any] = {} if document is None else (
        document if isinstance(document, dict) else document.as_dict())
    text = (found.get("text") or "").strip()
    if not text:
        raise RecordError(NO_TEXT)
    title = (found.get("title") or "").strip() or None
    if title is not None:
        first, _, rest = text.partition("\n")
        if first.strip() == title and rest.strip():  # the headline opens the text: keep it
            text = rest.strip()                     # once, as the title (like .txt files)
    meta: dict[str, Any] = {key: found[field].strip() for field, key in _META
                            if isinstance(found.get(field), str) and found[field].strip()}
    if isinstance(lang, str) and lang.strip():
        meta["lang"] = lang.strip()
    if name:
        meta["file"] = name
    return ImportRecord(text=text, title=title, meta=meta)


def read_page(path: Path) -> ImportRecord:
    return extract_article(path.read_bytes(), path.name)

"""Reading import files record by record (streaming), whatever their format.

Each reader yields `(line, bytes_read, item)`: the record's line in the file (None for a
problem with the whole file), how far into the file it is (for a progress bar), and either an
ImportRecord, a string saying why the record is skipped, or a RecordError.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path

from .boilerplate import DroppedLine, boilerplate_bounds, is_headline
from .import_records import ImportRecord, RecordError, parse_record, title_from
from .json_lines import decode_json_line

Item = ImportRecord | str | RecordError
Reader = Callable[[Path], Iterator[tuple[int | None, int, Item]]]

FORMATS = ("jsonl", "txt", "csv", "html", "brat", "labelstudio", "conll", "spacy")
_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".txt": "txt",
               ".ann": "brat", ".conll": "conll", ".iob": "conll", ".bio": "conll",
               ".spacy": "spacy",
               ".text": "txt", ".csv": "csv", ".html": "html", ".htm": "html",
               ".xhtml": "html"}
_CSV_META = ("url", "source", "published")


def detect_format(path: Path) -> str | None:
    """By extension; a `.json` holding a JSON array is a Label Studio export, a `.txt`
    with a `.ann` beside it half of a brat pair."""
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if _brat_text(path):
        return "brat"
    if path.suffix.lower() == ".json" and path.is_file():
        from .labelstudio import looks_like_array

        if looks_like_array(path):
            return "labelstudio"
    return fmt


def reader_for(fmt: str, text_key: str | None = None, title: str | None = None,
               keep_boilerplate: bool = False) -> Reader:
    """The reader of a format, with the options that format takes."""
    if fmt == "txt" and keep_boilerplate:
        return lambda path: read_txt(path, keep_boilerplate=True)
    if fmt == "labelstudio":
        from .labelstudio import read_labelstudio

        return lambda path: read_labelstudio(path, text_key)
    if fmt == "brat":
        from .brat import read_brat as read

        return lambda path: read(path, title)
    return READERS[fmt]


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given; a folder becomes the importable files inside it, sorted."""
    return collect_paths(paths)[0]


def collect_paths(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Files as given; a folder becomes the importable files inside it, sorted. Also
    what a folder holds that is not imported, each as "PATH: why"."""
    files: list[Path] = []
    skipped: list[str] = []
    for path in paths:
        if path.is_dir():
            for inner in sorted(p for p in path.rglob("*") if p.is_file()):
                if detect_format(inner) is None:
                    skipped.append(f"{inner}: unknown file type {inner.suffix!r}")
                elif not _brat_text(inner):
                    files.append(inner)
        elif not (_brat_text(path) and path.with_suffix(".ann") in paths):
            files.append(path)
    return files, skipped


def _brat_text(path: Path) -> bool:
    """A `.txt` with a `.ann` beside it: read with its `.ann`, as brat standoff."""
    return path.suffix.lower() == ".txt" and path.with_suffix(".ann").is_file()


def read_jsonl(path: Path) -> Iterator[tuple[int | None, int, Item]]:
    position = 0
    any_record = False
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            position += len(line)
            if not line.strip():
                continue
            if not any_record and line.lstrip().startswith(b"["):
                yield number, position, RecordError(
                    "a JSON array; write one JSON object per line (JSONL) instead")
                return
            any_record = True
            try:
                if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                    line = line[3:]  # a UTF-8 byte-order mark before the first record
                yield number, position, parse_record(decode_json_line(line))
            except RecordError as exc:
                yield number, position, exc
    if not any_record:
        yield None, position, RecordError("the file is empty: no records")


def read_txt(path: Path, keep_boilerplate: bool = False
             ) -> Iterator[tuple[int | None, int, Item]]:
    """One article a file. Boilerplate lines at the start and end ("views", "0 comment")
    are left out (boilerplate.py) unless `keep_boilerplate`; the first line left is the
    title. A headline is taken out of the text; a first line that reads as a sentence (or
    is too long for a title) is the text's first paragraph, so it stays, and the title is
    its beginning."""
    data = path.read_bytes()
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        yield line, len(data), RecordError("invalid UTF-8")
        return
    if not content.strip():
        yield None, len(data), RecordError("the file is empty: no text")
        return
    lines = content.splitlines(keepends=True)
    start, end = 0, len(lines)
    dropped: list[DroppedLine] = []
    if not keep_boilerplate:
        start, end, dropped = boilerplate_bounds(lines)
    first = next(i for i in range(start, end) if lines[i].strip())
    title = lines[first].strip()
    body = "".join(lines[first + 1:end]).lstrip("\r\n")
    if not is_headline(title) or not body.strip():
        body = "".join(lines[first:end])
        title = title_from(title)
    yield first + 1, len(data), ImportRecord(
        text=body, title=title, meta={"file": path.name},
        dropped_lines=[(d.line, d.text) for d in dropped])


def read_csv(path: Path) -> Iterator[tuple[int | None, int, Item]]:
    """A header row with at least `text`; id, title, url, source, published are used."""
    csv.field_size_limit(2**31 - 1)  # an article is often longer than csv's 128 KB default
    size = path.stat().st_size
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.DictReader(text)
        try:
            header = reader.fieldnames
            if not header:
                yield None, size, RecordError("the file is empty: no header row")
                return
            if "text" not in header:
                yield 1, 0, RecordError(f'the header has no "text" column (it has: '
                                        f'{", ".join(header)})')
                return
            rows = 0
            for row in reader:
                rows += 1
                yield reader.line_num, raw.tell(), _csv_record(row)
        except UnicodeDecodeError:
            yield reader.line_num + 1, size, RecordError("invalid UTF-8")
            return
        except csv.Error as exc:
            yield reader.line_num, size, RecordError(f"bad CSV: {exc}")
            return
    if not rows:
        yield None, size, RecordError("the file has a header but no rows")


def _csv_record(row: dict) -> ImportRecord | RecordError:
    if None in row:
        return RecordError("more fields than the header has")
    text = row.get("text") or ""
    if not text.strip():
        return RecordError('"text" is empty')
    meta = {key: value for key, value in row.items()
            if key not in ("id", "title", "text") and value not in (None, "")}
    ordered = {key: meta.pop(key) for key in _CSV_META if key in meta}
    ordered.update(meta)
    return ImportRecord(text=text, id=(row.get("id") or "").strip() or None,
                        title=row.get("title") or None, meta=ordered)


def read_html(path: Path) -> Iterator[tuple[int | None, int, Item]]:
    """One article a saved web page: its main text, title and metadata (html.py)."""
    from .html import read_page

    size = path.stat().st_size
    try:
        yield None, size, read_page(path)
    except RecordError as exc:
        yield None, size, exc


def read_conll(path: Path) -> Iterator[tuple[int | None, int, Item]]:
    from .conll import read_conll as read

    yield from read(path)


def read_docbin(path: Path) -> Iterator[tuple[int | None, int, Item]]:
    from .docbin import read_docbin as read

    yield from read(path)


def read_brat(path: Path) -> Iterator[tuple[int | None, int, Item]]:
    from .brat import read_brat as read

    yield from read(path)


READERS: dict[str, Reader] = {"jsonl": read_jsonl, "txt": read_txt, "csv": read_csv,
                              "html": read_html, "brat": read_brat,
                              "conll": read_conll, "spacy": read_docbin}

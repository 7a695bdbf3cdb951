"""The project's offset rules: canonical text, grapheme snapping, Qt (UTF-16) positions.

Offsets everywhere are Python code-point indices, half-open ``[start, end)``, into the
stored (canonical) text. This is the only module that knows how an imported text becomes
the stored text, where a selection may start and end, and how Qt positions relate to
Python offsets; everything else calls it.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex

__all__ = [
    "Canonical",
    "TextChange",
    "Utf16Index",
    "canonicalise",
    "grapheme_count",
    "is_grapheme_boundary",
    "snap_to_graphemes",
    "whitespace_ends",
]

# ----------------------------------------------------------------- canonical text

BOM = "\ufeff"
REPLACEMENT = "\ufffd"

# Everything canonicalise() may change, except a leading BOM (checked with startswith).
_NEEDS_CHANGE = re.compile("[\r\x00\ud800-\udfff\ufdd0-\ufdef]")
_CRLF = re.compile("\r\n")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NONCHARACTER = re.compile("[\ufdd0-\ufdef]")

_DESCRIPTIONS = {
    "bom": (
        "dropped a leading byte-order mark",
        "dropped {n} leading byte-order marks",
    ),
    "crlf": ("1 CRLF line end became LF", "{n} CRLF line ends became LF"),
    "cr": ("1 lone CR line end became LF", "{n} lone CR line ends became LF"),
    "nul": ("1 NUL replaced with U+FFFD", "{n} NULs replaced with U+FFFD"),
    "surrogate": (
        "1 lone surrogate replaced with U+FFFD",
        "{n} lone surrogates replaced with U+FFFD",
    ),
    "noncharacter": (
        "1 noncharacter (U+FDD0..U+FDEF) replaced with U+FFFD",
        "{n} noncharacters (U+FDD0..U+FDEF) replaced with U+FFFD",
    ),
}


@dataclass(frozen=True, slots=True)
class TextChange:
    """One kind of change canonicalise() made, so the importer can report it."""

    kind: str
    count: int

    def describe(self) -> str:
        """A sentence for the import report, e.g. "2 CRLF line ends became LF"."""
        one, many = _DESCRIPTIONS[self.kind]
        return one if self.count == 1 else many.format(n=self.count)


@dataclass(frozen=True, slots=True)
class Canonical:
    """A canonical text plus what it took to get there from the original.

    ``removed`` holds the sorted original positions that were dropped (leading BOMs
    and the CR of each CR LF pair); every other change replaces one code point with
    one, so that is all it takes to move offsets of pre-annotated spans.
    """

    text: str
    changes: tuple[TextChange, ...]
    removed: tuple[int, ...]
    original_length: int

    def map_offset(self, offset: int) -> int:
        """Map an offset into the original text to the canonical text (O(log n))."""
        if not 0 <= offset <= self.original_length:
            raise ValueError(f"offset {offset} outside [0, {self.original_length}]")
        if not self.removed:
            return offset
        return offset - bisect_left(self.removed, offset)

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open original span ``[start, end)`` to the canonical text."""
        if start > end:
            raise ValueError(f"span start {start} > end {end}")
        return self.map_offset(start), self.map_offset(end)


def canonicalise(text: str) -> Canonical:
    """Make the text that is stored at import; offsets of the original map through it.

    A leading BOM is dropped, CR LF and lone CR become LF, NUL, lone surrogates and
    U+FDD0..U+FDEF become U+FFFD. No Unicode normalisation: it would move offsets.
    """
    original_length = len(text)
    if not text.startswith(BOM) and _NEEDS_CHANGE.search(text) is None:
        return Canonical(text, (), (), original_length)

    counts: dict[str, int] = {}
    removed: list[int] = []
    if text.startswith(BOM):
        body = text.lstrip(BOM)
        counts["bom"] = original_length - len(body)
        removed.extend(range(counts["bom"]))
        text = body
    if "\r" in text:
        shift = len(removed)  # positions in ``text`` are original positions minus this
        removed.extend(m.start() + shift for m in _CRLF.finditer(text))
        counts["crlf"] = len(removed) - shift
        text = text.replace("\r\n", "\n")
        counts["cr"] = text.count("\r")
        text = text.replace("\r", "\n")
    if "\x00" in text:
        counts["nul"] = text.count("\x00")
        text = text.replace("\x00", REPLACEMENT)
    text, counts["surrogate"] = _SURROGATE.subn(REPLACEMENT, text)
    text, counts["noncharacter"] = _NONCHARACTER.subn(REPLACEMENT, text)

    changes = tuple(
        TextChange(kind, counts[kind]) for kind in _DESCRIPTIONS if counts.get(kind, 0) > 0
    )
    return Canonical(text, changes, tuple(removed), original_length)


# ----------------------------------------------------------------- graphemes

class _Patterns:
    """The `regex` patterns (Unicode grapheme rules), compiled on first use: the window
    imports this module at start-up and `regex` takes 10 ms to load."""

    def __getattr__(self, name: str) -> regex.Pattern[str]:
        import regex
        compiled = {
            "GRAPHEME": regex.compile(r"\X"),
            # Two adjacent Grapheme_Cluster_Break=Other characters always have a cluster
            # boundary between them: no rule of UAX #29 joins them, and no rule's context
            # (emoji ZWJ chains, regional-indicator parity, Indic conjuncts) reaches across
            # the second one. This covers printable ASCII pairs but also CJK or Arabic
            # letters, so a long line without spaces still has a starting point nearby.
            # Searched in reverse.
            "SAFE_PAIR": regex.compile(r"(?r)\p{GCB=Other}(?=\p{GCB=Other})"),
            "FLAG": regex.compile(r"\p{Regional_Indicator}"),
            "NOT_FLAG_BEFORE": regex.compile(r"(?r)\P{Regional_Indicator}"),
            "WORD_CHAR": regex.compile(r"[\w\p{M}]"),
        }
        self.__dict__.update(compiled)
        return compiled[name]


_rx = _Patterns()
_WINDOW = 256


def _anchor(text: str, offset: int) -> int:
    """A cluster boundary at or shortly before ``offset`` to start segmenting from."""
    if offset <= 0 or offset >= len(text):
        return max(0, min(offset, len(text)))
    lo = max(0, offset - _WINDOW)
    best = text.rfind("\n", lo, offset) + 1  # after a LF is a boundary; 0: none
    pair = _rx.SAFE_PAIR.search(text, max(lo, best), offset + 1)
    if pair is not None:
        return pair.start() + 1
    if best:
        return best
    # No boundary found nearby: the previous LF or 0, unless in a long run of flags.
    return _flag_anchor(text, offset) or text.rfind("\n", 0, lo) + 1


def _flag_anchor(text: str, offset: int) -> int:
    """In a run of regional indicators, a boundary at an even distance from its start.

    Flags pair up from the start of the run, and regex's ``\\X`` counts back to that
    start for every cluster, so segmenting through a long run is quadratic (minutes
    for 300k indicators); starting inside it costs one count. 0 means not found.
    """
    last = offset if _rx.FLAG.match(text, offset) else offset - 1
    if not _rx.FLAG.match(text, last):
        return 0
    before = _rx.NOT_FLAG_BEFORE.search(text, 0, last)
    run_start = before.end() if before is not None else 0
    pairs = (last - run_start) // 2
    return run_start + 2 * pairs if pairs else 0  # run_start may follow a Prepend


def _cluster_around(text: str, offset: int) -> tuple[int, int]:
    """The cluster ``[b0, b1)`` with ``b0 <= offset < b1`` (``(n, n)`` at the end)."""
    for m in _rx.GRAPHEME.finditer(text, _anchor(text, offset)):
        if m.end() > offset:
            return m.start(), m.end()
    return len(text), len(text)


def snap_to_graphemes(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` outward to whole grapheme clusters.

    Keeps a selection from splitting an emoji, a flag, a letter with combining marks
    or an Indic conjunct. Segments only a short stretch around each end, never the
    whole text. An empty selection stays empty, moved back to its cluster's start.
    """
    if start > end:
        raise ValueError(f"span start {start} > end {end}")
    n = len(text)
    start = max(0, min(start, n))
    end = max(0, min(end, n))
    new_start = _cluster_around(text, start)[0]
    if end == start:
        return new_start, new_start
    lo, hi = _cluster_around(text, end)
    return new_start, end if lo == end else hi


def is_grapheme_boundary(text: str, offset: int) -> bool:
    """Whether a span may start or end at ``offset`` without splitting a cluster."""
    if not 0 <= offset <= len(text):
        raise ValueError(f"offset {offset} outside [0, {len(text)}]")
    return _cluster_around(text, offset)[0] == offset


def grapheme_count(text: str) -> int:
    """The number of user-perceived characters (extended grapheme clusters)."""
    return sum(1 for _ in _rx.GRAPHEME.finditer(text))


# ----------------------------------------------------------------- Qt positions

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Index:
    """Convert between Qt text positions (UTF-16 code units) and Python offsets.

    Built once per text: the sorted code-point indices of the characters above U+FFFF,
    which take two UTF-16 units each. Every lookup is one bisect.
    """

    __slots__ = ("_astral", "_astral_utf16", "_length")

    def __init__(self, text: str) -> None:
        self._length = len(text)
        astral = [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]
        self._astral = astral
        # UTF-16 position of each astral character: offset + astral ones before it.
        self._astral_utf16 = [offset + i for i, offset in enumerate(astral)]

    @property
    def utf16_length(self) -> int:
        """The text's length in UTF-16 code units (Qt's document length)."""
        return self._length + len(self._astral)

    def to_utf16(self, offset: int) -> int:
        """The Qt position of a Python offset."""
        if not 0 <= offset <= self._length:
            raise ValueError(f"offset {offset} outside [0, {self._length}]")
        return offset + bisect_left(self._astral, offset)

    def from_utf16(self, pos: int, round_up: bool = False) -> int:
        """The Python offset of a Qt position.

        A position between the two halves of a surrogate pair is not a character
        boundary: it goes to the start of that character, or after it with
        ``round_up``.
        """
        if not 0 <= pos <= self.utf16_length:
            raise ValueError(f"UTF-16 position {pos} outside [0, {self.utf16_length}]")
        starts = self._astral_utf16
        before = bisect_right(starts, pos - 2)  # astral characters ending <= pos
        offset = pos - before
        if before < len(starts) and starts[before] == pos - 1 and not round_up:
            return offset - 1
        return offset


LINE_LIMIT = 10_000  # code points: longer lines are shown in pieces of at most this


def line_breaks(text: str, limit: int = LINE_LIMIT) -> list[int]:
    """Where to show a line break that the text does not have: before each offset listed.

    Qt lays out a paragraph whole, so a 50 MB one-line article took 40 s and 2.9 GB to
    show. Lines longer than `limit` are shown in pieces, cut after a space near the limit
    (anywhere when there is none). Display only: the stored text and its offsets are
    untouched, and `DisplayIndex` maps positions over the added breaks.
    """
    breaks: list[int] = []
    start, length, find = 0, len(text), text.find
    while start < length:
        end = find("\n", start)
        end = length if end == -1 else end
        while end - start > limit:
            cut = text.rfind(" ", start + limit // 2, start + limit) + 1 or start + limit
            breaks.append(cut)
            start = cut
        start = end + 1
    return breaks


class DisplayIndex:
    """A Utf16Index for the text as shown, with a line break added before each offset in
    `breaks` (see line_breaks): the same questions, the same answers in Python offsets."""

    __slots__ = ("_newlines", "base", "breaks")

    def __init__(self, base: Utf16Index, breaks: list[int]) -> None:
        self.base, self.breaks = base, breaks
        # the Qt position of each added break character
        self._newlines = [base.to_utf16(b) + k for k, b in enumerate(breaks)]

    @property
    def utf16_length(self) -> int:
        return self.base.utf16_length + len(self.breaks)

    def to_utf16(self, offset: int) -> int:
        return self.base.to_utf16(offset) + bisect_right(self.breaks, offset)

    def from_utf16(self, pos: int, round_up: bool = False) -> int:
        if not 0 <= pos <= self.utf16_length:
            raise ValueError(f"UTF-16 position {pos} outside [0, {self.utf16_length}]")
        return self.base.from_utf16(pos - bisect_left(self._newlines, pos), round_up)


def with_breaks(text: str, breaks: list[int]) -> str:
    """The text as shown: a line break added before each offset in `breaks`."""
    if not breaks:
        return text
    cuts = [0, *breaks, len(text)]
    return "\n".join(text[a:b] for a, b in itertools.pairwise(cuts))


# ----------------------------------------------------------------- whitespace at the ends

def whitespace_ends(text: str) -> tuple[int, int]:
    """How many code points of whitespace `text` starts and ends with: whole grapheme
    clusters only, so a space that carries a combining mark stays. A text of nothing but
    whitespace gives ``(len(text), 0)``.

    Spans never start or end with whitespace (`rules.trim_bounds` applies this): spaCy
    drops such a span as off its token boundaries, and no annotator means the space.
    """
    if not text or not (text[0].isspace() or text[-1].isspace()):
        return 0, 0  # the usual span: no regex at all
    clusters = [m.group() for m in _rx.GRAPHEME.finditer(text)]
    lead = 0
    for cluster in clusters:
        if not cluster.isspace():
            break
        lead += len(cluster)
    if lead == len(text):
        return lead, 0
    trail = 0
    for cluster in reversed(clusters):
        if not cluster.isspace():
            break
        trail += len(cluster)
    return lead, trail


# ----------------------------------------------------------------- word snapping



def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole words and trim the spaces at either end.

    The optional "snap to words" setting: a selection that starts or ends inside a word
    takes the whole word. Clusters stay whole (the result is then grapheme-snapped). A
    selection of nothing but spaces and punctuation is left as it is.
    """
    start, end = snap_to_graphemes(text, start, end)
    inner = text[start:end]
    stripped = inner.strip()
    if not stripped:
        return start, end
    start += len(inner) - len(inner.lstrip())
    end -= len(inner) - len(inner.rstrip())
    while start > 0 and _rx.WORD_CHAR.match(text, start - 1) and _rx.WORD_CHAR.match(text, start):
        start -= 1
    while end < len(text) and _rx.WORD_CHAR.match(text, end - 1) and _rx.WORD_CHAR.match(text, end):
        end += 1
    return snap_to_graphemes(text, start, end)

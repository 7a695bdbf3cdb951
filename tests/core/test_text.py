"""Tests for annotator.core.text: canonical text, grapheme snapping, UTF-16 positions."""

import random
from unittest import mock

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from annotator.core import text as text_mod
from annotator.core.text import (
    Canonical,
    TextChange,
    Utf16Index,
    canonicalise,
    grapheme_count,
    is_grapheme_boundary,
    snap_to_graphemes,
)

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 👨‍👩‍👧‍👦
FAMILY3 = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # 👨‍👩‍👧
IQ, US, FR, DE = "🇮🇶", "🇺🇸", "🇫🇷", "🇩🇪"
CONJUNCT = "क्षत्रिय"  # clusters: क्ष, त्रि, य
JAMO = "\u1100\u1161\u11a8"  # one Hangul syllable as L V T jamo

PIECES = [
    "word", "Baghdad ", " ", "x", "ab", "😀", "👍🏽", FAMILY, FAMILY3, IQ, US,
    IQ + US + FR, "🇫", "🇮", "e\u0301", "n\u0303", "\u0301", "\u200d", "🏽",
    "北京", "قاسم سليماني", "می\u200cخواهم", CONJUNCT, "\u094d", "\u0915",
    "\u093f", "\u0600", JAMO, "\u1100", "\u1161", "\u11a8", "\r\n", "\r", "\n",
    "\t", "\u00a0", "\u200b", "\ufeff", "\x00", "\ufdd0", "\ufdef", "\ud800",
    "\udfff", "\ud83d\ude00",
]  # fmt: skip

piece = st.one_of(st.sampled_from(PIECES), st.text(max_size=4))
texts = st.builds(
    lambda lead, parts: lead + "".join(parts),
    st.sampled_from(["", "", "\ufeff", "\ufeff\ufeff"]),
    st.lists(piece, max_size=16),
)


# --------------------------------------------------------------- canonicalise oracle


def _is_bad(ch: str) -> bool:
    return ch == "\x00" or "\ud800" <= ch <= "\udfff" or "\ufdd0" <= ch <= "\ufdef"


def contributions(orig: str) -> list[str]:
    """What each original code point becomes, judged in the context of the whole text.

    A leading BOM and the CR of a CR LF pair become nothing; a lone CR becomes LF;
    NUL, surrogates and U+FDD0..U+FDEF become U+FFFD; anything else stays.
    """
    lead = len(orig) - len(orig.lstrip("\ufeff"))
    out = []
    for p, ch in enumerate(orig):
        if p < lead:
            out.append("")
        elif ch == "\r":
            out.append("" if orig[p + 1 : p + 2] == "\n" else "\n")
        else:
            out.append("\ufffd" if _is_bad(ch) else ch)
    return out


def splits_crlf(orig: str, p: int) -> bool:
    return 0 < p < len(orig) and orig[p - 1] == "\r" and orig[p] == "\n"


@settings(max_examples=300)
@given(texts)
@example("\ufeff\ufeffa\r\nb\r\rc\x00\ud800\ufdd0\r\n")
def test_canonical_text_is_clean_and_stable(orig: str) -> None:
    canon = canonicalise(orig)
    assert "\r" not in canon.text
    assert not any(_is_bad(ch) for ch in canon.text)
    assert not canon.text.startswith("\ufeff")
    again = canonicalise(canon.text)
    assert again.text == canon.text and again.changes == () and again.removed == ()
    if not canon.changes:
        assert canon.text is orig
        assert all(canon.map_offset(p) == p for p in range(len(orig) + 1))


@settings(max_examples=300)
@given(texts)
def test_canonical_matches_per_code_point_oracle(orig: str) -> None:
    """canonical[map(p)] splits the text exactly where the oracle's prefixes end.

    With text == "".join(contributions) and map_offset(p) == len of the first p
    contributions, for every original span [s, e) the canonical slice
    canonical[map(s):map(e)] is the span's own contributions: slicing commutes with
    canonicalisation when each code point is judged in the whole original's context.
    """
    canon = canonicalise(orig)
    parts = contributions(orig)
    assert canon.text == "".join(parts)
    prefix = 0
    mapped = []
    for p in range(len(orig) + 1):
        mapped.append(canon.map_offset(p))
        assert mapped[-1] == prefix
        if p < len(orig):
            prefix += len(parts[p])
    assert mapped == sorted(mapped)  # monotonic
    assert mapped[-1] == len(canon.text)
    assert len(canon.removed) == len(orig) - len(canon.text)
    for s in range(len(orig) + 1):
        for e in range(s, min(len(orig), s + 12) + 1):
            cs, ce = canon.map_span(s, e)
            assert canon.text[cs:ce] == "".join(parts[s:e])


@settings(max_examples=300)
@given(texts, st.data())
def test_slicing_commutes_with_canonicalise(orig: str, data: st.DataObject) -> None:
    """Away from a split CR LF pair (and not starting on a non-leading BOM, which
    canonicalise would drop from the slice), canonicalising a slice gives the same
    string as slicing the canonical text at the mapped span."""
    canon = canonicalise(orig)
    s = data.draw(st.integers(0, len(orig)))
    e = data.draw(st.integers(s, len(orig)))
    if splits_crlf(orig, s) or splits_crlf(orig, e):
        return
    if s > 0 and orig[s : s + 1] == "\ufeff":
        return
    cs, ce = canon.map_span(s, e)
    assert canon.text[cs:ce] == canonicalise(orig[s:e]).text


@settings(max_examples=300)
@given(texts)
def test_change_counts(orig: str) -> None:
    lead = len(orig) - len(orig.lstrip("\ufeff"))
    crlf = orig.count("\r\n")
    expected = {
        "bom": lead,
        "crlf": crlf,
        "cr": orig.count("\r") - crlf,
        "nul": orig.count("\x00"),
        "surrogate": sum("\ud800" <= ch <= "\udfff" for ch in orig),
        "noncharacter": sum("\ufdd0" <= ch <= "\ufdef" for ch in orig),
    }
    want = tuple(TextChange(k, n) for k, n in expected.items() if n)
    assert canonicalise(orig).changes == want


def test_canonicalise_examples() -> None:
    canon = canonicalise("\ufeffa\r\nb\rc\ufeff\x00\t\u00a0\u200b\u200d")
    assert canon.text == "a\nb\nc\ufeff\ufffd\t\u00a0\u200b\u200d"
    assert [c.kind for c in canon.changes] == ["bom", "crlf", "cr", "nul"]
    assert canon.removed == (0, 2)
    assert canon.map_span(1, 5) == (0, 3)  # "a\r\nb" -> "a\nb"
    assert canon.map_offset(3) == 1  # between CR and LF: at the LF
    with pytest.raises(ValueError, match=r"offset -1 outside \[0, 13\]"):
        canon.map_offset(-1)
    with pytest.raises(ValueError, match=r"offset 14 outside \[0, 13\]"):
        canon.map_offset(len("\ufeffa\r\nb\rc\ufeff\x00\t\u00a0\u200b\u200d") + 1)
    with pytest.raises(ValueError, match="span start 3 > end 2"):
        canon.map_span(3, 2)
    assert canonicalise("e\u0301").text == "e\u0301"  # no normalisation
    clean = canonicalise("plain")
    assert clean == Canonical("plain", (), (), 5)
    with pytest.raises(ValueError, match=r"offset 6 outside \[0, 5\]"):
        clean.map_offset(6)


def test_describe() -> None:
    assert TextChange("crlf", 2).describe() == "2 CRLF line ends became LF"
    assert TextChange("bom", 1).describe() == "dropped a leading byte-order mark"
    assert TextChange("nul", 1).describe() == "1 NUL replaced with U+FFFD"
    for kind in ("bom", "crlf", "cr", "nul", "surrogate", "noncharacter"):
        assert TextChange(kind, 3).describe().startswith(("3 ", "dropped 3 "))


# --------------------------------------------------------------- graphemes


def boundaries(text: str) -> list[int]:
    """Oracle: every cluster boundary from a full segmentation with regex's \\X."""
    return [m.start() for m in regex.finditer(r"\X", text)] + [len(text)]


def oracle_snap(bounds: list[int], start: int, end: int) -> tuple[int, int]:
    new_start = max(b for b in bounds if b <= start)
    if start == end:
        return new_start, new_start
    return new_start, min(b for b in bounds if b >= end)


GRAPHEME_PIECES = st.one_of(
    st.sampled_from(PIECES),
    st.text(max_size=3),
    st.characters(categories=["Mn", "Mc", "Me", "Cf", "So", "Lo"]),
)
grapheme_texts = st.lists(GRAPHEME_PIECES, max_size=20).map("".join)


@settings(max_examples=200)
@given(grapheme_texts, st.sampled_from([256, 3, 1]), st.data())
def test_snap_matches_full_segmentation(text: str, window: int, data: st.DataObject) -> None:
    """The result contains the input, both ends are boundaries, and it is minimal:
    it equals the nearest oracle boundary at or outside each end. Small windows force
    the anchor search through its fallbacks."""
    bounds = boundaries(text)
    bound_set = set(bounds)
    with mock.patch.object(text_mod, "_WINDOW", window):
        for _ in range(10):
            s = data.draw(st.integers(0, len(text)))
            e = data.draw(st.integers(s, len(text)))
            got = snap_to_graphemes(text, s, e)
            assert got == oracle_snap(bounds, s, e)
            gs, ge = got
            assert gs <= s and (ge >= e or s == e)
            assert gs in bound_set and ge in bound_set
            assert not any(gs < b <= s for b in bounds)  # minimal at the start
            assert not any(e <= b < ge for b in bounds) or s == e  # and at the end
            assert snap_to_graphemes(text, gs, ge) == got  # idempotent
        assert [is_grapheme_boundary(text, p) for p in range(len(text) + 1)] == [
            p in bound_set for p in range(len(text) + 1)
        ]
    assert grapheme_count(text) == len(bounds) - 1


def test_snap_long_mixed_text_all_offsets() -> None:
    """Long text where the window matters: runs of flags and marks past 256 chars."""
    rng = random.Random(1234)
    parts = [rng.choice(PIECES) for _ in range(3000)]
    parts[1000:1000] = ["🇫"] * 301 + ["e" + "\u0301" * 300]  # odd RI run, zalgo
    text = "".join(parts)
    bounds = boundaries(text)
    for s in range(0, len(text) + 1, 7):
        e = min(len(text), s + rng.randrange(0, 40))
        assert snap_to_graphemes(text, s, e) == oracle_snap(bounds, s, e)


def test_long_line_without_spaces() -> None:
    text = "x" * 20_000 + FAMILY + IQ + US + "e\u0301"
    n = 20_000
    assert snap_to_graphemes(text, n + 2, n + 3) == (n, n + 7)
    assert snap_to_graphemes(text, n - 1, n + 8) == (n - 1, n + 9)
    assert snap_to_graphemes(text, n + 12, n + 12) == (n + 11, n + 11)
    assert snap_to_graphemes(text, 5, len(text) - 1) == (5, len(text))
    bounds = boundaries(text)
    for s in range(n - 10, len(text)):
        assert snap_to_graphemes(text, s, s + 1) == oracle_snap(bounds, s, s + 1)


def _spy_on_segmentation(calls: list[int]) -> object:
    """A stand-in for the module's \\X pattern that records where segmenting starts."""
    real = text_mod._rx.GRAPHEME

    class Spy:
        def finditer(self, s: str, pos: int = 0) -> object:
            calls.append(pos)
            return real.finditer(s, pos)

    return mock.patch.object(text_mod._rx, "GRAPHEME", Spy())


def test_snap_segments_only_near_the_ends() -> None:
    """No full segmentation: \\X starts near each end, even on a 300k line of CJK."""
    text = "北京" * 150_000 + FAMILY
    starts: list[int] = []
    with _spy_on_segmentation(starts):
        assert snap_to_graphemes(text, 150_001, 299_999) == (150_001, 299_999)
        assert snap_to_graphemes(text, 300_000, 300_002) == (300_000, 300_007)
    offsets = [150_001, 299_999, 300_000, 300_002]
    assert len(starts) == 4
    assert all(q - 300 <= p <= q for p, q in zip(starts, offsets, strict=True))


def test_snap_in_a_long_run_of_flags() -> None:
    """Flags pair from the run's start; regex's \\X recounts the run for every
    cluster (quadratic), so snapping must start inside the run, not before it."""
    text = "\u0600" + "🇫" * 100_001 + "y"  # the run starts at 1, after a Prepend
    starts: list[int] = []
    with _spy_on_segmentation(starts):
        assert snap_to_graphemes(text, 50_002, 50_002) == (50_001, 50_001)
        assert snap_to_graphemes(text, 50_002, 50_004) == (50_001, 50_005)
        assert snap_to_graphemes(text, 100_000, 100_002) == (99_999, 100_002)
        assert snap_to_graphemes(text, 0, 2) == (0, 3)
    assert all(p >= 49_999 for p in starts[:-2])


@pytest.mark.parametrize(
    ("text", "start", "end", "want"),
    [
        ("a" + FAMILY3 + "b", 3, 4, (1, 6)),  # inside the family: the whole family
        ("a" + FAMILY + "b", 1, 2, (1, 8)),
        ("a" + FAMILY + "b", 0, 8, (0, 8)),
        ("👍🏽!", 0, 1, (0, 2)),  # skin-tone modifier stays with its emoji
        (IQ + US, 0, 1, (0, 2)),  # mid first flag: the first flag only
        (IQ + US, 1, 2, (0, 2)),  # ends between the flags: the first flag only
        (IQ + US, 1, 3, (0, 4)),
        (FR + DE, 2, 3, (2, 4)),
        ("🇫" + IQ, 1, 2, (0, 2)),  # pairs count from the run's start: 🇫🇮 then 🇶
        ("🇫" + IQ, 2, 3, (2, 3)),
        ("e\u0301", 0, 1, (0, 2)),
        ("e\u0301", 1, 1, (0, 0)),  # empty selection moves back to its cluster start
        ("ne\u0301e", 2, 2, (1, 1)),
        (CONJUNCT, 1, 2, (0, 3)),  # क्ष is one cluster
        (CONJUNCT, 2, 4, (0, 7)),
        (CONJUNCT, 7, 8, (7, 8)),
        (JAMO + "x", 1, 2, (0, 3)),
        ("a\r\nb", 2, 2, (1, 1)),  # CR LF is one cluster
        ("a\r\nb", 0, 2, (0, 3)),
        ("a\u200bb", 1, 2, (1, 2)),  # ZWSP is a cluster of its own
        ("ab", -5, 99, (0, 2)),  # clamped
        ("", 0, 0, (0, 0)),
        ("abc", 3, 3, (3, 3)),
    ],
)
def test_snap_examples(text: str, start: int, end: int, want: tuple[int, int]) -> None:
    assert snap_to_graphemes(text, start, end) == want


def test_snap_errors() -> None:
    with pytest.raises(ValueError, match="span start 2 > end 1"):
        snap_to_graphemes("abc", 2, 1)
    with pytest.raises(ValueError, match=r"offset 4 outside \[0, 3\]"):
        is_grapheme_boundary("abc", 4)
    assert grapheme_count(CONJUNCT) == 3
    assert grapheme_count(IQ + US + "🇫") == 3


# --------------------------------------------------------------- UTF-16 positions


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


@settings(max_examples=300)
@given(texts)
@example("a😀b" + FAMILY)
def test_utf16_index_against_encoder(text: str) -> None:
    index = Utf16Index(text)
    assert index.utf16_length == utf16_len(text)
    units = [index.to_utf16(i) for i in range(len(text) + 1)]
    assert units == [utf16_len(text[:i]) for i in range(len(text) + 1)]
    assert [index.from_utf16(u) for u in units] == list(range(len(text) + 1))
    assert [index.from_utf16(u, round_up=True) for u in units] == list(range(len(text) + 1))
    for i, ch in enumerate(text):
        if ord(ch) > 0xFFFF:  # a surrogate pair in UTF-16: its middle rounds
            assert index.from_utf16(units[i] + 1) == i
            assert index.from_utf16(units[i] + 1, round_up=True) == i + 1
    valid = set(units)
    for pos in range(index.utf16_length + 1):
        down = index.from_utf16(pos)
        up = index.from_utf16(pos, round_up=True)
        assert units[down] == max(u for u in units if u <= pos)
        assert units[up] == min(u for u in units if u >= pos)
        assert (down == up) == (pos in valid)


def test_utf16_examples_and_errors() -> None:
    index = Utf16Index("a😀b")
    assert [index.to_utf16(i) for i in range(4)] == [0, 1, 3, 4]
    assert [index.from_utf16(p) for p in range(5)] == [0, 1, 1, 2, 3]
    assert [index.from_utf16(p, round_up=True) for p in range(5)] == [0, 1, 2, 2, 3]
    assert index.utf16_length == 4
    for bad in (-1, 5):
        with pytest.raises(ValueError, match=rf"UTF-16 position {bad} outside \[0, 4\]"):
            index.from_utf16(bad)
    for bad in (-1, 4):
        with pytest.raises(ValueError, match=rf"offset {bad} outside \[0, 3\]"):
            index.to_utf16(bad)
    empty = Utf16Index("")
    assert empty.utf16_length == 0 and empty.to_utf16(0) == 0 and empty.from_utf16(0) == 0
    assert Utf16Index("ab\u00e9\uffff")._astral == []


def test_long_lines_shown_in_pieces_map_every_position_back():
    """The window shows lines past LINE_LIMIT in pieces; every character is found where
    the shown text has it, and every Qt position maps back into the stored text."""
    from annotator.core.text import DisplayIndex, line_breaks, with_breaks

    rng = random.Random(1)
    for _ in range(300):
        text = "".join(rng.choice("ab \n😀é") for _ in range(rng.randrange(80)))
        breaks = line_breaks(text, 7)
        shown = with_breaks(text, breaks)
        index = DisplayIndex(Utf16Index(text), breaks)
        units = shown.encode("utf-16-le")
        assert len(units) // 2 == index.utf16_length
        assert shown.replace("\n", "") == text.replace("\n", "")
        assert all(len(line) <= 7 for line in shown.split("\n"))
        for i, ch in enumerate(text):
            at = index.to_utf16(i)
            assert units[2 * at:2 * at + len(ch.encode("utf-16-le"))].decode("utf-16-le") == ch
            assert index.from_utf16(at) == i
        assert all(0 <= index.from_utf16(p) <= len(text)
                   for p in range(index.utf16_length + 1))
    assert line_breaks("word " * 4, 12) == [10]  # after a space, not inside a word

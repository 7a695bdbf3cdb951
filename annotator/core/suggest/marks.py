"""Quoted stretches: every quotation-mark style, paired within a paragraph.

A stretch includes its marks (as the human gold data sets do: the marks show where the
speaker's own words start and end, and a span without them could not tell a direct quote
from a paraphrase). News convention: a paragraph that opens a quote and never closes it
continues the quote in the next paragraph, which opens again; such a stretch ends at its
paragraph's end and is flagged `open_end`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# opening mark -> the marks that close it
_CLOSERS = {
    '"': '"\u201d', "\u201c": "\u201d\u201c", "\u201d": "\u201d\u201c",
    "\u00bb": "\u00ab\u00bb", "\u201e": "\u201c\u201d", "\u00ab": "\u00bb",
    "\u2018": "\u2019", "'": "'", "\u201a": "\u2018\u2019", "\u2039": "\u203a",
}
# two apostrophes stand for a double mark in some newspapers' text ('' ... '')
_DOUBLE_MARK = re.compile("''|[\"\u201c\u201d\u201e\u00ab\u00bb]")
_SINGLE_OPEN = re.compile("['\u2018\u201a\u2039]")
_NEVER_OPENS = "\u201d\u00bb"
# Curly openers a straight mark may close: text typed in two styles ("“It works," he said).
_CURLY = "\u201c\u201e"
_MARK = re.compile("[\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019\u201a\u2039\u203a]")
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(slots=True)
class Quoted:
    start: int  # at the opening mark
    end: int  # after the closing mark (or the paragraph's last non-space character)
    open_end: bool = False  # no closing mark: runs on into the next paragraph

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - (0 if self.open_end else 1)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, surrounding whitespace excluded."""
    out = []
    for match in _PARAGRAPH.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end))
    return out


def _word(ch: str) -> bool:
    return ch.isalnum()


def _single_opens(text: str, i: int, start: int, end: int) -> bool:
    """Not an apostrophe: don't, '90s, rock 'n' roll."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    return not _word(before) and after.isalpha()


def _single_closes(text: str, i: int, start: int, end: int) -> bool:
    """Not the apostrophe of don't; "workers' union" is the risk taken."""
    after = text[i + 1] if i + 1 < end else " "
    return not text[i - 1].isspace() and not _word(after)


def find_quoted(text: str, paras: list[tuple[int, int]] | None = None) -> list[Quoted]:
    """The top-level quoted stretches of `text`, in order; nested quotes stay inside.

    Double marks pair first; single marks pair only outside them (headline style), and an
    opening single mark with no closer in its paragraph is taken for an apostrophe.
    """
    found: list[Quoted] = []
    for start, end in paras if paras is not None else paragraphs(text):
        if _MARK.search(text, start, end) is None:
            continue
        doubles = _pair_doubles(text, start, end)
        gaps, at = [], start
        for quoted in doubles:
            gaps.append((at, quoted.start))
            at = quoted.end
        gaps.append((at, end))
        singles = [q for a, b in gaps for q in _pair_singles(text, a, b, start, end)]
        found.extend(sorted(doubles + singles, key=lambda q: q.start))
    return found


def _pair_doubles(text: str, start: int, end: int) -> list[Quoted]:
    out: list[Quoted] = []
    opener, open_at = "", -1
    nested = False  # a straight mark opened inside a curly quote: the next one closes it
    for match in _DOUBLE_MARK.finditer(text, start, end):
        i, ch = match.start(), match.group()
        if ch == "''":
            ch = '"'
        if not opener:
            if ch not in _NEVER_OPENS or _stray_opener(text, i, start, end):
                opener, open_at, nested = ch, i, False
        elif ch in _CLOSERS[opener]:
            out.append(Quoted(open_at, match.end()))
            opener = ""
        elif ch == '"' and opener in _CURLY:
            # “...," typed in two styles: a straight mark where a closing one belongs
            # closes the curly quote, unless it closes a straight quote nested in it
            if _stray_opener(text, i, start, end):
                nested = True
            elif nested:
                nested = False
            else:
                out.append(Quoted(open_at, match.end()))
                opener = ""
    if opener and open_at + 1 < end and not text[open_at + 1].isspace():
        out.append(Quoted(open_at, end, open_end=True))
    return out


def _stray_opener(text: str, i: int, start: int, end: int) -> bool:
    """A closing mark typed where an opening one belongs: at a word's start."""
    return (i == start or text[i - 1].isspace() or text[i - 1] in "([{—–") and i + 1 < end \
        and text[i + 1].isalnum()


def _pair_singles(text: str, a: int, b: int, start: int, end: int) -> list[Quoted]:
    out: list[Quoted] = []
    i = a
    while True:
        match = _SINGLE_OPEN.search(text, i, b)
        if match is None:
            return out
        i = match.start()
        if not _single_opens(text, i, start, end):
            i += 1
            continue
        closers = _CLOSERS[match.group()]
        j = i + 1
        while j < b:
            if text[j] in closers and _single_closes(text, j, start, end):
                break
            j += 1
        if j >= b:
            i += 1
            continue
        out.append(Quoted(i, j + 1))
        i = j + 1

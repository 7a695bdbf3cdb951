"""Sentence units: spaCy's blank tokenizer (no model) and the sentencizer's rule,
adjusted for quotations.

A unit never ends inside a quoted stretch, nor right after one (`"Yes." Traeger said.` is
one unit: the attribution belongs to the quote), and never crosses a paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from .lexicon import OPENS_CLAUSE
from .marks import Quoted

# a sentencizer cut after a title or an initial is no sentence end: "Lt. Tom Wilkison said"
_ABBREVIATION = re.compile(r"(?<![\w.])(?:Mr|Mrs|Ms|Dr|Lt|Sgt|Cpl|Capt|Col|Gen|Maj|Sen|Rep|"
                           r"Gov|Prof|Rev|St|Supt|Insp|Cst|Const|Det|No|[A-Z])\.\s*$")


_MARKS_AND_SPACE = " .!?'\"\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e"


@lru_cache(maxsize=4)
def tokenizer(lang: str = "en") -> Any:
    """`spacy.blank(lang)`; spaCy is imported here, on first use."""
    import spacy

    return spacy.blank(lang)


@lru_cache(maxsize=1)
def _punct_hashes() -> frozenset[int]:
    from spacy.pipeline.sentencizer import Sentencizer
    from spacy.strings import hash_string  # type: ignore[attr-defined]

    return frozenset(hash_string(ch) for ch in Sentencizer.default_punct_chars)


@lru_cache(maxsize=4)
def _hashes(words: frozenset[str]) -> Any:
    import numpy
    from spacy.strings import hash_string  # type: ignore[attr-defined]

    return numpy.array(sorted(hash_string(w) for w in words), dtype="uint64")


def analyse(text: str, cues: frozenset[str],
            lang: str = "en") -> tuple[list[int], list[int]]:
    """Tokenise `text` with spaCy's blank tokenizer once and return the character offsets
    where sentences start, by the rule of spaCy's sentencizer (a sentence starts at the
    first token that is not punctuation after one of its sentence-final characters), and
    the offsets of the tokens whose lower-case form is in `cues`.

    The rule is applied to the token arrays (`Doc.to_array`) rather than by the
    sentencizer component, which builds a Python object per token: same boundaries,
    a fraction of the time (tests compare the two)."""
    import numpy
    from spacy.attrs import IDX, IS_PUNCT, LOWER, ORTH

    doc = tokenizer(lang).make_doc(text)
    if not len(doc):
        return [], []
    arr = doc.to_array([ORTH, IDX, IS_PUNCT, LOWER])
    idx = arr[:, 1].tolist()
    finals = _punct_hashes()
    orth = arr[:, 0].tolist()
    # sentence-final characters are punctuation to spaCy, except a few; look at those only
    final = [i for i in range(len(orth)) if orth[i] in finals]
    punct = arr[:, 2].tolist()
    starts = [0]
    for n, i in enumerate(final):
        stop = final[n + 1] if n + 1 < len(final) else len(orth)
        j = i + 1
        while j < stop and punct[j]:
            j += 1
        if j < stop:
            starts.append(idx[j])
    table = _hashes(cues)
    if not len(table):
        return starts, []
    lower = arr[:, 3]
    at = numpy.searchsorted(table, lower).clip(max=len(table) - 1)
    return starts, arr[:, 1][table[at] == lower].tolist()


def units(text: str, paras: list[tuple[int, int]], quoted: list[Quoted],
          starts: list[int], cue_at: Sequence[int] = ()) -> list[tuple[int, int]]:
    """(start, end) of each unit, surrounding whitespace excluded. A sentence right after a
    quote stays with it when it is the quote's attribution: it starts in lower case
    (`"Why?" she asked.`) or is short and has a cue (`"Yes." Traeger said on Friday.`)."""
    cut = sorted(s for s in starts if not _ABBREVIATION.search(text, max(0, s - 8), s))
    inside = sorted((q.start, q.end) for q in quoted)
    opens = [a for a, _ in inside]
    kept: set[int] = set()
    for i, s in enumerate(cut):
        n = bisect_right(opens, s - 1) - 1  # the last quote opening before s
        if n >= 0 and s < inside[n][0] + 4 and not text[inside[n][0]:s].strip(
                _MARKS_AND_SPACE):
            kept.add(inside[n][0])  # the sentencizer keeps `."` together: start at the mark
        elif n >= 0 and s < inside[n][1]:
            pass  # inside a quote
        elif n >= 0 and s < inside[n][1] + 3:
            stop = cut[i + 1] if i + 1 < len(cut) else len(text)
            line = text.find("\n", s)
            stop = min(stop, line) if line >= 0 else stop
            if not _attribution_after(text, s, stop, cue_at):
                kept.add(s)
        else:
            kept.add(s)
    out = []
    ordered = sorted(kept)
    at = 0
    for p_start, p_end in paras:
        while at < len(ordered) and ordered[at] <= p_start:
            at += 1
        begin = p_start
        while at < len(ordered) and ordered[at] < p_end:
            out.append(_trim(text, begin, ordered[at]))
            begin = ordered[at]
            at += 1
        out.append(_trim(text, begin, p_end))
    return [u for u in out if u[0] < u[1]]


def _attribution_after(text: str, start: int, stop: int, cue_at: Sequence[int]) -> bool:
    first = text[start:stop].lstrip()
    if not first or first[0].islower():
        return True
    cue = bisect_left(cue_at, start)
    if cue >= len(cue_at) or cue_at[cue] >= stop or len(first.split()) > _SHORT:
        return False
    # the cue opens the sentence or follows its speaker: "Traeger said.", not
    # "Last year, Clinton said she ..."
    lead = text[start:cue_at[cue]]
    after = text[cue_at[cue]:stop].split()[1:2]
    if after and after[0].lower() in OPENS_CLAUSE:
        return False  # '"Q." Tremayne said he did not disagree.': a sentence of its own
    return "," not in lead and len(lead.split()) <= _LEAD_WORDS


_SHORT = 12  # words in a sentence that only attributes the quote before it
_LEAD_WORDS = 6  # words before its cue: "UFCW Local 832 president Jeff Traeger said"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end

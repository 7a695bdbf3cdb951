"""Sentence units: spaCy's blank tokenizer (no model) and the sentencizer's rule,
adjusted for quotations.

A unit never ends inside a quoted stretch, nor right after one (`"Yes." Traeger said.` is
one unit: the attribution belongs to the quote), and never crosses a paragraph.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .marks import Quoted

# a sentencizer cut after a title or an initial is no sentence end: "Lt. Tom Wilkison said"
_ABBREVIATION = re.compile(r"(?<![\w.])(?:Mr|Mrs|Ms|Dr|Lt|Sgt|Cpl|Capt|Col|Gen|Maj|Sen|Rep|"
                           r"Gov|Prof|Rev|St|Supt|Insp|Cst|Const|Det|No|[A-Z])\.\s*$")


@lru_cache(maxsize=4)
def tokenizer(lang: str = "en") -> Any:
    """`spacy.blank(lang)`; spaCy is imported here, on first use."""
    import spacy

    return spacy.blank(lang)


@lru_cache(maxsize=1)
def _punct_hashes() -> frozenset[int]:
    from spacy.pipeline.sentencizer import Sentencizer
    from spacy.strings import hash_string

    return frozenset(hash_string(ch) for ch in Sentencizer.default_punct_chars)


@lru_cache(maxsize=4)
def _hashes(words: frozenset[str]) -> Any:
    import numpy
    from spacy.strings import hash_string

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
    idx = arr[:, 1]
    final = numpy.isin(arr[:, 0], numpy.fromiter(_punct_hashes(), dtype="uint64"))
    plain = ~final & (arr[:, 2] == 0)
    starts = [0]
    seen = False
    for i, (is_final, is_plain) in enumerate(zip(final.tolist(), plain.tolist(), strict=True)):
        if seen and is_plain:
            starts.append(int(idx[i]))
            seen = False
        elif is_final:
            seen = True
    cue_at = idx[numpy.isin(arr[:, 3], _hashes(cues))].tolist()
    return starts, cue_at


def units(text: str, paras: list[tuple[int, int]], quoted: list[Quoted],
          starts: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each unit, surrounding whitespace excluded."""
    cut = {s for s in starts if not _ABBREVIATION.search(text, max(0, s - 8), s)}
    for q in quoted:
        if q.start + 1 in cut or q.start + 2 in cut:  # the sentencizer keeps `."` together
            cut.add(q.start)
        for i in range(q.start + 1, q.end + 3):
            cut.discard(i)
    out = []
    ordered = sorted(cut)
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


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end

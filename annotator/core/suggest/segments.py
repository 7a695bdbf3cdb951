"""Sentence units: spaCy's rule-based sentencizer on spaCy's blank tokenizer (no model),
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
def pipeline(lang: str = "en") -> Any:
    """`spacy.blank(lang)` with a sentencizer; spaCy is imported here, on first use."""
    import spacy

    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    return nlp


def sentence_starts(text: str, lang: str = "en") -> list[int]:
    """Character offsets where spaCy's sentencizer starts a sentence."""
    doc = pipeline(lang)(text)
    return [sent.start_char for sent in doc.sents]


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

"""Who the text says said a quote or a claim: the quote finder's attribution for one span
the annotator marked, so the window's speaker picker can offer that mention first.

The finder (`quotes.QuoteFinder`: `attribution`, `reported`, `mentions`) reads the whole
article; the found quote that overlaps the span most gives its speaker's mention ("Zarif"
in `"...," Zarif said`, the subject of "told", "according to"). The sentence cuts it reads
by come from a plain rule (`_plain_analysis`) rather than spaCy's tokenizer: the picker
opens in about 10 ms on a news article instead of waiting two seconds for spaCy to load
the first time, and works where spaCy (an optional extra) is not installed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .quotes import CUES, FoundQuote, QuoteFinder

# a sentence ends at . ! ? (and any closing marks), not after an initial ("U.S.", "J.")
_SENTENCE_END = re.compile(r"(?<![\s.][A-Z])(?<!^[A-Z])[.!?…]+[\"'”’»)\]]*(?:\s+|(?=[“‘«]))(?=\S)")
_CUE_WORD = re.compile(r"\w+|:")


@dataclass(frozen=True, slots=True)
class Attributed:
    """The mention an attribution points to, and the speaker's name as the text gives it
    (for "he said", the name it stands for)."""

    start: int
    end: int
    name: str


def attributed_speaker(text: str, start: int, end: int,
                       lang: str = "en") -> Attributed | None:
    """The speaker mention the attribution of the quote or claim at [start, end) points
    to, or None when the text attributes it to nobody the finder can tell."""
    best: FoundQuote | None = None
    best_overlap = 0
    for found in _find(text, lang):
        overlap = min(end, found.end) - max(start, found.start)
        if found.mention is not None and overlap > best_overlap:
            best, best_overlap = found, overlap
    if best is None or best.mention is None:
        return None
    return Attributed(best.mention.start, best.mention.end, best.speaker_name)


@lru_cache(maxsize=4)
def _find(text: str, lang: str) -> tuple[FoundQuote, ...]:
    """What the finder reads in the article, kept for the last few texts: the details panel
    asks again after every change to a quote or claim, and the text never changes."""
    return tuple(QuoteFinder(lang).find_in(text, *_plain_analysis(text)))


def _plain_analysis(text: str) -> tuple[list[int], list[int]]:
    """Sentence starts (after . ! ? and any closing marks) and cue word offsets, by rule:
    what `segments.analyse` gives, near enough for ranking speakers."""
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    cues = [m.start() for m in _CUE_WORD.finditer(text) if m.group().lower() in CUES]
    return starts, cues


def same_sentence(text: str, a: int, b: int) -> bool:
    """No sentence ends between offsets a and b (a <= b)."""
    return _SENTENCE_END.search(text, a, b) is None

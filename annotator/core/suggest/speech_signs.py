"""Signs in a sentence unit's words of whether speech is there, for the quote finder
(quotes.py): the unit's subject, a line-up of names, a lead that is a sentence of its own,
a quotation that may end what was said, a run-on quotation that reads as speech."""

from __future__ import annotations

from .lexicon import TITLES
from .marks import Quoted
from .mentions import Mention, Token, mention_after

# a title's abbreviation never ends a sentence ("Mr. “Smith”"); "U.S." or "Inc." may
_TITLE_ABBREVIATIONS = frozenset(t for t in TITLES if t.endswith(".")) | {"st.", "no."}
_MIN_WORDS_UNATTRIBUTED = 4


def subject(toks: list[Token]) -> Mention | None:
    """The unit's first mention after any opening phrase, for `..., adding that` and
    `..., saying: "Q"` ("On Thursday, Wall Street analysts ..., saying that ...")."""
    for k in range(min(16, len(toks))):
        if k == 0 or toks[k - 1].text in ",—–":
            m = mention_after(toks, k)
            if m is not None:
                return m
    return None


def a_list(toks: list[Token]) -> bool:
    """Names or figures in a row ("Squad: Javier Pertile, Paolo Vaccari, ..."; a line-up,
    a result), not a sentence someone said."""
    words = [t for t in toks if t.text[0].isalnum()]
    separators = sum(t.text in ",;" for t in toks)
    return separators >= 3 and sum(t.cap for t in words) >= 0.6 * len(words)


def ends_sentence(lead: list[Token]) -> bool:
    """The words before a quote are a sentence of their own that the sentencizer kept
    with it ("... the Model 3 was the top seller in the U.S. “Forget about Ford,” Ellison
    said."): the quote opens a sentence, it does not end one."""
    last = lead[-1].text
    return last[-1] in ".!?" and last.lower() not in _TITLE_ABBREVIATIONS


def may_end_speech(text: str, q: Quoted, toks: list[Token], after: int) -> bool:
    """Words that an attribution may follow: punctuation inside or after the closing
    mark, or words enough to be said. Not a title used as a modifier ("The Godfather"
    director Francis Ford Coppola said ...)."""
    a, b = q.inner
    inner = text[a:b].rstrip()
    return (q.open_end or not inner or inner[-1] in ",.!?;:—–-" or (
        after < len(toks) and toks[after].text in ",—–") or len(inner.split()) >= 5)


def speech_like(text: str, q: Quoted, unit_start: int) -> bool:
    """A run-on quote opens its unit and reads like speech, not a title or a term."""
    a, b = q.inner
    if text[q.start] in "'\u2018" and not text.startswith("''", q.start):
        return False  # a line in single marks alone is a subheading, not speech
    return q.start == unit_start and len(text[a:b].split()) >= _MIN_WORDS_UNATTRIBUTED

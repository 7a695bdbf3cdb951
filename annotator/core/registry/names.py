"""Names folded for matching: the same person written with or without diacritics, in
Arabic or Persian letters, with a possessive or a title's punctuation, folds to one string.

Folding never touches what is stored: it is the key of the name index only.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import regex

# Arabic and Persian spellings of one letter fold to one: the Persian yeh and keheh to the
# Arabic ya and kaf, alef maqsura to ya, teh marbuta to heh; tatweel and the zero-width
# non-joiner (Persian "خامنه‌ای") go. Hamza and harakat are combining marks after NFKD.
_LETTERS = str.maketrans({"ی": "ي", "ى": "ي", "ک": "ك", "ة": "ه", "ـ": None,
                          "\u200c": None, "\u200d": None, "ٱ": "ا"})
_POSSESSIVE = re.compile(r"['’]s\b", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^\w\s]+")
_MARKS = regex.compile(r"\p{Mn}+")  # combining marks: accents, harakat, hamza after NFKD


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """`text` case-folded, without diacritics or punctuation, Arabic and Persian letter
    variants made one, spaces collapsed ("Żarif’s" -> "zarif")."""
    text = _POSSESSIVE.sub("", text)
    if text.isascii():  # most names: nothing to decompose
        return " ".join(_NOT_WORD.sub(" ", text.lower()).split())
    text = _MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    text = _NOT_WORD.sub(" ", text.translate(_LETTERS))
    return " ".join(text.split())


def surname(folded: str) -> str | None:
    """The last word of a folded name of two words or more (None for one word)."""
    words = folded.split()
    return words[-1] if len(words) > 1 else None

"""Speaker mentions around a verb of saying: names, pronouns and noun phrases.

Works on word tokens of a stretch of text (a regex, no model): capitalised runs are
names, a determiner starts a noun phrase, a pronoun is its own mention.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from operator import attrgetter

from .lexicon import COMMON_SPEAKERS, NOT_NAMES, ORG_WORDS, PRONOUNS, TITLES

_ABBREV = ("Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|St|Jr|Sr|Inc|Corp|Co|Ltd|Prof|Rev|"
           "Mt|Ft|No|Gov|Supt|Const|Insp|Cst|Cpl|Pte|Maj|Adm")
# the abbreviations and initials all open with a capital: the lookahead skips them at once
# for any other word (a third of the finder's tokenising time)
_TOKEN = re.compile(rf"(?=[A-Z])(?:(?:{_ABBREV})\.|[A-Z]\.(?:[A-Z]\.)+|[A-Z]\.(?= [A-Z]))"
                    r"|\w+(?:[-'’&]\w+)*|[^\w\s\u200b-\u200f\u2060\ufeff]")
_START = attrgetter("start")
DETERMINERS = frozenset("the a an his her their its our this that these those my your".split())
_QUANTIFIERS = frozenset("another each every some many most several both all one two three "
                         "no few".split())
_PREPOSITIONS = frozenset("in at on with by from of for to under into over about".split())
# "a spokesman for Ford", "the embassy in Baghdad": a phrase's name of a place or employer
_PLACE_OF_SPEAKER = frozenset("in at for of from".split())
_AUXILIARIES = frozenset("is are was were be been being have has had do does did will would "
                         "can could should may might must able".split())
# a subordinate clause opens after these: its subject is not part of a phrase before them
_SUBORDINATORS = frozenset("after before since until unless although though whereas "
                           "once".split())
# words on the verb's side of a subject: "The government also wants ..." ends at "also"
_VERB_SIDE = _AUXILIARIES | frozenset("also still never always often recently previously "
                                      "later then already just reportedly allegedly".split())
_FUNCTION_WORDS = frozenset("of to in for on at with by from and or the a an big new".split())
_CONNECTORS = frozenset("of de van von der al bin ibn la le du da dos del di and &".split())
_CLAUSE_STOP = frozenset("who which that whose whom where when while because but and or "
                         "if as than".split())
# a noun phrase after its verb ends at a preposition: "said the company in a statement"
_PHRASE_STOP = _CLAUSE_STOP | frozenset("in on at during after before to with last this "
                                         "about from by".split())


class Token:
    """A word or punctuation mark: its offsets, text and lower-case form."""

    __slots__ = ("end", "low", "start", "text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.low = text.lower()

    def __repr__(self) -> str:
        return f"Token({self.start}, {self.end}, {self.text!r})"

    @property
    def cap(self) -> bool:
        ch = self.text[0]
        return ch.isupper() or (ch.isdigit() and len(self.text) < 6)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    kind: str  # "name", "pronoun" or "phrase"
    label: str  # PERSON / ORG, or "" for a pronoun that takes its antecedent's label
    key: str  # a name's last word (the surname); the pronoun; the phrase's head


def index_at(toks: list[Token], start: int) -> int:
    """The index of the first token at or after `start` (tokens are in text order)."""
    return bisect_left(toks, start, key=_START)


def tokens(text: str, start: int, end: int) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]


def _is_name_word(tok: Token) -> bool:
    return tok.cap and tok.low not in NOT_NAMES and tok.text[0].isalnum()


def _label_of(words: list[Token]) -> str:
    lows = [w.low.removesuffix("’s").removesuffix("'s") for w in words]
    if any(low in ORG_WORDS for low in lows):
        return "ORG"
    if (len(words) == 1 and words[0].text.isupper() and len(words[0].text) > 1
            and words[0].text.isalpha()):
        return "ORG"  # an acronym: CNN, UFCW
    return "PERSON"


def _name(words: list[Token]) -> Mention | None:
    """A capitalised run, without titles in front ("President Bill Clinton" -> "Bill
    Clinton") unless the title is all there is ("the Minister")."""
    while words and (words[0].low in _CONNECTORS or words[0].low in NOT_NAMES):
        words = words[1:]
    while words and words[-1].low in _CONNECTORS:
        words = words[:-1]
    if not words or (len(words) == 1 and words[0].low.endswith("ing")):
        return None  # "Following their loss, ..." starts a sentence, names no one
    titled = [i for i, w in enumerate(words[:-1]) if w.low in TITLES]
    if titled:  # "St. Charles Police Lt. Tom Wilkison" -> "Tom Wilkison"
        words = words[titled[-1] + 1:]
    label = _label_of(words)
    return Mention(words[0].start, words[-1].end, "name", label,
                   words[-1].text.removesuffix("’s").removesuffix("'s"))


def phrase(words: list[Token]) -> Mention | None:
    """A noun phrase, unless it holds a verb or ends in a function word ("the big",
    "the Liberals have been able to": a clause, not a speaker)."""
    if any(w.low in _AUXILIARIES for w in words) or words[-1].low in _FUNCTION_WORDS:
        return None
    head = words[-1].low
    label = "ORG" if any(w.low in ORG_WORDS for w in words) else "PERSON"
    return Mention(words[0].start, words[-1].end, "phrase", label, head)


def _pronoun(tok: Token) -> Mention:
    return Mention(tok.start, tok.end, "pronoun", PRONOUNS[tok.low], tok.low)


def mention_before(toks: list[Token], k: int) -> Mention | None:
    """The speaker mention ending right before toks[k] (the verb, or the end)."""
    if k <= 0:
        return None
    last = toks[k - 1]
    if last.text == ")" and k >= 3:
        # "Layla Haddad (ليلى حداد) told", "the Ports Authority (SGPA) said": the name
        # before its parenthesis
        for j in range(k - 2, max(k - 12, 0), -1):
            if toks[j].text == "(":
                return mention_before(toks, j)
            if toks[j].text == ")":
                break
        return None
    if last.text == "," and k >= 3:
        # "Jeff Traeger, president of the union, said", "Hadwin, who ..., said": skip the
        # apposition or relative clause back to the name before its comma
        relative = next((j for j in range(k - 2, max(k - 45, 1), -1)
                         if toks[j].low in ("who", "whose", "which") and
                         toks[j - 1].text == ","), None)
        if relative is not None and relative >= 2:
            # "Nuñez, whose company operates in Buenos Aires, Rotterdam and Liverpool,
            # said": the name before the relative clause, not the last in it
            inner = mention_before(toks, relative - 1)
            if inner is not None and inner.kind != "phrase":
                return inner
        if k >= 4 and (_is_name_word(toks[k - 2]) or toks[k - 2].text == ")"):
            # "the director of EHS, Jeff Fraser, says"; "Its chairman, Hassan Jabbar
            # (حسن جبار), said": the name in apposition, before its parenthesis
            inner = mention_before(toks, k - 1)
            if inner is not None and inner.start > toks[0].start and \
                    toks[index_at(toks, inner.start) - 1].text == ",":
                return inner
        for j in range(k - 2, max(k - 45, 0), -1):
            if toks[j].text == ",":
                inner = mention_before(toks, j)
                if inner is not None and (inner.kind != "phrase" or _starts_clause(toks, inner)):
                    return inner  # "The companies, which ..., said"
        return None
    if last.low in ("who", "which") and k >= 2:
        # "Jessica Leeds, who told the Times that ...", "groups like Greenpeace which charged"
        if toks[k - 2].text == ",":
            return mention_before(toks, k - 2)
        if _is_name_word(toks[k - 2]):
            return mention_before(toks, k - 1)
        return None
    if last.low in PRONOUNS and last.low not in ("him", "her"):
        return _pronoun(last)
    if _is_name_word(last):
        j = k - 1
        while j > 0 and (_is_name_word(toks[j - 1]) or (
                toks[j - 1].low in _CONNECTORS and j > 1 and toks[j - 2].cap
                and toks[j - 2].low not in NOT_NAMES)):
            j -= 1
        if k - j == 1 and last.low in COMMON_SPEAKERS:
            return phrase(toks[j:k])  # "Officials said", "Police said": no one's name
        name = _name(toks[j:k])
        if name is not None and j >= 2 and toks[j - 1].low in _PLACE_OF_SPEAKER \
                and (toks[j - 2].text[0].islower() or toks[j - 2].low in COMMON_SPEAKERS):
            # "The US embassy in Baghdad urged", "officials in Washington said": the name
            # is where the speaker is, the phrase before it who
            head = mention_before(toks, j - 1)
            if head is not None and head.kind == "phrase":
                return Mention(head.start, name.end, "phrase", head.label, head.key)
        return name
    # a noun phrase: "the company", "a spokesperson for the ministry", "police"
    j = k - 1
    while j >= 0 and k - j <= 9:
        tok = toks[j]
        if not tok.text[0].isalnum() or tok.low in _CLAUSE_STOP or tok.low in PRONOUNS or \
                tok.low in _SUBORDINATORS:
            break
        opens_phrase = tok.low in DETERMINERS or tok.low in _QUANTIFIERS
        if opens_phrase and (j == 0 or toks[j - 1].low not in _PREPOSITIONS):
            found = phrase(toks[j:k])
            if found is not None and j >= 2 and toks[j - 1].low.endswith("ing") \
                    and toks[j - 1].text[0].islower():
                # "Environmental groups attending the summit said": the phrase the
                # participle describes is the speaker, the summit is where
                head = mention_before(toks, j - 1)
                if head is not None and head.kind == "phrase":
                    return Mention(head.start, found.end, "phrase", head.label, head.key)
            return found
        # after a preposition, "a spokesman for the campaign said": the phrase goes on to its head;
        # "in a low voice said" has none and names no speaker
        j -= 1
    if last.low in COMMON_SPEAKERS or last.low in ORG_WORDS or (
            last.low.endswith("s") and last.text[0].islower() and len(last.low) > 3):
        # "police", "banking analysts", "Leading Democratic strategists", "regulators"
        j = k - 1
        while j > 0 and toks[j - 1].text[0].isalnum() and toks[j - 1].low not in _PHRASE_STOP \
                and toks[j - 1].low not in PRONOUNS and k - j < 4:
            j -= 1
        found = phrase(toks[j:k])
        if found is not None and (last.low in COMMON_SPEAKERS or last.low in ORG_WORDS
                                  or _starts_clause(toks, found)):
            return found
    return None


def _starts_clause(toks: list[Token], m: Mention) -> bool:
    """The mention opens its unit or follows a comma or a conjunction: a subject."""
    j = index_at(toks, m.start)
    return j == 0 or toks[j - 1].text in ",;:—–" or toks[j - 1].low in ("and", "but", "with") \
        or toks[j - 1].low in _SUBORDINATORS  # "hours after violence monitors said"


def _past_verb_after_noun(toks: list[Token], j: int) -> bool:
    """toks[j] is a verb in the past after the phrase's noun ("A coalition of aid groups
    launched an appeal"), not a participle before it ("the newly elected mayor")."""
    prev = toks[j - 1].low
    return toks[j].low.endswith("ed") and toks[j].text.islower() and (
        prev in COMMON_SPEAKERS or prev in ORG_WORDS or (prev.endswith("s") and len(prev) > 3))


def mention_after(toks: list[Token], k: int) -> Mention | None:
    """The speaker mention starting at toks[k]: "said Traeger", "says the minister"."""
    if k >= len(toks):
        return None
    first = toks[k]
    if first.low in PRONOUNS:
        return _pronoun(first)
    if first.text[0].islower() and first.low not in DETERMINERS:
        # "said lead author Dr. Allan Garland": role words before the name
        for j in range(k + 1, min(k + 4, len(toks))):
            if _is_name_word(toks[j]) or toks[j].low in TITLES:
                return mention_after(toks, j)
            if not toks[j].text[0].isalpha():
                break
    if _is_name_word(first):
        j = k + 1
        while j < len(toks) and (toks[j].cap or (
                toks[j].low in _CONNECTORS and j + 1 < len(toks) and toks[j + 1].cap)):
            j += 1
        if j == k + 1 and j < len(toks) and toks[j].low in COMMON_SPEAKERS \
                and toks[j].text[0].islower() and (k == 0 or not toks[k - 1].text[0].isalnum()):
            # "Security sources there reported": a sentence's capital, not a name
            return phrase(toks[k:j + 1])
        return _name(toks[k:j])
    if first.low == "the" and k + 1 < len(toks) and _is_name_word(toks[k + 1]):
        return mention_after(toks, k + 1)  # "according to the Ministry of Transport"
    if (first.low in DETERMINERS and first.low != "that") or first.low in COMMON_SPEAKERS:
        # after a verb, "that" opens its clause, not a speaker ("showed that the network")
        j = k + 1
        while j < len(toks) and j - k < 6 and toks[j].text[0].isalnum() \
                and toks[j].low not in _PHRASE_STOP and toks[j].low not in _VERB_SIDE \
                and not _past_verb_after_noun(toks, j):
            j += 1
        return phrase(toks[k:j])
    return None

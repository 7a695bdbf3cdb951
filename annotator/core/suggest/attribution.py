"""Who said a quotation: the attribution patterns of news, on a unit's word tokens.

Direct quotes: `"Q," S said` / `"Q," said S` (after), `S said: "Q"` / `S told X, "Q"`
(before), and so a split quote `"Q1," S said, "Q2"`. Indirect speech is in `reported`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import (
    BETWEEN,
    NOT_NAMES,
    NOUNISH,
    OBJECT_VERBS,
    OPENS_CLAUSE,
    PRONOUNS,
    SAY_VERBS,
)
from .mentions import (
    DETERMINERS,
    Mention,
    Token,
    index_at,
    mention_after,
    mention_before,
)

_LEAD = frozenset(",—–-:;")
MODALS = frozenset("will shall may might could can should must".split())
_INTRO = frozenset("but and so yet however meanwhile now also still instead".split())
_NO_CLAUSE = frozenset("to for of about by as on in at with from into over against up "
                       "out off".split())
_LISTENERS = frozenset("me him her them us you reporters journalists media".split())
# the time and place words that may follow a final attribution: "C, she said on Friday."
_TAIL_MAX = 6
_CLAUSE_OPENERS = frozenset("he she it they we i there this the its their his her".split())


_REFUSALS = frozenset("declined declines decline refused refuses refuse".split())


def _negative(low: str) -> bool:
    return low in ("not", "never") or low.endswith(("n't", "n’t"))


@dataclass(slots=True)
class Attribution:
    mention: Mention | None
    verb: int  # token index of the cue in the unit's tokens (-1: none)
    clause: tuple[int, int] | None = None  # character range of reported speech
    more: tuple[int, int] | None = None  # its second part: "C1, he said, C2"


def is_cue(toks: list[Token], v: int) -> bool:
    """toks[v] is a verb of saying here, not the noun ("the report", "his claims")."""
    low = toks[v].low
    if low == "according":
        return v + 1 < len(toks) and toks[v + 1].low == "to"
    if low not in SAY_VERBS:
        return False
    if v == 0:
        return low not in NOUNISH
    prev = toks[v - 1]
    if toks[v].text[0].isupper() and prev.cap and low in NOUNISH and not _headline(toks):
        return False  # part of a name: "Wayne State University", not "Poll Shows ..."
    if prev.low in DETERMINERS or prev.low.endswith(("’s", "'s")):
        return False
    if low.startswith("agree") and v + 1 < len(toks) and toks[v + 1].low == "to":
        return False  # "has agreed to buy the club": a deal, not words
    if prev.text[0].isdigit():
        return False  # a participle after a number describes: "64 confirmed cases"
    before = toks[v - 2].low if v >= 2 else ""
    if prev.low.endswith("ly") and before in DETERMINERS:
        return False  # a participle that describes: "his previously stated views"
    if prev.low in MODALS or (before in MODALS and prev.low in BETWEEN):
        return False  # what someone will or may say has not been said: "will argue that"
    if _negative(prev.low) or (prev.low in BETWEEN and _negative(before)) or (
            prev.low == "to" and before in _REFUSALS):
        return False  # "did not say whether", "declined to say": nothing was said
    if low in NOUNISH and not low.endswith("ed"):
        if prev.low in PRONOUNS or prev.low in BETWEEN:
            return True
        # "Trump claims the vote..." but not "the Treasury note rose"
        after = toks[v + 1].low if v + 1 < len(toks) else ""
        # "program users report they...", "the poll shows Clinton ahead", "..., the emails
        # show." but not "the Treasury note rose"
        if not (prev.text[0].isalnum() and prev.low not in NOT_NAMES) and prev.text != ",":
            return False
        return after in ("", ".", ";") or after in _CLAUSE_START or after in PRONOUNS or (
            toks[v + 1].cap)
    return True


_CLAUSE_START = frozenset("that the a an this these those there it he she they we i his her "
                          "their its our".split())


def _headline(toks: list[Token]) -> bool:
    """Title Case: most words capitalised."""
    words = [t for t in toks if t.text[0].isalpha()]
    return sum(t.text[0].isupper() for t in words) >= 0.6 * len(words)


def _finite(toks: list[Token], v: int) -> bool:
    return not toks[v].low.endswith("ing") and is_cue(toks, v)


def skip_between(toks: list[Token], v: int, floor: int) -> int:
    """The index just after the speaker, for the cue toks[v]: past auxiliaries and adverbs
    ("has also said", "especially say") and a time phrase ("Trump on Friday said")."""
    k = v
    while k > floor:
        low = toks[k - 1].low
        if low in BETWEEN or (low.endswith("ly") and toks[k - 1].text[0].islower()):
            k -= 1
        elif k - 2 >= floor and low in TIME_WORDS and toks[k - 2].low in ("on", "last", "this",
                                                                           "early", "late"):
            k -= 2
        else:
            break
    return k


TIME_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday week month "
                       "year night morning afternoon evening".split())


def subject_ok(toks: list[Token], first: int, start: int) -> bool:
    """The mention starting at char `start` sits where a subject does: at the start, or
    after an introductory phrase, a dateline or a conjunction, with at most a few modifier
    words in front ("Stella's owners Tore Sohlberg said", "Conservative Leader Scheer")."""
    j = index_at(toks, start)
    modifiers = 0
    while j > first:
        tok = toks[j - 1]
        if tok.text in _LEAD or tok.low in SUBORDINATORS or tok.low in _INTRO:
            return True
        if not tok.text[0].isalnum() or tok.low in THAT_STOPS or modifiers >= 5:
            return False
        modifiers += 1
        j -= 1
    return True


# words that open a clause of their own: "..., and Lohmar said ...", "While X said ..."
SUBORDINATORS = frozenset("and but while whereas although though because since as when "
                          "after before if so yet once where".split())
THAT_STOPS = frozenset("that which who what because and but or if when while".split())


def after_quote(toks: list[Token], first: int, last: int, strict: bool) -> Attribution | None:
    """`"Q," S said` or `"Q," said S`: toks[first:last] follow the quote. `strict` (the
    quote ended its sentence) asks the attribution to end the unit soon after."""
    i = first
    while i < last and toks[i].text in _LEAD and i - first < 2:
        i += 1
    if i >= last:
        return None
    if _finite(toks, i):
        m = mention_after(toks, i + 1)
        if m is not None and m.end <= toks[last - 1].end:
            tail = last - index_at(toks, m.end)
            if not strict or tail <= _TAIL_MAX or toks[index_at(toks, m.end)].text == ",":
                return Attribution(m, i)
        return None
    for v in range(i + 1, min(last, i + 30)):
        tok = toks[v]
        if tok.text in ".!?;" or tok.low == "that":
            return None
        if not _finite(toks, v) or toks[v - 1].low in DETERMINERS or (
                v + 1 < last and _finite(toks, v + 1)):
            continue  # "the civil claim said": a noun, not the cue
        k = skip_between(toks, v, i)
        m = mention_before(toks, k)
        if m is None or m.start < toks[i].start:
            return None
        between = [t for t in toks[i:k] if t.end <= m.start]
        if between and between[-1].text == "," and toks[k - 1].text == ",":
            between.pop()  # '"Q," the commission's chair, Gregor Almásy, told': a role first
        if len(between) > 5 or any(t.low in THAT_STOPS or not t.text[0].isalnum()
                                   for t in between):
            return None
        tail = last - v - 1
        if strict and tail > _TAIL_MAX and toks[v + 1].text != ",":
            return None
        if strict and v + 1 < last and toks[v + 1].low in OPENS_CLAUSE:
            return None  # '..."Q." Tremayne said he did not disagree': what he said next
        if v + 1 < len(toks) and toks[v + 1].text == ":":
            return None  # "Later she added: ..." introduces what follows
        return Attribution(m, v)
    return None


def before_quote(toks: list[Token], first: int, last: int,
                 subject: Mention | None) -> Attribution | None:
    """`S said: "Q"`, `S told reporters, "Q"`, `according to S, "Q"`, `..., adding: "Q"`:
    toks[first:last] come before the quote."""
    if last <= first:
        return None
    end = last
    colon = toks[end - 1].text == ":"
    if toks[end - 1].text in ",:—–":
        end -= 1
    for v in range(end - 1, max(first, end - 9) - 1, -1):
        tok = toks[v]
        if tok.low == "to" and v > first and toks[v - 1].low == "according":
            m = mention_after(toks, v + 1)
            if m is not None:
                return Attribution(m, v - 1)
        if not is_cue(toks, v):
            continue
        extra = end - v - 1
        if extra and not colon and tok.low not in OBJECT_VERBS:
            return None
        if extra > 6:
            return None
        if tok.low.endswith("ing") and v > first and toks[v - 1].text == ",":
            return Attribution(subject, v) if subject is not None else None
        k = skip_between(toks, v, first)
        m = mention_before(toks, k)
        if m is None or m.start < toks[first].start or not subject_ok(toks, first, m.start):
            return None
        return Attribution(m, v)
    if colon:  # 'Kathleen Parker, The Washington Post: "..."'
        return colon_speaker(toks, first, end)
    return None


# The words of a line's label ("READ MORE:", "Editor's note:", "BREAKING:"): no speaker's
# name, and an all-capitals label of them opens a line that is no news text.
LINE_LABELS = frozenset("note editor update correction related watch read photo video source "
                        "listen more see also clarification disclosure alert follow breaking "
                        "live exclusive analysis opinion explainer factbox".split())


def colon_speaker(toks: list[Token], first: int, colon: int) -> Attribution | None:
    """A name and a colon, and nothing else, before what they said (headline style)."""
    if colon - first > 8:
        return None
    # "Jeremy Lott, author:", "Gerald F. Seib, The Wall Street Journal:": the first name
    m = mention_after(toks, first) if toks[first].cap else None
    if m is None or m.kind != "name":
        m = mention_before(toks, colon)
    if m is None or m.kind != "name" or not subject_ok(toks, first, m.start):
        return None
    if all(t.text.isupper() or not t.text[0].isalnum() for t in toks[first:colon]):
        return None  # "EARN:", "WATCH:" label a line
    if any(t.low.rstrip("s’'") in LINE_LABELS or t.low.endswith(("’s", "'s")) or t.low == "of"
           for t in toks[first:colon]):
        return None  # "Editor's note:", "Photo:", a title ("The Assassination of ...:")
    if any(not t.text[0].isalnum() and t.text != "," for t in toks[first:colon]):
        return None
    return Attribution(m, -1)

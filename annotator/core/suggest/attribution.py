"""Who said a quotation: the attribution patterns of news, on a unit's word tokens.

Direct quotes: `"Q," S said` / `"Q," said S` (after), `S said: "Q"` / `S told X, "Q"`
(before), and so a split quote `"Q1," S said, "Q2"`. Indirect speech: `S said (that) C`,
`C, S said`, `C, said S`, `according to S, C` / `C, according to S`, and
`..., adding (that) C` with the unit's subject as the speaker.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import (
    BETWEEN,
    CLAUSE_VERBS,
    NOMINAL_VERBS,
    NOT_NAMES,
    NOUNISH,
    OBJECT_VERBS,
    PRONOUNS,
    SAY_VERBS,
    THAT_VERBS,
)
from .mentions import DETERMINERS, Mention, Token, mention_after, mention_before

_LEAD = frozenset(",—–-:;")
_INTRO = frozenset("but and so yet however meanwhile now also still instead".split())
_NO_CLAUSE = frozenset("to for of about by as on in at with from into over against up "
                       "out off".split())
_LISTENERS = frozenset("me him her them us you reporters journalists media".split())
# the time and place words that may follow a final attribution: "C, she said on Friday."
_TAIL_MAX = 6
_CLAUSE_OPENERS = frozenset("he she it they we i there this the its their his her".split())


@dataclass(slots=True)
class Attribution:
    mention: Mention | None
    verb: int  # token index of the cue in the unit's tokens (-1: none)
    clause: tuple[int, int] | None = None  # character range of reported speech


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
    if prev.low in DETERMINERS or prev.low.endswith(("’s", "'s")):
        return False
    if low in NOUNISH and not low.endswith("ed"):
        return prev.low in PRONOUNS or prev.low in BETWEEN or (
            prev.cap and prev.low not in NOT_NAMES) or prev.text == ","
    return True


def _finite(toks: list[Token], v: int) -> bool:
    return not toks[v].low.endswith("ing") and is_cue(toks, v)


def _subject_ok(toks: list[Token], first: int, start: int) -> bool:
    """The mention starting at char `start` sits where a subject does: at the start, or
    after an introductory phrase, a dateline or a conjunction, with at most a few modifier
    words in front ("Stella's owners Tore Sohlberg said", "Conservative Leader Scheer")."""
    j = _index_at(toks, start)
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
                          "after before if so yet once".split())
THAT_STOPS = frozenset("that which who because and but or if when while".split())


def _index_at(toks: list[Token], start: int) -> int:
    for i, t in enumerate(toks):
        if t.start >= start:
            return i
    return len(toks)


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
            tail = last - _index_at(toks, m.end)
            if not strict or tail <= _TAIL_MAX or toks[_index_at(toks, m.end)].text == ",":
                return Attribution(m, i)
        return None
    for v in range(i + 1, min(last, i + 30)):
        tok = toks[v]
        if tok.text in ".!?;" or tok.low == "that":
            return None
        if not _finite(toks, v) or toks[v - 1].low in DETERMINERS or (
                v + 1 < last and _finite(toks, v + 1)):
            continue  # "the civil claim said": a noun, not the cue
        k = v
        while k > i and toks[k - 1].low in BETWEEN:
            k -= 1
        m = mention_before(toks, k)
        if m is None or m.start < toks[i].start:
            return None
        between = [t for t in toks[i:k] if t.end <= m.start]
        if len(between) > 5 or any(t.low in THAT_STOPS or not t.text[0].isalnum()
                                   for t in between):
            return None
        tail = last - v - 1
        if strict and tail > _TAIL_MAX and toks[v + 1].text != ",":
            return None
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
        if tok.low.endswith("ing"):
            if v > first and toks[v - 1].text == ",":
                return Attribution(subject, v) if subject is not None else None
        k = v
        while k > first and toks[k - 1].low in BETWEEN:
            k -= 1
        m = mention_before(toks, k)
        if m is None or m.start < toks[first].start or not _subject_ok(toks, first, m.start):
            return None
        return Attribution(m, v)
    return None


def indirect(toks: list[Token], v: int, unit_end: int, quoted_at: set[int],
             subject: Mention | None) -> Attribution | None:
    """Reported speech around the cue toks[v]; `quoted_at` = token indices inside quotes."""
    tok = toks[v]
    n = len(toks)
    if tok.low == "according":
        if v + 1 >= n or toks[v + 1].low != "to":
            return None
        m = mention_after(toks, v + 2)
        if m is None:
            return None
        if v == 0 or toks[v - 1].text in _LEAD:
            after = _after_source(toks, _index_at(toks, m.end))
            if after is not None:
                return _clause(toks, after, unit_end, m, v)
        if v > 1 and toks[v - 1].text == ",":
            return Attribution(m, v, (toks[0].start, toks[v - 1].start)) \
                if v - 1 >= 3 else None
        return None
    if tok.low.endswith("ing"):
        if v > 0 and toks[v - 1].text == "," and subject is not None \
                and tok.low in CLAUSE_VERBS | {"saying"}:
            a = v + 1
            if a < n and toks[a].low == "that":
                a += 1
            return _clause(toks, a, unit_end, subject, v)
        return None
    # C, S said. / C, said S.
    if v >= 2:
        k = v
        while k > 0 and toks[k - 1].low in BETWEEN:
            k -= 1
        inverted = toks[v - 1].text == ","
        m = mention_after(toks, v + 1) if inverted else mention_before(toks, k)
        if m is not None:
            at = v - 1 if inverted else _index_at(toks, m.start) - 1
            tail = _index_at(toks, m.end) if inverted else v + 1
            if at >= 3 and toks[at].text == "," and _short_tail(toks, tail):
                return Attribution(m, v, (toks[0].start, toks[at].start))
    # S said (that) C.
    k = v
    while k > 0 and toks[k - 1].low in BETWEEN:
        k -= 1
    m = mention_before(toks, k)
    if m is None and k > 0 and toks[k - 1].low in ("and", ",") and subject is not None:
        m = subject  # "He said X, and added Y"
    elif m is None or not _subject_ok(toks, 0, m.start):
        return None
    a = v + 1
    if tok.low in OBJECT_VERBS:
        if a < n and toks[a].low in _LISTENERS:
            a += 1
        else:
            obj = mention_after(toks, a)
            if obj is not None:
                a = _index_at(toks, obj.end)
    if a < n and toks[a].low in _TAIL_START:
        for j in range(a + 1, min(n, a + 5)):
            if toks[j].low in _CLAUSE_OPENERS and j + 1 < n and toks[j + 1].text[0].isalpha():
                a = j
                break
    that = next((j for j in range(a, min(n, a + 7)) if toks[j].low == "that"), None)
    if that is not None and (that == a or toks[a].low in _TAIL_START or tok.low in OBJECT_VERBS) \
            and all(toks[j].text[0].isalnum() for j in range(a, that)):
        a = that + 1
    elif tok.low in NOMINAL_VERBS:
        a = v + 1  # "Trump blamed Obama for the downturn": the object on is attributed
        if tok.low.startswith("call"):
            if a >= n or toks[a].low not in ("for", "on"):
                return None  # "Green called Schniederjans": a telephone call
            a += 1
        if a < n and toks[a].low in _NO_CLAUSE:
            return None
        return _clause(toks, a, unit_end, m, v)
    elif tok.low in THAT_VERBS or tok.low not in CLAUSE_VERBS:
        return None
    if a >= n or toks[a].low in _NO_CLAUSE or (toks[a].text[0].isdigit() and that is None) or (
            not toks[a].text[0].isalnum() and a not in quoted_at):
        return None
    return _clause(toks, a, unit_end, m, v)


def _after_source(toks: list[Token], i: int) -> int | None:
    """Where the reported clause starts after "According to SOURCE": past the comma that
    ends the source, or past a parenthesis between dashes."""
    dashes = 0
    for j in range(i, min(len(toks), i + 30)):
        text = toks[j].text
        if text in "—–":
            dashes += 1
            if dashes == 2:
                return j + 1
        elif text == "," and dashes == 0:
            return j + 1
    return None


def _short_tail(toks: list[Token], i: int) -> bool:
    """What follows a final attribution: nothing, or a short time or place phrase."""
    rest = [t for t in toks[i:] if t.text[0].isalnum()]
    if not rest or toks[i].text in ",;—–":  # "C, Lohmar said, adding that ..."
        return True
    return len(rest) <= _TAIL_MAX and rest[0].low in _TAIL_START


_TAIL_START = frozenset("in on at during last this yesterday today earlier late after before "
                        "monday tuesday wednesday thursday friday saturday sunday while when "
                        "by from to of via".split())


def _clause(toks: list[Token], a: int, unit_end: int, m: Mention | None,
            v: int) -> Attribution | None:
    if len(toks) - a < 3:
        return None
    return Attribution(m, v, (toks[a].start, unit_end))

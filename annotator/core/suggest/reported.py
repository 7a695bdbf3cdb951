"""Reported (indirect) speech around a cue, on a unit's word tokens.

The patterns of news: `S said (that) C`, `S told X (that) C`, `C, S said`, `C, said S`,
`C1, S said, C2`, `according to S, C` / `C, according to S`, `..., adding (that) C` and
`with S saying C` (the participle's speaker is the unit's subject), and speech acts with an
object (`S urged X to ...`, `S called for ...`).
"""

from __future__ import annotations

from .attribution import (
    THAT_STOPS,
    Attribution,
    index_at,
    skip_between,
    subject_ok,
)
from .lexicon import (
    CLAUSE_VERBS,
    NAMING_VERBS,
    NOMINAL_VERBS,
    OBJECT_VERBS,
    ORG_WORDS,
    THAT_VERBS,
)
from .mentions import DETERMINERS, Mention, Token, mention_after, mention_before, phrase

_LEAD = frozenset(",—–-:;")
_NO_CLAUSE = frozenset("to for of about by as on in at with from into over against up "
                       "out off nothing little something anything much".split())
_LISTENERS = frozenset("me him her them us you reporters journalists media".split())
_CLAUSE_OPENERS = frozenset("he she it they we i there this the its their his her".split())
# what may follow a final attribution: "C, she said on Friday."
_TAIL_MAX = 6
_TAIL_START = frozenset("in on at during last this yesterday today earlier late after before "
                        "monday tuesday wednesday thursday friday saturday sunday while when "
                        "by from to of via".split())
# "said 78 people were hurt": after these a figure may open the clause ("boast 13 players")
_SAY = frozenset("say says said tell tells told".split())
_WHEN = frozenset("monday tuesday wednesday thursday friday saturday sunday yesterday today "
                  "tonight earlier".split())
# "C, RNC spokesman Sean Spicer said": words between the comma and a name
_MODIFIERS_MAX = 4
_EVIDENCE_VERBS = frozenset("show shows showed showing find finds found suggest suggests "
                            "suggested indicate indicates indicated reveal reveals revealed "
                            "estimate estimates estimated".split())
_EVIDENCE = frozenset("poll survey study report data figure number document email record "
                      "research analysis review investigation audit statistic census "
                      "filing memo letter finding".split())
_TO_VERBS = frozenset("claim claims claimed promise promises promised vow vows vowed pledge "
                      "pledges pledged threaten threatens threatened".split())
_CLOSING = frozenset(['"', "''", "\u201d", "\u2019", "\u00bb"])
_MESSAGES = frozenset("statement tweet post letter email message release video ad".split())
_FRONTED = frozenset("in on at by during after before since for from with".split())
_CALL = frozenset("call calls called calling".split())
_PARTICLES = frozenset("out up back again also publicly privately separately repeatedly "
                       "openly today yesterday earlier".split())
_ASK = frozenset("ask asks asked wonder wonders wondered question questioned".split())


def indirect(toks: list[Token], v: int, unit_end: int, quoted_at: set[int],
             subject: Mention | None, parsed: Mention | None = None) -> Attribution | None:
    """Reported speech around the cue toks[v]; `quoted_at` = token indices inside quotes;
    `subject` = the unit's speaker so far, for participles and coordinated verbs; `parsed`
    = the verb's subject as a parser gives it, when there is one (`S said C` is then read
    wherever S stands: "a plan that experts said would fail")."""
    low = toks[v].low
    if low == "according":
        return _according(toks, v, unit_end)
    if low.endswith("ing"):
        return _participle(toks, v, unit_end, subject)
    return _final(toks, v, unit_end, quoted_at) or _forward(toks, v, unit_end, quoted_at,
                                                            subject, parsed)


def _according(toks: list[Token], v: int, unit_end: int) -> Attribution | None:
    n = len(toks)
    if v + 2 >= n or toks[v + 1].low != "to":
        return None
    m = _source(toks, v + 2)
    if m is None:
        return None
    # "C, according to S, a day after ...": a clause before it is what S said; a lead-in
    # ("However, according to S, C") is not
    before = v > 1 and toks[v - 1].text == "," and v - 1 >= 3
    if v == 0 or (toks[v - 1].text in _LEAD and not before):
        after = _after_source(toks, index_at(toks, m.end))
        if after is not None and after < n and toks[after].low not in ("who", "which"):
            return _clause(toks, after, unit_end, m, v)  # not "..., who spoke on ..."
    if before:
        return Attribution(m, v, (toks[0].start, toks[v - 1].start))
    return None


def _source(toks: list[Token], i: int) -> Mention | None:
    """The source after "according to": a name, or the noun phrase up to a comma ("figures
    provided to the committee by the provincial emergency office")."""
    m = mention_after(toks, i)
    if m is not None:
        return m
    j = i
    while j < len(toks) and j - i < 12 and toks[j].text[0].isalnum():
        j += 1
    return phrase(toks[i:j]) if j > i else None


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


def _participle(toks: list[Token], v: int, unit_end: int,
                subject: Mention | None) -> Attribution | None:
    """`..., adding (that) C` (the unit's speaker) and `with S saying C`."""
    if v == 0 or toks[v].low not in CLAUSE_VERBS | {"saying"}:
        return None
    a = v + 1
    if a < len(toks) and toks[a].low == "that":
        a += 1
    elif a < len(toks) and toks[a].low in _NO_CLAUSE:
        return None  # "complaining of a lack of democracy": an object, not a clause
    if v > 1 and toks[v - 1].text in _CLOSING and toks[v - 2].text == ",":
        v_prev_comma = True  # 'he's a "long ways from a decision," noting that ...'
    else:
        v_prev_comma = toks[v - 1].text == ","
    if (v_prev_comma or toks[v - 1].low in _MESSAGES or
            toks[v - 1].low in ("before", "after", "while", "by", "when")) and subject is not None:
        # "..., adding that C"; "Pence released a statement saying C"
        return _clause(toks, a, unit_end, subject, v)
    m = mention_before(toks, v)
    if m is not None:
        j = index_at(toks, m.start)
        if j > 0 and toks[j - 1].low == "with":
            return _clause(toks, a, unit_end, m, v)
    return None


def _final(toks: list[Token], v: int, unit_end: int,
           quoted_at: set[int]) -> Attribution | None:
    """`C, S said.` / `C, said S.`, and `C1, S said, C2.` (two parts: what was said, split
    by its attribution, as "Beyond that, he said, C2"). Alone, a first part of a few words
    without a verb opens the sentence and reports nothing: "At one point, he referred to
    her as ..."."""
    if v < 2:
        return None
    # "C, said S"; not "..., told a news conference": whom one tells is no speaker
    inverted = toks[v - 1].text == "," and toks[v].low not in OBJECT_VERBS
    if inverted:
        m = mention_after(toks, v + 1)
        at = v - 1
    else:
        m = mention_before(toks, skip_between(toks, v, 0))
        at = None
        if m is not None:
            j = index_at(toks, m.start) - 1
            while j >= 0 and toks[j].text != "," and index_at(toks, m.start) - j <= \
                    _MODIFIERS_MAX and toks[j].text[0].isalnum() and \
                    toks[j].low not in THAT_STOPS:
                j -= 1
            at = j if j >= 0 and toks[j].text == "," else None
    if m is None or at is None or at < 1:
        return None
    tail = index_at(toks, m.end) if inverted else v + 1
    if toks[v].low in OBJECT_VERBS and tail < len(toks):  # "C, experts told me this week."
        if toks[tail].low in _LISTENERS:
            tail += 1
        else:
            obj = mention_after(toks, tail)
            if obj is not None:
                tail = _past_org_words(toks, index_at(toks, obj.end))
    words = [t for t in toks[tail:] if t.text[0].isalnum()]
    # C1, S said (on Friday), C2: a second part that reads as a clause
    comma = next((j for j in range(tail, min(len(toks), tail + 5)) if toks[j].text == ","),
                 None)
    if comma is not None and (comma == tail or toks[tail].low in _TAIL_START) and \
            _clause_after(toks, comma):
        # not "The audit, ordered after the party alleged irregularities, examined ...":
        # a verb with its own object is no attribution set between two parts
        # "Beyond that, he said, the bank may ...": both sides are what was said
        if toks[0].low in _FRONTED:  # "In its 2015 ruling, the court said, ..."
            return Attribution(m, v, (toks[comma + 1].start, unit_end))
        return Attribution(m, v, (toks[0].start, toks[at].start),
                           (toks[comma + 1].start, unit_end))
    if at < 3 or (_words(toks, 0, at) < _OPENER_WORDS + 1 and
                  not _looks_like_clause(toks, 0, quoted_at, at)):
        return None
    if not words or toks[tail].text in ",;—–" or (
            len(words) <= _TAIL_MAX and words[0].low in _TAIL_START) or (
            inverted and _speaker_goes_on(words)):
        return Attribution(m, v, (toks[0].start, toks[at].start))
    return None


def _speaker_goes_on(words: list[Token]) -> bool:
    """After `C, said S`, words that still describe the speakers: "said Dofora and other
    witnesses", "said the organisers of a conference that opened on Friday"."""
    return (words[0].low == "and" and len(words) <= _TAIL_MAX) or (
        words[0].low in ("who", "which", "that") and len(words) <= 2 * _TAIL_MAX)


def _past_org_words(toks: list[Token], i: int) -> int:
    """Past the common nouns that end a listener's name: "told Interfax news agency"."""
    while i < len(toks) and toks[i].text[0].islower() and toks[i].low in ORG_WORDS:
        i += 1
    return i


_OPENER_WORDS = 4  # an opening phrase without a verb: "Still", "At one point", "Beyond that"


def _words(toks: list[Token], a: int, b: int) -> int:
    return sum(t.text[0].isalnum() for t in toks[a:b])


def _clause_after(toks: list[Token], comma: int) -> bool:
    """Three words or more after the comma that read as a clause of their own."""
    return comma + 1 < len(toks) and toks[comma + 1].text[0].isalnum() \
        and not _participle_cue(toks[comma + 1]) \
        and toks[comma + 1].low not in ("who", "which", "a", "an") \
        and len([t for t in toks[comma + 1:] if t.text[0].isalnum()]) >= 3


def _participle_cue(tok: Token) -> bool:
    """ "adding", "saying": the same speaker goes on, this is no second part."""
    return tok.low.endswith("ing") and tok.low in CLAUSE_VERBS | {"saying"}


def _at_least(toks: list[Token], a: int) -> bool:
    """ "at least" / "at most" at toks[a]: a figure opens the clause ("said at least 14
    vessels ... were diverted"), no time or place."""
    return toks[a].low == "at" and a + 1 < len(toks) and toks[a + 1].low in ("least", "most")


def _tail_starts(toks: list[Token], a: int) -> bool:
    """toks[a] opens a time or place after the verb ("said on Friday that")."""
    return toks[a].low in _TAIL_START and not _at_least(toks, a)


def _forward(toks: list[Token], v: int, unit_end: int, quoted_at: set[int],
             subject: Mention | None, parsed: Mention | None = None) -> Attribution | None:
    """`S said (that) C`, `S told X (that) C`, `S urged X to ...`."""
    tok = toks[v]
    n = len(toks)
    k = skip_between(toks, v, 0)
    m = parsed if parsed is not None and parsed.end <= tok.start else None
    if m is not None:
        pass  # the parser found the subject, where the rules may not look
    elif (m := mention_before(toks, k)) is None and k > 0 and \
            toks[k - 1].low in ("and", ",", ";", "but") and subject is not None:
        m = subject  # "He said X, and added Y"
    elif m is None or not (subject_ok(toks, 0, m.start) or toks[k - 1].low in ("who", "which")):
        return None
    a = v + 1
    if a < n and toks[a].text == "," and tok.low in CLAUSE_VERBS:
        # "Mr. Rogers said, in an email, that ...": an aside before "that"
        close = next((j for j in range(a + 1, min(n, a + 8)) if toks[j].text == ","), None)
        if close is not None and close + 1 < n and toks[close + 1].low == "that":
            a = close + 1
    if tok.low in OBJECT_VERBS:
        if a < n and toks[a].low in _LISTENERS:
            a += 1
        else:
            obj = mention_after(toks, a)
            if obj is not None:
                a = _past_org_words(toks, index_at(toks, obj.end))
    timed = False
    if a < n and _tail_starts(toks, a):
        # "stated in July it opposed ...", "said at 7:30 p.m., there were ..."
        for j in range(a + 1, min(n, a + 9)):
            if toks[j].low in _CLAUSE_OPENERS and j + 1 < n and toks[j + 1].text[0].isalpha() \
                    and (j < a + 5 or toks[j - 1].text == ","):
                a, timed = j, True
                break
    that = next((j for j in range(a, min(n, a + 7)) if toks[j].low == "that"), None)
    if that is not None and (that == a or _tail_starts(toks, a) or
                             tok.low in OBJECT_VERBS or
                             (that == a + 1 and toks[a].low in _PARTICLES)) \
            and all(toks[j].text[0].isalnum() for j in range(a, that)):
        a = that + 1
    elif tok.low in NOMINAL_VERBS and timed and (toks[v + 1].low in _WHEN or
                                                 tok.low in OBJECT_VERBS):
        # "warned Friday it would ...", "warned the firm on Friday that it must ...": a clause
        return _clause(toks, a, unit_end, m, v)
    elif tok.low in NOMINAL_VERBS:
        a = v + 1  # "Trump blamed Obama for the downturn": the object on is attributed
        if tok.low.startswith("call") and a < n and toks[a].low in ("for", "on"):
            a += 1
        elif tok.low in NAMING_VERBS:
            # "Clinton called it "horrific"", "he referred to her as "the devil"": the
            # words are the quoted ones; "Green called Schniederjans" is a telephone call
            if a < n and toks[a].low == "to" and tok.low.startswith("refer"):
                a += 1
            q = next((j for j in range(a, min(n, a + 6)) if j in quoted_at), None)
            as_ = next((j for j in range(a, min(n, a + 8)) if toks[j].low == "as"), None)
            if q is None and as_ is not None and tok.low not in _CALL and as_ + 3 < n:
                # "described her as the children's mother": the words after "as"
                return _clause(toks, as_ + 1, unit_end, m, v)
            if q is None:
                return None
            first = q
            while q < n and q in quoted_at:
                q += 1
            return Attribution(m, v, (toks[first].start, toks[q - 1].end))
        if a < n and toks[a].low in _NO_CLAUSE:
            return None
        return _clause(toks, a, unit_end, m, v)
    elif tok.low in _EVIDENCE_VERBS and m.key.lower().rstrip("s") in _EVIDENCE:
        pass  # "the poll shows Clinton ahead": evidence reports without "that"
    elif tok.low in _ASK and a < n and toks[a].low in ("whether", "if", "why", "how", "what"):
        a += 1  # "she asked whether the plan would work"
    elif tok.low in THAT_VERBS or tok.low not in CLAUSE_VERBS:
        return None
    elif tok.low in _OBJECT_TAKERS and not (a < n and toks[a].low == "to") and \
            not _looks_like_clause(toks, a, quoted_at):
        return None  # "The company reported a loss": an object, not a reported clause
    if that is not None and a == that + 1:
        pass  # "said that with the rise of ...": after "that", any clause
    elif a < n and toks[a].low == "to" and tok.low in _TO_VERBS:
        pass  # "claimed to have voted", "promised to cut taxes"
    elif a >= n or (toks[a].low in _NO_CLAUSE and not _at_least(toks, a)) or (
            toks[a].text[0].isdigit() and not (
                tok.low in _SAY and _looks_like_clause(toks, a, quoted_at))) or (
            not toks[a].text[0].isalnum() and a not in quoted_at) or (
            toks[a].low.endswith("ly") and a + 1 < n and toks[a + 1].low in _NO_CLAUSE):
        return None  # "writes extensively about ...": no reported clause
    return _clause(toks, a, unit_end, m, v)


_VERB_WORDS = frozenset(
    """is are was were be been being am has have had do does did will would shall should can
    could may might must 's 're 've 'd 'll ’s ’re ’ve ’d ’ll isn't aren't wasn't weren't
    won't wouldn't can't couldn't don't doesn't didn't hasn't haven't hadn't shouldn't
    isn’t aren’t wasn’t weren’t won’t wouldn’t can’t couldn’t don’t doesn’t didn’t hasn’t
    haven’t hadn’t shouldn’t""".split())
_SUBJECT_PRONOUNS = frozenset("he she it they we i you there this these those".split())
# verbs of saying that as often take a plain object ("reported a loss", "confirmed the
# identity", "added a clause"): a reported clause after them must look like one
_OBJECT_TAKERS = frozenset(
    form for stem in ("report", "announce", "confirm", "reveal", "acknowledge", "admit",
                      "note", "claim", "write", "post", "add", "recall", "estimate",
                      "observe", "mention", "tweet", "clarify", "specify", "concede")
    for form in (stem, stem + "s", stem + "ed", stem + "d", stem + "ing", "wrote",
                 "written", "writes"))
_OBJECT_STARTS = frozenset("to the a an that it them his her their its no more up out".split())
_NOT_VERB_S = ("ss", "us", "is", "ics", "ews", "ays", "ies")


def _looks_like_clause(toks: list[Token], a: int, quoted_at: set[int],
                       stop: int | None = None) -> bool:
    """Without a parser: a reported clause has a verb near its start (an auxiliary, a
    past tense, "X plans to"), or opens with a subject pronoun; an object ("a loss of
    $5 million", "the identity of the victim") has none."""
    if a >= len(toks):
        return False
    if toks[a].low in _SUBJECT_PRONOUNS or toks[a].low.endswith(("’s", "'s", "’re", "'re",
                                                                  "’ll", "'ll", "’d", "'d")):
        return True
    for j in range(a, min(len(toks) if stop is None else stop, a + 12)):
        if j in quoted_at:
            return True  # words of the speaker's own follow
        low = toks[j].low
        if low in _VERB_WORDS or low.endswith(("n't", "n’t")):
            return True
        if j > a and toks[j].text[0].islower() and toks[j - 1].text[0].isalpha() and \
                toks[j - 1].low not in DETERMINERS and toks[j - 1].low not in _NO_CLAUSE and (
                    low.endswith("ed") or (
                        low.endswith("s") and not low.endswith(_NOT_VERB_S) and
                        j + 1 < len(toks) and toks[j + 1].low in _OBJECT_STARTS)):
            return True  # "the union plans to", "65 per cent of employees voted"
        if toks[j].text in ".;:":
            break
    return False


def _clause(toks: list[Token], a: int, unit_end: int, m: Mention | None,
            v: int) -> Attribution | None:
    if len(toks) - a < 3:
        return None
    return Attribution(m, v, (toks[a].start, unit_end))

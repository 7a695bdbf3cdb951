"""Where a reported clause ends: at the next speaker, a subordinate clause's comma, or the
quoted fragment it holds; and the trimming every quote span gets."""

from __future__ import annotations

import re

from .attribution import index_at, is_cue, skip_between
from .marks import Quoted
from .mentions import Mention, Token, mention_before

END_PUNCT = ".,;:!?—–-([ "


def cut_at_next_cue(toks: list[Token], v: int, clause: tuple[int, int]) -> tuple[int, int]:
    """A clause ends where the same speaker goes on: "X said A, and added B" is two."""
    a, b = clause
    for w in range(v + 2, len(toks)):
        tok = toks[w]
        if tok.start >= b:
            break
        if tok.start <= a or not is_cue(toks, w):
            continue
        if w > 1 and tok.low.endswith("ing") and toks[w - 1].text in _CLOSING and \
                toks[w - 2].text == ",":
            return a, toks[w - 1].end  # 'he's a "long ways from a decision," noting ...'
        if toks[w - 1].low == "and" or (toks[w - 1].text == "," and tok.low.endswith("ing")):
            cut = toks[w - 1].start
            if toks[w - 1].low == "and" and toks[w - 2].text == ",":
                cut = toks[w - 2].start
            return a, cut
        m = mention_before(toks, skip_between(toks, w, index_at(toks, a)))  # "..., but X says"
        if m is not None and m.kind != "phrase":
            j = index_at(toks, m.start)
            if j > 0 and toks[j - 1].low in ("but", "and", "while", "although", ";"):
                return a, toks[j - 1].start
    return a, b


_SUBORDINATE = frozenset("while whereas although though because since as when if after before "
                         "once unless".split())


# words no noun phrase holds: past them the subject's phrase has ended
_NOT_MODIFIERS = frozenset("is are was were be been has have had do does did will would "
                           "that which who and or but not to of in on at by for with".split())


def subordinate(toks: list[Token], m: Mention) -> bool:
    """ "While the Rockets said C, ...": the reported clause ends at the comma."""
    j = index_at(toks, m.start)
    first = j
    while j > 0 and first - j < 4 and toks[j - 1].low not in _SUBORDINATE and (
            toks[j - 1].low in ("the", "a", "an") or toks[j - 1].cap or (
                toks[j - 1].text.isalpha() and toks[j - 1].text.islower()
                and toks[j - 1].low not in _NOT_MODIFIERS)):
        # "When House Speaker Paul Ryan said", "after the opposition Civic Renewal Party
        # alleged": past titles and modifiers
        j -= 1
    return j > 0 and toks[j - 1].low in _SUBORDINATE


def first_comma(text: str, toks: list[Token], a: int, b: int, inside: list[Quoted]) -> int:
    for tok in toks[index_at(toks, a):]:
        if tok.start >= b:
            break
        if tok.text != ",":
            continue
        q = next((q for q in inside if q.start < tok.start < q.end), None)
        if q is None:
            return tok.start
        if tok.end == q.end - 1:  # `“comprehensive,” he said`: the quote ends the clause
            return q.end
    return b


_CLOSING = frozenset(['"', "''", "\u201d", "\u2019", "\u00bb"])
_AFTER_FRAGMENT = re.compile(r"\s*(?:,|;|—|–|\(|(?:while|as|when|because|which|who|during)\b)")


def end_at_fragment(text: str, fragments: list[Quoted], end: int) -> int:
    """ "She said she was "gobsmacked" while receiving the award": the reported words end
    with the quoted fragment when what follows is another clause or a circumstance."""
    for q in fragments:
        if q.end < end and _AFTER_FRAGMENT.match(text, q.end) and \
                len(text[q.end:end].split()) >= 3:
            return q.end
    return end


def strip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in END_PUNCT:
        end -= 1
    return end


def trim(text: str, a: int, b: int) -> tuple[int, int]:
    # "he said that, under the plant's procedures, C": the comma is no part of C
    while a < b and (text[a].isspace() or text[a] in ",;:"):
        a += 1
    while b > a and text[b - 1] in END_PUNCT:
        b -= 1
    return a, b


def dateline_end(text: str, toks: list[Token]) -> int:
    """How many tokens of a dateline open the unit ("PORT AVERNE, February 25 —",
    "WASHINGTON (Reuters) -", "BAGHDAD:"); 0 when there is none. A dateline is capitalised
    words (with figures, commas, parentheses) before a spaced dash or a colon, and has a
    comma or a parenthesis or is in capitals: "Smith — a former minister —" is no
    dateline, nor "Trump: ..." (a headline's speaker)."""
    for j, tok in enumerate(toks[:12]):
        spaced_dash = tok.text in "—–-" and tok.start > 0 and text[tok.start - 1] == " "
        if spaced_dash or tok.text == ":":
            head = toks[:j]
            words = [t for t in head if t.text[0].isalpha()]
            if not words or not head[0].text[0].isupper() or any(
                    w.text[0].islower() for w in words):
                return 0
            capitals = all(w.text.isupper() for w in words)
            marked = any(t.text in ",(" for t in head)
            return j + 1 if capitals or (marked and tok.text != ":") else 0
        if not (tok.text[0].isalnum() or tok.text in ",()."):
            return 0
    return 0


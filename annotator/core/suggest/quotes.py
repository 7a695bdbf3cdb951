"""The `quotes` source: quotations in news and who said them, with no model.

For each article: pair the quotation marks (`marks`), cut the text into sentence units
(`segments`: spaCy's blank tokenizer and the sentencizer's rule), then read each unit for
the attribution patterns of news (`attribution` before and after a quote, `reported` for
indirect speech, `clauses` for where it ends) and the speaker's mention (`mentions`).
A quote gets a QUOTE span with `type` direct / partial / indirect and a SPEAKER link to a
PERSON or ORG mention: an existing entity span of the article where one covers it,
otherwise a new span. A quote with no attribution of its own that opens a unit right after
an attributed quote continues that speaker (news quotes run on across paragraphs).

A pronoun speaker ("he said") is linked to the pronoun's own span, because the link needs
a span at the place the text names the speaker; the nearest preceding named speaker is
recorded in the quote's meta as `speaker_name`. A speaker that is no name (a pronoun, "a
ministry spokesman", "several agents") gets the schema's source-mention label (MENTION),
never an entity label: "he" as a PERSON would teach a model that trains on the layer's
entities that pronouns are names. Without such a label in the schema it is labelled as
before: PERSON for he/she/I, ORG for "it", and for we/they the label of the speaker it
refers to.

With a pretrained pipeline (`QuotesSource(model=NAME)`, `suggest quotes --with-model`),
its reading of the article (`parsed.Reading`) gives the sentence starts, the subject of each
verb of saying and the PERSON / ORG entities that speakers snap to; the rules answer
wherever it gives nothing. Without one, nothing here needs a model.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .attribution import (
    LINE_LABELS,
    Attribution,
    after_quote,
    before_quote,
    colon_speaker,
    index_at,
    is_cue,
)
from .base import Article, EntitySpan, ProposedLink, ProposedSpan, Suggestions, piped
from .clauses import (
    cut_at_next_cue,
    dateline_end,
    end_at_fragment,
    first_comma,
    strip_end,
    subordinate,
    trim,
)
from .lexicon import SAY_VERBS
from .marks import Quoted, find_quoted, paragraphs
from .mentions import Mention, Token, tokens
from .parsed import Reading
from .reported import indirect
from .segments import analyse, units
from .speech_signs import a_list, ends_sentence, may_end_speech, speech_like, subject

CUES = SAY_VERBS | {"according", ":"}
_CUES = CUES  # a colon may follow a speaker's name
_LINK_LINE = re.compile(r"[A-Z]{2,}(?: [A-Z]{2,})*:")
_CONTINUE_PARAGRAPHS = 2  # a run-on quote may follow its speaker this many paragraphs on
_MODEL_BATCH = 64  # articles a pipeline is given at a time


@dataclass(slots=True)
class FoundQuote:
    start: int
    end: int
    type: str  # direct / partial / indirect
    mention: Mention | None
    speaker_name: str = ""
    label: str = "PERSON"  # the speaker mention's label


@dataclass(slots=True)
class _State:
    """What a reader carries from unit to unit through one article."""

    names: list[tuple[Mention, str]] = field(default_factory=list)  # named speakers
    last: tuple[Mention | None, str, int] | None = None  # speaker, name, paragraph
    full: dict[str, str] = field(default_factory=dict)  # surname -> full name
    reading: Reading | None = None  # a pipeline's reading of the article, if any


@dataclass(slots=True)
class _Unit:
    """One sentence unit being read, and what its readers found so far."""

    text: str
    start: int
    end: int
    inside: list[Quoted]  # the quoted stretches that open in it
    toks: list[Token]
    quoted_at: set[int]  # token indices inside those stretches
    subject: Mention | None  # the unit's first mention after an opening phrase
    para: int
    out: list[FoundQuote] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # cue tokens already attributed
    attributed: dict[int, Attribution] = field(default_factory=dict)  # quote index ->
    taken: list[tuple[int, int]] = field(default_factory=list)  # spans found


class QuoteFinder:
    """Finds quotes in one text at a time; `find` is the whole job."""

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang

    def find(self, text: str, reading: Reading | None = None) -> list[FoundQuote]:
        """The quotes of `text`; `reading` is a pipeline's Doc of it, when there is one."""
        starts = reading.sentence_starts() if reading is not None else None
        if reading is None or starts is None:
            return self.find_in(text, *analyse(text, _CUES, self.lang), reading=reading)
        return self.find_in(text, starts, reading.cue_offsets(_CUES), reading=reading)

    def find_in(self, text: str, starts: list[int], cue_at: list[int],
                reading: Reading | None = None) -> list[FoundQuote]:
        """`find`, given where sentences start and where the cue words are (as
        `segments.analyse` gives them)."""
        paras = paragraphs(text)
        quoted = find_quoted(text, paras)
        cuts = units(text, paras, quoted, starts, cue_at)
        state = _State(reading=reading)
        found: list[FoundQuote] = []
        para_at = 0
        q_at = 0
        for start, end in cuts:
            while para_at + 1 < len(paras) and paras[para_at + 1][0] <= start:
                para_at += 1
            while q_at < len(quoted) and quoted[q_at].start < start:
                q_at += 1
            inside = []
            while q_at < len(quoted) and quoted[q_at].start < end:
                inside.append(quoted[q_at])
                q_at += 1
            cue = bisect_left(cue_at, start)
            if inside or (cue < len(cue_at) and cue_at[cue] < end):  # else nothing to read
                found.extend(self.read_unit(text, start, end, inside, para_at, state))
        return found

    def read_unit(self, text: str, start: int, end: int, inside: list[Quoted],
                  para: int, state: _State) -> list[FoundQuote]:
        """The quotes of one sentence unit."""
        label = _LINK_LINE.match(text, start, end)
        if label is not None and all(word.lower().rstrip("s") in LINE_LABELS
                                     for word in label.group()[:-1].split()):
            return []  # "READ MORE: ..." points to another article; "BAGHDAD: ..." is news
        toks = tokens(text, start, end)
        if para <= 1 and (start == 0 or text[start - 1] == "\n"):
            # an article's dateline is no part of what anyone said, nor a speaker
            skip = dateline_end(text, toks)
            if 0 < skip < len(toks):
                start, toks = toks[skip].start, toks[skip:]
        quoted_at = {i for q in inside
                     for i in range(index_at(toks, q.start), index_at(toks, q.end))}
        u = _Unit(text, start, end, inside, toks, quoted_at, subject(toks), para)
        self._direct(u, state)
        self._reported(u, state)
        self._headline(u, state)
        self._continued(u, state)
        u.out.sort(key=lambda f: f.start)
        return u.out

    def _direct(self, u: _Unit, state: _State) -> None:
        """Direct quotes: the attribution right after, else right before."""
        toks, inside = u.toks, u.inside
        bounds = [0] + [index_at(toks, q.end) for q in inside]
        for n, q in enumerate(inside):
            first_after = index_at(toks, q.end)
            last_after = index_at(toks, inside[n + 1].start) if n + 1 < len(inside) \
                else len(toks)
            strict = u.text[q.end - 2 if not q.open_end else q.end - 1] in ".!?"
            ends = may_end_speech(u.text, q, toks, first_after)
            att = after_quote(toks, first_after, last_after, strict) if ends else None
            if att is None:
                att = before_quote(toks, bounds[n], index_at(toks, q.start), u.subject)
            if att is not None and state.reading is not None:
                att = state.reading.refine(att, toks)
            elif ends and state.reading is not None:
                att = state.reading.speaker_after(toks, first_after, last_after)
            if att is not None and att.mention is not None and q.end - q.start > 3:
                u.attributed[n] = att
                if att.verb >= 0:
                    u.used.add(att.verb)
        for n, att in u.attributed.items():
            q = inside[n]
            a, kind = q.start, "direct"
            if att.verb > index_at(toks, q.end):  # "The plan is "a disaster," critics said"
                lead = toks[bounds[n]:index_at(toks, q.start)]
                if len(lead) >= 2 and lead[0].text[0].isalnum() and not ends_sentence(lead):
                    a, kind = lead[0].start, "partial"
            elif u.text[q.start + 1:q.start + 2].islower():
                kind = "partial"  # 'Khamenei vowed "severe revenge"': words, not a sentence
            u.out.append(self._quote(u.text, a, q.end, kind, att.mention, u.para, state))
            u.taken.append((q.start, q.end))

    def _reported(self, u: _Unit, state: _State) -> None:
        """Indirect speech, and quoted fragments inside it (partial quotes)."""
        text, toks = u.text, u.toks
        last_mention = next((att.mention for att in u.attributed.values()), None)
        for v in [v for v, t in enumerate(toks) if t.low in _CUES]:
            if v in u.used or v in u.quoted_at or not is_cue(toks, v):
                continue
            parsed = state.reading.subject_in(toks, v) if state.reading else None
            att = indirect(toks, v, strip_end(text, u.start, u.end), u.quoted_at,
                           last_mention or u.subject, parsed)
            if att is None or att.clause is None:
                continue
            clause = att.clause
            if state.reading is not None:
                att = state.reading.refine(att, toks)
            a, b = cut_at_next_cue(toks, v, clause)
            if att.mention is not None and subordinate(toks, att.mention):
                b = first_comma(text, toks, a, b, u.inside)
            parts = [(a, b)] if att.more is None else [(a, b), att.more]
            parts = [trim(text, x, y) for x, y in parts]
            parts = [(x, y) for x, y in parts if y - x >= 2 and not any(
                p < y and x < q for p, q in u.taken)]
            if not parts or sum(y - x for x, y in parts) < 8:
                continue
            for x, y in parts:
                fragments = [q for q in u.inside if x <= q.start < y]
                kind = "partial" if fragments else "indirect"
                if fragments:
                    y = end_at_fragment(text, fragments, y)
                u.out.append(self._quote(text, x, y, kind, att.mention, u.para, state))
                u.taken.append((x, y))
            u.used.add(v)
            last_mention = att.mention

    def _headline(self, u: _Unit, state: _State) -> None:
        """ "Trump: Clinton policy would lead to war": a name and a colon."""
        toks = u.toks
        colon = next((j for j in range(min(len(toks), 9)) if toks[j].text == ":"), None)
        if u.out or colon is None or sum(  # three words at least: not "@Milbank"
                t.text[0].isalnum() for t in toks[colon + 1:]) < 3 or (
                u.inside and u.inside[0].start <= toks[colon].end + 1) or a_list(
                toks[colon + 1:]):
            return
        att = colon_speaker(toks, 0, colon)
        if att is not None and state.reading is not None:
            att = state.reading.refine(att, toks)
        if att is not None:
            a, b = trim(u.text, toks[colon + 1].start, u.end)
            kind = "partial" if u.inside else "indirect"
            u.out.append(self._quote(u.text, a, b, kind, att.mention, u.para, state))
            u.taken.append((a, b))

    def _continued(self, u: _Unit, state: _State) -> None:
        """A quote with no attribution of its own continues the last speaker; far from any
        speaker, a quotation that reads as speech is still proposed, with no speaker."""
        for n, q in enumerate(u.inside):
            if n in u.attributed or any(x <= q.start < y for x, y in u.taken):
                continue
            if not speech_like(u.text, q, u.start):
                continue
            last = state.last
            if last is not None and u.para - last[2] <= _CONTINUE_PARAGRAPHS:
                u.out.append(self._quote(u.text, q.start, q.end, "direct", last[0], u.para,
                                         state, continued=last[1]))
            else:  # speech, though the text does not say whose: the annotator will
                u.out.append(FoundQuote(q.start, q.end, "direct", None))

    def _quote(self, text: str, a: int, b: int, kind: str, mention: Mention | None,
               para: int, state: _State, continued: str = "") -> FoundQuote:
        name = continued
        named = mention
        if not name and mention is not None:
            name, named = self._name_of(text, mention, state)
        if mention is not None:
            # a quote that runs on is linked to the speaker's name, not to "he"
            state.last = (named or mention, name, para)
        # "we" and "they" take the label of the speaker they stand for
        label = (mention.label if mention is not None and mention.label else
                 named.label if named is not None and named.label else "PERSON")
        return FoundQuote(a, b, kind, mention, name, label)

    def _name_of(self, text: str, m: Mention,
                 state: _State) -> tuple[str, Mention | None]:
        """The speaker's name, and the mention that names them."""
        if m.kind == "pronoun":
            for named, name in reversed(state.names):
                if not m.label or named.label == m.label:
                    return name, named
            return "", None
        name = text[m.start:m.end]
        if m.kind == "name":
            if " " not in name and m.key in state.full:
                name = state.full[m.key]
            else:
                state.full[m.key] = name
            state.names.append((m, name))
        return name, m


def _entity_for(m: Mention, entities: tuple[EntitySpan, ...]) -> EntitySpan | None:
    """An existing entity span that covers the mention's last word."""
    best = None
    for e in entities:
        overlaps = e.start < m.end and m.start < e.end and e.end >= m.end - len(m.key)
        if overlaps and (best is None or (e.end - e.start) > (best.end - best.start)):
            best = e
    return best


class QuotesSource:
    """The built-in `quotes` suggestion source; with `model` (a spaCy pipeline's package
    name or path), the finder reads each article with that pipeline's help."""

    name = "quotes"
    fork_safe = True  # may run in forked workers (see parallel.py); not with a pipeline

    def __init__(self, lang: str = "en", model: str | None = None,
                 mention_label: str | None = None) -> None:
        self.finder = QuoteFinder(lang)
        self.mention_label = mention_label  # the label of speakers that are no name
        self.nlp: Any = None
        if model is not None:
            self.fork_safe = False
            from .model import load_pipeline
            self.nlp = load_pipeline(model)
            self.name = f"quotes --with-model {model}"

    def prepare(self) -> None:
        """Load the tokenizer and the finder's tables now: before workers fork, so that
        they share them with the parent instead of each loading its own."""
        analyse("Ready.", _CUES, self.finder.lang)

    def suggest(self, articles: Iterable[Article],
                labels: Collection[str]) -> Iterator[Suggestions]:
        if self.nlp is None:
            for article in articles:
                yield self.suggest_one(article, labels)
            return
        for article, doc in piped(self.nlp, articles, _MODEL_BATCH):
            yield self.suggest_one(article, labels, Reading(doc))

    def suggest_one(self, article: Article, labels: Collection[str],
                    reading: Reading | None = None) -> Suggestions:
        out = Suggestions(article.id)
        if "QUOTE" not in labels:
            return out
        mentions: dict[tuple[int, int], ProposedSpan] = {}
        for n, f in enumerate(self.finder.find(article.text, reading), 1):
            meta = {"speaker_name": f.speaker_name} if f.speaker_name else {}
            quote = ProposedSpan(f"q{n}", f.start, f.end, "QUOTE", {"type": f.type}, meta)
            out.spans.append(quote)
            if f.mention is None:
                continue
            speaker = self._speaker(article, f, mentions, labels, self.mention_label)
            if speaker is not None:
                out.links.append(ProposedLink(quote.id, speaker.id, "SPEAKER"))
        out.spans.extend(mentions.values())
        return out

    @staticmethod
    def _speaker(article: Article, f: FoundQuote,
                 mentions: dict[tuple[int, int], ProposedSpan],
                 labels: Collection[str], mention_label: str | None) -> ProposedSpan | None:
        m = f.mention
        assert m is not None
        entity = _entity_for(m, article.entities)
        if entity is not None:
            key = (entity.start, entity.end)
            if key not in mentions:
                mentions[key] = ProposedSpan(f"s{len(mentions) + 1}", entity.start,
                                             entity.end, entity.label, existing=entity.id)
            return mentions[key]
        label = f.label
        if m.kind != "name" and mention_label is not None and mention_label in labels:
            label = mention_label
        if label not in labels:
            return None
        key = (m.start, m.end)
        if key not in mentions:
            mentions[key] = ProposedSpan(f"s{len(mentions) + 1}", m.start, m.end, label)
        return mentions[key]

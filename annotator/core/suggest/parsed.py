"""What a pretrained spaCy pipeline tells the quote finder (`suggest quotes --with-model`).

The finder reads each article by rule (`segments`, `attribution`, `reported`, `mentions`).
A pipeline the user has installed can do better at three of its questions, and `Reading`
answers them from the pipeline's Doc for one article:

- where sentences start (a parser's or a sentence recogniser's boundaries);
- who the subject of a verb of saying is (the `nsubj` of said / told / ..., the object of
  "according to"), as a mention: the entity it is part of, a pronoun, or its noun phrase
  (the head with its determiners, possessors, compounds and adjectives, without the
  prepositional phrases and clauses that follow it: "The mayor's office in Springfield");
- which names are people and organisations (PERSON / ORG entities; PER, as pipelines for
  other languages call people, is PERSON): a mention the rules found that an entity
  covers becomes that entity, with its bounds and label.

Wherever the pipeline gives nothing (no parser, no subject, no entity there), the rules'
answer stands.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection
from typing import Any

from .attribution import Attribution
from .lexicon import ORG_WORDS, PRONOUNS, SAY_VERBS
from .mentions import Mention, Token

# the entity labels that name speakers, and the label their speaker span gets
SPEAKER_LABELS = {"PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG"}
_AFTER_QUOTE = 12  # tokens after a quote its attribution may take
# a subject's left dependents that belong to its noun phrase
_PHRASE_DEPS = frozenset({"det", "poss", "case", "compound", "amod", "nmod", "nummod",
                          "quantmod", "predet", "flat"})


class Reading:
    """One article's Doc, as the finder asks it: sentence starts, subjects, entities."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.idx: list[int] = [t.idx for t in doc]
        self.parsed = bool(len(doc)) and doc.has_annotation("DEP")
        self.sentenced = bool(len(doc)) and doc.has_annotation("SENT_START")
        self.entities: list[tuple[int, int, str]] = sorted(
            (e.start_char, e.end_char, SPEAKER_LABELS[e.label_]) for e in doc.ents
            if e.label_ in SPEAKER_LABELS)

    def sentence_starts(self) -> list[int] | None:
        """Where the pipeline's sentences start, or None when it does not split them."""
        if not self.sentenced:
            return None
        # a "sentence" of punctuation alone (a parser's stray root) stays with the one before
        return [sent.start_char for sent in self.doc.sents
                if any(ch.isalnum() for ch in sent.text)]

    def cue_offsets(self, cues: Collection[str]) -> list[int]:
        """The offsets of the tokens whose lower-case form is a cue."""
        return [t.idx for t in self.doc if t.lower_ in cues]

    def refine(self, att: Attribution, toks: list[Token]) -> Attribution:
        """The attribution with the pipeline's speaker where it has one: the subject of
        its verb, else the rules' mention; either as the entity that covers it."""
        mention = None
        if self.parsed and att.verb >= 0:
            mention = _within(self.subject(toks[att.verb].start), toks)
        mention = mention or att.mention
        if mention is not None and mention.kind != "pronoun":
            mention = self.entity(mention) or mention
        if mention is att.mention:
            return att
        return Attribution(mention, att.verb, att.clause, att.more)

    def speaker_after(self, toks: list[Token], first: int, last: int) -> Attribution | None:
        """ "Q," a release sent to media late Friday said: the first verb of saying in
        toks[first:last] (a few words after a quote) whose subject follows the quote."""
        if not self.parsed:
            return None
        for v in range(first, min(last, first + _AFTER_QUOTE)):
            if toks[v].low in SAY_VERBS:
                m = _within(self.subject(toks[v].start), toks)
                if m is not None and m.start >= toks[first].start:
                    return Attribution(m, v)
                return None
        return None

    def subject_in(self, toks: list[Token], v: int) -> Mention | None:
        """The parsed subject of the cue toks[v], if it lies within the unit."""
        return _within(self.subject(toks[v].start), toks)

    def subject(self, at: int) -> Mention | None:
        """The speaker the parse gives the cue token starting at char `at`."""
        if not self.parsed:
            return None
        i = bisect_left(self.idx, at)
        if i >= len(self.idx) or self.idx[i] != at:
            return None  # the pipeline cut the words differently here
        verb = self.doc[i]
        if verb.lower_ == "according":
            to = next((c for c in verb.children if c.lower_ == "to"), None)
            if to is None and i + 1 < len(self.doc) and self.doc[i + 1].lower_ == "to":
                to = self.doc[i + 1]
            target = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        else:
            target = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        return None if target is None else self._mention(target)

    def entity(self, m: Mention) -> Mention | None:
        """The PERSON / ORG entity that covers the mention's last word."""
        last = m.end - len(m.key) if m.key and m.end - len(m.key) >= m.start else m.start
        n = bisect_left(self.entities, (m.end,))
        for start, end, label in reversed(self.entities[max(0, n - 4):n]):
            if start <= last < end:
                return self._named(start, end, label)
        return None

    def _named(self, start: int, end: int, label: str) -> Mention:
        words = self.doc.text[start:end].split()
        key = words[-1].removesuffix("’s").removesuffix("'s") if words else ""
        return Mention(start, end, "name", label, key)

    def _mention(self, head: Any) -> Mention:
        """The mention a subject token stands for."""
        for start, end, label in self.entities:
            if start <= head.idx < end:
                return self._named(start, end, label)
        low = head.lower_
        if low in PRONOUNS:
            return Mention(head.idx, head.idx + len(head.text), "pronoun", PRONOUNS[low], low)
        left = [c for c in head.lefts if c.dep_ in _PHRASE_DEPS]
        start = min([c.left_edge.idx for c in left] + [head.idx])
        end = head.idx + len(head.text)
        words = self.doc.text[start:end].split()
        label = "ORG" if any(w.lower() in ORG_WORDS for w in words) else "PERSON"
        proper = head.tag_.startswith("NNP") or head.pos_ == "PROPN" if (
            head.tag_ or head.pos_) else head.text[:1].isupper()
        if proper:
            return Mention(start, end, "name", label, head.text)
        return Mention(start, end, "phrase", label, low)


def _within(m: Mention | None, toks: list[Token]) -> Mention | None:
    """The mention, if it lies within the unit the tokens cover (the pipeline's sentences
    need not be the finder's units)."""
    if m is None or not toks or m.start < toks[0].start or m.end > toks[-1].end:
        return None
    return m

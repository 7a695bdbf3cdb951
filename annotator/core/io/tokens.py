"""spaCy's tokenizer for each language, and aligning stored spans to its tokens.

spaCy is an optional extra and is imported here, lazily: never at core import time.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import DataError
from .export_records import ExportRecord, ExportSpan
from .losses import MISALIGNED, OVERLAP, RELATION_END_LOST, Loss, LossReport

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

FALLBACK_LANGUAGE = "xx"  # spaCy's multi-language tokenizer
INSTALL_HINT = "pip install 'annotator[spacy]'"


class SpacyMissing(DataError):
    """A format needs spaCy and it is not installed."""


def spacy_available() -> bool:
    return importlib.util.find_spec("spacy") is not None


def require_spacy(fmt: str) -> None:
    if not spacy_available():
        raise SpacyMissing(f"the {fmt} format needs spaCy's tokenizer, which is not "
                           f"installed; install it with: {INSTALL_HINT}")


class Tokenizers:
    """`spacy.blank(lang)` once per language; an unknown or unusable one falls back to xx."""

    def __init__(self) -> None:
        self._nlp: dict[str, Any] = {}
        self.fallbacks: dict[str, str] = {}  # language -> why it fell back
        self._sentencizer: Any = None

    def nlp(self, lang: str) -> Any:
        nlp = self._nlp.get(lang)
        if nlp is None:
            import spacy

            try:
                nlp = spacy.blank(lang)
            # ImportError for an unknown code or a missing extra; any failure falls back.
            except Exception as exc:  # noqa: BLE001
                self.fallbacks[lang] = str(exc).split("\n")[0][:200]
                nlp = spacy.blank(FALLBACK_LANGUAGE)
            nlp.max_length = 10**9  # the tokenizer alone: no parser to run out of memory
            self._nlp[lang] = nlp
        return nlp

    def doc(self, text: str, lang: str) -> Doc:
        # spaCy keeps every character: doc.text == text (the tests check it on hard text).
        return self.nlp(lang).make_doc(text)

    @staticmethod
    def offsets(doc: Doc) -> list[tuple[int, int, bool, bool]]:
        """`(start, end, followed by a space, is whitespace)` of each token, read from
        spaCy's arrays: 3-4x faster than making a Token object for each."""
        from spacy.attrs import IDX, IS_SPACE, LENGTH, SPACY

        return [(start, start + length, bool(space), bool(is_space))
                for start, length, space, is_space
                in doc.to_array([IDX, LENGTH, SPACY, IS_SPACE]).tolist()]

    def sentence_starts(self, doc: Doc) -> set[int]:
        """Token indices where spaCy's rule-based sentencizer starts a sentence."""
        if self._sentencizer is None:
            from spacy.pipeline import Sentencizer

            self._sentencizer = Sentencizer()
        self._sentencizer(doc)
        return {sent.start for sent in doc.sents}


@dataclass(slots=True)
class Aligned:
    span: ExportSpan
    token_start: int
    token_end: int  # exclusive


def lose(report: LossReport, record: ExportRecord, span: ExportSpan, reason: str,
         detail: str = "", file: str = "") -> None:
    report.add(Loss(record.id, record.annotator, span.label, span.text, span.start,
                    span.end, reason, detail, file))


def align(doc: Doc, record: ExportRecord, spans: list[ExportSpan], report: LossReport,
          file: str = "") -> list[Aligned]:
    """The spans that fall on token boundaries; every other one is reported lost."""
    aligned = []
    for span in spans:
        piece = doc.char_span(span.start, span.end, alignment_mode="strict")
        if piece is None:
            lose(report, record, span, MISALIGNED, _misalignment(doc, span), file)
        else:
            aligned.append(Aligned(span, piece.start, piece.end))
    return aligned


def _misalignment(doc: Doc, span: ExportSpan) -> str:
    around = doc.char_span(span.start, span.end, alignment_mode="expand")
    if around is None:
        return "it covers only whitespace"
    return f"the tokens there are {[t.text for t in around]!r}"


def without_overlaps(record: ExportRecord, aligned: list[Aligned], report: LossReport,
                     file: str = "") -> list[Aligned]:
    """Entities that cannot nest: the longest win (ties: the earliest), like spaCy's
    filter_spans; every other one is reported lost. Returned in reading order."""
    kept: list[Aligned] = []
    taken: dict[int, Aligned] = {}
    for item in sorted(aligned, key=lambda a: (a.token_start - a.token_end, a.token_start,
                                               a.span.id)):
        clash = next((taken[i] for i in range(item.token_start, item.token_end)
                      if i in taken), None)
        if clash is not None:
            lose(report, record, item.span, OVERLAP,
                 f"kept {clash.span.label} {clash.span.text!r} at "
                 f"{clash.span.start}-{clash.span.end}", file)
            continue
        kept.append(item)
        for i in range(item.token_start, item.token_end):
            taken[i] = item
    return sorted(kept, key=lambda a: (a.token_start, a.token_end, a.span.id))


def kept_relations(record: ExportRecord, kept: set[int], report: LossReport,
                   file: str = "") -> list[tuple[int, int, str]]:
    """Relations whose both spans were kept; the others are reported lost."""
    relations = []
    by_id = {span.id: span for span in record.spans}
    for rel in record.relations:
        if rel.head in kept and rel.child in kept:
            relations.append((rel.head, rel.child, rel.label))
            continue
        head, child = by_id[rel.head], by_id[rel.child]
        report.add(Loss(record.id, record.annotator, rel.label,
                        f"{head.text} -> {child.text}", head.start, child.end,
                        RELATION_END_LOST,
                        f"{head.label} {head.start}-{head.end} -> "
                        f"{child.label} {child.start}-{child.end}", file), relation=True)
    return relations

"""The `model=NAME_OR_PATH` source: any spaCy pipeline, installed or on disk.

Its entities (`doc.ents`) and every span group (`doc.spans`) become suggestions. Labels are
mapped by name: a label the store's schema has is kept; any other is counted in `unknown`
(label -> how many spans) for the run's summary, and left out.

A span group that carries scores (spancat's `attrs["scores"]`, one per span) gives each
suggestion its score. `threshold`, when given, replaces every spancat's own threshold (0.5
unless configured), so the pipeline proposes the spans scoring at least that much, and
any scored span under it is left out. Entities (`ner`) have no score and are always kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from ..errors import SuggestInputError
from .base import Article, ProposedSpan, Suggestions, piped

_BATCH = 64


def load_pipeline(name: str) -> Any:
    """A spaCy pipeline by package name or path; SuggestInputError when it will not load."""
    import spacy
    try:
        return spacy.load(name)
    except (OSError, ValueError, ImportError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SuggestInputError([f"model {name}: cannot load the pipeline: {first}"]) from None


def _spancats(nlp: Any) -> list[dict]:
    """The configs of the pipeline's span categorizers (a threshold and a spans key)."""
    configs = [getattr(pipe, "cfg", None) for _, pipe in nlp.pipeline]
    return [cfg for cfg in configs
            if isinstance(cfg, dict) and "threshold" in cfg and "spans_key" in cfg]


def has_spancat(nlp: Any) -> bool:
    return bool(_spancats(nlp))


def set_threshold(nlp: Any, threshold: float) -> None:
    """Every spancat of the pipeline proposes the spans scoring at least `threshold`."""
    for cfg in _spancats(nlp):
        cfg["threshold"] = threshold


def scored_groups(doc: Any) -> Iterator[tuple[Any, list[float | None]]]:
    """Each span group of a Doc (entities first) with each span's score (None: none)."""
    yield doc.ents, [None] * len(doc.ents)
    for group in doc.spans.values():
        scores = group.attrs.get("scores") if hasattr(group, "attrs") else None
        if scores is not None and len(scores) == len(group):
            yield group, [float(score) for score in scores]
        else:
            yield group, [None] * len(group)


class ModelSource:
    """Suggestions from a spaCy pipeline's entities and span groups, with their scores."""

    def __init__(self, name: str, threshold: float | None = None) -> None:
        self.name = f"model={name}"
        self.nlp = load_pipeline(name)
        self.threshold = threshold
        if threshold is not None:
            set_threshold(self.nlp, threshold)
        self.unknown: Counter[str] = Counter()

    def suggest(self, articles: Iterable[Article],
                labels: Collection[str]) -> Iterator[Suggestions]:
        threshold = self.threshold
        for article, doc in piped(self.nlp, articles, _BATCH):
            out = Suggestions(article.id)
            seen: dict[tuple[int, int, str], ProposedSpan] = {}
            for group, scores in scored_groups(doc):
                for span, score in zip(group, scores, strict=True):
                    key = (span.start_char, span.end_char, span.label_)
                    if span.start_char >= span.end_char or (
                            score is not None and threshold is not None and score < threshold):
                        continue
                    if key in seen:  # the same span in two groups: the higher score
                        old = seen[key]
                        if score is not None and (old.score is None or score > old.score):
                            old.score = score
                        continue
                    if span.label_ not in labels:
                        self.unknown[span.label_] += 1
                        seen[key] = ProposedSpan("", *key)
                        continue
                    seen[key] = ProposedSpan(f"m{len(out.spans) + 1}", *key, score=score)
                    out.spans.append(seen[key])
            yield out

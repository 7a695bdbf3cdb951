"""The `model=NAME_OR_PATH` source: any spaCy pipeline, installed or on disk.

Its entities (`doc.ents`) and every span group (`doc.spans`) become suggestions. Labels are
mapped by name: a label the store's schema has is kept; any other is counted in `unknown`
(label -> how many spans) for the run's summary, and left out.
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


class ModelSource:
    """Suggestions from a spaCy pipeline's entities and span groups."""

    def __init__(self, name: str) -> None:
        self.name = f"model={name}"
        self.nlp = load_pipeline(name)
        self.unknown: Counter[str] = Counter()

    def suggest(self, articles: Iterable[Article],
                labels: Collection[str]) -> Iterator[Suggestions]:
        for article, doc in piped(self.nlp, articles, _BATCH):
            out = Suggestions(article.id)
            seen: set[tuple[int, int, str]] = set()
            for group in [doc.ents, *doc.spans.values()]:
                for span in group:
                    key = (span.start_char, span.end_char, span.label_)
                    if key in seen or span.start_char >= span.end_char:
                        continue
                    seen.add(key)
                    if span.label_ not in labels:
                        self.unknown[span.label_] += 1
                        continue
                    out.spans.append(ProposedSpan(f"m{len(out.spans) + 1}", *key))
            yield out

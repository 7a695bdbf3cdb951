"""The `patterns=FILE` source: spaCy / Prodigy match patterns, run by spaCy's SpanRuler.

A patterns file is JSONL, one pattern a line: `{"label": "ORG", "pattern": "Reuters"}` (a
phrase) or `{"label": "ORG", "pattern": [{"LOWER": "reuters"}]}` (token attributes, as in
spaCy's Matcher); `id` is allowed and blank lines are skipped. Every line is checked before
anything runs (its JSON, its label against the schema, a token pattern against spaCy's own
schema); the problems come back as `FILE:LINE: what is wrong`.

Matches may overlap (the ruler keeps them all in a span group): a layer takes each
(start, end, label) once.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import SuggestInputError
from .base import Article, ProposedSpan, Suggestions, piped

_KEYS = {"label", "pattern", "id"}
_BATCH = 256


def _line_problem(item: Any, labels: Collection[str]) -> str | None:
    if not isinstance(item, dict):
        return "a pattern line is a JSON object with 'label' and 'pattern'"
    unknown = sorted(set(item) - _KEYS)
    if unknown:
        return f"unknown key {unknown[0]!r} (a pattern has 'label', 'pattern' and 'id')"
    label, pattern = item.get("label"), item.get("pattern")
    if not isinstance(label, str) or not label:
        return "'label' must be a label name"
    if label not in labels:
        return f"label {label!r} is not in the schema"
    if isinstance(pattern, str):
        return None if pattern.strip() else "'pattern' is an empty phrase"
    if not isinstance(pattern, list) or not pattern:
        return "'pattern' must be a phrase or a non-empty list of token patterns"
    from spacy.schemas import validate_token_pattern
    errors = validate_token_pattern(pattern)
    return f"bad token pattern: {errors[0]}" if errors else None


def read_patterns(path: Path, labels: Collection[str]) -> list[dict[str, Any]]:
    """The file's patterns, every line checked; SuggestInputError lists each bad line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SuggestInputError([f"{path}: cannot read the patterns: {exc.strerror}"]) from None
    patterns: list[dict[str, Any]] = []
    problems: list[str] = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            problems.append(f"{path}:{number}: not JSON: {exc}")
            continue
        problem = _line_problem(item, labels)
        if problem is not None:
            problems.append(f"{path}:{number}: {problem}")
        else:
            patterns.append(item)
    if problems:
        raise SuggestInputError(problems)
    if not patterns:
        raise SuggestInputError([f"{path}: no patterns in the file"])
    return patterns


class PatternsSource:
    """Runs match patterns over each article with spaCy's SpanRuler."""

    fork_safe = True  # a blank pipeline and a matcher: may run in forked workers

    def __init__(self, path: Path, labels: Collection[str], lang: str = "en") -> None:
        import spacy
        self.name = f"patterns={path}"
        self.patterns = read_patterns(path, labels)
        self.nlp = spacy.blank(lang)
        ruler = self.nlp.add_pipe("span_ruler", config={"spans_key": "suggest",
                                                        "validate": True})
        ruler.add_patterns(self.patterns)  # type: ignore[attr-defined]

    def suggest(self, articles: Iterable[Article],
                labels: Collection[str]) -> Iterator[Suggestions]:
        for article, doc in piped(self.nlp, articles, _BATCH):
            out = Suggestions(article.id)
            for span in doc.spans["suggest"]:
                if span.label_ in labels:
                    out.spans.append(ProposedSpan(f"p{len(out.spans) + 1}", span.start_char,
                                                  span.end_char, span.label_))
            yield out

"""Suggestion sources: propose spans and links for articles, without the store or Qt.

A source follows the protocol in `base` (articles and the schema's labels in, proposed
spans and links out); the caller stores them as a suggestion layer. `quotes` is the
built-in finder of quotations and their speakers in news.
"""

from __future__ import annotations

from .base import (
    Article,
    EntitySpan,
    ProposedLink,
    ProposedSpan,
    Suggestions,
    SuggestionSource,
)

__all__ = [
    "Article", "EntitySpan", "ProposedLink", "ProposedSpan", "SuggestionSource",
    "Suggestions",
]

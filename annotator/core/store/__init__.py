"""The store: one SQLite file per project. All of the project's SQL lives in this package."""

from .base import APPLICATION_ID, Store
from .browse import ArticleRow, fts_query
from .changes import LoggedChange
from .review import Comment, Review
from .rows import now
from .suggestions import SuggestionDecision, SuggestionQueries

__all__ = ["APPLICATION_ID", "ArticleRow", "Comment", "LoggedChange", "Review", "Store",
           "SuggestionDecision", "SuggestionQueries", "fts_query", "now"]

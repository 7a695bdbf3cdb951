"""The store: one SQLite file per project. All of the project's SQL lives in this package."""

from .agreement import AgreementQueries
from .annotations import AnnotationQueries
from .base import APPLICATION_ID, StoreBase, now
from .browse import ArticleRow, BrowseQueries, fts_query
from .changes import ChangeQueries, LoggedChange
from .merge import MergeQueries
from .reports import ReportQueries
from .review import Comment, Review, ReviewQueries
from .suggestions import SuggestionDecision, SuggestionQueries


class Store(BrowseQueries, ReportQueries, ReviewQueries, AgreementQueries, MergeQueries,
            SuggestionQueries, AnnotationQueries, ChangeQueries, StoreBase):
    """An open store: articles, the label schema, layers, spans, relations, the change log."""


__all__ = ["APPLICATION_ID", "ArticleRow", "Comment", "LoggedChange", "Review", "Store",
           "SuggestionDecision", "fts_query", "now"]

"""The store: one SQLite file per project. All of the project's SQL lives in this package."""

from .annotations import AnnotationQueries
from .base import APPLICATION_ID, StoreBase
from .browse import ArticleRow, fts_query
from .changes import LoggedChange
from .review import Comment, Review
from .rows import now


class Store(AnnotationQueries, StoreBase):
    """An open store: articles, the label schema, layers, spans, relations, the change log."""


__all__ = ["APPLICATION_ID", "ArticleRow", "Comment", "LoggedChange", "Review", "Store",
           "fts_query", "now"]

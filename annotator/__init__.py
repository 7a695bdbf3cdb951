"""Annotator: annotate news articles and turn them into training data."""

__version__ = "0.1.0"

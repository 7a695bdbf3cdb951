"""Annotating: the article list, the article and its text view, the labels, the spans and
their details."""

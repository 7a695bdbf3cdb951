"""The current article as the window shows it: its text's UTF-16 index, the current layer's
spans (by id and in reading order), links and comments, the selected span, and the
suggestions offered over them when a suggestion layer is shown.

Plain data read from the store, without Qt: the Controller changes it and tells the widgets
what changed with its signals; widgets read it (`controller.state`).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.model import Article, Relation, Span
    from ..core.store import Comment, Store
    from ..core.text import Utf16Index


def _order_key(span: Span) -> tuple[int, int, int]:
    return span.start, span.end, span.id


class ArticleState:
    def __init__(self) -> None:
        self.article: Article | None = None
        self.index: Utf16Index | None = None
        self.spans: dict[int, Span] = {}
        self.relations: list[Relation] = []
        self.comments: list[Comment] = []  # reviewers' notes on the current article
        self.selected: int | None = None
        self._in_order: list[Span] | None = []
        self.suggestions: list[Span] = []  # offered to the person, in reading order
        # The shown suggestion layer's spans here, read once per article (only a `suggest`
        # run or a merge changes them: `reload_suggestions(fresh=True)` after those).
        self._suggested: tuple[str, list[Span]] | None = None
        self.suggestion_scores: dict[int, float] = {}  # the shown layer's, by span id
        # Scored suggestions under it are not offered (unscored ones always are).
        self.suggestion_threshold = 0.0
        self.suggestions_hidden = 0

    def load(self, store: Store | None, article: Article | None, annotator: str) -> None:
        """Another article (or none) is current: read its layer of `annotator`."""
        self.article = article
        self.selected = None
        if article is None or store is None:
            self.index, self.spans, self.relations, self.comments = None, {}, [], []
            self._in_order, self.suggestions = [], []
            return
        from ..core.text import Utf16Index
        self.index = Utf16Index(article.text)
        in_order = store.annotations.layer_spans(article, annotator)
        self.spans = {s.id: s for s in in_order}
        self._in_order = in_order
        self.relations = store.annotations.relations(article.pk, annotator)
        self.comments = store.review.comments(article.pk)
        self.suggestions, self._suggested, self.suggestion_scores = [], None, {}

    def reload_suggestions(self, store: Store | None, person: str, layer: str | None,
                           fresh: bool = False) -> bool:
        """What `layer` still offers `person` here (nothing when `layer` is None), given
        the layer shown, which is `person`'s own; True if it differs from what was offered.
        `fresh` reads the suggestion layer again (others wrote to the store)."""
        offered: list[Span] = []
        self.suggestions_hidden = 0  # offered, but scoring under the threshold
        if store is not None and self.article is not None and layer is not None:
            from ..core.suggest.offers import offered_among, rejected_by
            if fresh or self._suggested is None or self._suggested[0] != layer:
                self._suggested = layer, store.annotations.layer_spans(self.article, layer)
                self.suggestion_scores = store.suggestions.scores(self.article.pk, layer)
            offered = offered_among(self._suggested[1], self.sorted_spans(),
                                    rejected_by(store, self.article.pk, person, layer),
                                    store.schema.kind_of)
            if self.suggestion_threshold > 0 and self.suggestion_scores:
                scores, least = self.suggestion_scores, self.suggestion_threshold
                shown = [s for s in offered if scores.get(s.id, least) >= least]
                self.suggestions_hidden, offered = len(offered) - len(shown), shown
        # the same objects unless read again (comparing 200 spans field by field costs)
        changed = len(offered) != len(self.suggestions) or any(
            new is not old for new, old in zip(offered, self.suggestions, strict=True))
        self.suggestions = offered
        return changed

    # -- reading it ------------------------------------------------------------------

    def sorted_spans(self) -> list[Span]:
        """The spans in reading order (the store hands them over in that order)."""
        if self._in_order is None:
            self._in_order = sorted(self.spans.values(), key=_order_key)
        return self._in_order

    def links_of(self, span_id: int) -> list[tuple[Relation, Span]]:
        """The span's links, each with the span at the other end."""
        out = []
        for rel in self.relations:
            other = rel.child if rel.head == span_id else rel.head if rel.child == span_id else None
            if other is not None and other in self.spans:
                out.append((rel, self.spans[other]))
        return out

    def comments_on(self, start: int, end: int) -> list[Comment]:
        """The comments on stretches that overlap [start, end)."""
        return [c for c in self.comments if c.start is not None and c.end is not None
                and c.start < end and start < c.end]

    def snap(self, start: int, end: int, words: bool) -> tuple[int, int]:
        """A selection made whole: grapheme clusters always, words when the user asked,
        and never whitespace at either end (the core's rule; equal bounds when the
        selection is nothing but whitespace)."""
        from ..core.rules import trim_bounds
        from ..core.text import snap_to_graphemes, snap_to_words
        assert self.article is not None
        text = self.article.text
        start, end = (snap_to_words(text, start, end) if words
                      else snap_to_graphemes(text, start, end))
        start, end = trim_bounds(text[start:end], start, end)
        return (start, end) if start < end else (start, start)

    def twin(self, start: int, end: int, label: str) -> Span | None:
        """The span with these bounds and label, if the layer has one (it holds one)."""
        return next((span for span in self.spans.values()
                     if (span.start, span.end, span.label) == (start, end, label)), None)

    # -- bringing it up to date ------------------------------------------------------

    def reread_spans(self, store: Store, annotator: str,
                     span_ids: Iterable[int]) -> dict[int, Span | None]:
        """Read these spans again after a change; {id: the span before, or None}."""
        before: dict[int, Span | None] = {}
        for span_id in span_ids:
            before[span_id] = old = self.spans.pop(span_id, None)
            span = store.annotations.span(span_id)
            if span is not None and span.annotator == annotator:
                self.spans[span_id] = span
            else:
                span = None
            self._reorder(old, span)
        return before

    def _reorder(self, old: Span | None, new: Span | None) -> None:
        """Keep the reading order up to date with one span changed (no re-sorting)."""
        order = self._in_order
        if order is None or old == new:
            return
        if old is not None:
            at = bisect_left(order, _order_key(old), key=_order_key)
            if at < len(order) and order[at].id == old.id:
                del order[at]
            else:
                self._in_order = None
                return
        if new is not None:
            insort(order, new, key=_order_key)

    def reload_spans(self, store: Store, annotator: str) -> dict[int, Span | None]:
        """Read the whole layer again (others wrote to it); {id: the span before, or None}
        for each span that differs."""
        assert self.article is not None
        fresh = store.annotations.layer_spans(self.article, annotator)
        spans = {span.id: span for span in fresh}
        before: dict[int, Span | None] = {
            i: old for i, old in self.spans.items() if spans.get(i) != old}
        before.update({i: None for i in spans if i not in self.spans})
        self.spans, self._in_order = spans, fresh
        return before

    def reload_relations(self, store: Store, annotator: str) -> bool:
        """Read the layer's links again; True if they differ."""
        assert self.article is not None
        relations = store.annotations.relations(self.article.pk, annotator)
        changed = relations != self.relations
        self.relations = relations
        return changed

    def reload_comments(self, store: Store) -> bool:
        """Read the article's comments again; True if they differ."""
        assert self.article is not None
        comments = store.review.comments(self.article.pk)
        changed = comments != self.comments
        self.comments = comments
        return changed

    def drop_lost_selection(self) -> bool:
        """Unselect a span that is no longer in the layer; True if one was."""
        if self.selected is not None and self.selected not in self.spans:
            self.selected = None
            return True
        return False

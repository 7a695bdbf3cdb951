"""Which suggestions of a layer are offered to an annotator on an article.

A suggestion is offered unless the annotator rejected it (its bounds and label: a decision
outlives a re-run of `suggest`) or the annotator's own layer already has a span of the same
kind overlapping it (an accepted suggestion is such a span, so it is not offered twice).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable

from ..model import Span
from ..store import Store


def _merged(intervals: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The union of intervals as sorted starts and ends of disjoint runs."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(intervals):
        if ends and start < ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _overlaps(runs: tuple[list[int], list[int]], start: int, end: int) -> bool:
    starts, ends = runs
    i = bisect_right(starts, start) - 1  # the last run starting at or before `start`
    if i >= 0 and ends[i] > start:
        return True
    return i + 1 < len(starts) and starts[i + 1] < end


def offered_among(suggestions: Iterable[Span], own: Iterable[Span],
                  rejected: Collection[tuple[int, int, str]],
                  kind_of: Callable[[str], str]) -> list[Span]:
    """The suggestions (in reading order) that are neither `rejected` ((start, end, label))
    nor overlapping a span of the same kind in `own`, the annotator's layer. For a caller
    that holds both layers already (the window)."""
    kinds: dict[str, str] = {}  # label: kind, asked once per label

    def kind(label: str) -> str:
        found = kinds.get(label)
        if found is None:
            found = kinds[label] = kind_of(label)
        return found

    intervals: dict[str, list[tuple[int, int]]] = {}
    for span in own:
        intervals.setdefault(kind(span.label), []).append((span.start, span.end))
    runs = {name: _merged(spans) for name, spans in intervals.items()}
    empty: tuple[list[int], list[int]] = ([], [])
    return [span for span in suggestions
            if (span.start, span.end, span.label) not in rejected
            and not _overlaps(runs.get(kind(span.label), empty), span.start, span.end)]


def rejected_by(store: Store, article: int, annotator: str,
                layer: str) -> set[tuple[int, int, str]]:
    """(start, end, label) of the layer's suggestions the annotator rejected here."""
    return {(d.start, d.end, d.label)
            for d in store.suggestions.suggestion_decisions(article, annotator, layer)
            if d.decision == "reject"}


def offered(store: Store, article: int, annotator: str, layer: str) -> list[Span]:
    """The layer's suggestions the annotator has not decided on or covered, in reading order."""
    return offered_among(store.annotations.spans(article, layer),
                         store.annotations.spans(article, annotator),
                         rejected_by(store, article, annotator, layer), store.schema.kind_of)


def is_offered(store: Store, suggestion: Span, annotator: str) -> bool:
    """Whether one suggestion is still offered to the annotator (as `offered` would say,
    reading only the stretch it covers)."""
    kind_of = store.schema.kind_of
    kind = kind_of(suggestion.label)
    if any(kind_of(span.label) == kind for span in store.annotations.spans_over(
            suggestion.article, annotator, suggestion.start, suggestion.end)):
        return False
    return (suggestion.start, suggestion.end, suggestion.label) not in rejected_by(
        store, suggestion.article, annotator, suggestion.annotator)

"""Which suggestions of a layer are offered to an annotator on an article.

A suggestion is offered unless the annotator rejected it (its bounds and label: a decision
outlives a re-run of `suggest`) or the annotator's own layer already has a span of the same
kind overlapping it (an accepted suggestion is such a span, so it is not offered twice).
"""

from __future__ import annotations

from bisect import bisect_right

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


def offered(store: Store, article: int, annotator: str, layer: str) -> list[Span]:
    """The layer's suggestions the annotator has not decided on or covered, in reading order."""
    kind_of = store.schema.kind_of
    own: dict[str, list[tuple[int, int]]] = {}
    for span in store.annotations.spans(article, annotator):
        own.setdefault(kind_of(span.label), []).append((span.start, span.end))
    runs = {kind: _merged(intervals) for kind, intervals in own.items()}
    rejected = {(d.start, d.end, d.label)
                for d in store.suggestions.suggestion_decisions(article, annotator, layer)
                if d.decision == "reject"}
    return [span for span in store.annotations.spans(article, layer)
            if (span.start, span.end, span.label) not in rejected
            and not (kind_of(span.label) in runs
                     and _overlaps(runs[kind_of(span.label)], span.start, span.end))]

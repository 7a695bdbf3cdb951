"""Filling a suggestion layer: run sources over a store's articles and store what they propose.

A suggestion layer is an ordinary layer under a name of its own (`suggested` by default),
registered as one (store migration 0006) so that it is never taken for a person's layer.
Export, merge and agreement work on it unchanged. A run:

- replaces the layer on the articles it covers (all articles when no filter is given) and
  never touches another layer;
- gives every covered article a layer marked done, empty when nothing was proposed, so that
  `agreement` scores the suggester on every article it saw;
- runs all sources over each batch of articles and stores the union: one span per bounds
  and label (the first source's attributes win, and the first meta given: the quote
  finder's `speaker_name`, in `span_meta`), links between the stored spans;
- is one transaction: every suggestion is stored, or none (an error or a cancel rolls back);
- logs one `suggest` row naming the layers it touched, so open windows catch up.
"""

from __future__ import annotations

import importlib.util
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import rules
from ..changefeed import layers_detail
from ..errors import DataError, SuggestInputError
from ..plural import plural
from ..store import Store
from ..store.bulk import BulkWriter
from .base import Article, EntitySpan, Suggestions, SuggestionSource
from .parallel import Outputs, Workers, can_fork, run_sources

DEFAULT_LAYER = "suggested"
_NEED_SPACY = ("quotes", "patterns", "model")
_BATCH = 200  # articles read, run and written at a time: memory stays flat
Rows = list[tuple[int, str, str, str]]  # (key, id, text, meta) of a batch's articles


class SuggestCancelled(DataError):
    """The run was cancelled: nothing was stored."""


@dataclass
class SuggestSummary:
    layer: str
    sources: list[str]
    articles: int = 0
    replaced: int = 0  # articles whose earlier suggestions in the layer were replaced
    spans_by_label: Counter[str] = field(default_factory=Counter)
    links: int = 0
    seconds: float = 0.0
    unknown_labels: dict[str, int] = field(default_factory=dict)

    @property
    def spans(self) -> int:
        return sum(self.spans_by_label.values())

    def to_dict(self) -> dict[str, Any]:
        return {"layer": self.layer, "sources": self.sources, "articles": self.articles,
                "replaced": self.replaced, "spans": self.spans,
                "spans_by_label": dict(sorted(self.spans_by_label.items())),
                "links": self.links, "seconds": round(self.seconds, 3),
                "unknown_labels": self.unknown_labels}

    def report(self) -> str:
        rate = self.articles / self.seconds if self.seconds > 0 else 0.0
        lines = [(f"Suggested into layer {self.layer!r} from {', '.join(self.sources)}: "
                 f"{plural(self.articles, 'article')}, {plural(self.spans, 'span')}, "
                 f"{plural(self.links, 'link')} in {self.seconds:.1f} s "
                 f"({rate:.0f} articles/s)")]
        if self.replaced:
            lines.append(f"  replaced the earlier suggestions of "
                         f"{plural(self.replaced, 'article')}")
        for label, count in sorted(self.spans_by_label.items()):
            lines.append(f"  {label}: {count}")
        for label, count in sorted(self.unknown_labels.items()):
            lines.append(f"  left out: {plural(count, 'span')} labelled {label!r} "
                         "(not in the schema)")
        return "\n".join(lines)


def make_sources(store: Store, specs: Sequence[str],
                 threshold: float | None = None,
                 with_model: str | None = None) -> list[SuggestionSource]:
    """The sources named on the command line: quotes, corpus, patterns=FILE, model=NAME.
    `threshold` is the least score a model's scored spans need to be kept (see model.py);
    `with_model` is the pipeline the quotes source reads with (`--with-model`)."""
    if threshold is not None:
        if not 0 <= threshold <= 1:
            raise SuggestInputError([f"the threshold must be between 0 and 1, not {threshold}"])
        if not any(spec.startswith("model=") for spec in specs):
            raise SuggestInputError([("a threshold is for a model's scores: name a "
                                      "model=NAME_OR_PATH source")])
    from .corpus import CorpusSource
    sources: list[SuggestionSource] = []
    labels = [label.name for label in store.schema.labels]
    if with_model is not None and "quotes" not in specs:
        raise SuggestInputError(["--with-model is for the quotes source: name quotes too"])
    for spec in specs:
        name, _, value = spec.partition("=")
        if name in _NEED_SPACY and importlib.util.find_spec("spacy") is None:
            raise SuggestInputError([(f"the {name} source needs spaCy, which is not installed; "
                                     "install it with: pip install 'annotator[spacy]'")])
        if name == "quotes" and not value:
            from .quotes import QuotesSource
            sources.append(QuotesSource(model=with_model, mention_label=mention_label(store)))
        elif name == "corpus" and not value:
            sources.append(CorpusSource(store.suggestions.tagged_strings(entity_labels(store))))
        elif name == "patterns" and value:
            from .patterns import PatternsSource
            sources.append(PatternsSource(Path(value), labels))
        elif name == "model" and value:
            from .model import ModelSource
            sources.append(ModelSource(value, threshold))
        else:
            raise SuggestInputError([(f"unknown source {spec!r} (sources: quotes, corpus, "
                                     "patterns=FILE, model=NAME_OR_PATH)")])
    if not sources:
        raise SuggestInputError(["name at least one source"])
    return sources


def mention_label(store: Store) -> str | None:
    """The schema's label for sources that are no name (MENTION), if it has one."""
    return next((label.name for label in store.schema.labels if label.kind == "mention"),
                None)


def entity_labels(store: Store) -> list[str]:
    return [label.name for label in store.schema.labels if label.kind == "entity"]


def suggestion_keys(store: Store, status: str | None = None,
                    article_ids: Sequence[str] = ()) -> list[int]:
    """The keys of the articles a run covers; DataError names an id not in the store."""
    pks = store.suggestions.suggestion_article_keys(status, article_ids)
    if article_ids and len(pks) < len(set(article_ids)):
        found = {row[1] for row in store.suggestions.suggestion_inputs(pks)}
        missing = [i for i in article_ids if i not in found]
        raise DataError(f"no article {missing[0]!r} in the store")
    return pks


def run_suggestions(store: Store, sources: Sequence[SuggestionSource], *,
                    layer: str = DEFAULT_LAYER, status: str | None = None,
                    article_ids: Sequence[str] = (),
                    progress: Callable[[int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None,
                    jobs: int = 1) -> SuggestSummary:
    """Fill `layer` with what `sources` propose for the chosen articles (see the module).

    `progress(n)` is told of every n articles done; `cancelled()` is asked between batches
    and, when it answers True, everything is rolled back (SuggestCancelled). With `jobs`
    above 1 the sources run in that many worker processes where they can (`parallel`);
    what is stored is the same.
    """
    problem = rules.suggestion_layer_problem(layer, store.suggestions.people())
    if problem is not None:
        raise DataError(problem)
    began = time.perf_counter()
    names = [source.name for source in sources]
    summary = SuggestSummary(layer, names)
    pks = suggestion_keys(store, status, article_ids)
    whole = status is None and not article_ids
    chunks = [pks[at:at + _BATCH] for at in range(0, len(pks), _BATCH)]
    unknown: Counter[str] = Counter()
    with store.transaction():
        store.suggestions.register_suggestion_layer(layer, names)
        replaced = store.suggestions.clear_suggestions(layer, None if whole else pks)
        summary.replaced = len(replaced)
        writer = _LayerWriter(store, layer, summary)
        for rows, outputs, labels_left_out in _outputs(writer, sources, chunks, jobs,
                                                       cancelled):
            writer.write(rows, outputs, sources)
            unknown.update(labels_left_out)
            if progress is not None:
                progress(len(rows))
        writer.finish()
        summary.unknown_labels.update(unknown)
        touched = replaced | set(pks)
        if touched:
            store.log_change(None, "suggest", None,
                             {"layer": layer, "sources": names, "articles": summary.articles,
                              "spans": summary.spans, "links": summary.links,
                              **layers_detail({layer: touched})})
    summary.seconds = time.perf_counter() - began
    return summary


def _outputs(writer: _LayerWriter, sources: Sequence[SuggestionSource],
             chunks: list[list[int]], jobs: int, cancelled: Callable[[], bool] | None
             ) -> Iterator[tuple[Rows, Outputs, Counter[str]]]:
    """Each batch's rows and what every source proposes for it, in order: run here, or
    in worker processes when there are batches enough to share."""
    def inputs() -> Iterator[tuple[Rows, list[Article]]]:
        for chunk in chunks:
            if cancelled is not None and cancelled():
                raise SuggestCancelled("suggest was cancelled: nothing was stored")
            yield writer.read(chunk)

    if jobs > 1 and len(chunks) > 1 and can_fork(sources):
        with Workers(sources, writer.labels, min(jobs, len(chunks))) as workers:
            yield from workers.run(inputs())
        return
    for rows, articles in inputs():
        yield (rows, *run_sources(sources, articles, writer.labels))


class _LayerWriter:
    """Turns each batch's proposals into the layer's rows (buffered by BulkWriter)."""

    def __init__(self, store: Store, layer: str, summary: SuggestSummary) -> None:
        self.store, self.layer, self.summary = store, layer, summary
        self.schema = store.schema
        self.labels = frozenset(label.name for label in self.schema.labels)
        # the spans a speaker may already be: people's entities and source mentions
        self.entities = [label.name for label in self.schema.labels
                         if label.kind in ("entity", "mention")]
        self.writer = BulkWriter(store.conn)
        self.scores: dict[int, float] = {}  # span id: its score, written after the spans

    def read(self, pks: list[int]) -> tuple[Rows, list[Article]]:
        """A batch's rows and the articles the sources are given (with people's entity and
        source-mention spans)."""
        rows = self.store.suggestions.suggestion_inputs(pks)
        existing = self.store.suggestions.people_spans(pks, self.entities)
        articles = [Article(article_id, text, json.loads(meta), tuple(
            EntitySpan(f"e{n}", start, end, label)
            for n, (start, end, label) in enumerate(existing[pk], 1)))
            for pk, article_id, text, meta in rows]
        return rows, articles

    def write(self, rows: Rows, outputs: Outputs,
              sources: Sequence[SuggestionSource]) -> None:
        for source, output in zip(sources, outputs, strict=True):
            if [one.article_id for one in output] != [row[1] for row in rows]:
                raise DataError(f"source {source.name} did not give one answer per article, "
                                "in order: nothing was stored")
        for n, (pk, _, text, _) in enumerate(rows):
            self._article(pk, text, [output[n] for output in outputs])
        self.finish()

    def _article(self, pk: int, text: str, proposals: list[Suggestions]) -> None:
        writer, schema, summary = self.writer, self.schema, self.summary
        writer.add_layer(pk, self.layer, "done")
        summary.articles += 1
        ids: dict[tuple[int, int, str], int] = {}
        noted: set[int] = set()  # the spans given a meta (the first source's that has one)
        links: set[tuple[int, int, str]] = set()
        for one in proposals:
            local: dict[str, int] = {}
            for span in one.spans:
                if (span.label not in self.labels
                        or rules.bounds_problem(len(text), span.start, span.end)):
                    continue
                # a source's span with whitespace at an end is offered without it
                start, end = rules.trim_bounds(text[span.start:span.end], span.start, span.end)
                if start >= end:
                    continue
                key = (start, end, span.label)
                if key not in ids:
                    attrs = rules.fit_attrs(schema, span.label, span.attrs)
                    ids[key] = writer.add_span(pk, self.layer, start, end, span.label,
                                               text[start:end], attrs, origin="suggested")
                    summary.spans_by_label[span.label] += 1
                local[span.id] = ids[key]
                if span.meta and ids[key] not in noted:
                    noted.add(ids[key])
                    writer.add_span_meta(ids[key], span.meta)
                if span.score is not None and span.score > self.scores.get(ids[key], -1.0):
                    self.scores[ids[key]] = span.score
            for link in one.links:
                head, child = local.get(link.head), local.get(link.child)
                if head is None or child is None or (head, child, link.label) in links:
                    continue
                if self._link_problem(link.label, one, link.head, link.child):
                    continue
                links.add((head, child, link.label))
                writer.add_relation(head, child, link.label)
                summary.links += 1

    def _link_problem(self, label: str, one: Suggestions, head: str, child: str) -> bool:
        spans = {span.id: span.label for span in one.spans}
        return rules.relation_problem(self.schema, label, spans[head], spans[child],
                                      same_span=head == child, same_layer=True) is not None

    def finish(self) -> None:
        self.writer.flush()
        if self.scores:
            self.store.suggestions.add_scores(self.scores.items())
            self.scores.clear()

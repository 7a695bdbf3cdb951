"""How sure a model is of what it proposes in an article, and the articles it is least sure
of first (`annotator queue`, the article list's "Model: least certain first").

The measure is a *margin*: half the gap between the probabilities of the two likeliest
choices of one decision, from 0 (a coin toss) to 0.5 (certain). An article's margin is the
mean over the decisions that proposed something:

- spancat scores each candidate span yes or no: its margin is |score - 0.5|; the decisions
  are the spans it proposes (scoring at least its threshold, as `suggest` stores them);
- ner gives no scores, but each of its steps chooses a transition (begin, inside, last,
  unit or outside an entity) from scores over the moves valid there: the margin of a step
  is half the gap between the softmax probabilities of the two best valid moves, and the
  decisions are the steps that put a token in an entity.

Both are the same quantity (for a yes/no choice, (p_yes - p_no) / 2 = score - 0.5). A
pipeline with a spancat is measured by its spancat alone, so that `queue --model` and the
window's sort over a layer `suggest` filled with the same model and threshold (which reads
the stored scores: ner's entities have none) agree; ner's steps measure a pipeline without
one. ner's steps are walked in Python (about 0.13 ms a step), spancat's scores are free.
An article without any proposal has no margin and is listed after the others.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import rules
from ..store import Store
from .base import Article, batches
from .model import has_spancat, load_pipeline, scored_groups, set_threshold

_BATCH = 32


def margin(score: float) -> float:
    """The margin of a yes/no score: 0 at 0.5, 0.5 at 0 or 1."""
    return abs(score - 0.5)


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def ranked(margins: Mapping[int, float], keys: Iterable[int]) -> list[int]:
    """`keys` with the least certain (smallest margin) first; keys without a margin last,
    in the order given."""
    keys = list(keys)
    with_margin = sorted((k for k in keys if k in margins), key=lambda k: margins[k])
    return with_margin + [k for k in keys if k not in margins]


@dataclass(frozen=True)
class QueueRow:
    pk: int
    id: str
    title: str
    margin: float | None
    decisions: int  # how many decisions the margin is the mean of

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title,
                "margin": None if self.margin is None else round(self.margin, 4),
                "decisions": self.decisions}


def ner_margins(ner: Any, docs: list[Any]) -> list[list[float]]:
    """Per Doc, the margins of ner's steps that put a token in an entity (see the module).
    The pipeline has run on the docs already (a shared tok2vec left its output in them)."""
    moves = ner.moves
    names = [moves.get_class_name(i) for i in range(moves.n_moves)]
    import numpy
    step = ner.model.predict(docs)
    states = moves.init_batch(docs)
    found: list[list[float]] = [[] for _ in docs]
    todo = [(n, state) for n, state in enumerate(states) if not state.is_final()]
    while todo:
        scores = step.predict([state for _, state in todo])
        for (n, state), row in zip(todo, scores, strict=True):
            valid = numpy.array([moves.is_valid(state, name) for name in names])
            logits = numpy.where(valid, row, -numpy.inf)
            probs = numpy.exp(logits - logits.max())
            probs /= probs.sum()
            best, second = numpy.argsort(-probs)[:2]
            if names[best] != "O":
                found[n].append(float(probs[best] - probs[second]) / 2 if valid.sum() > 1
                                else 0.5)
            moves.apply_transition(state, names[best])
        todo = [(n, state) for n, state in todo if not state.is_final()]
    return found


def stored_scores(doc: Any, labels: Collection[str]) -> list[float]:
    """The scores of a Doc's scored spans as `suggest` stores them: labels of the schema,
    whitespace trimmed from the ends, one span per bounds and label (its highest score)."""
    text = doc.text
    best: dict[tuple[int, int, str], float] = {}
    for group, scores in scored_groups(doc):
        for span, score in zip(group, scores, strict=True):
            if score is None or span.label_ not in labels:
                continue
            start, end = rules.trim_bounds(text[span.start_char:span.end_char],
                                           span.start_char, span.end_char)
            key = (start, end, span.label_)
            if start < end and score > best.get(key, -1.0):
                best[key] = score
    return list(best.values())


def model_margins(nlp: Any, articles: Iterable[Article],
                  labels: Collection[str]) -> Iterator[tuple[str, list[float]]]:
    """Each article's id with the margins of the decisions the pipeline proposed with."""
    ner = nlp.get_pipe("ner") if "ner" in nlp.pipe_names and not has_spancat(nlp) else None
    for batch in batches(articles, _BATCH):
        docs = list(nlp.pipe(article.text for article in batch))
        from_ner = ner_margins(ner, docs) if ner is not None else [[] for _ in docs]
        for article, doc, more in zip(batch, docs, from_ner, strict=True):
            yield article.id, [margin(score) for score in stored_scores(doc, labels)] + more


def _articles(store: Store, pks: Sequence[int]) -> Iterator[Article]:
    """The articles' texts, read 200 at a time (memory stays flat); named by their key."""
    for at in range(0, len(pks), 200):
        for pk, _, text, _ in store.suggestions.suggestion_inputs(pks[at:at + 200]):
            yield Article(str(pk), text)


def queue(store: Store, *, model: str | None = None, layer: str | None = None,
          threshold: float | None = None, limit: int | None = None) -> list[QueueRow]:
    """The articles nobody has marked done (or skipped), least certain first: by running
    `model` over them, or from the scores stored on suggestion `layer` (no model run)."""
    pks = store.suggestions.open_article_keys()
    found: dict[int, tuple[float, int]] = {}
    if model is not None:
        nlp = load_pipeline(model)
        if threshold is not None:
            set_threshold(nlp, threshold)
        labels = {label.name for label in store.schema.labels}
        for key, margins in model_margins(nlp, _articles(store, pks), labels):
            value = mean(margins)
            if value is not None:
                found[int(key)] = value, len(margins)
    elif layer is not None:
        counts = store.suggestions.scored_counts(layer, threshold or 0.0)
        found = {pk: (value, counts[pk]) for pk, value in
                 store.suggestions.mean_margins(layer, threshold or 0.0).items()}
    order = ranked({pk: value for pk, (value, _) in found.items()}, pks)
    if limit is not None:
        order = order[:limit]
    titles = store.suggestions.titles(order)
    return [QueueRow(pk, *titles[pk], *found.get(pk, (None, 0))) for pk in order]

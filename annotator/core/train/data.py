"""Which articles a run trains on and which it holds out, read from the store.

One layer per article (a person's, gold or a suggestion layer), optionally only those with
a status; the spans of the chosen labels (every label with data by default). The split is
by article, with the export's own splitter: deterministic for a seed and a store, and
articles with the same text always on the same side.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import DataError
from ..io.export_records import ExportRecord, decode
from ..io.jsonl import check_filters
from ..io.splits import assign_parts
from .options import MIN_EVAL_ARTICLES, MIN_TRAIN_ARTICLES, TrainOptions, TrainRefused

if TYPE_CHECKING:
    from ..store import Store


@dataclass
class TrainData:
    """The two parts, the labels trained and their kinds."""

    train: list[ExportRecord]
    eval: list[ExportRecord]
    labels: tuple[str, ...]  # in the schema's order
    kinds: dict[str, str]  # label -> kind
    lang: str
    spans: dict[str, Counter[str]] = field(default_factory=dict)  # part -> label -> spans

    def articles_with(self, part: str) -> Counter[str]:
        records = self.train if part == "train" else self.eval
        out: Counter[str] = Counter()
        for record in records:
            out.update({span.label for span in record.spans})
        return out


def select(store: Store, options: TrainOptions) -> TrainData:
    """The records of `options.layer`, split; TrainRefused when they cannot train a model."""
    options.check()
    try:
        check_filters(store, options.layer, options.status)
    except DataError as exc:
        raise TrainRefused(str(exc)) from None
    schema = {label.name: label.kind for label in store.schema.labels}
    unknown = [label for label in options.labels if label not in schema]
    if unknown:
        raise TrainRefused(f"no label {unknown[0]!r} in the store's schema "
                           f"(labels: {', '.join(schema)})")
    wanted = tuple(dict.fromkeys(options.labels))
    records = {pk: decode(line) for pk, line in store.reports.export_rows(
        options.layer, options.status, wanted)}
    where = f"layer {options.layer!r}" + (f" with status {options.status}"
                                          if options.status else "")
    if len(records) < 2:
        raise TrainRefused(f"{where} has {len(records)} article(s): training needs at least "
                           f"{MIN_TRAIN_ARTICLES + MIN_EVAL_ARTICLES}")
    used = Counter(span.label for record in records.values() for span in record.spans)
    labels = tuple(name for name in schema if (name in wanted if wanted else used[name]))
    if not labels:
        raise TrainRefused(f"{where} has no spans to train on")
    parts = _split(store, options, records)
    train = [records[pk] for pk in sorted(records) if parts.get(pk) == "train"]
    held = [records[pk] for pk in sorted(records) if parts.get(pk) == "eval"]
    languages = Counter(record.language for record in records.values())
    data = TrainData(train, held, labels, {name: schema[name] for name in labels},
                     options.lang or languages.most_common(1)[0][0])
    data.spans = {part: Counter(span.label for record in recs for span in record.spans)
                  for part, recs in (("train", train), ("eval", held))}
    _check_enough(data)
    return data


def _split(store: Store, options: TrainOptions,
           records: dict[int, ExportRecord]) -> dict[int, str]:
    """Article pk -> "train" or "eval" (or nothing: left out)."""
    if options.eval_articles:
        held, chosen = set(options.eval_articles), set(options.train_articles)
        missing = held - {record.id for record in records.values()}
        if missing:
            raise TrainRefused(f"article {min(missing)!r} to hold out is not in the "
                               f"layer {options.layer!r}")
        return {pk: "eval" if record.id in held else "train" for pk, record in records.items()
                if record.id in held or not chosen or record.id in chosen}
    groups = [(pk, digest) for pk, digest in store.reports.export_groups(
        options.layer, options.status) if pk in records]
    return assign_parts(groups, {"train": 1 - options.eval_split,
                                 "eval": options.eval_split}, options.seed)


def _check_enough(data: TrainData) -> None:
    in_train, in_eval = data.articles_with("train"), data.articles_with("eval")
    for label in data.labels:
        if in_train[label] < MIN_TRAIN_ARTICLES or in_eval[label] < MIN_EVAL_ARTICLES:
            raise TrainRefused(
                f"label {label}: {in_train[label] + in_eval[label]} annotated article(s) "
                f"({in_train[label]} to train on, {in_eval[label]} held out); a label needs at "
                f"least {MIN_TRAIN_ARTICLES} to train on and {MIN_EVAL_ARTICLES} held out: "
                f"annotate more, or leave it out with --labels")

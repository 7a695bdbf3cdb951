"""The `queue` command: the articles a model is least sure of, first."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .cli_common import errors as _errors
from .cli_common import open_store as _open
from .cli_common import store_argument
from .core.errors import DataError, SuggestInputError


@click.command()
@store_argument
@click.option("--model", metavar="DIR",
              help="Run this spaCy pipeline (name or path) over the articles.")
@click.option("--layer", metavar="NAME",
              help="Use the scores stored on this suggestion layer instead (no model run).")
@click.option("--threshold", type=float, metavar="F",
              help="Count the model's spans scoring at least F (default: its own threshold, "
                   "or every stored score).")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Only the first N.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article.")
def queue(store: Path, model: str | None, layer: str | None, threshold: float | None,
          limit: int | None, as_json: bool) -> None:
    """List the articles nobody has marked done or skipped, those the model is least sure
    of first: annotate them first and the next model learns most.

    The measure is the mean margin of what the model proposes in an article: |score - 0.5|
    of each spancat span (ner's entities, for a pipeline without spancat: half the gap
    between its two likeliest moves), 0 a coin toss, 0.5 certain. Articles where the model
    proposes nothing come last.

    Example: annotator queue news.db --model models/model-best --limit 20
    """
    if (model is None) == (layer is None):
        click.echo("Error: give either --model DIR (run a model) or --layer NAME (use the "
                   "scores stored on a suggestion layer)", err=True)
        sys.exit(1)
    if threshold is not None and not 0 <= threshold <= 1:
        click.echo(f"Error: the threshold must be between 0 and 1, not {threshold}", err=True)
        sys.exit(1)
    from .core.suggest.uncertainty import queue as ranked_queue
    with _errors():
        opened = _open(store)
        with opened:
            if layer is not None and layer not in opened.suggestions.suggestion_layers():
                raise DataError(f"{layer!r} is not a suggestion layer of this store")
            try:
                rows = ranked_queue(opened, model=model, layer=layer, threshold=threshold,
                                    limit=limit)
            except SuggestInputError as exc:
                click.echo(f"Error: {exc.problems[0]}", err=True)
                sys.exit(1)
    for row in rows:
        if as_json:
            click.echo(json.dumps(row.to_dict(), ensure_ascii=False))
        else:
            shown = "    -" if row.margin is None else f"{row.margin:.3f}"
            click.echo(f"{shown}  {row.id}\t{row.title}")

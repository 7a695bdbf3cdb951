"""The `suggest` command: fill a suggestion layer from quotes, corpus, patterns or a model."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .cli_common import errors as _errors
from .cli_common import open_store as _open
from .cli_common import progress_bar as _progress
from .cli_common import store_argument
from .core import STATUSES
from .core.errors import SuggestInputError
from .core.suggest.parallel import MAX_JOBS, default_jobs
from .core.suggest.running import (
    DEFAULT_LAYER,
    make_sources,
    run_suggestions,
    suggestion_keys,
)


@click.command()
@store_argument
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--layer", default=DEFAULT_LAYER, show_default=True,
              help="The suggestion layer to fill (never a person's layer, never gold).")
@click.option("--status", type=click.Choice(STATUSES),
              help="Only articles with this status: 'todo' while nobody has started them, "
                   "otherwise some person's layer has it.")
@click.option("--article", "articles", multiple=True, metavar="ID",
              help="Only this article (repeat for more).")
@click.option("--threshold", type=float, metavar="F",
              help="Keep a model's scored spans (spancat) scoring at least F, 0 to 1, "
                   "instead of the model's own threshold; entities have no score.")
@click.option("--with-model", "with_model", metavar="NAME_OR_PATH",
              help="A spaCy pipeline (installed package or folder) the quotes source reads "
                   "with: its sentences, entities and parse; the rules fill in the rest.")
@click.option("--jobs", type=click.IntRange(min=1), metavar="N",
              help=f"Worker processes the sources run in (default: the processors there "
                   f"are, at most {MAX_JOBS}); 1 runs everything in one process. A pipeline "
                   "(model=, --with-model) always runs in one process.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def suggest(store: Path, sources: tuple[str, ...], layer: str, status: str | None,
            articles: tuple[str, ...], threshold: float | None, with_model: str | None,
            jobs: int | None, as_json: bool) -> None:
    """Propose spans and links into a suggestion layer, replacing that layer's earlier
    suggestions on the articles covered (all of them without --status or --article).

    SOURCE is `quotes` (quotations and speakers in news), `corpus` (every string tagged as
    an entity, at its other occurrences), `patterns=FILE` (spaCy / Prodigy match patterns,
    JSONL) or `model=NAME_OR_PATH` (a spaCy pipeline's entities and span groups; spancat's
    scores are stored with its spans, and the window can hide those under a threshold).

    Example: annotator suggest news.db quotes corpus patterns=orgs.jsonl

    With --with-model, the quotes source takes sentence boundaries, speakers' names
    (PERSON and ORG entities) and the subjects of verbs of saying from that pipeline:
    annotator suggest news.db quotes --with-model en_core_web_sm
    """
    with _errors():
        opened = _open(store)
        with opened:
            try:
                chosen = make_sources(opened, sources, threshold=threshold,
                                      with_model=with_model)
            except SuggestInputError as exc:
                for problem in exc.problems:
                    click.echo(f"Error: {problem}", err=True)
                click.echo("Nothing was written.", err=True)
                sys.exit(1)
            total = len(suggestion_keys(opened, status, articles))
            with _progress("Suggesting", total) as progress:
                summary = run_suggestions(opened, chosen, layer=layer, status=status,
                                          article_ids=articles, progress=progress,
                                          jobs=jobs or default_jobs())
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(summary.report())

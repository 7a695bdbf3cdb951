"""The command line: a thin layer of click commands over annotator.core.

Exit status: 0 success, 1 bad data (a bad file, an unhealthy store), 2 bad usage.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .cli_common import errors as _errors
from .cli_common import open_store as _open
from .cli_common import store_argument
from .cli_export import export
from .cli_import import import_
from .cli_queue import queue
from .cli_registry import link, quotes, registry, speakers
from .cli_review import agreement, merge
from .cli_suggest import suggest
from .cli_train import train
from .core import Store, default_schema, load_schema
from .core.demo import ensure_demo_store
from .core.plural import plural


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="annotator")
def cli() -> None:
    """Annotate news articles (entities, claims, quotes) and export training data.

    A store is one SQLite file holding articles, the label schema and everyone's
    annotations. Start with `annotator init news.db`.
    """


cli.add_command(import_)
cli.add_command(export)
cli.add_command(merge)
cli.add_command(agreement)
cli.add_command(suggest)
cli.add_command(queue)
cli.add_command(registry)
cli.add_command(link)
cli.add_command(speakers)
cli.add_command(quotes)
cli.add_command(train)


@cli.command()
@store_argument
@click.option("--labels", "labels", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A TOML label schema to use instead of the default news schema.")
def init(store: Path, labels: Path | None) -> None:
    """Create a new store with the default news schema (or --labels FILE).

    Example: annotator init news.db
    """
    with _errors():
        schema = load_schema(labels) if labels else default_schema()
        created = Store.create(store, schema)
        created.close()
    click.echo(f"Created {store}: {plural(len(schema.labels), 'label')}, "
               f"{plural(len(schema.relations), 'relation label')}, "
               f"{plural(len(schema.attributes), 'attribute')}.")


@cli.command()
@store_argument
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(store: Path, as_json: bool) -> None:
    """Print articles by status, spans by label, and the annotators.

    Example: annotator stats news.db --json
    """
    with _errors():
        opened = _open(store)
        figures = opened.reports.stats()
        opened.close()
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    click.echo(f"Articles: {figures['articles']}")
    for name, data in figures["annotators"].items():
        by_status = ", ".join(f"{count} {status}" for status, count in data["articles"].items())
        click.echo(f"  {name}: {by_status}; {plural(data['spans'], 'span')}")
    if figures["review"] is not None:
        review = figures["review"]
        click.echo(f"Review: {review['reviewed']} reviewed, {review['in review']} in review, "
                   f"{review['unreviewed']} unreviewed; "
                   f"{plural(review['gold spans'], 'gold span')}")
    for name, data in figures["suggestion_layers"].items():
        click.echo(f"Suggestion layer {name}: {plural(data['articles']['done'], 'article')}, "
                   f"{plural(data['spans'], 'span')}")
    for name, data in figures["suggestions"].items():
        click.echo(f"  {name}: {data['accepted unchanged']} accepted unchanged, "
                   f"{data['changed']} changed, {data['rejected']} rejected")
    click.echo(f"Spans: {figures['spans']}")
    _print_counts(figures["spans_by_label"])
    click.echo(f"Relations: {figures['relations']}")
    _print_counts(figures["relations_by_label"])


def _print_counts(counts: dict[str, Any]) -> None:
    width = max((len(name) for name in counts), default=0)
    for name, count in counts.items():
        click.echo(f"  {name:<{width}}  {count}")


@cli.command()
@store_argument
def check(store: Path) -> None:
    """Verify a store: SQLite integrity, and every rule the window, import and merge keep
    (spans inside their article and equal to its text, labels and attributes of the schema,
    no repeated span or relation, relations allowed and within one layer, gold from review).

    Exit status 0 when healthy; otherwise the problems, one per line, and status 1.

    Example: annotator check news.db
    """
    with _errors():
        opened = _open(store)
        problems = opened.reports.check()
        figures = opened.reports.stats()
        opened.close()
    if problems:
        for problem in problems:
            click.echo(problem)
        click.echo(f"{plural(len(problems), 'problem')} found in {store}.", err=True)
        sys.exit(1)
    click.echo(f"{store} is healthy: {plural(figures['articles'], 'article')}, "
               f"{plural(figures['spans'], 'span')}, "
               f"{plural(figures['relations'], 'relation')} checked.")


@cli.command()
@click.argument("store", required=False, type=click.Path(dir_okay=False, path_type=Path))
def demo(store: Path | None) -> None:
    """Create the demo store of sample articles (once) and show what is in it.

    Without STORE it lives in your data folder (e.g. ~/.local/share/annotator/demo.db).

    Example: annotator demo
    """
    with _errors():
        path, created = ensure_demo_store(store)
        opened = _open(path)
        figures = opened.reports.stats()
        titles = [opened.annotations.article(pk).title
                  for pk in opened.annotations.article_pks()[:10]]
        opened.close()
    click.echo(f"{'Created' if created else 'Using'} the demo store {path}: "
               f"{plural(figures['articles'], 'article')}.")
    for title in titles:
        click.echo(f"  - {title}")
    click.echo("Try:\n"
               f"  annotator stats {path}\n"
               f"  annotator export {path} -o demo.jsonl")


@cli.command()
@click.argument("store", required=False, type=click.Path(dir_okay=False, path_type=Path))
def gui(store: Path | None) -> None:
    """Open the annotating window on STORE.

    Without STORE: the store used last, or on the very first run the demo store (made in
    your data folder from the sample articles).

    Example: annotator gui news.db
    """
    from .gui.app import run  # Qt loads only for the window, never for the other commands
    sys.exit(run(store))


def main() -> None:
    cli(prog_name="annotator")

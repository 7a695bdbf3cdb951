"""The command line: a thin layer of click commands over annotator.core.

Exit status: 0 success, 1 bad data (a bad file, an unhealthy store), 2 bad usage.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from . import __version__
from .core import STATUSES, AnnotatorError, Store, default_schema, load_schema
from .core.demo import ensure_demo_store
from .core.exporter import EXPORT_FORMATS, export_jsonl
from .core.importer import ImportSummary, import_files
from .core.readers import FORMATS

store_argument = click.argument("store", type=click.Path(dir_okay=False, path_type=Path))


@contextmanager
def _errors() -> Iterator[None]:
    """Print a core error as one line and exit 1, never a traceback."""
    try:
        yield
    except AnnotatorError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            click.echo("Error: the store is busy: another program has been writing to it for "
                       "too long; try again", err=True)
        else:
            click.echo(f"Error: cannot use the store: {exc}", err=True)
        sys.exit(1)
    except sqlite3.DatabaseError as exc:
        click.echo(f"Error: the store is damaged or unreadable: {exc}", err=True)
        sys.exit(1)


def _open(path: Path) -> Store:
    return Store.open(path)


@contextmanager
def _progress(label: str, length: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on a terminal (standard error); nothing when output is piped."""
    if not sys.stderr.isatty() or length <= 0:
        yield None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield bar.update


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="annotator")
def cli() -> None:
    """Annotate news articles (entities, claims, quotes) and export training data.

    A store is one SQLite file holding articles, the label schema and everyone's
    annotations. Start with `annotator init news.db`.
    """


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
    click.echo(f"Created {store}: {len(schema.labels)} labels, {len(schema.relations)} "
               f"relation labels, {len(schema.attributes)} attributes.")


@cli.command(name="import")
@store_argument
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Read every file as this format (default: from each file's extension).")
@click.option("--annotator", help="The layer that pre-annotations go to when a record does "
                                  "not name its annotator (default: imported).")
@click.option("--strict-labels", is_flag=True,
              help="Refuse labels that are not in the store's schema instead of adding them.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def import_(store: Path, files: tuple[Path, ...], fmt: str | None, annotator: str | None,
            strict_labels: bool, as_json: bool) -> None:
    """Import articles from JSONL, plain text or CSV files (or folders of them).

    JSONL may hold our own export, Prodigy tasks or doccano records, with their spans and
    relations. A file with any bad record is reported as FILE:LINE: message and nothing
    from it is stored.

    Example: annotator import news.db articles.jsonl notes/*.txt
    """
    with _errors():
        opened = _open(store)
        size = sum(_size(path) for path in files)
        with _progress("Importing", size) as progress:
            summary = import_files(opened, list(files), annotator=annotator, fmt=fmt,
                                   strict_labels=strict_labels, progress=progress)
        opened.close()
    for problem in summary.errors:
        click.echo(str(problem), err=True)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_summary(summary)
    if summary.errors:
        sys.exit(1)


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def _print_summary(summary: ImportSummary, shown: int = 50) -> None:
    failed = f", {len(summary.failed_files)} refused" if summary.failed_files else ""
    click.echo(f"Imported {summary.files} file(s){failed}: "
               f"{summary.articles_added} articles added, "
               f"{summary.layers_added} layers added to articles already here, "
               f"{summary.duplicates_skipped} duplicates skipped.")
    click.echo(f"Spans added: {summary.spans_added}; relations added: "
               f"{summary.relations_added}.")
    for reason, count in sorted(summary.records_skipped.items()):
        click.echo(f"Records skipped ({reason}): {count}.")
    if summary.labels_added:
        click.echo(f"Labels added to the schema: {', '.join(summary.labels_added)}.")
    if summary.texts_changed:
        counts = ", ".join(f"{kind}: {count}"
                           for kind, count in summary.text_change_counts.items())
        click.echo(f"Texts changed by canonicalisation: {summary.texts_changed} ({counts})")
        for change in summary.text_changes[:shown]:
            click.echo(f"  {change}")
        if summary.texts_changed > shown:
            click.echo(f"  ... and {summary.texts_changed - shown} more "
                       f"(--json lists the first {len(summary.text_changes)})")


@cli.command()
@store_argument
@click.option("-o", "--output", default="-", show_default=True,
              help="The file to write; - for standard output.")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl",
              show_default=True, help="The export format.")
@click.option("--annotator", help="Only this annotator's layers.")
@click.option("--status", type=click.Choice(STATUSES), help="Only layers with this status.")
def export(store: Path, output: str, fmt: str, annotator: str | None,
           status: str | None) -> None:
    """Export articles and annotations, one JSON line per article and annotator.

    Example: annotator export news.db -o gold.jsonl --status done
    """
    if output != "-" and Path(output).resolve() == store.resolve():
        raise click.BadParameter("the output would overwrite the store", param_hint="-o")
    with _errors():
        opened = _open(store)
        if output == "-":
            lines = export_jsonl(opened, sys.stdout.buffer, annotator=annotator, status=status)
            sys.stdout.buffer.flush()
        else:
            lines = _export_to_file(opened, Path(output), annotator, status)
        opened.close()
    if output != "-":
        click.echo(f"Wrote {lines} lines to {output}.", err=True)


def _export_to_file(store: Store, path: Path, annotator: str | None,
                    status: str | None) -> int:
    """Write next to the target and rename at the end: never a half-written export."""
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("wb") as out, _progress(
                "Exporting", store.export_count(annotator, status)) as progress:
            lines = export_jsonl(store, out, annotator=annotator, status=status,
                                 progress=progress)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise click.FileError(str(path), exc.strerror) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return lines


@cli.command()
@store_argument
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(store: Path, as_json: bool) -> None:
    """Print articles by status, spans by label, and the annotators.

    Example: annotator stats news.db --json
    """
    with _errors():
        opened = _open(store)
        figures = opened.stats()
        opened.close()
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    click.echo(f"Articles: {figures['articles']}")
    for name, data in figures["annotators"].items():
        by_status = ", ".join(f"{count} {status}" for status, count in data["articles"].items())
        click.echo(f"  {name}: {by_status}; {data['spans']} spans")
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
    """Verify a store: SQLite integrity, every span inside its article and equal to its
    stored text, every relation within one article and annotator.

    Exit status 0 when healthy; otherwise the problems, one per line, and status 1.

    Example: annotator check news.db
    """
    with _errors():
        opened = _open(store)
        problems = opened.check()
        figures = opened.stats()
        opened.close()
    if problems:
        for problem in problems:
            click.echo(problem)
        click.echo(f"{len(problems)} problem(s) found in {store}.", err=True)
        sys.exit(1)
    click.echo(f"{store} is healthy: {figures['articles']} articles, {figures['spans']} spans, "
               f"{figures['relations']} relations checked.")


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
        figures = opened.stats()
        titles = [opened.article(pk).title for pk in opened.article_pks()[:10]]
        opened.close()
    click.echo(f"{'Created' if created else 'Using'} the demo store {path}: "
               f"{figures['articles']} articles.")
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

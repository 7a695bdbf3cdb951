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
from .cli_common import progress_bar as _progress
from .cli_common import refuse_overwriting, store_argument
from .cli_queue import queue
from .cli_registry import link, quotes, registry, speakers
from .cli_review import agreement, merge
from .cli_suggest import suggest
from .cli_train import train
from .core import STATUSES, Store, default_schema, load_schema
from .core.demo import ensure_demo_store
from .core.gold import GOLD
from .core.io import (
    EXPORT_FORMAT_NAMES,
    ExportLossError,
    ExportSummary,
    export_count,
    export_to_path,
    export_to_stream,
)
from .core.io.brat import TITLE_RULES
from .core.io.importing import ImportSummary, import_files
from .core.io.readers import FORMATS
from .core.plural import plural


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="annotator")
def cli() -> None:
    """Annotate news articles (entities, claims, quotes) and export training data.

    A store is one SQLite file holding articles, the label schema and everyone's
    annotations. Start with `annotator init news.db`.
    """


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
@click.option("--text-key", metavar="KEY",
              help="Label Studio: the field of a task's data that holds its text (default: "
                   "the only text field).")
@click.option("--title", type=click.Choice(TITLE_RULES),
              help="brat: an article's title is its file name (default) or the first "
                   "non-empty line of its text (the text is kept whole).")
@click.option("--keep-boilerplate", is_flag=True,
              help="Plain text: keep the lines at the start and end that read as a web "
                   "page's boilerplate (\"views\", \"0 comment\", \"Share\"); by default "
                   "they are left out and listed.")
@click.option("--registry", "is_registry", is_flag=True,
              help="The files are registry JSONL (export --registry): their entries join the "
                   "store's registry (same Wikidata id, or same name and kind, is the same "
                   "entry; possible duplicates are reported, never merged).")
@click.option("--with-registry", "with_registry", metavar="REGISTRY.jsonl",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The registry file (export --registry) the spans' entry ids name: its "
                   "entries join the store's and the spans are linked to them.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def import_(store: Path, files: tuple[Path, ...], fmt: str | None, annotator: str | None,
            strict_labels: bool, text_key: str | None, title: str | None,
            keep_boilerplate: bool, is_registry: bool, with_registry: Path | None,
            as_json: bool) -> None:
    """Import articles from JSONL, plain text, CSV, HTML, brat or Label Studio files (or
    folders of them).

    JSONL may hold our own export, Prodigy tasks or doccano records, with their spans and
    relations. A file with any bad record is reported as FILE:LINE: message and nothing
    from it is stored.

    Example: annotator import news.db articles.jsonl notes/*.txt

    Example: annotator import news.db --registry registry.jsonl

    Example: annotator import new.db news.jsonl --with-registry registry.jsonl
    """
    if is_registry:
        _import_registry(store, files, as_json)
        return
    with _errors():
        opened = _open(store)
        size = sum(_size(path) for path in files)
        with _progress("Importing", size) as progress:
            summary = import_files(opened, list(files), annotator=annotator, fmt=fmt,
                                   strict_labels=strict_labels, text_key=text_key,
                                   title=title, keep_boilerplate=keep_boilerplate,
                                   registry=with_registry, progress=progress)
        opened.close()
    for problem in summary.errors:
        click.echo(str(problem), err=True)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_summary(summary)
    if summary.errors:
        sys.exit(1)


def _import_registry(store: Path, files: tuple[Path, ...], as_json: bool) -> None:
    from .core.registry.jsonl import import_registry
    reports = []
    with _errors():
        opened = _open(store)
        with opened:
            for path in files:
                summary = import_registry(opened, path)
                reports.append({"file": str(path), **summary.to_dict()})
                if not as_json:
                    click.echo(f"{path}: {summary.report()}")
    if as_json:
        click.echo(json.dumps(reports, ensure_ascii=False, indent=2))


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def _print_summary(summary: ImportSummary, shown: int = 50) -> None:
    failed = f", {len(summary.failed_files)} refused" if summary.failed_files else ""
    click.echo(f"Imported {plural(summary.files, 'file')}{failed}: "
               f"{plural(summary.articles_added, 'article')} added, "
               f"{plural(summary.layers_added, 'layer')} added to articles already here, "
               f"{plural(summary.duplicates_skipped, 'duplicate')} skipped.")
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
    if summary.repeats_dropped:
        click.echo(f"Repeated spans or relations kept once: {summary.repeats_dropped}")
        for repeat in summary.repeats[:shown]:
            click.echo(f"  {repeat}")
    for line in summary.said_on_the_way_in(shown):
        click.echo(line)


@cli.command()
@store_argument
@click.option("-o", "--output", default="-", show_default=True,
              help="The file to write; - for standard output (not for spacy or --split).")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMAT_NAMES), default="jsonl",
              show_default=True,
              help="jsonl (lossless), prodigy, doccano, conll (IOB2), spacy (DocBin) or "
                   "brat (a folder of .txt and .ann files, -o FOLDER). "
                   "prodigy, conll and spacy need spaCy: pip install 'annotator[spacy]'.")
@click.option("--annotator", help="Only this annotator's layers.")
@click.option("--layer", type=click.Choice([GOLD]),
              help="gold: only the reviewed version (each line names its reviewer).")
@click.option("--status", type=click.Choice(STATUSES), help="Only layers with this status.")
@click.option("--label", "labels", multiple=True, metavar="LABEL",
              help="Only spans with this label (repeat for more); relations between them.")
@click.option("--split", metavar="NAME=FRACTION,...",
              help="One file per part, split by article, e.g. train=0.8,dev=0.1,test=0.1: "
                   "-o news.jsonl writes news.train.jsonl, news.dev.jsonl, news.test.jsonl.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="The seed of --split: the same seed and store give the same parts.")
@click.option("--strict", is_flag=True,
              help="Exit 1 and write nothing when a span or relation cannot be held by the "
                   "format (off token boundaries, or overlapping entities for conll/spacy).")
@click.option("--registry", "is_registry", is_flag=True,
              help="Write the registry of people and organisations instead, one entry a "
                   "JSON line (read back with import --registry).")
def export(store: Path, output: str, fmt: str, annotator: str | None, layer: str | None,
           status: str | None, labels: tuple[str, ...], split: str | None, seed: int,
           strict: bool, is_registry: bool) -> None:
    """Export articles and annotations as training data.

    jsonl is the project's own lossless format, one line per article and annotator. Every
    span a format cannot hold is listed on standard error with the totals.

    Example: annotator export news.db -o alice.jsonl --annotator alice --status done

    Example: annotator export news.db -o gold.jsonl --layer gold --status done

    Example: annotator export news.db --format spacy -o news.spacy --split
    train=0.8,dev=0.1,test=0.1 --seed 1

    Example: annotator export news.db --registry -o registry.jsonl
    """
    if is_registry:
        _export_registry(store, output)
        return
    if layer is not None and annotator is not None and annotator != layer:
        raise click.BadParameter("give --layer or --annotator, not both", param_hint="--layer")
    annotator = layer or annotator
    refuse_overwriting(store, output)
    if output == "-" and (split or fmt in ("spacy", "brat")):
        reason = ("--split writes several files" if split else
                  "brat writes a folder" if fmt == "brat" else "spacy is a binary format")
        raise click.BadParameter(f"{reason}: give -o FILE", param_hint="-o")
    with _errors():
        opened = _open(store)
        try:
            if output == "-":
                summary = export_to_stream(opened, sys.stdout.buffer, fmt,
                                           annotator=annotator, status=status, labels=labels)
                sys.stdout.buffer.flush()
            else:
                summary = _export_to_file(opened, Path(output), fmt, annotator, status,
                                          labels, split, seed, strict)
        except ExportLossError as exc:
            _print_losses(exc.summary)
            raise
        finally:
            opened.close()
    _print_export(summary, output)


def _export_registry(store: Path, output: str) -> None:
    from .core.registry.jsonl import export_registry
    refuse_overwriting(store, output)
    with _errors():
        opened = _open(store)
        with opened:
            if output == "-":
                count = export_registry(opened, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            else:
                try:
                    with open(output, "wb") as out:
                        count = export_registry(opened, out)
                except OSError as exc:
                    raise click.FileError(output, exc.strerror) from None
    click.echo(f"Wrote {count} registry entries{'' if output == '-' else ' to ' + output}.",
               err=True)


def _export_to_file(store: Store, path: Path, fmt: str, annotator: str | None,
                    status: str | None, labels: tuple[str, ...], split: str | None,
                    seed: int, strict: bool) -> ExportSummary:
    try:
        with _progress("Exporting", export_count(store, annotator, status)) as progress:
            return export_to_path(store, path, fmt, annotator=annotator, status=status,
                                  labels=labels, split=split, seed=seed, progress=progress,
                                  strict=strict)
    except OSError as exc:
        raise click.FileError(str(exc.filename or path), exc.strerror) from None


def _print_losses(summary: ExportSummary) -> None:
    for line in summary.loss_lines(prefix="lost: "):
        click.echo(line, err=True)
    if not summary.lossless:
        click.echo(summary.loss_totals(), err=True)


def _print_export(summary: ExportSummary, output: str) -> None:
    _print_losses(summary)
    if summary.left_out:
        click.echo(f"Not part of the {summary.format} format (entities only): "
                   f"{summary.left_out_text()}.", err=True)
    if summary.unannotated_skipped:
        click.echo(f"Articles nobody has annotated, left out: {summary.unannotated_skipped}.",
                   err=True)
    for language, reason in summary.language_fallbacks.items():
        click.echo(f"Language {language!r} has no usable spaCy tokenizer ({reason}); used "
                   "the multi-language one (xx).", err=True)
    if output == "-":
        return
    for written in summary.files:
        part = f" ({written.part})" if written.part else ""
        click.echo(f"Wrote {plural(written.records, 'record')}{part} to {written.path}.",
                   err=True)


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

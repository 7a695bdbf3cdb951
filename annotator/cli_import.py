"""The `import` command: articles (JSONL, plain text, CSV, HTML, brat, Label Studio) or a
registry file into a store, and the summary it prints."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .cli_common import errors as _errors
from .cli_common import open_store as _open
from .cli_common import progress_bar as _progress
from .cli_common import store_argument
from .core.errors import DataError
from .core.io.brat import TITLE_RULES
from .core.io.importing import ImportSummary, import_files
from .core.io.readers import FORMATS
from .core.plural import plural
from .core.registry.chosen import sort_chosen


@click.command(name="import")
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

    A registry file among the files is told by its content, as the window's Import does:
    alone, it is imported as with --registry; with other files, as with --with-registry.
    """
    if is_registry:
        _import_registry(store, files, as_json)
        return
    told: list[str] = []
    with _errors():
        chosen = sort_chosen([path for path in files if path.is_file()])
        if chosen.registries and with_registry is not None:
            raise DataError(f"{chosen.registries[0]} is a registry file: give it with "
                            "--with-registry, or alone (nothing was stored)")
        if chosen.registries and not chosen.others and all(path.is_file() for path in files):
            _import_registry(store, files, as_json)
            return
        if chosen.registry is not None:
            files = tuple(path for path in files if path not in chosen.registries)
            with_registry, told = chosen.registry, chosen.told()
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
        for line in told:
            click.echo(line)
        _print_summary(summary)
    if summary.errors:
        sys.exit(1)


def _import_registry(store: Path, files: tuple[Path, ...], as_json: bool) -> None:
    from .core.registry.jsonl import import_registries, registry_report
    with _errors():
        opened = _open(store)
        with opened:
            imported = import_registries(opened, list(files))  # all of them or none
    if as_json:
        click.echo(json.dumps([{"file": str(path), **summary.to_dict()}
                               for path, summary in imported], ensure_ascii=False, indent=2))
    else:
        for line in registry_report(imported):
            click.echo(line)


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

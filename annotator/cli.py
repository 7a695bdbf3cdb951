"""The command line: a thin layer of click commands over annotator.core.

Exit status: 0 success, 1 bad data (a bad file, an unhealthy store), 2 bad usage.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from . import __version__
from .core import STATUSES, AnnotatorError, Store, default_schema, load_schema
from .core.agreement import Agreement, AgreementError
from .core.agreement import agreement as compare
from .core.demo import ensure_demo_store
from .core.formats import (
    EXPORT_FORMAT_NAMES,
    ExportLossError,
    ExportSummary,
    export_count,
    export_to_path,
    export_to_stream,
)
from .core.gold import GOLD
from .core.importer import ImportSummary, import_files
from .core.merge import merge_size, merge_stores
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
    """Import articles from JSONL, plain text, CSV or HTML files (or folders of them).

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
              help="The file to write; - for standard output (not for spacy or --split).")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMAT_NAMES), default="jsonl",
              show_default=True,
              help="jsonl (lossless), prodigy, doccano, conll (IOB2) or spacy (DocBin). "
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
def export(store: Path, output: str, fmt: str, annotator: str | None, layer: str | None,
           status: str | None, labels: tuple[str, ...], split: str | None, seed: int,
           strict: bool) -> None:
    """Export articles and annotations as training data.

    jsonl is the project's own lossless format, one line per article and annotator. Every
    span a format cannot hold is listed on standard error with the totals.

    Example: annotator export news.db -o alice.jsonl --annotator alice --status done

    Example: annotator export news.db -o gold.jsonl --layer gold --status done

    Example: annotator export news.db --format spacy -o news.spacy --split
    train=0.8,dev=0.1,test=0.1 --seed 1
    """
    if layer is not None and annotator is not None and annotator != layer:
        raise click.BadParameter("give --layer or --annotator, not both", param_hint="--layer")
    annotator = layer or annotator
    if output != "-" and Path(output).resolve() == store.resolve():
        raise click.BadParameter("the output would overwrite the store", param_hint="-o")
    if output == "-" and (split or fmt == "spacy"):
        reason = "--split writes several files" if split else "spacy is a binary format"
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
    for loss in summary.losses:
        click.echo(f"lost: {loss}", err=True)
    if summary.lossless:
        return
    reasons = ", ".join(f"{reason}: {count}"
                        for reason, count in sorted(summary.lost_by_reason.items()))
    click.echo(f"Lost in the {summary.format} format: {summary.spans_lost} span(s)"
               f"{f' ({reasons})' if reasons else ''}, {summary.relations_lost} "
               f"relation(s).", err=True)
    unlisted = summary.spans_lost + summary.relations_lost - len(summary.losses)
    if unlisted > 0:
        click.echo(f"  ({unlisted} more not listed)", err=True)


def _print_export(summary: ExportSummary, output: str) -> None:
    _print_losses(summary)
    if summary.left_out:
        counts = ", ".join(f"{count} {what}" for what, count in sorted(summary.left_out.items()))
        click.echo(f"Not part of the {summary.format} format (entities only): {counts}.",
                   err=True)
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
        click.echo(f"Wrote {written.records} records{part} to {written.path}.", err=True)


@cli.command()
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("sources", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--strict-labels", is_flag=True,
              help="Refuse labels that are not in TARGET's schema instead of adding them.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def merge(target: Path, sources: tuple[Path, ...], strict_labels: bool, as_json: bool) -> None:
    """Merge other stores (or their JSONL exports) into TARGET: articles (matched by id
    and text; an id whose text differs is reported, not merged) and each annotator's layer,
    added or made equal to the source's. The gold layer is never touched.

    Example: annotator merge team.db alice.db bob.db
    """
    with _errors():
        opened = _open(target)
        with opened, _progress("Merging", merge_size(sources)) as progress:
            summary = merge_stores(opened, sources, strict_labels=strict_labels,
                                   progress=progress)
    for line in summary.problems(str(target)):
        click.echo(line, err=True)
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(summary.report())
    if summary.errors:
        sys.exit(1)


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
    if figures["review"] is not None:
        review = figures["review"]
        click.echo(f"Review: {review['reviewed']} reviewed, {review['in review']} in review, "
                   f"{review['unreviewed']} unreviewed; {review['gold spans']} gold spans")
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
@click.option("--annotators", metavar="A,B,...",
              help="The annotators to compare, by name, comma-separated (default: everyone "
                   "but gold with an article marked done). Name gold to compare with it.")
@click.option("--label", "labels", multiple=True, metavar="LABEL",
              help="Only spans with this label (repeat for more); relations between them.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def agreement(store: Path, annotators: str | None, labels: tuple[str, ...],
              as_json: bool) -> None:
    """Agreement between annotators, over the articles every one of them marked done.

    For each pair (the first is the reference) and in total, per label and overall: span
    precision, recall and F1 with exact and with overlapping matches, Cohen's kappa and
    Krippendorff's alpha over characters; relations; the articles and spans compared.

    Example: annotator agreement news.db --annotators alice,bob --label PERSON
    """
    names = [n.strip() for n in annotators.split(",") if n.strip()] if annotators else None
    with _errors():
        opened = _open(store)
        try:
            result = compare(opened, names, labels)
        except AgreementError as exc:
            if exc.option:
                raise click.BadParameter(str(exc), param_hint=f"--{exc.option}") from None
            raise
        finally:
            opened.close()
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    _print_agreement(result)


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _print_table(rows: list[list[str]], groups: dict[int, str] | None = None) -> None:
    """Rows of cells in aligned columns: the first two to the left, numbers to the right;
    `groups` puts a title above the columns from an index on."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    if groups:
        line = ""
        for i in sorted(groups):
            line = line.ljust(sum(widths[:i]) + 2 * i) + groups[i]
        click.echo(line)
    for row in rows:
        cells = [cell.ljust(w) if i < 2 else cell.rjust(w)
                 for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
        click.echo("  ".join(cells).rstrip())


def _print_agreement(result: Agreement) -> None:
    names = ", ".join(result.annotators)
    click.echo(f"Articles compared: {result.articles} (marked done by each of {names}), "
               f"{result.characters} characters.")
    click.echo("Spans compared: " + ", ".join(
        f"{name} {count}" for name, count in result.spans.items()) + ".")
    if not result.articles:
        return
    # With two annotators the total is their one pair: shown once.
    comparisons = [*result.pairs, result.total] if len(result.pairs) > 1 else result.pairs
    rows = [["pair", "label", "P", "R", "F1", "P", "R", "F1", "kappa", "alpha"]]
    for comparison in comparisons:
        who = ("total" if comparison is result.total
               else " / ".join(comparison.annotators))
        for label, figures in [*comparison.labels.items(), ("(all)", comparison.overall)]:
            m, o = figures.exact, figures.overlap
            rows.append([who, label, *map(_figure, (m.precision, m.recall, m.f1, o.precision,
                                                    o.recall, o.f1, figures.kappa,
                                                    figures.alpha))])
            who = ""
    click.echo()
    _print_table(rows, {2: "exact", 5: "overlap"})
    if result.total.relations:
        rows = [["pair", "relation", "P", "R", "F1", "matched"]]
        for comparison in comparisons:
            who = ("total" if comparison is result.total
                   else " / ".join(comparison.annotators))
            for label, m in [*comparison.relations.items(),
                             ("(all)", comparison.relations_overall)]:
                rows.append([who, label, _figure(m.precision), _figure(m.recall),
                             _figure(m.f1), str(m.matched)])
                who = ""
        click.echo()
        _print_table(rows)
    if len(result.annotators) > 2:
        click.echo("\nTotal: matches summed over the pairs; kappa is the mean of the pairs' "
                   "kappas; alpha takes every annotator at once.")


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

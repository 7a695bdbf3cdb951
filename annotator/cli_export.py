"""The `export` command: training data in every format, or the registry as JSONL, and the
losses and files it reports."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_common import errors as _errors
from .cli_common import open_store as _open
from .cli_common import progress_bar as _progress
from .cli_common import refuse_overwriting, store_argument
from .core import STATUSES, Store
from .core.gold import GOLD
from .core.io import (
    EXPORT_FORMAT_NAMES,
    ExportLossError,
    ExportSummary,
    export_count,
    export_to_path,
    export_to_stream,
)
from .core.plural import plural


@click.command()
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
        _refuse_with_registry(click.get_current_context())
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


# what chooses or shapes articles and annotations: nothing of the registry's
_NOT_FOR_REGISTRY = ("fmt", "annotator", "layer", "status", "labels", "split", "seed", "strict")


def _refuse_with_registry(ctx: click.Context) -> None:
    """--registry writes every entry, in one format: an option that would choose or shape
    articles is a mistake to say, not to ignore."""
    given = [param for param in ctx.command.params if param.name in _NOT_FOR_REGISTRY
             and ctx.get_parameter_source(param.name or "") is not
             click.core.ParameterSource.DEFAULT]
    if given:
        names = ", ".join(param.opts[0] for param in given)
        raise click.BadParameter(f"{names} do{'es' if len(given) == 1 else ''} not apply: "
                                 "the registry is written whole, as JSONL",
                                 param_hint="--registry")


def _export_registry(store: Path, output: str) -> None:
    from .core.io.part_files import PartFiles
    from .core.registry.jsonl import export_registry
    refuse_overwriting(store, output)
    with _errors():
        opened = _open(store)
        with opened:
            if output == "-":
                count = export_registry(opened, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            else:
                # FILE.part, renamed when complete: a failed export leaves no half file
                files = PartFiles({None: Path(output)})
                try:
                    count = export_registry(opened, files.open(None))
                    files.commit()
                except OSError as exc:
                    files.discard()
                    raise click.FileError(output, exc.strerror) from None
                except BaseException:
                    files.discard()
                    raise
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


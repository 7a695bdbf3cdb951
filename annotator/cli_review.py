"""The commands around review: merging annotators' stores, and agreement between them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .cli_common import errors as _errors
from .cli_common import open_store as _open
from .cli_common import progress_bar as _progress
from .cli_common import store_argument
from .core.agreement import Agreement, AgreementError, Comparison
from .core.agreement import agreement as compare
from .core.merge import merge_into_path, merge_size
from .core.plural import plural


@click.command()
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("sources", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--strict-labels", is_flag=True,
              help="Refuse labels that are not in TARGET's schema instead of adding them.")
@click.option("--with-registry", "with_registry", metavar="REGISTRY.jsonl",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The registry file (export --registry) the JSONL sources' entry ids name: "
                   "its entries join TARGET's and those spans are linked to them.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def merge(target: Path, sources: tuple[Path, ...], strict_labels: bool,
          with_registry: Path | None, as_json: bool) -> None:
    """Merge other stores (or their JSONL exports) into TARGET: articles (matched by id
    and text; an id whose text differs is reported, not merged) and each annotator's layer,
    added or made equal to the source's. The gold layer is never touched.

    A TARGET that does not exist is created, with the label schema of the first source
    (a store's own, or the default schema for a JSONL file).

    Example: annotator merge team.db alice.db bob.db
    """
    with _errors(), _progress("Merging", merge_size(sources)) as progress:
        summary = merge_into_path(target, sources, strict_labels=strict_labels,
                                  progress=progress, registry=with_registry)
    for line in summary.problems(str(target)):
        click.echo(line, err=True)
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(summary.report())
    if summary.errors:
        sys.exit(1)


@click.command()
@store_argument
@click.option("--annotators", metavar="A,B,...",
              help="The annotators to compare, by name, comma-separated (default: everyone "
                   "but gold and suggestion layers with an article marked done). Name gold "
                   "or a suggestion layer to compare with it.")
@click.option("--label", "labels", multiple=True, metavar="LABEL",
              help="Only spans with this label (repeat for more); relations between them.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def agreement(store: Path, annotators: str | None, labels: tuple[str, ...],
              as_json: bool) -> None:
    """Agreement between annotators, over the articles every one of them marked done.

    For each pair (the first is the reference) and in total, per label and overall: span
    precision, recall and F1 with exact and with overlapping matches, Cohen's kappa and
    Krippendorff's alpha over characters; relations; attributes (a quote's type, ...) on
    matched spans; the articles and spans compared.

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
               f"{plural(result.characters, 'character')}.")
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
    if result.total.attributes:
        rows = [["pair", "attribute", "pairs", "agreed", "kappa", "alpha"]]
        for comparison in comparisons:
            who = ("total" if comparison is result.total
                   else " / ".join(comparison.annotators))
            for a in comparison.attributes:
                rows.append([who, a.name, str(a.pairs), str(a.agreed), _figure(a.kappa),
                             _figure(a.alpha)])
                who = ""
        click.echo()
        _print_table(rows)
        click.echo("Attributes: on the spans matched by overlap; pairs = matched spans where "
                   "either annotator set it (unset counts as a value).")
    if result.total.entry_links:
        _print_entry_links(comparisons, result.total)
    if len(result.annotators) > 2:
        click.echo("\nTotal: matches summed over the pairs; kappa is the mean of the pairs' "
                   "kappas; alpha takes every annotator at once.")


def _print_entry_links(comparisons: list[Comparison], total: Comparison) -> None:
    rows = [["pair", "", "P", "R", "F1", "matched"]]
    for comparison in comparisons:
        m = comparison.entry_links
        if m is not None:
            who = "total" if comparison is total else " / ".join(comparison.annotators)
            rows.append([who, "registry entries", _figure(m.precision), _figure(m.recall),
                         _figure(m.f1), str(m.matched)])
    click.echo()
    _print_table(rows)
    click.echo("Registry entries: a span's link matches when the other annotator linked the "
               "same span (bounds and label) to the same entry.")

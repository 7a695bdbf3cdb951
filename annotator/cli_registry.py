"""The registry's commands: `registry` (entries: add, list, show, edit, delete, merge, find,
proposals), `link` (proposed links for unlinked mentions), `speakers` and `quotes`."""

from __future__ import annotations

import dataclasses
import getpass
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from .cli_common import errors as _errors
from .cli_common import open_store as _open
from .cli_common import refuse_overwriting, store_argument
from .core import Store
from .core.errors import OperationError
from .core.gold import GOLD
from .core.history import History
from .core.operations import (
    CreateEntry,
    DecideProposal,
    DeleteEntry,
    EditEntry,
    MergeEntries,
)
from .core.registry import Entry
from .core.registry.linking import propose_links
from .core.registry.name_index import NameIndex
from .core.registry.quotes import QUOTE_FORMATS, write_quotes
from .core.registry.speakers import speaker_rows


def _actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"


by_option = click.option("--by", "actor", default=_actor, show_default="your login name",
                         help="Who makes the change (the change log says so).")
layer_options = [
    click.option("--annotator", help="Only this annotator's layers (default: every "
                                     "person's layer, suggestion layers never)."),
    click.option("--layer", type=click.Choice([GOLD]), help="gold: only the reviewed version."),
]


def _layers(func: Any) -> Any:
    for option in reversed(layer_options):
        func = option(func)
    return func


def _one_layer(annotator: str | None, layer: str | None) -> str | None:
    if layer is not None and annotator is not None and annotator != layer:
        raise click.BadParameter("give --layer or --annotator, not both", param_hint="--layer")
    return layer or annotator


@contextmanager
def _store(ctx: click.Context) -> Iterator[Store]:
    with _errors():
        store = _open(ctx.obj)
        try:
            yield store
        except OperationError as exc:
            click.echo(f"Error: {exc}; nothing was changed.", err=True)
            sys.exit(1)
        finally:
            store.close()


def _attrs(pairs: tuple[str, ...]) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint="--attr")
        attrs[name] = value or None  # NAME= removes it
    return attrs


def _wikidata(value: str | None) -> str | None:
    return None if value in (None, "", "-") else value


def _shown(entry: Entry) -> str:
    parts = [f"{entry.id}\t{entry.name}\t{entry.kind}"]
    if entry.wikidata:
        parts.append(entry.wikidata)
    if entry.aliases:
        parts.append("aka " + "; ".join(entry.aliases))
    return "\t".join(parts)


@click.group()
@store_argument
@click.pass_context
def registry(ctx: click.Context, store: Path) -> None:
    """The registry of the people and organisations across the corpus.

    Example: annotator registry news.db add "Ali Khamenei" --kind PERSON --alias Khamenei
    --wikidata Q57336 --attr gender=man

    Example: annotator registry news.db merge 12 40
    """
    ctx.obj = store


@registry.command()
@click.argument("name")
@click.option("--kind", required=True, help="An entity label of the schema (PERSON, ORG, ...).")
@click.option("--alias", "aliases", multiple=True, help="Another name (repeat for more).")
@click.option("--description", default="", help="A short description.")
@click.option("--wikidata", help="The Wikidata id (Q42).")
@click.option("--attr", "attrs", multiple=True, metavar="NAME=VALUE",
              help="An entry attribute of the schema (gender=woman; repeat for more).")
@by_option
@click.pass_context
def add(ctx: click.Context, name: str, kind: str, aliases: tuple[str, ...], description: str,
        wikidata: str | None, attrs: tuple[str, ...], actor: str) -> None:
    """Add an entry; prints its id."""
    values = _attrs(attrs)
    with _store(ctx) as store:
        same = store.registry.entries_named(" ".join(name.split()), kind)
        History(store, actor).run(CreateEntry(Entry(0, name, kind, aliases, description,
                                                     _wikidata(wikidata), values)))
        entry = max(store.registry.entries(kind), key=lambda e: e.id)
    click.echo(f"Added entry {entry.id}: {entry.name} ({entry.kind}).")
    if same:
        click.echo(f"Note: entr{'y' if len(same) == 1 else 'ies'} "
                   f"{', '.join(str(e.id) for e in same)} already "
                   f"{'has' if len(same) == 1 else 'have'} this name and kind; merge with "
                   f"`annotator registry STORE merge {same[0].id} {entry.id}` if they are "
                   "one.", err=True)


@registry.command(name="list")
@click.option("--kind", help="Only entries of this kind.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")
@click.pass_context
def list_(ctx: click.Context, kind: str | None, as_json: bool) -> None:
    """List the entries: id, name, kind, Wikidata id, aliases."""
    with _store(ctx) as store:
        for entry in store.registry.entries(kind):
            click.echo(json.dumps(entry.as_record(), ensure_ascii=False) if as_json
                       else _shown(entry))


@registry.command()
@click.argument("entry_id", metavar="ID", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the entry as JSON.")
@click.pass_context
def show(ctx: click.Context, entry_id: int, as_json: bool) -> None:
    """One entry: its names, description, Wikidata id, attributes, and how many mentions
    link to it."""
    with _store(ctx) as store:
        entry = store.registry.entry(entry_id)
        if entry is None:
            raise OperationError(f"entry {entry_id} does not exist")
        links = store.registry.link_count(entry_id)
    if as_json:
        click.echo(json.dumps({**entry.as_record(), "mentions": links}, ensure_ascii=False,
                              indent=2))
        return
    click.echo(f"{entry.name} ({entry.kind}), entry {entry.id}")
    for label, value in (("Aliases", "; ".join(entry.aliases)),
                         ("Description", entry.description),
                         ("Wikidata", entry.wikidata or ""),
                         *((name, str(v)) for name, v in entry.attrs.items())):
        if value:
            click.echo(f"  {label}: {value}")
    click.echo(f"  Linked mentions: {links}")


@registry.command()
@click.argument("entry_id", metavar="ID", type=int)
@click.option("--name", help="A new name.")
@click.option("--kind", help="A new kind (every span linked to it must still fit).")
@click.option("--alias", "aliases", multiple=True, help="Add an alias (repeat for more).")
@click.option("--remove-alias", "removed", multiple=True, help="Remove an alias.")
@click.option("--description", help="A new description.")
@click.option("--wikidata", help="A new Wikidata id; - removes it.")
@click.option("--attr", "attrs", multiple=True, metavar="NAME=VALUE",
              help="Set an entry attribute; NAME= removes it.")
@by_option
@click.pass_context
def edit(ctx: click.Context, entry_id: int, name: str | None, kind: str | None,
         aliases: tuple[str, ...], removed: tuple[str, ...], description: str | None,
         wikidata: str | None, attrs: tuple[str, ...], actor: str) -> None:
    """Change an entry's name, kind, aliases, description, Wikidata id or attributes."""
    values = _attrs(attrs)
    with _store(ctx) as store:
        entry = store.registry.entry(entry_id)
        if entry is None:
            raise OperationError(f"entry {entry_id} does not exist")
        unknown = [alias for alias in removed if alias not in entry.aliases]
        if unknown:
            raise OperationError(f"{entry.name} has no alias {unknown[0]!r}")
        changed = dataclasses.replace(
            entry, name=name or entry.name, kind=kind or entry.kind,
            aliases=tuple(a for a in (*entry.aliases, *aliases) if a not in removed),
            description=entry.description if description is None else description,
            wikidata=entry.wikidata if wikidata is None else _wikidata(wikidata),
            attrs={**entry.attrs, **values})
        History(store, actor).run(EditEntry(changed))
        entry = store.registry.entry(entry_id)
    assert entry is not None
    click.echo(f"Changed entry {_shown(entry)}")


@registry.command()
@click.argument("entry_id", metavar="ID", type=int)
@by_option
@click.pass_context
def delete(ctx: click.Context, entry_id: int, actor: str) -> None:
    """Delete an entry; the mentions linked to it are unlinked."""
    with _store(ctx) as store:
        links = store.registry.link_count(entry_id)
        History(store, actor).run(DeleteEntry(entry_id))
    click.echo(f"Deleted entry {entry_id} ({links} mentions unlinked).")


@registry.command()
@click.argument("keep", type=int)
@click.argument("other", type=int)
@by_option
@click.pass_context
def merge(ctx: click.Context, keep: int, other: int, actor: str) -> None:
    """Merge entry OTHER into entry KEEP: OTHER's mentions link to KEEP, its names become
    KEEP's aliases, and OTHER is gone (undoable in the window)."""
    with _store(ctx) as store:
        moved = store.registry.link_count(other)
        History(store, actor).run(MergeEntries(keep, other))
        entry = store.registry.entry(keep)
    assert entry is not None
    click.echo(f"Merged entry {other} into {_shown(entry)} ({moved} mentions moved).")


@registry.command()
@click.argument("query")
@click.option("--kind", "kinds", multiple=True, help="Only entries of this kind (repeat).")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@click.pass_context
def find(ctx: click.Context, query: str, kinds: tuple[str, ...], limit: int) -> None:
    """Find entries by name or alias, fuzzily, best first (as the window's picker does)."""
    with _store(ctx) as store:
        index = NameIndex(store.registry.search_rows())
        for hit in index.filter(query, limit=limit, kinds=kinds or None):
            entry = store.registry.entry(hit.entry)
            assert entry is not None
            via = f"\t(as {hit.name})" if hit.alias else ""
            click.echo(f"{_shown(entry)}{via}\t{hit.score:.0f}")


@registry.command()
@click.argument("decisions", nargs=-1, metavar="[accept|reject ID...]")
@click.option("--method", type=click.Choice(["name", "alias", "surname", "fuzzy"]),
              help="Only proposals found this way (with accept or reject: all of them).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")
@by_option
@click.pass_context
def proposals(ctx: click.Context, decisions: tuple[str, ...], method: str | None,
              as_json: bool, actor: str) -> None:
    """List the open link proposals of `annotator link`, or accept or reject some.

    Example: annotator registry news.db proposals accept 3 4 7

    Example: annotator registry news.db proposals reject --method fuzzy
    """
    with _store(ctx) as store:
        if not decisions:
            for proposal in store.registry.proposals(method=method):
                span = store.annotations.span(proposal.span)
                entry = store.registry.entry(proposal.entry)
                assert span is not None and entry is not None
                article = store.annotations.article(span.article)
                record = {"id": proposal.id, "span": span.id, "text": span.text,
                          "label": span.label, "annotator": span.annotator,
                          "article": article.id if article else None, "entry": entry.id,
                          "entry_name": entry.name, "method": proposal.method,
                          "scope": proposal.scope, "score": round(proposal.score, 1)}
                click.echo(json.dumps(record, ensure_ascii=False) if as_json else
                           f"{proposal.id}\t{record['article']}\t{span.text!r} "
                           f"({span.label}) -> {entry.id} {entry.name}\t{proposal.method}, "
                           f"{proposal.scope}, {proposal.score:.0f}")
            return
        verb, *ids = decisions
        if verb not in ("accept", "reject"):
            raise click.BadParameter(f"{verb!r}: say accept or reject", param_hint="decision")
        try:
            chosen = [int(i) for i in ids]
        except ValueError:
            raise click.BadParameter("proposal ids are numbers") from None
        if not chosen and method is None:
            raise click.BadParameter("give proposal ids, or --method for all of a kind")
        if not chosen:
            chosen = [p.id for p in store.registry.proposals(method=method)]
        history = History(store, actor)
        with history.group(f"{verb.capitalize()} {len(chosen)} proposed links"):
            for proposal_id in chosen:
                history.run(DecideProposal(proposal_id, verb))
    click.echo(f"{'Accepted' if verb == 'accept' else 'Rejected'} {len(chosen)} proposed "
               "links.")


@click.command()
@store_argument
@_layers
@click.option("--accept-exact", is_flag=True,
              help="Link at once the mentions whose text is exactly one entry's name or "
                   "alias (and no other's); everything else stays a proposal.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@by_option
def link(store: Path, annotator: str | None, layer: str | None, accept_exact: bool,
         as_json: bool, actor: str) -> None:
    """Propose registry entries for entity mentions that link to none: by exact name or
    alias, by surname and by fuzzy match, within the article first, then corpus-wide.
    Nothing is linked unless --accept-exact; review the proposals with `annotator registry
    STORE proposals`. A run replaces the open proposals of the last; rejected ones are not
    made again.

    Example: annotator link news.db --accept-exact
    """
    chosen = _one_layer(annotator, layer)
    with _errors():
        opened = _open(store)
        with opened:
            summary = propose_links(opened, actor, chosen, accept_exact)
    click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) if as_json
               else summary.report())


@click.command()
@store_argument
@_layers
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def speakers(store: Path, annotator: str | None, layer: str | None, as_json: bool) -> None:
    """Every registry entry with its counts: mentions, quotes, claims, articles, outlets
    (the articles' meta `source`), and first and last date (meta `date`). Most quoted first.

    Example: annotator speakers news.db --layer gold --json
    """
    chosen = _one_layer(annotator, layer)
    with _errors():
        opened = _open(store)
        with opened:
            rows = speaker_rows(opened, chosen)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo("id\tname\tkind\tquotes\tclaims\tmentions\tarticles\toutlets\tfirst\tlast")
    for row in rows:
        click.echo("\t".join(str(value if value is not None else "") for value in (
            row["id"], row["name"], row["kind"], row.get("quotes", 0), row.get("claims", 0),
            row["mentions"], row["articles"], row["outlets"], row["first_date"],
            row["last_date"])))


@click.command()
@store_argument
@_layers
@click.option("--format", "fmt", type=click.Choice(QUOTE_FORMATS), default="jsonl",
              show_default=True)
@click.option("-o", "--output", default="-", show_default=True,
              help="The file to write; - for standard output.")
def quotes(store: Path, annotator: str | None, layer: str | None, fmt: str,
           output: str) -> None:
    """Every quote as a row: text, type, the speaker's entry (id, name, Wikidata id), the
    speaker mention's text, the article (id, title, source, date), offsets and annotator.
    Streamed: memory stays flat whatever the corpus.

    Example: annotator quotes news.db --layer gold --format csv -o quotes.csv
    """
    chosen = _one_layer(annotator, layer)
    refuse_overwriting(store, output)
    with _errors():
        opened = _open(store)
        with opened:
            if output == "-":
                count = write_quotes(opened, sys.stdout.buffer, fmt, chosen)
                sys.stdout.buffer.flush()
            else:
                try:
                    with open(output, "wb") as out:
                        count = write_quotes(opened, out, fmt, chosen)
                except OSError as exc:
                    raise click.FileError(output, exc.strerror) from None
    click.echo(f"Wrote {count} quotes{'' if output == '-' else ' to ' + output}.", err=True)

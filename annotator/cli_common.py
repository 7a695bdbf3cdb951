"""What the command line's commands share: the STORE argument, one-line errors and exit
statuses, and a progress bar on a terminal.

Exit status: 0 success, 1 bad data (a bad file, an unhealthy store), 2 bad usage.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from .core import AnnotatorError, Store

STORE_ARGUMENT_TYPE = click.Path(dir_okay=False, path_type=Path)
store_argument = click.argument("store", type=STORE_ARGUMENT_TYPE)


@contextmanager
def errors() -> Iterator[None]:
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


def open_store(path: Path) -> Store:
    return Store.open(path)


@contextmanager
def progress_bar(label: str, length: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on a terminal (standard error); nothing when output is piped."""
    if not sys.stderr.isatty() or length <= 0:
        yield None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield bar.update


def refuse_overwriting(store: Path, output: str) -> None:
    """An `-o` that names the store itself is refused before anything is written."""
    if output != "-" and Path(output).resolve() == store.resolve():
        raise click.BadParameter("the output would overwrite the store", param_hint="-o")

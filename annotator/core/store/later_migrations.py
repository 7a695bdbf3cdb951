"""Migrations after 0009, registered on the same `migrations` object as those of
migrations.py (which imports this module at its end, so they come after its own).

Never edit a migration that has shipped: add a new one here.
"""

from __future__ import annotations

from sqlite_utils import Database

from .migrations import migrations


@migrations(name="0010_span_meta")
def span_meta(db: Database) -> None:
    """`span_meta`: what a suggester noted about a span, a JSON object (the quote finder's
    `speaker_name`: the named person a pronoun speaker stands for), only for spans that have
    some. A table of its own rather than a column on `spans`, as `span_scores`: the spans
    table and its every read stay as they are (a store without meta reads and exports
    exactly as before), and it is no attribute, since attributes are the schema's and
    `check` holds them to it; it goes with its span."""
    db.execute("""CREATE TABLE span_meta (
        span INTEGER PRIMARY KEY REFERENCES spans (id) ON DELETE CASCADE,
        meta TEXT NOT NULL CHECK (json_valid(meta) AND json_type(meta) = 'object')
    )""")

"""The store's schema, as registered migrations applied in order when a store is opened.

Never edit a migration that has shipped: add a new one. A store made by any earlier version
then upgrades in place (tests/data holds a store made by the first version).

The CHECKs on `labels.kind` and `reviews.kind` list the kinds of core/kinds.py, those on
`layers.status` and `spans.origin` the values of core/model.py; tests/core/test_kinds.py
reads them from a new store and keeps the two equal. A new kind is a new migration.
"""

from __future__ import annotations

import json
import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from .rows import now
from .versions import MIGRATION_SET

migrations = Migrations(MIGRATION_SET)


@migrations(name="0001_initial")
def initial(db: Database) -> None:
    statements = [
        """CREATE TABLE labels (
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('entity', 'claim', 'quote')),
            color TEXT NOT NULL,
            key TEXT,
            description TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL
        )""",
        """CREATE TABLE relation_labels (
            name TEXT PRIMARY KEY,
            head TEXT NOT NULL DEFAULT '[]',
            child TEXT NOT NULL DEFAULT '[]',
            description TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL
        )""",
        """CREATE TABLE attributes (
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            "values" TEXT NOT NULL DEFAULT '[]',
            description TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL,
            PRIMARY KEY (kind, name)
        )""",
        """CREATE TABLE annotators (
            name TEXT PRIMARY KEY,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE articles (
            pk INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            meta TEXT NOT NULL DEFAULT '{}',
            imported_at TEXT NOT NULL
        )""",
        "CREATE INDEX articles_text_hash ON articles (text_hash)",
        """CREATE TABLE layers (
            article INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators (name) ON UPDATE CASCADE,
            status TEXT NOT NULL DEFAULT 'todo'
                CHECK (status IN ('todo', 'in progress', 'done', 'skipped')),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (article, annotator)
        ) WITHOUT ROWID""",
        "CREATE INDEX layers_annotator ON layers (annotator, status)",
        """CREATE TABLE spans (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article INTEGER NOT NULL,
            annotator TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL REFERENCES labels (name) ON UPDATE CASCADE,
            text TEXT NOT NULL,
            attrs TEXT NOT NULL DEFAULT '{}',
            origin TEXT NOT NULL DEFAULT 'manual'
                CHECK (origin IN ('manual', 'imported', 'suggested')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (0 <= start AND start < "end"),
            FOREIGN KEY (article, annotator) REFERENCES layers (article, annotator)
                ON DELETE CASCADE ON UPDATE CASCADE
        )""",
        'CREATE INDEX spans_layer ON spans (article, annotator, start, "end")',
        "CREATE INDEX spans_label ON spans (label)",
        """CREATE TABLE relations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            head INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
            child INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
            label TEXT NOT NULL REFERENCES relation_labels (name) ON UPDATE CASCADE,
            created_at TEXT NOT NULL,
            UNIQUE (head, child, label)
        )""",
        "CREATE INDEX relations_child ON relations (child)",
        """CREATE TABLE changes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            annotator TEXT,
            op TEXT NOT NULL,
            article INTEGER,
            detail TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX changes_article ON changes (article)",
    ]
    for statement in statements:
        db.execute(statement)


def known_names() -> set[str]:
    return {migration.name for migration in migrations._migrations}


@migrations(name="0002_search", transactional=False)
def search(db: Database) -> None:
    """Full-text search over titles and texts (FTS5, kept in step by triggers).

    Not transactional because enable_fts runs scripts (which commit); `replace=True` makes
    it safe to run again after an interruption: a half-made index is dropped and rebuilt.
    On an existing store this indexes every article once, when it is first opened.
    """
    db.table("articles").enable_fts(["title", "text"], fts_version="FTS5", create_triggers=True,
                                   tokenize="unicode61 remove_diacritics 2", replace=True)


@migrations(name="0003_article_order")
def article_order(db: Database) -> None:
    """A narrow index of the article keys: the window lists 100,000 articles from it in
    about 20 ms, where reading the keys from the articles table (whose rows hold the
    texts) takes 150 ms."""
    db.execute("CREATE INDEX articles_order ON articles (pk)")


@migrations(name="0004_review")
def review(db: Database) -> None:
    """What reviewers decide and say.

    `reviews`: one row per decision on a candidate (the spans annotators made over one stretch
    of text): accepted into the gold layer (`gold_span` with the bounds and label it was
    given, and whose version it was), rejected, or a span the reviewer added. `gold_span` is
    not a foreign key on purpose: undoing the deletion of a gold span brings it back under the
    same id, and its review with it.
    `comments`: a reviewer's note on an article (no range) or on a stretch of it (a span's
    bounds, so that it survives the span being merged in again under a new id).
    """
    db.execute("""CREATE TABLE reviews (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        article INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('entity', 'claim', 'quote')),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject', 'add')),
        label TEXT,
        gold_span INTEGER,
        sources TEXT NOT NULL DEFAULT '[]',
        reviewer TEXT NOT NULL,
        decided_at TEXT NOT NULL
    )""")
    db.execute('CREATE INDEX reviews_article ON reviews (article, kind, start, "end")')
    db.execute("CREATE INDEX reviews_gold_span ON reviews (gold_span)")
    db.execute("""CREATE TABLE comments (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        article INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
        start INTEGER,
        "end" INTEGER,
        author TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        CHECK ((start IS NULL AND "end" IS NULL) OR (0 <= start AND start < "end"))
    )""")
    db.execute('CREATE INDEX comments_article ON comments (article, start, "end")')


@migrations(name="0005_one_span_per_key")
def one_span_per_key(db: Database) -> None:
    """A layer holds at most one span with the same start, end and label (rules.py), now
    also enforced by the span index, made unique (it serves the same lookups).

    Exact copies already stored (same attributes too) are merged into the oldest: their
    relations and review decisions move to it, nothing is lost, and the change log says
    which spans went. Copies whose attributes differ are both kept (either may be the
    right one): the index then stays non-unique in that store, `annotator check` reports
    each pair, and every writer still refuses new copies.
    """
    conn = db.conn
    copies = conn.execute(
        "SELECT s.id, min(k.id) FROM spans s JOIN spans k ON k.article = s.article "
        'AND k.annotator = s.annotator AND k.start = s.start AND k."end" = s."end" '
        "AND k.label = s.label AND k.attrs = s.attrs AND k.id < s.id GROUP BY s.id").fetchall()
    for copy, kept in copies:
        conn.execute("UPDATE OR IGNORE relations SET head = ? WHERE head = ?", (kept, copy))
        conn.execute("UPDATE OR IGNORE relations SET child = ? WHERE child = ?", (kept, copy))
        conn.execute("DELETE FROM relations WHERE head = ? OR child = ?", (copy, copy))
        conn.execute("UPDATE reviews SET gold_span = ? WHERE gold_span = ?", (kept, copy))
        conn.execute("DELETE FROM spans WHERE id = ?", (copy,))
    if copies:
        conn.execute(
            "INSERT INTO changes (at, annotator, op, article, detail) "
            "VALUES (?, NULL, 'remove repeated spans', NULL, ?)",
            (now(), json.dumps({"removed": [copy for copy, _ in copies],
                         "kept": [kept for _, kept in copies]}),))
    differing = conn.execute(
        'SELECT 1 FROM spans GROUP BY article, annotator, start, "end", label '
        "HAVING count(*) > 1 LIMIT 1").fetchone()
    conn.execute("DROP INDEX IF EXISTS spans_layer")
    conn.execute(("CREATE INDEX" if differing else "CREATE UNIQUE INDEX")
                 + ' spans_layer ON spans (article, annotator, start, "end", label)')


@migrations(name="0006_suggestions")
def suggestions(db: Database) -> None:
    """Suggestion layers and what annotators decided about their suggestions.

    `suggestion_layers`: the layers `annotator suggest` wrote (a name is a suggestion layer
    only once registered here, so a person's own layer is never mistaken for one), with the
    sources of the last run.
    `suggestion_decisions`: one row per suggestion an annotator accepted (`span`: the copy in
    the annotator's layer) or rejected, keyed by the suggestion's bounds and label rather
    than its span id, so a decision survives the layer being filled again by a later run and
    a rejected suggestion stays hidden when proposed again. `span` is not a foreign key, as
    in `reviews`: undoing the deletion of the copy brings it back under the same id.
    """
    db.execute("""CREATE TABLE suggestion_layers (
        name TEXT PRIMARY KEY,
        sources TEXT NOT NULL DEFAULT '[]',
        made_at TEXT NOT NULL
    )""")
    db.execute("""CREATE TABLE suggestion_decisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        article INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
        annotator TEXT NOT NULL,
        layer TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        label TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject')),
        span INTEGER,
        decided_at TEXT NOT NULL
    )""")
    db.execute("CREATE INDEX suggestion_decisions_layer ON suggestion_decisions "
               "(article, annotator, layer)")
    db.execute("CREATE INDEX suggestion_decisions_span ON suggestion_decisions (span)")


@migrations(name="0007_mention_kind", transactional=False)
def mention_kind(db: Database) -> None:
    """The `mention` kind (core/kinds.py: a claim's source or a quote's speaker that is not a
    name, left out of the NER exports), and relation labels a head may use several times.

    SQLite cannot alter a CHECK, so `labels` and `reviews` are rebuilt with the wider one,
    spelled out, their rows, positions and ids kept. `spans.label` points at `labels`, so
    foreign keys are off while it moves (which only works outside a transaction: hence a
    migration of its own transaction, which does nothing when run a second time) and checked
    before the commit. `relation_labels.several`: 1 where a head may have several links of
    the label (a claim's sources), 0 where a new link replaces the old (a quote's speaker);
    the default schema's `SOURCE` (head `claim`) takes several, and its `SPEAKER` and
    `SOURCE` as shipped before take a mention as their child (no store has one yet).
    """
    conn = db.conn
    (labels_sql,) = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'labels'").fetchone()
    if "'mention'" in labels_sql:
        return  # done: the record of it was lost (a crash just after the commit)
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            _widen_kind_checks(conn)
            problems = conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"foreign keys broken by the upgrade: {problems[:3]}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


def _widen_kind_checks(conn: sqlite3.Connection) -> None:
    conn.execute("""CREATE TABLE labels_new (
        name TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('entity', 'claim', 'quote', 'mention')),
        color TEXT NOT NULL,
        key TEXT,
        description TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL
    )""")
    conn.execute("INSERT INTO labels_new (name, kind, color, key, description, position) "
                 "SELECT name, kind, color, key, description, position FROM labels")
    conn.execute("DROP TABLE labels")
    conn.execute("ALTER TABLE labels_new RENAME TO labels")
    conn.execute("""CREATE TABLE reviews_new (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        article INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('entity', 'claim', 'quote', 'mention')),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject', 'add')),
        label TEXT,
        gold_span INTEGER,
        sources TEXT NOT NULL DEFAULT '[]',
        reviewer TEXT NOT NULL,
        decided_at TEXT NOT NULL
    )""")
    conn.execute('INSERT INTO reviews_new SELECT id, article, kind, start, "end", decision, '
                 "label, gold_span, sources, reviewer, decided_at FROM reviews")
    conn.execute("DROP TABLE reviews")
    conn.execute("ALTER TABLE reviews_new RENAME TO reviews")
    conn.execute('CREATE INDEX reviews_article ON reviews (article, kind, start, "end")')
    conn.execute("CREATE INDEX reviews_gold_span ON reviews (gold_span)")
    conn.execute("ALTER TABLE relation_labels ADD COLUMN several INTEGER NOT NULL DEFAULT 0")
    conn.execute("""UPDATE relation_labels SET several = 1
                    WHERE name = 'SOURCE' AND head = '["claim"]'""")
    # the default schema's SPEAKER and SOURCE, as shipped before, take a mention too
    conn.execute("""UPDATE relation_labels SET child = '["entity", "mention"]'
                    WHERE name IN ('SPEAKER', 'SOURCE') AND child = '["entity"]'
                    AND head IN ('["quote"]', '["claim"]')""")


# The default schema's entry attributes, given to a store made before the registry when it
# has the labels they are for (a store made since gets its schema's own).
_DEFAULT_ENTRY_ATTRIBUTES = (
    ("gender", ["woman", "man", "non-binary", "unknown"], ["PERSON"],
     "The person's gender as publicly stated; unknown when it is not."),
    ("role", ["official", "politician", "expert", "spokesperson", "journalist", "witness",
              "citizen", "other"], ["PERSON"],
     "The capacity in which the person is usually quoted."),
)


@migrations(name="0008_registry")
def registry(db: Database) -> None:
    """The registry of the people and organisations across the corpus, and the links of
    entity spans to its entries.

    `entries`: one row per person or organisation: its name, its kind (an entity label of
    the schema), its other names (`aliases`, a JSON list), a description, an optional
    Wikidata id (one entry per id) and its attributes (JSON, as `entry_attributes` allows).
    `entry_links`: an entity span's entry (one at most per span; it goes with the span).
    `link_proposals`: what `annotator link` proposed for an unlinked span, and what was
    decided; a rejected proposal is not made again.
    `entry_attributes`: the schema's attributes for entries, like `attributes` for spans.
    """
    db.execute("""CREATE TABLE entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        kind TEXT NOT NULL REFERENCES labels (name) ON UPDATE CASCADE,
        aliases TEXT NOT NULL DEFAULT '[]',
        description TEXT NOT NULL DEFAULT '',
        wikidata TEXT UNIQUE CHECK (wikidata IS NULL OR (wikidata GLOB 'Q[1-9]*'
            AND NOT substr(wikidata, 2) GLOB '*[^0-9]*')),
        attrs TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""")
    db.execute("CREATE INDEX entries_name ON entries (name, kind)")
    db.execute("""CREATE TABLE entry_links (
        span INTEGER PRIMARY KEY REFERENCES spans (id) ON DELETE CASCADE,
        entry INTEGER NOT NULL REFERENCES entries (id),
        linked_at TEXT NOT NULL
    )""")
    db.execute("CREATE INDEX entry_links_entry ON entry_links (entry)")
    db.execute("""CREATE TABLE link_proposals (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        span INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
        entry INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        method TEXT NOT NULL CHECK (method IN ('name', 'alias', 'surname', 'fuzzy')),
        scope TEXT NOT NULL CHECK (scope IN ('article', 'corpus')),
        score REAL NOT NULL,
        decision TEXT CHECK (decision IN ('accept', 'reject')),
        decided_by TEXT,
        made_at TEXT NOT NULL,
        decided_at TEXT,
        UNIQUE (span, entry)
    )""")
    db.execute("CREATE INDEX link_proposals_entry ON link_proposals (entry)")
    db.execute("""CREATE TABLE entry_attributes (
        name TEXT PRIMARY KEY,
        "values" TEXT NOT NULL DEFAULT '[]',
        kinds TEXT NOT NULL DEFAULT '[]',
        description TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL
    )""")
    labels = {row[0] for row in db.execute(
        "SELECT name FROM labels WHERE kind = 'entity'").fetchall()}
    for position, (name, values, kinds, description) in enumerate(_DEFAULT_ENTRY_ATTRIBUTES):
        if set(kinds) <= labels:
            db.execute('INSERT INTO entry_attributes (name, "values", kinds, description, '
                       "position) VALUES (?, ?, ?, ?, ?)",
                       (name, json.dumps(values), json.dumps(kinds), description, position))


@migrations(name="0009_span_scores")
def span_scores(db: Database) -> None:
    """`span_scores`: a model's confidence in a suggested span (spaCy's spancat gives one per
    span), 0 to 1. A table of its own rather than an attribute: attributes are the schema's
    and checked against it, a score is the suggester's; it goes with its span."""
    db.execute("""CREATE TABLE span_scores (
        span INTEGER PRIMARY KEY REFERENCES spans (id) ON DELETE CASCADE,
        score REAL NOT NULL CHECK (score >= 0 AND score <= 1)
    )""")


# Later migrations live in a module of their own (this file is long enough); imported last,
# so that they are registered after 0009.
from . import later_migrations  # noqa: E402, F401

"""Migration 0005: one span per bounds and label in a layer, enforced by a unique index; a
store that holds copies still opens (exact copies merged, differing ones kept, reported)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.core import Store, default_schema
from annotator.core.io.importing import text_hash
from annotator.core.store.versions import MIGRATION_NAMES, MIGRATIONS_TABLE

V1_STORE = Path(__file__).parent.parent / "data" / "store-v1.db"
TEXT = "“No,” said Zarif in Tehran."
NOW = "2026-01-01T00:00:00.000+00:00"


def as_before_0005(path: Path, spans: list[tuple[int, int, str, str]],
                   relations: list[tuple[int, int]]) -> None:
    """A store as version 0004 left it, holding `spans` (id, start, end, label, attrs) of
    alice on one article, and SPEAKER `relations` between span ids."""
    Store.create(path, default_schema()).close()
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX spans_layer")
    conn.execute('CREATE INDEX spans_layer ON spans (article, annotator, start, "end")')
    conn.execute(f"DELETE FROM {MIGRATIONS_TABLE} WHERE name = '0005_one_span_per_key'")
    conn.execute("INSERT INTO articles (pk, id, title, text, text_hash, imported_at) "
                 "VALUES (1, 'a', '', ?, ?, ?)", (TEXT, text_hash(TEXT), NOW))
    conn.execute("INSERT INTO annotators VALUES ('alice', ?)", (NOW,))
    conn.execute("INSERT INTO layers VALUES (1, 'alice', 'done', ?)", (NOW,))
    for span_id, start, end, label, attrs in spans:
        conn.execute('INSERT INTO spans (id, article, annotator, start, "end", label, text, '
                     "attrs, created_at, updated_at) VALUES (?, 1, 'alice', ?, ?, ?, ?, ?, ?, ?)",
                     (span_id, start, end, label, TEXT[start:end], attrs, NOW, NOW))
    for head, child in relations:
        conn.execute("INSERT INTO relations (head, child, label, created_at) "
                     "VALUES (?, ?, 'SPEAKER', ?)", (head, child, NOW))
    conn.commit()
    conn.close()


def test_exact_copies_are_merged_into_the_oldest_with_their_links(tmp_path):
    path = tmp_path / "old.db"
    as_before_0005(path, [(1, 0, 5, "QUOTE", "{}"), (2, 11, 16, "PERSON", "{}"),
                          (3, 11, 16, "PERSON", "{}"), (4, 0, 5, "QUOTE", "{}")],
                   [(4, 3), (1, 2)])
    with Store.open(path) as store:
        assert [s.id for s in store.annotations.spans(1, "alice")] == [1, 2]
        assert [(r.head, r.child) for r in store.annotations.relations(1)] == [(1,
                                                                                2)]  # one, not two
        assert store.reports.check() == []
        sql = store.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'spans_layer'")
        assert "UNIQUE" in sql.fetchone()[0]
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute('INSERT INTO spans (article, annotator, start, "end", label, '
                               "text, created_at, updated_at) VALUES (1, 'alice', 11, 16, "
                               "'PERSON', 'Zarif', '', '')")
        (log,) = store.conn.execute("SELECT detail FROM changes WHERE op = "
                                    "'remove repeated spans'").fetchall()
        assert '"removed": [3, 4]' in log[0]


def test_copies_with_different_attributes_are_kept_and_reported(tmp_path):
    path = tmp_path / "old.db"
    as_before_0005(path, [(1, 0, 5, "QUOTE", '{"type": "direct"}'),
                          (2, 0, 5, "QUOTE", '{"type": "indirect"}')], [])
    with Store.open(path) as store:
        assert [s.attrs for s in store.annotations.spans(1, "alice")] == [{"type": "direct"},
                                                              {"type": "indirect"}]
        assert any("span 2 of article a: repeats span 1" in p for p in store.reports.check())


def test_the_first_version_store_still_upgrades(tmp_path):
    path = tmp_path / "v1.db"
    shutil.copy(V1_STORE, path)
    with Store.open(path) as store:
        assert store.schema_version == MIGRATION_NAMES[-1]  # every migration, 0006 too
        assert store.reports.check() == []
        assert store.suggestions.suggestion_layers() == {}
        assert store.reports.stats()["suggestions"] == {}

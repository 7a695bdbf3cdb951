"""The health check finds each kind of damage it promises to find."""

from __future__ import annotations

import pytest
from conftest import write_jsonl

from annotator.core import import_files


@pytest.fixture
def filled(store, tmp_path):
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", [{
        "id": "a", "text": "“No,” said Zarif in Tehran.", "annotator": "alice",
        "spans": [{"start": 0, "end": 5, "label": "QUOTE"},
                  {"start": 11, "end": 16, "label": "PERSON"},
                  {"start": 20, "end": 26, "label": "GPE"}],
        "relations": [{"head": 0, "child": 1, "label": "SPEAKER"}]},
        {"id": "b", "text": "Other text.", "annotator": "bob",
         "spans": [{"start": 0, "end": 5, "label": "ORG"}]}])])
    assert store.reports.check() == []
    return store


def tamper(store, sql: str) -> None:
    store.conn.execute("PRAGMA foreign_keys = OFF")
    for statement in sql.split("; "):
        store.conn.execute(statement)
    store.conn.execute("PRAGMA foreign_keys = ON")


@pytest.mark.parametrize(("sql", "expected"), [
    ('UPDATE spans SET "end" = 99 WHERE label = \'GPE\'', "is not a non-empty stretch of the text"),
    ("UPDATE spans SET text = 'Zarif ' WHERE label = 'PERSON'",
     "stored text 'Zarif ' but the article has 'Zarif' at 11-16"),
    ("UPDATE spans SET start = 12 WHERE label = 'PERSON'", "stored text 'Zarif' but"),
    # a span stored before spans were trimmed: 'Zarif ' with its space
    ("UPDATE spans SET \"end\" = 17, text = 'Zarif ' WHERE label = 'PERSON'",
     "'Zarif ' starts or ends with whitespace"),
    ("UPDATE relations SET child = (SELECT id FROM spans WHERE annotator = 'bob')",
     "only spans of the same article and annotator can be linked"),
    # every rule of the rulebook, broken by hand
    ("UPDATE spans SET attrs = '{\"type\": \"direct\"}' WHERE label = 'PERSON'",
     "an entity has no attribute 'type'"),
    ("UPDATE spans SET attrs = '{\"type\": \"shouted\"}' WHERE label = 'QUOTE'",
     "type of a quote must be one of"),
    # (a store upgraded with copies whose attributes differ keeps a non-unique index)
    (("DROP INDEX spans_layer; CREATE INDEX spans_layer ON spans (article, annotator, start); "
     "INSERT INTO spans (article, annotator, start, \"end\", label, text, created_at, "
     "updated_at) SELECT article, annotator, start, \"end\", label, text, created_at, "
     "updated_at FROM spans WHERE label = 'GPE'"), "the layer already has a GPE span at 20-26"),
    ("UPDATE relations SET child = head", "a span cannot be linked to itself"),
    ("UPDATE relations SET label = 'LIKES'", "relation 'LIKES' is not in the schema"),
    (("UPDATE relations SET child = (SELECT id FROM spans WHERE label = 'GPE'), "
     "head = (SELECT id FROM spans WHERE label = 'PERSON')"),
     "SPEAKER cannot go from PERSON (entity) to GPE (entity)"),
    ("UPDATE spans SET label = 'GHOST' WHERE label = 'ORG'", "label 'GHOST' is not in the schema"),
    (("INSERT INTO annotators VALUES ('gold', ''); UPDATE layers SET annotator = 'gold' "
     "WHERE annotator = 'bob'; UPDATE spans SET annotator = 'gold' WHERE annotator = 'bob'"),
     "in the gold layer without a review decision"),
    ("UPDATE articles SET text = 'changed' || text WHERE id = 'b'",
     "article b: its text no longer matches its hash"),
    ("UPDATE spans SET label = 'GHOST' WHERE label = 'ORG'",
     "foreign key: a row of spans points to a missing labels row"),
    (("UPDATE articles SET text = replace(text, ' ', char(13)), text_hash = 'x' "
     "WHERE id = 'b'"), "not canonical"),
])
def test_check_reports_damage(filled, sql, expected):
    tamper(filled, sql)
    problems = filled.reports.check()
    assert any(expected in p for p in problems), problems

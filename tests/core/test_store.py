"""Opening, creating and upgrading stores; refusing files that are not stores."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.core import Store, StoreError, default_schema
from annotator.core.store.migrations import known_names

V1_STORE = Path(__file__).parent.parent / "data" / "store-v1.db"


def test_create_then_open(tmp_path):
    path = tmp_path / "news.db"
    Store.create(path, default_schema()).close()
    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert [label.name for label in store.schema.labels] == [
            "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "CLAIM", "QUOTE", "MENTION"]
        assert store.schema_version == max(known_names())


def test_create_refuses_an_existing_file(tmp_path):
    path = tmp_path / "news.db"
    path.write_text("my notes")
    with pytest.raises(StoreError, match="already exists"):
        Store.create(path, default_schema())
    assert path.read_text() == "my notes"


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is an empty file, not an Annotator store"),
    (b"hello, this is a text file" * 10, "is not an Annotator store (not an SQLite database)"),
])
def test_open_refuses_non_stores_untouched(tmp_path, content, message):
    path = tmp_path / "file.db"
    path.write_bytes(content)
    with pytest.raises(StoreError) as raised:
        Store.open(path)
    assert str(raised.value) == f"{path} {message}"
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.db"]


def test_open_refuses_other_sqlite_databases_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="an SQLite database but not an Annotator store"):
        Store.open(path)
    assert path.read_bytes() == before


def test_open_missing_file_and_folder(tmp_path):
    with pytest.raises(StoreError, match=r"no store at .* annotator init"):
        Store.open(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(tmp_path)


def test_open_refuses_a_damaged_store_untouched(tmp_path):
    path = tmp_path / "damaged.db"
    shutil.copy(V1_STORE, path)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xee" * (4096 - 100)  # the schema page
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="is damaged"):
        Store.open(path)
    assert path.read_bytes() == bytes(data)


def test_open_refuses_a_store_from_a_newer_version(tmp_path):
    path = tmp_path / "new.db"
    shutil.copy(V1_STORE, path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('annotator', '9999_future', 'x')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer version of Annotator"):
        Store.open(path)


def test_first_version_store_opens_and_upgrades_without_loss(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(V1_STORE, path)
    with Store.open(path) as store:
        assert store.schema_version == max(known_names())
        assert store.reports.check() == []
        zarif = store.annotations.article_by_id("v1-zarif")
        assert zarif.text.startswith("“We will respond,” Zarif said in Tehran 🇮🇷.\nقاسم")
        assert zarif.meta == {"source": "wire", "published": "2020-01-04"}
        assert store.annotations.layers(zarif.pk) == {"alice": "done", "bob": "done"}
        bob = store.annotations.spans(zarif.pk, "bob")
        assert [(s.start, s.end, s.label, s.text, s.attrs) for s in bob] == [
            (0, 18, "QUOTE", "“We will respond,”", {"type": "direct"}),
            (19, 24, "PERSON", "Zarif", {}), (33, 39, "GPE", "Tehran", {})]
        assert [(r.head, r.child, r.label) for r in store.annotations.relations(zarif.pk,
                                                                                "bob")] == [
            (bob[0].id, bob[1].id, "SPEAKER")]
        assert len(store.annotations.spans(zarif.pk, "alice")) == 2
        assert store.annotations.article_by_id("v1-plain").text.endswith("👨‍👩‍👧")
        assert [e["op"] for e in store.changes.change_log()][-1] == "import"
        assert store.reports.stats()["spans"] == 5


def test_transaction_rolls_back_everything_on_error(store):
    with pytest.raises(RuntimeError), store.transaction():  # noqa: PT012 (a failure inside the block)
        store.annotations.ensure_annotator("ghost")
        raise RuntimeError
    assert store.annotations.annotators() == []


def test_nested_transaction_is_a_savepoint(store):
    with store.transaction():
        store.annotations.ensure_annotator("kept")
        with pytest.raises(RuntimeError), store.transaction():  # noqa: PT012 (a failure inside the block)
            store.annotations.ensure_annotator("dropped")
            raise RuntimeError
    assert store.annotations.annotators() == ["kept"]


def test_schema_from_toml(tmp_path):
    from annotator.core import load_schema
    from annotator.core.errors import DataError

    good = tmp_path / "s.toml"
    good.write_text('[[labels]]\nname = "DRUG"\nkind = "entity"\nkey = "d"\ncolor = "#112233"\n'
                    '[[relations]]\nname = "TREATS"\nhead = ["DRUG"]\nchild = ["entity"]\n',
                    "utf-8")
    schema = load_schema(good)
    assert schema.label("DRUG").key == "d" and schema.relation("TREATS").head == ("DRUG",)
    bad = tmp_path / "bad.toml"
    bad.write_text('[[labels]]\nname = "A"\nkey = "z"\n[[labels]]\nname = "B"\nkey = "z"\n',
                   "utf-8")
    with pytest.raises(DataError, match="share the key 'z'"):
        load_schema(bad)
    broken = tmp_path / "broken.toml"
    broken.write_text("[[labels]\n", "utf-8")
    with pytest.raises(DataError, match="not valid TOML"):
        load_schema(broken)


def test_default_schema_is_complete():
    schema = default_schema()
    kinds = {label.name: label.kind for label in schema.labels}
    assert kinds["CLAIM"] == "claim" and kinds["QUOTE"] == "quote"
    assert all(label.key and label.description for label in schema.labels)
    assert len({label.color for label in schema.labels}) == len(schema.labels)
    assert {r.name for r in schema.relations} == {"SPEAKER", "SOURCE"}
    assert schema.attributes_for("quote")[0].values == ("direct", "indirect", "partial")
    assert schema.attributes_for("claim")[0].values == ("yes", "no")


def test_schema_changes_roll_back_with_their_transaction(store):
    from annotator.core.schema import Schema

    with pytest.raises(RuntimeError), store.transaction():  # noqa: PT012 (a failure inside the block)
        store.replace_schema(Schema())
        assert store.schema.labels == ()
        raise RuntimeError
    assert len(store.schema.labels) == 10 and len(store.schema.attributes) == 2


def test_the_list_of_migration_names_matches_the_registered_migrations():
    from annotator.core.store.versions import MIGRATION_NAMES
    assert sorted(known_names()) == list(MIGRATION_NAMES)


def test_opening_an_up_to_date_store_does_not_load_sqlite_utils(store_path):
    import subprocess
    import sys
    code = ("import sys; from annotator.core.store import Store; "
            f"s = Store.open({str(store_path)!r}); s.browse.article_keys('a'); s.close(); "
            "print('sqlite_utils' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"

"""The registry in the store: migration 0008, the schema's entry attributes from TOML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.core import DataError, Store, default_schema
from annotator.core.schema import parse_schema

V1_STORE = Path(__file__).parent.parent / "data" / "store-v1.db"

LABELS = """
[[labels]]
name = "PER"
kind = "entity"
[[labels]]
name = "ORG"
kind = "entity"
[[labels]]
name = "QUOTE"
kind = "quote"
"""


def test_a_store_from_before_the_registry_upgrades_with_the_default_attributes(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(V1_STORE, path)
    with Store.open(path) as store:
        assert "0008_registry" in store._applied()
        assert [a.name for a in store.schema.entry_attributes] == ["gender", "role"]
        assert store.registry.entry_count() == 0


def test_the_default_schema_offers_gender_and_role_for_people():
    schema = default_schema()
    assert [(a.name, a.kinds) for a in schema.entry_attributes] == [
        ("gender", ("PERSON",)), ("role", ("PERSON",))]
    assert schema.entry_attributes_for("ORG") == ()
    assert schema.entity_labels() == ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT")


def test_a_labels_file_defines_its_own_entry_attributes(tmp_path):
    schema = parse_schema(LABELS + """
[[entry_attributes]]
name = "affiliation"
values = ["government", "opposition", "independent"]
kinds = ["PER", "ORG"]

[[entry_attributes]]
name = "country"
""", "news.toml")
    assert [(a.name, a.values, a.kinds) for a in schema.entry_attributes] == [
        ("affiliation", ("government", "opposition", "independent"), ("PER", "ORG")),
        ("country", (), ())]
    path = tmp_path / "s.db"
    with Store.create(path, schema):
        pass
    with Store.open(path) as store:  # stored with the schema, read back
        assert store.schema.entry_attributes == schema.entry_attributes


@pytest.mark.parametrize(("toml", "message"), [
    ('[[entry_attributes]]\nname = "side"\nkinds = ["QUOTE"]',
     ("news.toml: entry attribute side: 'QUOTE' is not an entity label of the schema "
     "(entity labels: PER, ORG)")),
    ('[[entry_attributes]]\nname = "side"\nkinds = ["PERSON"]',
     "'PERSON' is not an entity label of the schema"),
    ('[[entry_attributes]]\nname = "side"\n[[entry_attributes]]\nname = "side"',
     "entry attribute side is defined twice"),
    ('[[entry_attributes]]\nname = "side"\nvalues = "a"\nvalue = ["b"]',
     "entry_attributes entry 1 (side): unknown field 'value'"),
    ('[[entry_attributes]]\nname = "side"\nvalues = [1, 2]',
     "side.values must be a list of strings"),
    ('[[entry_attributes]]\nname = "two words"', "'two words' must be 1-64 characters"),
    ("entry_attributes = 3", "entry_attributes must be a list of [[entry_attributes]] tables"),
])
def test_bad_entry_attributes_get_one_clear_line(toml, message):
    with pytest.raises(DataError) as caught:
        # a bare key goes before the tables (after them it would be a label's)
        parse_schema(toml + "\n" + LABELS if toml.startswith("entry_attributes =")
                     else LABELS + toml, "news.toml")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)

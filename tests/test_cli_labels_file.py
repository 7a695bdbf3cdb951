"""`annotator init --labels FILE`: a label file of the wrong shape, or with keys the window
needs for itself, is refused with one line naming the file and the entry."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from annotator.cli import cli


def init(tmp_path, toml: str):
    labels = tmp_path / "labels.toml"
    labels.write_text(toml, "utf-8")
    store = tmp_path / "news.db"
    result = CliRunner().invoke(cli, ["init", str(store), "--labels", str(labels)])
    return result, labels, store


@pytest.mark.parametrize(("toml", "says"), [
    ('labels = "nope"\n', "labels must be a list of [[labels]] tables, not 'nope'"),
    ('labels = ["PERSON"]\n', "labels entry 1 must be a [[labels]] table, not 'PERSON'"),
    ("labels = 3\n", "labels must be a list of [[labels]] tables, not 3"),
    ("attributes = [1]\n", "attributes entry 1 must be a [[attributes]] table, not 1"),
    ('attributes = "x"\n', "attributes must be a list of [[attributes]] tables"),
    ('relations = ["SAID"]\n', "relations entry 1 must be a [[relations]] table, not 'SAID'"),
    ("relations = {name = 'SAID'}\n", "relations must be a list of [[relations]] tables"),
    ('[[labels]]\nname = "A1"\n[[labels]]\nname = "PERSON"\nkey = 1\n',
     "labels entry 2 (PERSON): key must be a string, not 1"),
    ('[[relations]]\nname = "SAID"\nhead = [1]\n',
     "relations entry 1 (SAID): SAID.head must be a list of strings"),
])
def test_a_label_file_of_the_wrong_shape_is_refused_in_one_line(tmp_path, toml, says):
    result, labels, store = init(tmp_path, toml)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.startswith(f"Error: {labels}: ")
    assert says in result.stderr
    assert result.stderr.count("\n") == 1
    assert not store.exists()


@pytest.mark.parametrize("key", ["s", "a", "b", "m", "j", "k", "x", "1", "9", "S"])
def test_a_label_key_the_window_uses_is_refused_with_the_taken_keys(tmp_path, key):
    result, _labels, store = init(
        tmp_path, f'[[labels]]\nname = "SOURCE"\nkey = "{key}"\ncolor = "#112233"\n')
    assert result.exit_code == 1, result.output
    assert f"label SOURCE: key {key!r} is taken by a command of the window" in result.stderr
    assert "taken keys: 1, 2, 3, 4, 5, 6, 7, 8, 9, a, b, j, k, m, s, x" in result.stderr
    assert not store.exists()


def test_two_labels_sharing_a_key_are_refused(tmp_path):
    result, _, store = init(tmp_path, '[[labels]]\nname = "DRUG"\nkey = "d"\n'
                                      '[[labels]]\nname = "DATE"\nkey = "D"\n')
    assert result.exit_code == 1
    assert "labels DRUG and DATE share the key 'D'" in result.stderr
    assert not store.exists()


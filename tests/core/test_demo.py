"""The demo store made from the packaged sample articles."""

from __future__ import annotations

import sys

import pytest
import regex

from annotator.core import Store
from annotator.core.demo import default_store_path, ensure_demo_store


def test_demo_store_is_made_once_and_is_healthy(tmp_path):
    path, created = ensure_demo_store(tmp_path / "demo.db")
    assert created and path.exists()
    assert not (tmp_path / "demo.db.part").exists()
    again, created = ensure_demo_store(path)
    assert again == path and not created
    with Store.open(path) as store:
        assert store.reports.check() == []
        texts = [store.annotations.article(pk).text for pk in store.annotations.article_pks()]
    assert len(texts) >= 6
    assert max(len(t) for t in texts) >= 50_000
    everything = "\n".join(texts)
    assert regex.search(r"\p{Arabic}", everything)
    assert "“" in everything and '"' in everything and "\u00a0" in everything
    assert "👨\u200d👩\u200d👧" in everything and "🇫🇷" in everything


@pytest.mark.skipif(sys.platform != "linux", reason="XDG folders are Linux's")
def test_default_path_is_in_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_store_path() == tmp_path / "annotator" / "demo.db"

"""File → Import… and File → Merge stores… with a registry file chosen among the files: a
colleague's news.jsonl and registry.jsonl (`annotator export`, `export --registry`) come in
with every speaker's link to the registry; the registry file is told by its content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from registry_data import build, export_with_registry

from annotator.core import Store, default_schema

from .conftest import answer_next_dialog

REFUSED = ("2 registry files chosen (registry.jsonl, more.jsonl): choose the one the other "
           "files were exported with (nothing was stored)")
IMPORT_LEFT_OUT = ("Left out (not held by the store): links to registry entries (to keep "
                   "them, import the registry file written by export --registry with the "
                   "files: choose it with them in the window, or give --with-registry "
                   "REGISTRY.jsonl): 4.")
MERGE_LEFT_OUT = ("Links to registry entries left out: 4 (a JSONL source's entry ids name a "
                  "registry it does not carry: merge the store itself, or the file with the "
                  "registry file written by export --registry, chosen with it in the window "
                  "or given with --with-registry REGISTRY.jsonl; or the entry matched is of a "
                  "kind the span cannot link to).")
MORE = {"id": 9, "name": "Ali Larijani", "kind": "PERSON", "wikidata": "Q312222"}


@pytest.fixture
def sent(tmp_path: Path) -> tuple[Path, Path, set]:
    """news.jsonl and registry.jsonl as a colleague sends them, written by the project's own
    export of alice's store (registry_data.py); and alice's links by span."""
    folder = tmp_path / "sent"
    folder.mkdir()
    with Store.create(tmp_path / "colleague.db", default_schema()) as store:
        build(store, tmp_path)
        news, registry = export_with_registry(store, folder)
        return news, registry, links(store)


def links(store: Store) -> set[tuple[str, str, int, int, str]]:
    """(article, span text, start, end, the linked entry's name) over alice's layer."""
    found = set()
    for article in ("a1", "a2", "a3"):
        known = store.annotations.article_by_id(article)
        for span in (store.annotations.spans(known.pk, "alice") if known else ()):
            entry = store.registry.linked_entry(span.id)
            if entry is not None:
                found.add((article, span.text, span.start, span.end,
                           store.registry.entry(entry).name))
    return found


@pytest.fixture
def fresh(open_window, tmp_path):
    """The window, as alice, on a new empty store."""
    path = tmp_path / "fresh.db"
    Store.create(path, default_schema()).close()
    window = open_window(path, annotator="alice")
    yield window, path
    window.controller.close_store()


def answered(do) -> str:
    """What the message box that ends an import or a merge says, after `do()`."""
    seen: list[str] = []
    answer_next_dialog(lambda box: (seen.append(box.text()), box.accept()), kind=QMessageBox)
    do()
    [text] = seen
    return text


def stored(path: Path) -> tuple[int, int, set]:
    """Articles and registry entries in the store file, and alice's links."""
    with Store.open(path) as store:
        return (len(list(store.annotations.article_pks())), store.registry.entry_count(),
                links(store))


def entries_in_span_list(window) -> list[str]:
    """The span list's last column as shown: a linked span reads "entry: NAME"."""
    model = window.span_list.model()
    return [model.index(row, 2).data() for row in range(model.rowCount())]


def second_registry(tmp_path: Path) -> Path:
    path = tmp_path / "more.jsonl"
    path.write_text(json.dumps(MORE) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["import_paths", "merge_paths"])
def test_articles_chosen_with_their_registry_keep_every_link(fresh, sent, command):
    window, path = fresh
    news, registry, before = sent
    report = answered(lambda: getattr(window, command)([registry, news]))  # in any order
    assert report.splitlines()[0] == ("Registry file: registry.jsonl (the registry the other "
                                      "files' spans name).")
    assert "Registry: 3 entries added, 0 already here" in report
    assert "Mentions linked to registry entries: 4." in report
    assert "Left out" not in report and "left out" not in report
    articles, entries, after = stored(path)
    assert (articles, entries) == (3, 3)
    assert after == before and len(after) == 4
    # the first article is open, its speaker's entry shown in the span list
    assert window.controller.state.article.id == "a1"
    assert "entry: Mohammad Javad Zarif" in " | ".join(entries_in_span_list(window))


@pytest.mark.parametrize(("command", "said"), [("import_paths", IMPORT_LEFT_OUT),
                                               ("merge_paths", MERGE_LEFT_OUT)])
def test_without_the_registry_the_report_says_how_to_keep_the_links(fresh, sent, command,
                                                                     said):
    window, path = fresh
    news, _, _ = sent
    report = answered(lambda: getattr(window, command)([news]))
    assert said in report.splitlines()
    assert stored(path)[1:] == (0, set())


@pytest.mark.parametrize("command", ["import_paths", "merge_paths"])
def test_a_registry_file_alone_is_imported_as_a_registry(fresh, sent, tmp_path, command):
    window, path = fresh
    _, registry, _ = sent
    report = answered(lambda: getattr(window, command)([registry]))
    assert report == (f"{registry}: Registry: 3 entries added, 0 already here (0 given new "
                      "names or values).")
    assert stored(path) == (0, 3, set())
    more = second_registry(tmp_path)
    both = answered(lambda: getattr(window, command)([registry, more]))
    assert both.splitlines() == [
        f"{registry}: Registry: 0 entries added, 3 already here (0 given new names or values).",
        f"{more}: Registry: 1 entry added, 0 already here (0 given new names or values)."]
    assert stored(path) == (0, 4, set())


@pytest.mark.parametrize("command", ["import_paths", "merge_paths"])
def test_two_registry_files_with_articles_are_refused(fresh, sent, tmp_path, command):
    window, path = fresh
    news, registry, _ = sent
    more = second_registry(tmp_path)
    report = answered(lambda: getattr(window, command)([news, registry, more]))
    assert report == REFUSED
    assert stored(path) == (0, 0, set())
    assert window.controller.state.article is None

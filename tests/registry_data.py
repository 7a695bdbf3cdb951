"""A small corpus for the registry's tests: articles from two outlets on three dates, with
people's quotes linked to their speakers and the speakers linked to registry entries.
Built by each test in its own store; nothing is read from elsewhere."""

from __future__ import annotations

from pathlib import Path

from conftest import write_jsonl

from annotator.core import AddRelation, AddSpan, History, Store, import_files
from annotator.core.operations import CreateEntry, LinkEntry
from annotator.core.registry import Entry

ARTICLES = [
    {"id": "a1", "title": "Talks resume", "meta": {"source": "Reuters", "date": "2024-03-01"},
     "text": "“We are ready,” Zarif said. Khamenei did not comment."},
    {"id": "a2", "title": "Leader speaks", "meta": {"source": "AP", "date": "2024-05-10"},
     "text": "“Never,” said Ayatollah Ali Khamenei. Zarif agreed: “It is over.”"},
    {"id": "a3", "title": "رهبر", "meta": {"source": "Reuters", "date": "2024-01-20"},
     "text": "قال علي خامنئي: «لن نتراجع». Iran’s minister spoke too."},
]


def build(store: Store, tmp_path: Path, annotator: str = "alice") -> dict[str, int]:
    """Import the articles and annotate them as `annotator`; returns the entry ids by name."""
    import_files(store, [write_jsonl(tmp_path / "articles.jsonl", ARTICLES)])
    history = History(store, annotator)
    entries = {}
    for name, aliases, wikidata, attrs in (
            ("Ali Khamenei", ("Khamenei", "علی خامنه‌ای"), "Q57336", {"gender": "man"}),
            ("Mohammad Javad Zarif", ("Javad Zarif",), None, {"gender": "man"}),
            ("Hassan Rouhani", (), "Q14101", {})):
        history.run(CreateEntry(Entry(0, name, "PERSON", aliases, "", wikidata, attrs)))
        entries[name] = max(e.id for e in store.registry.entries())

    def span(article: str, words: str, label: str) -> int:
        pk = store.annotations.article_by_id(article).pk
        text = next(a["text"] for a in ARTICLES if a["id"] == article)
        start = text.index(words)
        change = history.run(AddSpan(pk, annotator, start, start + len(words), label,
                                     {"type": "direct"} if label == "QUOTE" else {}))
        return next(iter(change.spans))

    def quote(article: str, words: str, speaker: str, entry: str | None) -> None:
        head, child = span(article, words, "QUOTE"), span(article, speaker, "PERSON")
        history.run(AddRelation(head, child, "SPEAKER"))
        if entry is not None:
            history.run(LinkEntry(child, entries[entry]))

    quote("a1", "“We are ready,”", "Zarif", "Mohammad Javad Zarif")
    history.run(LinkEntry(span("a1", "Khamenei", "PERSON"), entries["Ali Khamenei"]))
    quote("a2", "“Never,”", "Ayatollah Ali Khamenei", "Ali Khamenei")
    quote("a2", "“It is over.”", "Zarif", None)  # its speaker not linked yet
    quote("a3", "«لن نتراجع»", "علي خامنئي", "Ali Khamenei")
    return entries


def export_with_registry(store: Store, folder: Path) -> tuple[Path, Path]:
    """The store's articles and its registry as a colleague sends them
    (`annotator export` and `annotator export --registry`): news.jsonl, registry.jsonl."""
    from annotator.core import export_to_path
    from annotator.core.registry.jsonl import export_registry
    news, registry = folder / "news.jsonl", folder / "registry.jsonl"
    export_to_path(store, news)
    with registry.open("wb") as out:
        export_registry(store, out)
    return news, registry

"""A small store with the text that breaks exports, built for the export tests.

Offsets are found in the raw texts (with their CRLF line ends) and go through the importer,
which canonicalises the texts and remaps the spans: the tests then compare every export
with what the store holds.
"""

from __future__ import annotations

from pathlib import Path

from conftest import write_jsonl

from annotator.core import Store, import_files

ZWSP = "\u200b"
FAMILY = "👨\u200d👩\u200d👧"
FLAG = "🇮🇶"

NEWS = ("“We will not leave Baghdad,” said Ali Hassan.\r\n"
        f"“Nobody is safe,” said{ZWSP}Sara Khan as the {FAMILY} family fled {FLAG} Iraq.\r\n"
        "The Port\r\nAuthority closed. The Bank of England cut rates.")
ARABIC = "قال قاسم سليماني إن القوات ستبقى في بغداد."
OTHER = "Le Conseil de sécurité des Nations unies s’est réuni à Genève."


def at(text: str, piece: str, label: str, nth: int = 0, **extra) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return {"start": start, "end": start + len(piece), "label": label, **extra}


NEWS_SPANS = [
    at(NEWS, "“We will not leave Baghdad,”", "QUOTE", attrs={"type": "direct"}),  # 0
    at(NEWS, "Baghdad", "GPE"),                       # 1: an entity nested in a quote
    at(NEWS, "Ali Hassan", "PERSON"),                 # 2
    at(NEWS, "“Nobody is safe,”", "QUOTE"),           # 3
    at(NEWS, "Sara Khan", "PERSON"),                  # 4: glued to "said" by a ZWSP
    at(NEWS, FAMILY, "NORP"),                         # 5: an emoji ZWJ sequence
    at(NEWS, FLAG, "GPE"),                            # 6: a flag
    at(NEWS, "Iraq", "GPE"),                          # 7
    at(NEWS, "Port\r\nAuthority", "ORG"),             # 8: across a CRLF line end
    at(NEWS, "Bank of England", "ORG"),               # 9
    at(NEWS, "England", "GPE"),                       # 10: overlaps 9
    at(NEWS, "The Bank of England cut rates.", "CLAIM", attrs={"checkworthy": "yes"}),  # 11
]
NEWS_RELATIONS = [
    {"head": 0, "child": 2, "label": "SPEAKER"},
    {"head": 3, "child": 4, "label": "SPEAKER"},      # lost where span 4 is
    {"head": 11, "child": 9, "label": "SOURCE"},
]

# What a tokenising format cannot hold: (article, label, text, reason).
MISALIGNED = {("news", "PERSON", "Sara Khan", "not on token boundaries")}
OVERLAPPING = {("news", "GPE", "England", "overlaps another entity")}
LOST_RELATION = ("news", "SPEAKER", "“Nobody is safe,” -> Sara Khan",
                 "a span it links was lost")


def records() -> list[dict]:
    return [
        {"id": "news", "title": "Baghdad", "text": NEWS, "meta": {"url": "https://x/1"},
         "annotator": "alice", "status": "done", "spans": NEWS_SPANS,
         "relations": NEWS_RELATIONS},
        {"id": "news", "text": NEWS, "annotator": "bob", "status": "in progress",
         "spans": [at(NEWS, "Ali Hassan", "PERSON"), at(NEWS, "Iraq", "GPE")]},
        {"id": "arabic", "text": ARABIC, "meta": {"lang": "ar"}, "annotator": "alice",
         "status": "done", "spans": [at(ARABIC, "قاسم سليماني", "PERSON"),
                                     at(ARABIC, "بغداد", "GPE")]},
        {"id": "other", "text": OTHER, "meta": {"language": "zz-ZZ"}, "annotator": "alice",
         "status": "done", "spans": [at(OTHER, "Nations unies", "ORG"),
                                     at(OTHER, "Genève", "GPE")]},
        {"id": "untouched", "text": "Nobody has annotated this one yet."},
    ]


def build(store: Store, tmp_path: Path) -> Store:
    summary = import_files(store, [write_jsonl(tmp_path / "hard.jsonl", records())])
    assert summary.errors == [] and summary.text_change_counts["crlf"] == 3
    return store


def stored(store: Store, article_id: str, annotator: str) -> tuple[set, set]:
    """A layer's spans as (start, end, label, text) and relations as (head, child, label)
    with each end given as its (start, end, label)."""
    article = store.annotations.article_by_id(article_id)
    spans = store.annotations.spans(article.pk, annotator)
    by_id = {s.id: (s.start, s.end, s.label) for s in spans}
    relations = {(by_id[r.head], by_id[r.child], r.label)
                 for r in store.annotations.relations(article.pk, annotator)}
    return {(s.start, s.end, s.label, s.text) for s in spans}, relations


def lost(summary) -> set[tuple[str, str, str, str]]:
    return {(loss.article, loss.label, loss.text, loss.reason) for loss in summary.losses}

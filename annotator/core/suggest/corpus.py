"""The `corpus` source: "tag all occurrences" across the store.

Every string an annotator tagged as an entity is proposed wherever else it occurs, with the
same label: as whole words (no letter, digit or underscore right before or after it), in the
case it was tagged or in all capitals. Where two terms start at one place the longer wins,
and matches never overlap (leftmost, then longest). A string tagged with several labels
takes the one it was given most often (ties: the first label by name).

Matching runs one regex of the terms' first words (built as a trie, so its cost grows with
the length of a word, not with the number of terms) and checks the whole term only where a
first word occurs: about 5x faster than looking every word of the text up in a table.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator

from .base import Article, ProposedSpan, Suggestions

_TOKEN = re.compile(r"\w+|[^\w\s]")


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex matching exactly these words, as a trie: shared prefixes are tried once."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _choose_labels(tagged: Iterable[tuple[str, str, int]]) -> dict[str, str]:
    """Each tagged string's label: the most frequent, ties broken by name."""
    best: dict[str, tuple[int, str]] = {}
    for text, label, count in tagged:
        held = best.get(text)
        if held is None or count > held[0] or (count == held[0] and label < held[1]):
            best[text] = (count, label)
    return {text: label for text, (_, label) in best.items()}


class CorpusSource:
    """Proposes the store's tagged entity strings at their occurrences."""

    name = "corpus"
    fork_safe = True  # may run in forked workers (see parallel.py)

    def __init__(self, tagged: Iterable[tuple[str, str, int]]) -> None:
        """`tagged`: (text, label, how many times it was tagged)."""
        self.terms = 0
        self._by_first: dict[str, list[tuple[str, str]]] = {}
        for text, label in _choose_labels(tagged).items():
            first = _TOKEN.search(text)
            if first is None or first.start() != 0 or not any(map(str.isalnum, text)):
                continue  # a term must start with its first word (no leading space)
            if text != text.strip():
                continue
            self.terms += 1
            forms = {text, text.upper()}
            for form in forms:
                head = _TOKEN.match(form)
                assert head is not None
                self._by_first.setdefault(head.group(), []).append((form, label))
        for entries in self._by_first.values():
            entries.sort(key=lambda entry: -len(entry[0]))
        # a first word, whole (a word first word ends at a word boundary; "U.S." may not)
        self._firsts = re.compile(
            r"(?<!\w)(?:" + _trie_pattern(self._by_first) + ")") if self._by_first else None

    def suggest(self, articles: Iterable[Article],
                labels: Collection[str]) -> Iterator[Suggestions]:
        for article in articles:
            yield self.suggest_one(article, labels)

    def suggest_one(self, article: Article, labels: Collection[str]) -> Suggestions:
        out = Suggestions(article.id)
        if self._firsts is None:
            return out
        text, by_first = article.text, self._by_first
        length = len(text)
        reached = 0
        for found in self._firsts.finditer(text):
            pos = found.start()
            if pos < reached:
                continue
            entries = by_first.get(found.group())
            end = found.end()
            if entries is None or (end < length and _is_word_char(text[end])
                                   and _is_word_char(text[end - 1])):
                continue  # a longer word than the first word matched
            for form, label in entries:
                end = pos + len(form)
                if (label in labels and text.startswith(form, pos)
                        and (end == length or not _is_word_char(text[end])
                             or not _is_word_char(form[-1]))):
                    out.spans.append(ProposedSpan(f"c{len(out.spans) + 1}", pos, end, label))
                    reached = end
                    break
        return out

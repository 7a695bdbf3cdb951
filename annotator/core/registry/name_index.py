"""The registry's names in memory, for the picker's filter (a call per keystroke) and for
the matches of `annotator link`.

Every name and alias is folded (names.py) and split into words. The filter finds the names
whose words start with the words typed (a sorted word list and bisect: a few thousand
candidates at most once three letters are typed), ranks them with rapidfuzz, and only when
too few match falls back to a fuzzy match of each word typed against the words of the same
first letter (a typo). 100,000 entries filter within a frame: benchmarks/registry.py.
"""

from __future__ import annotations

import gc
import heapq
import json
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

from rapidfuzz import fuzz, process

from .names import fold

_fold = fold.__wrapped__  # building: every name once, nothing for the cache to keep

# Fewer candidates than this after the prefix match: look for typos too.
_FUZZY_BELOW = 20
# A fuzzy word or name scores at least this (rapidfuzz's 0-100).
WORD_CUTOFF = 75.0
NAME_CUTOFF = 85.0
# Past this many names under one prefix, rank only the names whose whole name starts with
# what is typed (one or two letters match a large share of the registry).
_WIDE_PREFIX = 500
# Names sorted at once by an index built in a thread (`NameIndex._by_name`).
_SLICE = 20_000


@dataclass(frozen=True)
class Hit:
    """An entry the filter found: by which of its names, and how well (0-100)."""

    entry: int
    name: str  # the name or alias that matched, as stored
    score: float
    alias: bool  # matched by an alias, not the entry's name


class NameIndex:
    """The folded names of the registry's entries (name and aliases), with their words."""

    def __init__(self, rows: Iterable[tuple[int, str, str, str]],
                 in_thread: bool = False) -> None:
        """`rows`: (entry id, name, kind, aliases as JSON), as store.registry.search_rows().
        The garbage collector is paused while the index is built (a million small objects
        made: it would walk them again and again, for nothing). `in_thread`: built beside a
        window's thread, which must not wait long for the interpreter (see `_by_name`)."""
        self._in_thread = in_thread
        paused = gc.isenabled()
        gc.disable()
        try:
            self._build(rows)
        finally:
            if paused:
                gc.enable()

    def _by_name(self) -> list[int]:
        """The names' indices in the order of their folded forms. One `sorted` of 320,000
        names holds the interpreter lock for 0.4 s, and a window's thread with it; built in
        a thread, slices are sorted (20 ms each) and merged in Python, which lets the other
        thread in between: 0.3 s more in all (benchmarks/README.md, gui_picker.py)."""
        folded = self.folded
        if not self._in_thread:
            return sorted(range(len(folded)), key=folded.__getitem__)
        slices = [sorted(range(start, min(start + _SLICE, len(folded))),
                         key=folded.__getitem__) for start in range(0, len(folded), _SLICE)]
        return list(heapq.merge(*slices, key=folded.__getitem__))  # stable, as sorted is

    def _build(self, rows: Iterable[tuple[int, str, str, str]]) -> None:
        self.entry_of: list[int] = []  # per name: its entry
        self.shown: list[str] = []  # per name: as stored
        self.folded: list[str] = []  # per name: folded
        self.is_alias: list[bool] = []
        self.kind: dict[int, str] = {}
        postings: dict[str, list[int]] = defaultdict(list)
        entry_of, shown, folded_names, is_alias = (self.entry_of, self.shown, self.folded,
                                                   self.is_alias)
        for entry_id, name, kind, aliases in rows:
            self.kind[entry_id] = kind
            alias = False
            for written in (name, *json.loads(aliases)) if aliases != "[]" else (name,):
                folded = _fold(written)
                if folded:
                    index = len(folded_names)
                    entry_of.append(entry_id)
                    shown.append(written)
                    folded_names.append(folded)
                    is_alias.append(alias)
                    if " " in folded:
                        for word in set(folded.split()):
                            postings[word].append(index)
                    else:
                        postings[folded].append(index)
                alias = True
        self.words = sorted(postings)
        # tuples: the garbage collector stops visiting them (100,000 lists cost it 30 ms)
        self.postings = [tuple(postings[word]) for word in self.words]
        # how many names the words before each hold: a prefix's reach in O(1)
        self._reach = list(accumulate((len(p) for p in self.postings), initial=0))
        self.sorted_names = self._by_name()
        self._sorted_folded = [self.folded[i] for i in self.sorted_names]
        self._by_initial: dict[str, list[str]] = {}
        for word in self.words:
            self._by_initial.setdefault(word[0], []).append(word)

    @cached_property
    def by_folded(self) -> dict[str, list[int]]:
        """Folded name -> the names (indices) folded so (made when `link` first asks)."""
        found: dict[str, list[int]] = defaultdict(list)
        for index, folded in enumerate(self.folded):
            found[folded].append(index)
        return dict(found)

    @cached_property
    def by_surname(self) -> dict[str, list[int]]:
        """Folded last word -> the names of two words or more ending with it."""
        found: dict[str, list[int]] = defaultdict(list)
        for index, folded in enumerate(self.folded):
            if " " in folded:
                found[folded.rsplit(" ", 1)[1]].append(index)
        return dict(found)

    def __len__(self) -> int:
        return len(self.kind)

    # -- the picker ---------------------------------------------------------------------

    def filter(self, query: str, limit: int = 20, kinds: Collection[str] | None = None,
               first: Collection[int] = ()) -> list[Hit]:
        """The best `limit` entries for what is typed, one hit per entry: the entries in
        `first` (linked in the same article) before the others, then by score. `kinds`:
        only entries of these kinds."""
        typed = fold(query)
        if not typed:
            return []
        words = typed.split()
        candidates = self._prefix_candidates(words)
        if len(candidates) < _FUZZY_BELOW and any(len(word) >= 3 for word in words):
            candidates |= self._prefix_candidates(words, fuzzy=True)
        if kinds is not None:
            allowed = set(kinds)
            candidates = {i for i in candidates if self.kind[self.entry_of[i]] in allowed}
        best: dict[int, tuple[float, int]] = {}  # entry -> (score, name)
        ratio = fuzz.QRatio
        for index in candidates:
            name = self.folded[index]
            # what is typed starts the name (or, less, a word of it): ranked first
            bonus = 30.0 if name.startswith(typed) else 15.0 if " " + typed in name else 0.0
            score = min(100.0, ratio(typed, name) + bonus)
            entry = self.entry_of[index]
            held = best.get(entry)
            if held is None or score > held[0]:
                best[entry] = (score, index)
        first_set = set(first)
        top = heapq.nsmallest(limit, best.items(), key=lambda item: (
            item[0] not in first_set, -item[1][0], self.shown[item[1][1]], item[0]))
        return [Hit(entry, self.shown[index], score, self.is_alias[index])
                for entry, (score, index) in top]

    def _word_range(self, prefix: str) -> tuple[int, int]:
        low = bisect_left(self.words, prefix)
        high = bisect_left(self.words, prefix + "\U0010ffff", low)
        return low, high

    def _prefix_candidates(self, typed: list[str], fuzzy: bool = False) -> set[int]:
        """The names having, for every word typed, a word that starts with it (with `fuzzy`,
        or a word close to it). A word that starts too many (one or two letters) does not
        gather: it filters what the others gathered, or alone, the names that start with
        what is typed are taken in order."""
        found: set[int] | None = None
        wide = []
        for word in sorted(typed, key=len, reverse=True):  # the longest narrows most
            low, high = self._word_range(word)
            if self._reach[high] - self._reach[low] > _WIDE_PREFIX:
                wide.append(word)
                continue
            names: set[int] = set()
            for posting in self.postings[low:high]:
                names.update(posting)
            if fuzzy and len(word) >= 3:
                names.update(self._close_names(word))
            found = names if found is None else found & names
            if not found:
                return set()
        if found is None:  # only short words: the names that start with the first one
            start = bisect_left(self._sorted_folded, wide[-1])
            end = bisect_left(self._sorted_folded, wide.pop() + "\U0010ffff", start)
            found = set(self.sorted_names[start:min(end, start + _WIDE_PREFIX)])
        if not wide:
            return found
        return {i for i in found if all(
            any(part.startswith(word) for part in self.folded[i].split()) for word in wide)}

    def _close_names(self, word: str) -> set[int]:
        """The names with a word close to `word` (a typo: same first letter)."""
        found: set[int] = set()
        pool = self._by_initial.get(word[0], [])
        for close, _, _ in process.extract(word, pool, scorer=fuzz.ratio, processor=None,
                                           limit=10, score_cutoff=WORD_CUTOFF):
            low, _ = self._word_range(close)
            found.update(self.postings[low])
        return found

    # -- `annotator link` -----------------------------------------------------------------

    def exact(self, folded: str) -> list[int]:
        """The names (indices) folded exactly like a mention."""
        return self.by_folded.get(folded, [])

    def surname_matches(self, folded: str) -> list[int]:
        """The names of two words or more whose last word is a one-word mention."""
        return self.by_surname.get(folded, []) if " " not in folded else []

    def fuzzy(self, folded: str, limit: int = 5) -> list[tuple[int, float]]:
        """Names close to a mention (rapidfuzz, at least NAME_CUTOFF), among those sharing a
        word's first three letters with it: (name index, score), best first."""
        candidates: set[int] = set()
        for word in folded.split():
            low, high = self._word_range(word[:3])
            if self._reach[high] - self._reach[low] > _WIDE_PREFIX * 5:
                continue
            for posting in self.postings[low:high]:
                candidates.update(posting)
        if not candidates:
            return []
        names = list(candidates)
        choices = [self.folded[i] for i in names]
        best: dict[int, float] = {}
        # as written ("mohamad javad zarif") and in any word order ("zarif, mohammad javad")
        for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
            for _, score, position in process.extract(folded, choices, scorer=scorer,
                                                      processor=None, limit=limit,
                                                      score_cutoff=NAME_CUTOFF):
                best[names[position]] = max(score, best.get(names[position], 0.0))
        return sorted(best.items(), key=lambda item: (-item[1], item[0]))[:limit]

"""Proposed links for entity mentions that link to no entry (`annotator link`).

A mention is matched by its folded text (names.py) against every entry's names: exactly
(the entry's name or an alias), by surname (a one-word mention, the last word of a longer
name) and fuzzily (rapidfuzz). An entry already linked elsewhere in the mention's article
wins over the rest of the corpus: when some candidates are, only they are proposed for a
surname or a fuzzy match. Proposals are stored for a person to accept or reject; nothing is
linked unless asked (`accept_exact`: the mentions with one exact candidate).

A source mention ("she", "the ministry") names no one by its text; one that is the speaker
of a quote whose meta holds the quote finder's `speaker_name` ("she" → "Layla Haddad") is
matched by that name instead, to an entry of any kind, so the quotes of "she" count for
Layla Haddad once the link is accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain

from ..errors import OperationError
from ..operations.registry import DecideProposal
from ..plural import plural
from ..rules import kinds_compatible
from ..store import Store
from .name_index import NameIndex
from .names import fold

# How sure each way of matching is (a fuzzy match scores by rapidfuzz, below these).
_SCORES = {"name": 100.0, "alias": 100.0, "surname": 90.0}
_IN_ARTICLE = 5.0  # added when the entry is linked elsewhere in the same article


@dataclass
class LinkSummary:
    mentions: int = 0  # unlinked mentions looked at (names; source mentions with a name)
    proposed: dict[str, int] = field(default_factory=dict)  # by method
    accepted: int = 0

    def report(self) -> str:
        by_method = ", ".join(f"{method} {count}" for method, count in
                              sorted(self.proposed.items())) or "none"
        lines = [f"Looked at {plural(self.mentions, 'unlinked mention')}.",
                 f"Proposed links: {sum(self.proposed.values())} ({by_method})."]
        if self.accepted:
            lines.append(f"Accepted {self.accepted} exact matches (one entry each).")
        lines.append(f"Nothing {'else ' if self.accepted else ''}was linked: accept or "
                     "reject the proposals with `annotator registry STORE proposals`.")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"mentions": self.mentions, "proposed": self.proposed,
                "accepted": self.accepted}


Matches = tuple[dict[int, tuple[str, float]], dict[int, tuple[str, float]]]


def matches(index: NameIndex, text: str) -> Matches:
    """A mention's exact matches, and (when there is none) its surname and fuzzy ones:
    entry -> (method, score). The same for every mention with this text."""
    folded = fold(text)
    exact: dict[int, tuple[str, float]] = {}
    loose: dict[int, tuple[str, float]] = {}
    if not folded:
        return exact, loose
    for name in index.exact(folded):
        method = "alias" if index.is_alias[name] else "name"
        if exact.get(index.entry_of[name], ("alias",))[0] != "name":
            exact[index.entry_of[name]] = (method, _SCORES[method])
    if exact:
        return exact, loose
    for name in index.surname_matches(folded):
        loose.setdefault(index.entry_of[name], ("surname", _SCORES["surname"]))
    for name, score in index.fuzzy(folded):
        entry = index.entry_of[name]
        if entry not in loose or loose[entry][1] < score:
            loose[entry] = ("fuzzy", min(score, 99.0))
    return exact, loose


def candidates(index: NameIndex, found: Matches, label: str, in_article: set[int],
               any_kind: bool = False) -> list[tuple[int, str, str, float]]:
    """(entry, method, scope, score) for one mention, best first, one per entry: the
    exact matches, or else the loose ones, only those linked in the article when some are.
    `any_kind`: a source mention, which may name an entry of any kind."""
    exact, loose = found
    chosen = exact or {entry: hit for entry, hit in loose.items() if entry in in_article} \
        or loose
    rows = []
    for entry, (method, score) in chosen.items():
        if not any_kind and not kinds_compatible(label, index.kind[entry]):
            continue
        scope = "article" if entry in in_article else "corpus"
        rows.append((entry, method, scope, score + (_IN_ARTICLE if scope == "article" else 0)))
    return sorted(rows, key=lambda row: (-row[3], row[0]))


def propose_links(store: Store, actor: str, annotator: str | None = None,
                  accept_exact: bool = False,
                  progress: Callable[[int], None] | None = None) -> LinkSummary:
    """Store proposed links for every unlinked entity mention (of people's layers, or one
    layer), replacing the open proposals of an earlier run; with `accept_exact`, link the
    mentions that have exactly one exact candidate. One transaction."""
    summary = LinkSummary()
    index = NameIndex(store.registry.search_rows())
    labels = store.schema.entity_labels()
    referring = [name for name in store.schema.linkable_labels()
                 if store.schema.refers_to_any(name)]
    rejected = store.registry.rejected_pairs()
    linked_in = store.registry.article_entries()
    with store.transaction():
        store.registry.clear_open_proposals()
        rows: list[tuple[int, int, str, str, float]] = []
        exact: dict[int, int] = {}  # span -> its one exact entry
        cache: dict[str, Matches] = {}  # mentions repeat: "Zarif" is matched once
        mentions = chain(store.registry.unlinked_mentions(labels, annotator),
                         store.registry.named_mentions(referring, annotator))
        for number, mention in enumerate(mentions):
            summary.mentions += 1
            hits = cache.get(mention.text)
            if hits is None:
                hits = cache[mention.text] = matches(index, mention.text)
            found = [row for row in candidates(index, hits, mention.label,
                                               linked_in.get(mention.article, set()),
                                               any_kind=mention.label in referring)
                     if (mention.span, row[0]) not in rejected]
            for entry, method, scope, score in found:
                rows.append((mention.span, entry, method, scope, score))
                summary.proposed[method] = summary.proposed.get(method, 0) + 1
            if len(found) == 1 and found[0][1] in ("name", "alias"):
                exact[mention.span] = found[0][0]
            if progress is not None and number % 1000 == 999:
                progress(1000)
            if len(cache) > 100_000:
                cache.clear()
        store.registry.insert_proposals(rows)
        if accept_exact and exact:
            for proposal in store.registry.proposals():
                if exact.get(proposal.span) == proposal.entry:
                    try:
                        DecideProposal(proposal.id, "accept").apply(store, actor)
                    except OperationError:
                        continue
                    summary.accepted += 1
    return summary

"""What an import reports: counts, every text change, repeat and notice, and the files
refused (importing.py does the work)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..plural import plural

if TYPE_CHECKING:
    from ..registry.unite import UniteSummary

MAX_LISTED = 1000


@dataclass
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


@dataclass
class ImportSummary:
    files: int = 0
    articles_added: int = 0
    layers_added: int = 0
    duplicates_skipped: int = 0
    answers_joined: int = 0  # Prodigy answers added to a layer an earlier answer made
    records_skipped: Counter = field(default_factory=Counter)
    spans_added: int = 0
    relations_added: int = 0
    labels_added: list[str] = field(default_factory=list)
    # Every text that canonicalisation changed: the first MAX_LISTED one by one (memory stays
    # flat however many there are), all of them in the counts.
    text_changes: list[Problem] = field(default_factory=list)
    texts_changed: int = 0
    text_change_counts: Counter = field(default_factory=Counter)
    # Spans and relations a record gives twice: one is kept, each repeat listed here.
    repeats: list[Problem] = field(default_factory=list)
    repeats_dropped: int = 0
    errors: list[Problem] = field(default_factory=list)
    failed_files: list[str] = field(default_factory=list)
    files_skipped: list[str] = field(default_factory=list)  # "PATH: why", from folders
    # What a format holds that the store does not (brat events, ...), by what it is.
    left_out: Counter = field(default_factory=Counter)
    # What was read but changed on the way in (a discontinuous brat entity, ...).
    notices: list[Problem] = field(default_factory=list)
    # Boilerplate lines left out of plain texts ("views", "0 comment"), one by one.
    boilerplate: list[Problem] = field(default_factory=list)
    boilerplate_dropped: int = 0
    entry_links: int = 0  # spans linked to registry entries (import --with-registry)
    registry: UniteSummary | None = None  # what the registry file given brought

    def add(self, other: ImportSummary) -> None:
        for name in ("files", "articles_added", "layers_added", "duplicates_skipped",
                     "answers_joined",
                     "spans_added", "relations_added", "texts_changed", "repeats_dropped",
                     "boilerplate_dropped", "entry_links"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.records_skipped.update(other.records_skipped)
        self.labels_added.extend(other.labels_added)
        self.text_changes.extend(other.text_changes[:MAX_LISTED - len(self.text_changes)])
        self.text_change_counts.update(other.text_change_counts)
        self.repeats.extend(other.repeats[:MAX_LISTED - len(self.repeats)])
        self.left_out.update(other.left_out)
        self.notices.extend(other.notices[:MAX_LISTED - len(self.notices)])
        self.boilerplate.extend(other.boilerplate[:MAX_LISTED - len(self.boilerplate)])

    def said_on_the_way_in(self, shown: int = 50) -> list[str]:
        """What another tool's files brought that was joined, changed, left out or not
        read: lines for the CLI's and the window's summaries."""
        lines = self.registry.report().splitlines() if self.registry else []
        if self.entry_links:
            lines.append(f"Mentions linked to registry entries: {self.entry_links}.")
        if self.answers_joined:
            lines.append(f"Prodigy answers added to a layer an earlier answer on the same "
                         f"text made: {self.answers_joined}.")
        lines += [str(notice) for notice in self.notices[:shown]]
        if len(self.notices) > shown:
            lines.append(f"  ... and {len(self.notices) - shown} more")
        lines += [f"Left out (not held by the store): {what}: {count}."
                  for what, count in sorted(self.left_out.items())]
        lines += [f"Not imported: {skipped}" for skipped in self.files_skipped]
        if self.boilerplate_dropped:
            lines.append(f"Dropped {plural(self.boilerplate_dropped, 'boilerplate line')} at "
                         "the start or end of a text (`annotator import --keep-boilerplate` "
                         "keeps them):")
            lines += [f"  {line}" for line in self.boilerplate[:shown]]
            if self.boilerplate_dropped > shown:
                lines.append(f"  ... and {self.boilerplate_dropped - shown} more")
        return lines

    def as_dict(self) -> dict:
        return {"files": self.files, "articles_added": self.articles_added,
                "layers_added": self.layers_added,
                "duplicates_skipped": self.duplicates_skipped,
                "answers_joined": self.answers_joined,
                "records_skipped": dict(self.records_skipped),
                "spans_added": self.spans_added, "relations_added": self.relations_added,
                "labels_added": self.labels_added,
                "texts_changed": self.texts_changed,
                "text_change_counts": dict(self.text_change_counts),
                "text_changes": [str(p) for p in self.text_changes],
                "repeats_dropped": self.repeats_dropped,
                "repeats": [str(p) for p in self.repeats],
                "left_out": dict(self.left_out), "notices": [str(p) for p in self.notices],
                "boilerplate_dropped": self.boilerplate_dropped,
                "boilerplate": [str(p) for p in self.boilerplate],
                "errors": [str(p) for p in self.errors], "failed_files": self.failed_files,
                "files_skipped": self.files_skipped, "entry_links": self.entry_links,
                **({"registry": self.registry.to_dict()} if self.registry else {})}

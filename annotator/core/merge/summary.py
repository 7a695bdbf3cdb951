"""What a merge reports: counts, conflicts, refused sources (core/merge.py does the work)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..io.importing import MAX_LISTED, Problem
from ..plural import plural
from ..registry.unite import UniteSummary

COUNTS = ("articles_added", "articles_matched", "articles_conflicting", "layers_added",
          "layers_updated", "layers_unchanged", "spans_added", "spans_removed",
          "relations_added", "relations_removed", "gold_layers_skipped", "records_skipped",
          "texts_changed", "repeats_dropped", "spans_trimmed")
_WRITES = ("articles_added", "layers_added", "layers_updated")


@dataclass
class Conflict:
    """An article whose id the target holds with another text: reported, not merged."""

    source: str
    article: str

    def describe(self, target: str = "the target") -> str:
        return f"{self.source}: article {self.article}: text differs from {target}'s; not merged"

    def __str__(self) -> str:
        return self.describe()


@dataclass
class MergeSummary:
    sources: int = 0  # merged; the refused ones are in failed_sources
    articles_added: int = 0
    articles_matched: int = 0
    articles_conflicting: int = 0
    layers_added: int = 0
    layers_updated: int = 0
    layers_unchanged: int = 0
    spans_added: int = 0
    spans_removed: int = 0
    relations_added: int = 0
    relations_removed: int = 0
    gold_layers_skipped: int = 0
    records_skipped: int = 0  # records of a JSONL source that say to skip them (Prodigy)
    texts_changed: int = 0  # JSONL texts changed by canonicalisation
    repeats_dropped: int = 0  # spans or relations a record gave twice, kept once
    spans_trimmed: int = 0  # JSONL spans with whitespace at an end, stored without it
    labels_added: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)  # the first MAX_LISTED
    errors: list[Problem] = field(default_factory=list)
    failed_sources: list[str] = field(default_factory=list)
    by_source: list[dict] = field(default_factory=list)
    target_note: str = ""  # a target the merge created: "Created review.db with ..."
    registry: UniteSummary | None = None  # the sources' registries joined to the target's
    links_added: int = 0  # spans linked to an entry, or to another one
    # links a source's spans had that the target cannot hold: a JSONL source's entry ids
    # (they name its store's registry, which a JSONL file does not carry), or an entry
    # matched to one of a kind the span's label cannot link to
    links_left_out: int = 0

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNTS}

    def changed(self) -> bool:
        return bool(self.labels_added) or any(getattr(self, name) for name in _WRITES) or (
            bool(self.links_added) or (self.registry is not None and bool(
                self.registry.added or self.registry.updated)))

    def add(self, other: MergeSummary) -> None:
        self.sources += other.sources
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.labels_added.extend(other.labels_added)
        self.links_added += other.links_added
        self.links_left_out += other.links_left_out
        if other.registry is not None:
            if self.registry is None:
                self.registry = UniteSummary()
            self.registry.added += other.registry.added
            self.registry.matched += other.registry.matched
            self.registry.updated += other.registry.updated
            self.registry.duplicates.extend(other.registry.duplicates)
        self.conflicts.extend(other.conflicts[:MAX_LISTED - len(self.conflicts)])

    def to_dict(self) -> dict:
        return {"sources": self.sources, **self.counts(), "labels_added": self.labels_added,
                "conflicts": [{"source": c.source, "article": c.article}
                              for c in self.conflicts],
                "errors": [str(p) for p in self.errors],
                "failed_sources": self.failed_sources, "by_source": self.by_source,
                "target_note": self.target_note,
                **({"registry": {**self.registry.to_dict(), "links_added": self.links_added}}
                   if self.registry is not None else {}),
                **({"links_left_out": self.links_left_out} if self.links_left_out else {})}

    def problems(self, target: str = "the target") -> list[str]:
        """The conflicts and errors, one line each, for standard error or a message box."""
        lines = [conflict.describe(target) for conflict in self.conflicts]
        unlisted = self.articles_conflicting - len(self.conflicts)
        if unlisted > 0:
            lines.append(f"... and {plural(unlisted, 'more article')} whose text differs")
        return lines + [str(problem) for problem in self.errors]

    def report(self) -> str:
        """The summary in a few sentences, for the terminal and the window."""
        failed = f", {len(self.failed_sources)} refused" if self.failed_sources else ""
        lines = [self.target_note] if self.target_note else []
        lines += [
            f"Merged {plural(self.sources, 'source')}{failed}.",
            (f"Articles: {self.articles_added} added, {self.articles_matched} already here, "
            f"{self.articles_conflicting} with a different text under the same id "
            "(not merged)."),
            (f"Layers: {self.layers_added} added, {self.layers_updated} updated, "
            f"{self.layers_unchanged} unchanged."),
            (f"Spans: {self.spans_added} added, {self.spans_removed} removed; relations: "
            f"{self.relations_added} added, {self.relations_removed} removed.")]
        if self.registry is not None:
            lines.append(self.registry.report())
            lines.append(f"Mentions linked to registry entries: {self.links_added}.")
        if self.links_left_out:
            lines.append(f"Links to registry entries left out: {self.links_left_out} (a JSONL "
                         "source's entry ids name a registry it does not carry: merge the "
                         "store itself, or the file with the registry file written by "
                         "export --registry, chosen with it in the window or given with "
                         "--with-registry REGISTRY.jsonl; or the entry matched is of a kind "
                         "the span cannot link to).")
        if self.gold_layers_skipped:
            lines.append(f"Gold layers in the sources, left out (a merge never touches the "
                         f"gold layer): {self.gold_layers_skipped}.")
        if self.labels_added:
            lines.append(f"Labels added to the schema: {', '.join(self.labels_added)}.")
        if self.records_skipped:
            lines.append(f"Records skipped (rejected or ignored): {self.records_skipped}.")
        if self.texts_changed:
            lines.append(f"Texts changed by canonicalisation: {self.texts_changed}.")
        if self.spans_trimmed:
            lines.append(f"Spans stored without the whitespace at their ends: "
                         f"{self.spans_trimmed}.")
        if self.repeats_dropped:
            lines.append(f"Spans or relations a record gave twice, kept once: "
                         f"{self.repeats_dropped}.")
        return "\n".join(lines)

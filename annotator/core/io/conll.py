"""CoNLL with IOB2 tags: one `token<TAB>tag` a line, a blank line between sentences,
`-DOCSTART- -X- O O` (and a blank line) before each article.

Only entity spans (the kinds marked `ner` in core/kinds.py) are tagged: claims, quotes and
relations are not part of the format and are counted as left out. Entities cannot nest here:
of overlapping ones the longest is kept and the others are reported lost, as are spans off
spaCy's token boundaries.

Sentences: spaCy's rule-based sentencizer, plus a break at every line break, but never
inside an entity. Whitespace tokens (line breaks, NBSP, ...) are not written.
"""

from __future__ import annotations

from ..kinds import all_kinds
from .export_records import ExportRecord
from .tokens import align, without_overlaps
from .writer import Writer

DOCSTART = b"-DOCSTART- -X- O O\n\n"


class ConllWriter(Writer):
    def write(self, record: ExportRecord) -> None:
        context = self.context
        entities = []
        ner = {kind.name for kind in all_kinds() if kind.ner}
        for span in record.spans:
            if span.kind in ner:
                entities.append(span)
            else:
                context.report.left_out[f"{span.kind} spans"] += 1
        if record.relations:
            context.report.left_out["relations"] += len(record.relations)
        doc = context.tokenizers.doc(record.text, record.language)
        aligned = align(doc, record, entities, context.report, self.summary.path)
        kept = without_overlaps(record, aligned, context.report, self.summary.path)
        tags = ["O"] * len(doc)
        inside: set[int] = set()  # tokens that continue an entity: no sentence break there
        for item in kept:
            tags[item.token_start] = "B-" + item.span.label
            for i in range(item.token_start + 1, item.token_end):
                tags[i] = "I-" + item.span.label
                inside.add(i)
        starts = context.tokenizers.sentence_starts(doc)
        text = record.text
        lines: list[str] = []
        sentence: list[str] = []
        after_line_break = False
        for i, (start, end, _space, blank) in enumerate(context.tokenizers.offsets(doc)):
            if (i in starts or after_line_break) and sentence and i not in inside:
                lines.append("\n".join(sentence) + "\n")
                sentence = []
            after_line_break = "\n" in text[start:end]
            if not blank:
                sentence.append(f"{text[start:end]}\t{tags[i]}")
        if sentence:
            lines.append("\n".join(sentence) + "\n")
        self.out.write(DOCSTART)
        self.out.write("\n".join(lines).encode("utf-8"))
        if lines:
            self.out.write(b"\n")
        self.summary.spans += len(kept)

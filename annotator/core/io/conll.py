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

from collections.abc import Iterator
from pathlib import Path

from ..kinds import all_kinds
from .export_records import ExportRecord
from .import_records import ImportRecord, RawSpan, RecordError
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
        if record.meta.get("tokens") == WHITESPACE_TOKENS:
            written = _pretokenised(record.text, entities)
            if written is not None:  # read from CoNLL: its own tokens, written back as read
                self.out.write(DOCSTART + written)
                self.summary.spans += len(entities)
                return
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


def _pretokenised(text: str, entities: list) -> bytes | None:
    """Lines of a text that is tokens between single spaces, a sentence a line; None when
    an entity is off those tokens or overlaps another (then spaCy's path decides)."""
    sentences: list[list[tuple[int, int]]] = []
    offset = 0
    for line in text.split("\n"):
        tokens = []
        for word in line.split(" "):
            if word:
                tokens.append((offset, offset + len(word)))
            offset += len(word) + 1
        sentences.append(tokens)
    starts = {start: (n, i) for n, tokens in enumerate(sentences)
              for i, (start, _end) in enumerate(tokens)}
    ends = {end: (n, i) for n, tokens in enumerate(sentences)
            for i, (_start, end) in enumerate(tokens)}
    tags = [["O"] * len(tokens) for tokens in sentences]
    for span in sorted(entities, key=lambda s: s.start):
        first, last = starts.get(span.start), ends.get(span.end)
        if first is None or last is None or first[0] != last[0]:
            return None
        n = first[0]
        if any(tag != "O" for tag in tags[n][first[1]:last[1] + 1]):
            return None
        tags[n][first[1]] = "B-" + span.label
        for i in range(first[1] + 1, last[1] + 1):
            tags[n][i] = "I-" + span.label
    blocks = ["".join(f"{text[start:end]}\t{tag}\n"
                      for (start, end), tag in zip(tokens, sentence_tags, strict=True))
              for tokens, sentence_tags in zip(sentences, tags, strict=True) if tokens]
    return ("\n".join(blocks) + "\n").encode("utf-8") if blocks else b""


# -- reading ------------------------------------------------------------------------------

WHITESPACE_TOKENS = "whitespace"  # meta "tokens": the text is tokens between single spaces


class _TagError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


def read_conll(path: Path) -> Iterator[tuple[int | None, int, ImportRecord | RecordError]]:
    """CoNLL / IOB files: token in the first column, tag in the last; IOB1, IOB2 and
    BIOES; `-DOCSTART-` between articles, a blank line between sentences."""
    size = path.stat().st_size
    try:
        lines = path.read_bytes().decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        yield None, size, RecordError("invalid UTF-8")
        return
    documents = list(_documents(lines))
    if not any(document for _start, document in documents):
        yield None, size, RecordError("the file is empty: no tokens")
        return
    scheme = _scheme(documents)
    for start, sentences in documents:
        if not sentences:
            continue
        try:
            yield start, size, _record(path, sentences, scheme)
        except _TagError as exc:
            yield exc.line, size, RecordError(exc.message)


Token = tuple[int, str, str]  # line, token, tag


def _documents(lines: list[str]) -> Iterator[tuple[int, list[list[Token]]]]:
    start = 1
    sentences: list[list[Token]] = []
    sentence: list[Token] = []
    for number, raw in enumerate(lines, start=1):
        fields = raw.split()
        if not fields:
            if sentence:
                sentences.append(sentence)
                sentence = []
            continue
        if fields[0] == "-DOCSTART-":
            if sentence:
                sentences.append(sentence)
                sentence = []
            yield start, sentences
            start, sentences = number + 1, []
            continue
        if len(fields) < 2:  # said when the article is read, at this line
            sentence.append((number, fields[0],
                             f"\0expected a token and a tag, not {raw.strip()!r}"))
            continue
        sentence.append((number, fields[0], fields[-1]))
    if sentence:
        sentences.append(sentence)
    yield start, sentences


def _scheme(documents: list[tuple[int, list[list[Token]]]]) -> str:
    """bioes when E-/S- (or L-/U-) tags are used; iob1 when no B- tag ever begins an
    entity after O (IOB1 uses B- only between two entities of one type); else iob2."""
    iob1 = True
    for _start, sentences in documents:
        for sentence in sentences:
            previous = "O"
            for _line, _token, tag in sentence:
                if tag[:2] in ("E-", "S-", "L-", "U-"):
                    return "bioes"
                if tag[:2] == "B-" and previous == "O":
                    iob1 = False
                previous = tag
    return "iob1" if iob1 else "iob2"


class _Tagger:
    """Turns one sentence's tags into spans; a sequence the scheme does not allow is a
    _TagError at its line."""

    def __init__(self, scheme: str, spans: list[RawSpan]) -> None:
        self.scheme, self.spans = scheme, spans
        self.open: tuple[int, str] | None = None  # start, label
        self.last_end = 0

    def tag(self, tag: str, line: int, start: int, end: int) -> None:
        if tag == "O":
            self.close(line, "O")
            return
        prefix, _, label = tag.partition("-")
        prefix = {"L": "E", "U": "S"}.get(prefix, prefix)
        if prefix not in ("B", "I", "E", "S") or not label:
            raise _TagError(line, f"{tag!r} is not a tag (O, B-X, I-X, E-X or S-X)")
        if prefix in ("E", "S") and self.scheme != "bioes":
            raise _TagError(line, f"{tag}: E- and S- tags are BIOES, not IOB")
        if prefix in ("B", "S"):
            self.close(line, tag)
            if prefix == "S":
                self.spans.append(RawSpan(start, end, label))
            else:
                self.open = (start, label)
        elif self.open is None or self.open[1] != label:
            if prefix == "I" and self.scheme == "iob1":
                self.close(line, tag)
                self.open = (start, label)  # IOB1: I- begins an entity after O
            else:
                where = "after O" if self.open is None else f"inside a {self.open[1]}"
                raise _TagError(line, f"{tag} {where}: an entity begins with B-")
        elif prefix == "E":
            self.spans.append(RawSpan(self.open[0], end, label))
            self.open = None
        self.last_end = end

    def close(self, line: int, before: str) -> None:
        if self.open is None:
            return
        if self.scheme == "bioes":
            raise _TagError(line, f"{before} after B-{self.open[1]}: a BIOES entity ends "
                                  "with E-")
        self.spans.append(RawSpan(self.open[0], self.last_end, self.open[1]))
        self.open = None


def _record(path: Path, sentences: list[list[Token]], scheme: str) -> ImportRecord:
    """The text rebuilt (single spaces between tokens, a newline between sentences) and
    the spans from the tags."""
    texts: list[str] = []
    spans: list[RawSpan] = []
    offset = 0
    for sentence in sentences:
        tagger = _Tagger(scheme, spans)
        position = offset
        for line, token, tag in sentence:
            if tag.startswith("\0"):
                raise _TagError(line, tag[1:])
            tagger.tag(tag, line, position, position + len(token))
            position += len(token) + 1
        tagger.close(sentence[-1][0] + 1, "the end of the sentence")
        text = " ".join(token for _line, token, _tag in sentence)
        texts.append(text)
        offset += len(text) + 1
    return ImportRecord(text="\n".join(texts), spans=spans, status="done",
                        meta={"file": path.name, "tokens": WHITESPACE_TOKENS})

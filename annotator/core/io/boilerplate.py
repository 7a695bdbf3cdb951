"""Boilerplate lines at the start and the end of a plain text import: what a scraper keeps
of a news page around the article ("views", "Comments", "0 comment", "Share | Tweet",
"Advertisement", "Read more").

The rules are conservative, since a dropped line is text nobody can annotate:

- Only lines before the first real line and after the last one go; nothing in between.
- A line is boilerplate when it has no letter or digit ("* * *", "|"), when it has one or
  two words and no sentence punctuation ("views", "Comments", "0 comment", "Read more",
  "World News", "By Reuters"), when every word of it is a page's counter or button word
  or a number ("Comments / 0 comment", "Share | Tweet | Email", "1.2K views · 3 comments"),
  or when it is one of the page phrases below ("Share this article", "Follow us on
  Twitter", "You may also like").
- So a headline of three words or more stays, and so does any line with sentence
  punctuation ("Iran." or "No comment.").
- When every line looks like boilerplate, nothing is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that a page's counters and buttons are made of.
_PAGE_WORDS = frozenset("""
    comment comments view views share shares like likes reply replies reaction reactions
    read reads print email e-mail mail tweet tweets facebook twitter whatsapp linkedin
    telegram reddit pinterest copy link save advertisement advert ad ads sponsored
    """.split())
_NUMBER = re.compile(r"\d[\d.,]*[kKmM]?")
_SENTENCE_PUNCTUATION = re.compile(r"[.!?…;,\"“”«»]")
_PAGE_PHRASES = re.compile(r"""(?ix)
    share\ (this|the)\ (article|story|post|page)(\ on\ \w+)?
  | share\ on\ \w+
  | follow\ us(\ on\ \w+)?
  | sign\ up\ (for|to)\ (our|the)\ newsletters?
  | subscribe\ to\ (our|the)\ newsletters?
  | (you\ (may|might)\ also\ like|recommended\ for\ you|more\ from\ this\ section)
  | (leave\ a\ (comment|reply)|add\ a\ comment|skip\ to\ (main\ )?content|back\ to\ top)
  | (related\ (articles|stories|posts|news|content)|most\ (read|popular|viewed))
  | (read\ more|read\ next|click\ here)(\ (about|on|at|to|here)\b[^.!?]{0,80})?
  | \W*(©|copyright\ *(©|\(c\)|\d{4})).{0,80}
""")


TITLE_LIMIT = 120  # longer first lines are paragraphs (import_records.title_from cuts there)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")


def is_headline(line: str) -> bool:
    """Whether a text's first line reads as a headline (short, and not ending like a
    sentence): it is then the title and is taken out of the text."""
    text = line.strip()
    return len(text) <= TITLE_LIMIT and not _SENTENCE_END.search(text)


@dataclass(frozen=True)
class DroppedLine:
    """A boilerplate line left out of a text: its line in the file (from 1) and its text."""

    line: int
    text: str


def is_boilerplate(line: str) -> bool:
    """Whether one line (without its line end) reads as page boilerplate, not article text."""
    text = line.strip()
    words = [w for w in re.split(r"\s+", text) if any(c.isalnum() for c in w)]
    if not words:
        return True
    if _PAGE_PHRASES.fullmatch(text):
        return True
    if len(words) <= 2 and not _SENTENCE_PUNCTUATION.search(text):
        return True
    return all(_NUMBER.fullmatch(w.strip("()[]:")) or w.strip("()[]:").lower() in _PAGE_WORDS
               for w in words)


def boilerplate_bounds(lines: list[str], first_line: int = 1
                       ) -> tuple[int, int, list[DroppedLine]]:
    """The lines to keep, `lines[start:end]`, and the boilerplate lines dropped before and
    after them. Blank lines between dropped lines go with them; with nothing dropped at an
    end, that end stays as it was (blank lines and all). `first_line` is the number of
    `lines[0]` in its file."""
    real = [i for i, line in enumerate(lines) if line.strip() and not is_boilerplate(line)]
    if not real:
        return 0, len(lines), []
    head = [i for i in range(real[0]) if lines[i].strip()]
    tail = [i for i in range(real[-1] + 1, len(lines)) if lines[i].strip()]
    start = real[0] if head else 0
    end = real[-1] + 1 if tail else len(lines)
    dropped = [DroppedLine(i + first_line, lines[i].strip()) for i in (*head, *tail)]
    return start, end, dropped

"""Small generated news for the training tests: regular enough that a tiny model learns it in
a few dozen steps, with emoji above U+FFFF and CRLF line ends in the raw texts."""

from __future__ import annotations

import random

PEOPLE = ["Angela Merkel", "Olaf Scholz", "Emmanuel Macron", "Joe Biden", "Rishi Sunak",
          "Giorgia Meloni", "Pedro Sánchez", "Mette Frederiksen"]
ORGS = ["Reuters", "Siemens", "Volkswagen", "Airbus", "Deutsche Bank", "Nestlé"]
SAYINGS = ["We will win the vote", "Nothing has been decided yet", "The talks went well",
           "Prices will fall next year", "We need more time"]


def article(rng: random.Random, n: int, annotator: str = "alice",
            quotes: bool = True) -> dict:
    """One article (raw text with CRLF) and its spans, offsets into the raw text."""
    parts: list[tuple[str, str | None]] = []
    person, org, other = rng.choice(PEOPLE), rng.choice(ORGS), rng.choice(PEOPLE)
    parts += [("🇩🇪 ", None), (person, "PERSON"), (" 😀 met the board of ", None),
              (org, "ORG"), (" on Friday.\r\n", None)]
    if quotes:
        parts += [(f'"{rng.choice(SAYINGS)},"', "QUOTE"), (" said ", None), (other, "PERSON"),
                  (" 👍🏽.\r\n", None)]
    parts += [("Shares of ", None), (rng.choice(ORGS), "ORG"),
              (f" rose by {rng.randint(2, 9)} percent.", None)]
    text, spans = "", []
    for piece, label in parts:
        if label is not None:
            spans.append({"start": len(text), "end": len(text) + len(piece), "text": piece,
                          "label": label})
        text += piece
    return {"id": f"n{n}", "text": text, "spans": spans, "annotator": annotator,
            "status": "done"}


def articles(count: int, seed: int = 1, **kwargs: object) -> list[dict]:
    rng = random.Random(seed)
    return [article(rng, n, **kwargs) for n in range(count)]  # type: ignore[arg-type]

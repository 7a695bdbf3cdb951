"""Counts in messages: "1 record", "2 records", "0 entities". Every message of the command
line and the window that prints a count of things goes through `plural`."""

from __future__ import annotations

_KEEP = ("s", "x", "z", "ch", "sh")


def plural_form(noun: str) -> str:
    """The English plural of a regular noun: "entity" gives "entities", "box" "boxes",
    "record" "records"."""
    if noun.endswith("y") and noun[-2:-1] not in ("", *"aeiou"):
        return noun[:-1] + "ies"
    if noun.endswith(_KEEP):
        return noun + "es"
    return noun + "s"


def plural(count: int, noun: str, many: str | None = None, grouped: bool = False) -> str:
    """The count and the noun that fits it: plural(1, "record") is "1 record",
    plural(2, "record") "2 records", plural(0, "record") "0 records". `many` names an
    irregular plural (plural(n, "person", "people")); `grouped` writes the count with
    thousands separators ("12,400 characters")."""
    number = f"{count:,}" if grouped else str(count)
    if count == 1:
        return f"{number} {noun}"
    return f"{number} {many if many is not None else plural_form(noun)}"

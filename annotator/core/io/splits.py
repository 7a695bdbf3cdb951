"""Splitting an export by article: deterministic for a seed and a store, and articles with
the same text hash always in the same part (a near-duplicate never leaks from train to test).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path

from ..errors import DataError

_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


def parse_split(spec: str | Mapping[str, float]) -> dict[str, float]:
    """`"train=0.8,dev=0.1,test=0.1"` (or a mapping) to checked fractions that sum to 1."""
    if isinstance(spec, Mapping):
        items = [(str(name), value) for name, value in spec.items()]
    else:
        items = []
        for piece in spec.split(","):
            name, sep, value = piece.strip().partition("=")
            if not sep:
                raise DataError(f"split part {piece.strip()!r} must be NAME=FRACTION, "
                                "e.g. train=0.8,dev=0.1,test=0.1")
            try:
                items.append((name.strip(), float(value)))
            except ValueError:
                raise DataError(f"split part {name.strip()!r}: {value.strip()!r} is not a "
                                "number") from None
    parts: dict[str, float] = {}
    for name, fraction in items:
        if not _NAME.match(name):
            raise DataError(f"split part name {name!r} may only have letters, digits, - and _")
        if name in parts:
            raise DataError(f"split part {name!r} is named twice")
        if not 0 < fraction <= 1:
            raise DataError(f"split part {name!r}: fraction {fraction} is not in (0, 1]")
        parts[name] = float(fraction)
    if len(parts) < 2:
        raise DataError("a split needs at least two parts, e.g. train=0.8,test=0.2")
    if abs(sum(parts.values()) - 1) > 1e-6:
        raise DataError(f"split fractions add up to {sum(parts.values()):g}, not 1")
    return parts


def assign_parts(groups: list[tuple[int, str]], parts: dict[str, float],
                 seed: int) -> dict[int, str]:
    """Article pk -> part. `groups` is (pk, text hash) of every article exported.

    Hashes are ordered by sha256(seed, hash), a shuffle that depends on nothing but the
    seed and the texts, then dealt out in order until each part has its share of articles.
    """
    by_hash: dict[str, list[int]] = {}
    for pk, digest in groups:
        by_hash.setdefault(digest, []).append(pk)
    order = sorted(by_hash, key=lambda d: hashlib.sha256(f"{seed}\0{d}".encode()).digest())
    total = len(groups)
    names = list(parts)
    bounds, cumulative = [], 0.0
    for name in names:
        cumulative += parts[name]
        bounds.append(round(cumulative * total))
    assigned: dict[int, str] = {}
    index = done = 0
    for digest in order:
        while index < len(names) - 1 and done >= bounds[index]:
            index += 1
        for pk in by_hash[digest]:
            assigned[pk] = names[index]
        done += len(by_hash[digest])
    return assigned


def part_path(path: Path, part: str, extension: str) -> Path:
    """`news.jsonl` and part `train` -> `news.train.jsonl` (in the same folder)."""
    suffix = path.suffix or extension
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return path.with_name(f"{stem}.{part}{suffix}")

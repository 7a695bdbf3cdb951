"""The gold layer: the reviewed version of an article that becomes training data.

It is an ordinary layer (spans, relations, a status) under a reserved annotator name, so
every operation, the undo history and every export work on it unchanged. Its status is the
article's review status.
"""

from __future__ import annotations

GOLD = "gold"

# The gold layer's status, as the review status a reviewer reads in the window and the CLI.
REVIEW_STATUS = {None: "unreviewed", "todo": "unreviewed", "in progress": "in review",
                 "done": "reviewed", "skipped": "reviewed"}
REVIEW_STATUSES = ("unreviewed", "in review", "reviewed")


def is_gold(annotator: str | None) -> bool:
    return annotator == GOLD

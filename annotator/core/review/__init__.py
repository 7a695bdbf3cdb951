"""Review: compare annotators' layers of an article and decide the gold version.

`candidates()` groups what the compared annotators marked over the same stretch of text and
says how they differ; the operations in `operations/review.py` put the reviewer's decisions
into the gold layer (an ordinary layer under a reserved name, see gold.py).
"""

from ..gold import GOLD, REVIEW_STATUS, REVIEW_STATUSES, is_gold
from .candidates import Candidate, Version, candidates, load_candidates

__all__ = ["GOLD", "REVIEW_STATUS", "REVIEW_STATUSES", "Candidate", "Version", "candidates",
           "is_gold", "load_candidates"]

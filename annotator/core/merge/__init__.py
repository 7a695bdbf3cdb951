"""Merging annotators' stores (or their JSONL exports) into one target store, and what a
merge reports. The SQL it needs lives in store/merge.py."""

from .into_path import merge_into_path
from .merging import merge_stores
from .source_merge import MergeCancelled
from .sources import merge_size
from .summary import Conflict, MergeSummary

__all__ = ["Conflict", "MergeCancelled", "MergeSummary", "merge_into_path", "merge_size",
           "merge_stores"]

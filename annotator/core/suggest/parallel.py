"""Running suggestion sources over batches of articles in worker processes.

`suggest` reads and writes in one process (the store's transaction is its own), and the
sources, which take nearly all of a run's time (spaCy's tokenizer and the quote finder),
run in forked workers, a batch of articles at a time. The results come back in the order
the batches went out, so that the layer is written exactly as one process would write it.

Only sources that are safe to fork run in workers (`fork_safe = True`: the quote finder
without a pipeline, the corpus, patterns); a pipeline (`model=`, `quotes --with-model`) may
hold threads and large weights, and runs in the one process. Forking is used only where it
is the platform's own way (Linux); elsewhere a run keeps to one process.

At most two batches per worker are in flight, so memory stays flat whatever the run's size.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections import Counter, deque
from collections.abc import Collection, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from .base import Article, Suggestions, SuggestionSource

K = TypeVar("K")

MAX_JOBS = 4  # beyond this, writing the layer in one process is what limits a run
_IN_FLIGHT = 2  # batches per worker given out ahead
RENEW_AFTER = 25  # batches between fresh workers (5,000 articles): memory stays flat

Outputs = list[list[Suggestions]]  # per source, one Suggestions per article


def usable_cpus() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def default_jobs() -> int:
    return max(1, min(MAX_JOBS, usable_cpus()))


def can_fork(sources: Sequence[SuggestionSource]) -> bool:
    return (sys.platform.startswith("linux")
            and "fork" in multiprocessing.get_all_start_methods()
            and all(getattr(source, "fork_safe", False) for source in sources))


def run_sources(sources: Sequence[SuggestionSource], articles: list[Article],
                labels: Collection[str]) -> tuple[Outputs, Counter[str]]:
    """Every source over one batch, and the labels the sources could not place (counted
    for this batch only, so that workers' counts add up)."""
    before = [Counter(getattr(source, "unknown", {})) for source in sources]
    outputs = [list(source.suggest(articles, labels)) for source in sources]
    unknown: Counter[str] = Counter()
    for source, earlier in zip(sources, before, strict=True):
        unknown.update(Counter(getattr(source, "unknown", {})) - earlier)
    return outputs, unknown


# A worker's sources and labels, inherited from the parent when the pool forks.
_WORKER: dict[str, Any] = {}


def _start_worker(sources: Sequence[SuggestionSource], labels: Collection[str],
                  parent: int) -> None:
    _die_with(parent)
    _WORKER["sources"], _WORKER["labels"] = sources, labels


def _die_with(parent: int) -> None:
    """End this worker when its parent ends (killed, say): a worker would otherwise wait
    for batches for ever, since it holds the queue's other end itself."""
    import ctypes
    import signal

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent was gone before that took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _run_batch(articles: list[Article]) -> tuple[Outputs, Counter[str]]:
    return run_sources(_WORKER["sources"], articles, _WORKER["labels"])


class Workers:
    """A pool of forked workers running `sources`; use as a context manager. A worker that
    dies (killed, out of memory) fails the run with BrokenProcessPool rather than hang it."""

    def __init__(self, sources: Sequence[SuggestionSource], labels: Collection[str],
                 jobs: int) -> None:
        self.jobs = jobs
        self.sources, self.labels = sources, frozenset(labels)
        for source in sources:  # loaded once here, shared by the workers' forked pages
            prepare = getattr(source, "prepare", None)
            if prepare is not None:
                prepare()
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_start_worker,
                                   initargs=(self.sources, self.labels, os.getpid()))
        # The workers fork at the first task. With the parent's objects frozen, the
        # workers' garbage collector leaves their pages alone, and they stay shared.
        gc.freeze()
        try:
            pool.submit(int).result()
        finally:
            gc.unfreeze()
        return pool

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        # after an error or a cancel, what the workers still do is of no use
        self.pool.shutdown(wait=True, cancel_futures=True)

    def run(self, batches: Iterable[tuple[K, list[Article]]]
            ) -> Iterator[tuple[K, Outputs, Counter[str]]]:
        """(key, outputs, unknown labels) of each batch, in the order given; a batch is
        only taken from `batches` when a worker will soon be free for it. Every
        `RENEW_AFTER` batches the workers are replaced by fresh ones forked from the
        parent: spaCy's string store keeps every word a tokenizer has seen, and a worker
        that read a whole corpus would hold all of its words."""
        pending: deque[tuple[K, Any]] = deque()
        feed = iter(batches)
        in_pool = 0  # batches given to the present workers
        exhausted = False
        while True:
            if in_pool >= RENEW_AFTER and not pending and not exhausted:
                self.pool.shutdown()
                self.pool, in_pool = self._start(), 0
            while not exhausted and len(pending) < self.jobs * _IN_FLIGHT and \
                    in_pool < RENEW_AFTER:
                item = next(feed, None)
                if item is None:
                    exhausted = True
                    break
                key, articles = item
                pending.append((key, self.pool.submit(_run_batch, articles)))
                in_pool += 1
            if not pending:
                return
            key, future = pending.popleft()
            outputs, unknown = future.result()  # a worker's error is raised here
            yield key, outputs, unknown

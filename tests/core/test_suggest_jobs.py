"""`suggest` with worker processes: the same layer as one process, errors and a dead worker
stop the run with nothing stored, and sources that may not fork stay in the one process."""

from __future__ import annotations

import os
import sys
from collections import Counter
from concurrent.futures.process import BrokenProcessPool

import pytest
from conftest import table_counts, write_jsonl

from annotator.core import AddSpan, import_files
from annotator.core.suggest import Suggestions, running
from annotator.core.suggest.base import ProposedSpan
from annotator.core.suggest.running import make_sources, run_suggestions

pytest.importorskip("spacy")
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="workers are forked on Linux only")

TEXTS = [
    '"We will win the vote," said Angela Merkel 👍🏽 in Berlin.\nReuters and REUTERS reported.',
    "🇩🇪 Angela Merkel met Reuters on Friday. The minister said the talks went well.",
    "According to the ministry, prices will rise. “No,” she said.\r\nNothing else.",
]


@pytest.fixture
def news(store, tmp_path, monkeypatch):
    """Nine articles in batches of two: five batches, enough to share among workers."""
    monkeypatch.setattr(running, "_BATCH", 2)
    records = [{"id": f"a{n}", "text": TEXTS[n % 3] + f" Story {n}."} for n in range(9)]
    import_files(store, [write_jsonl(tmp_path / "a.jsonl", records)])
    first = store.annotations.article_by_id("a0")
    start = first.text.index("Angela Merkel")
    AddSpan(first.pk, "alice", start, start + len("Angela Merkel"), "PERSON").apply(
        store, "alice")
    return store


def stored(store) -> list[tuple]:
    """Every suggested span (in the order written) and link, a link by its ends' spans."""
    rows = store.conn.execute(
        'SELECT id, article, start, "end", label, text, attrs FROM spans '
        "WHERE annotator = 'suggested' ORDER BY id").fetchall()
    spans = {row[0]: row[1:] for row in rows}
    links = store.conn.execute(
        "SELECT r.head, r.child, r.label FROM relations r JOIN spans s ON s.id = r.head "
        "WHERE s.annotator = 'suggested' ORDER BY r.id").fetchall()
    return [*spans.values(), *((spans[h], spans[c], label) for h, c, label in links)]


def test_workers_store_exactly_what_one_process_stores(news):
    one = run_suggestions(news, make_sources(news, ["quotes", "corpus"]), jobs=1)
    alone = stored(news)
    two = run_suggestions(news, make_sources(news, ["quotes", "corpus"]), jobs=2)
    assert stored(news) == alone and len(alone) > 20
    assert (two.articles, two.spans_by_label, two.links) == (
        one.articles, one.spans_by_label, one.links)


class Probe:
    """A source that notes the process it runs in, fails where told, and counts a label it
    cannot place once per article."""

    name = "probe"

    def __init__(self, fork_safe: bool, fail_at: str = "", die_at: str = "") -> None:
        self.fork_safe = fork_safe
        self.fail_at, self.die_at = fail_at, die_at
        self.pids: list[int] = []
        self.unknown: Counter[str] = Counter()

    def suggest(self, articles, labels):
        for article in articles:
            self.pids.append(os.getpid())
            if article.id == self.fail_at:
                raise ValueError(f"cannot read {article.id}")
            if article.id == self.die_at:
                os._exit(3)  # a worker killed in the middle of a batch
            self.unknown["WEAPON"] += 1
            yield Suggestions(article.id, [ProposedSpan("p1", 0, 3, "ORG")])


def test_fork_safe_sources_run_in_workers_and_their_counts_add_up(news):
    probe = Probe(fork_safe=True)
    summary = run_suggestions(news, [probe], jobs=2)
    assert probe.pids == []  # the parent's copy never ran: the workers' copies did
    assert summary.unknown_labels == {"WEAPON": 9}
    assert summary.spans_by_label == Counter({"ORG": 9})


def test_a_source_that_may_not_fork_runs_in_the_one_process(news):
    probe = Probe(fork_safe=False)
    run_suggestions(news, [*make_sources(news, ["corpus"]), probe], jobs=2)
    assert probe.pids == [os.getpid()] * 9


@pytest.mark.parametrize("how", ["fail_at", "die_at"])
def test_a_worker_s_error_or_death_stops_the_run_and_stores_nothing(news, how):
    run_suggestions(news, make_sources(news, ["corpus"]))
    before = table_counts(news), stored(news)
    probe = Probe(fork_safe=True, **{how: "a6"})
    expected = ValueError if how == "fail_at" else BrokenProcessPool
    with pytest.raises(expected):
        run_suggestions(news, [*make_sources(news, ["quotes"]), probe], jobs=2)
    assert (table_counts(news), stored(news)) == before


def test_workers_are_renewed_and_the_layer_is_still_the_same(news, monkeypatch):
    from annotator.core.suggest import parallel
    run_suggestions(news, make_sources(news, ["quotes", "corpus"]), jobs=1)
    alone = stored(news)
    monkeypatch.setattr(parallel, "RENEW_AFTER", 2)  # five batches: three sets of workers
    started = []
    start = parallel.Workers._start
    monkeypatch.setattr(parallel.Workers, "_start",
                        lambda self: started.append(1) or start(self))
    run_suggestions(news, make_sources(news, ["quotes", "corpus"]), jobs=2)
    assert stored(news) == alone and len(started) == 3


def test_workers_end_when_their_parent_is_killed(tmp_path):
    """A run killed outright (SIGKILL, SIGTERM) must not leave workers waiting for ever."""
    import signal
    import subprocess
    import time

    noted = tmp_path / "pids"
    script = (
        "import os, signal, sys\n"
        "from annotator.core.suggest.corpus import CorpusSource\n"
        "from annotator.core.suggest.parallel import Workers\n"
        "workers = Workers([CorpusSource([])], {'ORG'}, 2)\n"
        "with open(sys.argv[1], 'w') as f: print(*workers.pool._processes, file=f)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n")
    # no pipes: a worker left behind would keep them open and the wait would never end
    run = subprocess.run([sys.executable, "-c", script, str(noted)], timeout=60,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert run.returncode == -signal.SIGKILL
    pids = [int(pid) for pid in noted.read_text().split()]
    assert len(pids) == 2

    def alive(pid: int) -> bool:
        try:
            with open(f"/proc/{pid}/status") as status:
                return "\nState:\tZ" not in status.read()  # a zombie has ended
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 10
    while any(map(alive, pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in pids if alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []

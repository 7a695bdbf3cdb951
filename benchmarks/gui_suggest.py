"""Suggestions in the window (offscreen): what showing a suggestion layer adds to opening an
article, and what accepting or rejecting one costs, on an article with about 200
suggestions.

    python benchmarks/gui_suggest.py
    python benchmarks/gui_suggest.py --suggestions 1000 --repeats 60
    python benchmarks/gui_suggest.py --clock cpu   # on a machine other processes keep busy

Measured, each through the controller as the keys do and with the view painted after:
- open an article (`load_article`, every panel brought up to date, painted) with View >
  Suggestions on None and on the layer: the difference is what suggestions add (target
  under 5 ms);
- accept one suggestion (Enter), reject one (X), undo an accept (Ctrl+Z): target under 16 ms,
  each until Qt has run its events and painted what the step changed (`--full-repaint`
  paints the whole view after each, as the first figures were taken);
  beside them, adding a span of one's own to the same article (a label's key), the floor:
  the same saving and the same repaint of a screen dense with marks;
- accept all of the article's suggestions as one step (Ctrl+Shift+A), for information.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from gui import article_text, ms, timed_paint, word_spans

LAYER = "suggested"
# Wall-clock time by default; `--clock cpu` counts the process's CPU time instead, which a
# machine shared with other busy processes inflates far less (the window's work, Qt's
# painting included, runs in this one process; the offscreen platform has no server).
CLOCK = time.perf_counter
FULL_REPAINT = False  # --full-repaint: the view repainted whole after every step


class Fixed:
    """A suggestion source that proposes the given (start, end, label) on one article."""

    name = "bench"

    def __init__(self, article_id: str, spans: list[tuple[int, int, str]]) -> None:
        self.article_id, self.spans = article_id, spans

    def suggest(self, articles, labels):
        from annotator.core.suggest import ProposedSpan, Suggestions
        for article in articles:
            spans = ([ProposedSpan(str(i), start, end, label)
                      for i, (start, end, label) in enumerate(self.spans)]
                     if article.id == self.article_id else [])
            yield Suggestions(article.id, spans)


def build(path: Path, size: int, suggestions: int, own: int) -> None:
    """A store with the article, `own` spans of the person's and `suggestions` suggested
    ones on other words (none overlapping the person's), and a blank article."""
    from annotator.core import Store, default_schema
    from annotator.core.model import Span
    from annotator.core.suggest.running import run_suggestions
    rng = random.Random(5)
    text = article_text(rng, size)
    chosen = word_spans(text, suggestions + own, rng)
    rng.shuffle(chosen)
    mine, offered = sorted(chosen[:own]), sorted(chosen[own:])
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with Store.create(path, default_schema()) as store:
        with store.transaction():
            store.annotations.ensure_annotator("bench")
            pk = store.conn.execute(
                "INSERT INTO articles (id, title, text, text_hash, imported_at) "
                "VALUES ('news', 'news', ?, 'news', 'now')", (text,)).lastrowid
            store.conn.execute("INSERT INTO articles (id, title, text, text_hash, imported_at)"
                               " VALUES ('blank', 'blank', 'x', 'blank', 'now')")
            store.annotations.set_layer_status(pk, "bench", "in progress")
            for start, end, label in mine:
                store.annotations.insert_span(Span(0, pk, "bench", start, end, label,
                                                   text[start:end]))
        run_suggestions(store, [Fixed("news", offered)], layer=LAYER)


def measure(work: Path, size: int, suggestions: int, own: int, repeats: int) -> list[tuple]:
    from PySide6.QtWidgets import QApplication

    from annotator.gui.main_window import MainWindow
    from annotator.gui.settings import Settings

    app = QApplication.instance() or QApplication([])
    path = work / "suggest.db"
    build(path, size, suggestions, own)
    window = MainWindow(Settings(work / "bench.ini"), "bench")
    window.resize(1380, 860)
    window.show()
    window.open_store(path)
    c = window.controller
    store = c.store
    news = store.annotations.article_by_id("news").pk
    blank = store.annotations.article_by_id("blank").pk
    app.processEvents()

    def open_time(layer: str | None) -> float:
        window.choose_suggestions(layer)
        c.load_article(blank)
        app.processEvents()
        start = CLOCK()
        c.load_article(news)
        timed_paint(app, window.view)
        return CLOCK() - start

    # in turn, so that the machine's load falls on both alike
    without, with_ = [], []
    for _ in range(repeats * 2):
        without.append(open_time(None))
        with_.append(open_time(LAYER))
    offered = len(c.state.suggestions)
    plain, shown = statistics.median(without), statistics.median(with_)
    rows = [(f"open the article, {own} own spans, no suggestions", ms(plain), "", ""),
            (f"open it with {offered} suggestions shown", ms(shown), f"+{ms(shown - plain)}",
             "under +5 ms" + (" met" if shown - plain < 0.005 else ": MISSED"))]

    def timed(step) -> float:
        """The step until the screen shows it: Qt's events run, the view painted where the
        step changed it (all of it with --full-repaint, as before)."""
        start = CLOCK()
        step()
        if FULL_REPAINT:
            timed_paint(app, window.view)
        else:
            app.processEvents()
        return CLOCK() - start

    import re
    taken = [(s.start, s.end) for s in [*c.state.spans.values(), *c.state.suggestions]]
    free = [m.span() for m in re.finditer(r"\w+", c.state.article.text)
            if not any(a < m.end() and m.start() < b for a, b in taken)]
    free = free[::max(1, len(free) // repeats)][:repeats]  # all over the article
    keys = window.suggest_keys

    def go_to(offset: int) -> None:
        """Where the person is before the key: the caret there, in view and drawn."""
        window.view.place_caret(offset)
        timed_paint(app, window.view)

    adds, accepts, rejects, undos = [], [], [], []
    for i in range(repeats):  # in turn, so that the machine's load falls on each alike
        start, end = free[i % len(free)]
        go_to(start)
        adds.append(timed(lambda: c.add_span("EVENT", start, end)))  # noqa: B023
        c.undo()
        for times, step in ((accepts, keys.accept), (rejects, keys.reject)):
            target = c.state.suggestions[(i * 7) % len(c.state.suggestions)]
            keys._go(target)  # J went to it
            go_to(target.start)
            times.append(timed(step))
            if times is accepts:
                undos.append(timed(c.undo))
            else:
                c.undo()
    assert len(c.state.suggestions) == offered
    for name, times in (("accept one (Enter)", accepts), ("reject one (X)", rejects),
                        ("undo an accept (Ctrl+Z)", undos), ("floor: add a span (a label's key)",
                                                             adds)):
        median, worst = statistics.median(times), max(times)
        rows.append((name, ms(median), f"worst {ms(worst)}",
                     "under 16 ms" + (" met" if median < 0.016 else ": MISSED")
                     if times is not adds else "(the floor)"))
    every = timed(c.accept_all_suggestions)
    assert not c.state.suggestions
    back = timed(c.undo)
    rows.append((f"accept all {offered} (Ctrl+Shift+A), one step", ms(every),
                 f"undo {ms(back)}", "(for information)"))
    window.close()
    c.close_store()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000, help="characters of the article")
    parser.add_argument("--suggestions", type=int, default=200)
    parser.add_argument("--own", type=int, default=50, help="the person's own spans")
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="wall-clock time, or this process's CPU time (on a busy machine)")
    parser.add_argument("--full-repaint", action="store_true",
                        help="repaint the whole view after each step (the figures before "
                             "the view repainted only what a step changed)")
    args = parser.parse_args()
    global CLOCK, FULL_REPAINT
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    FULL_REPAINT = args.full_repaint
    with tempfile.TemporaryDirectory() as folder:
        rows = measure(Path(folder), args.size, args.suggestions, args.own, args.repeats)
    print(f"{'measure':<52} {'median':>9}  {'':<18} target")
    for name, value, extra, target in rows:
        print(f"{name:<52} {value:>9}  {extra:<18} {target}")


if __name__ == "__main__":
    main()

"""Review mode's speed (offscreen), against a floor measured in the same run.

    python benchmarks/review.py

Two annotators have each marked an article (a 3 KB one with 20 spans each, a 300,000-
character one with 5,000 each; a fifth of them differ in bounds or label). Measured:

- the candidates of the article (core: read three layers, group, classify);
- a decision from the keyboard in the window: accept one annotator's version of the current
  candidate, saved, the candidates read again, the table and the text redrawn and painted
  (median and worst of 40); target: median under 16 ms for the 3 KB article; for the large
  one within 4x of the floor, the window's own path for adding one span there (what an
  annotator waits for at each key);
- accepting everything agreed in the large article at once (one undoable step).
"""

from __future__ import annotations

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


def build(path: Path, rng: random.Random) -> dict[str, int]:
    from annotator.core import Store, default_schema
    from annotator.core.model import Span
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    store = Store.create(path, default_schema())
    pks = {}
    with store.transaction():
        for name, size, count in (("small", 3000, 20), ("large", 300_000, 5000)):
            text = article_text(rng, size)
            pks[name] = store.conn.execute(
                "INSERT INTO articles (id, title, text, text_hash, imported_at) "
                "VALUES (?, ?, ?, ?, 'now')", (name, name, text, name)).lastrowid
            spans = word_spans(text, count, rng)
            for who in ("alice", "bob"):
                store.annotations.ensure_annotator(who)
                store.annotations.set_layer_status(pks[name], who, "done")
                for start, end, label in spans:
                    if who == "bob" and rng.random() < 0.2:  # bob differs here
                        if rng.random() < 0.5:
                            label = "ORG" if label != "ORG" else "GPE"
                        else:
                            end = max(start + 1, end - 1)
                    store.annotations.insert_span(Span(0, pks[name], who, start, end, label,
                                           text[start:end]))
    store.close()
    return pks


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from annotator.core import Store
    from annotator.core.review import load_candidates
    from annotator.gui.main_window import MainWindow
    from annotator.gui.settings import Settings

    app = QApplication.instance() or QApplication([])
    work = Path(tempfile.mkdtemp(prefix="annotator-review-bench-"))
    path = work / "review.db"
    pks = build(path, random.Random(5))
    rows = []
    store = Store.open(path)
    for name in ("small", "large"):
        times = []
        for _ in range(10):
            t0 = time.perf_counter()
            found = load_candidates(store, pks[name], ("alice", "bob"))
            times.append(time.perf_counter() - t0)
        rows.append((f"candidates: {name} ({len(found):,})", ms(statistics.median(times)), "",
                     "(core)", True))
    store.close()

    window = MainWindow(Settings(work / "bench.ini"), "carol")
    window.show()
    window.open_store(path)
    window.controller.load_article(pks["large"])
    app.processEvents()
    # The floor: the annotating window's path for one span added in the large article.
    text = window.controller.state.article.text
    floor_times = []
    for start in range(10, 40 * 700, 700):
        t0 = time.perf_counter()
        window.controller.add_span("ORG", start, start + 3)
        timed_paint(app, window.view)
        floor_times.append(time.perf_counter() - t0)
    floor = statistics.median(floor_times)
    window.controller.start_review(("alice", "bob"))
    app.processEvents()
    session = window.review.session
    for name in ("small", "large"):
        window.controller.load_article(pks[name])
        app.processEvents()
        times = []
        for _ in range(min(40, sum(c.disagreement for c in session.candidates))):
            if session.candidate is None:
                break
            t0 = time.perf_counter()
            session.accept(1)
            timed_paint(app, window.view)
            times.append(time.perf_counter() - t0)
            session.step(1)
            app.processEvents()
        median, worst = statistics.median(times), max(times)
        if name == "small":
            rows.append(("decide: 3 KB, 20 spans each", ms(median), f"worst {ms(worst)}",
                         "< 16 ms", median < 0.016))
        else:
            rows.append(("decide: 300k, 5,000 spans each", ms(median), ms(floor),
                         f"{median / floor:.2f}x (< 4x)", median / floor < 4))
    t0 = time.perf_counter()
    session.accept_agreed()
    timed_paint(app, window.view)
    agreed = time.perf_counter() - t0
    rows.append(("accept all agreed, 300k article", ms(agreed), "", "(one step)", True))
    window.close()
    del text
    print(f"{'measure':42} {'ours':>10} {'floor':>16}  result")
    for name, ours, floor_text, result, ok in rows:
        print(f"{name:42} {ours:>10} {floor_text:>16}  {result}  {'ok' if ok else 'MISSED'}")
    sys.exit(0 if all(row[-1] for row in rows) else 1)


if __name__ == "__main__":
    main()

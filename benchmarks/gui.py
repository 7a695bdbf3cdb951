"""The window's speed and memory (offscreen), each against a floor measured in the same run.

    python benchmarks/gui.py              # a store of 100,000 articles (built once, ~40 s)
    python benchmarks/gui.py -n 10000     # quicker

Measured:
- open an article and paint it with its highlights: a 3 KB article with 20 spans (target
  under 5 ms); a 300,000-character article with 5,000 spans against the floor of
  `setPlainText` plus the first paint of the same text in a plain QPlainTextEdit (target
  within 3x). "view" is the article view given the spans (what the targets are for);
  "window" is the whole path, for information: the spans read from the store, the lists,
  the header and the details brought up to date, and every changed panel painted;
- add, relabel and delete one span in that large article, saved, drawn and painted (target
  median under 8 ms, worst under 16 ms), with 500 and with 5,000 spans already there;
- start-up to the first painted window on the N-article store, in a fresh process, against
  a bare QMainWindow's (target within 1.5x); the article list shown (under 60 ms); a
  search of the whole store for a common word and for a rare one (under 50 ms); peak memory
  of the window with that store open (under 300 MB);
- extreme articles (gui_extremes.py): 100,000 spans, and 50 MB of text, each opened in a
  fresh process in under 2 s and 1 GB, against `setPlainText` of the same text.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from gui_extremes import measure as extremes
from gui_extremes import report
from import_export import EXTRA, WORDS, generate

LABELS = ["PERSON", "ORG", "GPE", "LOC", "NORP", "CLAIM", "QUOTE"]

FIRST_PAINT = textwrap.dedent("""
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QObject, QEvent
    from PySide6.QtWidgets import QApplication
    class FirstPaint(QObject):  # watches the main window only: every event costs a call
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and not hasattr(self, "seen"):
                self.seen = time.time()
            return False
    app = QApplication(sys.argv)
    watcher = FirstPaint()
    if sys.argv[1] == "bare":
        from PySide6.QtWidgets import QMainWindow
        window = QMainWindow()
        window.resize(1380, 860)
        window.installEventFilter(watcher)
        window.show()
        while not hasattr(watcher, "seen"):
            app.processEvents()
        print(watcher.seen)
        sys.exit(0)
    from pathlib import Path
    from annotator.gui.app import start
    from annotator.gui.settings import Settings
    settings = Settings(Path(sys.argv[3]))
    window = start(settings, Path(sys.argv[2]), annotator="bench")
    window.installEventFilter(watcher)  # nothing is painted before the event loop runs
    while not hasattr(watcher, "seen"):
        app.processEvents()
    painted = watcher.seen
    while window.controller.state.article is None:
        app.processEvents()
    window.list_panel.table.viewport().repaint()
    listed = time.time()
    print(painted, listed)
    import resource
    keys = window.controller.store.browse.article_keys("bench", search="minister")
    window.list_panel.search_box.setText("minister")
    window.list_panel.apply_filters()
    app.processEvents()
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(keys))
""")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def article_text(rng: random.Random, size: int) -> str:
    """News-like paragraphs of about 800 characters, to `size` characters."""
    paragraphs, length = [], 0
    while length < size:
        words, count = [], 0
        while count < 800:
            word = rng.choice(EXTRA) if rng.random() < 0.03 else rng.choice(WORDS)
            words.append(word)
            count += len(word) + 1
        paragraph = " ".join(words)
        paragraphs.append(paragraph)
        length += len(paragraph) + 1
    return "\n".join(paragraphs)[:size]


def word_spans(text: str, count: int, rng: random.Random) -> list[tuple[int, int, str]]:
    import re
    words = [m.span() for m in re.finditer(r"\w+", text)]
    chosen = sorted(rng.sample(range(len(words)), count))
    return [(*words[i], LABELS[i % len(LABELS)]) for i in chosen]


def timed_paint(app, widget) -> None:
    widget.viewport().repaint()
    app.processEvents()


def in_process(work: Path) -> list[tuple[str, str, str, str, bool]]:
    from PySide6.QtGui import QTextOption
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from annotator.core import Store, default_schema
    from annotator.core.model import Span
    from annotator.gui.main_window import MainWindow
    from annotator.gui.settings import Settings

    app = QApplication.instance() or QApplication([])
    rng = random.Random(3)
    path = work / "articles.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    store = Store.create(path, default_schema())
    texts = {"small": article_text(rng, 3000), "large": article_text(rng, 300_000),
             "medium": article_text(rng, 300_000)}
    counts = {"small": 20, "large": 5000, "medium": 500}
    pks = {}
    with store.transaction():
        store.annotations.ensure_annotator("bench")
        for name, text in texts.items():
            pks[name] = store.conn.execute(
                "INSERT INTO articles (id, title, text, text_hash, imported_at) "
                "VALUES (?, ?, ?, ?, 'now')", (name, name, text, name)).lastrowid
            store.annotations.set_layer_status(pks[name], "bench", "in progress")
            for start, end, label in word_spans(text, counts[name], rng):
                store.annotations.insert_span(Span(0, pks[name], "bench", start, end, label,
                                       text[start:end]))
        other = store.conn.execute(
            "INSERT INTO articles (id, title, text, text_hash, imported_at) "
            "VALUES ('blank', 'blank', 'x', 'blank', 'now')").lastrowid
    store.close()
    settings = Settings(work / "bench.ini")
    window = MainWindow(settings, "bench")
    window.show()
    window.open_store(path)
    app.processEvents()
    rows = []

    def open_times(name: str, repeats: int) -> list[float]:
        times = []
        for _ in range(repeats):
            window.controller.load_article(other)
            app.processEvents()
            start = time.perf_counter()
            window.controller.load_article(pks[name])
            timed_paint(app, window.view)
            times.append(time.perf_counter() - start)
        return times

    def view_times(name: str, repeats: int) -> list[float]:
        """The text view alone, spans already read: text set, highlighted and painted."""
        from annotator.core.text import Utf16Index
        store = window.controller.store
        article = store.annotations.article(pks[name])
        spans = {s.id: s for s in store.annotations.layer_spans(article, "bench")}
        times = []
        for _ in range(repeats):
            window.view.show_article("x", Utf16Index("x"), {}, store.schema)
            app.processEvents()
            start = time.perf_counter()
            window.view.show_article(article.text, Utf16Index(article.text), spans,
                                     store.schema)
            window.view.viewport().repaint()
            times.append(time.perf_counter() - start)
        return times

    small_view = statistics.median(view_times("small", 30))
    large_view = statistics.median(view_times("large", 15))
    small = statistics.median(open_times("small", 30))
    large = statistics.median(open_times("large", 15))
    floor_view = QPlainTextEdit()
    floor_view.setReadOnly(True)
    floor_view.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    floor_view.resize(window.view.size())
    floor_view.show()
    floor_times = []
    for _ in range(15):
        floor_view.setPlainText("x")
        app.processEvents()
        start = time.perf_counter()
        floor_view.setPlainText(texts["large"])
        timed_paint(app, floor_view)
        floor_times.append(time.perf_counter() - start)
    floor = statistics.median(floor_times)
    rows += [("view: 3 KB article, 20 spans", ms(small_view), "", "< 5 ms",
              small_view < 0.005),
             ("view: 300k article, 5,000 spans", ms(large_view), ms(floor),
              f"{large_view / floor:.2f}x (< 3x)", large_view / floor < 3),
             ("window: 3 KB article, 20 spans", ms(small), "", "(all panels)", True),
             ("window: 300k article, 5,000 spans", ms(large), ms(floor),
              f"{large / floor:.2f}x (all panels)", True)]

    for name in ("medium", "large"):
        window.controller.load_article(pks[name])
        app.processEvents()
        text = texts[name]
        free = [m.span() for m in __import__("re").finditer(r"\w+", text)][1::7][:40]
        for step in ("add", "relabel", "delete"):
            times = []
            for start, end in free:
                span = next((s for s in window.controller.state.spans.values()
                             if s.start == start and s.end == end), None)
                t0 = time.perf_counter()
                if step == "add":
                    window.controller.add_span("ORG", start, end)
                elif step == "relabel":
                    window.controller.relabel(span.id, "GPE")
                else:
                    window.controller.delete(span.id)
                timed_paint(app, window.view)
                times.append(time.perf_counter() - t0)
            median, worst = statistics.median(times), max(times)
            rows.append((f"{step} a span among {counts[name]:,}", ms(median), (f"worst "
                         f"{ms(worst)}"), "< 8 ms, < 16 ms", median < 0.008 and worst < 0.016))
    window.close()
    return rows


def startup(store: Path, work: Path, runs: int) -> list[tuple[str, str, str, str, bool]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def spawn(*args: str) -> tuple[float, list[str]]:
        settings = work / "startup.ini"
        settings.unlink(missing_ok=True)
        start = time.time()
        out = subprocess.run([sys.executable, "-c", FIRST_PAINT, *args, str(settings)],
                             capture_output=True, text=True, env=env, check=True).stdout
        return start, out.split()

    bare, ours, listed, memory = [], [], [], 0.0
    for _ in range(runs):
        start, out = spawn("bare")
        bare.append(float(out[0]) - start)
        start, out = spawn("ours", str(store))
        ours.append(float(out[0]) - start)
        listed.append(float(out[1]) - float(out[0]))
        memory = max(memory, float(out[2]))
    b, o, shown = min(bare), min(ours), min(listed)
    return [("start-up to first paint", ms(o), ms(b), f"{o / b:.2f}x (< 1.5x)", o / b < 1.5),
            ("then article list shown", ms(shown), "", "< 60 ms", shown < 0.060),
            ("peak memory, store open", f"{memory:.0f} MB", "", "< 300 MB", memory < 300)]


def search(store_path: Path) -> list[tuple[str, str, str, str, bool]]:
    from annotator.core import Store
    store = Store.open(store_path)
    rows = []
    for word, what in (("minister", "a word in every article"), (RARE_WORD, "a rare name"),
                       ("minister embassy", "two words in every article"),
                       ("Zubai", "a prefix, while typing")):
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            keys = store.browse.article_keys("bench", search=word)
            times.append(time.perf_counter() - t0)
        best = min(times)
        rows.append((f"search, {what}: {len(keys):,} hits", ms(best), "", "< 50 ms",
                     best < 0.050))
    store.close()
    return rows


RARE_WORD = "Zubaidi"  # in 100 articles: a search for a name, not for "the"


def add_rare_articles(store: Path, work: Path) -> None:
    """100 articles naming someone rare, so that search is also measured for a name."""
    from annotator.core import Store, import_files
    opened = Store.open(store)
    try:
        if opened.annotations.article_by_id("rare-0") is None:
            source = work / "rare.jsonl"
            rng = random.Random(5)
            with source.open("w", encoding="utf-8") as out:
                for i in range(100):
                    text = article_text(rng, 3000) + f" Officials quoted {RARE_WORD} again."
                    out.write(json.dumps({"id": f"rare-{i}", "title": f"Rare {i}",
                                          "text": text}) + "\n")
            import_files(opened, [source])
            source.unlink()
    finally:
        opened.close()


def build_store(n: int, work: Path) -> Path:
    store = work / f"store-{n}.db"
    if store.exists():
        add_rare_articles(store, work)
        return store
    source = work / f"articles-{n}.jsonl"
    generate(source, n, 3000, 20)
    partial = work / "building.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    subprocess.run([sys.executable, "-m", "annotator", "init", str(partial)], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "annotator", "import", str(partial), str(source)],
                   check=True, stdout=subprocess.DEVNULL)
    partial.rename(store)
    source.unlink()
    add_rare_articles(store, work)
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=100_000, help="articles in the store")
    parser.add_argument("--runs", type=int, default=5, help="start-ups of each kind")
    parser.add_argument("--work", type=Path,
                        default=Path(tempfile.gettempdir()) / "annotator-gui-bench",
                        help="where the store is built (and kept for the next run)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    store = build_store(args.n, args.work)
    print(f"store: {args.n:,} articles ({store.stat().st_size / 1e6:,.0f} MB, ready in "
          f"{time.perf_counter() - started:.0f} s)")
    report(in_process(args.work) + startup(store, args.work, args.runs) + search(store)
           + extremes(args.work))


if __name__ == "__main__":
    main()

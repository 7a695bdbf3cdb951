"""Extreme articles in the window (offscreen): open time and peak memory, each against a floor.

    python benchmarks/gui_extremes.py        # also run by benchmarks/gui.py

Each case runs in a fresh process, so its peak memory (max RSS) is its own:
- 100,000 spans in a 1,000,000-character article, of paragraphs of about 800 characters,
  and all on one line (many sites' articles come as one paragraph);
- a 50 MB article of paragraphs of about 800 characters, with 10,000 spans;
- a 50 MB article of 50 lines of 1 MB each (few very long lines), and one of a single
  line, with 10,000 spans.
"ours" is the window opening the article (read from the store, every panel brought up to
date) until it is painted; the floor is `setPlainText` of the same text in a plain
read-only QPlainTextEdit of the same size, painted. Target: open under 2 s and peak memory
under 1 GB.
"""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
from pathlib import Path

CASES = {  # name: (characters, spans, paragraph length)
    "100,000 spans, 1M chars, 800-char paragraphs": (1_000_000, 100_000, 800),
    "100,000 spans, 1M chars on one line": (1_000_000, 100_000, 1_000_000),
    "50 MB article, 800-char paragraphs": (50_000_000, 10_000, 800),
    "50 MB article, 50 lines of 1 MB": (50_000_000, 10_000, 1_000_000),
    "50 MB article on one line": (50_000_000, 10_000, 50_000_000),
}

CHILD = textwrap.dedent("""
    import os, resource, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv)
    store_path, pk, mode = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    if mode == "floor":
        from PySide6.QtGui import QTextOption
        from PySide6.QtWidgets import QPlainTextEdit
        from annotator.core import Store
        store = Store.open(store_path)
        text = store.annotations.article(pk).text
        view = QPlainTextEdit()
        view.setReadOnly(True)
        view.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        view.resize(900, 800)
        view.show()
        app.processEvents()
        start = time.perf_counter()
        view.setPlainText(text)
        view.viewport().repaint()
        app.processEvents()
    else:
        from annotator.gui.main_window import MainWindow
        from annotator.gui.settings import Settings
        window = MainWindow(Settings(Path(sys.argv[4])), "bench")
        window.show()
        window.open_store(store_path)
        app.processEvents()
        start = time.perf_counter()
        window.controller.load_article(pk)
        window.view.viewport().repaint()
        app.processEvents()
    took = time.perf_counter() - start
    print(took, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
""")


def text_of(rng: random.Random, size: int, paragraph: int) -> str:
    """`size` characters of news-like words, a line break every `paragraph` or so."""
    words = ["minister", "said", "the", "government", "Basra", "on", "Tuesday", "port",
             "workers", "strike", "Baghdad", "officials", "and", "of", "a", "week"]
    piece = " ".join(rng.choice(words) for _ in range(200_000))
    lines, length = [], 0
    while length < size:
        chunks, line = [], 0
        while line < paragraph and length + line < size:
            at = rng.randrange(0, len(piece) - 100_000)
            chunk = piece[at:at + min(paragraph - line, 100_000)].strip()
            chunks.append(chunk)
            line += len(chunk) + 1
        lines.append(" ".join(chunks))
        length += line
    return "\n".join(lines)[:size]


def build(work: Path) -> tuple[Path, dict[str, int]]:
    """A store with the three articles (and a small one, opened first), kept for reuse."""
    from annotator.core import Store, default_schema
    from annotator.core.model import Span

    path = work / "extremes.db"
    if path.exists():
        store = Store.open(path)
        pks = {name: store.annotations.article_by_id(f"x{i}").pk for i, name in enumerate(CASES)}
        store.close()
        return path, pks
    partial = work / "extremes-building.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    store = Store.create(partial, default_schema())
    rng = random.Random(7)
    labels = ["PERSON", "ORG", "GPE", "LOC", "NORP", "CLAIM", "QUOTE"]
    pks = {}
    import re
    with store.transaction():
        store.annotations.ensure_annotator("bench")
        store.conn.execute("INSERT INTO articles (id, title, text, text_hash, imported_at) "
                           "VALUES ('small', 'small', 'A small article.', 'small', 'now')")
        for i, (name, (size, count, paragraph)) in enumerate(CASES.items()):
            text = text_of(rng, size, paragraph)
            pk = store.conn.execute(
                "INSERT INTO articles (id, title, text, text_hash, imported_at) "
                "VALUES (?, ?, ?, ?, 'now')", (f"x{i}", name, text, f"x{i}")).lastrowid
            pks[name] = pk
            store.annotations.set_layer_status(pk, "bench", "in progress")
            words = [m.span() for m in re.finditer(r"\w+", text[:count * 30])]
            for n, (start, end) in enumerate(words[::max(1, len(words) // count)][:count]):
                store.annotations.insert_span(Span(0, pk, "bench", start, end,
                                                   labels[n % len(labels)],
                                       text[start:end]))
    store.close()
    partial.rename(path)
    return path, pks


def measure(work: Path, timeout: int = 120, runs: int = 3) -> list:
    """Rows for the table: the best of `runs` fresh processes for each case and its floor."""
    # Built in a process of its own: a child's max RSS starts from its parent's at the fork.
    subprocess.run([sys.executable, __file__, "--build-only", "--work", str(work)], check=True)
    store, pks = build(work)
    rows = []
    for name, pk in pks.items():
        results: dict[str, tuple[float, float]] = {}
        for mode in ("floor", "ours") * runs:
            settings = work / "extremes.ini"
            settings.unlink(missing_ok=True)
            try:
                out = subprocess.run([sys.executable, "-c", CHILD, str(store), str(pk), mode,
                                      str(settings)], capture_output=True, text=True,
                                     check=True, timeout=timeout).stdout.split()
                took, memory = float(out[-2]), float(out[-1])
            except subprocess.TimeoutExpired:  # hung: reported, not waited for
                took, memory = float(timeout), float("nan")
            best = results.get(mode)
            results[mode] = (took, memory) if best is None or took < best[0] else best
            if took >= timeout:
                break
        (took, memory), (floor, floor_memory) = results["ours"], results["floor"]
        rows.append((f"open: {name}", f"{took:.2f} s", f"{floor:.2f} s",
                     f"{took / floor:.1f}x (< 2 s)", took < 2.0))
        rows.append(("  peak memory", f"{memory:.0f} MB", f"{floor_memory:.0f} MB",
                     "< 1 GB", memory < 1024))
    return rows


def main() -> None:
    import argparse
    import tempfile
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timeout", type=int, default=120,
                        help="seconds before a case counts as hung")
    parser.add_argument("--runs", type=int, default=3, help="the best of this many")
    parser.add_argument("--work", type=Path,
                        default=Path(tempfile.gettempdir()) / "annotator-gui-bench",
                        help="where the store is built (and kept for the next run)")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.build_only:
        build(args.work)
        return
    report(measure(args.work, args.timeout, args.runs))


def report(rows: list) -> None:
    """Print each measure against its floor and exit 1 if a target was missed."""
    print(f"{'measure':42} {'ours':>10} {'floor':>16}  result")
    for name, ours, floor, result, ok in rows:
        print(f"{name:42} {ours:>10} {floor:>16}  {result}  {'ok' if ok else 'MISSED'}")
    sys.exit(0 if all(row[-1] for row in rows) else 1)


if __name__ == "__main__":
    main()

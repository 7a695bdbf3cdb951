"""Quality and speed of the `quotes` suggestion source against human gold quotes.

    python benchmarks/quotes_quality.py [--eval-dir ../shared/eval] [--errors FILE]
                                        [--with-model NAME_OR_PATH]

Reads `ggt_quotes_en.jsonl` and `polnear_quotes_en.jsonl` from the evaluation directory,
runs the finder on each article's bare text (no gold spans given) and prints, per set and
for its development half, its held-out half and the whole, the Gender Gap Tracker's
measure: a suggested QUOTE matches a gold QUOTE when their overlap is at least 30% (and,
second figure, 80%) of the longer of the two, one to one; precision, recall, F1; speaker
accuracy among quotes matched at 30% whose gold names a speaker: the suggested speaker
mention overlaps the gold one or, where the gold has only `meta.speaker_name`, contains its
surname. The naive baseline (text between double quotes, no speaker) is computed in the same
run. Each F1 at 30% comes with a 95% bootstrap interval over articles (resampled with a fixed
seed): how far it may move on other articles of the same kind. The halves are fixed by
article id (crc32 parity); `--errors` writes the development half's misses and false
alarms, and only those, to look at.

Speed: the finder's articles per second on the evaluation texts and on generated ~3 KB
news-like articles, against the floor of `spacy.blank("en")` tokenising the same texts.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.core.suggest.base import Article
from annotator.core.suggest.quotes import QuotesSource

SETS = ("ggt_quotes_en.jsonl", "polnear_quotes_en.jsonl")
LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "CLAIM", "QUOTE", "SPEAKER")
NAIVE = re.compile(r'"[^"\n]+"|“[^”\n]+”')
THRESHOLDS = (0.3, 0.8)


def half(article_id: str) -> str:
    return "dev" if zlib.crc32(article_id.encode()) % 2 == 0 else "held-out"


def gold_quotes(record: dict) -> list[dict]:
    spans = {s["id"]: s for s in record["spans"]}
    speaker = {r["head"]: spans[r["child"]] for r in record["relations"]
               if r["label"] == "SPEAKER"}
    return [{"start": s["start"], "end": s["end"], "speaker": speaker.get(s["id"]),
             "name": (s.get("meta") or {}).get("speaker_name", "")}
            for s in record["spans"] if s["label"] == "QUOTE"]


def suggested(source: QuotesSource, text: str, article_id: str) -> list[dict]:
    out = next(source.suggest([Article(article_id, text)], LABELS))
    spans = {s.id: s for s in out.spans}
    speaker = {link.head: spans[link.child] for link in out.links}
    return [{"start": s.start, "end": s.end, "type": s.attrs.get("type"),
             "speaker": speaker.get(s.id)} for s in out.spans if s.label == "QUOTE"]


def naive(text: str) -> list[dict]:
    return [{"start": m.start(), "end": m.end(), "speaker": None}
            for m in NAIVE.finditer(text)]


def match(gold: list[dict], found: list[dict], threshold: float) -> list[tuple[int, int]]:
    """One to one, best overlap first: (gold index, found index) pairs."""
    pairs = []
    for g, a in enumerate(gold):
        for f, b in enumerate(found):
            overlap = min(a["end"], b["end"]) - max(a["start"], b["start"])
            if overlap <= 0:
                continue
            ratio = overlap / max(a["end"] - a["start"], b["end"] - b["start"])
            if ratio >= threshold:
                pairs.append((ratio, g, f))
    pairs.sort(reverse=True)
    used_g, used_f, out = set(), set(), []
    for _, g, f in pairs:
        if g not in used_g and f not in used_f:
            used_g.add(g)
            used_f.add(f)
            out.append((g, f))
    return out


def speaker_right(text: str, gold: dict, found: dict) -> bool | None:
    """None when the gold names no speaker for this quote."""
    mention = found["speaker"]
    if gold["speaker"] is not None:
        s = gold["speaker"]
        return mention is not None and mention.start < s["end"] and s["start"] < mention.end
    if gold["name"]:
        if mention is None:
            return False
        surname = gold["name"].split()[-1].lower()
        return surname in text[mention.start:mention.end].lower()
    return None


class Tally:
    def __init__(self) -> None:
        self.gold = self.found = 0
        self.matched = dict.fromkeys(THRESHOLDS, 0)
        self.speakers_right = self.speakers_scored = 0
        self.articles: list[tuple[int, int, int]] = []  # (matched at 30%, found, gold)

    def add(self, text: str, gold: list[dict], found: list[dict]) -> None:
        self.gold += len(gold)
        self.found += len(found)
        for threshold in THRESHOLDS:
            pairs = match(gold, found, threshold)
            self.matched[threshold] += len(pairs)
            if threshold == THRESHOLDS[0]:
                self.articles.append((len(pairs), len(found), len(gold)))
            if threshold == THRESHOLDS[0]:
                for g, f in pairs:
                    right = speaker_right(text, gold[g], found[f])
                    if right is not None:
                        self.speakers_scored += 1
                        self.speakers_right += right

    def row(self) -> str:
        cells = []
        for threshold in THRESHOLDS:
            m = self.matched[threshold]
            p = m / self.found if self.found else 0.0
            r = m / self.gold if self.gold else 0.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            cells.append(f"{p:.3f} {r:.3f} {f1:.3f}")
        acc = self.speakers_right / self.speakers_scored if self.speakers_scored else 0.0
        low, high = self.interval()
        return (f"{' | '.join(cells)} | {acc:.3f} ({self.speakers_right}/"
                f"{self.speakers_scored}) | {self.found}/{self.gold} | "
                f"F1 at 30%, 95% interval {low:.3f}-{high:.3f}")

    def interval(self, resamples: int = 2000) -> tuple[float, float]:
        """A bootstrap interval of F1 at 30% over articles (articles resampled with
        replacement, a fixed seed): how far the figure may move on other articles of the
        same kind."""
        if not self.articles:
            return 0.0, 0.0
        rng = random.Random(0)
        scores = []
        for _ in range(resamples):
            m = f = g = 0
            for a, b, c in rng.choices(self.articles, k=len(self.articles)):
                m, f, g = m + a, f + b, g + c
            scores.append(2 * m / (f + g) if f + g else 0.0)
        scores.sort()
        return scores[int(0.025 * resamples)], scores[int(0.975 * resamples) - 1]


def evaluate(path: Path, source: QuotesSource, errors: list[str],
             dev_only: bool = False) -> None:
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    tallies = {(who, part): Tally() for who in ("quotes", "naive")
               for part in ("dev", "held-out", "all")}
    for record in records:
        text, part = record["text"], half(record["id"])
        gold = gold_quotes(record)
        ours = suggested(source, text, record["id"])
        for who, found in (("quotes", ours), ("naive", naive(text))):
            tallies[who, part].add(text, gold, found)
            tallies[who, "all"].add(text, gold, found)
        if part == "dev":
            errors.extend(_errors(record, text, gold, ours))
    print(f"\n{path.name}: {len(records)} articles "
          f"({sum(half(r['id']) == 'dev' for r in records)} dev)")
    print("finder | half | P R F1 at 30% | P R F1 at 80% | speaker accuracy | found/gold | "
          "F1 interval")
    for (who, part), tally in tallies.items():
        if part == "dev" or not dev_only:
            print(f"{who} | {part} | {tally.row()}")


def _errors(record: dict, text: str, gold: list[dict], found: list[dict]) -> list[str]:
    pairs = match(gold, found, THRESHOLDS[0])
    gm, fm = {g for g, _ in pairs}, {f for _, f in pairs}
    out = [f"## {record['id']}"]
    def show(span: dict) -> str:
        return text[span["start"]:span["end"]].replace("\n", " ⏎ ")
    for g, a in enumerate(gold):
        if g not in gm:
            who = a["speaker"]["text"] if a["speaker"] else a["name"]
            out.append(f"MISS [{who}] {show(a)[:200]}")
    for f, b in enumerate(found):
        if f not in fm:
            who = text[b["speaker"].start:b["speaker"].end] if b["speaker"] else "-"
            out.append(f"FALSE {b['type']} [{who}] {show(b)[:200]}")
    for g, f in pairs:
        if speaker_right(text, gold[g], found[f]) is False:
            s = found[f]["speaker"]
            who = text[s.start:s.end] if s else "-"
            gw = gold[g]["speaker"]["text"] if gold[g]["speaker"] else gold[g]["name"]
            out.append(f"SPEAKER ours [{who}] gold [{gw}] {show(gold[g])[:120]}")
    return out


def generated(n: int, size: int = 3000, seed: int = 3) -> list[str]:
    """News-like articles of about `size` characters: paragraphs of attributed quotes,
    reported speech and plain sentences over a vocabulary of 20,000 made-up words (so
    the tokenizer's cache helps no more than on real news), names, emoji and flags."""
    rng = random.Random(seed)
    syllables = "ka lo mi ten ra vos un di per shal gon tre bel ast mor quin".split()
    vocab = ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 4)))
             for _ in range(20000)]
    names = ["Jeff Traeger", "Zoë Müller", "Ali Khamenei", "the ministry", "police",
             "María López", "the company", "Nadia Jamil"]

    def words(k: int) -> str:
        # log-uniform ranks: a few words very common, most rare, as in news
        return " ".join(vocab[int(20000 ** rng.random()) - 1] for _ in range(k))

    out = []
    for _ in range(n):
        paras, length = [], 0
        while length < size:
            name, body = rng.choice(names), words(rng.randint(8, 25))
            extra = rng.choice(["", " 👍🏽", " 🇮🇶", ""])
            para = rng.choice([
                f"“{body.capitalize()},” {name} said on Friday.{extra}",
                f"{name.capitalize()} said {body}.",
                f"According to {name}, {body}{extra}.",
                f"{words(6).capitalize()}, {words(12)}. {words(9).capitalize()}.",
                f"\"{body.capitalize()}. {words(10).capitalize()}.\"",
                f"{words(15).capitalize()} {name} told reporters {words(7)}.",
            ])
            paras.append(para)
            length += len(para) + 2
        out.append("\n\n".join(paras))
    return out


def speed(texts: list[str], source: QuotesSource, what: str) -> None:
    import spacy

    nlp = spacy.blank("en")
    best_floor = best_ours = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for text in texts:
            nlp.tokenizer(text)
        best_floor = min(best_floor, time.perf_counter() - t)
        t = time.perf_counter()
        for _ in source.suggest((Article(str(i), text) for i, text in enumerate(texts)),
                                LABELS):
            pass
        best_ours = min(best_ours, time.perf_counter() - t)
    n = len(texts)
    print(f"{what}: {n} articles, mean {sum(map(len, texts)) / n:,.0f} characters | "
          f"quotes {n / best_ours:,.0f} articles/s | floor (spacy.blank tokenizer) "
          f"{n / best_floor:,.0f} articles/s | ratio {best_ours / best_floor:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path,
                        default=Path(__file__).resolve().parent.parent.parent / "shared/eval")
    parser.add_argument("--errors", type=Path, help="write the dev half's errors here")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--with-model", metavar="NAME_OR_PATH",
                        help="score the finder reading with this spaCy pipeline")
    parser.add_argument("--dev-only", action="store_true",
                        help="print the development halves' figures only (while working)")
    parser.add_argument("-n", type=int, default=2000, help="generated articles for speed")
    args = parser.parse_args()
    source = QuotesSource(model=args.with_model)
    errors: list[str] = []
    texts: list[str] = []
    for name in SETS:
        path = args.eval_dir / name
        if not path.exists():
            print(f"{path}: not found, skipped")
            continue
        evaluate(path, source, errors, args.dev_only)
        texts.extend(json.loads(line)["text"] for line in path.open(encoding="utf-8"))
    if args.errors:
        args.errors.write_text("\n".join(errors) + "\n", encoding="utf-8")
    if not args.no_speed:
        print()
        if texts:
            speed(texts, source, "evaluation texts")
        speed(generated(args.n), source, "generated articles")


if __name__ == "__main__":
    main()

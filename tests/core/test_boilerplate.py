"""Plain text imports leave out a scraped page's boilerplate lines at the start and end,
list each one, and take the title from the first real line."""

from __future__ import annotations

import json

import pytest

from annotator.core import import_files
from annotator.core.io.boilerplate import is_boilerplate, is_headline

LEDE = ("Baghdad: Two missiles hit the Green Zone in the Iraqi capital of Baghdad on Saturday, "
        "according to security sources, a day after a deadly American strike.")
LAST = "Iran has been locked in a long conflict with the US, founded by Muhandis."
# As a scraper saves a news page: a counter above the article, comment counters below.
SCRAPED = (f"views\n{LEDE}\nThe precision drone strike killed the commander.\n\n{LAST}\n"
           "Comments\n0 comment\n")
DROPPED = ("Dropped 3 boilerplate lines at the start or end of a text "
           "(`annotator import --keep-boilerplate` keeps them):")


@pytest.mark.parametrize("line", [
    "views", "Views", "Share", "Comments", "0 comment", "12 comments", "Advertisement",
    "Read more", "Comments / 0 comment", "Share | Tweet | Email", "1.2K views · 3 comments",
    "Comments (12)", "* * *", "Share this article", "Follow us on Twitter",
    "You may also like", "© 2020 Reuters. All rights reserved.", "Copyright 2021 The Times",
    "Sign up for our newsletter", "Skip to main content", "World News", "By Reuters",
    "  Related articles  "])
def test_boilerplate_lines(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", [
    "Missiles hit the Green Zone", "Iran strikes back", "Iran.", "No comment.",
    "“Never again,” she said", LEDE, "Baghdad, Iraq",
    "Copyright holders sued the firm over the songs, the court heard.",
    "Read more about the strike.", "Views differ on what the strike means for Iraq",
    "Share prices fell sharply in Tehran on Monday"])
def test_real_lines_stay(line):
    assert not is_boilerplate(line)


def test_headlines_and_first_paragraphs():
    assert is_headline("Missiles hit the Green Zone")
    assert is_headline("Will Iran retaliate")
    assert not is_headline(LEDE)  # a sentence: the text's first paragraph
    assert not is_headline("Is this the end?")
    assert not is_headline("“We will not sign.”")
    assert not is_headline("word " * 30)  # too long for a title


def test_a_scraped_page_loses_its_boilerplate_and_keeps_its_lede(store, tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(SCRAPED, encoding="utf-8")
    summary = import_files(store, [path])
    [article] = [store.annotations.article(pk) for pk in store.annotations.article_pks()]
    assert article.text == (f"{LEDE}\nThe precision drone strike killed the commander.\n\n"
                            f"{LAST}\n")
    assert article.title == LEDE[:LEDE.rfind(" ", 0, 120)] + "…"
    assert [str(p) for p in summary.boilerplate] == [
        f"{path}:1: views", f"{path}:6: Comments", f"{path}:7: 0 comment"]
    assert summary.said_on_the_way_in()[-4:] == [
        DROPPED, f"  {path}:1: views", f"  {path}:6: Comments",
        f"  {path}:7: 0 comment"]
    assert summary.as_dict()["boilerplate_dropped"] == 3


def test_a_headline_is_the_title_and_leaves_the_text(store, tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(f"Share\n\nMissiles hit the Green Zone\n{LEDE}\nAdvertisement\n",
                    encoding="utf-8")
    summary = import_files(store, [path])
    [article] = [store.annotations.article(pk) for pk in store.annotations.article_pks()]
    assert (article.title, article.text) == ("Missiles hit the Green Zone", f"{LEDE}\n")
    assert summary.boilerplate_dropped == 2


def test_keep_boilerplate_keeps_every_line(store, tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(SCRAPED, encoding="utf-8")
    summary = import_files(store, [path], keep_boilerplate=True)
    [article] = [store.annotations.article(pk) for pk in store.annotations.article_pks()]
    assert (article.title, article.text) == ("views", SCRAPED.removeprefix("views\n"))
    assert summary.boilerplate_dropped == 0


def test_nothing_is_dropped_when_every_line_looks_like_boilerplate(store, tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("Title A\nText A", encoding="utf-8")
    summary = import_files(store, [path])
    [article] = [store.annotations.article(pk) for pk in store.annotations.article_pks()]
    assert (article.title, article.text) == ("Title A", "Text A")
    assert summary.boilerplate_dropped == 0


def test_a_brat_text_is_never_touched(store, tmp_path):
    text = "views\nZarif met Kerry.\nComments\n"
    (tmp_path / "talk.txt").write_text(text, encoding="utf-8")
    (tmp_path / "talk.ann").write_text("T1\tPERSON 6 11\tZarif\n", encoding="utf-8")
    summary = import_files(store, [tmp_path / "talk.txt"])
    article = store.annotations.article_by_id("talk")
    assert article.text == text and summary.boilerplate_dropped == 0
    [span] = store.annotations.spans(article.pk, "imported")
    assert (span.start, span.end, span.text) == (6, 11, "Zarif")


def test_the_cli_lists_what_it_dropped_and_keep_boilerplate(run, tmp_path):
    store = tmp_path / "news.db"
    run("init", store)
    path = tmp_path / "page.txt"
    path.write_text(SCRAPED, encoding="utf-8")
    result = run("import", store, path)
    assert result.exit_code == 0, result.output
    assert f"  {path}:1: views\n  {path}:6: Comments\n  {path}:7: 0 comment\n" in result.stdout
    second = tmp_path / "again.txt"
    second.write_text(SCRAPED.replace("views", "views\nAnother page"), encoding="utf-8")
    result = run("import", store, second, "--keep-boilerplate", "--json")
    assert json.loads(result.stdout)["boilerplate_dropped"] == 0
    titles = {json.loads(line)["title"] for line in run("export", store).stdout.splitlines()}
    assert "views" in titles

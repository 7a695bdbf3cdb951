"""HTML import: the main text of saved news pages (tests/data/html, written to look like
real sites), their metadata, and pages with no article in them."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import table_counts, write_jsonl

from annotator.core import import_files

PAGES = Path(__file__).parent.parent / "data" / "html"

WORDPRESS = (
    "Two rockets struck Baghdad’s heavily fortified Green Zone late on Saturday, landing less "
    "than a kilometre from the US embassy, Iraqi security officials said.\n"
    "“We heard two loud explosions and then the sirens,” said Ahmed Karim, a shopkeeper in "
    "the nearby Karrada district. No casualties were reported.\n"
    "The attack came hours after a funeral procession for Qassem Soleimani and Abu Mahdi "
    "al-Muhandis passed through the capital, drawing tens of thousands of mourners.")
ARABIC = (
    "أعلنت الحكومة العراقية يوم الإثنين إعادة فتح ميناء أم قصر بعد إضراب استمر يومين نفذه "
    "عمال الرصيف للمطالبة بزيادة الأجور.\n"
    "وقال المتحدث باسم وزارة النقل إن حركة السفن ستعود إلى طبيعتها خلال أيام، مؤكدا أن "
    "الحكومة استجابت لمعظم مطالب العمال 🇮🇶.")


def test_a_news_page_gives_its_text_title_and_metadata(store):
    summary = import_files(store, [PAGES / "wordpress.html"])
    assert summary.errors == [] and summary.articles_added == 1
    [pk] = store.annotations.article_pks()
    article = store.annotations.article(pk)
    assert article.text == WORDPRESS
    assert article.title == "Rockets hit Green Zone near US embassy"
    assert article.meta == {"url": "https://tigristimes.example/2020/01/04/rockets-green-zone/",
                            "author": "Layla Hassan", "published": "2020-01-04",
                            "source": "The Tigris Times", "lang": "en-GB",
                            "file": "wordpress.html"}
    for boilerplate in ("Views", "Comments", "Share", "Related", "Most read", "Subscribe",
                        "Home", "©", "Leave a Reply", "TRACKER", "SCRIPT TEXT", "Injected"):
        assert boilerplate not in article.text, boilerplate


def test_an_arabic_page(store):
    import_files(store, [PAGES / "arabic.html"])
    article = store.annotations.article(store.annotations.article_pks()[0])
    assert article.text == ARABIC
    assert article.title == "الحكومة العراقية تعلن إعادة فتح ميناء أم قصر"
    assert article.meta["lang"] == "ar" and article.meta["author"] == "سارة علي"
    assert article.meta["url"] == "https://rafidain.example/news/umm-qasr"


def test_a_page_without_an_article_is_refused_alone(store, tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    for name in ("wordpress.html", "empty.html"):
        shutil.copy(PAGES / name, folder / name)
    (folder / "arabic.htm").write_bytes((PAGES / "arabic.html").read_bytes())
    (folder / "notes.md").write_text("not imported", "utf-8")
    summary = import_files(store, [folder])
    assert [str(p) for p in summary.errors] == [f"{folder / 'empty.html'}: no article text found"]
    assert summary.failed_files == [str(folder / "empty.html")]
    assert summary.files == 2 and table_counts(store)["articles"] == 2
    texts = {store.annotations.article(pk).text for pk in store.annotations.article_pks()}
    assert texts == {WORDPRESS, ARABIC}


def test_a_bad_page_stores_nothing_from_itself(store, tmp_path):
    good = write_jsonl(tmp_path / "good.jsonl", [{"text": "A good article."}])
    before = table_counts(store)
    summary = import_files(store, [PAGES / "empty.html"])
    assert summary.failed_files and table_counts(store) == before
    summary = import_files(store, [good, PAGES / "empty.html"])
    assert table_counts(store)["articles"] == 1


def test_binary_junk_and_an_empty_file(store, tmp_path):
    junk = tmp_path / "junk.html"
    junk.write_bytes(bytes(range(256)) * 4)
    empty = tmp_path / "empty.htm"
    empty.write_bytes(b"")
    summary = import_files(store, [junk, empty])
    assert sorted(str(p) for p in summary.errors) == sorted(
        [f"{junk}: no article text found", f"{empty}: no article text found"])
    assert table_counts(store)["articles"] == 0


def saved_page(image: bytes) -> bytes:
    """A browser's full-page save: a headline, a 25 MB inline image, three paragraphs."""
    import base64

    inline = b"data:image/png;base64," + base64.b64encode(image)
    paragraphs = b"".join(f"<p>{p}</p>".encode() for p in WORDPRESS.split("\n"))
    return (b"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            b"<title>Rockets hit Green Zone</title></head><body><article>"
            b"<h1>Rockets hit Green Zone</h1><figure><img src=\"" + inline + b"\" alt='Smoke'>"
            b"<figcaption>Smoke over the Green Zone</figcaption></figure>"
            + paragraphs + b"<img src='" + inline[:200_000] + b"'></article></body></html>")


def test_a_saved_page_with_a_25_mb_inline_image_keeps_its_text(store, tmp_path):
    page = tmp_path / "saved.html"
    page.write_bytes(saved_page(bytes(range(256)) * (25 * 1024 * 1024 * 3 // 4 // 256)))
    assert page.stat().st_size > 25_000_000
    summary = import_files(store, [page])
    assert summary.errors == [] and summary.articles_added == 1
    article = store.annotations.article(store.annotations.article_pks()[0])
    assert article.text == WORDPRESS, article.text[:300]
    assert "base64" not in article.text and article.title == "Rockets hit Green Zone"


def test_huge_attribute_values_are_emptied_and_nothing_else():
    from annotator.core.io.html import HUGE_VALUE, shrink_attributes

    long = b"A" * HUGE_VALUE
    page = (b'<p title="short">x = "' + long + b'" y</p><img src=' + long + b" alt='"
            + long + b"'><a href=\"" + long[:-1] + b'">')
    assert shrink_attributes(page) == (b'<p title="short">x = "' + long + b'" y</p><img src=""'
                                       b' alt=""><a href="' + long[:-1] + b'">')

"""Rules of news attribution the quote finder follows, each on sentences written here."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from test_suggest_quotes import run


def found(text: str) -> list[tuple[str, str, str | None]]:
    return [(q["text"], q["type"], q["speaker"]) for q in run(text)]


def test_an_opening_phrase_before_the_speaker_is_not_what_was_said():
    # "C, S said" needs a clause for C; "At one point" only says when
    assert found('The hearing ran late. At one point, she referred to the bill as '
                 '"a betrayal." Later, the mayor said the bridge would reopen.') == [
        ('"a betrayal."', "partial", "she"),
        ("the bridge would reopen", "indirect", "the mayor")]
    assert found("At one point, he said. The budget passed.") == []


def test_a_short_clause_before_the_speaker_is_still_reported_speech():
    assert found("Prices will rise, he said.") == [("Prices will rise", "indirect", "he")]


@pytest.mark.parametrize(("text", "quote"), [
    ('The senator called the new budget plan a "disaster" on Friday.', '"disaster"'),
    ('She referred to her rival as "the devil."', '"the devil."'),
    ("Critics have dubbed the tower \u201cthe Toaster\u201d for years.",
     "\u201cthe Toaster\u201d"),
])
def test_a_naming_verb_s_quote_is_the_quoted_words_not_its_object(text, quote):
    # "X called Y "Z"": Y is whom the speaker named, Z the words they used
    [(found_quote, kind, _)] = found(text)
    assert (found_quote, kind) == (quote, "partial")

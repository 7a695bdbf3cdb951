"""The `quotes` suggestion source: quotes, their type and speaker, with exact offsets."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("spacy")

from annotator.core.suggest import Article, EntitySpan
from annotator.core.suggest.quotes import QuotesSource

LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "CLAIM", "QUOTE")


def run(text: str, entities: tuple[EntitySpan, ...] = (), labels=LABELS):
    """The suggestions as dicts: quote text, type, meta and the speaker span."""
    out = QuotesSource().suggest_one(Article("a1", text, {}, entities), labels)
    spans = {s.id: s for s in out.spans}
    for s in out.spans:  # every span's offsets index the text exactly
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == text[s.start:s.end].strip()
    speaker = {link.head: spans[link.child] for link in out.links}
    assert all(link.label == "SPEAKER" for link in out.links)
    quotes = []
    for s in out.spans:
        if s.label != "QUOTE":
            continue
        who = speaker.get(s.id)
        quotes.append({
            "text": text[s.start:s.end], "type": s.attrs["type"], "meta": s.meta,
            "speaker": text[who.start:who.end] if who else None,
            "label": who.label if who else None, "span": who,
        })
    return quotes


@pytest.mark.parametrize("quoted", [
    '"We will rebuild the bridge by spring,"',
    "\u201cWe will rebuild the bridge by spring,\u201d",
    "\u2018We will rebuild the bridge by spring,\u2019",
    "\u00abWe will rebuild the bridge by spring,\u00bb",
    "\u201eWe will rebuild the bridge by spring,\u201c",
])
def test_every_quotation_style_with_the_speaker_after(quoted):
    text = f"The river rose overnight.\n\n{quoted} Mayor Lena Ortiz said on Tuesday."
    [quote] = run(text)
    assert quote["text"] == quoted  # the marks belong to the span, as in the gold data
    assert quote["type"] == "direct"
    assert (quote["speaker"], quote["label"]) == ("Lena Ortiz", "PERSON")


def test_speaker_before_the_quote_straight_and_curly():
    text = ('Ortiz told reporters: "The water is falling." '
            'Later she added: \u201cWe are not out of danger yet.\u201d')
    quotes = run(text)
    assert [q["text"] for q in quotes] == ['"The water is falling."',
                                           "\u201cWe are not out of danger yet.\u201d"]
    assert [q["speaker"] for q in quotes] == ["Ortiz", "she"]


def test_a_quote_split_by_its_attribution_gives_two_quotes_one_speaker():
    text = ("\u201cIt\u2019s horrifying,\u201d Jake Tapper said, \u201cand I\u2019m sure it "
            "will have an impact on the network.\u201d")
    first, second = run(text)
    assert first["text"] == "\u201cIt\u2019s horrifying,\u201d"
    assert second["text"].startswith("\u201cand I\u2019m sure")
    assert first["span"] is second["span"]
    assert first["speaker"] == "Jake Tapper"


def test_according_to_before_and_after():
    text = ("According to police, the driver fled on foot before officers arrived. "
            "The bridge will stay closed until Friday, according to the Ministry of "
            "Transport.")
    first, second = run(text)
    assert first["text"] == "the driver fled on foot before officers arrived"
    assert first["type"] == "indirect"
    assert (first["speaker"], first["label"]) == ("police", "ORG")
    assert second["text"] == "The bridge will stay closed until Friday"
    assert (second["speaker"], second["label"]) == ("Ministry of Transport", "ORG")


def test_pronoun_speaker_links_the_pronoun_and_names_the_speaker_in_meta():
    text = ("Ayatollah Ali Khamenei said the attack would not go unanswered.\n\n"
            "\u201cThe response will be severe,\u201d he said in a televised speech.")
    first, second = run(text)
    # the schema keeps a title that is part of the name ("Ayatollah Ali Khamenei")
    assert first["speaker"] == "Ayatollah Ali Khamenei"
    assert (second["speaker"], second["label"]) == ("he", "PERSON")
    assert second["meta"] == {"speaker_name": "Ayatollah Ali Khamenei"}


def test_indirect_speech_said_that_told_argued():
    text = ("The finance minister said that the deficit would shrink next year. "
            "Jeff Traeger told reporters the union would negotiate a first contract. "
            "Critics argued the plan favours large companies.")
    quotes = run(text)
    assert [(q["text"], q["type"], q["speaker"]) for q in quotes] == [
        ("the deficit would shrink next year", "indirect", "The finance minister"),
        ("the union would negotiate a first contract", "indirect", "Jeff Traeger"),
        ("the plan favours large companies", "indirect", "Critics"),
    ]


def test_partial_quote_inside_reported_speech_is_one_span_over_the_clause():
    text = ("Tapper said Brazile\u2019s actions were \u201cunethical\u201d and "
            "\u201chorrifying.\u201d")
    [quote] = run(text)
    assert quote["text"] == ("Brazile\u2019s actions were \u201cunethical\u201d and "
                             "\u201chorrifying.\u201d")
    assert quote["type"] == "partial"
    assert quote["speaker"] == "Tapper"


def test_nested_quotes_stay_inside_the_outer_quote():
    text = ("\u201cHe looked at me and said \u2018never again,\u2019 and I believed him,\u201d "
            "said Maria Lopez, a neighbour.")
    [quote] = run(text)
    assert quote["text"].startswith("\u201cHe looked") and quote["text"].endswith(
        "him,\u201d")
    assert quote["speaker"] == "Maria Lopez"


def test_a_quote_running_on_across_paragraphs_keeps_its_speaker():
    text = ("\u201cWe have waited long enough,\u201d said union president Jeff Traeger.\n\n"
            "\u201cThe workers voted and the result is clear. We will sit down with the "
            "owners in January.\n\n"
            "\u201cAnd we expect them to be there.\u201d")
    quotes = run(text)
    assert len(quotes) == 3
    assert {q["speaker"] for q in quotes} == {"Jeff Traeger"}
    assert quotes[1]["text"].endswith("in January.")  # runs to its paragraph's end


def test_an_existing_entity_span_is_reused_as_the_speaker():
    text = "\u201cThe talks went well,\u201d Foreign Minister Dara Okafor said."
    start = text.index("Dara Okafor")
    entity = EntitySpan("e7", start - len("Foreign Minister "), start + len("Dara Okafor"),
                        "PERSON")
    out = QuotesSource().suggest_one(Article("a1", text, {}, (entity,)), LABELS)
    [speaker] = [s for s in out.spans if s.label != "QUOTE"]
    assert speaker.existing == "e7"
    assert (speaker.start, speaker.end, speaker.label) == (entity.start, entity.end, "PERSON")
    assert [(link.head, link.child) for link in out.links] == [("q1", speaker.id)]


def test_org_or_person_by_simple_evidence():
    text = ("The Ministry of Health said the clinics would reopen. "
            "Acme Inc. said its profits fell. "
            "CNN reported the talks had collapsed. "
            "Priya Natarajan said the data were clear.")
    labels = {q["speaker"]: q["label"] for q in run(text)}
    assert labels == {"Ministry of Health": "ORG", "Acme Inc.": "ORG", "CNN": "ORG",
                      "Priya Natarajan": "PERSON"}


def test_emoji_and_astral_characters_do_not_shift_offsets():
    text = ("🇮🇶 Protesters gathered 👍🏽 at dawn. 𝒜 banner read 🎉.\n\n"
            "\u201cWe are here 😀 to stay 🇨🇦,\u201d said Zo\u00eb M\u00fcller 🙂.")
    [quote] = run(text)
    assert quote["text"] == "\u201cWe are here 😀 to stay 🇨🇦,\u201d"
    assert quote["speaker"] == "Zo\u00eb M\u00fcller"


def test_no_quote_in_text_without_any():
    text = ("The river rose overnight and flooded the lower town. Roads were closed and "
            "schools stayed shut. It's the third flood this year; the '90s saw fewer.\n\n"
            "Water levels are expected to fall by Thursday.")
    assert run(text) == []


def test_scare_quotes_and_titles_are_not_quotes():
    text = ('The film "Dune" opened on Friday and the so-called "fear index" rose. '
            '"The Godfather" director Francis Coppola said nothing about the sequel.')
    assert run(text) == []


def test_no_quote_label_no_suggestions():
    text = '"We will rebuild," Mayor Lena Ortiz said.'
    assert run(text, labels=("PERSON", "ORG")) == []


def test_sentence_starts_match_spacys_sentencizer():
    import spacy

    from annotator.core.suggest.segments import analyse

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    texts = ['He said: "Yes." Then he left! Did he?! (Really.) "No..." she said. Dr. No.',
             "One.\n\nTwo 🇮🇶 three. 𝒜 four? Five!!! Six",
             "", "   ", "No end"]
    for text in texts:
        assert analyse(text, frozenset())[0] == [s.start_char for s in nlp(text).sents] \
            or not text.strip()


def test_importing_the_source_does_not_load_spacy():
    code = ("import sys, annotator.core, annotator.core.suggest.quotes; "
            "print('spacy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_attribution_inside_the_sentence_gives_both_parts():
    text = "That culture, they said, emphasizes selling as many new accounts as possible."
    first, second = run(text)
    assert (first["text"], second["text"]) == (
        "That culture", "emphasizes selling as many new accounts as possible")
    assert first["span"] is second["span"] and first["speaker"] == "they"


def test_two_apostrophes_stand_for_a_double_mark():
    text = "''It's not clear that's true with anyone,'' he said."
    [quote] = run(text)
    assert quote["text"] == "''It's not clear that's true with anyone,''"
    assert quote["speaker"] == "he"


def test_reported_speech_in_a_subordinate_clause_ends_at_its_comma():
    text = ("While the Rockets said they would not speak to the lawsuit, the general "
            "manager defended the league's safety record.")
    [quote] = run(text)
    assert (quote["text"], quote["speaker"], quote["label"]) == (
        "they would not speak to the lawsuit", "Rockets", "PERSON")


def test_a_name_and_a_colon_attribute_a_headline_but_a_label_does_not():
    text = ("Trump: Clinton policy on Syria would lead to war\n\n"
            "Editor's note: This story has been updated to add a comment.")
    [quote] = run(text)
    assert (quote["text"], quote["type"], quote["speaker"]) == (
        "Clinton policy on Syria would lead to war", "indirect", "Trump")


def test_nouns_that_look_like_cues_are_not_attributions():
    text = ("The final report is to be released in the spring. The yield on the "
            "Treasury note rose to 2.76 per cent. Story continues below advertisement.")
    assert run(text) == []


def test_we_and_they_take_the_label_of_the_speaker_they_stand_for():
    text = ("Acme Inc. said its profits fell in the third quarter.\n\n"
            "\u201cWe expect a better year,\u201d they said.")
    first, second = run(text)
    assert (first["speaker"], first["label"]) == ("Acme Inc.", "ORG")
    assert (second["speaker"], second["label"]) == ("they", "ORG")
    assert second["meta"] == {"speaker_name": "Acme Inc."}


def test_a_plain_object_is_not_reported_speech():
    text = ("The company reported a loss of $5 million in the third quarter. "
            "Police confirmed the identity of the victim on Tuesday. "
            "The minister announced a new plan for rural schools. "
            "She added a clause to the contract.")
    assert run(text) == []
    [quote] = run("The company reported that its profits fell by half.")
    assert (quote["text"], quote["speaker"]) == ("its profits fell by half", "The company")


PIECES = ['"', "\u201c", "\u201d", "\u2018", "\u2019", "'", "''", "\u00ab", "\u00bb", "\u201e",
          "said", "says", "told reporters", "according to", "Jeff Traeger", "she", "police",
          "the Ministry of Health", ",", ".", ":", "\u2014", "that", "the plan", "would fail",
          "\n\n", "\n", " ", "🇮🇶", "👍🏽", "𝒜", "Zo\u00eb", "While", "who", "added", "(", ")"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60))
def test_any_text_gives_exact_spans_and_links_that_resolve(pieces):
    text = " ".join(pieces)
    out = QuotesSource().suggest_one(Article("a1", text), LABELS)
    ids = {s.id for s in out.spans}
    assert len(ids) == len(out.spans)
    for s in out.spans:
        assert 0 <= s.start < s.end <= len(text)
        assert not text[s.start].isspace() and not text[s.end - 1].isspace()
        if s.label == "QUOTE":
            assert s.attrs["type"] in ("direct", "partial", "indirect")
    for link in out.links:
        assert link.head in ids and link.child in ids

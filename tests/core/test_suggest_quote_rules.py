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


@pytest.mark.parametrize("text", [
    "The premier will argue that the deficit is under control.",
    "Critics may say the plan costs too much.",
    "The minister could also claim the talks succeeded.",
])
def test_what_someone_will_or_may_say_has_not_been_said(text):
    assert found(text) == []


def test_a_modal_after_the_verb_is_still_reported_speech():
    assert found("The premier said the deficit will shrink.") == [
        ("the deficit will shrink", "indirect", "The premier")]


def test_a_participle_that_describes_a_noun_is_no_verb_of_saying():
    assert found("Given his previously stated views, the minister is hopeful about the "
                 "bill.") == []


def test_a_quote_after_a_sentence_the_splitter_kept_is_direct_not_partial():
    # "U.S." ends a sentence here, and spaCy's sentencizer cannot tell
    text = ("The car sold best in the U.S. \u201cForget about Ford and GM,\u201d "
            "Ellison said.")
    assert found(text) == [("\u201cForget about Ford and GM,\u201d", "direct", "Ellison")]
    # words of the same sentence before the quote make it partial
    assert found('The plan is "a disaster," critics said.') == [
        ('The plan is "a disaster,"', "partial", "critics")]


@pytest.mark.parametrize("text", [
    "The mayor did not say whether the bridge would reopen.",
    "The company declined to say how many jobs would go.",
    "Police wouldn't say who made the call.",
])
def test_what_someone_did_not_say_is_no_quote(text):
    assert found(text) == []


def test_a_line_up_after_a_colon_is_no_headline_quote():
    assert found("Squad: Javier Pertile, Paolo Vaccari, Marcello Cuttitta, Ivan "
                 "Francescato, Diego Dominguez.") == []
    assert found("Trump: Clinton policy would lead to war") == [
        ("Clinton policy would lead to war", "indirect", "Trump")]


def test_a_day_between_a_speech_act_and_its_clause_is_not_what_was_said():
    assert found("The government warned Friday that it would refer the deal to the "
                 "regulator.") == [("it would refer the deal to the regulator", "indirect",
                                    "The government")]


def test_a_listener_s_name_runs_on_over_its_common_nouns():
    # "Interfax news agency" is whom the speaker told, C is what they said
    text = ("The president plans to return to work on December 25, the speaker told "
            "Interfax news agency on Friday.")
    assert found(text) == [("The president plans to return to work on December 25",
                            "indirect", "the speaker")]


def test_a_speaker_after_a_subordinator_is_the_subject_of_its_own_clause():
    text = ("The attack came hours after violence monitors said they were not "
            "optimistic about the holidays.")
    assert found(text) == [("they were not optimistic about the holidays", "indirect",
                            "violence monitors")]


def test_a_subject_phrase_ends_where_its_verb_begins():
    text = ("The government also wants the airline to drop a clause, and said both "
            "carriers should cut flights on the route.")
    assert [speaker for _, _, speaker in found(text)] == ["The government"]


def test_complaining_of_something_is_no_reported_clause():
    assert found("A bomb exploded outside the home of a politician who quit the party, "
                 "complaining of a lack of democracy in the country.") == []


def test_that_after_a_verb_opens_a_clause_not_a_speaker():
    text = ("Figures released by the board for the week of the vote, for example, showed "
            "that the network had 926,000 viewers.")
    assert all(speaker != "that the network" for _, _, speaker in found(text))


def test_coordinated_speakers_after_said():
    text = ("The bodies were found on Thursday in an open field, said Dofora and other "
            "witnesses.")
    assert found(text) == [("The bodies were found on Thursday in an open field",
                            "indirect", "Dofora")]


def test_a_figure_may_open_what_was_said_but_a_participle_after_one_describes():
    text = ("A spokeswoman said 78 people, including 64 confirmed cases, were still being "
            "treated.")
    said = "78 people, including 64 confirmed cases, were still being treated"
    assert found(text) == [(said, "indirect", "A spokeswoman")]
    assert found("They still boast 13 internationals including a full-back.") == []


def test_a_listener_and_a_day_before_the_clause_of_a_warning():
    text = "The minister warned the mining firm on Friday that it must pay its taxes."
    assert found(text) == [("it must pay its taxes", "indirect", "The minister")]


def test_speech_in_quotation_marks_far_from_any_speaker_is_proposed_without_one():
    text = ('The council met on Monday.\n\n"We cannot keep paying for roads nobody uses," '
            "one line of the report read, among others.\n\n"
            '"The budget is a mess and everyone here knows it."')
    assert ('"The budget is a mess and everyone here knows it."', "direct", None) in found(
        text)
    assert found('"Jaws" was on television.') == []  # a title, not speech


@pytest.mark.parametrize(("text", "quote", "speaker"), [
    (("\u201cWe are asking ships to pay,\u201d Layla Haddad (\u0644\u064a\u0644\u0649 "
      "\u062d\u062f\u0627\u062f), the authority's director, told reporters."),
     "\u201cWe are asking ships to pay,\u201d", "Layla Haddad"),
    ("The Southern Gulf Ports Authority (SGPA) said the new tariff was needed.",
     "the new tariff was needed", "Southern Gulf Ports Authority"),
])
def test_a_parenthesis_after_the_speaker_s_name(text, quote, speaker):
    # a name in another script, an acronym, a party: the speaker is the name before it
    [(found_quote, _, found_speaker)] = found(text)
    assert (found_quote, found_speaker) == (quote, speaker)


@pytest.mark.parametrize(("text", "quote"), [
    ('“It works," she said. "We tested it for a year."', '“It works,"'),
    ('“He told me "no" twice,” she said.', '“He told me "no" twice,”'),
    ('"We will stay,” she said.', '"We will stay,”'),
])
def test_a_quote_typed_in_two_styles_of_marks_ends_at_its_closing_mark(text, quote):
    # an opening curly mark closed by a straight one (and the other way round) is one
    # quote, not one that runs on over its attribution; a straight quote inside stays inside
    assert found(text)[0] == (quote, "direct", "she")


def test_a_sentence_s_capital_before_a_speaker_noun_is_no_name():
    assert found("Security sources there reported sirens and said drones were sent up.") == [
        ("drones were sent up", "indirect", "Security sources")]


def test_the_place_after_a_speaker_phrase_is_part_of_it_and_a_fragment_is_partial():
    assert found('The US embassy in Baghdad urged citizens to "depart immediately" on '
                 "Friday.") == [('"depart immediately"', "partial", "The US embassy in Baghdad")]
    assert found("Officials in Washington said the talks would resume.") == [
        ("the talks would resume", "indirect", "Officials in Washington")]


def test_according_to_after_a_clause_attributes_the_clause_not_what_follows():
    assert found("BAGHDAD: Two missiles hit the zone on Saturday, according to security "
                 "sources, a day after the strike.") == [
        ("Two missiles hit the zone on Saturday", "indirect", "security sources")]
    assert found("However, according to the report, the bridge is closed.") == [
        ("the bridge is closed", "indirect", "the report")]


def test_a_dateline_is_neither_a_speaker_nor_part_of_what_was_said():
    assert found("DHAKA, Bangladesh, July 20 — A coalition of aid groups launched an appeal "
                 "on Monday, saying funds would run out within three weeks.") == [
        ("funds would run out within three weeks", "indirect", "A coalition of aid groups")]
    assert found("WASHINGTON (Reuters) - The bridge will close in May, officials said.") == [
        ("The bridge will close in May", "indirect", "officials")]



@pytest.mark.parametrize(("text", "words"), [
    ("PORT AVERNE, February 25 — Managers were warned.", 6),
    ("WASHINGTON (Reuters) - The bridge will close.", 5),
    ("BAGHDAD: Two missiles hit the zone.", 2),
    ("Smith — a former minister — said so.", 0),  # a name and a dash
    ("Trump: Clinton policy would lead to war", 0),  # a headline's speaker
    ("UN-backed talks resumed on Monday.", 0),  # a hyphen, not a dash
    ("Tehran talks resume: a deal is near", 0),
])
def test_what_is_a_dateline(text, words):
    from annotator.core.suggest.clauses import dateline_end
    from annotator.core.suggest.mentions import tokens
    assert dateline_end(text, tokens(text, 0, len(text))) == words


def test_agreeing_to_do_something_is_a_deal_not_words():
    assert found("A consortium has agreed to buy the club, the club said on Monday.") == [
        ("A consortium has agreed to buy the club", "indirect", "the club")]


@pytest.mark.parametrize(("text", "speaker"), [
    # the name before a relative clause, not the last name in it
    (("Nuñez, whose company operates warehouses in Buenos Aires, Rotterdam and Liverpool, "
     "said he had first watched the club in 2019."), "Nuñez"),
    # the name in apposition, after its role and before its parenthesis
    ("Its chairman, Hassan Jabbar (حسن جبار), said at least 14 vessels were diverted.",
     "Hassan Jabbar"),
    (("Civil-society groups welcomed the promise but said publication should become "
     "standard practice."), "Civil-society groups"),
    (("Environmental groups attending the summit said any agreement had to include a "
     "minimum flow."), "Environmental groups attending the summit"),
])
def test_the_speaker_s_whole_mention(text, speaker):
    assert [s for _, _, s in found(text)] == [speaker]


def test_a_role_then_the_name_after_a_quote_names_the_speaker_and_no_listener_does():
    assert found("“We found mistakes,” the commission’s chair, Gregor Almásy, told a news "
                 "conference.") == [("“We found mistakes,”", "direct", "Gregor Almásy")]


def test_what_follows_the_verb_opens_the_clause_unless_it_is_a_time_or_a_manner():
    assert found("Its chairman, Hassan Jabbar, said at least 14 vessels were diverted.") == [
        ("at least 14 vessels were diverted", "indirect", "Hassan Jabbar")]
    assert found("Several agents said privately that they were considering legal action.") \
        == [("they were considering legal action", "indirect", "Several agents")]


def test_a_verb_with_its_own_object_is_no_attribution_between_two_parts():
    # not "C1, S said, C2": the clause between the commas is a subordinate one
    assert found("The audit, ordered after the opposition party alleged irregularities in "
                 "three districts, examined paper records.") == [
        ("irregularities in three districts", "indirect", "the opposition party")]


def test_a_sentence_after_a_quote_that_reports_is_not_its_attribution():
    assert found("Yusuf said the plan was “a gap large enough to drive a tanker through.” "
                 "Tremayne said he did not disagree.") == [
        ("the plan was “a gap large enough to drive a tanker through.”", "partial", "Yusuf"),
        ("he did not disagree", "indirect", "Tremayne")]
    assert found("“We are ready.” Tremayne said.") == [("“We are ready.”", "direct",
                                                       "Tremayne")]


def test_a_clause_starts_at_its_first_word_not_at_a_comma():
    assert found("But he said that, under the plant's own procedures, the flow should have "
                 "been cut.") == [(("under the plant's own procedures, the flow should have "
                                   "been cut"), "indirect", "he")]

"""`quotes` with a pretrained pipeline (`suggest quotes --with-model`): a small pipeline
(tagger, parser, NER) trained here on sentences written here and saved to disk, loaded by
path; its entities name the speakers and its parse finds the subject of the verb of saying,
the rules answer where it gives nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import table_counts, write_jsonl

from annotator.core import Store, import_files
from annotator.core.errors import SuggestInputError
from annotator.core.suggest import Article
from annotator.core.suggest.quotes import QuotesSource
from annotator.core.suggest.running import make_sources, run_suggestions

spacy = pytest.importorskip("spacy")

LABELS = ("PERSON", "ORG", "GPE", "QUOTE")
# each sentence: (word, tag, dependency, head as an index into the sentence, entity)
SENTENCES = [
    [('"', "``", "punct", 13, "O"), ("The", "DT", "det", 2, "O"),
     ("deal", "NN", "nsubj", 3, "O"), ("is", "VBZ", "ccomp", 13, "O"),
     ("off", "RB", "advmod", 3, "O"), (",", ",", "punct", 13, "O"),
     ('"', "''", "punct", 13, "O"), ("the", "DT", "det", 8, "O"),
     ("union", "NN", "nsubj", 13, "O"), ("which", "WDT", "nsubj", 10, "O"),
     ("represents", "VBZ", "relcl", 8, "O"), ("the", "DT", "det", 12, "O"),
     ("workers", "NNS", "dobj", 10, "O"), ("said", "VBD", "ROOT", 13, "O"),
     (".", ".", "punct", 13, "O")],
    [('"', "``", "punct", 7, "O"), ("The", "DT", "det", 2, "O"),
     ("river", "NN", "nsubj", 3, "O"), ("is", "VBZ", "ccomp", 7, "O"),
     ("dirty", "JJ", "acomp", 3, "O"), (",", ",", "punct", 7, "O"),
     ('"', "''", "punct", 7, "O"), ("said", "VBD", "ROOT", 7, "O"),
     ("Greenpeace", "NNP", "nsubj", 7, "U-ORG"), (".", ".", "punct", 7, "O")],
    [("The", "DT", "det", 1, "O"), ("mayor", "NN", "poss", 3, "O"),
     ("'s", "POS", "case", 1, "O"), ("office", "NN", "nsubj", 6, "O"),
     ("in", "IN", "prep", 3, "O"), ("Springfield", "NNP", "pobj", 4, "U-GPE"),
     ("said", "VBD", "ROOT", 6, "O"), ("the", "DT", "det", 8, "O"),
     ("bridge", "NN", "nsubjpass", 10, "O"), ("was", "VBD", "auxpass", 10, "O"),
     ("closed", "VBN", "ccomp", 6, "O"), (".", ".", "punct", 6, "O")],
    [("It", "PRP", "nsubj", 1, "O"), ("was", "VBD", "ROOT", 1, "O"),
     ("a", "DT", "det", 3, "O"), ("plan", "NN", "attr", 1, "O"),
     ("that", "WDT", "nsubj", 8, "O"), ("experts", "NNS", "nsubj", 6, "O"),
     ("said", "VBD", "relcl", 3, "O"), ("would", "MD", "aux", 8, "O"),
     ("fail", "VB", "ccomp", 6, "O"), (".", ".", "punct", 1, "O")],
]
TEXT = ('"The deal is off," the union which represents the workers said. '
        '"The river is dirty," said Greenpeace. The mayor\'s office in Springfield said '
        "the bridge was closed. It was a plan that experts said would fail.")


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory) -> Path:
    """A tagger, parser and NER trained for a few steps on TEXT, saved to a folder."""
    from spacy.training import Example

    spacy.util.fix_random_seed(0)
    nlp = spacy.blank("en")
    nlp.add_pipe("tagger")
    nlp.add_pipe("parser", config={"min_action_freq": 1})
    nlp.add_pipe("ner")
    offsets = [sum(map(len, SENTENCES[:n])) for n in range(len(SENTENCES))]
    rows = [(word, tag, dep, head + offset, ent)
            for offset, sentence in zip(offsets, SENTENCES, strict=True)
            for word, tag, dep, head, ent in sentence]
    doc = nlp.make_doc(TEXT)
    assert [t.text for t in doc] == [row[0] for row in rows]
    example = Example.from_dict(doc, {"tags": [r[1] for r in rows],
                                      "deps": [r[2] for r in rows],
                                      "heads": [r[3] for r in rows],
                                      "entities": [r[4] for r in rows]})
    nlp.initialize(lambda: [example])
    for _ in range(40):
        nlp.update([example])
    path = tmp_path_factory.mktemp("model") / "pipeline"
    nlp.to_disk(path)
    return path


def quotes(source: QuotesSource, text: str) -> list[tuple[str, str, str | None, str | None]]:
    """(quote, type, speaker, speaker's label; None, None without a speaker), each span's
    offsets checked."""
    out = next(source.suggest([Article("a", text)], LABELS))
    spans = {s.id: s for s in out.spans}
    for s in out.spans:
        assert 0 <= s.start < s.end <= len(text)
    speaker = {link.head: spans[link.child] for link in out.links}
    return [(text[s.start:s.end], s.attrs["type"],
             text[speaker[s.id].start:speaker[s.id].end] if s.id in speaker else None,
             speaker[s.id].label if s.id in speaker else None)
            for s in out.spans if s.label == "QUOTE"]


def test_the_rules_alone_take_the_wrong_speaker_or_none_here():
    assert quotes(QuotesSource(), TEXT) == [
        ('"The deal is off,"', "direct", None, None),  # speech, but whose the rules miss
        ('"The river is dirty,"', "direct", "Greenpeace", "PERSON"),
        # the phrase with its place (the pipeline's subject ends before "in")
        ("the bridge was closed", "indirect", "The mayor's office in Springfield", "ORG")]


def test_the_pipeline_s_entity_and_subject_name_the_speakers(pipeline):
    assert quotes(QuotesSource(model=str(pipeline)), TEXT) == [
        ('"The deal is off,"', "direct", "the union", "ORG"),  # a subject the rules miss
        ('"The river is dirty,"', "direct", "Greenpeace", "ORG"),  # the entity's label
        ("the bridge was closed", "indirect", "The mayor's office", "ORG"),  # the subject
        ("would fail", "indirect", "experts", "PERSON")]  # a speaker inside a relative clause


@pytest.fixture
def news(run, tmp_path) -> Path:
    path = tmp_path / "news.db"
    assert run("init", path).exit_code == 0
    records = [{"id": "a", "text": "👍🏽 Floods.\r\n" + TEXT}]
    assert run("import", path, write_jsonl(tmp_path / "in.jsonl", records)).exit_code == 0
    return path


def test_suggest_quotes_with_model_stores_the_model_s_speakers(run, news, pipeline):
    result = run("suggest", news, "quotes", "--with-model", pipeline)
    assert result.exit_code == 0, result.output
    assert "from quotes --with-model" in result.output
    with Store.open(news) as store:
        article = store.annotations.article_by_id("a")
        spans = {s.id: s for s in store.annotations.spans(article.pk, "suggested")}
        links = store.annotations.relations(article.pk, "suggested")
        assert all(article.text[s.start:s.end] == s.text for s in spans.values())
        # a speaker that is no name is a source mention in a store whose schema has one
        assert sorted((spans[r.head].text, spans[r.child].text, spans[r.child].label)
                      for r in links) == [
            ('"The deal is off,"', "the union", "MENTION"),
            ('"The river is dirty,"', "Greenpeace", "ORG"),
            ("the bridge was closed", "The mayor's office", "MENTION"),
            ("would fail", "experts", "MENTION")]


def test_a_pipeline_that_will_not_load_is_one_line_and_nothing_is_written(run, news, tmp_path):
    with Store.open(news) as store:
        before = table_counts(store)
    result = run("suggest", news, "quotes", "--with-model", tmp_path / "no-such-pipeline")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: model ") and "cannot load the pipeline" in lines[0]
    assert lines[1:] == ["Nothing was written."]
    with Store.open(news) as store:
        assert table_counts(store) == before


def test_with_model_asks_for_the_quotes_source(run, news, pipeline):
    result = run("suggest", news, "corpus", "--with-model", pipeline)
    assert result.exit_code == 1
    assert "--with-model is for the quotes source" in result.stderr


def test_a_pipeline_without_parser_or_entities_leaves_the_rules_answer(tmp_path):
    path = tmp_path / "blank"
    spacy.blank("en").to_disk(path)
    assert quotes(QuotesSource(model=str(path)), TEXT) == quotes(QuotesSource(), TEXT)
    with pytest.raises(SuggestInputError, match="cannot load the pipeline"):
        QuotesSource(model=str(tmp_path / "missing"))


def test_make_sources_passes_the_model_to_quotes_only(store, pipeline, tmp_path):
    import_files(store, [write_jsonl(tmp_path / "m.jsonl", [{"id": "m", "text": TEXT}])])
    sources = make_sources(store, ["quotes", "corpus"], with_model=str(pipeline))
    assert [s.name for s in sources] == [f"quotes --with-model {pipeline}", "corpus"]
    summary = run_suggestions(store, sources)
    assert summary.spans_by_label == {"QUOTE": 4, "ORG": 1, "MENTION": 3}


def test_an_entity_ruler_alone_names_speakers_and_per_is_a_person(tmp_path):
    """No parser, no sentences: the rules find the attributions, the entities name them."""
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([
        {"label": "ORG", "pattern": "Deutsche Bahn"}, {"label": "PER", "pattern": "Ada Union"}])
    nlp.to_disk(tmp_path / "ruler")
    text = ('"Trains will run," said Deutsche Bahn. 👍🏽\r\n'
            "Ada Union told reporters that the strike was over.")
    assert quotes(QuotesSource(), text) == [
        ('"Trains will run,"', "direct", "Deutsche Bahn", "PERSON"),
        ("the strike was over", "indirect", "Ada Union", "ORG")]
    assert quotes(QuotesSource(model=str(tmp_path / "ruler")), text) == [
        ('"Trains will run,"', "direct", "Deutsche Bahn", "ORG"),
        ("the strike was over", "indirect", "Ada Union", "PERSON")]


def doc_of(words: list[str], heads: list[int], deps: list[str], ents: list[str] | None = None):
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, ents=ents)


def test_reading_takes_the_object_of_according_to_and_keeps_to_the_unit():
    from annotator.core.suggest.attribution import Attribution
    from annotator.core.suggest.mentions import Mention, tokens
    from annotator.core.suggest.parsed import Reading

    doc = doc_of(["According", "to", "the", "ministry", ",", "prices", "rose", "."],
                 [6, 0, 3, 1, 6, 6, 6, 6],
                 ["prep", "prep", "det", "pobj", "punct", "nsubj", "ROOT", "punct"])
    reading = Reading(doc)
    text = doc.text
    subject = reading.subject(0)
    assert (text[subject.start:subject.end], subject.kind, subject.label) == (
        "the ministry", "phrase", "ORG")
    # a unit that starts after the subject: the rules' mention stands
    toks = tokens(text, text.index("prices"), len(text))
    rules = Mention(0, 3, "name", "PERSON", "Ann")
    att = Attribution(rules, 1)  # toks[1] is "rose", whose subject "prices" is inside
    assert reading.refine(att, toks).mention.start == text.index("prices")
    rose = tokens(text, text.index("rose"), len(text))  # a unit that begins at the verb
    assert reading.subject(rose[0].start) is not None
    assert reading.subject_in(rose, 0) is None  # its subject lies outside the unit


def test_a_sentence_of_punctuation_alone_is_no_sentence():
    from spacy.tokens import Doc

    from annotator.core.suggest.parsed import Reading

    doc = Doc(spacy.blank("en").vocab, words=["Prices", "rose", ".", ".", "Then", "fell", "."],
              sent_starts=[True, False, False, True, True, False, False])
    assert Reading(doc).sentence_starts() == [0, doc[4].idx]

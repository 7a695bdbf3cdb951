"""A tiny spaCy pipeline trained in the test run (a few steps, a few sentences): `ner` for
ORG and GPE, `spancat` (key "sc") for CLAIM, whose spans carry scores."""

from __future__ import annotations

from pathlib import Path

TRAIN = [
    ("Reuters said prices rose in Paris.", [(0, 7, "ORG"), (28, 33, "GPE")], [(13, 24, "CLAIM")]),
    ("The bank said inflation fell in Berlin.", [(32, 38, "GPE")], [(14, 28, "CLAIM")]),
    ("Oxfam said wages rose in Lagos.", [(0, 5, "ORG"), (25, 30, "GPE")], [(11, 21, "CLAIM")]),
]


def tiny_pipeline(path: Path, steps: int = 12) -> Path:
    """Train the pipeline for `steps` updates and save it to `path`."""
    import spacy
    from spacy.training import Example

    spacy.util.fix_random_seed(0)
    nlp = spacy.blank("en")
    nlp.add_pipe("spancat", config={"spans_key": "sc"})
    nlp.add_pipe("ner")
    examples = [Example.from_dict(nlp.make_doc(text), {"entities": ents, "spans": {"sc": spans}})
                for text, ents, spans in TRAIN]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(steps):
        nlp.update(examples, sgd=optimizer)
    nlp.to_disk(path)
    return path

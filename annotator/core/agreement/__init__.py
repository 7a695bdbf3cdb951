"""Agreement between annotators: how far their layers of the same articles match.

`agreement(store, ...)` compares every pair of annotators (the first of a pair is the
reference) over the articles that each of them marked done, or over one article, and sums
the pairs into a total:

- Spans, per label and overall (every label pooled). Exact matching: the same start, end and
  label. Overlap matching: the same label and overlapping ranges, paired one to one, the
  largest overlap first (ties by position). Each span is matched once at most (a multiset).
  Precision = matched / candidate spans, recall = matched / reference spans,
  F1 = 2 matched / (reference + candidate spans).
- Characters: Cohen's kappa for a pair and Krippendorff's alpha (nominal) for a pair and for
  all annotators at once. For one kind of label (entity, claim, quote, mention), a character's
  category in a layer is the label of the shortest span of that kind covering it (ties: the
  label first by name), else "O"; overall, the units are (character, kind) pairs over the
  kinds of the labels compared, with one "O" shared by all kinds. Per label, a character is
  either inside a span with that label or not.
- Relations: matched when head and child spans match exactly and the relation label is equal.
- Attributes (a quote's type, a claim's check-worthiness): on the spans matched by overlap,
  Cohen's kappa per pair and Krippendorff's alpha, with the count of matched pairs
  (`attributes.py` says how unset values and more than two annotators are counted).
- The total sums matches and span counts over all pairs (micro), takes the mean of the pairs'
  kappas (Light's kappa), and computes alpha from every annotator's layers together.

A figure that would divide by zero is None ("n/a"): precision without candidate spans,
recall without reference spans, F1 when neither has any, kappa and alpha when chance
agreement is already certain (every character in one category for everybody).

`--label` (`labels=`) compares only spans with those labels, as if the others were absent.
The gold layer is compared only when named. No loop runs over an article's characters:
character counts come from the boundaries of spans.
"""

from .attributes import AttributeFigures
from .compare import Agreement, AgreementError, Comparison, Figures, Matches, agreement
from .measures import (
    alpha_from_coincidences,
    cohen_kappa,
    krippendorff_alpha_nominal,
    prf,
)

__all__ = ["Agreement", "AgreementError", "AttributeFigures", "Comparison", "Figures",
           "Matches", "agreement", "alpha_from_coincidences", "cohen_kappa",
           "krippendorff_alpha_nominal", "prf"]

"""Judge whether a document was run through an article spinner.

Evidence is pooled over the whole document (outside quotations, which spinners
leave alone):

* fingerprints: hits of `tier: fingerprint` rules, swaps no person writes
  ("hourly hours", "jap Ukraine");
* consistent swaps: a `tier: contextual` substitute is present while its original
  never appears (no "said" anywhere, but "stated" seven times). Spinners replace
  every occurrence of a trigger with one synonym, so this is what they leave;
* inconsistent swaps: the substitute and its original both appear, as in
  ordinary writing ("the stated aim", and elsewhere "she said").

The score is a logistic function of the weighted evidence; a document is judged
spun at SPUN_AT or above. Weights and threshold were tuned on the team's
development set (benchmarks/quality_spin.py prints the effect): with a weight of 2
per fingerprint hit and 1 per consistent or inconsistent original, a document is
spun when 2*F + C - I >= 4, e.g. four consistent swaps and no counter-evidence, or
one fingerprint and two consistent swaps. On the development set the 60 spun
articles reach C - I >= 4 (most far more) and the 60 clean ones at most 2.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

FINGERPRINT_WEIGHT = 2.0
CONSISTENT_WEIGHT = 1.0
INCONSISTENT_WEIGHT = 1.0
BIAS = -4.0
SPUN_AT = 0.5


@dataclass(frozen=True)
class Evidence:
    fingerprints: int
    consistent: int
    inconsistent: int

    @property
    def score(self) -> float:
        z = (FINGERPRINT_WEIGHT * self.fingerprints + CONSISTENT_WEIGHT * self.consistent
             - INCONSISTENT_WEIGHT * self.inconsistent + BIAS)
        return round(1.0 / (1.0 + math.exp(-z)), 4)

    @property
    def spun(self) -> bool:
        return self.score >= SPUN_AT

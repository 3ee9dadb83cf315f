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
development sets (benchmarks/quality_spin.py prints the effect): with a weight of 2
per fingerprint hit and 1 per consistent or inconsistent original, a document is
spun when 2*F + C - I >= 5, e.g. five consistent swaps and no counter-evidence, or
one fingerprint and three consistent swaps. On the development set 58 of the 60
spun articles reach it (most far more) and the 60 clean BBC originals reach at most
2; two of 48 clean articles from other sites (the chrome set's annotated bodies)
reach exactly 4, which is why the bar is 5: at 4 they were rewritten (8 false edits).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

FINGERPRINT_WEIGHT = 2.0
CONSISTENT_WEIGHT = 1.0
INCONSISTENT_WEIGHT = 1.0
BIAS = -5.0
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

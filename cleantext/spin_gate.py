"""Spin gating: which spinner-rule candidates an inline pass keeps, judged per document.

Spinner rules carry a `tier`. Every English document is judged by `spin.judge` (with
the spinner rules' candidates, if any: a spinner's output need not hold any of them);
fingerprints are kept, and contextual swaps only in documents whose per-document signature
(the judge's model of a spinner that picks one synonym per word for the whole document) alone
scores spin.REPAIR_AT or more and above the per-occurrence signature, and only where the
original never appears outside quotations.
The absence of an original is evidence of a swap only for such a spinner (and one whose
thesaurus the swaps come from): in the output of another spinner, a writer's own "till" next
to an absent "until" is no swap (on generated families, per-occurrence or with another
thesaurus, 77-96% of such reversals were wrong; tools/spinner/repair_families.py).
Nothing inside a quotation or an embedded post is rewritten (see cleantext/spin.py).
"""
from __future__ import annotations

from collections.abc import Sequence

import regex

from . import spin
from .inline.context import Candidate, DocContext
from .inline.literals import phrase_body
from .inline.protected import overlaps
from .spin import REPAIR_AT, SPUN_AT, Evidence, Words, may_be_spun, protected_spans, read_words, word_evidence

CONSISTENT_SIGNATURE = "per-document"  # the judge's signature whose spinner leaves originals absent


class SpinGate:
    """The gate for one inline phase's rules, given each rule's tier ("" for none)."""

    def __init__(self, tiers: Sequence[str]):
        self.tiers = tiers
        self._originals: dict[str, regex.Pattern] = {}

    def judge(self, candidates: list[Candidate], ctx: DocContext) -> tuple[list[Candidate], Evidence | None]:
        """Judge the document; keep fingerprints, and contextual swaps only where it is
        surely spun and the original never appears outside quotations."""
        tiers = self.tiers
        plain = [c for c in candidates if not tiers[c[2]]]
        if ctx.spin == "off" or (len(plain) == len(candidates) and ctx.lang_if_known not in (None, "en")):
            return plain, None  # spin off, or another language (spinner rules are English)
        fingerprints = [c for c in candidates if tiers[c[2]] == "fingerprint"]
        contextual = [c for c in candidates if tiers[c[2]] == "contextual"]
        protected = protected_spans(ctx.text, ctx.quotes)
        originals, hits = {c[3] for c in contextual}, len(fingerprints)
        # Repairing needs only whether the score reaches the bar; a bound that counts every
        # original both ways tells that before any original is looked for in the text, and
        # most often before its words are read.
        floor = SPUN_AT if ctx.spin == "fix" else 0.0
        screened = may_be_spun(ctx.text, protected, floor, hits, len(originals), len(originals))
        words = None if screened is None else read_words(ctx.text, protected, screened)
        found = None if words is None else word_evidence(words)
        consistent: set[str] = set()
        evidence = None
        if found is not None and found.may_reach(floor, hits, len(originals), len(originals)):
            consistent, inconsistent = self._sort_originals(originals, found.words, ctx, contextual)
            if found.may_reach(floor, hits, len(consistent), len(inconsistent)):
                evidence = found.complete([ctx.text[c[0]:c[1]] for c in fingerprints], consistent, inconsistent)
        if ctx.spin != "fix":
            return plain, evidence
        kept = plain + [c for c in fingerprints if not overlaps(protected, c[0], c[1])]
        if evidence is not None and consistent_spinner(evidence):
            kept += [c for c in contextual if c[3] in consistent and not overlaps(protected, c[0], c[1])]
        return kept, evidence

    def _sort_originals(self, originals: set[str], words: Words, ctx: DocContext,
                        contextual: list[Candidate]) -> tuple[set[str], set[str]]:
        """The contextual originals absent (consistent) and present (inconsistent) outside
        quotations and outside the substitutes themselves."""
        consistent: set[str] = set()
        inconsistent: set[str] = set()
        spans = sorted((c[0], c[1]) for c in contextual)
        for original in originals:
            # The document's words rule most originals out without a scan of the text.
            appears = words.may_contain(original) and self._appears_unquoted(original, ctx, spans)
            (inconsistent if appears else consistent).add(original)
        return consistent, inconsistent

    def _appears_unquoted(self, original: str, ctx: DocContext, substitutes: list[tuple[int, int]]) -> bool:
        """Whether the original appears outside quotations and outside the substitutes
        themselves, `substitutes` sorted ("new" inside "brand new" does not count)."""
        pattern = self._originals.get(original)
        if pattern is None:
            pattern = self._originals[original] = regex.compile(phrase_body(original))
        # A literal phrase's pattern (phrase_body, whoever wrote the rule) runs in linear time,
        # so it is scanned without a limit, and only up to its first appearance that counts.
        return any(not ctx.in_quote(*m.span()) and not overlaps(substitutes, *m.span())
                   for m in ctx.budget.each("spin.originals", pattern, ctx.text, trusted=True))


def consistent_spinner(evidence: Evidence) -> bool:
    """Whether the document reads as the output of a spinner that renders each word one way
    throughout: the judge's per-document signature on its own scores REPAIR_AT or more and
    explains the evidence better than the per-occurrence one."""
    m, features = spin.model(), evidence.features()
    alone = {"signatures": {CONSISTENT_SIGNATURE: m["signatures"][CONSISTENT_SIGNATURE]}}
    return spin.signature(m, features) == CONSISTENT_SIGNATURE and spin.probability(alone, features) >= REPAIR_AT

"""Judge whether a document was run through an article spinner.

A spinner leaves several kinds of trace; each is counted outside quotations and
embedded posts (which spinners leave alone, and which are never rewritten) and turned
into a rate per 1,000 words, so that a long article does not collect more evidence than
a short one by being long:

* fingerprint: hits of `tier: fingerprint` rules, swaps no person writes ("hourly hours");
* consistent: `tier: contextual` substitutes whose original never appears (no "said"
  anywhere, but "stated" seven times): what a one-synonym-per-document spinner leaves;
* inconsistent: contextual substitutes whose original appears too, as in ordinary
  writing ("the stated aim", and elsewhere "she said"): evidence against;
* substitutes: words with a synonym writers use at least ten times as often that is
  nowhere in the document ("commence" without "begin", "start" or "get");
* rare: those substitutes that are themselves rare (under one in a million words) while
  their synonym is used 30 times as often ("otiose" without "idle"): writers choose rare
  words for a reason, a spinner picks any synonym of any sense;
* pairs: a substitute next to a word with which its common synonym makes one of the
  web's most frequent word pairs while the substitute does not ("prime priest");
* variants: a common word absent from the document but rendered by two or more of its
  rarer synonyms: what a spinner that picks a synonym per occurrence leaves;
* unseen_pairs: the share of distinct pairs of neighbouring lower-case words (not two
  stopwords) that are not among the web's frequent pairs: a swapped word breaks the pairs
  on both sides of it ("vehicle smash"), whatever thesaurus the spinner used.

A document whose words are less than `english_share` (in the model file) its English
function words ("the", "of", "was"...) is not judged: the word data is English.

The score is the higher of two logistic models of the rates (square-root scale), one
per kind of spinner: "per-document" (one synonym per word for the whole document:
consistent swaps, fingerprints) and "per-occurrence" (a random synonym at each
occurrence: rare substitutes, variants). tools/spinner/train_judge.py fits them on
clean text and on the output of several spinner families; their weights, and a cap per
family that keeps any single family below the bar on its own, are in
rules/models/spin-judge.json. A document shorter than min_words (in the model file)
counts as that long, so a rate from a few lines counts for less; beyond that, the rates
do not grow with length. The word data (rules/
models/spin-substitutes.tsv.gz, spin-pairs.txt.gz) is built by tools/spinner/build_models.py.
"""
from __future__ import annotations

import gzip
import json
import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from .loader import builtin_rules_dir

FAMILIES = ("fingerprint", "consistent", "inconsistent", "substitutes", "rare", "pairs", "variants",
            "unseen_pairs")
SPUN_AT = 0.65  # on the development sets: no clean article above it (benchmarks/quality_spin.py --caution)
REPAIR_AT = 0.7  # contextual swaps are reversed only in documents judged spun this surely
EXAMPLES = 5  # per family, in the evidence shown to users
# The attribution line of an embedded post: "— Jane Doe (@jane) March 3, 2020", "A post
# shared by Jane (@jane) on Sep 1, 2020 at 1:22am PDT". One bounded class per gap: linear.
_EMBED_CREDIT = re.compile(r"^(?:[\u2014\u2013-]|A post shared by)[^\n(]{0,80}\(@\w{1,30}\)"
                           r"[^\n]{0,60}\d{4}\b[^\n]{0,40}$",
                           re.MULTILINE)
# Runs of words separated by single spaces (the pair list knows plain letters only): a
# run ends at punctuation, digits, a line break or another script. Linear: each unit starts
# with a letter after one space.
_RUN = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?(?: [A-Za-z]+(?:['\u2019][A-Za-z]+)?)*")


def protected_spans(text: str, quotes: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quotations and embedded posts (a tweet or Instagram post: its credit line and the
    paragraph before it), sorted and disjoint: neither evidence nor ever rewritten."""
    spans = list(quotes)
    for m in _EMBED_CREDIT.finditer(text):
        end = m.start()
        while end > 0 and text[end - 1] == "\n":  # the blank lines between post and credit
            end -= 1
        spans.append((text.rfind("\n", 0, end) + 1, m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _models() -> Path:
    return builtin_rules_dir() / "models"


@lru_cache(maxsize=1)
def model() -> dict:
    with (_models() / "spin-judge.json").open(encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=1)
def substitutes() -> dict[str, tuple[str, ...]]:
    """word -> its much more common synonyms."""
    return {w: commons for w, (commons, _) in _substitute_table().items()}


@lru_cache(maxsize=1)
def rare_words() -> frozenset[str]:
    return frozenset(w for w, (_, rare) in _substitute_table().items() if rare)


@lru_cache(maxsize=1)
def _substitute_table() -> dict[str, tuple[tuple[str, ...], bool]]:
    with gzip.open(_models() / "spin-substitutes.tsv.gz", "rt", encoding="utf-8") as f:
        rows = (line.rstrip("\n").split("\t") for line in f)
        return {row[0]: (tuple(row[1].split()), len(row) > 2) for row in rows}


@lru_cache(maxsize=1)
def common_pairs() -> frozenset[str]:
    with gzip.open(_models() / "spin-pairs.txt.gz", "rt", encoding="utf-8") as f:
        return frozenset(line.rstrip("\n") for line in f)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The function words whose share tells English text (spinners leave them alone)."""
    return frozenset(model()["english_words"])


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    import stopwordsiso

    return frozenset(stopwordsiso.stopwords("en"))


@dataclass(frozen=True)
class Evidence:
    """What the judge found in one document: counts per family, the words they were
    counted over, and a few examples per family."""

    words: int
    counts: dict[str, int]
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)
    pairs: int = 0  # distinct pairs of neighbours looked at for unseen_pairs

    def rate(self, family: str) -> float:
        """Per 1,000 words (unseen_pairs: per 1,000 pairs looked at); a document shorter
        than min_words (min_pairs) counts as that long, so a few lines cannot reach a high
        rate. Families count distinct items, so repeating a text lowers its rates: length
        alone never raises the score."""
        if family == "unseen_pairs":
            return 1000.0 * self.counts.get(family, 0) / max(self.pairs, model()["min_pairs"])
        return 1000.0 * self.counts.get(family, 0) / max(self.words, model()["min_words"])

    def features(self) -> list[float]:
        """The model's inputs: the square root of each family's rate (so that a rate far
        above the clean baseline counts, without one huge rate swamping the rest)."""
        return [math.sqrt(self.rate(f)) for f in FAMILIES]

    @property
    def score(self) -> float:
        return round(probability(model(), self.features()), 4)

    @property
    def spun(self) -> bool:
        return self.score >= SPUN_AT

    def summary(self) -> dict:
        """The score and its evidence, for explain output and JSONL metadata."""
        return {"score": self.score, "signature": signature(model(), self.features()), "words": self.words,
                "families": {f: {"count": n, "per_1k": round(self.rate(f), 2),
                                 "examples": list(self.examples.get(f, ()))}
                             for f, n in self.counts.items() if n}}


def probability(m: dict, features: Sequence[float]) -> float:
    """The highest of the model's signatures (one logistic model per kind of spinner),
    each family's contribution capped (see tools/spinner/train_judge.py)."""
    return max(_logistic(sig, features) for sig in m["signatures"].values())


def signature(m: dict, features: Sequence[float]) -> str:
    """The name of the signature that gives the score."""
    return max(m["signatures"], key=lambda name: _logistic(m["signatures"][name], features))


def _logistic(sig: dict, features: Sequence[float]) -> float:
    z = sig["bias"]
    for family, x in zip(FAMILIES, features):
        z += sig["weights"].get(family, 0.0) * min(x, sig["caps"].get(family, math.inf))
    return 1.0 / (1.0 + math.exp(-z))


def judge(text: str, quotes: Sequence[tuple[int, int]], fingerprints: Sequence[str],
          consistent: Collection[str], inconsistent: Collection[str]) -> Evidence | None:
    """Pool the evidence of one document, or None when it does not read as English (too
    few of the model's English function words). `quotes` are its quoted spans (sorted); `fingerprints` the
    texts of fingerprint hits, `consistent`/`inconsistent` the originals of contextual
    hits whose original is absent/present outside quotes. Linear in the text: one pass of
    a word-run pattern, set look-ups per word and per pair of neighbours."""
    quoted, runs = _runs(text, quotes)
    tokens = [w.lower() for run in runs for w in (*run, "")]  # "": no pair across runs
    words = len(tokens) - len(runs)
    if words == 0 or sum(1 for w in tokens if w in english_words()) < model()["english_share"] * words:
        return None
    stop = stopwords()
    present = set(tokens) | {w.lower() for run in quoted for w in run}
    table = substitutes()
    found: dict[str, list[str]] = {"fingerprint": list(fingerprints), "consistent": sorted(consistent),
                                   "inconsistent": sorted(inconsistent)}
    subs: dict[str, str] = {}  # substitute -> the common synonym it stands for
    renderings: dict[str, set[str]] = {}
    for w in present & table.keys():
        commons = table[w]
        if not any(c in present for c in commons):
            subs[w] = commons[0]
            for c in commons:
                renderings.setdefault(c, set()).add(w)
    subs = {w: subs[w] for w in dict.fromkeys(tokens) if w in subs}  # unquoted ones, in text order
    found["substitutes"] = [f"{w} ({c})" for w, c in subs.items()]
    rare = rare_words()
    found["rare"] = [f"{w} ({c})" for w, c in subs.items() if w in rare]
    found["pairs"] = _implausible_pairs(tokens, subs, table)
    found["variants"] = [f"{c}: {', '.join(sorted(ws & subs.keys()))}" for c, ws in renderings.items()
                         if len(ws & subs.keys()) > 1]
    looked_at, unseen = _unseen_pairs(runs, stop)
    found["unseen_pairs"] = unseen
    return Evidence(words, {f: len(found[f]) for f in FAMILIES},
                    {f: tuple(found[f][:EXAMPLES]) for f in FAMILIES if found[f]}, looked_at)


def _runs(text: str, quotes: Sequence[tuple[int, int]]) -> tuple[list[list[str]], list[list[str]]]:
    """The runs of words (letters, one space between them) inside and outside quotations:
    one pass of the run pattern over the text, a quotation ending a run."""
    quoted: list[list[str]] = []
    unquoted: list[list[str]] = []
    pos = 0
    for start, end in [*quotes, (len(text), len(text))]:
        unquoted.extend(m.group().split(" ") for m in _RUN.finditer(text, pos, start))
        quoted.extend(m.group().split(" ") for m in _RUN.finditer(text, max(pos, start), end))
        pos = max(pos, end)
    return quoted, unquoted


def _unseen_pairs(runs: list[list[str]], stop: frozenset[str]) -> tuple[int, list[str]]:
    """How many distinct pairs of neighbouring lower-case words the judge looked at (not
    two stopwords), and those not among the web's frequent pairs, in text order. Capitalised
    words (names, headings) are left out: the pair list knows few of them."""
    listed = common_pairs()
    seen: dict[str, bool] = {}
    for run in runs:
        for a, b in pairwise(run):
            if a.islower() and b.islower() and not (a in stop and b in stop):
                pair = f"{a} {b}"
                if pair not in seen:
                    seen[pair] = pair in listed
    return len(seen), [p for p, known in seen.items() if not known]


def _implausible_pairs(tokens: list[str], subs: dict[str, str], table: dict[str, tuple[str, ...]]) -> list[str]:
    """Distinct adjacent pairs "a s" (or "s a") where s is a counted substitute, a is a
    content word, the pair is not among the web's frequent pairs, and one of s's common
    synonyms makes a frequent pair with a. Only the neighbours of substitutes are looked at."""
    pairs, stop = common_pairs(), stopwords()
    out: dict[str, None] = {}
    last = len(tokens) - 1
    for i, sub in enumerate(tokens):
        if sub not in subs:
            continue
        for j, fmt in ((i - 1, "{o} {c}"), (i + 1, "{c} {o}")):
            other = tokens[j] if 0 <= j <= last else ""
            if not other or other in stop:
                continue
            pair = fmt.format(o=other, c=sub)
            if pair in pairs:
                continue
            fixes = [c for c in table[sub] if fmt.format(o=other, c=c) in pairs]
            if fixes:
                out[f"{pair} ({fmt.format(o=other, c=fixes[0])})"] = None
    return list(out)

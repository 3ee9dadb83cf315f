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
  on both sides of it ("vehicle smash"), whatever thesaurus the spinner used;
* uncommon: words outside the web's 120,000 most frequent that have a synonym writers use
  at least ten times as often, whether or not it appears: a spinner's pick from a random
  sense ("touchstones" for "models") is often such a word, a writer's rarely;
* unseen_common: the share of those pairs made of two of the web's 20,000 most frequent
  words that the pair list lacks: among common words the list is dense, so a missing pair
  of them ("car smash") says more than a missing pair with a rare word.

A document under `english_share` (in the model file) of whose words are its English
function words ("the", "of", "was"...) is not judged: the word data is English.

The score is the higher of two logistic models of the rates (square-root scale), one
per kind of spinner: "per-document" (one synonym per word for the whole document:
consistent swaps, fingerprints) and "per-occurrence" (a random synonym at each
occurrence: rare substitutes, unseen pairs). tools/spinner/train_judge.py fits them on
clean text and on the output of several spinner families; their weights, and a cap per
family that keeps any single family below the bar on its own, are in
rules/models/spin-judge.json. A document shorter than min_words (in the model file)
counts as that long, so a rate from a few lines counts for less; beyond that, the rates
do not grow with length. To repair, only whether the score reaches SPUN_AT matters, so
the pair families (a look-up per pair) are counted only when a sure upper bound of the
score does (`evidence(..., floor=)`). The word data (rules/
models/spin-substitutes.tsv.gz, spin-pairs.txt.gz) is built by tools/spinner/build_models.py.
"""
from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import chain, compress, pairwise
from operator import and_, gt
from pathlib import Path
from typing import NamedTuple

from .loader import builtin_rules_dir

FAMILIES = ("fingerprint", "consistent", "inconsistent", "substitutes", "rare", "pairs", "variants",
            "unseen_pairs", "uncommon", "unseen_common")
SPUN_AT = 0.65  # on the development sets: no clean article above it (benchmarks/quality_spin.py --caution)
REPAIR_AT = 0.7  # contextual swaps are reversed only in documents judged spun this surely
EXAMPLES = 5  # per family, in the evidence shown to users
# The attribution line of an embedded post: "— Jane Doe (@jane) March 3, 2020", "A post
# shared by Jane (@jane) on Sep 1, 2020 at 1:22am PDT". One bounded class per gap: linear.
_EMBED_CREDIT = re.compile(r"^(?:[\u2014\u2013-]|A post shared by)[^\n(]{0,80}\(@\w{1,30}\)"
                           r"[^\n]{0,60}\d{4}\b[^\n]{0,40}$",
                           re.MULTILINE)
_PLAIN = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")  # a phrase Words.may_contain can rule out
# Runs of words separated by single spaces (the pair list knows plain letters only): a
# run ends at punctuation, digits, a line break or another script. Linear: each unit starts
# with a letter after one space; possessive, since giving letters back never lets a run go on.
_RUN = re.compile(r"[A-Za-z]++(?:['\u2019][A-Za-z]++)?+(?: [A-Za-z]++(?:['\u2019][A-Za-z]++)?+)*+")


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


@lru_cache(maxsize=2)
def flagged(flag: str) -> frozenset[str]:
    """The substitutes flagged "rare" or "uncommon" (tools/spinner/build_models.py)."""
    return frozenset(w for w, (_, flags) in _substitute_table().items() if flag in flags)


def rare_words() -> frozenset[str]:
    return flagged("rare")


@lru_cache(maxsize=1)
def _substitute_table() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    with gzip.open(_models() / "spin-substitutes.tsv.gz", "rt", encoding="utf-8") as f:
        rows = (line.rstrip("\n").split("\t") for line in f)
        return {row[0]: (tuple(row[1].split()), tuple(row[2].split()) if len(row) > 2 else ()) for row in rows}


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The web's most frequent words (lower-case)."""
    with gzip.open(_models() / "spin-common-words.txt.gz", "rt", encoding="utf-8") as f:
        return frozenset(f.read().split())


@lru_cache(maxsize=1)
def common_pairs() -> frozenset[tuple[str, str]]:
    """The web's frequent pairs of lower-case words, as (first, second)."""
    with gzip.open(_models() / "spin-pairs.txt.gz", "rt", encoding="utf-8") as f:
        return frozenset(tuple(line.rstrip("\n").split(" ", 1)) for line in f)  # type: ignore[misc]


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
    common_pairs: int = 0  # those of two common words, looked at for unseen_common

    def rate(self, family: str) -> float:
        return self.rates()[FAMILIES.index(family)]

    def rates(self) -> list[float]:
        """Per family, per 1,000 words (unseen_pairs, unseen_common: per 1,000 pairs looked at);
        a document shorter than min_words (fewer pairs than min_pairs, min_common_pairs)
        counts as that long, so a few lines cannot reach a high rate. Families count distinct
        items, so repeating a text lowers its rates: length alone never raises the score."""
        m = model()
        per = {"unseen_pairs": max(self.pairs, m["min_pairs"]),
               "unseen_common": max(self.common_pairs, m["min_common_pairs"])}
        words = max(self.words, m["min_words"])
        return [1000.0 * self.counts.get(f, 0) / per.get(f, words) for f in FAMILIES]

    def features(self) -> list[float]:
        """The model's inputs: the square root of each family's rate (so that a rate far
        above the clean baseline counts, without one huge rate swamping the rest)."""
        return [math.sqrt(r) for r in self.rates()]

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


def _logistic(sig: dict, features: Sequence[float], upper: bool = False) -> float:
    """The signature's probability; with `upper`, features are upper bounds, so a family
    with a negative weight counts as absent."""
    z = sig["bias"]
    for family, x in zip(FAMILIES, features):
        w = sig["weights"].get(family, 0.0)
        z += 0.0 if upper and w < 0 else w * min(x, sig["caps"].get(family, math.inf))
    return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True)
class Words:
    """One document's words, read once. Outside quotations: the runs of words as written,
    joined with two spaces (so "" between runs), every word lower-cased, and how often each
    occurs; and every word anywhere (quotations too), lower-cased and split at apostrophes
    (the word data has none)."""

    joined: str
    tokens: list[str]
    counts: Counter[str]
    anywhere: frozenset[str]

    @property
    def total(self) -> int:
        return self.counts.total() - self.counts[""]

    @cached_property
    def cased(self) -> list[str]:
        """Every word outside quotations as written, "" between runs (only the pair families,
        which run on few documents, need the case)."""
        return self.joined.split(" ")

    @cached_property
    def stopword_flags(self) -> list[bool]:
        """Per word of `cased`, whether it is a stopword."""
        return list(map(stopwords().__contains__, self.cased))

    def may_contain(self, phrase: str) -> bool:
        """False only when `phrase` (plain words) cannot occur in the document in any case."""
        return not _PLAIN.fullmatch(phrase) or all(w in self.anywhere for w in phrase.lower().split())


def read_words(text: str, quotes: Sequence[tuple[int, int]]) -> Words | None:
    """The document's words, or None when it does not read as English (less than the model's
    english_share of them are its English function words). One pass of the run pattern;
    everything else is string and set operations in C."""
    quoted: list[str] = []
    unquoted: list[str] = []
    pos = 0
    for start, end in [*quotes, (len(text), len(text))]:
        unquoted += _RUN.findall(text, pos, start)
        if start < end:
            quoted += _RUN.findall(text, max(pos, start), end)
        pos = max(pos, end)
    joined = "  ".join(unquoted)  # two spaces: an empty word between runs, so no pair across them
    tokens = joined.lower().split(" ")
    counts = Counter(tokens)
    words = counts.total() - counts[""]
    if words == 0 or sum(counts[w] for w in english_words()) < model()["english_share"] * words:
        return None
    distinct = " ".join([*counts, " ".join(quoted).lower()])  # the unquoted words once each
    anywhere = frozenset(distinct.replace("'", " ").replace("\u2019", " ").split())
    return Words(joined, tokens, counts, anywhere)


def judge(text: str, quotes: Sequence[tuple[int, int]], fingerprints: Sequence[str],
          consistent: Collection[str], inconsistent: Collection[str]) -> Evidence | None:
    """Pool the evidence of one document, or None when it does not read as English.
    `quotes` are its quoted spans (sorted); `fingerprints` the texts of fingerprint hits,
    `consistent`/`inconsistent` the originals of contextual hits whose original is
    absent/present outside quotes."""
    words = read_words(text, quotes)
    return None if words is None else evidence(words, fingerprints, consistent, inconsistent)


def evidence(words: Words, fingerprints: Sequence[str], consistent: Collection[str],
             inconsistent: Collection[str], floor: float = 0.0) -> Evidence | None:
    """The evidence in a document's words; None when the score cannot reach `floor`. Bounded
    work per word: set look-ups per distinct word and per distinct pair of neighbours. The
    families of words come first and cheaply; the pair families (a look-up per pair) only if
    a sure upper bound of the score, with every pair as bad as it can be, reaches `floor`."""
    found = word_evidence(words)
    if not found.may_reach(floor, len(fingerprints), len(consistent), len(inconsistent)):
        return None
    return found.complete(fingerprints, consistent, inconsistent)


@dataclass(frozen=True)
class WordEvidence:
    """The families counted from the words alone: substitutes, rare and variants. With the
    number of fingerprint hits and of contextual originals they bound the score, so a caller
    can skip the rest (the pair families, the examples, and finding which originals appear)."""

    words: Words
    subs: dict[str, str]  # unquoted substitute -> the common synonym it stands for, in text order
    rare: list[str]  # the rare ones among them
    uncommon: list[str]  # unquoted words outside the web's frequent words with a much more common synonym
    variants: list[str]  # common words rendered by two or more of them

    def may_reach(self, floor: float, fingerprints: int, consistent: int, inconsistent: int) -> bool:
        """False only when the score surely stays under `floor` with these many fingerprint
        hits and at most these many consistent and inconsistent originals: each substitute
        occurrence makes at most two implausible pairs, and at most every pair looked at is
        unseen (1,000 per 1,000). If the words alone cannot tell, the pairs of two common
        words are counted (the cheaper pair family, which rules most clean text out)."""
        if floor <= 0:
            return True
        rule_hits = (fingerprints, consistent, inconsistent)
        return self._upper_bound(*rule_hits, None) >= floor and self._upper_bound(*rule_hits, self.common) >= floor

    def _upper_bound(self, fingerprints: int, consistent: int, inconsistent: int,
                     common: PairCount | None) -> float:
        m = model()
        most = {"fingerprint": fingerprints, "consistent": consistent, "inconsistent": inconsistent,
                "substitutes": len(self.subs), "rare": len(self.rare), "variants": len(self.variants),
                "uncommon": len(self.uncommon), "pairs": 2 * sum(map(self.words.counts.__getitem__, self.subs)),
                "unseen_pairs": m["min_pairs"],
                "unseen_common": len(common.unseen) if common else m["min_common_pairs"]}
        features = Evidence(self.words.total, most, pairs=m["min_pairs"],
                            common_pairs=common.looked if common else m["min_common_pairs"]).features()
        return max(_logistic(sig, features, upper=True) for sig in m["signatures"].values())

    @cached_property
    def common(self) -> PairCount:
        """The pairs of two common words and those the pair list lacks (unseen_common)."""
        return _unseen_pairs(self.words, common_words())

    def complete(self, fingerprints: Sequence[str], consistent: Collection[str],
                 inconsistent: Collection[str]) -> Evidence:
        """All the evidence: these families, the rule hits and the pair families."""
        words, subs, table = self.words, self.subs, substitutes()
        renderings: dict[str, list[str]] = {}
        for w in subs:
            for c in table[w]:
                renderings.setdefault(c, []).append(w)
        found = {"fingerprint": list(fingerprints), "consistent": sorted(consistent),
                 "inconsistent": sorted(inconsistent), "substitutes": [f"{w} ({c})" for w, c in subs.items()],
                 "rare": [f"{w} ({subs[w]})" for w in self.rare],
                 "variants": [f"{c}: {', '.join(sorted(renderings[c]))}" for c in self.variants],
                 "uncommon": [f"{w} ({table[w][0]})" for w in self.uncommon]}
        found["pairs"] = _implausible_pairs(dict.fromkeys(pairwise(words.tokens)), subs, table) if subs else []
        unseen = _unseen_pairs(words)
        found["unseen_pairs"], found["unseen_common"] = unseen.unseen, self.common.unseen
        examples = {f: tuple(found[f][:EXAMPLES]) for f in FAMILIES if found[f]}
        return Evidence(words.total, {f: len(found[f]) for f in FAMILIES}, examples, unseen.looked, self.common.looked)


def word_evidence(words: Words) -> WordEvidence:
    """Substitutes (unquoted words whose much more common synonyms are nowhere in the
    document), the rare ones among them, and common words rendered by several of them
    (in the order their first rendering appears)."""
    table, anywhere = substitutes(), words.anywhere
    absent = {w for w in words.counts.keys() & table.keys() if anywhere.isdisjoint(table[w])}
    subs = {w: table[w][0] for w in filter(absent.__contains__, words.counts)}  # text order
    renderings = Counter(chain.from_iterable(map(table.__getitem__, subs)))
    return WordEvidence(words, subs, list(filter(rare_words().__contains__, subs)),
                        list(filter(flagged("uncommon").__contains__, words.counts)),
                        [c for c, n in renderings.items() if n > 1])


class PairCount(NamedTuple):
    looked: int  # distinct pairs of neighbouring lower-case words looked at (not two stopwords)
    unseen: list[str]  # those not among the web's frequent pairs, in text order


def _unseen_pairs(words: Words, among: Collection[str] | None = None) -> PairCount:
    """The distinct pairs of neighbouring lower-case words (not two stopwords) the judge looks
    at, or only those of two words `among` (lower-case words), and those not among the web's
    frequent pairs. Capitalised words (names, headings) are left out: the pair list knows few
    of them. All in C: a flag per word, the flags of neighbours combined with map, the pairs
    picked with compress, set operations on the distinct ones."""
    cased = words.cased
    if among is None:  # the words written in lower case: those that are their own lower-casing
        among = words.counts.keys() & set(cased) - {""}
    is_in = list(map(among.__contains__, cased))
    looked = dict.fromkeys(compress(pairwise(cased), map(gt, _both(is_in), _both(words.stopword_flags))))
    unseen = set(looked).difference(common_pairs())  # looks up each pair (dict_keys - set walks the set)
    return PairCount(len(looked), list(map(" ".join, filter(unseen.__contains__, looked))))


def _both(flags: list[bool]) -> Iterator[bool]:
    """Per pair of neighbours, whether both have the flag."""
    return map(and_, flags, flags[1:])


def _implausible_pairs(neighbours: dict[tuple[str, str], None], subs: dict[str, str],
                       table: dict[str, tuple[str, ...]]) -> list[str]:
    """Distinct adjacent pairs "a s" (or "s a") where s is a counted substitute, a is a
    content word, the pair is not among the web's frequent pairs, and one of s's common
    synonyms makes a frequent pair with a. Only the pairs holding a substitute are looked at."""
    listed, stop = common_pairs(), stopwords()
    out: dict[str, None] = {}
    for pair in [p for p in neighbours if p[0] in subs or p[1] in subs]:
        if pair in listed:
            continue
        for k in (1, 0) if pair[1] in subs else (0,):  # k: the substitute's place in the pair
            sub, other = pair[k], pair[1 - k]
            if not other or other in stop or sub not in subs:
                continue
            fix = next((c for c in table[sub] if ((other, c) if k else (c, other)) in listed), None)
            if fix:
                out[f"{pair[0]} {pair[1]} ({' '.join((other, fix) if k else (fix, other))})"] = None
    return list(out)

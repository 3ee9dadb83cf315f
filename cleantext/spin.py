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
  of them ("car smash") says more than a missing pair with a rare word;
* rare_any: rare words with a synonym 30 times as common (as for rare), whether or not the
  synonym appears: a spinner that picks a synonym per occurrence leaves some of the
  originals in place, so their absence is no test of it;
* rare_uses: how often those rare words are used, every use counted (the other families count
  each word once): a spinner that picks one synonym per word for the whole document repeats
  its rare pick wherever the common word stood ("vouchsafed" seven times for "said"), a writer
  seldom repeats a rare word. Uses per 1,000 words do not grow with length.

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
score does (`evidence(..., floor=)`); the words themselves are read as bytes first, and
as written (case, runs between punctuation) only for those documents (see Words). Before
any word is read, a looser bound from the text's runs of letters and the substitutes among
them, and then with the pairs of common words counted, rules out most clean documents
(`may_be_spun`). The word data
(rules/models/spin-substitutes.tsv.gz, spin-pairs.txt.gz) is built by tools/spinner/build_models.py.
"""
from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import chain, compress, pairwise, repeat
from operator import mul
from pathlib import Path
from typing import NamedTuple

from .loader import builtin_rules_dir

FAMILIES = ("fingerprint", "consistent", "inconsistent", "substitutes", "rare", "pairs", "variants",
            "unseen_pairs", "uncommon", "unseen_common", "rare_any", "rare_uses")
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
    for m in _EMBED_CREDIT.finditer(text) if "(@" in text else ():  # a credit names a handle
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
def _byte_substitutes() -> dict[bytes, frozenset[bytes]]:
    """substitutes() in bytes (the words as read_words reads them)."""
    return {w.encode("ascii"): frozenset(c.encode("ascii") for c in commons) for w, commons in substitutes().items()}


@lru_cache(maxsize=2)
def _byte_flagged(flag: str) -> frozenset[bytes]:
    return frozenset(w.encode("ascii") for w in flagged(flag))


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
def common_pairs() -> frozenset[str]:
    """The web's frequent pairs of lower-case words, as "first second": the file's lines as
    they are (a set of strings loads in a third of the time a set of pairs of them takes)."""
    with gzip.open(_models() / "spin-pairs.txt.gz", "rt", encoding="utf-8") as f:
        return frozenset(f.read().splitlines())


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
        items (rare_uses counts uses, a rate that stays), so repeating a text lowers its rates:
        length alone never raises the score."""
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
    for i, w, cap in _terms(sig, upper):
        x = features[i]
        z += w * (x if cap is None or x < cap else cap)
    return 1.0 / (1.0 + math.exp(-z))


Term = tuple[int, float, float | None]  # a family's index in FAMILIES, its weight and its cap
_TERMS: dict[int, tuple[dict, tuple[Term, ...], tuple[Term, ...]]] = {}
_TERMS_KEPT = 64  # the library has two signatures; a training loop that makes thousands stays bounded


def _terms(sig: dict, upper: bool) -> tuple[Term, ...]:
    """The families a signature weighs, in FAMILIES order (a family without weight adds 0.0:
    skipped); with `upper`, only those of positive weight. Read once per signature (the
    bounds ask hundreds of times per spun document)."""
    known = _TERMS.get(id(sig))
    if known is None or known[0] is not sig:  # a new signature (or a new one at a freed one's id)
        if len(_TERMS) >= _TERMS_KEPT:
            _TERMS.clear()
        weights, caps = sig["weights"], sig["caps"]
        every = tuple((i, w, caps.get(f)) for i, f in enumerate(FAMILIES) if (w := weights.get(f)))
        known = _TERMS[id(sig)] = (sig, every, tuple(t for t in every if t[1] > 0))
    return known[2] if upper else known[1]


class Words:
    """One document's words, read once. Outside quotations: the runs of words as written,
    joined with two spaces (so "" between runs), every word lower-cased, and how often each
    occurs; and every word anywhere (quotations too), lower-cased and split at apostrophes
    (the word data has none).

    Reading is in two steps, so that a document whose score surely stays low costs little:
    `read_words` reads the words as bytes (a translation, a split and a count, all in C),
    which gives the number of words, how often each occurs and `anywhere`; the runs as written
    (`joined`, `tokens`, `counts`, `cased`), which only the pair families and the examples
    need, are read from the text when first asked for."""

    def __init__(self, text: str, quotes: Sequence[tuple[int, int]], letters: list[bytes], distinct: set[bytes],
                 pieces: set[bytes], screened: Prescreen | None = None):
        self._text, self._quotes, self._letters = text, quotes, letters
        self.distinct = distinct  # the words outside quotations (bytes), once each
        self._pieces = pieces  # the other words anywhere: quoted ones, and those split at an apostrophe
        self._joined = screened.joined if screened else None
        self.common = screened.common if screened else None  # the pairs of common words, if counted already

    @property
    def total(self) -> int:
        return len(self._letters)

    def occurrences(self, words: Collection[bytes]) -> int:
        """How many words outside quotations are among `words`."""
        return sum(map(words.__contains__, self._letters)) if words else 0

    def has_any(self, words: frozenset[bytes]) -> bool:
        """Whether any of `words` (no apostrophes) is anywhere in the document."""
        return not (self.distinct.isdisjoint(words) and self._pieces.isdisjoint(words))

    @cached_property
    def anywhere(self) -> frozenset[str]:
        found = {w for w in self.distinct if b"'" not in w} | self._pieces
        return frozenset(b" ".join(found).decode("ascii").split())

    @property
    def joined(self) -> str:
        if self._joined is None:
            self._joined = _joined_runs(self._text, self._quotes)
        return self._joined

    @cached_property
    def tokens(self) -> list[str]:
        return self.joined.lower().split(" ")

    @cached_property
    def counts(self) -> Counter[str]:
        return Counter(self.tokens)

    @cached_property
    def cased(self) -> list[str]:
        """Every word outside quotations as written, "" between runs (only the pair families,
        which run on few documents, need the case)."""
        return self.joined.split(" ")

    def may_contain(self, phrase: str) -> bool:
        """False only when `phrase` (plain words) cannot occur in the document in any case."""
        return not _PLAIN.fullmatch(phrase) or all(self.has_any(frozenset((w.encode("ascii"),)))
                                                   for w in phrase.lower().split())


def _joined_runs(text: str, quotes: Sequence[tuple[int, int]]) -> str:
    """The runs of words outside `quotes` as written, joined with two spaces (see Words)."""
    unquoted: list[str] = []
    pos = 0
    for start, end in [*quotes, (len(text), len(text))]:
        unquoted += _RUN.findall(text, pos, start)
        pos = max(pos, end)
    return "  ".join(unquoted)  # two spaces: an empty word between runs, so no pair across them


# A text's UTF-8 bytes through this table: ASCII letters lower-cased, the apostrophe kept, every
# other byte a space (a character outside ASCII is bytes >= 0x80 only). Split at the spaces, they
# are _RUN's words, once the apostrophes that join no two letters into a word are spaces too.
_LETTER_BYTES = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or c == 39 else 32 for c in range(256))
_CHAIN = re.compile(rb"'[a-z]++'")  # a second apostrophe in one run of letters ("rock'n'roll")
# The same without apostrophes (every byte but an ASCII letter a space): split at the spaces,
# the runs of letters.
_SEPARATED = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 32 for c in range(256))


def _letters(segments: list[str]) -> bytes:
    return " ".join(segments).replace("\u2019", "'").encode("utf-8", "surrogatepass").translate(_LETTER_BYTES)


def _word_apostrophes(letters: bytes) -> bytes:
    """`letters` with every apostrophe that is not inside a word made a space. As _RUN reads
    them, a word is letters, at most one apostrophe and letters again: "don't"; "'tis" is
    "tis"; "rock'n'roll" is "rock'n" and "roll". A few replacements in C: an apostrophe next to
    another, or to a space or an end, joins nothing; only a run of letters with two apostrophes
    is walked through, apostrophe by apostrophe."""
    if b"'" not in letters:
        return letters
    out = b" " + letters.replace(b"''", b"  ") + b" "  # what is left of a run of them touches a space
    out = out.replace(b" '", b"  ").replace(b"' ", b"  ")[1:-1]
    if _CHAIN.search(out) is None:
        return out
    chars = bytearray(out)
    joined = -2  # where the last apostrophe inside a word is
    at = out.find(b"'")
    while at != -1:  # each has a letter on both sides now; the second of a run's two joins nothing
        if max(out.rfind(b" ", 0, at), out.rfind(b"'", 0, at)) == joined:
            chars[at] = 32
        else:
            joined = at
        at = out.find(b"'", at + 1)
    return bytes(chars)


def read_words(text: str, quotes: Sequence[tuple[int, int]], screened: Prescreen | None = None) -> Words | None:
    """The document's words, or None when it does not read as English (less than the model's
    english_share of them are its English function words). A translation, a split and a
    count of the text's bytes; everything else is set operations in C (see Words). What
    `may_be_spun` read on the way (`screened`) is not read again."""
    unquoted, quoted = _segments(text, quotes)
    letters = _word_apostrophes(_letters(unquoted))
    words = letters.split()
    if not words or not _reads_as_english(letters, words):
        return None
    parts = letters.split(b"'")  # each apostrophe left is inside a word: its two sides are words too
    pieces = set(chain.from_iterable((left.rsplit(b" ", 1)[-1], right.split(b" ", 1)[0])
                                     for left, right in pairwise(parts)))
    pieces.update(_letters(quoted).replace(b"'", b" ").split())
    return Words(text, quotes, words, set(words), pieces, screened)


def _segments(text: str, quotes: Sequence[tuple[int, int]]) -> tuple[list[str], list[str]]:
    """The text outside and inside `quotes` (sorted), in pieces."""
    quoted: list[str] = []
    unquoted: list[str] = []
    pos = 0
    for start, end in [*quotes, (len(text), len(text))]:
        unquoted.append(text[pos:start])
        if start < end:
            quoted.append(text[max(pos, start):end])
        pos = max(pos, end)
    return unquoted, quoted


def _reads_as_english(letters: bytes, words: list[bytes]) -> bool:
    """Whether at least the model's english_share of the words are its English function words.
    Most English text is told by counting the commonest few in the bytes (a count of " the "
    misses the second of "the the" and a first word, so it is a lower bound); the rest by
    looking each word up."""
    needed = model()["english_share"] * len(words)
    if sum(map(letters.count, _english_bytes()[1])) >= needed:
        return True
    return sum(map(_english_bytes()[0].__contains__, words)) >= needed


@lru_cache(maxsize=1)
def _english_bytes() -> tuple[frozenset[bytes], tuple[bytes, ...]]:
    """The English function words in bytes, and the commonest few of them between spaces."""
    words = frozenset(w.encode("ascii") for w in english_words())
    return words, tuple(b" %s " % w for w in (b"the", b"of", b"and", b"to", b"a") if w in words)


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
    """The families counted from the words alone: substitutes, rare, variants, uncommon,
    rare_any and rare_uses. With the number of fingerprint hits and of contextual originals they bound the
    score, so a caller can skip the rest (the pair families, the examples, and finding which originals appear)."""

    words: Words

    @cached_property
    def _absent(self) -> set[bytes]:
        """The substitutes, in no order: unquoted words none of whose much more common
        synonyms is anywhere in the document."""
        table, words = _byte_substitutes(), self.words
        return {w for w in filter(table.__contains__, words.distinct) if not words.has_any(table[w])}

    @cached_property
    def subs(self) -> dict[str, str]:
        """Unquoted substitute -> the common synonym it stands for, in text order."""
        absent, table = {w.decode("ascii") for w in self._absent}, substitutes()
        return {w: table[w][0] for w in filter(absent.__contains__, self.words.counts)} if absent else {}

    @cached_property
    def rare(self) -> list[str]:
        """The rare ones among them."""
        return list(filter(rare_words().__contains__, self.subs))

    @cached_property
    def uncommon(self) -> list[str]:
        """Unquoted words outside the web's frequent words with a much more common synonym."""
        return self._flagged("uncommon")

    @cached_property
    def rare_any(self) -> list[str]:
        """Unquoted rare words with a much more common synonym, whether or not it appears."""
        return self._flagged("rare")

    def _flagged(self, flag: str) -> list[str]:
        """The unquoted words the substitutes table flags `flag`, in text order."""
        if self.words.distinct.isdisjoint(_byte_flagged(flag)):
            return []
        return list(filter(flagged(flag).__contains__, self.words.counts))

    @cached_property
    def variants(self) -> list[str]:
        """Common words rendered by two or more of them (in the order their first rendering appears)."""
        renderings = Counter(chain.from_iterable(map(substitutes().__getitem__, self.subs)))
        return [c for c, n in renderings.items() if n > 1]

    @cached_property
    def _occurrences(self) -> int:
        """How often the substitutes occur (each makes at most two implausible pairs)."""
        return self.words.occurrences(self._absent)

    @cached_property
    def _sizes(self) -> dict[str, int]:
        """How many items each family of words holds: the same as the lists above, without
        reading the words in text order."""
        absent, words, rare = self._absent, self.words, _byte_flagged("rare")
        renderings = Counter(chain.from_iterable(map(_byte_substitutes().__getitem__, absent)))
        rare_any = words.distinct.intersection(rare)
        return {"substitutes": len(absent), "rare": len(absent & rare),
                "variants": sum(n > 1 for n in renderings.values()),
                "uncommon": len(words.distinct.intersection(_byte_flagged("uncommon"))),
                "rare_any": len(rare_any), "rare_uses": words.occurrences(rare_any)}

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
        most = {"fingerprint": fingerprints, "consistent": consistent, "inconsistent": inconsistent,
                **self._sizes, "pairs": 2 * self._occurrences}
        return _score_bound(self.words.total, most, common)

    @cached_property
    def common(self) -> PairCount:
        """The pairs of two common words and those the pair list lacks (unseen_common)."""
        return self.words.common or _unseen_pairs(self.words.cased, _common_codes())

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
                 "uncommon": [f"{w} ({table[w][0]})" for w in self.uncommon],
                 "rare_any": [f"{w} ({table[w][0]})" for w in self.rare_any],
                 "rare_uses": [f"{w} x{words.counts[w]}" for w in self.rare_any if words.counts[w] > 1]}
        found["pairs"] = _implausible_pairs(_substitute_pairs(words.tokens, subs), subs, table) if subs else []
        unseen = _unseen_pairs(words.cased, _pair_codes(words.counts.keys() & set(words.cased) - {""}))
        found["unseen_pairs"], found["unseen_common"] = unseen.unseen, self.common.unseen
        examples = {f: tuple(found[f][:EXAMPLES]) for f in FAMILIES if found[f]}
        counts = {f: len(found[f]) for f in FAMILIES} | {"rare_uses": self._sizes["rare_uses"]}
        return Evidence(words.total, counts, examples, unseen.looked, self.common.looked)


def _score_bound(words: int, most: dict[str, int], common: PairCount | None = None) -> float:
    """The highest score of a document of at least `words` words with at most `most` items per family,
    every pair looked at unseen (or, given `common`, those of two common words as counted); kept per
    model and counts (short texts, which count as min_words long, share a few)."""
    m = model()
    key = (id(m), max(words, m["min_words"]), tuple(most.items()),
           None if common is None else (common.looked, len(common.unseen)))
    known = _BOUNDS.get(key)
    if known is None:  # the entry holds the model, so no other model can take its id meanwhile
        if len(_BOUNDS) >= _BOUNDS_KEPT:
            _BOUNDS.clear()
        most = most | {"unseen_pairs": m["min_pairs"],
                       "unseen_common": len(common.unseen) if common else m["min_common_pairs"]}
        features = Evidence(words, most, pairs=m["min_pairs"],
                            common_pairs=common.looked if common else m["min_common_pairs"]).features()
        known = _BOUNDS[key] = (m, max(_logistic(sig, features, upper=True) for sig in m["signatures"].values()))
    return known[1]


_BOUNDS: dict[tuple, tuple[dict, float]] = {}
_BOUNDS_KEPT = 4096


class Prescreen(NamedTuple):
    """What `may_be_spun` read of a document it could not rule out, for read_words to reuse."""

    joined: str | None  # Words.joined
    common: PairCount | None  # WordEvidence.common


def may_be_spun(text: str, quotes: Sequence[tuple[int, int]], floor: float, fingerprints: int,
                consistent: int, inconsistent: int) -> Prescreen | None:
    """None only when the score surely stays under `floor` (as WordEvidence.may_reach), told
    before the words are read, from the runs of letters of the text outside `quotes` (_SEPARATED):
    the substitutes among them (every word read_words could count as a substitute, rare or
    uncommon is one); the words are at least the runs less the apostrophes (one joins at most two
    runs into a word); a rare word occurs at most as often as a run starts with it; there are
    fewer pairs than runs. If that cannot tell, the pairs of two common words are counted, as
    WordEvidence.may_reach counts them (on clean text that bound is the one that tells).
    Documents this leaves are read and bounded more closely (WordEvidence.may_reach)."""
    if floor <= 0:
        return Prescreen(None, None)
    unquoted = " ".join(_segments(text, quotes)[0])
    letters = b" %s " % unquoted.encode("utf-8", "surrogatepass").translate(_SEPARATED)
    runs = letters.split()
    # Looking each run up in the substitutes (a hash set) is faster in a pipeline than an RE2 set
    # of them, whose automaton is too large to stay in the processor's cache (docs/speed-log.md).
    substitutes = _byte_vocabulary().intersection(runs)
    rare = substitutes & _byte_flagged("rare")
    words = max(len(runs) - unquoted.count("'") - unquoted.count("\u2019"), 0)
    most = {"fingerprint": fingerprints, "consistent": consistent, "inconsistent": inconsistent,
            "substitutes": len(substitutes), "rare": len(rare), "rare_any": len(rare),
            "uncommon": len(substitutes & _byte_flagged("uncommon")), "pairs": len(runs),
            "rare_uses": sum(map(letters.count, [b" " + w for w in rare]))}
    if _score_bound(words, most) < floor:
        return None
    joined = _joined_runs(text, quotes)
    common = _unseen_pairs(joined.split(" "), _common_codes())
    return Prescreen(joined, common) if _score_bound(words, most, common) >= floor else None


@lru_cache(maxsize=1)
def _byte_vocabulary() -> frozenset[bytes]:
    """Every substitute, in bytes."""
    return frozenset(_byte_substitutes())


def word_evidence(words: Words) -> WordEvidence:
    """Substitutes (unquoted words whose much more common synonyms are nowhere in the
    document), the rare ones among them, and common words rendered by several of them;
    each counted when first asked for."""
    return WordEvidence(words)


class PairCount(NamedTuple):
    looked: int  # distinct pairs of neighbouring lower-case words looked at (not two stopwords)
    unseen: list[str]  # those not among the web's frequent pairs, in text order


# A word's code for _unseen_pairs: a pair is looked at when the product of its words' codes
# is one of LOOKED (both words among those looked at, not both stopwords; 0 for any other word).
CONTENT, STOP = 1, 3
LOOKED = frozenset((CONTENT, CONTENT * STOP))


def _unseen_pairs(cased: list[str], codes: dict[str, int]) -> PairCount:
    """The distinct pairs of neighbouring words (`cased`: Words.cased) of two words `codes`
    holds, not two stopwords, and those not among the web's frequent pairs. `codes` are the
    `_pair_codes` of lower-case words: the document's own written in lower case (capitalised
    words, names and headings, are left out: the pair list knows few of them), or the web's
    most frequent. All in C: a code per word, the codes of neighbours multiplied with map,
    the pairs picked with compress, set operations on the distinct ones."""
    flags = list(map(codes.get, cased, repeat(0)))
    looked = dict.fromkeys(map(" ".join, compress(pairwise(cased), map(LOOKED.__contains__,
                                                                          map(mul, flags, flags[1:])))))
    unseen = set(looked).difference(common_pairs())  # looks up each pair (dict_keys - set walks the set)
    return PairCount(len(looked), list(filter(unseen.__contains__, looked)))


def _pair_codes(among: Collection[str]) -> dict[str, int]:
    stop = stopwords()
    return {w: STOP if w in stop else CONTENT for w in among}


@lru_cache(maxsize=1)
def _common_codes() -> dict[str, int]:
    """_pair_codes of the web's most frequent words (the pairs of unseen_common)."""
    return _pair_codes(common_words())


def _substitute_pairs(tokens: list[str], subs: Collection[str]) -> list[tuple[str, str]]:
    """The distinct pairs of neighbours that hold a substitute, in text order: found from where
    the substitutes are, not by looking at every pair."""
    at = compress(range(len(tokens)), map(subs.__contains__, tokens))
    starts = sorted({j for i in at for j in (i - 1, i) if 0 <= j < len(tokens) - 1})
    return list(dict.fromkeys((tokens[j], tokens[j + 1]) for j in starts))


def _implausible_pairs(neighbours: list[tuple[str, str]], subs: dict[str, str],
                       table: dict[str, tuple[str, ...]]) -> list[str]:
    """Distinct adjacent pairs "a s" (or "s a") where s is a counted substitute, a is a
    content word, the pair is not among the web's frequent pairs, and one of s's common
    synonyms makes a frequent pair with a. `neighbours`: the pairs that hold a substitute."""
    listed, stop = common_pairs(), stopwords()
    out: dict[str, None] = {}
    for pair in neighbours:
        if " ".join(pair) in listed:
            continue
        for k in (1, 0) if pair[1] in subs else (0,):  # k: the substitute's place in the pair
            sub, other = pair[k], pair[1 - k]
            if not other or other in stop or sub not in subs:
                continue
            fix = next((c for c in table[sub] if (f"{other} {c}" if k else f"{c} {other}") in listed), None)
            if fix:
                out[f"{pair[0]} {pair[1]} ({' '.join((other, fix) if k else (fix, other))})"] = None
    return list(out)

"""langdetect's language probabilities, computed as langdetect computes them, faster.

langdetect's `Detector` spends its time in Python loops: one call per character to
cut n-grams, one multiplication per language per sampled n-gram. `probabilities`
does the same arithmetic in the same order (so every answer is identical, bit for
bit; tests/test_lang.py compares them on every development text) with the n-grams
of each word cut once and cached, and each update one `map` over the languages.
For a sample of 1,000 characters that is about 1 ms instead of 5 to 10.

Its profiles are read as its factory reads them (`_Profiles`), but an n-gram's row of
probabilities is made when first needed, not every row of every language up front:
loading takes half the time.
"""
from __future__ import annotations

import json
import os
import random
import re
import threading
from functools import lru_cache
from itertools import repeat
from operator import add, mul, truediv
from typing import Any

from langdetect import detector_factory
from langdetect.detector import Detector
from langdetect.language import Language
from langdetect.utils.ngram import NGram

N_TRIAL = 7  # Detector.n_trial, set in its __init__
MAX_TEXT_LENGTH = 10_000  # Detector.max_text_length, likewise
_SPACE_RUN = re.compile("  +")
_LATIN = re.compile("[A-z]")  # langdetect's test for Latin: 'A' <= ch <= 'z'

# What it counts as another script: any character from U+0300 (it means to leave out Latin
# Extended Additional, but compares the block's number with its name, so leaves out nothing).
_NON_LATIN = re.compile("[\u0300-\U0010ffff]")


class _Normalized(dict):
    """str.translate table: each character as NGram.normalize writes it, computed once."""

    def __missing__(self, code: int) -> str:
        self[code] = NGram.normalize(chr(code))
        return self[code]


_NORMALIZED = _Normalized()


class _ProbabilityRows(dict):
    """n-gram -> its probability in each language, as DetectorFactory.add_profile sets
    `word_lang_prob_map` (the same floats), each row made on first use."""

    def __init__(self, freqs: list[dict[str, int]], n_words: list[list[int]], size: int):
        super().__init__()
        self._freqs, self._n_words, self._size = freqs, n_words, size
        self._known = frozenset().union(*freqs)

    def __contains__(self, ngram: object) -> bool:
        return ngram in self._known

    def __missing__(self, ngram: str) -> list[float]:
        if ngram not in self._known:
            raise KeyError(ngram)
        row = [0.0] * self._size
        length = len(ngram)
        if 1 <= length <= NGram.N_GRAM:
            for index, (freq, n_words) in enumerate(zip(self._freqs, self._n_words)):
                if ngram in freq:
                    row[index] = 1.0 * freq[ngram] / n_words[length - 1]
        self[ngram] = row
        return row


class _Profiles:
    """What langdetect's factory holds after `init_factory()` and `set_seed(0)`: its
    languages in the order it reads their files (os.listdir's), and their rows."""

    seed = 0

    def __init__(self, directory: str):
        names = os.listdir(directory)
        self.langlist: list[str] = []
        freqs, n_words = [], []
        for name in names:
            path = os.path.join(directory, name)
            if name.startswith(".") or not os.path.isfile(path):
                continue
            with open(path, encoding="utf-8") as f:
                profile = json.load(f)
            self.langlist.append(profile["name"])
            freqs.append(profile["freq"])
            n_words.append(profile["n_words"])
        self.word_lang_prob_map = _ProbabilityRows(freqs, n_words, len(names))


_loading = threading.Lock()
_loaded: list[_Profiles] = []


def _factory() -> _Profiles:
    if not _loaded:
        with _loading:
            if not _loaded:
                _loaded.append(_Profiles(detector_factory.PROFILES_DIRECTORY))
    return _loaded[0]


def probabilities(text: str) -> list[Language]:
    """What langdetect's `create()`, `append(text)`, `get_probabilities()` return (with
    its seed set to 0), or [] where it raises "No features in text"."""
    factory = _factory()
    ngrams = _ngrams(_cleaned(_appended(text)))
    if not ngrams:
        return []
    languages = len(factory.langlist)
    total = [0.0] * languages
    rng = random.Random()
    rng.seed(factory.seed)
    for _ in range(N_TRIAL):
        prob = _trial(rng, ngrams, languages)
        total = [t + p / N_TRIAL for t, p in zip(total, prob)]
    found = [Language(lang, p) for lang, p in zip(factory.langlist, total) if p > Detector.PROB_THRESHOLD]
    found.sort(reverse=True)
    return found


def _trial(rng: random.Random, ngrams: list[str], languages: int) -> list[float]:
    """One trial of Detector._detect_block: multiply by the profile of a random n-gram
    until one language passes CONV_THRESHOLD, normalising after the first update and
    every fifth. Each language's product is formed in the same order, so it is the
    same float: with numpy where it is installed, else with chains of maps."""
    weight = (Detector.ALPHA_DEFAULT + rng.gauss(0.0, 1.0) * Detector.ALPHA_WIDTH) / Detector.BASE_FREQ
    arithmetic = _ARITHMETIC
    # rng.choice(ngrams) is ngrams[rng._randbelow(len(ngrams))] (tests/test_lang.py holds it to that)
    draw, count = rng._randbelow, len(ngrams)  # type: ignore[attr-defined]
    prob = arithmetic.start(languages)
    block, done = 1, 0
    while True:
        drawn = [ngrams[draw(count)] for _ in range(block)]
        prob = arithmetic.times(prob, weight, drawn)
        prob, top = arithmetic.normalised(prob)
        done += block
        if top > Detector.CONV_THRESHOLD or done - 1 >= Detector.ITERATION_LIMIT:
            return arithmetic.as_list(prob)
        block = 5


class _Lists:
    """The updates as lazy maps, evaluated at each normalisation."""

    @staticmethod
    def start(languages: int) -> Any:
        return [1.0 / languages] * languages

    @staticmethod
    def times(prob: Any, weight: float, ngrams: list[str]) -> Any:
        """prob[i] *= weight + profile[i] for each n-gram's profile in turn, as
        Detector._update_lang_prob does."""
        profiles = _profiles()
        for ngram in ngrams:
            prob = map(mul, prob, map(add, repeat(weight), profiles[ngram]))
        return prob

    @staticmethod
    def normalised(prob: Any) -> tuple[Any, float]:
        product = list(prob)
        prob = list(map(truediv, product, repeat(sum(product))))
        return prob, max(prob)

    @staticmethod
    def as_list(prob: Any) -> list[float]:
        return prob


class _Arrays(_Lists):
    """The same operations on numpy arrays (the sum as Python's, on the same floats)."""

    @staticmethod
    def start(languages: int) -> Any:
        return numpy.full(languages, 1.0 / languages)

    @staticmethod
    def times(prob: Any, weight: float, ngrams: list[str]) -> Any:
        # A product down the first axis multiplies row after row, in order.
        factors = [weight + _profile_array(ngram) for ngram in ngrams]
        return numpy.multiply.reduce([prob, *factors], axis=0)

    @staticmethod
    def normalised(prob: Any) -> tuple[Any, float]:
        # Division is monotonic, so the largest quotient is the largest product's.
        product = prob.tolist()
        norm = sum(product)
        return prob / norm, max(product) / norm

    @staticmethod
    def as_list(prob: Any) -> list[float]:
        return prob.tolist()


def _profiles() -> dict[str, list[float]]:
    return _factory().word_lang_prob_map


@lru_cache(maxsize=1 << 13)  # 8,192 profiles of 55 floats: under 5 MB
def _profile_array(ngram: str) -> Any:
    return numpy.array(_profiles()[ngram])


try:
    import numpy
except ImportError:  # pragma: no cover - numpy is optional
    _ARITHMETIC: type[_Lists] = _Lists
else:
    _ARITHMETIC = _Arrays


def _appended(text: str) -> str:
    """Detector.append: URLs and addresses blanked, Vietnamese normalised, cut to its
    maximum length, runs of spaces made one."""
    text = Detector.MAIL_RE.sub(" ", Detector.URL_RE.sub(" ", text))
    return _SPACE_RUN.sub(" ", NGram.normalize_vi(text)[:MAX_TEXT_LENGTH])


def _cleaned(text: str) -> str:
    """Detector.cleaning_text: Latin letters dropped from text mostly in another script."""
    if len(_LATIN.findall(text)) * 2 < len(_NON_LATIN.findall(text)):
        return _LATIN.sub("", text)
    return text


def _ngrams(text: str) -> list[str]:
    """Detector._extract_ngrams: the known 1- to 3-grams, in order. Its n-gram buffer
    starts afresh after every (normalised) space, so each word's n-grams depend on the
    word alone and are cut once."""
    words = text.translate(_NORMALIZED).split(" ")
    found: list[str] = []
    for word in words[:-1]:
        found.extend(_word_ngrams(word + " "))
    found.extend(_word_ngrams(words[-1]))  # no space after it: no n-grams ending in one
    return found


@lru_cache(maxsize=1 << 14)
def _word_ngrams(word: str) -> tuple[str, ...]:
    """NGram.add_char and the n-grams Detector._extract_ngrams keeps, for one word
    (normalised, perhaps with its following space), from the buffer's starting state."""
    profiles = _profiles()
    found = []
    grams, capital = " ", False
    for ch in word:
        last = grams[-1]
        if last == " ":
            grams, capital = " ", False
            if ch == " ":
                continue
        elif len(grams) >= NGram.N_GRAM:
            grams = grams[1:]
        grams += ch
        if ch.isupper():
            capital = capital or last.isupper()
        else:
            capital = False
        if capital:
            continue
        for n in range(1, min(len(grams), NGram.N_GRAM) + 1):
            gram = grams[-n:]
            if gram != " " and gram in profiles:
                found.append(gram)
    return tuple(found)

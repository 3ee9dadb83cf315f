"""Language detection: deterministic, on a bounded sample, loaded only when needed.

langdetect is random unless seeded (the same text can come out `en` or `de`),
fails on short or menu text, and takes about half a second to load its
profiles. So: a fixed seed, a sample of at most SAMPLE_CHARS characters from the
text left after chrome removal, "unknown" when the text is short or the best
guess is unsure, and the import happens on first use.
"""
from __future__ import annotations

import threading

import regex

UNKNOWN = "unknown"
SAMPLE_CHARS = 1200
MIN_LETTERS = 40
MIN_PROBABILITY = 0.80

_LETTERS = regex.compile(r"\p{L}")
_lock = threading.Lock()
_factory_ready = False


def detect(text: str) -> str:
    """ISO code of the text's language (langdetect's codes), or "unknown"."""
    sample = _sample(text)
    if len(_LETTERS.findall(sample)) < MIN_LETTERS:
        return UNKNOWN
    from langdetect import detector_factory
    from langdetect.lang_detect_exception import LangDetectException

    _load_profiles(detector_factory)
    detector = detector_factory._factory.create()
    try:
        detector.append(sample)
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return UNKNOWN
    return best.lang if best.prob >= MIN_PROBABILITY else UNKNOWN


def _sample(text: str) -> str:
    """A bounded sample from the middle of the text, cut at whitespace."""
    if len(text) <= SAMPLE_CHARS:
        return text
    start = (len(text) - SAMPLE_CHARS) // 2
    start = text.find(" ", start) + 1 or start
    return text[start:start + SAMPLE_CHARS]


def _load_profiles(detector_factory) -> None:
    global _factory_ready
    with _lock:
        if not _factory_ready:
            detector_factory.init_factory()
            detector_factory._factory.set_seed(0)
            _factory_ready = True

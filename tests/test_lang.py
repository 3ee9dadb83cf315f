"""Language detection: deterministic, bounded, 'unknown' when short or unsure."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import detector, lang
from cleantext.prose import ENGLISH_WORD

from .conftest import shared_path

ENGLISH = ("The council met on Tuesday to discuss the budget, and several members said that they would "
           "vote against the plan if the city did not find more money for schools and roads this year.")
GERMAN = ("Der Stadtrat traf sich am Dienstag, um den Haushalt zu besprechen, und mehrere Mitglieder sagten, "
          "dass sie gegen den Plan stimmen würden, wenn die Stadt nicht mehr Geld für Schulen findet.")
DUTCH = ("De gemeenteraad kwam dinsdag bijeen om de begroting te bespreken, en verschillende leden zeiden dat "
         "ze tegen het plan zouden stemmen als de stad geen extra geld voor scholen en wegen vindt in dit jaar.")
FRENCH = ("Le conseil municipal s'est réuni mardi pour discuter du budget, et plusieurs membres ont déclaré "
          "qu'ils voteraient contre le projet si la ville ne trouvait pas plus d'argent pour les écoles.")


def test_languages_are_detected():
    assert lang.detect(ENGLISH) == "en"
    assert lang.detect(GERMAN) == "de"
    assert lang.detect(FRENCH) == "fr"


def test_english_prose_takes_the_fast_path_and_other_prose_does_not():
    assert lang._plain_english(ENGLISH, lang._letters(ENGLISH))
    for other in (GERMAN, FRENCH, DUTCH):
        assert not lang._plain_english(other, lang._letters(other))


# A paragraph long enough to be judged on its own (25 words split at whitespace) but with
# fewer plain-English words (numbers, dashes) went to langdetect: milliseconds a paragraph,
# half the time of a news article that had one.
NUMBERED = ("The ministry said 1,200 troops \u2013 about 40% of the force \u2013 were moved on 24 "
            "February, and 300 more will follow in March, it said.")


def test_an_english_paragraph_with_numbers_takes_the_fast_path(monkeypatch):
    assert len(NUMBERED.split()) >= lang.PARAGRAPH_WORDS > len(ENGLISH_WORD.findall(NUMBERED.lower()))
    monkeypatch.setattr(detector, "probabilities", lambda text: pytest.fail(f"langdetect asked: {text!r}"))
    assert lang.detect(NUMBERED) == "en"
    assert lang.Languages(ENGLISH + "\n" + NUMBERED).at(len(ENGLISH) + 5) == "en"


def test_short_or_menu_text_is_unknown():
    assert lang.detect("Home | News | Sport") == lang.UNKNOWN
    assert lang.detect("") == lang.UNKNOWN


def test_detection_is_deterministic():
    mixed = GERMAN[:90] + " " + ENGLISH[:90]
    assert len({lang.detect(mixed) for _ in range(20)}) == 1


def test_sample_is_bounded():
    assert len(lang._sample(ENGLISH * 200)) <= lang.SAMPLE_CHARS


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(max_size=60) | st.text(st.characters(max_codepoint=127), max_size=60))
def test_letter_count_is_str_isalpha(text):
    assert lang._letters(text) == sum(map(str.isalpha, text))


class _Counting:
    """A stand-in detector that records what it was asked about."""

    def __init__(self):
        self.asked: list[str] = []

    def __call__(self, text: str) -> str:
        self.asked.append(text)
        return lang.detect(text)


def test_each_paragraph_is_judged_on_its_own_and_once():
    text = f"{ENGLISH}\n\n{GERMAN}\n{FRENCH}"
    detect = _Counting()
    languages = lang.Languages(text, detect)
    assert detect.asked == []  # nothing until a rule asks
    assert languages.at(text.index("budget")) == "en"
    assert languages.at(text.index("Haushalt")) == "de"
    assert languages.at(text.index("municipal")) == "fr"
    assert languages.at(text.index("Schulen")) == "de"
    assert detect.asked == [ENGLISH, GERMAN, FRENCH]


def test_a_paragraph_too_short_to_judge_takes_the_documents_language():
    text = f"{GERMAN}\n\nFoto: Kiew\n\n{GERMAN}"
    languages = lang.Languages(text)
    assert languages.at(text.index("Kiew")) == "de" == languages.document
    assert lang.Languages("Foto: Kiew").at(0) == lang.UNKNOWN


def _langdetect_itself(text: str) -> list[tuple[str, float]]:
    from langdetect import detector_factory
    from langdetect.lang_detect_exception import LangDetectException

    if detector_factory._factory is None:  # cleantext reads the profiles itself (cleantext.detector)
        detector_factory.init_factory()
        detector_factory._factory.set_seed(0)
    detector = detector_factory._factory.create()
    detector.append(text)
    try:
        return [(found.lang, found.prob) for found in detector.get_probabilities()]
    except LangDetectException:
        return []


def _ours(text: str) -> list[tuple[str, float]]:
    return [(found.lang, found.prob) for found in detector.probabilities(text)]


ODD_TEXTS = [ENGLISH, GERMAN, DUTCH, FRENCH, "日本語のテキストです。東京は大きい都市です。", "한국어 텍스트입니다",
             "Привет, как дела? Это русский текст, written with some English.", "Tiếng Việt có dấu: Hà Nội là thủ đô.",
             "THE QUICK BROWN FOX JUMPS OVER", "see http://example.com/a?b=c or mail a.b@example.com", "   ", "x",
             "ș ț ĳ مرحبا بالعالم یک", "Home | News | Sport", "!!!", "a  b   c\t\td\n\ne"]


def test_profiles_are_read_as_langdetects_factory_holds_them():
    _langdetect_itself("")  # its factory, loaded as langdetect loads it
    from langdetect import detector_factory

    theirs, ours = detector_factory._factory, detector._factory()
    assert ours.langlist == theirs.langlist and ours.seed == theirs.seed
    assert set(theirs.word_lang_prob_map) == ours.word_lang_prob_map._known
    assert all(ours.word_lang_prob_map[gram] == row for gram, row in theirs.word_lang_prob_map.items())


@pytest.mark.parametrize("arithmetic", ["numpy", "lists"])
def test_probabilities_are_langdetects_bit_for_bit(arithmetic, monkeypatch):
    lang.detect(GERMAN)  # loads the profiles
    if arithmetic == "lists":
        monkeypatch.setattr(detector, "_ARITHMETIC", detector._Lists)
    elif detector._ARITHMETIC is detector._Lists:
        pytest.skip("numpy is not installed: only the pure-Python arithmetic runs")
    for text in ODD_TEXTS + [ENGLISH * 20, GERMAN + " " + FRENCH]:
        assert _ours(text) == _langdetect_itself(text), text


def test_probabilities_are_langdetects_on_the_development_texts():
    caution = shared_path("dev-data", "caution", "other-languages.jsonl")
    lang.detect(GERMAN)
    texts = [json.loads(line)["text"] for line in caution.read_text(encoding="utf-8").splitlines()]
    samples = [lang._sample(t) for t in texts[:200]] + [p for t in texts[:100] for p in t.split("\n")[:3] if p.strip()]
    assert len(samples) > 200
    for sample in samples:
        assert _ours(sample) == _langdetect_itself(sample), sample[:80]

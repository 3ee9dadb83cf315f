"""Language detection: deterministic, bounded, 'unknown' when short or unsure."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import lang

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

"""Language detection: deterministic, on a bounded sample, loaded only when needed.

langdetect is random unless seeded (the same text can come out `en` or `de`),
fails on short or menu text, runs at about 1 MB/s and takes half a second to
load its profiles. So: a sample of at most SAMPLE_CHARS characters of the text
left after chrome removal; "unknown" when it is short; plain English prose is
recognised without langdetect (at least ENGLISH_SHARE of its words are English
function words, which no other language's prose reaches); everything else goes
to langdetect, loaded on first use, with a fixed seed, and "unknown" when its
best guess is unsure.

`Languages` gives the language at a position of a document that may mix languages:
a paragraph (line) is judged on its own (a German paragraph in an English article); one
too short or unsure to tell (a caption, a dateline, a quoted sentence) takes the
document's language. Each is detected once, the first time a rule asks about it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .prose import ENGLISH_WORD

UNKNOWN = "unknown"
SAMPLE_CHARS = 1000
MIN_LETTERS = 40
MIN_PROBABILITY = 0.80
ENGLISH_SHARE = 0.15
ENGLISH_MIN_WORDS = 25
# A paragraph of fewer words takes its document's language: langdetect is unreliable on
# a sentence and costs milliseconds, and English paragraphs this long take the fast path.
PARAGRAPH_WORDS = ENGLISH_MIN_WORDS
# The commonest English function words (none is a frequent word in another language's prose).
ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to a in that is was for on with as by it at from his he be are have has an were "
    "not but this which their they its been had will would who said after than more".split()
)


# Two-letter codes ISO 639-1 withdrew (in, iw, ji, jw, mo, sh), still in old HTML `lang`
# attributes; langcodes gives their successors.
_WITHDRAWN = frozenset({"in", "iw", "ji", "jw", "mo", "sh"})
# langdetect's only codes with a region; every other language is its primary subtag.
REGIONAL_CODES = frozenset({"zh-cn", "zh-tw"})
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")


def language_code(tag: str) -> str:
    """The code rules are gated on for a language tag a user gives: `en-GB`, `EN` and
    `en_US` (as HTML `lang` attributes and crawls record them) are `en`, and so are the
    three-letter `eng` and `eng_Latn` of Common Crawl and FineWeb (`deu` is `de`, the
    retired `iw` is `he`). ValueError for what is not a tag (`english`)."""
    code = tag.strip().lower().replace("_", "-")
    if code == UNKNOWN:
        return code
    if not _LANGUAGE_TAG.fullmatch(code):
        raise ValueError(f"lang {tag!r} is not a language code such as en, de or pt-BR")
    return code if code in REGIONAL_CODES else _primary(code.split("-")[0])


def given_language(value: object) -> str | None:
    """The language a record or a batch gives for one text: its code, or None where it gives
    none (None, NaN, "", or `und`: then it is detected). ValueError for a value that is not
    a language code (`english`, 5)."""
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return None
    if not isinstance(value, str):
        raise ValueError(f"lang {value!r} is not a language code such as en, de or pt-BR")
    code = language_code(value)
    return None if code in ("und", UNKNOWN) else code


@lru_cache(maxsize=1024)
def _primary(subtag: str) -> str:
    """A primary language subtag as langdetect names it: two letters where the language has
    them (`eng`, `ger` -> `en`, `de`), a withdrawn code's successor (`iw` -> `he`), else as
    given (`tl` stays: langdetect's name for Tagalog). The ISO 639 tables are langcodes'
    (MIT licence), built from the IANA language subtag registry."""
    if len(subtag) == 2 and subtag not in _WITHDRAWN:
        return subtag  # the common case, without loading langcodes (60 ms)
    import langcodes

    try:
        found = str(langcodes.Language.get(subtag).language or subtag)
    except (langcodes.LanguageTagError, ValueError):
        return subtag
    return found if len(subtag) == 3 or len(found) == 2 else subtag


def detect(text: str) -> str:
    """ISO code of the text's language (langdetect's codes), or "unknown"."""
    sample = _sample(text)
    letters = _letters(sample)
    if letters < MIN_LETTERS:
        return UNKNOWN
    if _plain_english(sample, letters):
        return "en"
    from .detector import probabilities

    found = probabilities(sample)
    if not found:
        return UNKNOWN
    return found[0].lang if found[0].prob >= MIN_PROBABILITY else UNKNOWN


class Languages:
    """The languages of one text: of the whole, and of the paragraph (line) at a position.
    Nothing is detected until asked; each answer is kept."""

    def __init__(self, text: str, detect: Callable[[str], str] = detect):
        self.text = text
        self._detect = detect
        self._document: str | None = None
        self._paragraphs: dict[int, str] = {}  # line start -> language
        # The paragraph last asked about (start, end, language): candidates come in order,
        # several to a paragraph, and finding its ends again costs a scan of it.
        self._last: tuple[int, int, str] = (-1, -1, UNKNOWN)

    @property
    def document(self) -> str:
        if self._document is None:
            self._document = self._detect(self.text)
        return self._document

    @property
    def document_known(self) -> bool:
        """Whether the document's language was detected (`known` is then final)."""
        return self._document is not None

    @property
    def known(self) -> str | None:
        """The document's language if it was needed, else the first paragraph's judged:
        what the rules saw, without detecting anything more."""
        return self._document or next(iter(self._paragraphs.values()), None)

    def at(self, pos: int) -> str:
        """The language of the paragraph holding `pos`: its own where it can be told,
        else (short, unsure) the document's."""
        first, last, found = self._last
        if first <= pos <= last:
            return found
        text = self.text
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        known = self._paragraphs.get(start)
        if known is None:
            paragraph = text[start:end]
            # (Splitting stops once there are words enough: the count below the bar is exact.)
            if (start, end) == (0, len(text)) or len(paragraph.split(maxsplit=PARAGRAPH_WORDS)) < PARAGRAPH_WORDS:
                own = UNKNOWN
            else:
                own = self._detect(paragraph)
            known = self._paragraphs[start] = self.document if own == UNKNOWN else own
        self._last = (start, end, known)
        return known


# The standard library's `re` is several times faster than `regex` on these ASCII classes.
_ASCII_NON_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _letters(text: str) -> int:
    """Number of letters (Unicode categories L*, as str.isalpha): the ASCII ones counted
    at C speed, the others (often a few curly quotes) one by one."""
    ascii_part = text.encode("ascii", "ignore")
    letters = len(ascii_part.translate(None, _ASCII_NON_LETTERS))
    if len(ascii_part) < len(text):
        letters += sum(map(str.isalpha, _NON_ASCII.findall(text)))
    return letters


def _plain_english(sample: str, letters: int) -> bool:
    """`letters`: the sample's letter count (`_letters`), already needed by the caller.
    Short means fewer than ENGLISH_MIN_WORDS words as a paragraph's are counted (split at
    whitespace: "1,000", "—" count), so a paragraph long enough to be judged on its own and
    written in plain English is told here, not by langdetect (milliseconds a paragraph)."""
    if len(sample.split(maxsplit=ENGLISH_MIN_WORDS)) < ENGLISH_MIN_WORDS:
        return False
    words = ENGLISH_WORD.findall(sample.lower())
    if len("".join(words)) < 0.9 * letters:
        return False  # much of it is not ASCII letters
    return sum(map(ENGLISH_FUNCTION_WORDS.__contains__, words)) >= ENGLISH_SHARE * len(words)


def _sample(text: str) -> str:
    """A bounded sample from the middle of the text, cut at whitespace."""
    if len(text) <= SAMPLE_CHARS:
        return text
    start = (len(text) - SAMPLE_CHARS) // 2
    start = text.find(" ", start) + 1 or start
    return text[start:start + SAMPLE_CHARS]

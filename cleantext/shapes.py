"""Line shapes: the key under which a line is counted when it recurs across pages.

A line's shape is its trimmed, squeezed, case-folded text with times, numbers, month and
weekday names replaced by placeholders, so "Updated 12:24 am, Nov. 20" and "Updated 1:39 PM,
Dec. 5" count as one line. `learn` proposes rules from recurring shapes; the
`site_repetition` kind (cleantext.siterep) removes them on the fly. Nothing here knows about
rules or documents.
"""
from __future__ import annotations

from collections.abc import Iterable

import regex

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
           "Sept", "Oct", "Nov", "Dec")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Mon", "Tue",
         "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun")


def _alternation(words: Iterable[str]) -> str:
    """Each word as Written and as WRITTEN, longest first (not in lower case: 'may' and
    'sun' are ordinary words)."""
    out = {form for word in words for form in (word, word.upper())}
    return "|".join(sorted(out, key=lambda w: (-len(w), w)))


_TIME = r"\d{1,2}(?::\d{2}){1,2}(?:\s?[AaPp]\.?[Mm](?!\w)\.?)?|\d{1,2}\s?[AaPp]\.?[Mm](?!\w)\.?"
_TOKEN = regex.compile(
    rf"(?P<time>(?<![\w:]){_TIME})"
    r"|(?P<num>\d+(?:(?:st|nd|rd|th)(?!\w))?)"
    rf"|(?P<month>(?<!\w)(?:{_alternation(_MONTHS)})(?!\w)\.?)"
    rf"|(?P<day>(?<!\w)(?:{_alternation(_DAYS)})(?!\w)\.?)"
)
_PLACEHOLDER = {"time": "\x00t", "num": "\x00n", "month": "\x00m", "day": "\x00d"}
_NUMBERS = regex.compile("\x00[nt]")  # placeholders of numbers and times (month and day names are words)
_GENERAL = {
    "time": r"(?:\d{1,2}(?::\d{2}){1,2}(?:\s?[ap]\.?m\.?)?|\d{1,2}\s?[ap]\.?m\.?)",
    "num": r"\d+(?:st|nd|rd|th)?",
    "month": r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
             r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?",
    "day": r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
           r"|sat(?:urday)?|sun(?:day)?)\.?",
}


def _group(m: regex.Match[str]) -> str:
    """Which of _TOKEN's named groups matched (every alternative is one)."""
    assert m.lastgroup is not None
    return m.lastgroup


def squeeze(line: str) -> str:
    """Trimmed, with runs of whitespace as one space (case kept)."""
    return " ".join(line.split())


def shape(line: str) -> str:
    """The form recurring lines are counted in: trimmed, squeezed, case-folded, with
    times, numbers, month and weekday names replaced by placeholders."""
    text = squeeze(line)
    return _TOKEN.sub(lambda m: _PLACEHOLDER[_group(m)], text).casefold()


def line_pattern(line: str) -> str:
    """A regex matching the whole line with its numbers and dates generalised (and any
    case, any spacing): the `match:` of a line that recurs only in shape."""
    text, parts, pos = squeeze(line), [], 0
    for m in _TOKEN.finditer(text):
        parts.append(_literal(text[pos:m.start()]))
        parts.append(_GENERAL[_group(m)])
        pos = m.end()
    parts.append(_literal(text[pos:]))
    return r"(?i)^\s*" + "".join(parts) + r"\s*$"


def _literal(text: str) -> str:
    pieces = regex.split(r"(\s+)", text)
    return "".join(r"\s+" if piece.isspace() else regex.escape(piece, literal_spaces=True)
                   for piece in pieces if piece)


_LETTER = regex.compile(r"\p{L}")


def has_letters(shape: str) -> bool:
    """Whether a shape holds letters besides its number and time placeholders (a line of
    digits and punctuation is not counted as a recurring line)."""
    return bool(_LETTER.search(_NUMBERS.sub("", shape)))

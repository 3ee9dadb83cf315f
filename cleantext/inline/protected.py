"""Spans inline rules leave alone: URLs, addresses, handles, file names, and quotations."""
from __future__ import annotations

import bisect
import re

import regex

# Spans no inline rule may touch: URLs, e-mail addresses, @handles, #hashtags,
# domains and file names (word.word with a lower-case final part, not a call "a.b(").
# An address starts where a run of its characters does, or where the search resumes
# (\G): a start inside the run fails as the run's start did, so only those are tried
# (linear on a long word; the same matches as trying every start).
_PROTECTED = (
    r"(?:https?://|ftp://|www\.)\S+"
    r"|(?:(?<![\w.+-])|\G)[\w.+-]++@[\w-]++(?:\.[\w-]++)+"
    r"|(?<![\w@#])[@#]\w+"
    r"|(?<![\w./-])[\w-]+(?:[./][\w-]+)*\.[a-z][a-z0-9]{1,5}\b"
)
_NOT_A_CALL = r"(?![.\w]*+\s*+\()"
PROTECTED = regex.compile(_PROTECTED + _NOT_A_CALL)
# The same where the stretch searched holds no "(" (the lookahead cannot fail there):
# without it, a long dotted word is not rescanned from every dot.
PROTECTED_WITHOUT_CALLS = regex.compile(_PROTECTED)
# Every PROTECTED match holds one of these (from "://", "www.", "@", "#", ".ext"); a
# stretch without them is not scanned. (A full stop before a space is not one.)
PROTECTED_MARKS = re.compile(r"[:@#]|www\.|\.[a-z]")
_TOKEN_END = re.compile("[ \n\t]")
TOKEN_REACH = 2048  # how far to look for the whitespace around a candidate (URLs are shorter)
# Opening quote -> its closing quote; a quotation runs to its close or the line's end.
QUOTE_PAIRS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d", '"': '"'}
_OPENING_QUOTE = re.compile("[" + "".join(QUOTE_PAIRS) + "]")


def touches_protected(text: str, start: int, end: int) -> bool:
    """Whether the span touches a URL, address, handle or file name: checked on the
    whitespace-delimited stretch around it, not on the whole document."""
    floor, ceiling = max(start - TOKEN_REACH, 0), min(end + TOKEN_REACH, len(text))
    lo = max(text.rfind(" ", floor, start), text.rfind("\n", floor, start), text.rfind("\t", floor, start),
             floor - 1) + 1
    token_end = _TOKEN_END.search(text, end, ceiling)
    hi = ceiling if token_end is None else token_end.start()
    if PROTECTED_MARKS.search(text, lo, hi) is None:
        return False
    pattern = PROTECTED if text.find("(", lo, hi) != -1 else PROTECTED_WITHOUT_CALLS
    return any(s < end and start < e for s, e in (m.span() for m in pattern.finditer(text, lo, hi)))


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Quoted spans, quote marks included; an unclosed quotation ends with its line."""
    spans = []
    pos, line_end = 0, -1
    while (m := _OPENING_QUOTE.search(text, pos)) is not None:
        opener = m.group()
        if m.start() > line_end:  # a new line: found once, not once per quotation on it
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end == -1 else line_end
        close = text.find(QUOTE_PAIRS[opener], m.end(), line_end)
        end = line_end if close == -1 else close + 1
        spans.append((m.start(), end))
        pos = end
    return spans


def covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    k = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= start and end <= spans[k][1]


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    k = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return any(s < end and start < e for s, e in spans[max(k, 0): k + 2])

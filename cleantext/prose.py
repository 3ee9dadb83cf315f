"""What running text is made of: words, the share of them that are function words, and
whether a line reads as prose. One place for the language check (`lang`), the body
finder (`body`) and `learn`, which each ask a different question of the same words.

Nothing here knows about rules, documents or edits.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Sequence

import regex

# A word: letters and combining marks, apostrophes inside ("don't", "l'état").
_LETTERS = r"\p{L}\p{M}"
WORD = regex.compile(rf"[{_LETTERS}]+(?:['’][{_LETTERS}]+)*")
# A word of a sentence, numbers included ("on 12 May" is three): learn counts these.
SENTENCE_WORD = regex.compile(rf"[{_LETTERS}\p{{N}}]+(?:['’][{_LETTERS}]+)*")
# A word of lower-cased plain English, ASCII only: the language check's fast path, which
# compares the letters these cover with all the letters of the text.
ENGLISH_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# A run of word characters (\w): what the line phase's guard and truncate_late count.
# The standard library's `re` counts them several times faster than `regex`.
WORD_RUN = re.compile(r"\w+")
# ASCII word characters (as WORD_RUN sees them) as "a", every other byte as a space.
_ASCII_WORD_CHARS = bytes(97 if c < 128 and WORD_RUN.fullmatch(chr(c)) else 32 for c in range(256))


def word_count(text: str) -> int:
    """The number of WORD_RUN matches: for ASCII text the starts of runs, counted in C
    without building the words."""
    if text.isascii():
        return (b" " + text.encode("ascii")).translate(_ASCII_WORD_CHARS).count(b" a")
    return len(WORD_RUN.findall(text))


def function_word_share(words: Sequence[str], function_words: Collection[str]) -> float:
    """The share of `words` found in `function_words` (0 for no words)."""
    return sum(1 for w in words if w in function_words) / len(words) if words else 0.0


def words(text: str) -> list[str]:
    """The words of a sentence, numbers included."""
    return SENTENCE_WORD.findall(text)


_TERMINAL = regex.compile(r"[.!?…。！？]['\"”’»)\]]*$")
# A final period that ends an abbreviation, not a sentence ("Hearst Communications, Inc.").
_ABBREVIATION = regex.compile(r"(?<!\w)(?:Inc|Ltd|Co|Corp|LLC|PLC|Jr|Sr|St|etc|[\p{Lu}])\.$")
# Copyright notices are chrome however they are punctuated.
_NOTICE = regex.compile(r"(?i)©|^\W*(?:\(c\)|copyright)\s|\ball rights reserved\b")
# Function words of the languages news scrapes are most often in; prose is full of them.
STOPWORDS = frozenset("""
a about after all also an and any are as at be been but by can could did do does for from had has
have he her his i if in into is it its may more most no not of on one or our out over said she so
some than that the their them there they this to up was we were what when which who will with would
you your
de la le les des du et en un une est pour que qui dans sur au par pas plus il elle
der die das und ist den von mit sich des auf für nicht ein eine dem zu im
el los las y en un una es por con para del se lo al su
yang dan di ke dari untuk dengan ini itu dalam tidak akan pada juga ada adalah oleh
""".split())


def is_prose(line: str) -> bool:
    """Whether a line reads like running text rather than a menu item, label or headline:
    a sentence (terminal punctuation and four words or more), a long line, or a line
    made largely of function words."""
    found = words(line)
    n = len(found)
    if n >= 20:
        return True
    text = line.strip()
    if _NOTICE.search(text):
        return False
    if n >= 4 and _TERMINAL.search(text) and not text.endswith(("...", "…")) and not _ABBREVIATION.search(text):
        return True
    if n >= 8:
        return function_word_share([w.casefold() for w in found], STOPWORDS) >= 0.3
    return False

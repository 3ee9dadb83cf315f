"""Literal matching: every literal key of every inline rule found in one scan.

A literal is a word or phrase written in a rule (a swap key, a name variant). It
matches word-bounded, in any case, across any run of spaces and with either
apostrophe; `match_case` gives its replacement the case of what was matched.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

import ahocorasick
import regex

from ..prefilter import trie_alternation

# Word boundaries for literals. A mark counts as part of a word only after a letter or
# digit: an emoji's variation selector (U+FE0F) before a name is not a word character.
LEFT_BOUNDARY = r"(?<![\p{L}\p{N}_]\p{M}*)"
RIGHT_BOUNDARY = r"(?!\w)"


def written_form(text: str) -> str:
    """A literal as written, with spaces squeezed and apostrophes unified."""
    if text.isalnum():  # one plain word, the common case: nothing to squeeze or unify
        return text
    return " ".join(text.replace("\u2019", "'").split())


def fold(text: str) -> str:
    """Matching key of a literal: its written form in lower case."""
    return written_form(text).lower()


def match_case(matched: str, replacement: str) -> str:
    """Give the replacement the matched text's case shape (KIEV -> KYIV, Stated -> Said)."""
    letters = [c for c in matched if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if matched[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


_SPACE_RUN = re.compile(" {2,}")


class LiteralMatcher:
    """Every literal key of every inline rule in one Aho-Corasick automaton, so the text
    is scanned once and the cost grows with the text, not the number of keys.

    Keys are lower case. The automaton (pyahocorasick) reads the lower-cased text with
    "’" as "'" and tabs as spaces, which keeps every offset; its hits are kept where the
    word boundaries hold and taken leftmost-longest without overlaps, as a trie-built
    pattern would find them in about twice the time (tests/test_literals.py checks it
    against one). Runs of spaces are squeezed for it (`_squeezed`). Where lower-casing
    changes a text's length (a few characters such as "İ"), a trie-built `regex`
    pattern matches the original case-insensitively instead, so offsets always refer
    to the original text.
    """

    def __init__(self, keys: Iterable[str]):
        keys = list(keys)
        self.empty = not keys
        words = trie_alternation([k for k in keys if _is_word(k[0])], _atom, _word_end)
        others = trie_alternation([k for k in keys if not _is_word(k[0])], _atom, _word_end)
        self._caseless_source = "|".join(filter(None, [words and f"{LEFT_BOUNDARY}(?:{words})", others]))
        self._caseless: regex.Pattern | None = None
        self._spaced = any(" " in k for k in keys)
        self._automaton = ahocorasick.Automaton()
        for key in keys:  # what a hit needs: its length, and which ends are word-bounded
            self._automaton.add_word(key, (len(key), _is_word(key[0]), _is_word(key[-1])))
        self._automaton.make_automaton()

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of the non-overlapping matches, left to right, each the longest
        key matching at its start."""
        lowered = text.lower()
        if self.empty:  # an automaton without keys cannot be searched
            return iter(())
        if len(lowered) != len(text):
            return self._by_caseless_pattern(text)
        prepared = lowered.replace("\u2019", "'").replace("\t", " ")
        if self._spaced and "  " in prepared:
            return self._squeezed(prepared)
        return self._by_automaton(prepared)

    def _squeezed(self, prepared: str) -> Iterator[tuple[int, int]]:
        """The automaton on the text with each run of spaces made one (a key's space
        matches a whole run), offsets mapped back: a run's kept space stays where it was,
        what follows it moves by the spaces removed up to there."""
        kept_at: list[int] = []  # each run's kept space, in the squeezed text
        removed = [0]  # spaces removed before and in each run
        for run in _SPACE_RUN.finditer(prepared):
            kept_at.append(run.start() - removed[-1])
            removed.append(removed[-1] + len(run.group()) - 1)
        for start, end in self._by_automaton(_SPACE_RUN.sub(" ", prepared)):
            yield (start + removed[bisect.bisect_left(kept_at, start)],
                   end + removed[bisect.bisect_left(kept_at, end)])

    def _by_automaton(self, text: str) -> Iterator[tuple[int, int]]:
        # Hits come overlapping, ordered by their end: keep the longest bounded one at
        # each start, then take them from the left, each after the one taken before.
        longest: dict[int, int] = {}
        size = len(text)
        for last, (length, left, right) in self._automaton.iter(text):
            start, end = last + 1 - length, last + 1
            if (left and start and _is_word(text[start - 1])) or (right and end < size and _is_word(text[end])):
                continue
            if longest.get(start, start) < end:
                longest[start] = end
        taken = 0
        for start in sorted(longest):
            if start >= taken:
                taken = longest[start]
                yield start, taken

    def _by_caseless_pattern(self, text: str) -> Iterator[tuple[int, int]]:
        if self._caseless is None:
            self._caseless = regex.compile(self._caseless_source, regex.IGNORECASE)
        return (m.span() for m in self._caseless.finditer(text))


def _word_end(last: str) -> str:
    return RIGHT_BOUNDARY if _is_word(last) else ""


def _atom(ch: str) -> str:
    if ch == " ":
        return r"[ \t]+"
    if ch == "'":
        return "['\u2019]"
    return re.escape(ch)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def phrase_pattern(phrase: str) -> str:
    """A case-insensitive, word-bounded pattern for a literal exception phrase."""
    return f"(?i:{phrase_body(phrase)})"


def phrase_body(phrase: str) -> str:
    """A word-bounded pattern for a literal phrase (any spaces, either apostrophe)."""
    body = "".join(_atom(ch) for ch in " ".join(phrase.split()))
    left = LEFT_BOUNDARY if _is_word(phrase[0]) else ""
    right = RIGHT_BOUNDARY if _is_word(phrase[-1]) else ""
    return f"{left}{body}{right}"

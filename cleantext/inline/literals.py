"""Literal matching: every literal key of every inline rule found in one scan.

A literal is a word or phrase written in a rule (a swap key, a name variant). It
matches word-bounded, in any case, across any run of spaces and with either
apostrophe; `match_case` gives its replacement the case of what was matched.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import re2
import regex

from ..prefilter import first_span, re2_options, trie_alternation

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


_END = ""  # a trie node's key under which a key ending there keeps its word-bounded ends


class LiteralMatcher:
    """Every literal key of every inline rule found in one pass over the text, so the cost
    grows with the text, not the number of keys.

    Keys are lower case. The text is read lower-cased, with "’" as "'" and tabs as spaces,
    which keeps every offset. An RE2 pattern of every key (a key's space matching a run
    of spaces; leftmost-longest) finds the next place a key starts; the longest key there
    whose word boundaries hold is taken (found by walking the keys' trie when the longest
    is not bounded), and the search resumes after it (or after that start):
    leftmost-longest without overlaps, as a trie-built pattern finds them
    (tests/test_literals.py checks it against one). RE2 reads the text as Latin-1, one
    byte per character, so its offsets are the text's; a character beyond Latin-1 reads
    as "?", and so does such a character of a key (the walk, on the text itself, then
    decides). Where lower-casing changes a text's length (a
    few characters such as "İ"), a trie-built `regex` pattern matches the original
    case-insensitively instead, so offsets always refer to the original text.
    """

    def __init__(self, keys: Iterable[str]):
        keys = list(keys)
        self.empty = not keys
        words = trie_alternation([k for k in keys if _is_word(k[0])], _atom, _word_end)
        others = trie_alternation([k for k in keys if not _is_word(k[0])], _atom, _word_end)
        self._caseless_source = "|".join(filter(None, [words and f"{LEFT_BOUNDARY}(?:{words})", others]))
        self._caseless: regex.Pattern | None = None
        self._trie: dict[str, Any] = {}  # char -> node; _END -> (first, last char is a word character)
        for key in keys:
            node = self._trie
            for ch in key:
                node = node.setdefault(ch, {})
            node[_END] = (_is_word(key[0]), _is_word(key[-1]))
        options = re2_options()
        options.encoding = re2.Options.Encoding.LATIN1
        options.longest_match = True
        # A key that has (or stands for) "?" may match in RE2 where it does not in the text.
        self._wide = any(ord(ch) > 255 or ch == "?" for key in keys for ch in key)
        # A key's end that is an ASCII letter, digit or "_" must be at an RE2 word boundary
        # (RE2's are ASCII): a key starting or ending inside an ASCII word is not bounded,
        # so such places are not found at all. (The text's other characters are checked.)
        bounded = trie_alternation([k for k in keys if _is_ascii_word(k[0])], _latin1_atom, _ascii_word_end)
        others = trie_alternation([k for k in keys if not _is_ascii_word(k[0])], _latin1_atom, _ascii_word_end)
        starts = "|".join(filter(None, [bounded and rf"\b(?:{bounded})", others]))
        self._starts = re2.compile(starts.encode("ascii"), options)

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of the non-overlapping matches, left to right, each the longest
        key matching at its start."""
        if self.empty:  # an empty pattern would match everywhere
            return iter(())
        lowered = text.lower()
        if len(lowered) != len(text):
            return self._by_caseless_pattern(text)
        return self._by_trie(lowered.replace("\u2019", "'").replace("\t", " "))

    def _by_trie(self, text: str) -> Iterator[tuple[int, int]]:
        data = text.encode("latin-1", "replace")  # one byte per character, so offsets agree
        pos = 0  # where the next key may start
        while True:
            start, longest = first_span(self._starts, data, pos)
            if start == -1:
                return
            end = self._key_end(text, start, longest)
            if end is None:
                pos = start + 1
            else:
                yield start, end
                pos = end

    def _key_end(self, text: str, start: int, longest: int) -> int | None:
        """End of the key taken at `start`, where RE2's longest match ends at `longest`.
        Unless a key reads "?", that match is the longest key starting there; where its
        ends are not bounded, the walk looks for a shorter key that is."""
        if start and _is_word(text[start - 1]) and _is_word(text[start]):
            return None  # inside a word: no key starting here is bounded
        if self._wide or (longest < len(text) and _is_word(text[longest]) and _is_word(text[longest - 1])):
            return self._longest_at(text, start)
        return longest

    def _longest_at(self, text: str, start: int) -> int | None:
        """End of the longest key at `start` whose word boundaries hold, if any."""
        size, node, pos, longest = len(text), self._trie, start, None
        before_is_word = start > 0 and _is_word(text[start - 1])
        while pos < size and (child := node.get(text[pos])) is not None:
            node = child
            pos += 1
            if text[pos - 1] == " ":
                while pos < size and text[pos] == " ":  # a key's space matches a run of them
                    pos += 1
            ends = node.get(_END)
            if ends is not None and not (ends[0] and before_is_word) and not (ends[1] and pos < size
                                                                               and _is_word(text[pos])):
                longest = pos
        return longest

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


def _ascii_word_end(last: str) -> str:
    return r"\b" if _is_ascii_word(last) else ""


def _latin1_atom(ch: str) -> str:
    """A key's character in the RE2 pattern that finds where keys may start (Latin-1)."""
    if ch == " ":
        return " +"
    return rf"\x{{{ord(ch) if ord(ch) < 256 else ord('?'):02x}}}"


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and _is_word(ch)


def phrase_pattern(phrase: str) -> str:
    """A case-insensitive, word-bounded pattern for a literal exception phrase."""
    return f"(?i:{phrase_body(phrase)})"


def phrase_body(phrase: str) -> str:
    """A word-bounded pattern for a literal phrase (any spaces, either apostrophe)."""
    body = "".join(_atom(ch) for ch in " ".join(phrase.split()))
    left = LEFT_BOUNDARY if _is_word(phrase[0]) else ""
    right = RIGHT_BOUNDARY if _is_word(phrase[-1]) else ""
    return f"{left}{body}{right}"

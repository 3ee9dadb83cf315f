"""The inline literal matcher: its RE2 scan and trie walk find exactly what the trie-built
pattern finds (leftmost, then longest, word-bounded, no overlaps) on any keys and text."""
from __future__ import annotations

import re
import sys

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cleantext.inline.literals import LiteralMatcher, _atom, _is_word, _word_end, fold
from cleantext.prefilter import trie_alternation


def _by_trie_pattern(keys: list[str], text: str) -> list[tuple[int, int]]:
    """The reference: one trie-built stdlib pattern on the lower-cased text (what the
    matcher used before its own scan), for texts whose length lower() keeps."""
    words = trie_alternation([k for k in keys if _is_word(k[0])], _atom, _word_end)
    others = trie_alternation([k for k in keys if not _is_word(k[0])], _atom, _word_end)
    pattern = re.compile("|".join(filter(None, [words and rf"\b(?:{words})", others])) or "(?!)")
    return [m.span() for m in pattern.finditer(text.lower())]


def test_word_characters_are_what_re_calls_word_characters():
    # The scan's boundary checks must agree with `\b` and `(?!\w)` of the pattern.
    word = re.compile(r"\w")
    assert [cp for cp in range(sys.maxunicode + 1) if _is_word(chr(cp)) != bool(word.match(chr(cp)))] == []


def test_leftmost_then_longest_with_word_bounds():
    m_keys = ["new", "new york", "york times", "o'neil", "u.s.", ".net"]
    m = LiteralMatcher(m_keys)
    text = "New York Times; NEW\tyork’s O’Neil, newyork U.S.A .NET, .NETs"
    expected = ["New York", "NEW\tyork", "O’Neil", "U.S.", ".NET"]
    assert [text[s:e] for s, e in m.spans(text)] == expected
    assert [text[s:e] for s, e in _by_trie_pattern(m_keys, text)] == expected


def test_ordinary_text_is_scanned_by_re2_and_the_trie(monkeypatch):
    m = LiteralMatcher(["new york", "york"])
    monkeypatch.setattr(m, "_by_caseless_pattern", lambda text: pytest.fail("the pattern scanned"))
    assert list(m.spans("new\tyork. York")) == [(0, 8), (10, 14)]
    assert list(m.spans("a  b \t new \t york   york")) == [(7, 17), (20, 24)]  # runs squeezed, offsets kept
    m = LiteralMatcher(["york"])  # no key has a space: a run of spaces does not matter
    monkeypatch.setattr(m, "_by_caseless_pattern", lambda text: pytest.fail("the pattern scanned"))
    assert list(m.spans("new \t york")) == [(6, 10)]


def test_the_pattern_scans_texts_whose_length_lower_changes():
    m = LiteralMatcher(["new york"])
    assert list(m.spans("İ new  york")) == [(2, 11)]  # "İ".lower() is two characters
    assert list(LiteralMatcher([]).spans("new york")) == []


# Keys from a small alphabet, so that they overlap, share prefixes and end in every kind
# of character; fold() gives them the form InlinePhase gives its keys.
_KEY = st.text(st.sampled_from("ab1_é'-. ?ж"), min_size=1, max_size=6).map(fold).filter(bool)


@st.composite
def _keys(draw) -> list[str]:
    keys = draw(st.lists(_KEY, min_size=1, max_size=6))
    prefixes = [fold(k[:draw(st.integers(1, len(k)))]) for k in keys]  # a key inside a longer one
    return sorted(set(keys + prefixes))


# Around and between keys: letters, digits, underscore, marks, punctuation, both
# apostrophes, tabs and runs of spaces, letters lower() lengthens ("İ") or changes ("K"
# Kelvin sign), an emoji and its variation selector.
_OTHER = st.sampled_from(["a", "Z", "1", "_", "é", "É", "\u0301", "\ufe0f", ".", ",", "-", "'", "\u2019",
                          " ", "\t", "  ", " \t", "\n", "İ", "\u212a", "ß", "Σ", "😀", "?", "€", "Ж"])


@st.composite
def _written(draw, key: str) -> str:
    """A key as a text may spell it: any case, a space as a tab or a run, either apostrophe."""
    key = draw(st.sampled_from([str.lower, str.upper, str.title, str.capitalize]))(key)
    out = []
    for ch in key:
        if ch == " ":
            ch = draw(st.sampled_from([" ", " ", "\t", "  ", " \t "]))
        elif ch == "'":
            ch = draw(st.sampled_from(["'", "\u2019"]))
        out.append(ch)
    return "".join(out)


@st.composite
def _keys_and_text(draw) -> tuple[list[str], str]:
    keys = draw(_keys())
    pieces = draw(st.lists(st.one_of(st.sampled_from(keys).flatmap(_written), _OTHER), max_size=14))
    return keys, "".join(pieces)


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(_keys_and_text())
def test_the_scan_finds_what_the_pattern_finds(case):
    keys, text = case
    m = LiteralMatcher(keys)
    assume(len(text.lower()) == len(text))  # other texts take the caseless pattern (tested above)
    assert list(m.spans(text)) == _by_trie_pattern(keys, text)

"""The required-literal prefilter never hides a line a rule matches."""
from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Cleaner
from cleantext.prefilter import LiteralIndex, required_literals


def test_required_literals_of_common_shapes():
    assert required_literals(r"(?i)^\s*skip to (main )?content\s*$") == {"skip to "}
    assert required_literals(r"^(?:read more|also read):") == {"read more", "also read"}
    assert required_literals(r"^\p{Lu}+ news$") == {" news"}
    assert required_literals(r"^[a-z]+$") is None
    assert required_literals(r"(?P<x>a)(?P=x)b") is None or "a" not in required_literals(r"(?P<x>a)(?P=x)b")


def test_overlapping_literals_are_all_found():
    index = LiteralIndex({0: frozenset({"read more"}), 1: frozenset({"more from"}), 2: frozenset({"ore"})})
    assert index.candidates("Read more from us") == {0, 1, 2}


PHASE = Cleaner()._base.lines
_lines = st.text(st.sampled_from("abcd rmeoRM:-" + "\u0130\u00df"), max_size=40)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_lines)
def test_builtin_line_rules_are_never_missed(line):
    phase = PHASE
    for index in phase.index.rules_of.values():
        for i in index:
            rule = phase.compiled[i]
            if rule.pattern.search(line):
                assert i in phase.index.candidates(line), rule.rule.id


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["read", " more", "more", "ore f", "from", "skip", "to", ":"]), max_size=6).map("".join))
def test_prefilter_agrees_with_the_patterns(line):
    patterns = [r"(?i)read more", r"more from", r"^skip to", r"(?i)re f|to:"]
    required = {i: required_literals(p) for i, p in enumerate(patterns)}
    index = LiteralIndex({i: lits for i, lits in required.items() if lits})
    for i, pattern in enumerate(patterns):
        if required[i] and regex.search(pattern, line):
            assert i in index.candidates(line)

"""Every built-in pattern costs time linear in its input (cleantext.growth), on
adversarial texts of growing length; and the check does catch a pattern that is not.

Each pattern is run the way the engine runs it: line patterns and followers on single
lines, inline regexes over whole texts with MULTILINE, `unless` guards overlapped. The
inputs start with what the rule's own examples show it matching, so an anchored
pattern gets past its start and the adversarial run lands in its middle and end.
"""
from __future__ import annotations

import math
from types import SimpleNamespace

import pytest
import regex

from cleantext import Cleaner, growth, tidy
from cleantext.inline import protected
from cleantext.kinds import line_kind
from cleantext.schema import Rule

RULES = Cleaner(preview=True).all_rules


def _matched_lines(pattern: str, rule: Rule) -> list[str]:
    compiled = regex.compile(pattern, regex.MULTILINE)
    lines = {line for example in rule.examples for line in example.before.split("\n")}
    return sorted(m.group() for line in lines if (m := compiled.search(line)) and m.group())


def _prefixes(pattern: str, rule: Rule) -> list[str]:
    """"" and, for each text of the rule's examples the pattern matches, the match and
    its first word: the adversarial run then follows a real start."""
    found = [""]
    for matched in _matched_lines(pattern, rule)[:2]:
        found += [matched, matched.split(" ")[0] + " "]
    return found


def _cases() -> list[tuple[str, str, list[str], bool, growth.Runner]]:
    cases = []
    for rule in RULES:
        if rule.match:
            cases.append((f"{rule.id}:match", rule.match, _prefixes(rule.match, rule), line_kind(rule) is not None,
                          growth.finditer_all))
        for key in ("follow", "run"):
            if pattern := getattr(rule, key):
                cases.append((f"{rule.id}:{key}", pattern, _prefixes(pattern, rule), True, growth.finditer_all))
        for k, guard in enumerate(rule.unless):
            cases.append((f"{rule.id}:unless{k}", guard, [""], True, growth.finditer_overlapped))
    return cases


CASES = _cases()


def test_every_kind_of_built_in_pattern_is_measured():
    names = [name for name, *_ in CASES]
    assert any(n.endswith(":follow") for n in names) and any(n.endswith(":unless0") for n in names)
    assert {"chrome.headline-widget:follow", "chrome.read-more-block:follow", "chrome.menu-residue:match"} <= set(names)
    assert sum(1 for n in names if n.endswith(":match")) >= 50


@pytest.mark.parametrize("name,pattern,prefixes,lines,run", CASES, ids=[c[0] for c in CASES])
def test_built_in_pattern_grows_linearly(name, pattern, prefixes, lines, run):
    found = growth.superlinear(pattern, prefixes, lines=lines, run=run)
    assert found is None, (f"{name} grows superlinearly on {found.shape!r} after {found.prefix!r}: "
                           f"{found.ratio:.1f}x from {found.lengths[0]} to {found.lengths[-1]} characters")


# The old follower of chrome.headline-widget: every way of splitting a whitespace run
# between the groups is tried before the line is given up (exponential).
EXPONENTIAL = r"^[\s\-•*·>|]*[\p{L}\d\"'‘“(\[](?:\S*\s+){0,24}\S*(?<![.;:,])$"
# The tidy step's trailing-space pattern: from every start in a run of spaces or tabs,
# to the run's end and back.
QUADRATIC = r"[ \t]+$"


def test_growth_check_fails_an_exponential_pattern():
    found = growth.superlinear(EXPONENTIAL, ["Headline "])
    assert found is not None and math.isinf(found.ratio) and "run" in found.shape


def test_growth_check_fails_a_quadratic_pattern():
    found = growth.superlinear(QUADRATIC, lines=False)
    assert found is not None and found.shape in ("space-run", "mixed-space-run", "tab-run")
    assert not math.isinf(found.ratio) and found.ratio > growth.MAX_DOUBLING ** 2


def test_growth_check_sees_a_quadratic_cost_that_a_burst_of_load_hid_on_the_first_pass(monkeypatch):
    # A runner whose cost is quadratic in its input, and whose very first call (the first
    # shape's smallest size) is slowed by a burst: the first pass then sees the doubling
    # n -> 2n as cheap, which must not make the verdict "linear". The cost is charged to a
    # clock of the test's own (real sleeps overshoot on a loaded machine).
    calls = []
    clock = SimpleNamespace(now=0.0)
    monkeypatch.setattr(growth, "time", SimpleNamespace(thread_time=lambda: clock.now))

    def quadratic_with_a_burst(pattern, text, timeout):
        calls.append(len(text))
        clock.now += 0.002 * (len(text) / growth.BASE_LENGTH) ** 2 + (0.012 if len(calls) == 1 else 0)

    found = growth.superlinear("x", run=quadratic_with_a_burst)
    assert found is not None and found.shape == growth.SHAPES[0][0]


def test_growth_check_passes_the_same_patterns_made_linear():
    assert growth.superlinear(r"^[\s\-•*·>|]*[\p{L}\d\"'‘“(\[](?:\S*+\s++){0,24}+\S*+(?<![.;:,])$",
                              ["Headline "]) is None
    assert growth.superlinear(r"(?<![ \t])[ \t]++$", lines=False) is None


# Patterns in the engine's code, run as it runs them: the protected-span pattern on one
# whitespace-free stretch (also on long words of address and file-name characters),
# tidy's trailing-space pattern on whole texts.
CODE_PATTERNS = [
    ("protected", protected.PROTECTED, True),
    ("protected-without-calls", protected.PROTECTED_WITHOUT_CALLS, True),
    ("tidy.trailing-space", tidy._TRAILING_SPACE, False),
]
WORD_SHAPES = [("dotted-word", "ab.", "x"), ("address-characters", "a.b+", "!"), ("handles", "@a#b", "!")]


@pytest.mark.parametrize("name,pattern,lines", CODE_PATTERNS, ids=[c[0] for c in CODE_PATTERNS])
def test_built_in_code_pattern_grows_linearly(name, pattern, lines):
    found = growth.superlinear(pattern, lines=lines)
    assert found is None, f"{name} grows superlinearly on {found.shape!r}: {found.ratio:.1f}x"
    for shape in WORD_SHAPES if lines else ():
        measured = growth.growth(pattern, shape, repeats=growth.REPEATS)
        assert not measured.superlinear, f"{name} grows superlinearly on {shape[0]}: {measured.ratio:.1f}x"


def test_protected_spans_skip_the_call_check_only_where_it_cannot_fail():
    # A dotted word followed by "(" is a call, not a file name; without "(" both agree.
    assert protected.touches_protected("see a.b.method(x) now", 4, 5) is False
    assert protected.touches_protected("see report.pdf now", 4, 8) is True
    text = "ab." * 2000 + "x"
    assert [m.span() for m in protected.PROTECTED.finditer(text)] == [
        m.span() for m in protected.PROTECTED_WITHOUT_CALLS.finditer(text)
    ]

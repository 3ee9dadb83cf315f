"""Load-time warnings about rules that load but may misbehave.

* CT101: a regex that backtracks catastrophically ("(.*?,){30}X") on one of a few
  adversarial probe lines. The engine's time limits stop such a rule at run time, but
  the author should know before a run slows down.
* CT102: literal substitutions that chain (A -> B, B -> C). Matching is one pass, so
  B is never rewritten again; the result does not depend on rule order, but the
  author probably meant A -> C.
* CT103: literal substitutions that undo each other (A -> B and B -> A).
* CT104: a line rule's pattern that RE2 cannot hold even loosened (`regex`-only
  syntax), so it is tried on every line instead of only where the screen says.
"""
from __future__ import annotations

from collections.abc import Iterable

import regex

from .errors import Problem
from .inline.literals import fold
from .kinds import line_kind, literal_pairs
from .prefilter import re2_superset
from .schema import PROFILES, Rule

def lint(rules: Iterable[Rule]) -> list[Problem]:
    rules = list(rules)
    problems = [p for rule in rules for p in _nested_quantifiers(rule)]
    problems += [p for rule in rules for p in _unscreened(rule)]
    for profile in PROFILES:
        problems.extend(p for p in _swap_graph_problems(rules, profile) if p not in problems)
    return problems


def _patterns(rule: Rule) -> list[str]:
    return [p for p in (rule.match, rule.follow, *rule.unless) if p]


# Lines that make badly nested quantifiers explode; a sound pattern takes microseconds.
PROBES = ("a" * 40 + "!", "a," * 40, " " * 40 + "x", "Aa " * 30 + "!", "1" * 40 + "x", "-" * 40 + "\u2022",
          ". " * 40, "ab" * 30 + "\n")
PROBE_SECONDS = 0.05


def _nested_quantifiers(rule: Rule) -> list[Problem]:
    problems = []
    for pattern in _patterns(rule):
        probe = backtracking_probe(pattern)
        if probe is not None:
            problems.append(Problem(rule.path, rule.line, 1, "CT101",
                                    f"rule `{rule.id}`: {pattern!r} backtracks catastrophically on {probe!r}; "
                                    "at run time it will be stopped by the time limit"))
    return problems


def backtracking_probe(pattern: str) -> str | None:
    """The first probe line on which the pattern runs out of time, if any."""
    compiled = regex.compile(pattern)
    for probe in PROBES:
        try:
            compiled.search(probe, timeout=PROBE_SECONDS)
        except TimeoutError:
            return probe
    return None


def _unscreened(rule: Rule) -> list[Problem]:
    if line_kind(rule) is None or not rule.match or re2_superset(rule.match) is not None:
        return []
    return [Problem(rule.path, rule.line, 1, "CT104",
                    f"rule `{rule.id}`: RE2 cannot screen {rule.match!r} (regex-only syntax), so it is "
                    "tried on every line; see docs/rules.md, Fast line rules")]


def _swap_graph_problems(rules: list[Rule], profile: str) -> list[Problem]:
    edges: dict[str, tuple[str, Rule]] = {}
    for rule in rules:
        for source, target in literal_pairs(rule, profile):
            edges.setdefault(fold(source), (fold(target), rule))
    problems = []
    for source, (target, rule) in sorted(edges.items()):
        if target == source or target not in edges:
            continue
        onward, other = edges[target]
        where = f"`{rule.id}` and `{other.id}`" if other is not rule else f"`{rule.id}`"
        if onward == source:
            if source < target:
                problems.append(Problem(rule.path, rule.line, 1, "CT103",
                                        f"{where}: {source!r} -> {target!r} and back undo each other"))
        else:
            problems.append(Problem(rule.path, rule.line, 1, "CT102",
                                    f"{where}: {source!r} -> {target!r} -> {onward!r} chain; one pass "
                                    f"stops at {target!r}"))
    return problems

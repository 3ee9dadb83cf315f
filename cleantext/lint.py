"""Load-time warnings about rules that load but may misbehave.

* CT101: a regex whose search time grows faster than the line (nested quantifiers,
  overlapping alternatives: `(a+)+$`, `(x+x+)+y`), measured on adversarial lines of
  growing length. The engine's time limits stop such a rule at run time, but the
  author should know before a run slows down.
* CT102: literal substitutions that chain (A -> B, B -> C). Matching is one pass, so
  B is never rewritten again; the result does not depend on rule order, but the
  author probably meant A -> C.
* CT103: literal substitutions that undo each other (A -> B and B -> A).
* CT104: a line rule's pattern that RE2 cannot hold even loosened (`regex`-only
  syntax), so it is tried on every line instead of only where the screen says.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

import regex

from .errors import Problem
from .inline.literals import fold
from .kinds import line_kind, literal_pairs
from .prefilter import re2_superset
from .schema import PROFILES, Rule


def lint(rules: Iterable[Rule], own: Iterable[Rule] | None = None) -> list[Problem]:
    """Warnings about `rules`. With `own`, only those rules are measured and screened
    (CT101, CT104: a run names the user's rules, the test suite keeps the built-in ones
    clean), while chains and undoings (CT102, CT103) are looked for across all."""
    rules = list(rules)
    mine = rules if own is None else list(own)
    problems = [p for rule in mine for p in _nested_quantifiers(rule)]
    problems += [p for rule in mine for p in _unscreened(rule)]
    for profile in PROFILES:
        problems.extend(p for p in _swap_graph_problems(rules, profile) if p not in problems)
    return problems


def _patterns(rule: Rule) -> list[str]:
    return [p for p in (rule.match, rule.follow, *rule.unless) if p]


def _nested_quantifiers(rule: Rule) -> list[Problem]:
    problems = []
    for pattern in _patterns(rule):
        probe = backtracking_probe(pattern)
        if probe is not None:
            problems.append(Problem(rule.path, rule.line, 1, "CT101",
                                    f"rule `{rule.id}`: {pattern!r} takes time that grows faster than the line "
                                    f"on lines like {_shorten(probe)!r}; at run time it will be stopped by the "
                                    "time limit"))
    return problems


# Adversarial lines are PREFIX + UNIT * n + END: runs that nested quantifiers and
# overlapping alternatives can split in many ways, ended so that the match fails late.
UNITS = ("a", " ", "a ", "a,", "1", ".", ". ", "-", "Aa ")
PREFIXES = ("", "a")
ENDS = ("!", ".", "")
SCREEN_CHARS = 2000  # a linear pattern searches this in microseconds, a quadratic one in milliseconds
SCREEN_SECONDS = 0.005
STEP_GROWTH = 2.8  # time ratio for twice the length: about 2 when linear, 4 when quadratic
TIMEOUT = 0.5  # a single search this long is catastrophic whatever the growth
REPEATS = 3


def backtracking_probe(pattern: str) -> str | None:
    """An adversarial line on which the pattern's search time grows faster than the line's
    length (superlinear), or None. A line whose search is quick at SCREEN_CHARS passes at
    once; a slow one is timed at a half and a quarter of that length too, and flagged
    when the time grew more than STEP_GROWTH times at both doublings, twice over. Each
    time is the best of REPEATS runs, so a busy machine slows all of them rather than
    bending the ratios, and a timeout at any length flags the pattern outright."""
    compiled = regex.compile(pattern)
    for unit in UNITS + _literal_units(pattern):
        for prefix in PREFIXES:
            for end in ENDS:
                line = functools.partial(_adversarial, prefix, unit, end)
                long = _search_time(compiled, line(SCREEN_CHARS), repeats=1)
                if long is not None and long >= SCREEN_SECONDS:  # slow once: time it properly
                    long = _search_time(compiled, line(SCREEN_CHARS))
                if long is None:
                    return line(SCREEN_CHARS)
                if long >= SCREEN_SECONDS and all(_grows(compiled, line) for _ in range(2)):
                    return line(SCREEN_CHARS)
    return None


def _adversarial(prefix: str, unit: str, end: str, chars: int) -> str:
    return prefix + unit * max(chars // len(unit), 1) + end


def _grows(compiled: regex.Pattern, line: Callable[[int], str]) -> bool:
    times = [_search_time(compiled, line(SCREEN_CHARS // k)) for k in (4, 2, 1)]
    if None in times:
        return True
    quarter, half, full = (max(t, 1e-9) for t in times if t is not None)
    return half > STEP_GROWTH * quarter and full > STEP_GROWTH * half


def _literal_units(pattern: str) -> tuple[str, ...]:
    """Letters and digits the pattern repeats outright (`x` in `(x+x+)+y`): runs of them
    reach quantifiers that the default units do not."""
    return tuple(sorted(set(regex.findall(r"(?<!\\)([^\W_])(?=[+*?{])", pattern)) - set("a1")))


def _search_time(compiled: regex.Pattern, line: str, repeats: int = REPEATS) -> float | None:
    """Best of `repeats` search times, or None when one runs out of TIMEOUT."""
    import time

    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        try:
            compiled.search(line, timeout=TIMEOUT)
        except TimeoutError:
            return None
        best = min(best, time.perf_counter() - start)
    return best


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


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

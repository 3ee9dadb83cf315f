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
* CT105: a rule with `status: deprecated`: it loads but never runs.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

from .errors import Problem
from .growth import Growth, superlinear
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
    problems += [Problem(r.path, r.line, 1, "CT105", f"rule `{r.id}` is deprecated: it does not run")
                 for r in mine if r.status == "deprecated"]
    for profile in PROFILES:
        problems.extend(p for p in _swap_graph_problems(rules, profile) if p not in problems)
    return problems


def _patterns(rule: Rule) -> list[tuple[str, str]]:
    """The rule's patterns, each with the key (Rule.place) it was written under."""
    keyed = [("match", rule.match), ("follow", rule.follow), ("run", rule.run),
             *((f"unless[{i}]", p) for i, p in enumerate(rule.unless))]
    return [(key, p) for key, p in keyed if p]


def _nested_quantifiers(rule: Rule) -> list[Problem]:
    problems = []
    on_lines = line_kind(rule) is not None
    for key, pattern in _patterns(rule):
        found = superlinear(pattern, lines=on_lines)
        if found is not None:
            problems.append(Problem(rule.path, *rule.place(key), "CT101",
                                    f"rule `{rule.id}`: {pattern!r} takes time that grows faster than its input "
                                    f"on text like {found.shape!r}: {_growth_figure(found)}; at run time it will be "
                                    "stopped by the time limit"))
    return problems


def _growth_figure(found: Growth) -> str:
    if math.isinf(found.ratio):
        return f"it ran out of time at {found.lengths[-1]:,} characters"
    return f"{found.ratio:.0f}x the time for {found.lengths[-1] / found.lengths[0]:.0f}x the length"


def _unscreened(rule: Rule) -> list[Problem]:
    if line_kind(rule) is None or not rule.match or re2_superset(rule.match) is not None:
        return []
    return [Problem(rule.path, *rule.place("match"), "CT104",
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
                problems.append(Problem(rule.path, *_literal_place(rule, source), "CT103",
                                        f"{where}: {source!r} -> {target!r} and back undo each other"))
        else:
            problems.append(Problem(rule.path, *_literal_place(rule, source), "CT102",
                                    f"{where}: {source!r} -> {target!r} -> {onward!r} chain; one pass "
                                    f"stops at {target!r}"))
    return problems


def _literal_place(rule: Rule, written: str) -> tuple[int, int]:
    """Where the rule file writes the literal `written` (folded): the `swap` key or list item
    (`variants`) that holds it; else the rule's own line."""
    for name, line, col in rule.places:
        key, _, index = name.partition("[")
        items = getattr(rule, key, None) if index else None
        if isinstance(items, tuple) and index[:-1].isdigit() and int(index[:-1]) < len(items):
            item = items[int(index[:-1])]  # a `swap` pair is (written, replacement); `canonical`, (profile, written)
            form = item if not isinstance(item, tuple) else item[1] if key == "canonical" else item[0]
            if isinstance(form, str) and fold(form) == written:  # examples and guards are no literals
                return line, col
    return rule.line, 1

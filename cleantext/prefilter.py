"""Required literals: strings one of which must occur in any match of a regex.

A line that contains none of a rule's required literals cannot match it, so one
scan of the line for all rules' literals (lower-cased, a single `re` alternation)
picks the few rules worth trying. Patterns are parsed with the standard library's
regex parser after replacing `regex`-only class escapes (\\p{..}, \\h) with an
ordinary class; a pattern it cannot parse, or one with no usable literal, gets
None and is tried on every line. Literals and lines are case-folded before they
are compared, which can only let more lines through, never fewer.
"""
from __future__ import annotations

import re
from re import _constants as C  # noqa: N812 - the parser's own names
from re import _parser

MIN_LITERAL = 3  # shorter required strings screen out too little to be worth it
MAX_ALTERNATIVES = 64
_REGEX_ONLY = re.compile(r"\\[pP]\{[^}]*\}|\\[hH]")


def required_literals(pattern: str) -> frozenset[str] | None:
    try:
        parsed = _parser.parse(_REGEX_ONLY.sub(r"\\w", pattern))
    except (re.error, RecursionError, OverflowError, ValueError, TypeError):
        return None
    found = _sequence(list(parsed))
    if not found or min(map(len, found)) < MIN_LITERAL or len(found) > MAX_ALTERNATIVES:
        return None
    return frozenset(s.casefold() for s in found)


def _sequence(items: list) -> set[str] | None:
    """Best required set of a concatenation: adjacent literals joined, then the
    element whose shortest alternative is longest."""
    best: set[str] | None = None
    run = ""
    candidates: list[set[str]] = []
    for op, arg in items:
        if op is C.LITERAL:
            run += chr(arg)
            continue
        if run:
            candidates.append({run})
            run = ""
        sub = _node(op, arg)
        if sub:
            candidates.append(sub)
    if run:
        candidates.append({run})
    for cand in candidates:
        if len(cand) <= MAX_ALTERNATIVES and (best is None or min(map(len, cand)) > min(map(len, best))):
            best = cand
    return best


def _node(op, arg) -> set[str] | None:
    if op is C.SUBPATTERN:
        return _sequence(list(arg[-1]))
    if op is C.ATOMIC_GROUP:
        return _sequence(list(arg))
    if op is C.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            sub = _sequence(list(branch))
            if not sub:
                return None
            union |= sub
        return union
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, _, body = arg
        return _sequence(list(body)) if low >= 1 else None
    return None  # classes, anchors, lookarounds, back-references: no literal required


def trie_alternation(keys, atom=re.escape, terminal=lambda last: "") -> str:
    """One alternation for many literal keys, shaped as a trie (shared prefixes once,
    longer keys tried first); `terminal(last_char)` is what must follow a key's end."""
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict, last: str) -> str:
        alternatives = [atom(ch) + emit(node[ch], ch) for ch in sorted(k for k in node if k)]
        if "" in node:
            alternatives.append(terminal(last))
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return emit(trie, "") if trie else ""


def _overhangs(found: str, other: str) -> bool:
    """Whether `other` could start inside `found` and end after it."""
    return any(other.startswith(found[i:]) for i in range(1, len(found)))


class LiteralIndex:
    """Which rules a line may match, from all rules' required literals in one scan."""

    def __init__(self, required: dict[int, frozenset[str]]):
        self.rules_of: dict[str, set[int]] = {}
        for index, literals in required.items():
            for literal in literals:
                self.rules_of.setdefault(literal, set()).add(index)
        # The scan is one non-overlapping pass (longest literal first at each position).
        # A literal found stands for every literal inside it, and, conservatively, for
        # every literal that could start inside it and run past its end.
        literals = sorted(self.rules_of)
        self.implied = {lit: {other for other in literals if other in lit or _overhangs(lit, other)}
                        for lit in literals}
        body = trie_alternation(literals)
        self.scan = re.compile(body, re.DOTALL) if body else None

    def candidates(self, line: str) -> set[int]:
        if self.scan is None:
            return set()
        found: set[int] = set()
        for literal in set(self.scan.findall(line.casefold())):
            for implied in self.implied[literal]:
                found |= self.rules_of[implied]
        return found

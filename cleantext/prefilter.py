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
from functools import lru_cache
from re import _constants as C  # noqa: N812 - the parser's own names
from re import _parser

MIN_LITERAL = 3  # shorter required strings screen out too little to be worth it
MAX_ALTERNATIVES = 64
# Punctuation rare enough in prose that one such character screens as well as three letters.
RARE_PUNCTUATION = frozenset("()[]{}/\\|@#©®™•·»«<>=+*~^_$%")
_REGEX_ONLY = re.compile(r"\\[pP]\{[^}]*\}|\\[hH]")


def required_literals(pattern: str) -> frozenset[str] | None:
    try:
        parsed = _parser.parse(_REGEX_ONLY.sub(r"\\w", pattern))
    except (re.error, RecursionError, OverflowError, ValueError, TypeError):
        return None
    found = _sequence(list(parsed))
    if not found or _weakest(found) < MIN_LITERAL or len(found) > MAX_ALTERNATIVES:
        return None
    return frozenset(s.casefold() for s in found)


def _strength(literal: str) -> int:
    """How well a required string screens lines: its length, or MIN_LITERAL for a
    shorter one holding a rare punctuation character."""
    if len(literal) < MIN_LITERAL and any(ch in RARE_PUNCTUATION for ch in literal):
        return MIN_LITERAL
    return len(literal)


def _weakest(literals: set[str]) -> int:
    return min(map(_strength, literals))


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
        if len(cand) <= MAX_ALTERNATIVES and (best is None or _weakest(cand) > _weakest(best)):
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
        self.indices = frozenset(required)
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


# ---------------------------------------------------------------------------
# Letter-and-digit bound of whole-line patterns
#
# A pattern anchored at both ends of the line (`^...$`) matches the whole line, so
# a line holding more letters and digits than the pattern can ever match is
# skipped without running it. Prose lines hold hundreds; chrome lines a few dozen.
# Classes that match only spaces, punctuation and symbols (`[\s\p{P}]*`) count
# for nothing however often they repeat; anything that may match a letter or a
# digit counts for its width, and an unbounded repeat of it makes the bound None.

_NON_ALNUM_PROPERTY = re.compile(r"\\p\{[PSZ][a-z]?\}")  # \p{P}, \p{Pd}, \p{S}, \p{Zs}, ...
# Stands for such a property in the parsed pattern: a private-use character, which is
# no letter or digit (widths) and no ASCII text (prefixes), like what it replaces.
_NON_ALNUM_PLACEHOLDER = "\ue000"
_ANY_OTHER_PROPERTY = re.compile(r"\\[pP]\{[^}]*\}|\\[hH]")
_NOT_STDLIB = re.compile(r"\[\[|\[:\^?[A-Za-z]+:\]")  # POSIX classes and nested sets parse differently
_ALNUM = re.compile(r"[^\W_]")  # exactly the characters str.isalnum accepts
_ASCII_NON_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())
_START = (C.AT_BEGINNING, C.AT_BEGINNING_STRING)
_END = (C.AT_END, C.AT_END_STRING)


@lru_cache(maxsize=4096)  # each gate parses the same patterns
def _top_level(pattern: str) -> tuple | None:
    """The pattern's top-level sequence, parsed by the standard library's parser with
    `regex`-only class escapes stood in for; None when it cannot be parsed."""
    if _NOT_STDLIB.search(pattern):
        return None
    source = _ANY_OTHER_PROPERTY.sub(r"\\w", _NON_ALNUM_PROPERTY.sub(_NON_ALNUM_PLACEHOLDER, pattern))
    try:
        items = list(_parser.parse(source))
    except (re.error, RecursionError, OverflowError, ValueError, TypeError):
        return None
    while len(items) == 1 and items[0][0] is C.SUBPATTERN:
        items = list(items[0][1][-1])
    return tuple(items)


def alnum_count(line: str) -> int:
    """Letters and digits in a line (characters for which str.isalnum holds)."""
    if line.isascii():  # the common case, at C speed
        return len(line.encode("ascii").translate(None, _ASCII_NON_ALNUM))
    return sum(map(str.isalnum, line))


def max_alnum(pattern: str) -> int | None:
    """The most letters and digits a line can hold and still match `pattern`, which
    must be anchored at both ends; None when unbounded or not provably so."""
    items = _top_level(pattern)
    if not items or len(items) < 2 or not _is_anchor(items[0], _START) or not _is_anchor(items[-1], _END):
        return None
    return _alnum_width(items[1:-1])


def _is_anchor(item: tuple, kinds: tuple) -> bool:
    return item[0] is C.AT and item[1] in kinds


def _alnum_width(items) -> int | None:
    total = 0
    for op, arg in items:
        width = _node_width(op, arg)
        if width is None:
            return None
        total += width
    return total


def _node_width(op, arg) -> int | None:
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return 0
    if op is C.LITERAL:
        return 0 if _never_alnum(chr(arg)) else 1
    if op is C.IN:
        return 0 if _class_never_alnum(arg) else 1
    if op in (C.NOT_LITERAL, C.ANY, C.CATEGORY):
        return 0 if (op, arg) == (C.CATEGORY, C.CATEGORY_SPACE) else 1
    if op is C.SUBPATTERN:
        return _alnum_width(arg[-1])
    if op is C.ATOMIC_GROUP:
        return _alnum_width(arg)
    if op is C.BRANCH:
        widths = [_alnum_width(branch) for branch in arg[1]]
        return None if None in widths else max(widths)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        _, high, body = arg
        width = _alnum_width(body)
        if width == 0:
            return 0
        return None if width is None or high is C.MAXREPEAT else width * high
    return None  # back-references, conditionals: not bounded here


def _never_alnum(ch: str) -> bool:
    """Not a letter or digit, nor case-folded to one (case-insensitive matching)."""
    return not any(v.isalnum() for v in (ch, ch.lower(), ch.upper(), ch.casefold()))


def _class_never_alnum(items) -> bool:
    for op, arg in items:
        if op is C.LITERAL and _never_alnum(chr(arg)):
            continue
        if op is C.CATEGORY and arg is C.CATEGORY_SPACE:
            continue
        if op is C.RANGE and arg[1] - arg[0] < 512 and all(_never_alnum(chr(c)) for c in range(arg[0], arg[1] + 1)):
            continue
        return False  # negation, other categories, wide ranges: may match a letter or digit
    return True


# ---------------------------------------------------------------------------
# Line-start prefixes of anchored patterns
#
# For a pattern anchored at the line start whose leading part can match only
# spaces, punctuation and symbols (`^[\s\p{P}]*Read more`), the match's first
# letter or digit is the line's first one, and what follows it is one of a few
# literal strings. A line whose text from its first letter or digit starts with
# none of them (compared in lower case) cannot match. Only ASCII prefixes are
# derived; a line whose start is not ASCII is always tried.

PREFIX_CHARS = 4  # longest prefix kept: enough to tell "read" from "rely"
MAX_PREFIXES = 512
_ASCII_SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
_DIGITS = "0123456789"


def line_start_prefixes(pattern: str) -> frozenset[str] | None:
    """Lower-case ASCII strings, each starting with a letter or digit, one of which
    begins the line from its first letter or digit whenever `pattern` matches it;
    None when the pattern gives no such set."""
    items = _top_level(pattern)
    if not items or not _is_anchor(items[0], _START):
        return None
    rest = items[1:]
    while rest and _alnum_width([rest[0]]) == 0 and rest[0][0] is not C.AT:
        rest = rest[1:]  # the leading spaces and punctuation
    found = _starts(rest)
    if not found or any(not s or not s[0].isalnum() for s, _ in found):
        return None
    return frozenset(s for s, _ in found)


def _starts(items) -> set[tuple[str, bool]] | None:
    """Possible starts of a sequence's matches: (text, open) pairs, where an open
    text may still grow with what follows. None when unknown."""
    partial = {("", True)}
    for op, arg in items:
        if all(not is_open or len(s) >= PREFIX_CHARS for s, is_open in partial):
            break
        grown: set[tuple[str, bool]] = set()
        element = _element_starts(op, arg)
        for s, is_open in partial:
            if not is_open or len(s) >= PREFIX_CHARS:
                grown.add((s[:PREFIX_CHARS], False))
            elif element is None:
                grown.add((s, False))  # unknown continuation: what we have is still a prefix
            else:
                grown.update(((s + e)[:PREFIX_CHARS], e_open and len(s + e) < PREFIX_CHARS)
                             for e, e_open in element)
        if len(grown) > MAX_PREFIXES:
            return None
        partial = grown
    return partial


def _element_starts(op, arg) -> set[tuple[str, bool]] | None:
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return {("", True)}
    if op is C.LITERAL:
        return _chars_of(chr(arg))
    if op is C.IN:
        chars: set[str] = set()
        for item_op, item_arg in arg:
            if item_op is C.LITERAL:
                found = _chars_of(chr(item_arg))
            elif item_op is C.RANGE and item_arg[1] < 128:
                found = {(chr(c).lower(), True) for c in range(item_arg[0], item_arg[1] + 1)}
            elif item_op is C.CATEGORY and item_arg is C.CATEGORY_DIGIT:
                found = {(d, True) for d in _DIGITS}  # other scripts' digits are not ASCII
            elif item_op is C.CATEGORY and item_arg is C.CATEGORY_SPACE:
                found = {(c, True) for c in _ASCII_SPACES}
            else:
                return None
            if found is None:
                return None
            chars.update(c for c, _ in found)
        return {(c, True) for c in chars}
    if op is C.SUBPATTERN:
        return _starts(arg[-1])
    if op is C.ATOMIC_GROUP:
        return _starts(arg)
    if op is C.BRANCH:
        union: set[tuple[str, bool]] = set()
        for branch in arg[1]:
            found = _starts(branch)
            if found is None:
                return None
            union |= found
        return union
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, high, body = arg
        once = _starts(body)
        if once is None:
            return None
        if (low, high) == (0, 1):
            return once | {("", True)}  # optional: absent, or once and then what follows
        closed = {(s, False) for s, _ in once}  # more repeats may follow: stop growing
        if low == 0:
            closed.add(("", True))  # no repeat at all: what follows comes next
        return closed
    return None


def _chars_of(ch: str) -> set[tuple[str, bool]] | None:
    """A literal character as the lower-case ASCII text it can match."""
    if not ch.isascii():
        return None
    return {(ch.lower(), True)}


class PrefixIndex:
    """Which rules a line may match, from the rules' line-start prefixes."""

    def __init__(self, prefixes: dict[int, frozenset[str]]):
        self.rules_of: dict[str, set[int]] = {}
        for index, found in prefixes.items():
            for prefix in found:
                self.rules_of.setdefault(prefix, set()).add(index)
        self.all = frozenset(prefixes)
        self.lengths = sorted({len(p) for p in self.rules_of})

    def candidates(self, line: str) -> frozenset[int] | set[int]:
        first = _ALNUM.search(line)
        if first is None:
            return set()
        start = line[first.start():first.start() + PREFIX_CHARS]
        if not start.isascii():
            return self.all
        start = start.lower()
        found: set[int] = set()
        for n in self.lengths:
            found |= self.rules_of.get(start[:n], set())
        return found

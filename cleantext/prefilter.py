"""Cheap screens that pick the few rules worth running on a text.

* `trie_alternation`: many literal keys as one trie-shaped alternation (inline rules).
* `Screen`: every line rule's pattern, loosened into an RE2 pattern that matches
  at least every line the original matches, all in one `re2.Set`. One scan of a line
  (a DFA, microseconds) names the rules whose real pattern (`regex` package) is worth
  trying; on prose lines that is usually none. Inline regex rules get the same on
  whole documents, and so do each rule's guards (`contexts`: a guard's lookarounds at
  its end are its point, so they are kept, see `_Writer.tail`).

Loosening (`re2_superset`) parses the pattern with the standard library's parser and
writes it back in RE2 syntax: lookarounds and word boundaries are dropped (an
assertion removed can only let more through), atomic groups and possessive repeats
become ordinary ones, and each class escape or property becomes its ASCII members
plus every other character, so it is exact on ASCII and never narrower than the
`regex` package's (`tests/test_prefilter.py` checks every code point). A pattern that cannot be written
so (`regex`-only syntax) is not screened: its rule is tried on every line.
"""
from __future__ import annotations

import re
import re._constants as C
import re._parser as _parser
from collections.abc import Iterator, Sequence
from functools import cache

import re2
import regex

# ---------------------------------------------------------------------------
# Literal keys


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


# ---------------------------------------------------------------------------
# Loosening a `regex` pattern into an RE2 pattern


class _Unsupported(Exception):
    """The pattern uses something RE2 cannot express."""


# A class escape or property (\w, \p{Lu}) becomes its ASCII members, computed with
# `regex` itself, plus every other character: exact on ASCII text, and never narrower
# than `regex`, whatever Unicode version either engine knows. In a negated class only
# the ASCII members are kept, so the complement again takes every other character.
_CATEGORY_ESCAPES = {C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W", C.CATEGORY_DIGIT: r"\d",
                     C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s", C.CATEGORY_NOT_SPACE: r"\S"}
_NON_ASCII = r"\x{80}-\x{10ffff}"
_ANY = r"[\x{0}-\x{10ffff}]"
# `regex`-only property escapes (\p{P}, \P{Lu}, \pL) are parsed as private-use stand-ins
# (plane 15, which no rule spells out) and written back as themselves.
_PROPERTY = re.compile(r"\\(?:([pP])(\{[^}]*\}|[A-Za-z])|.)", re.DOTALL)
_STAND_IN = 0xF0000
_NOT_STDLIB = re.compile(r"\[\[|\[:\^?[A-Za-z]+:\]")  # nested sets and POSIX classes parse differently
_FLAGS = {C.SRE_FLAG_IGNORECASE: "i", C.SRE_FLAG_DOTALL: "s", C.SRE_FLAG_MULTILINE: "m"}
# Counted repeats multiply a DFA's states (a state per count), so a repeat allowing more
# than a few becomes unbounded: the set's DFA stays small and fast.
_MAX_COUNTED = 4
_ZERO_WIDTH = (C.AT_BOUNDARY, C.AT_NON_BOUNDARY)


def re2_superset(pattern: str, multiline: bool = False, contexts: bool = False) -> str | None:
    """An RE2 pattern matching every line (text without a line break) that `pattern`
    matches with `regex`'s search, perhaps more; None when there is none to give.
    `multiline`: for any text, `pattern` being compiled with MULTILINE. `contexts`: the
    pattern is mostly lookarounds at its end, as a guard's context is (`_Writer.tail`)."""
    if _NOT_STDLIB.search(pattern):
        return None
    properties: list[str] = []

    def stand_in(m: re.Match) -> str:
        if not m.group(1):
            return m.group()
        properties.append(m.group())
        return chr(_STAND_IN + len(properties) - 1)

    try:
        parsed = _parser.parse(_PROPERTY.sub(stand_in, pattern))
        caseless = bool(parsed.state.flags & C.SRE_FLAG_IGNORECASE) or _adds_ignorecase(parsed)
        writer = _Writer(properties, _groups(parsed), caseless)
        body = writer.alternatives(*writer.tail(parsed)) if contexts else writer.whole(parsed)
    except (re.error, _Unsupported, RecursionError, OverflowError, ValueError, TypeError):
        return None
    return _flag_prefix(parsed.state.flags | (C.SRE_FLAG_MULTILINE if multiline else 0)) + body


def _flag_prefix(flags: int, removed: int = 0) -> str:
    on = "".join(letter for bit, letter in _FLAGS.items() if flags & bit)
    off = "".join(letter for bit, letter in _FLAGS.items() if removed & bit)
    return f"(?{on}-{off})" if off else f"(?{on})" if on else ""


def _groups(items) -> dict:
    """Group number -> the group's parsed items, for back-references."""
    found = {}
    for op, arg in items:
        if op is C.SUBPATTERN and arg[0] is not None:
            found[arg[0]] = arg[-1]
        for child in _children(op, arg):
            found.update(_groups(child))
    return found


def _children(op, arg) -> list:
    if op is C.SUBPATTERN:
        return [arg[-1]]
    if op is C.ATOMIC_GROUP:
        return [arg]
    if op is C.BRANCH:
        return list(arg[1])
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        return [arg[2]]
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [arg[1]]
    if op is C.GROUPREF_EXISTS:
        return [branch for branch in arg[1:] if branch]
    return []


def _adds_ignorecase(items) -> bool:
    for op, arg in items:
        if op is C.SUBPATTERN and arg[1] & C.SRE_FLAG_IGNORECASE:
            return True
        if any(_adds_ignorecase(child) for child in _children(op, arg)):
            return True
    return False


class _Writer:
    def __init__(self, properties: list[str], groups: dict, caseless: bool):
        # caseless: some part of the pattern ignores case. `regex` then widens \p{Lu},
        # \p{Lt}... to every cased letter, and a scoped (?i:...) can reach classes
        # outside its group, so class members are taken both ways.
        self.properties, self.groups, self.caseless = properties, groups, caseless

    def whole(self, items) -> str:
        """The whole pattern. A lookahead that runs to the line's end (`^-*(?=[A-Z ]+$)...`)
        is usually its sharpest condition: kept instead of what follows it, which it
        makes redundant for screening. Only here, with nothing after the pattern."""
        for k, (op, arg) in enumerate(items):
            if op is C.ASSERT and arg[0] == 1 and arg[1] and _is_end(arg[1][-1]):
                return self.sequence(items[:k]) + self.sequence(arg[1])
        return self.sequence(items)

    def tail(self, items) -> tuple[list[str], list[str]]:
        """`items` with nothing after them in the pattern, as alternatives that go on from
        what precedes them and alternatives that stand alone. There a lookaround is kept,
        not dropped: a lookahead that ends them, as its content; a lookbehind, as its
        content followed by what follows it, standing alone (it ends where what precedes
        it ends, so that is left out). Either way the text holds a match wherever the
        pattern matches. A guard `X(?:(?=, Texas)|(?<=Battle of ))` so becomes
        `X, Texas|Battle of `, not the bare `X` that every candidate has."""
        for k, (op, arg) in enumerate(items):
            if op is C.ASSERT and arg[0] == -1 and arg[1]:
                onward, alone = self.tail(items[k + 1:])
                return [], [self.sequence(arg[1]) + rest for rest in onward] + alone
        if not items:
            return [""], []
        op, arg = items[-1]
        before = self.sequence(items[:-1])
        if op is C.ASSERT and arg[0] == 1 and arg[1]:
            onward, alone = self.tail(arg[1])
        elif op is C.BRANCH:
            found = [self.tail(branch) for branch in arg[1]]
            onward, alone = [a for f, _ in found for a in f], [a for _, s in found for a in s]
        elif op is C.SUBPATTERN:
            flags = _flag_prefix(arg[1], arg[2])
            onward, alone = (["(?:" + flags + a + ")" for a in part] for part in self.tail(arg[-1]))
        elif op is C.ATOMIC_GROUP:  # its items are its argument
            onward, alone = self.tail(arg)
        else:
            return [self.sequence(items)], []
        return [before + a for a in onward], alone

    @staticmethod
    def alternatives(onward: list[str], alone: list[str]) -> str:
        found = onward + alone
        return found[0] if len(found) == 1 else "(?:" + "|".join(found) + ")"

    def sequence(self, items) -> str:
        return "".join(self.node(op, arg) for op, arg in items)

    def node(self, op, arg) -> str:
        if op is C.LITERAL:
            return self.char(arg, negated=False)
        if op is C.NOT_LITERAL:
            return self.char(arg, negated=True)
        if op is C.ANY:
            return "."
        if op is C.IN:
            return self.char_class(arg)
        if op is C.BRANCH:
            return "(?:" + "|".join(self.sequence(branch) for branch in arg[1]) + ")"
        if op is C.SUBPATTERN:
            _, added, removed, items = arg
            return "(?:" + _flag_prefix(added, removed) + self.sequence(items) + ")"
        if op is C.ATOMIC_GROUP:
            return "(?:" + self.sequence(arg) + ")"
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            return self.repeat(*arg)
        if op is C.AT:
            return _anchor(arg)
        if op in (C.ASSERT, C.ASSERT_NOT):
            return ""  # a lookaround dropped can only let more lines through
        if op is C.GROUPREF:  # the same text again: whatever the group can match
            return "(?:" + self.sequence(self.groups[arg]) + ")"
        if op is C.GROUPREF_EXISTS:  # either branch
            _, yes, no = arg
            return "(?:" + self.sequence(yes) + "|" + (self.sequence(no) if no else "") + ")"
        raise _Unsupported(op)

    def repeat(self, low: int, high, items) -> str:
        body = "(?:" + self.sequence(items) + ")"
        if high is C.MAXREPEAT or high > _MAX_COUNTED:
            return body + ("*" if low == 0 else "+")  # a lower count, too, only narrows
        return body + f"{{{low},{high}}}"

    def char(self, code: int, negated: bool) -> str:
        if code >= _STAND_IN:
            return self.char_class([(C.NEGATE, None)] * negated + [(C.LITERAL, code)])
        return f"[^{_escape(code)}]" if negated else _escape(code)

    def char_class(self, items) -> str:
        negated = bool(items) and items[0][0] is C.NEGATE
        parts, by_property = [], False
        for op, arg in items[1:] if negated else items:
            if op is C.LITERAL and arg >= _STAND_IN:
                parts.append(_ascii_members(self.properties[arg - _STAND_IN], self.caseless, negated))
                by_property = True
            elif op is C.CATEGORY:
                parts.append(_ascii_members(_CATEGORY_ESCAPES[arg], self.caseless, negated))
                by_property = True
            elif op is C.LITERAL:
                parts.append(_escape(arg))
            elif op is C.RANGE:
                if max(arg) >= _STAND_IN:
                    raise _Unsupported("property in a range")
                parts.append(f"{_escape(arg[0])}-{_escape(arg[1])}")
            else:
                raise _Unsupported(op)
        if negated:
            return f"[^{''.join(parts)}]" if any(parts) else _ANY
        return "[" + "".join(parts) + (_NON_ASCII if by_property else "") + "]"


@cache
def _ascii_members(escape: str, caseless: bool, negated: bool) -> str:
    """The ASCII characters a class escape or property matches in `regex`, as RE2 class
    items. Where case may be ignored: those it matches either way (ordinary classes,
    which must not be narrower) or both ways (negated ones, which must not be wider)."""
    try:
        ways = [regex.compile(escape)] + ([regex.compile(escape, regex.IGNORECASE)] if caseless else [])
    except regex.error as error:
        raise _Unsupported(escape) from error
    pick = all if negated else any
    return "".join(_escape(c) for c in range(128) if pick(way.fullmatch(chr(c)) for way in ways))


def _is_end(item) -> bool:
    return item[0] is C.AT and item[1] in (C.AT_END, C.AT_END_STRING)


def _anchor(code) -> str:
    if code in (C.AT_BEGINNING, C.AT_BEGINNING_STRING):
        return "^"
    if code in (C.AT_END, C.AT_END_STRING):
        return "$"
    if code in _ZERO_WIDTH:
        return ""  # RE2's \b knows only ASCII words: dropping it is the safe side
    raise _Unsupported(code)


def _escape(code: int) -> str:
    ch = chr(code)
    return ch if ch.isascii() and ch.isalnum() else f"\\x{{{code:x}}}"


# ---------------------------------------------------------------------------
# All line rules' screens in one RE2 set


_UNANCHORED = re2._Anchor.UNANCHORED


def first_span(pattern: re2._Regexp, data: bytes, pos: int = 0) -> tuple[int, int]:
    """(start, end) of the first match of a compiled RE2 pattern in `data` at or after
    `pos`, or (-1, -1): the binding's own call, without the wrapper's match objects (a
    generator and an object per match, several times the cost of the search)."""
    return pattern._regexp.Match(_UNANCHORED, data, pos, len(data))[0]


def re2_options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False
    options.max_mem = 64 << 20  # room for the DFA of a few hundred chrome patterns
    return options


class Screen:
    """Which rules may match a text, from one scan of it by an RE2 set of every rule's
    loosened pattern. Rules whose pattern cannot be loosened are always candidates.
    A line screen (the default) is asked about single lines; a `multiline` one about
    whole documents, for patterns compiled with MULTILINE.

    An RE2 set that runs out of DFA memory reports no match at all; a pattern that
    matches every text rides along, and its absence means "try every rule". It is "$",
    which matches at the text's end only: "" matches at every byte, and the set's scan
    then records a match at each (a third of its cost)."""

    def __init__(self, patterns: dict[int, str], multiline: bool = False, contexts: bool = False):
        self._set = re2.Set.SearchSet(re2_options())
        self._sentinel = self._set.Add("$")
        self._rule_of: dict[int, int] = {}
        unscreened = []
        for index, pattern in sorted(patterns.items()):
            loosened = re2_superset(pattern, multiline, contexts)
            try:
                if loosened is None:
                    raise re2.error(pattern)
                self._rule_of[self._set.Add(loosened)] = index
            except re2.error:
                unscreened.append(index)
        try:
            self._set.Compile()
        except re2.error:  # too large for RE2: screen nothing
            self._rule_of, unscreened = {}, sorted(patterns)
            self._set = None
        self.unscreened: tuple[int, ...] = tuple(unscreened)
        self.screened: frozenset[int] = frozenset(self._rule_of.values())

    def candidates(self, text: str) -> list[int]:
        """Indices of the rules worth trying on the text, sorted."""
        if self._set is None:
            return list(self.unscreened)
        return self._picked(self._found(text))

    def candidates_per_line(self, lines: Sequence[str]) -> Iterator[tuple[int, list[int]]]:
        """(index, `candidates`) for each line, not blank, with any: one loop, so a line
        that no rule may match (most lines) costs one call into RE2 (the set's own, without
        the wrapper's), and lines the set answers alike share one answer."""
        if self._set is None or self.unscreened:
            each = ((i, self.candidates(line)) for i, line in enumerate(lines) if line and not line.isspace())
            yield from ((i, found) for i, found in each if found)
            return
        match, sentinel_alone = self._set._set.Match, [self._sentinel]
        picked_for: dict[tuple[int, ...], list[int]] = {}
        for i, line in enumerate(lines):
            if not line or line.isspace():
                continue
            try:
                found = match(line.encode())
            except UnicodeEncodeError:  # a lone surrogate: RE2 takes only UTF-8
                found = None
            if found == sentinel_alone:
                continue
            key = tuple(found or ())
            picked = picked_for.get(key)
            if picked is None:
                picked = picked_for[key] = self._picked(found or None)
            if picked:
                yield i, picked

    def _found(self, text: str) -> list[int] | None:
        try:
            return self._set.Match(text)
        except UnicodeEncodeError:  # a lone surrogate: RE2 takes only UTF-8
            return None

    def _picked(self, found: list[int] | None) -> list[int]:
        if found is None or self._sentinel not in found:
            return sorted(set(self._rule_of.values()).union(self.unscreened))
        if len(found) == 1 and not self.unscreened:  # the sentinel alone: most lines
            return []
        rule_of = self._rule_of
        picked = [rule_of[k] for k in found if k in rule_of]
        if self.unscreened:
            picked.extend(self.unscreened)
        picked.sort()
        return picked

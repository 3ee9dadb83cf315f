"""Compiled rule kinds: the line phase and the inline phase.

Line rules decide which lines go; inline rules rewrite spans. Semantics that
users can rely on (docs/rules.md):

* Line rules are applied until nothing more matches (so a second run removes nothing).
* Inline matching is one pass, leftmost-longest, word-bounded, with no chaining:
  candidates from every rule are collected on the same text, filtered (language,
  tier, quotes, protected spans, `unless`), and the earliest-starting, then longest,
  then first-listed candidate wins each overlap.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from dataclasses import dataclass, field

import ahocorasick
import regex

from .edits import Edit
from .loader import is_builtin
from .prefilter import Screen, trie_alternation
from .schema import Rule
from .spin import Evidence

# ---------------------------------------------------------------------------
# Line rules


def normalize_line(line: str) -> str:
    """The form exact `lines:` entries are compared in: trimmed, squeezed, case-folded."""
    return " ".join(line.split()).casefold()


# A rule's regex gets this long per call (more on long texts) before it is given up
# for the document: a catastrophic user pattern cannot hang a run.
REGEX_SECONDS = 0.5
REGEX_SECONDS_PER_MB = 2.0
# A time limit costs a few microseconds per call, more than most line rules take. The
# built-in packs are probed for catastrophic backtracking in the test suite (CT101), so
# their patterns run without one on lines up to this long; user rules always have one.
TRUSTED_LENGTH = 2000


@dataclass
class Budget:
    """Time limits for one document's regex matching, and what ran out."""

    notes: list[str] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)

    def first(self, rule_id: str, method, text: str, *args, trusted: bool = False):
        """`pattern.search` or `.match` under the limit; None if the rule ran out of time.
        A trusted pattern (built-in) runs without a limit on short texts."""
        if trusted and len(text) <= TRUSTED_LENGTH:
            return method(text, *args)
        return self._run(rule_id, len(text), lambda limit: method(text, *args, timeout=limit))

    def every(self, rule_id: str, pattern: regex.Pattern, text: str, start: int = 0, end: int | None = None,
              trusted: bool = False, **kwargs) -> list:
        """All matches of `pattern.finditer` in text[start:end] under the limit; none if the
        rule ran out of time. A trusted pattern runs without a limit on short stretches."""
        end = len(text) if end is None else end
        if trusted and end - start <= TRUSTED_LENGTH:
            return list(pattern.finditer(text, start, end, **kwargs))
        return self._run(rule_id, end - start,
                         lambda limit: list(pattern.finditer(text, start, end, timeout=limit, **kwargs))) or []

    def _run(self, rule_id: str, length: int, call):
        if rule_id in self.failed:
            return None
        try:
            return call(REGEX_SECONDS + REGEX_SECONDS_PER_MB * length / 1e6)
        except TimeoutError:
            self.failed.add(rule_id)
            self.notes.append(f"rule {rule_id} ran out of time (catastrophic backtracking?) and was skipped "
                              "for this document")
            return None


@dataclass(frozen=True)
class _LineRule:
    rule: Rule
    pattern: regex.Pattern | None
    exact: frozenset[str]
    follow: regex.Pattern | None
    trusted: bool  # from a built-in pack (see TRUSTED_LENGTH)
    windowed: bool  # limited to the head or tail

    def in_window(self, head_rank: int, tail_rank: int) -> bool:
        where, within = self.rule.where, self.rule.within or 0
        if where == "head":
            return head_rank < within
        if where == "tail":
            return tail_rank < within
        return True


_NONE_CERTAIN: frozenset[int] = frozenset()


class LinePhase:
    """All line rules. Each line is scanned once by an RE2 set holding every rule's
    pattern, loosened (cleantext.prefilter.Screen); only the rules it names are
    tried with their real pattern, and rules limited to the head or tail only within
    their reach. Exact lines go through one dictionary."""

    def __init__(self, rules: Iterable[Rule]):
        self.compiled = [_compile_line_rule(r) for r in rules if r.is_line_rule]
        self.exact: dict[str, list[int]] = {}
        for index, rule in enumerate(self.compiled):
            for line in rule.exact:
                self.exact.setdefault(line, []).append(index)
        self.screen = Screen({i: r.rule.match for i, r in enumerate(self.compiled) if r.rule.match})
        self.empty = not self.compiled

    def drops(self, lines: Sequence[str], budget: Budget) -> dict[int, str]:
        """Line index -> id of the rule that removes it, repeated until stable."""
        dropped: dict[int, str] = {}
        if self.empty:
            return dropped
        matches = _Matches(self, lines, budget)
        if not matches.any:
            return dropped
        while True:
            kept = [i for i in range(len(lines)) if i not in dropped]
            new = self._one_pass(lines, kept, matches, budget)
            if not new:
                return dropped
            dropped.update(new)

    def candidates(self, line: str) -> tuple[list[int], Set[int]]:
        """Rules that may match the line (sorted), and those that match it for certain
        (exact lines)."""
        maybe = self.screen.candidates(line)
        if not self.exact:
            return maybe, _NONE_CERTAIN
        exact = set(self.exact.get(normalize_line(line), ()))
        return (sorted(exact.union(maybe)) if exact else maybe), exact

    def hit(self, index: int, line: str, budget: Budget) -> bool:
        rule = self.compiled[index]
        return rule.pattern is not None and bool(budget.first(rule.rule.id, rule.pattern.search, line,
                                                              trusted=rule.trusted))

    def _one_pass(self, lines: Sequence[str], kept: list[int], matches: _Matches, budget: Budget) -> dict[int, str]:
        nonblank = [i for i in kept if lines[i].strip()]
        last = len(nonblank) - 1
        rank = {i: r for r, i in enumerate(nonblank)}

        def first_match(kind: str, i: int) -> _LineRule | None:
            return matches.first(kind, i, rank[i], last - rank[i])

        def kept_between(first: int, last_: int) -> list[int]:
            return kept[bisect.bisect_left(kept, first):bisect.bisect_right(kept, last_)]

        def tried(kind: str) -> list[int]:
            """The kept lines, in order, that some rule of this kind may match."""
            return [i for i in matches.lines_with(kind) if i in rank]

        new: dict[int, str] = {}
        for i in tried("truncate_after"):
            if hit := first_match("truncate_after", i):
                new.update((j, hit.rule.id) for j in kept_between(i, len(lines)))
                break
        for i in reversed(tried("truncate_before")):
            if hit := first_match("truncate_before", i):
                new.update((j, hit.rule.id) for j in kept_between(0, i) if j not in new)
                break
        for i in tried("drop_block"):
            if i in new:
                continue
            if hit := first_match("drop_block", i):
                end = _block_end(lines, nonblank, rank[i], hit, budget)
                new.update((j, hit.rule.id) for j in kept_between(i, end) if j not in new)
        for i in tried("drop_line"):
            if i not in new and (hit := first_match("drop_line", i)):
                new[i] = hit.rule.id
        return new


class _Matches:
    """One document's line-rule verdicts, each computed once however often the line
    phase repeats: each line's candidate rules by kind, and each (line, rule) result."""

    def __init__(self, phase: LinePhase, lines: Sequence[str], budget: Budget):
        self.phase, self.lines, self.budget = phase, lines, budget
        self._candidates: dict[int, tuple[dict[str, list[int]], Set[int]]] = {}
        self._lines_with: dict[str, list[int]] = {}
        compiled = phase.compiled
        for i, line in enumerate(lines):
            if not line or line.isspace():
                continue
            candidates, certain = phase.candidates(line)
            if not candidates:
                continue
            by_kind: dict[str, list[int]] = {}
            for index in candidates:
                by_kind.setdefault(compiled[index].rule.kind, []).append(index)
            self._candidates[i] = by_kind, certain
            for kind in by_kind:
                self._lines_with.setdefault(kind, []).append(i)
        self.any = bool(self._candidates)
        self._verdicts: dict[tuple[int, int], bool] = {}

    def lines_with(self, kind: str) -> list[int]:
        """Lines (in order) that some rule of this kind may match."""
        return self._lines_with.get(kind, [])

    def first(self, kind: str, i: int, head_rank: int, tail_rank: int) -> _LineRule | None:
        """The first rule of this kind that matches line i at its present rank."""
        by_kind, certain = self._candidates[i]
        phase = self.phase
        for index in by_kind.get(kind, ()):
            rule = phase.compiled[index]
            if rule.windowed and not rule.in_window(head_rank, tail_rank):
                continue
            verdict = self._verdicts.get((i, index))
            if verdict is None:
                verdict = index in certain or phase.hit(index, self.lines[i], self.budget)
                self._verdicts[(i, index)] = verdict
            if verdict:
                return rule
        return None


def _block_end(lines: Sequence[str], nonblank: list[int], pos: int, hit: _LineRule, budget: Budget) -> int:
    """Index of the block's last line: the marker, then followers that match `follow`."""
    end = nonblank[pos]
    if hit.follow is None:
        return end
    for follower in nonblank[pos + 1: pos + 1 + hit.rule.max_follow]:
        if not budget.first(hit.rule.id, hit.follow.search, lines[follower], trusted=hit.trusted):
            break
        end = follower
    return end


def _compile_line_rule(rule: Rule) -> _LineRule:
    return _LineRule(
        rule=rule,
        pattern=regex.compile(rule.match) if rule.match else None,
        exact=frozenset(normalize_line(line) for line in rule.lines),
        follow=regex.compile(rule.follow) if rule.follow else None,
        trusted=is_builtin(rule),
        windowed=rule.where in ("head", "tail"),
    )


def line_edits(text: str, lines: Sequence[str], dropped: dict[int, str]) -> list[Edit]:
    """One edit per run of consecutive dropped lines removed by the same rule."""
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    edits: list[Edit] = []
    for i in sorted(dropped):
        start, end = starts[i], min(starts[i] + len(lines[i]) + 1, len(text))
        if edits and edits[-1].end == start and edits[-1].rule_id == dropped[i]:
            edits[-1] = Edit(edits[-1].start, end, "", dropped[i])
        else:
            edits.append(Edit(start, end, "", dropped[i]))
    return edits


# ---------------------------------------------------------------------------
# Inline rules

# Spans no inline rule may touch: URLs, e-mail addresses, @handles, #hashtags,
# domains and file names (word.word with a lower-case final part).
PROTECTED = regex.compile(
    r"(?:https?://|ftp://|www\.)\S+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w@#])[@#]\w+"
    r"|(?<![\w./-])[\w-]+(?:[./][\w-]+)*\.[a-z][a-z0-9]{1,5}\b(?![.\w]*\s*\()"
)
# Every PROTECTED match holds one of these (from "://", "www.", "@", "#", ".ext"); a
# stretch without them is not scanned. (A full stop before a space is not one.)
PROTECTED_MARKS = re.compile(r"[:@#]|www\.|\.[a-z]")
_TOKEN_END = re.compile("[ \n\t]")
TOKEN_REACH = 2048  # how far to look for the whitespace around a candidate (URLs are shorter)
# Opening quote -> its closing quote; a quotation runs to its close or the line's end.
QUOTE_PAIRS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d", '"': '"'}
_OPENING_QUOTE = re.compile("[" + "".join(QUOTE_PAIRS) + "]")
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


def shape(matched: str, replacement: str) -> str:
    """Give the replacement the matched text's case shape (KIEV -> KYIV, Stated -> Said)."""
    letters = [c for c in matched if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if matched[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


_SPACE_RUN = re.compile(" {2,}")


class LiteralMatcher:
    """Every literal key of every inline rule in one Aho-Corasick automaton, so the text
    is scanned once and the cost grows with the text, not the number of keys.

    Keys are lower case. The automaton (pyahocorasick) reads the lower-cased text with
    "’" as "'" and tabs as spaces, which keeps every offset; its hits are kept where the
    word boundaries hold and taken leftmost-longest without overlaps, as a trie-built
    pattern would find them in about twice the time (tests/test_literals.py checks it
    against one). Runs of spaces are squeezed for it (`_squeezed`). Where lower-casing
    changes a text's length (a few characters such as "İ"), a trie-built `regex`
    pattern matches the original case-insensitively instead, so offsets always refer
    to the original text.
    """

    def __init__(self, keys: Iterable[str]):
        keys = list(keys)
        self.empty = not keys
        words = trie_alternation([k for k in keys if _is_word(k[0])], _atom, _word_end)
        others = trie_alternation([k for k in keys if not _is_word(k[0])], _atom, _word_end)
        self._caseless_source = "|".join(filter(None, [words and f"{LEFT_BOUNDARY}(?:{words})", others]))
        self._caseless: regex.Pattern | None = None
        self._spaced = any(" " in k for k in keys)
        self._automaton = ahocorasick.Automaton()
        for key in keys:  # what a hit needs: its length, and which ends are word-bounded
            self._automaton.add_word(key, (len(key), _is_word(key[0]), _is_word(key[-1])))
        self._automaton.make_automaton()

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of the non-overlapping matches, left to right, each the longest
        key matching at its start."""
        lowered = text.lower()
        if self.empty:  # an automaton without keys cannot be searched
            return iter(())
        if len(lowered) != len(text):
            return self._by_caseless_pattern(text)
        prepared = lowered.replace("\u2019", "'").replace("\t", " ")
        if self._spaced and "  " in prepared:
            return self._squeezed(prepared)
        return self._by_automaton(prepared)

    def _squeezed(self, prepared: str) -> Iterator[tuple[int, int]]:
        """The automaton on the text with each run of spaces made one (a key's space
        matches a whole run), offsets mapped back: a run's kept space stays where it was,
        what follows it moves by the spaces removed up to there."""
        kept_at: list[int] = []  # each run's kept space, in the squeezed text
        removed = [0]  # spaces removed before and in each run
        for run in _SPACE_RUN.finditer(prepared):
            kept_at.append(run.start() - removed[-1])
            removed.append(removed[-1] + len(run.group()) - 1)
        for start, end in self._by_automaton(_SPACE_RUN.sub(" ", prepared)):
            yield (start + removed[bisect.bisect_left(kept_at, start)],
                   end + removed[bisect.bisect_left(kept_at, end)])

    def _by_automaton(self, text: str) -> Iterator[tuple[int, int]]:
        # Hits come overlapping, ordered by their end: keep the longest bounded one at
        # each start, then take them from the left, each after the one taken before.
        longest: dict[int, int] = {}
        size = len(text)
        for last, (length, left, right) in self._automaton.iter(text):
            start, end = last + 1 - length, last + 1
            if (left and start and _is_word(text[start - 1])) or (right and end < size and _is_word(text[end])):
                continue
            if longest.get(start, start) < end:
                longest[start] = end
        taken = 0
        for start in sorted(longest):
            if start >= taken:
                taken = longest[start]
                yield start, taken

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


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@dataclass(frozen=True)
class _Literal:
    rule_index: int
    written: str  # its written_form
    replacement: str


@dataclass
class DocContext:
    """What inline rules need to know about one document. The language is given, or
    detected by `detect` the first time a language-gated rule asks for it."""

    text: str
    given_lang: str | None
    spin: str = "fix"  # fix: apply spinner tiers; flag: only score; off: neither
    budget: Budget = field(default_factory=Budget)
    detect: Callable[[str], str] | None = None
    _guard_spans: dict[tuple[int, int], list[tuple[int, int]]] = field(default_factory=dict, repr=False)
    _quotes: list[tuple[int, int]] | None = field(default=None, repr=False)
    _detected: str | None = field(default=None, repr=False)

    @property
    def lang(self) -> str | None:
        if self.given_lang is not None:
            return self.given_lang
        if self._detected is None and self.detect is not None:
            self._detected = self.detect(self.text)
        return self._detected

    @property
    def lang_if_known(self) -> str | None:
        """The language if given or already detected: None when no rule needed it."""
        return self.given_lang if self.given_lang is not None else self._detected

    def in_quote(self, start: int, end: int) -> bool:
        if self._quotes is None:
            self._quotes = quote_spans(self.text)
        return _covered(self._quotes, start, end)

    def protected(self, start: int, end: int) -> bool:
        """Whether the span touches a URL, address, handle or file name: checked on the
        whitespace-delimited stretch around it, not on the whole document."""
        text = self.text
        floor, ceiling = max(start - TOKEN_REACH, 0), min(end + TOKEN_REACH, len(text))
        lo = max(text.rfind(" ", floor, start), text.rfind("\n", floor, start), text.rfind("\t", floor, start),
                 floor - 1) + 1
        token_end = _TOKEN_END.search(text, end, ceiling)
        hi = ceiling if token_end is None else token_end.start()
        if PROTECTED_MARKS.search(text, lo, hi) is None:
            return False
        return any(s < end and start < e for s, e in (m.span() for m in PROTECTED.finditer(text, lo, hi)))


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Quoted spans, quote marks included; an unclosed quotation ends with its line."""
    spans = []
    pos = 0
    while (m := _OPENING_QUOTE.search(text, pos)) is not None:
        opener = m.group()
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end == -1 else line_end
        close = text.find(QUOTE_PAIRS[opener], m.end(), line_end)
        end = line_end if close == -1 else close + 1
        spans.append((m.start(), end))
        pos = end
    return spans


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    k = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= start and end <= spans[k][1]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    k = bisect.bisect_right(spans, (start, float("inf"))) - 1
    for s, e in spans[max(k, 0): k + 2]:
        if s < end and start < e:
            return True
    return False


class InlinePhase:
    def __init__(self, rules: Iterable[Rule], profile: str):
        self.rules = [r for r in rules if not r.is_line_rule]
        self.literals: dict[str, list[_Literal]] = {}
        self.regex_rules: list[tuple[int, regex.Pattern, str]] = []
        self.guards: dict[int, list[regex.Pattern]] = {}
        self.trusted = [is_builtin(rule) for rule in self.rules]  # see TRUSTED_LENGTH
        for index, rule in enumerate(self.rules):
            self._add(index, rule, profile)
        self.matcher = LiteralMatcher(self.literals)
        # One RE2 scan of the document names the regex rules that may match in it.
        self.regex_screen = Screen({k: self.rules[index].match for k, (index, _, _) in enumerate(self.regex_rules)},
                                   multiline=True)
        self.tiered = any(r.tier for r in self.rules)
        self.empty = not self.rules
        self._originals: dict[str, regex.Pattern] = {}

    def _add(self, index: int, rule: Rule, profile: str) -> None:
        if rule.match is not None and rule.replace is not None:
            self.regex_rules.append((index, regex.compile(rule.match, regex.MULTILINE), rule.replace))
        for written, replacement in literal_pairs(rule, profile):
            self.literals.setdefault(fold(written), []).append(_Literal(index, written_form(written), replacement))
        guards = list(rule.unless) + [_phrase_pattern(p) for p in rule.exceptions]
        if guards:
            self.guards[index] = [regex.compile(g) for g in guards]

    def edits(self, ctx: DocContext) -> tuple[list[Edit], Evidence | None]:
        """The inline edits for a document, and the spin evidence when spinner rules apply."""
        candidates = [c for c in self._candidates(ctx) if self._allowed(c, ctx)]
        evidence = None
        if self.tiered:
            candidates, evidence = self._judge_spin(candidates, ctx)
        candidates.sort(key=lambda c: (c[0], c[0] - c[1], c[2]))
        edits: list[Edit] = []
        text = ctx.text
        for start, end, index, replacement in candidates:
            if edits and start < edits[-1].end:
                continue
            if text[start:end] != replacement:
                edits.append(Edit(start, end, replacement, self.rules[index].id))
        return edits, evidence

    def _judge_spin(self, candidates: list, ctx: DocContext) -> tuple[list, Evidence | None]:
        """Pool spinner evidence; keep fingerprints, and contextual swaps only in spun
        documents and only where the original never appears outside quotations."""
        plain = [c for c in candidates if not self.rules[c[2]].tier]
        if ctx.spin == "off" or len(plain) == len(candidates):
            return plain, None  # no spinner rule applies, or no spinner pattern occurs
        fingerprints = [c for c in candidates if self.rules[c[2]].tier == "fingerprint"]
        contextual = [c for c in candidates if self.rules[c[2]].tier == "contextual"]
        consistent: set[str] = set()
        inconsistent: set[str] = set()
        spans = [(c[0], c[1]) for c in contextual]
        for original in {c[3] for c in contextual}:
            (inconsistent if self._appears_unquoted(original, ctx, spans) else consistent).add(original)
        evidence = Evidence(len(fingerprints), len(consistent), len(inconsistent))
        if ctx.spin != "fix":
            return plain, evidence
        kept = plain + fingerprints
        if evidence.spun:
            kept += [c for c in contextual if c[3] in consistent]
        return kept, evidence

    def _appears_unquoted(self, original: str, ctx: DocContext, substitutes: list[tuple[int, int]]) -> bool:
        """Whether the original appears outside quotations and outside the substitutes
        themselves ("new" inside "brand new" does not count)."""
        pattern = self._originals.get(original)
        if pattern is None:
            pattern = self._originals[original] = regex.compile(_phrase_body(original))
        substitutes = sorted(substitutes)
        return any(not ctx.in_quote(*m.span()) and not _overlaps(substitutes, *m.span())
                   for m in ctx.budget.every("spin.originals", pattern, ctx.text))

    @staticmethod
    def _language_ok(rule: Rule, ctx: DocContext) -> bool:
        return not rule.lang or ctx.lang in rule.lang

    def _candidates(self, ctx: DocContext):
        text = ctx.text
        if not self.matcher.empty:
            for start, end in self.matcher.spans(text):
                matched = text[start:end]
                for lit in self.literals.get(fold(matched), ()):
                    rule = self.rules[lit.rule_index]
                    if not self._language_ok(rule, ctx):
                        continue
                    if rule.case == "exact":
                        if matched == lit.written or written_form(matched) == lit.written:
                            yield start, end, lit.rule_index, lit.replacement
                    else:
                        yield start, end, lit.rule_index, shape(matched, lit.replacement)
        for k in self.regex_screen.candidates(text):
            index, pattern, template = self.regex_rules[k]
            rule = self.rules[index]
            for m in _within_lines(ctx.budget, rule.id, pattern, text):
                if not self._language_ok(rule, ctx):  # asked only once the rule has a match
                    break
                replacement = m.expand(template)
                if rule.case == "keep" and replacement:
                    replacement = shape(m.group(), replacement)
                yield m.start(), m.end(), index, replacement

    def _allowed(self, candidate: tuple[int, int, int, str], ctx: DocContext) -> bool:
        start, end, index, _ = candidate
        text = ctx.text
        if text.find("\n", start, end) != -1 or ctx.protected(start, end):
            return False
        rule = self.rules[index]
        if rule.quote_policy == "skip" and ctx.in_quote(start, end):
            return False
        guards = self.guards.get(index)
        if not guards:
            return True
        line_start = text.rfind("\n", 0, start) + 1
        spans = ctx._guard_spans.get((index, line_start))
        if spans is None:  # each rule's guards run once per line, however many candidates it has
            line_end = text.find("\n", end)
            line_end = len(text) if line_end == -1 else line_end
            rule_id = self.rules[index].id
            spans = ctx._guard_spans[(index, line_start)] = [
                m.span() for guard in guards
                for m in ctx.budget.every(rule_id, guard, text, line_start, line_end, self.trusted[index],
                                          overlapped=True)]
        return not any(s <= start and end <= e for s, e in spans)


def literal_pairs(rule: Rule, profile: str) -> list[tuple[str, str]]:
    """A rule's literal (written form, replacement) pairs under a style profile: its swap
    table, or for a name every variant and every other profile's spelling."""
    if rule.kind == "name":
        canonical = rule.canonical_for(profile)
        forms = set(rule.variants) | {form for _, form in rule.canonical}
        return [(form, canonical) for form in sorted(forms) if fold(form) != fold(canonical)]
    return list(rule.swap)


def _within_lines(budget: Budget, rule_id: str, pattern: regex.Pattern, text: str) -> Iterator:
    """Matches that stay within one line: a match crossing a line break is dropped and
    the search resumes on the next line, so it cannot hide a match there."""
    pos = 0
    while pos <= len(text):
        m = budget.first(rule_id, pattern.search, text, pos)
        if m is None:
            return
        newline = text.find("\n", m.start(), m.end())
        if newline == -1:
            yield m
            pos = m.end() if m.end() > m.start() else m.end() + 1
        else:
            pos = newline + 1


def _phrase_pattern(phrase: str) -> str:
    """A case-insensitive, word-bounded pattern for a literal exception phrase."""
    return f"(?i:{_phrase_body(phrase)})"


def _phrase_body(phrase: str) -> str:
    """A word-bounded pattern for a literal phrase (any spaces, either apostrophe)."""
    body = "".join(_atom(ch) for ch in " ".join(phrase.split()))
    left = LEFT_BOUNDARY if _is_word(phrase[0]) else ""
    right = RIGHT_BOUNDARY if _is_word(phrase[-1]) else ""
    return f"{left}{body}{right}"

"""The inline phase: every inline rule's candidates on the same text, one pass.

Matching is leftmost-longest, word-bounded, with no chaining: candidates from every
rule are collected on the same text, filtered (language, tier, quotes, protected
spans, `unless`), and the earliest-starting, then longest, then first-listed
candidate wins each overlap.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex

from ..edits import Edit
from ..kinds import inline_kind
from ..kinds.base import InlineKind
from ..loader import is_builtin
from ..prefilter import Screen
from ..schema import Rule
from ..spin import Evidence
from ..spin_gate import SpinGate
from ..timelimits import Budget
from .context import Candidate, DocContext
from .literals import LiteralMatcher, fold, match_case, written_form


@dataclass(frozen=True)
class _Literal:
    rule_index: int
    written: str  # its written_form
    replacement: str


class InlinePhase:
    """All inline rules of one style profile: literals in one matcher, regex rules
    behind one RE2 screen, spinner rules behind the spin gate."""

    def __init__(self, rules: Iterable[Rule], profile: str):
        kinds = [(r, kind) for r in rules if (kind := inline_kind(r)) is not None]
        self.rules = [r for r, _ in kinds]
        self.literals: dict[str, list[_Literal]] = {}
        self.regex_rules: list[tuple[int, regex.Pattern, str]] = []
        self.guards: dict[int, list[str]] = {}  # compiled when first needed (`_guards`): most never are
        self._compiled_guards: dict[int, list[regex.Pattern]] = {}
        self._guard_screens: dict[int, Screen] = {}  # per rule, its guards in one RE2 set (`_live_guards`)
        self.trusted = [is_builtin(rule) for rule in self.rules]  # see TRUSTED_LENGTH
        # Inside quotations: whether each rule leaves them alone.
        self.skips_quotes = [kind.quote_policy(rule) == "skip" for rule, kind in kinds]
        # Inside URLs, addresses, handles and file names: whether each rule leaves them alone.
        self.skips_urls = [rule.urls == "skip" for rule in self.rules]
        # Whether an occurrence a guard keeps keeps the rule's other occurrences in the document.
        self.one_sense = [kind.one_sense_for(rule) for rule, kind in kinds]
        for index, (rule, kind) in enumerate(kinds):
            self._add(index, rule, kind, profile)
        self.matcher = LiteralMatcher(self.literals)
        # One RE2 scan of the document names the regex rules that may match in it.
        self.regex_screen = Screen({k: pattern.pattern for k, (_, pattern, _) in enumerate(self.regex_rules)},
                                   multiline=True)
        self.empty = not self.rules
        self.spin_gate = SpinGate([r.tier for r in self.rules]) if any(r.tier for r in self.rules) else None

    def _add(self, index: int, rule: Rule, kind: InlineKind, profile: str) -> None:
        if (pattern := kind.pattern(rule)) is not None:
            self.regex_rules.append((index, regex.compile(pattern[0], regex.MULTILINE), pattern[1]))
        for written, replacement in kind.literal_pairs(rule, profile):
            self.literals.setdefault(fold(written), []).append(_Literal(index, written_form(written), replacement))
        guards = kind.guards(rule)
        if guards:
            self.guards[index] = guards

    def edits(self, ctx: DocContext) -> tuple[list[Edit], Evidence | None]:
        """The inline edits for a document, and the spin evidence when spinner rules apply."""
        candidates = list(self._candidates(ctx))
        if self.spin_gate is not None and ctx.spin == "off":  # the gate drops every tiered one unseen
            candidates = [c for c in candidates if not self.spin_gate.tiers[c[2]]]
        candidates = self._allowed(candidates, ctx)
        evidence = None
        if self.spin_gate is not None:
            candidates, evidence = self.spin_gate.judge(candidates, ctx)
        candidates.sort(key=lambda c: (c[0], c[0] - c[1], c[2]))
        edits: list[Edit] = []
        text = ctx.text
        for start, end, index, replacement in candidates:
            if edits and start < edits[-1].end:
                continue
            if text[start:end] != replacement:
                edits.append(Edit(start, end, replacement, self.rules[index].id))
        return edits, evidence

    @staticmethod
    def _language_ok(rule: Rule, ctx: DocContext, pos: int) -> bool:
        return not rule.lang or ctx.lang_at(pos) in rule.lang

    def _unasked(self, index: int, ctx: DocContext) -> bool:
        """Whether a candidate of this rule can be dropped before its language is asked: a
        spinner rule's with spin off, once asking can no longer change the language the
        result reports (until then its question counts, as with spin on)."""
        return ctx.spin == "off" and self.spin_gate is not None and bool(self.spin_gate.tiers[index]) \
            and ctx.lang_settled

    def _candidates(self, ctx: DocContext) -> Iterator[Candidate]:
        text = ctx.text
        if not self.matcher.empty:
            for start, end in self.matcher.spans(text):
                matched = text[start:end]
                for lit in self.literals.get(fold(matched), ()):
                    rule = self.rules[lit.rule_index]
                    if rule.case == "exact" and matched != lit.written and written_form(matched) != lit.written:
                        continue  # not a candidate, so its language is not asked (a detection costs ms)
                    if self._unasked(lit.rule_index, ctx) or not self._language_ok(rule, ctx, start):
                        continue
                    replacement = lit.replacement if rule.case == "exact" else match_case(matched, lit.replacement)
                    yield start, end, lit.rule_index, replacement
        for k in self.regex_screen.candidates(text):
            index, pattern, template = self.regex_rules[k]
            rule = self.rules[index]
            # Per rule, not per match: a one-character rule can have thousands of matches.
            tiered = self.spin_gate is not None and bool(self.spin_gate.tiers[index])
            constant = "\\" not in template  # only "\" is special in a template
            recased = rule.case == "keep" and not (constant and _caseless(template))
            for m in _within_lines(ctx.budget, rule.id, pattern, text, self.trusted[index]):
                if tiered and self._unasked(index, ctx):
                    continue
                if rule.lang and not self._language_ok(rule, ctx, m.start()):  # asked only on a match
                    continue
                replacement = template if constant else m.expand(template)
                if recased and replacement:
                    replacement = match_case(m.group(), replacement)
                yield m.start(), m.end(), index, replacement

    def _allowed(self, candidates: list[Candidate], ctx: DocContext) -> list[Candidate]:
        """The candidates that may fire: not across lines, in URLs or quotations a rule
        skips, nor kept by a guard; nor any of a one-sense rule a guard kept somewhere."""
        placed = [c for c in candidates if self._placed(c, ctx)]
        guarded = [c[2] in self.guards and self._guarded(c, ctx) for c in placed]
        other_sense = {c[2] for c, kept in zip(placed, guarded) if kept and self.one_sense[c[2]]}
        for index in sorted(other_sense):
            start, end, _, _ = next(c for c, kept in zip(placed, guarded) if kept and c[2] == index)
            line = ctx.text[slice(*ctx.line(start))].strip()  # quoted, not numbered: line rules may have run
            line = line if len(line) <= 60 else line[:59] + "\u2026"
            ctx.budget.notes.append(f"{self.rules[index].id}: {ctx.text[start:end]!r} in {line!r} names something "
                                    "else (a guard keeps it), so the document's other ones are left as written too")
        return [c for c, kept in zip(placed, guarded) if not kept and c[2] not in other_sense]

    def _placed(self, candidate: Candidate, ctx: DocContext) -> bool:
        start, end, index, _ = candidate
        if ctx.text.find("\n", start, end) != -1:
            return False
        if self.skips_urls[index] and ctx.protected(start, end):
            return False
        return not (self.skips_quotes[index] and ctx.in_quote(start, end))

    def _guarded(self, candidate: Candidate, ctx: DocContext) -> bool:
        start, end, index, _ = candidate
        text = ctx.text
        line_start, line_end = ctx.line(start)
        spans = ctx._guard_spans.get((index, line_start))
        if spans is None:  # each rule's guards run once per line, however many candidates it has
            rule_id = self.rules[index].id
            spans = ctx._guard_spans[(index, line_start)] = [
                m.span() for guard in self._live_guards(index, ctx)
                for m in ctx.budget.every(rule_id, guard, text, line_start, line_end, self.trusted[index],
                                          overlapped=True)]
        return any(s <= start and end <= e for s, e in spans)

    def _live_guards(self, index: int, ctx: DocContext) -> list[regex.Pattern]:
        """The rule's guards that may match somewhere in the document, from one RE2 scan of
        it: a guard that matches nowhere in it matches on none of its lines, and most of a
        name's guards (other towns, ships, titles) match in few documents, so a text with
        thousands of lines naming Kiev no longer runs every guard on each of them."""
        live = ctx._live_guards.get(index)
        if live is None:
            screen = self._guard_screens.get(index)
            if screen is None:
                screen = Screen(dict(enumerate(self.guards[index])), multiline=True, contexts=True)
                self._guard_screens[index] = screen
            compiled = self._guards(index)
            live = ctx._live_guards[index] = [compiled[k] for k in screen.candidates(ctx.text)]
        return live

    def _guards(self, index: int) -> list[regex.Pattern]:
        compiled = self._compiled_guards.get(index)
        if compiled is None:
            compiled = self._compiled_guards[index] = [regex.compile(g) for g in self.guards[index]]
        return compiled


def _caseless(replacement: str) -> bool:
    """Whether match_case leaves this replacement as it is, whatever was matched."""
    return replacement.upper() == replacement and not replacement[:1].islower()


def _within_lines(budget: Budget, rule_id: str, pattern: regex.Pattern, text: str, trusted: bool) -> Iterator:
    """Matches that stay within one line: a match crossing a line break is dropped and
    the search resumes on the next line, so it cannot hide a match there. After an empty
    match the search resumes one character on (finditer would try a longer match at
    the same place), so that too starts a new scan."""
    pos = 0
    while pos <= len(text):
        resume = None
        for m in budget.each(rule_id, pattern, text, pos, trusted):
            start, end = m.span()
            newline = text.find("\n", start, end)
            if newline != -1:
                resume = newline + 1
                break
            yield m
            if end == start:
                resume = end + 1
                break
        if resume is None:
            return
        pos = resume

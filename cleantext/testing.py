"""The public test harness for rule packs (built-in or yours).

Every rule's `examples`, `counterexamples` and `known_failures` become tests, and
hypothesis checks four properties per rule: embedding the example in generated
surrounding text still gives its `after`; cleaning is idempotent; a
counterexample stays unchanged wherever it sits; a language-gated rule does
nothing under another language. `cleantext test DIR` runs all of this through
pytest (see `cleantext.pack_tests`); the functions here let other harnesses
reuse it.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from .engine import Cleaner
from .kinds import kind_of
from .result import Result
from .schema import Example, Rule

ENV_DIRS = "CLEANTEXT_TEST_RULE_DIRS"  # packs `cleantext test` hands to pack_tests
ENV_BUILTIN = "CLEANTEXT_TEST_BUILTIN"
EXAMPLE_SITE = "example.com"  # the site of an example made of several pages, unless its pack names one

# Neutral prose for surrounding text: no chrome, no names, no spinner triggers.
FILLER_WORDS = (
    "the council met on tuesday to discuss a budget plan and members asked for more time before "
    "voting while residents waited outside the hall for news about roads schools parks water prices "
    "local shops opened early this week after heavy rain had closed several streets near the river"
).split()


@dataclass(frozen=True)
class RuleCase:
    """A rule together with the packs it was loaded from (so it can run alone)."""

    rule: Rule
    locations: tuple[str, ...]
    builtin: bool

    @property
    def lang(self) -> str | None:
        return self.rule.lang[0] if self.rule.lang else None

    @property
    def site(self) -> str | None:
        return site_of_rule(self.rule, self.full())

    def alone(self) -> Cleaner:
        return _cleaner(self.locations, self.builtin, (self.rule.id,), kind_of(self.rule).find_body)

    def full(self) -> Cleaner:
        return _cleaner(self.locations, self.builtin, (), kind_of(self.rule).find_body)

    def run(self, cleaner: Cleaner, text: str, lang: str | None = None) -> Result:
        """Clean an example; one whose kind judges documents by the others of their run is
        several pages of one site (kinds.base.RuleKind.page_break), cleaned as one run."""
        page_break = kind_of(self.rule).page_break
        if page_break is None:
            return cleaner.clean(text, site=self.site, lang=lang or self.lang)
        site = self.site or EXAMPLE_SITE
        pages = [{"text": page, "site": site, "lang": lang or self.lang} for page in text.split(page_break)]
        results = list(cleaner.clean_many(pages))
        return Result(page_break.join(r.text for r in results), tuple(c for r in results for c in r.changes),
                      None, site, any(r.guarded for r in results), tuple(n for r in results for n in r.notes))


@cache
def _cleaner(locations: tuple[str, ...], builtin: bool, select: tuple[str, ...], find_body: bool = False) -> Cleaner:
    """A cleaner of these packs; `find_body` for a body kind's rules, whose examples are whole pages."""
    return Cleaner(rules=locations, builtin=builtin, select=select, preview=True, find_body=find_body)


def rule_cases(locations: Sequence[str | os.PathLike[str]] = (), builtin: bool = True) -> list[RuleCase]:
    """One case per rule in the given packs (or the built-in packs when none are given)."""
    locs = tuple(os.fspath(p) for p in locations)
    cleaner = _cleaner(locs, builtin, ())
    rules = list(cleaner.all_rules)
    own = {str(os.path.abspath(p)) for p in locs}
    if locs:  # test the user's rules, with the built-in ones (if any) only as context
        rules = [r for r in rules if any(os.path.abspath(r.path).startswith(o) for o in own)]
    return [RuleCase(r, locs, builtin) for r in rules]


def site_of_rule(rule: Rule, cleaner: Cleaner) -> str | None:
    for pack in cleaner.site_packs:
        if rule in pack.rules and pack.sites:
            return pack.sites[0]
    return None


def changes_by(result: Result, rule: Rule) -> list:
    return [c for c in result.changes if c.rule_id == rule.id]


# -- checks (each returns None when fine, or a message saying what went wrong) --

GUARD_NOTE = "blocked by the guard: line rules would remove more than half of the words"


def where(case: RuleCase, line: int = 0) -> str:
    """The rule and where its file has it: at `line` (an example's), else at the rule."""
    return f"{case.rule.id} ({case.rule.path}:{line or case.rule.line})"


def check_example(case: RuleCase, example: Example, cleaner: Cleaner, what: str = "example") -> str | None:
    """None when the example comes out as it should, else one line saying how it did not."""
    result = case.run(cleaner, example.before)
    if result.text == example.after:
        return None
    guard = f"; {GUARD_NOTE}" if result.guarded else ""
    return (f"{where(case, example.line)} {what}: before {example.before!r}, expected {example.after!r}, "
            f"got {result.text!r}{guard}")


def check_counterexample(case: RuleCase, text: str, line: int = 0) -> str | None:
    """None when the rule leaves `text` (its counterexample at `line`, if known) alone."""
    result = case.run(case.alone(), text)
    if result.text == text and not changes_by(result, case.rule):
        return None
    return f"{where(case, line)} counterexample changed: expected {text!r} unchanged, got {result.text!r}"


def surround(case: RuleCase, middle: str, prefix: list[str], suffix: list[str]) -> str:
    """Place text among generated paragraphs, where the rule's position allows, with one
    blank line between neighbours. (An example's own line break at a junction would make
    two, and once a rule removes a line the tidy step shortens such runs, so an example
    ending in a line break failed among other paragraphs.)"""
    prefix, suffix = kind_of(case.rule).surround(case.rule, prefix, suffix)
    before, after = "\n\n".join(p for p in prefix if p), "\n\n".join(p for p in suffix if p)
    if before:
        middle = middle.lstrip("\n")
    if after:
        middle = middle.rstrip("\n")
    return "\n\n".join(p for p in (before, middle, after) if p)


def paragraph(words: Sequence[str]) -> str:
    sentence = " ".join(words)
    return sentence[:1].upper() + sentence[1:] + "."

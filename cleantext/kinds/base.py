"""The interface every rule kind implements, and what line and inline kinds share.

A kind says which keys its rules take (and their value types, checked by the
loader), which combinations they need, what else makes a rule of it invalid, how a
rule of it is compiled and applied, where its examples may sit in surrounding text
(the property tests), and what `cleantext rule` and docs/rules.md show of it.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import regex

from ..linemodel import model_file_problem
from ..schema import Rule

if TYPE_CHECKING:
    from ..siterep import SiteLines

# Keys that limit a line rule to the document's first or last lines.
POSITION_KEYS = {"where": "where", "within": "count"}
# Keys every inline kind takes.
INLINE_KEYS = {"lang": "lang", "case": "case", "unless": "regex_list", "quotes": "quotes", "urls": "urls",
               "tier": "tier", "one_sense": "bool"}
# What `cleantext rule ID` shows of a rule's settings, in this order, where set.
SHOWN_SETTINGS = ("match", "lines", "where", "within", "follow", "run", "replace", "swap", "canonical", "variants",
                  "exceptions", "unless", "one_sense", "lang", "tier", "model", "threshold", "sure", "sure_furniture",
                  "first_line", "min_pages", "min_share", "max_chars", "window", "min_before", "cell")

# The loader's problem reporter: (YAML node, code, message).
Report = Callable[[Any, str, str], None]


def check_model_file(values: dict[str, Any], fields: Mapping[str, Any], report: Report, rule_file: Path,
                     features: tuple[str, ...]) -> None:
    """CT012 at a rule's `model:` when the file it names (next to the rule file) cannot serve it."""
    problem = model_file_problem(rule_file.parent / values["model"], features)
    if problem:
        report(fields["model"], "CT012", problem)


class RuleKind:
    """One kind of rule. Subclasses set the class attributes and override what differs."""

    name: str
    is_line: bool
    keys: Mapping[str, str]  # its keys besides the common ones -> value type (loader._PackValidator)
    required: tuple[tuple[str, ...], ...]  # a rule needs every key of at least one group
    summary: str  # what a rule of this kind does (docs/rules.md)
    # Set for a kind that judges a document by other documents of its run: its examples are
    # several documents separated by this string, cleaned as one run (cleantext.testing).
    page_break: str | None = None
    # Set for a kind that runs only in body finding (`find_body=True`): its examples are whole
    # pages, cleaned with find_body=True (cleantext.testing).
    find_body = False

    def validate(self, values: dict[str, Any], fields: Mapping[str, Any], report: Report, rule_file: Path) -> None:
        """Report what the key types alone do not catch (`fields` are the YAML nodes, `rule_file`
        the file they are in: files a rule names are found next to it)."""

    def literal_pairs(self, rule: Rule, profile: str) -> list[tuple[str, str]]:
        """The rule's literal (written form, replacement) pairs under a style profile."""
        return []

    def surround(self, rule: Rule, prefix: list[str], suffix: list[str]) -> tuple[list[str], list[str]]:
        """The paragraphs an example may have before and after it, where the rule's
        position allows (the property tests embed examples in generated text)."""
        return ([] if rule.where == "head" else prefix), ([] if rule.where == "tail" else suffix)

    def settings(self, rule: Rule) -> list[tuple[str, Any]]:
        """The rule's settings as `cleantext rule` shows them."""
        shown = [(key, _shown(rule, key)) for key in SHOWN_SETTINGS if key in self.keys]
        return [(key, value) for key, value in shown if value is not None]

    def key_summary(self) -> str:
        """Its keys, for docs/rules.md: the required groups, then the optional keys."""
        required = " or ".join(" + ".join(f"`{k}`" for k in group) for group in self.required)
        needed = {k for group in self.required for k in group}
        optional = [f"`{k}`" for k in self.own_keys() if k not in needed]
        return required + (f"; optional {', '.join(optional)}" if optional else "")

    def own_keys(self) -> list[str]:
        """Its keys without those its family shares."""
        shared = POSITION_KEYS if self.is_line else INLINE_KEYS
        return [k for k in self.keys if k not in shared]


def _shown(rule: Rule, key: str) -> Any:
    value = getattr(rule, key)
    if key == "where":
        return value if rule.within else None
    if key in ("swap", "canonical"):
        return dict(value) or None
    if isinstance(value, tuple):
        return list(value) or None
    return value or None if key == "tier" else value


# -- line kinds ---------------------------------------------------------------

@dataclass(frozen=True)
class LineRule:
    """A line rule compiled."""

    rule: Rule
    pattern: regex.Pattern | None
    exact: frozenset[str]  # normalised lines it removes for certain (drop_line's `lines`)
    follow: regex.Pattern | None  # drop_block's followers
    trusted: bool  # from a built-in pack (see timelimits.TRUSTED_LENGTH)
    windowed: bool  # limited to the head or tail

    def in_window(self, head_rank: int, tail_rank: int) -> bool:
        where, within = self.rule.where, self.rule.within or 0
        if where == "head":
            return head_rank < within
        if where == "tail":
            return tail_rank < within
        return True


@dataclass(frozen=True)
class Cut:
    """A span a line kind removes inside a kept line (offsets in the line)."""

    start: int
    end: int
    rule_id: str
    note: str


class LinePass(Protocol):
    """One pass of the line phase over a document, as a line kind sees it."""

    lines: Sequence[str]
    site_lines: SiteLines | None  # the evidence of the document's site in this run (cleantext.siterep)

    def tried(self, kind: str) -> list[int]:
        """The kept lines, in order, that some rule of this kind may match."""

    def first_match(self, kind: str, i: int) -> LineRule | None:
        """The first rule of this kind that matches kept line i where it now stands."""

    def kept_between(self, first: int, last: int) -> list[int]:
        """The kept lines from first to last, inclusive."""

    def run_around(self, i: int, hit: LineRule, member: regex.Pattern) -> list[int]:
        """The run kept line i is in: it and the kept non-blank lines before and after it that
        `member` (a pattern of rule `hit`) matches, up to the first that it does not, in order."""

    def block_end(self, i: int, hit: LineRule) -> int:
        """The last line of the block whose marker line i `hit` matched."""

    def rules(self, kind: str) -> list[LineRule]:
        """This kind's compiled rules, in order (for kinds that judge lines without patterns)."""

    def kept_lines(self) -> list[int]:
        """The lines no pass has removed yet, in order."""

    def note(self, i: int, text: str) -> None:
        """Record what a rule measured on line i (shown with its removal)."""


class LineKind(RuleKind):
    """A kind whose rules remove whole lines."""

    is_line = True
    needs_site = False  # judges lines only by other pages of their site (cleantext.siterep)

    def compile(self, rule: Rule, trusted: bool) -> LineRule:
        return LineRule(rule=rule, pattern=regex.compile(rule.match) if rule.match else None, exact=frozenset(),
                        follow=None, trusted=trusted, windowed=rule.where in ("head", "tail"))

    def drop(self, lines: LinePass, dropped: dict[int, str]) -> None:
        """Add the lines this kind's rules remove in this pass (line -> rule id) to
        `dropped`, which holds what the kinds before it in the registry removed."""
        raise NotImplementedError

    def cut(self, lines: LinePass, dropped: Mapping[int, str], cuts: dict[int, list[Cut]]) -> None:
        """Add the spans this kind removes inside kept lines (line -> its cuts, in order) to
        `cuts`, once the line passes have settled which lines go (`dropped`)."""

    def validate(self, values: dict[str, Any], fields: Mapping[str, Any], report: Report, rule_file: Path) -> None:
        if values.get("where", "anywhere") != "anywhere" and "within" not in values:
            report(fields["where"], "CT005", "`where: head|tail` needs `within: N`")


# -- inline kinds -------------------------------------------------------------

class InlineKind(RuleKind):
    """A kind whose rules rewrite spans inside lines."""

    is_line = False
    quotes = "skip"  # inside quotations, unless the rule says otherwise (`quotes:`)
    one_sense = False  # a guarded occurrence keeps the document's others too (`one_sense: true`)

    def quote_policy(self, rule: Rule) -> str:
        return rule.quotes or self.quotes

    def one_sense_for(self, rule: Rule) -> bool:
        """Whether one occurrence that a guard keeps (`unless`, `exceptions`) keeps every
        occurrence in the document: for a word that keeps one sense within a text, as
        Odessa does: where one is the Texas town, the document's other Odessas are too."""
        return self.one_sense if rule.one_sense is None else rule.one_sense

    def pattern(self, rule: Rule) -> tuple[str, str] | None:
        """The rule's regex and replacement template, if it has them."""
        return None

    def guards(self, rule: Rule) -> list[str]:
        """Patterns whose matches on a candidate's line keep the candidate from firing."""
        return list(rule.unless)

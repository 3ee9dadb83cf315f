"""The rule-kind registry: one module per kind, listed once, in the order kinds apply.

With find_body=True, the body kind (body_model) judges the whole page first, in the
body step (cleantext.body). Line kinds run next, in this order on every pass of the
line phase (a line two kinds would remove is credited to the earlier one); then every
inline kind's candidates compete in one pass (cleantext.inline.phase). Each module
defines `KIND`, an instance of `base.LineKind` or `base.InlineKind` (or, for
body_model, a `base.RuleKind` with `find_body`). Adding a kind: write its module
here, then add its name to ORDER.
"""
from __future__ import annotations

import importlib

from ..schema import Rule
from .base import InlineKind, LineKind, RuleKind

ORDER = (
    "body_model",
    "truncate_after",
    "truncate_late",
    "truncate_before",
    "drop_block",
    "drop_line",
    "drop_run",
    "line_model",
    "site_repetition",
    "site_boilerplate",
    "drop_cells",
    "substitute",
    "name",
)


def _kind(module: str) -> RuleKind:
    """A kind module's `KIND`, checked to be a rule kind (so the registry's types hold)."""
    kind = importlib.import_module(f"{__name__}.{module}").KIND
    if not isinstance(kind, RuleKind):
        raise TypeError(f"cleantext.kinds.{module}.KIND is not a RuleKind")
    return kind


KINDS: tuple[RuleKind, ...] = tuple(_kind(module) for module in ORDER)
BY_NAME: dict[str, RuleKind] = {kind.name: kind for kind in KINDS}
LINE_KINDS: tuple[LineKind, ...] = tuple(k for k in KINDS if isinstance(k, LineKind))
INLINE_KINDS: tuple[InlineKind, ...] = tuple(k for k in KINDS if isinstance(k, InlineKind))


def kind_of(rule: Rule) -> RuleKind:
    return BY_NAME[rule.kind]


def line_kind(rule: Rule) -> LineKind | None:
    kind = BY_NAME[rule.kind]
    return kind if isinstance(kind, LineKind) else None


def inline_kind(rule: Rule) -> InlineKind | None:
    kind = BY_NAME[rule.kind]
    return kind if isinstance(kind, InlineKind) else None


def literal_pairs(rule: Rule, profile: str) -> list[tuple[str, str]]:
    """A rule's literal (written form, replacement) pairs under a style profile."""
    return BY_NAME[rule.kind].literal_pairs(rule, profile)


def markdown_table(line: bool) -> str:
    """docs/rules.md's table of the line (or inline) kinds, in the order they apply."""
    rows = ["| kind | keys | what it does |", "|---|---|---|"]
    rows += [f"| `{k.name}` | {k.key_summary()} | {k.summary} |" for k in KINDS if k.is_line == line]
    return "\n".join(rows)

"""truncate_after: a marker line and everything after it go (related links, comments)."""
from __future__ import annotations

from ..schema import Rule
from .base import POSITION_KEYS, LineKind, LinePass


class TruncateAfter(LineKind):
    name = "truncate_after"
    keys = {"match": "regex", **POSITION_KEYS}
    required = (("match",),)
    summary = "the first qualifying marker line and everything after it"

    def drop(self, lines: LinePass, dropped: dict[int, str]) -> None:
        for i in lines.tried(self.name):
            if hit := lines.first_match(self.name, i):
                dropped.update((j, hit.rule.id) for j in lines.kept_between(i, len(lines.lines)) if j not in dropped)
                break

    def surround(self, rule: Rule, prefix: list[str], suffix: list[str]) -> tuple[list[str], list[str]]:
        prefix, _ = super().surround(rule, prefix, suffix)
        return prefix, []  # whatever follows the example goes with it


KIND = TruncateAfter()

"""truncate_before: a marker line and everything before it go (a page's header block)."""
from __future__ import annotations

from ..schema import Rule
from .base import POSITION_KEYS, LineKind, LinePass


class TruncateBefore(LineKind):
    name = "truncate_before"
    keys = {"match": "regex", **POSITION_KEYS}
    required = (("match",),)
    summary = "the last qualifying marker line and everything before it"

    def drop(self, lines: LinePass, dropped: dict[int, str]) -> None:
        for i in reversed(lines.tried(self.name)):
            if hit := lines.first_match(self.name, i):
                dropped.update((j, hit.rule.id) for j in lines.kept_between(0, i) if j not in dropped)
                break

    def surround(self, rule: Rule, prefix: list[str], suffix: list[str]) -> tuple[list[str], list[str]]:
        _, suffix = super().surround(rule, prefix, suffix)
        return [], suffix  # whatever precedes the example goes with it


KIND = TruncateBefore()

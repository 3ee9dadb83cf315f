"""drop_block: a marker line and the lines after it that match `follow` go."""
from __future__ import annotations

from dataclasses import replace

import regex

from ..schema import Rule
from .base import POSITION_KEYS, LineKind, LinePass, LineRule


class DropBlock(LineKind):
    name = "drop_block"
    keys = {"match": "regex", "follow": "regex", "max_follow": "count", **POSITION_KEYS}
    required = (("match",),)
    summary = ("the marker line and up to `max_follow` (default 5) following non-blank lines that match "
               "`follow` (blank lines between them go too); the block ends at the first non-blank line "
               "that does not match")

    def compile(self, rule: Rule, trusted: bool) -> LineRule:
        compiled = super().compile(rule, trusted)
        return replace(compiled, follow=regex.compile(rule.follow)) if rule.follow else compiled

    def drop(self, lines: LinePass, dropped: dict[int, str]) -> None:
        for i in lines.tried(self.name):
            if i in dropped:
                continue
            if hit := lines.first_match(self.name, i):
                end = lines.block_end(i, hit)
                dropped.update((j, hit.rule.id) for j in lines.kept_between(i, end) if j not in dropped)


KIND = DropBlock()

"""drop_line: each line that matches `match` or is one of `lines` goes."""
from __future__ import annotations

from dataclasses import replace

from ..schema import Rule
from .base import POSITION_KEYS, LineKind, LinePass, LineRule


def normalize_line(line: str) -> str:
    """The form exact `lines:` entries are compared in: trimmed, squeezed, case-folded."""
    return " ".join(line.split()).casefold()


class DropLine(LineKind):
    name = "drop_line"
    keys = {"match": "regex", "lines": "str_list", **POSITION_KEYS}
    required = (("match",), ("lines",))
    summary = ("each matching line. `lines` is a list of exact lines, compared after trimming, squeezing "
               "spaces and ignoring case: a set lookup, free at any count")

    def compile(self, rule: Rule, trusted: bool) -> LineRule:
        return replace(super().compile(rule, trusted), exact=frozenset(normalize_line(line) for line in rule.lines))

    def drop(self, lines: LinePass, dropped: dict[int, str]) -> None:
        for i in lines.tried(self.name):
            if i not in dropped and (hit := lines.first_match(self.name, i)):
                dropped[i] = hit.rule.id


KIND = DropLine()

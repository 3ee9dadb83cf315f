"""truncate_late: a marker line and everything after it go, where the marker comes late in the document.

truncate_after's window (`where: tail`, `within: N`) counts lines, so in a short page a
marker beside the headline ("12 Comments") is as near the end as one under the last
paragraph. A comment thread's opening count follows the article; the same counter beside
the headline precedes it. This kind asks for at least `min_before` of the document's
words (of the lines still kept) above the marker, so the article is behind it.
"""
from __future__ import annotations

from ..prose import word_count
from ..schema import Rule
from .base import POSITION_KEYS, LineKind, LinePass


class TruncateLate(LineKind):
    name = "truncate_late"
    keys = {"match": "regex", "min_before": "share", **POSITION_KEYS}
    required = (("match", "min_before"),)
    summary = ("the first qualifying marker line with at least `min_before` of the document's words above "
               "it, and everything after it")

    def drop(self, lines: LinePass, dropped: dict[int, str]) -> None:
        for i in lines.tried(self.name):
            if (hit := lines.first_match(self.name, i)) and _share_above(lines, i) >= hit.rule.min_before:
                dropped.update((j, hit.rule.id) for j in lines.kept_between(i, len(lines.lines)) if j not in dropped)
                break

    def surround(self, rule: Rule, prefix: list[str], suffix: list[str]) -> tuple[list[str], list[str]]:
        return [], []  # its examples are whole documents: text above a marker changes its verdict


def _share_above(lines: LinePass, marker: int) -> float:
    """The share of the kept lines' words that are on lines above the marker."""
    above = total = 0
    for j in lines.kept_lines():
        n = word_count(lines.lines[j])
        total += n
        above += n if j < marker else 0
    return above / total if total else 0.0


KIND = TruncateLate()

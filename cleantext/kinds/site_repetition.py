"""site_repetition: lines on many pages of the document's site in this run go, unless they read as prose.

The evidence (how many documents of the site's block have a line of each shape) is
gathered by cleantext.siterep as documents stream past, and reaches the line phase with
each document; without it (a single document, a run without sites) the kind does
nothing. The evidence does not change while the line phase repeats, so its fixed
point holds: a second pass, or a second run over the output, removes nothing more.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..prose import is_prose
from ..schema import Rule
from ..siterep import KIND as NAME
from ..siterep import SiteLines
from .base import LineKind, LinePass, Report

# A rule's example is several pages of one site, separated by this character (form feed,
# the old page break); the test harness cleans them as one run (cleantext.testing).
PAGE_BREAK = "\f"


class SiteRepetition(LineKind):
    name = NAME
    keys = {"min_pages": "count", "min_share": "share", "max_chars": "count", "window": "count"}
    required = (("min_pages", "min_share", "max_chars", "window"),)
    summary = ("each line of at most `max_chars` characters that does not read as prose and is, in shape "
               "(numbers and dates aside), on at least `min_pages` and `min_share` of the site's pages in "
               "this run, counted in blocks of up to `window` pages (see Site repetition below)")
    needs_site = True
    page_break = PAGE_BREAK

    def validate(self, values: dict[str, Any], fields: Mapping[str, Any], report: Report,
                 rule_file: Path) -> None:
        if values.get("min_pages", 2) < 2:
            report(fields["min_pages"], "CT007", "`min_pages` must be at least 2: one page repeats nothing")
        if values.get("window", 2) < values.get("min_pages", 2):
            report(fields["window"], "CT007", "`window` must hold at least `min_pages` pages")

    def drop(self, lines: LinePass, dropped: dict[int, str]) -> None:
        evidence = lines.site_lines
        if evidence is None:
            return
        for compiled in lines.rules(self.name):
            rule = compiled.rule
            need = _pages_needed(rule, evidence.pages)
            if need > evidence.pages:
                continue
            for i in lines.kept_lines():
                line = lines.lines[i]
                if i in dropped or len(line) > rule.max_chars or not line.strip():
                    continue
                found = self.pages_with(evidence, line)
                if found >= need:
                    dropped[i] = rule.id
                    lines.note(i, f"{self.how} {found} of {evidence.pages} pages of {evidence.site}")

    how = "on"  # how a removal's note says the line recurs

    def pages_with(self, evidence: SiteLines, line: str) -> int:
        """On how many of the block's pages the line counts as being (0 for a line this
        kind never judges)."""
        found = evidence.pages_with(line)
        return found if found and not is_prose(line) else 0  # a dictionary lookup first: it is cheaper

    def surround(self, rule: Rule, prefix: list[str], suffix: list[str]) -> tuple[list[str], list[str]]:
        return [], []  # its examples are whole pages of a site


def _pages_needed(rule: Rule, pages: int) -> int:
    return max(rule.min_pages, math.ceil(rule.min_share * pages - 1e-9))


KIND = SiteRepetition()

"""drop_run: lines that match `match` go when every line of their run does.

A run is a line and its neighbours that match `run` (the items of one bulleted list,
say). Judging the run whole tells a page's topic tags, where every item is a short
label, from the last short items of a real list, which sit under longer ones.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ..schema import Rule
from .base import POSITION_KEYS, LineKind, LinePass, LineRule


@dataclass(frozen=True)
class RunRule(LineRule):
    """A drop_run rule compiled: its pattern of the lines of a run."""

    run: regex.Pattern


class DropRun(LineKind):
    name = "drop_run"
    keys = {"match": "regex", "run": "regex", **POSITION_KEYS}
    required = (("match", "run"),)
    summary = ("each line that matches `match` when every line of its run does too: the run is the line and the "
               "non-blank lines next to it (blank lines between them allowed) that match `run`, such as the items "
               "of one list; a line of the run that `match` spares keeps the whole run. The first rule of this "
               "kind that matches a line sets its run")

    def compile(self, rule: Rule, trusted: bool) -> LineRule:
        return RunRule(**vars(super().compile(rule, trusted)), run=regex.compile(rule.run or ""))

    def drop(self, lines: LinePass, dropped: dict[int, str]) -> None:
        tried = lines.tried(self.name)
        candidates, judged = set(tried), set()
        for i in tried:
            if i in dropped or i in judged:
                continue
            hit = lines.first_match(self.name, i)
            if not isinstance(hit, RunRule):
                continue
            run = [j for j in lines.run_around(i, hit, hit.run) if j not in dropped]
            judged.update(run)
            hits = [lines.first_match(self.name, j) if j in candidates else None for j in run]
            if all(hits):
                dropped.update((j, h.rule.id) for j, h in zip(run, hits) if h is not None)


KIND = DropRun()

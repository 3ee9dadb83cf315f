"""drop_cells: menu cells beside the one prose cell of a flattened layout-table row go.

Old table layouts come out of extractors as rows like `| Home | News | The mayor said ... |`:
one cell of running text with the page's menu beside it. A row `match` names is cut when
exactly one of its cells reads as prose (cleantext.prose) and every other non-empty cell is
menu-like (the whole cell matches `cell`, at most `max_chars` characters); then those menu
cells go and the prose cell stays. A data table is left alone: a row with a cell that is
neither (a number, a price, a date) is kept whole, and so is a row next to another row of
as many cells with any text in them (the previous or next non-blank kept line), because a
layout row stands alone while a table's rows come in runs (a settings table's `| Volume The
volume of the match. |  |` rows protect the one row whose value cell is filled).

A cut row keeps its prose cell and empty cells only, so a second run finds no menu cell in it;
cutting changes a row's cell count, which can only protect its neighbours, never expose them.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

import regex

from ..prose import is_prose
from ..schema import Rule
from .base import POSITION_KEYS, Cut, LineKind, LinePass, LineRule

_PIPE = "|"


@dataclass(frozen=True)
class CellRule(LineRule):
    """A drop_cells rule compiled: its pattern of a menu-like cell."""

    cell: regex.Pattern


class DropCells(LineKind):
    name = "drop_cells"
    keys = {"match": "regex", "cell": "regex", "max_chars": "count", **POSITION_KEYS}
    required = (("match", "cell", "max_chars"),)
    summary = ("removes nothing whole: in a table row `match` names, with exactly one prose cell and every other "
               "non-empty cell wholly matching `cell` (at most `max_chars` characters), those cells go; rows "
               "with another kind of cell, or next to a row of as many cells (a data table), stay whole")

    def compile(self, rule: Rule, trusted: bool) -> LineRule:
        return CellRule(rule=rule, pattern=regex.compile(rule.match or ""), exact=frozenset(), follow=None,
                        trusted=trusted, windowed=rule.where in ("head", "tail"), cell=regex.compile(rule.cell or ""))

    def drop(self, lines: LinePass, dropped: dict[int, str]) -> None:
        """Whole lines: none (its work is `cut`, once the lines to drop are settled)."""

    def cut(self, lines: LinePass, dropped: Mapping[int, str], cuts: dict[int, list[Cut]]) -> None:
        tried = [i for i in lines.tried(self.name) if i not in dropped and i not in cuts]
        if not tried:
            return
        nonblank = [i for i in lines.kept_lines() if i not in dropped and lines.lines[i].strip()]
        rank = {i: r for r, i in enumerate(nonblank)}
        for i in tried:
            hit = lines.first_match(self.name, i)
            if not isinstance(hit, CellRule):
                continue
            line = lines.lines[i]
            neighbours = [lines.lines[nonblank[r]] for r in (rank[i] - 1, rank[i] + 1) if 0 <= r < len(nonblank)]
            if any(_cell_count(n) == _cell_count(line) and _has_text(n) for n in neighbours):
                continue
            if found := _menu_cells(line, hit):
                cuts[i] = found


def _cells(line: str) -> list[tuple[int, int]]:
    """Each cell's span, from the pipe that opens it to the pipe that closes it (excluded)."""
    pipes = [p for p, ch in enumerate(line) if ch == _PIPE]
    return list(pairwise(pipes))


def _cell_count(line: str) -> int:
    stripped = line.strip()
    return len(_cells(stripped)) if stripped.startswith(_PIPE) and stripped.endswith(_PIPE) else 0


def _has_text(line: str) -> bool:
    return any(line[start + 1:end].strip() for start, end in _cells(line))


def _menu_cells(line: str, hit: CellRule) -> list[Cut]:
    """The menu cells of a layout row (one edit per run of them), or none if it is not one."""
    prose, menu = 0, []
    for start, end in _cells(line):
        text = line[start + 1:end].strip()
        if not text:
            continue
        if is_prose(text):
            prose += 1
        elif len(text) <= hit.rule.max_chars and hit.cell.fullmatch(text):
            menu.append((start, end, text))
        else:
            return []  # a cell of another kind: a data table's row
    if prose != 1 or not menu:
        return []
    return _runs(menu, hit.rule.id)


def _runs(menu: Sequence[tuple[int, int, str]], rule_id: str) -> list[Cut]:
    """Adjacent menu cells as one cut each, noting which cells they were."""
    runs: list[list[tuple[int, int, str]]] = []
    for cell in menu:
        if runs and runs[-1][-1][1] == cell[0]:
            runs[-1].append(cell)
        else:
            runs.append([cell])
    return [Cut(run[0][0], run[-1][1], rule_id, "menu cells beside a prose cell: " + " | ".join(t for _, _, t in run))
            for run in runs]


KIND = DropCells()

"""Errors with a place: every problem in a rule file names `file:line:col`."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in a rule file (1-based line and column)."""

    path: str
    line: int
    col: int
    code: str
    message: str
    source_line: str = ""

    def __str__(self) -> str:
        head = f"{self.path}:{self.line}:{self.col} {self.code} {self.message}"
        if not self.source_line:
            return head
        caret = " " * (max(self.col, 1) - 1) + "^"
        return f"{head}\n    {self.source_line}\n    {caret}"


class RuleFileError(ValueError):
    """One or more rule files are invalid; `problems` lists every one found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InputError(ValueError):
    """An input file or record cannot be cleaned (binary, undecodable, malformed)."""

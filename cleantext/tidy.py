"""Tidy: the layout repairs after line removal (trailing spaces, runs of blank lines).

It runs only on documents whose lines were removed, so a clean document keeps its
layout byte for byte.
"""
from __future__ import annotations

import regex

from .edits import Edit

TRAILING_SPACE = "tidy.trailing-space"
BLANK_LINES = "tidy.blank-lines"
# What `cleantext rule ID` says about each step.
STEPS: dict[str, str] = {
    TRAILING_SPACE: "Spaces and tabs at the end of a line carry nothing and break exact comparisons.",
    BLANK_LINES: (
        "Removing chrome lines leaves runs of blank lines; runs of two or more blank lines "
        "become one, and blank lines at the start and end of the document go. Like "
        "tidy.trailing-space, it runs only on documents whose lines were removed, so a clean "
        "document keeps its layout byte for byte."
    ),
}
# Only from the start of a run, possessively: a run inside a line is passed over once.
_TRAILING_SPACE = regex.compile(r"(?<![ \t])[ \t]++$", regex.MULTILINE)
_BLANK_RUN = regex.compile(r"\A\n+|\n+\Z|\n{3,}")


def trailing_space_edits(text: str) -> list[Edit]:
    if " \n" not in text and "\t\n" not in text and not text.endswith((" ", "\t")):
        return []  # the common case, without a regex scan
    return [Edit(m.start(), m.end(), "", TRAILING_SPACE) for m in _TRAILING_SPACE.finditer(text)]


def blank_line_edits(text: str, keep_final_newline: bool) -> list[Edit]:
    edits = []
    for m in _BLANK_RUN.finditer(text):
        if m.start() == 0:
            replacement = ""
        elif m.end() == len(text):
            replacement = "\n" if keep_final_newline else ""
        else:
            replacement = "\n\n"
        if m.group() != replacement:
            edits.append(Edit(m.start(), m.end(), replacement, BLANK_LINES))
    return edits

"""line_model: a learned classifier's chrome lines go (features and model: cleantext.linemodel).

It runs after the pattern kinds, on a pass of the line phase where they removed
nothing, on the lines still kept (so it sees what it was trained on: the text the
other rules leave, and it runs once on most documents); the phase's fixed point holds
for it too: a second run removes nothing.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..linemodel import FEATURES, LineModel, chrome_scores
from ..schema import Rule
from .base import LineKind, LinePass, LineRule, Report, check_model_file


@dataclass(frozen=True)
class ModelRule(LineRule):
    """A line_model rule compiled: its model, loaded from next to its rule file."""

    model: LineModel


class LineModelKind(LineKind):
    name = "line_model"
    keys = {"model": "str", "threshold": "share"}
    required = (("model", "threshold"),)
    summary = ("each line a learned classifier (`model`, a file next to the rule file) scores at least "
               "`threshold` (0-1) as chrome; only lines outside the article's prose, never the first line "
               "unless it is a row of two or more table cells with words "
               "(see Line models below)")

    def validate(self, values: dict[str, Any], fields: Mapping[str, Any], report: Report, rule_file: Path) -> None:
        check_model_file(values, fields, report, rule_file, FEATURES)

    def compile(self, rule: Rule, trusted: bool) -> LineRule:
        model = LineModel.load(Path(rule.path).parent / (rule.model or ""))
        return ModelRule(rule=rule, pattern=None, exact=frozenset(), follow=None, trusted=trusted, windowed=False,
                         model=model)

    def drop(self, lines: LinePass, dropped: dict[int, str]) -> None:
        if dropped:  # the pattern kinds removed lines in this pass: the model judges what they leave, next pass
            return
        for compiled in lines.rules(self.name):
            assert isinstance(compiled, ModelRule)
            kept = [i for i in lines.kept_lines() if i not in dropped]
            scores = chrome_scores(compiled.model, [lines.lines[i] for i in kept])
            for k, score in scores.items():
                if score >= compiled.rule.threshold:
                    dropped[kept[k]] = compiled.rule.id
                    lines.note(kept[k], f"score {score:.2f}")

    def surround(self, rule: Rule, prefix: list[str], suffix: list[str]) -> tuple[list[str], list[str]]:
        return [], []  # it judges a line by its page: the page is part of the example


KIND = LineModelKind()

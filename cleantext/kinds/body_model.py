"""body_model: with find_body=True, a learned model re-judges every line of a whole page (cleantext.body).

It is the last step of body finding, before the line phase: the body finder's rules
(jusText-like classes and the best region, cleantext.body steps 1-7) give each line
its features (body.BODY_FEATURES), and every line with a word that the rule's model
scores at `threshold` or above goes; the others stay, so article lines the rules left
outside their region come back. With `sure` (and `sure_furniture` for links, bullets
and separated lines), a page on which the model is nowhere that sure of chrome (a
text that is already an article: no menu, no footer) keeps every line; with
`first_line`, so does a page whose first line it scores under that (a whole page opens
with a masthead or menu, an extracted article with its own text). Without such
a rule (`--ignore chrome.body-model`) the rules alone find the body. Each run of
lines a model removes is one change whose note holds their scores.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..body import BODY_FEATURES, BodyModel
from ..linemodel import LineModel
from ..schema import Rule
from .base import Report, RuleKind, check_model_file


class BodyModelKind(RuleKind):
    name = "body_model"
    is_line = True  # it removes whole lines: docs/rules.md lists it with the line kinds
    find_body = True
    keys = {"model": "str", "threshold": "share", "sure": "share", "sure_furniture": "share", "first_line": "share"}
    required = (("model", "threshold"),)
    summary = ("with `find_body=True` (`--body`) only, before the other line kinds: each line of the whole "
               "page a learned classifier (`model`, a file next to the rule file, trained by "
               "tools/train_body_model.py) scores at least `threshold` (0-1) as chrome, judged with the body "
               "finder's verdicts; lines it scores lower stay, even outside the finder's region (see Body models "
               "below); with `sure` (0-1), a page none of whose lines it scores at `sure` or above, nor a link, "
               "bullet or `a | b | c` line at `sure_furniture` or above, is taken as an article already and it "
               "removes nothing from it; so is, with `first_line` (0-1), a page whose first line with a word it "
               "scores under `first_line`")

    def validate(self, values: dict[str, Any], fields: Mapping[str, Any], report: Report, rule_file: Path) -> None:
        check_model_file(values, fields, report, rule_file, BODY_FEATURES)

    def compile(self, rule: Rule) -> BodyModel:
        model = LineModel.load(Path(rule.path).parent / (rule.model or ""), BODY_FEATURES)
        return BodyModel(rule.id, model, rule.threshold, rule.sure, rule.sure_furniture, rule.first_line)

    def surround(self, rule: Rule, prefix: list[str], suffix: list[str]) -> tuple[list[str], list[str]]:
        return [], []  # it judges a line by its whole page: the page is the example


KIND = BodyModelKind()


def body_models(rules: Iterable[Rule]) -> tuple[BodyModel, ...]:
    """The body_model rules among `rules`, compiled, in their order (the first to remove a line is credited)."""
    return tuple(KIND.compile(rule) for rule in rules if rule.kind == KIND.name)

"""substitute: rewrite a span, from a swap table of literals or a regex and template."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import regex

from ..schema import Rule
from .base import INLINE_KEYS, InlineKind, Report


class Substitute(InlineKind):
    name = "substitute"
    keys = {"match": "regex", "replace": "str", "swap": "str_map", **INLINE_KEYS}
    required = (("match", "replace"), ("swap",))
    summary = "each `swap` key becomes its value, or each `match` its `replace` (which may use `\\1` / `\\g<name>`)"

    def literal_pairs(self, rule: Rule, profile: str) -> list[tuple[str, str]]:
        return list(rule.swap)

    def pattern(self, rule: Rule) -> tuple[str, str] | None:
        return (rule.match, rule.replace) if rule.match is not None and rule.replace is not None else None

    def validate(self, values: dict[str, Any], fields: Mapping[str, Any], report: Report,
                 rule_file: Path) -> None:
        if "swap" in values and "match" in values:
            report(fields["swap"], "CT007", "use either `swap` or `match`+`replace`, not both")
        if "replace" in values and "match" in values:
            _check_template(values["match"], values["replace"], fields["replace"], report)


def _check_template(pattern: str, template: str, node: Any, report: Report) -> None:
    compiled = regex.compile(pattern)
    groups = set(range(compiled.groups + 1)) | set(compiled.groupindex)
    for ref in regex.findall(r"\\g<(\w+)>|\\(\d+)", template):
        name = ref[0] or ref[1]
        key: int | str = int(name) if name.isdigit() else name
        if key not in groups:
            report(node, "CT008", f"replacement refers to missing group {name!r}")


KIND = Substitute()

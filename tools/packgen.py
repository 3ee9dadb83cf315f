"""Helpers the pack generators share: YAML scalars and a rule's evidence block."""
from __future__ import annotations

import json
import unicodedata


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML), in NFC."""
    return json.dumps(unicodedata.normalize("NFC", text), ensure_ascii=False)


def evidence_lines(rule: dict, why: str) -> list[str]:
    """The `why`, `examples` and `counterexamples` lines of a generated rule."""
    lines = [f"    why: {q(why)}", "    examples:"]
    for ex in rule["examples"]:
        lines.append(f"      - before: {q(ex['before'])}")
        lines.append(f"        after: {q(ex['after'])}")
    lines.append("    counterexamples:")
    lines += [f"      - {q(c)}" for c in rule["counterexamples"]]
    return lines

"""The pack's YAML."""
from __future__ import annotations

import regex
import yaml

from .rules import Spec, _slug

# PyYAML quotes and escapes each value; the layout around them (one rule after another,
# each with the comment that gives its evidence) is written here, since PyYAML writes no
# comments.


def quoted(text: str) -> str:
    """A double-quoted YAML scalar: any text, escaped as YAML needs, on one line."""
    return _scalar(text, '"')


def quoted_pattern(text: str) -> str:
    """A single-quoted YAML scalar where it can be (a regex's backslashes stay as written),
    else double-quoted (PyYAML would write line breaks such as U+0085 raw in single quotes)."""
    return _scalar(text, '"' if _BREAKS.search(text) else "'")


def _scalar(text: str, style: str) -> str:
    dumped = yaml.safe_dump(text, default_style=style, allow_unicode=True, width=1 << 30)
    return dumped.removesuffix("\n...\n").rstrip("\n")


_BREAKS = regex.compile("[\n\r\x85\u2028\u2029]")
# What a comment cannot hold: control characters, line breaks, a byte order mark.
_NON_PRINTABLE = regex.compile("[^\x09\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\ufeff\u2028\u2029]")


def _comment(text: str) -> str:
    return _NON_PRINTABLE.sub("?", text.replace("\n", " "))


def render(specs: list[Spec], site: str, pages: int, min_share: float, min_pages: int,
           evidence: bool = True) -> str:
    """The pack's YAML. Without `evidence`, placeholders stand in for examples (a draft
    the engine can load to compute the real ones)."""
    out = [
        f"# Site pack proposed by `cleantext learn` from {pages} pages of {site}",
        f"# (--min-share {min_share:g}: a line must be on at least {min_pages} pages).",
        "# Every rule passed its examples and counterexamples when written; read the lines",
        "# before use: a line repeated on every page you gave may still be article text.",
        f"site: {quoted(site)}",
        f"pack: {quoted(_slug(site, 80))}",
        f"description: {quoted(f'Chrome of {site} learned from {pages} pages by cleantext learn.')}",
        "rules:" if specs else "rules: []",
    ]
    for spec in specs:
        out.append("")
        out.extend(f"  # {_comment(c)}" for c in spec.comment)
        out.append(f"  - id: {spec.id}")
        out.append(f"    kind: {spec.kind}")
        if spec.match is not None:
            out.append(f"    match: {quoted_pattern(spec.match)}")
        if spec.lines:
            out.append("    lines:")
            out.extend(f"      - {quoted(text)}  # {_comment(note)}" for text, note in spec.lines)
        if spec.where != "anywhere":
            out.append(f"    where: {spec.where}")
            out.append(f"    within: {spec.within}")
        out.append(f"    why: {quoted(spec.why)}")
        examples = spec.examples if evidence else [("x", "x")]
        counter = spec.counterexamples if evidence else ["x"]
        out.append("    examples:")
        for before, after in examples:
            out.append(f"      - before: {quoted(before)}")
            out.append(f"        after: {quoted(after)}")
        out.append("    counterexamples:")
        out.extend(f"      - {quoted(c)}" for c in counter)
    return "\n".join(out) + "\n"

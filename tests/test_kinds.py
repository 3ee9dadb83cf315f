"""The rule-kind registry: every kind module is in it, its order is the order kinds
apply, and docs/rules.md's kind tables are written from it."""
from __future__ import annotations

import sys
from pathlib import Path

from cleantext import Cleaner, lines
from cleantext.kinds import BY_NAME, KINDS, LINE_KINDS, ORDER
from cleantext.kinds.base import InlineKind, LineKind

from .conftest import write_pack

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import build_kinds_doc  # noqa: E402

BOTH = """
rules:
  - id: marker
    kind: drop_line
    match: '^MARK$'
    why: t
    examples: [{before: "a\\nMARK", after: "a\\n"}]
    counterexamples: ["a MARK"]
  - id: cut
    kind: truncate_after
    match: '^MARK$'
    why: t
    examples: [{before: "a\\nMARK\\nb", after: "a\\n"}]
    counterexamples: ["a MARK"]
"""


def test_every_kind_module_is_registered_once_under_its_own_name():
    modules = {p.stem for p in (ROOT / "cleantext" / "kinds").glob("*.py")} - {"__init__", "base"}
    assert sorted(ORDER) == sorted(modules) and len(set(ORDER)) == len(ORDER)
    assert [k.name for k in KINDS] == list(ORDER) and set(BY_NAME) == modules
    assert all(isinstance(k, (LineKind, InlineKind)) or k.find_body for k in KINDS)


def test_line_kinds_come_before_inline_kinds():
    phases = [k.is_line for k in KINDS]
    assert phases == sorted(phases, reverse=True)


def test_a_line_two_kinds_would_remove_is_credited_to_the_kind_listed_first(tmp_path, monkeypatch):
    pack = write_pack(tmp_path, BOTH)
    text = "The council met on Monday to vote on the budget.\nMARK\nMore."

    def credited() -> dict[str, str]:
        result = Cleaner(rules=[pack], builtin=False).clean(text)
        assert not result.guarded
        return {c.before.split("\n")[0]: c.rule_id for c in result.changes}

    assert [k.name for k in LINE_KINDS].index("truncate_after") < [k.name for k in LINE_KINDS].index("drop_line")
    assert credited()["MARK"] == "user.cut"
    monkeypatch.setattr(lines, "LINE_KINDS", tuple(reversed(LINE_KINDS)))
    assert credited()["MARK"] == "user.marker"


def test_the_kind_tables_in_docs_rules_md_are_written_from_the_registry():
    assert build_kinds_doc.main(["--check"]) == 0
    doc = build_kinds_doc.DOC.read_text(encoding="utf-8")
    positions = [doc.index(f"| `{k.name}` |") for k in KINDS]
    assert positions == sorted(positions)  # in the order they apply

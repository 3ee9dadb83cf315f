"""truncate_late: a marker ends the document only where most of its words are above it."""
from __future__ import annotations

import pytest

from cleantext import Cleaner, RuleFileError

from .conftest import write_pack

PACK = """
rules:
  - id: thread
    kind: truncate_late
    match: '^\\d+ Comments$'
    min_before: 0.5
    why: t
    examples: [{before: "The council met on Monday to vote on the budget.\\n2 Comments\\nGreat!", after: "The council met on Monday to vote on the budget.\\n"}]
    counterexamples: ["2 Comments\\nThe council met on Monday to vote on the budget."]
"""
ARTICLE = "The council met on Monday and voted for the budget after a long and bitter debate."


def cleaner(tmp_path) -> Cleaner:
    return Cleaner(rules=[write_pack(tmp_path, PACK)], builtin=False)


def test_a_marker_below_most_of_the_words_ends_the_document(tmp_path):
    result = cleaner(tmp_path).clean(f"{ARTICLE}\n{ARTICLE}\n3 Comments\nGreat news!\nAbout time.\n")
    assert result.text == f"{ARTICLE}\n{ARTICLE}\n"
    assert [c.rule_id for c in result.changes] == ["user.thread"]


def test_a_marker_above_most_of_the_words_is_not_the_end(tmp_path):
    text = f"Budget approved\n3 Comments\n{ARTICLE}\n{ARTICLE}\n"
    assert cleaner(tmp_path).clean(text).text == text


def test_the_first_marker_late_enough_is_the_one(tmp_path):
    text = f"3 Comments\n{ARTICLE}\n{ARTICLE}\n{ARTICLE}\n5 Comments\nGreat news!\n"
    assert cleaner(tmp_path).clean(text).text == f"3 Comments\n{ARTICLE}\n{ARTICLE}\n{ARTICLE}\n"


def test_min_before_is_required(tmp_path):
    with pytest.raises(RuleFileError, match="min_before"):
        Cleaner(rules=[write_pack(tmp_path, PACK.replace("    min_before: 0.5\n", ""))], builtin=False)

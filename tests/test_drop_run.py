"""drop_run: lines go only when every line of their run (one list's items) would go."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Cleaner, replay

from .conftest import write_pack

PACK = """
rules:
  - id: tags
    kind: drop_run
    run: '^- '
    match: '^- [A-Z][a-z]+$'
    why: t
    examples: [{before: "The council met on Monday to vote on the budget.\\n- Politics\\n- Budget", after: "The council met on Monday to vote on the budget.\\n"}]
    counterexamples: ["The council met on Monday.\\n- Politics\\n- the budget vote"]
"""
ARTICLE = "The council met on Monday and voted for the budget after a long and bitter debate."


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> Cleaner:
    return Cleaner(rules=[write_pack(tmp_path_factory.mktemp("pack"), PACK)], builtin=False)


def test_a_run_of_matching_lines_goes_and_blank_lines_do_not_end_it(runs):
    text = f"{ARTICLE}\n\n- Politics\n\n- Budget\n- Council\n"
    result = runs.clean(text)
    assert result.text == f"{ARTICLE}\n"
    assert {c.rule_id for c in result.changes} == {"user.tags"}
    assert replay(text, result.changes) == result.text


def test_one_line_of_the_run_that_does_not_match_keeps_the_whole_run(runs):
    for spared in ("- the budget vote", "- Budget cuts for schools"):
        text = f"{ARTICLE}\n- Politics\n{spared}\n- Council\n"
        assert runs.clean(text).text == text


def test_a_line_outside_the_run_ends_it(runs):
    text = f"{ARTICLE}\n- the budget vote\n{ARTICLE}\n- Politics\n- Council\n"
    assert runs.clean(text).text == f"{ARTICLE}\n- the budget vote\n{ARTICLE}\n"


def test_the_built_in_rule_spares_the_short_last_items_of_a_real_list():
    tail = "• Relevant building restrictions\n• Planning permission"
    real_list = f"Sellers must hand over:\n\n• FENSA certificates for replacement windows\n{tail}\n"
    tags = f"{ARTICLE}\n\n• Breaking News\n• Local schools\n"
    builtin = Cleaner(select=["chrome.tag-bullets"])
    assert builtin.clean(real_list).text == real_list
    assert builtin.clean(tags).text == f"{ARTICLE}\n"


def _expected_lines(lines: list[str]) -> list[str]:
    """The non-blank lines that stay: a run of "- " items (blank lines between allowed)
    goes when every item in it matches."""
    kept, run = [], []
    for line in [*lines, ARTICLE]:
        if line.startswith("- "):
            run.append(line)
        elif line:
            kept += [] if all(item == "- Politics" for item in run) else run
            kept.append(line)
            run = []
    return kept[:-1]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["- Politics", "- the vote", "", ARTICLE]), max_size=12))
def test_a_line_goes_only_with_its_whole_run_and_a_second_run_removes_nothing(runs, lines):
    text = "\n".join([ARTICLE, ARTICLE, *lines])
    once = runs.clean(text)
    if not once.guarded:
        assert [line for line in once.text.split("\n") if line] == _expected_lines([ARTICLE, ARTICLE, *lines])
    assert runs.clean(once.text).changes == ()

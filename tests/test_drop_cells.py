"""drop_cells: menu cells inside flattened layout-table rows, cut cell by cell."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Cleaner, replay

RULE = "chrome.layout-table-cells"
CELLS = Cleaner(select=[RULE])  # the rule alone, whatever its status
PROSE = ("The council approved the budget on Tuesday after a long debate, and the mayor said "
         "the plan would be reviewed next year.")
INTRO = "Schools across the county reopened on Monday, a week after the river burst its banks."


def test_menu_cells_go_and_each_change_names_its_cells():
    text = f"{INTRO}\n\n| Home | News | Sports | {PROSE} |  | Tags |\n"
    result = CELLS.clean(text)
    assert result.text == f"{INTRO}\n\n| {PROSE} |  |\n"
    assert [(c.rule_id, c.before) for c in result.changes] == [(RULE, "| Home | News | Sports "), (RULE, "| Tags ")]
    assert result.changes[0].note.endswith("Home | News | Sports")
    assert replay(text, result.changes) == result.text


def test_a_data_table_comes_through_unchanged():
    films = ("| Film | Genre | Story |\n"
             f"| Groundhog Day | Comedy | {PROSE} |\n"
             f"| Source Code | Thriller | {PROSE} |\n")
    scores = "| Harbour Town | 3 | Riverside | 1 |\n| Northfield | 0 | Eastgate | 2 |\n"
    prices = f"| Season ticket | £250 | {PROSE} |\n"
    settings_rows = f"| Language {PROSE} | Your Default Language |\n| Volume {PROSE} |  |\n"
    for table in (films, scores, prices, settings_rows):
        assert CELLS.clean(f"{INTRO}\n\n{table}").changes == ()


def test_the_rule_is_a_preview_off_by_default():
    text = f"{INTRO}\n\n| Home | News | {PROSE} |\n"
    assert Cleaner().clean(text).text == text
    assert Cleaner(preview=True).clean(text).text == f"{INTRO}\n\n| {PROSE} |\n"


def test_a_row_with_two_prose_cells_or_none_is_left_whole():
    for row in (f"| Home | {PROSE} | {PROSE} |", "| Home | News | Sports |", f"| Home | {INTRO[:30]} |"):
        assert CELLS.clean(f"{INTRO}\n\n{row}\n").changes == ()


def test_the_half_document_guard_counts_cut_words():
    menu = " | ".join(["Latest Video Most Watched Top Stories"] * 4)
    result = CELLS.clean(f"| {PROSE} | {menu} |\n")
    assert result.guarded and result.changes == ()


def test_a_second_run_cuts_nothing_more():
    text = (f"{INTRO}\n\n| Print \\ | {PROSE} |  | More From Forbes.com \\ | Special Reports Subscriptions > |\n"
            f"| {PROSE} | Video Related Stories User Tools |\n\n{INTRO}\n\n| Film | Story |\n| Groundhog Day | {PROSE} |\n")
    once = CELLS.clean(text)
    assert [c.rule_id for c in once.changes] == [RULE] * 3
    assert CELLS.clean(once.text).changes == ()


_cell = st.sampled_from(["", "Home", "News", "Video Related Stories", "Tags", "1993", "£250", PROSE, INTRO])
_row = st.lists(_cell, min_size=1, max_size=5).map(lambda cells: "| " + " | ".join(cells) + " |")


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.one_of(_row, st.just(""), st.just(INTRO)), min_size=1, max_size=8))
def test_rows_of_any_cells_are_cut_idempotently_and_replayably(lines):
    text = "\n".join(lines)
    result = CELLS.clean(text)
    assert replay(text, result.changes) == result.text
    assert CELLS.clean(result.text).text == result.text

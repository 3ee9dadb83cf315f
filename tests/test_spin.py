"""Spin judgement: evidence pooled per document gates contextual repairs."""
from __future__ import annotations

import pytest

from cleantext import Cleaner
from cleantext.spin import Evidence

from .conftest import PACKS

SPUN = ("The attack began within the hourly hours. Officials stated it was planned within the capital. "
        "He stated a brand new plan. \u201cWe stated nothing,\u201d one mentioned.")
CLEAN = "Officials said the stated goal was met in the capital. He announced a brand new plan within the hour."


def cleaner(**kw) -> Cleaner:
    return Cleaner(rules=[PACKS / "spin_demo.yml"], builtin=False, **kw)


def test_spun_document_is_repaired_consistently_and_quotes_are_kept():
    result = cleaner().clean(SPUN, lang="en")
    assert result.spun and result.spin_score >= 0.5  # one fingerprint, three consistent swaps: the bar
    assert result.text == ("The attack began in the early hours. Officials said it was planned in the capital. "
                           "He said a new plan. \u201cWe stated nothing,\u201d one said.")


def test_clean_document_is_not_judged_spun_and_not_touched():
    result = cleaner().clean(CLEAN, lang="en")
    assert not result.spun and result.text == CLEAN


def test_a_swap_whose_original_appears_is_not_reversed_even_when_spun():
    text = SPUN + " Later she said she was in the city. Talks ran into the hourly hours, twice: hourly hours."
    result = cleaner().clean(text, lang="en")
    assert result.spun
    assert "stated it was planned" in result.text and "planned within the capital" in result.text
    assert "early hours" in result.text and "He stated a new plan" in result.text
    assert "began within the early hours" in result.text


def test_flag_mode_scores_without_changing_and_off_mode_does_neither():
    flagged = cleaner(spin="flag").clean(SPUN, lang="en")
    assert flagged.spun and flagged.text == SPUN
    off = cleaner(spin="off").clean(SPUN, lang="en")
    assert off.spin_score is None and off.text == SPUN
    with pytest.raises(ValueError):
        cleaner(spin="maybe")


def test_no_score_where_no_spinner_rule_applies():
    assert cleaner().clean(SPUN, lang="de").spin_score is None


def test_score_rises_with_evidence_and_falls_with_counter_evidence():
    assert Evidence(0, 0, 0).score < Evidence(0, 3, 0).score < Evidence(1, 3, 0).score
    assert Evidence(1, 3, 3).score < Evidence(1, 3, 0).score

"""The five seed articles against their reviewed cleaned text (seeds/expected/)."""
from __future__ import annotations

from pathlib import Path

import pytest

from cleantext import Cleaner, replay

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))
CLEANER = Cleaner()


def test_all_five_seeds_are_here():
    assert len(NAMES) == 5 and all((SEEDS / "expected" / n).exists() for n in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_seed_cleans_to_its_expected_text(name):
    text = (SEEDS / name).read_text(encoding="utf-8")
    result = CLEANER.clean(text)
    assert result.text == (SEEDS / "expected" / name).read_text(encoding="utf-8")
    assert replay(text, result.changes) == result.text
    assert CLEANER.clean(result.text).text == result.text


@pytest.mark.parametrize("name", [n for n in NAMES if not n.startswith("003")])
def test_non_spun_seeds_change_only_in_chrome_names_and_layout(name):
    result = CLEANER.clean((SEEDS / name).read_text(encoding="utf-8"))
    packs = {c.rule_id.split(".")[0] for c in result.changes}
    assert packs <= {"chrome", "names", "tidy", "unicode"}, packs

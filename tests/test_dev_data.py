"""Quality gates on the team's development sets in ../shared/dev-data (scored by ../shared/eval)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cleantext import Cleaner

from .conftest import shared_path

CLEANER = Cleaner()


def test_default_rules_leave_the_clean_articles_byte_identical():
    orig = shared_path("dev-data", "spin", "orig")
    changed = [p.name for p in sorted(orig.glob("*.txt"))
               if CLEANER.clean(p.read_text(encoding="utf-8")).text != p.read_text(encoding="utf-8")]
    assert len(list(orig.glob("*.txt"))) == 60 and changed == []


SOURCES = ("aeb", "l3s", "readability", "chaos", "big9")


def _score_chrome(pred: Path, ids_file: Path) -> dict[str, float]:
    scorer = shared_path("eval", "score_chrome.py")
    docs = shared_path("dev-data", "chrome", "docs")
    out = subprocess.run([sys.executable, str(scorer), "--gold", str(docs), "--pred", str(pred),
                          "--pred-name", "traf.txt", "--ids-file", str(ids_file)],
                         capture_output=True, text=True, check=True)
    last = out.stdout.strip().splitlines()[-1]
    return {k: float(v) for k, v in (part.split("=") for part in last.split())}


def test_default_rules_do_not_lower_trafilatura_chrome_score_on_any_source(tmp_path):
    """Per source and on the whole set: cleaning trafilatura's text never lowers its F1."""
    chrome = shared_path("dev-data", "chrome")
    docs = chrome / "docs"
    for doc in sorted(docs.iterdir()):
        text = (doc / "traf.txt").read_text(encoding="utf-8")
        result = CLEANER.clean(text)
        assert result.text.strip(), f"{doc.name} was emptied"
        (tmp_path / f"{doc.name}.txt").write_text(result.text, encoding="utf-8")
    scores = {}
    for source in SOURCES + ("",):
        ids = chrome / (f"dev_{source}.txt" if source else "dev.txt")
        scores[source or "all"] = (_score_chrome(docs, ids)["F1"], _score_chrome(tmp_path, ids)["F1"])
    assert len(scores) == len(SOURCES) + 1
    assert all(after >= before for before, after in scores.values()), scores


def test_clean_articles_from_other_sites_are_not_judged_spun():
    """The chrome set's annotated article bodies are clean news from 48 other sites:
    no spinner rule may touch them."""
    docs = shared_path("dev-data", "chrome", "docs")
    touched = {}
    for doc in sorted(docs.iterdir()):
        result = CLEANER.clean((doc / "gold.txt").read_text(encoding="utf-8"))
        spinner = [c for c in result.changes if c.rule_id.startswith("spinner-en")]
        if result.spun or spinner:
            touched[doc.name] = (result.spin_score, spinner)
    assert touched == {}

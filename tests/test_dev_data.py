"""Quality gates on the team's development sets in ../shared/dev-data (scored by ../shared/eval)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleantext import Cleaner
from cleantext.prose import is_prose

from .conftest import shared_path

CLEANER = Cleaner()


def test_default_rules_leave_the_clean_articles_byte_identical():
    orig = shared_path("dev-data", "spin", "orig")
    changed = [p.name for p in sorted(orig.glob("*.txt"))
               if CLEANER.clean(p.read_text(encoding="utf-8")).text != p.read_text(encoding="utf-8")]
    assert len(list(orig.glob("*.txt"))) == 60 and changed == []


ITEM_MARKS = ("•", "-", "*", "·", "▪")


def _neighbours(lines: list[str], i: int) -> tuple[str, str]:
    """The nearest non-blank lines before and after line i."""
    before = next((line for line in reversed(lines[:i]) if line.strip()), "")
    after = next((line for line in lines[i + 1:] if line.strip()), "")
    return before.strip(), after.strip()


def _false_removal(lines: list[str], i: int) -> str | None:
    """What a removed line of a clean article is, if it is one of the kinds the default rules
    must keep (issue 16, part 4): an all-caps subheading over a paragraph, or an item of a
    list whose neighbours are items too."""
    line = lines[i].strip()
    before, after = _neighbours(lines, i)
    if len(line.split()) >= 3 and line.upper() == line and any(c.isalpha() for c in line) and is_prose(after):
        return "an all-caps subheading"
    if line[:1] in ITEM_MARKS and line[:1] == before[:1] == after[:1]:
        return "a list item"
    return None


@pytest.fixture(scope="module")
def caution_false_removals() -> list[tuple[str, str]]:
    """(kind, where and what) for each removal by the default rules, on the caution corpus
    (clean articles in five languages), of a line of a kind they must keep."""
    found = []
    for name in ("english.jsonl", "other-languages.jsonl"):
        for n, line in enumerate(shared_path("dev-data", "caution", name).read_text(encoding="utf-8").splitlines()):
            text = json.loads(line)["text"]
            lines = text.split("\n")
            for change in CLEANER.clean(text).changes:
                removed = change.before.strip()
                if change.after.strip() or not removed or "\n" in removed:
                    continue  # not the removal of one line
                # The change starts at change.line; blank lines before the removed one may come first.
                i = change.line - 1 + change.before[:change.before.index(removed)].count("\n")
                kind = _false_removal(lines, i)
                if kind:
                    found.append((kind, f"{name}:{n + 1} {change.rule_id}: {removed!r}"))
    return found


@pytest.mark.parametrize("kind", ["an all-caps subheading", "a list item"])
def test_default_rules_keep_subheadings_and_list_items_of_clean_articles(caution_false_removals, kind):
    """No all-caps subheading and no item inside a list of a clean article is removed (13
    subheadings were, by a rule since removed: shouted-headline-link; one list item by
    chrome.tag-bullets, before it judged the list whole)."""
    assert [where for found, where in caution_false_removals if found == kind] == []

SOURCES = ("aeb", "l3s", "readability", "chaos", "big9")


def _score_chrome(pred: Path, ids_file: Path) -> float:
    scorer = shared_path("eval", "score_chrome.py")
    docs = shared_path("dev-data", "chrome", "docs")
    out = subprocess.run([sys.executable, str(scorer), "--gold", str(docs), "--pred", str(pred),
                          "--pred-name", "traf.txt", "--ids-file", str(ids_file)],
                         capture_output=True, text=True, check=True)
    last = out.stdout.strip().splitlines()[-1]
    return dict(part.split("=") for part in last.split())["F1"]


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory) -> dict[bool, Path]:
    """Trafilatura's text of every chrome dev page cleaned by the default rules and
    with the preview rules too (among them the line model)."""
    docs = shared_path("dev-data", "chrome", "docs")
    out = {}
    for preview, cleaner in ((False, CLEANER), (True, Cleaner(preview=True))):
        folder = out[preview] = tmp_path_factory.mktemp("preview" if preview else "default")
        for doc in sorted(docs.iterdir()):
            result = cleaner.clean((doc / "traf.txt").read_text(encoding="utf-8"))
            assert result.text.strip(), f"{doc.name} was emptied"
            (folder / f"{doc.name}.txt").write_text(result.text, encoding="utf-8")
    return out


@pytest.mark.parametrize("source,preview", [
    pytest.param(source, preview, id=f"{source}-{'preview' if preview else 'default'}")
    for source in (*SOURCES, "all") for preview in (False, True)])
def test_cleaning_does_not_lower_trafilatura_chrome_score(cleaned, source, preview):
    """Per source and on the whole set: cleaning trafilatura's text never lowers its F1."""
    chrome = shared_path("dev-data", "chrome")
    ids = chrome / (f"dev_{source}.txt" if source != "all" else "dev.txt")
    before, after = float(_score_chrome(chrome / "docs", ids)), float(_score_chrome(cleaned[preview], ids))
    assert after >= before, (source, before, after)


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

"""The body model of `--body` (cleantext.body: BODY_FEATURES, rules/models/body-lines.json)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Cleaner, body
from cleantext.body import BODY_FEATURES, _best_through, body_lines, body_vectors
from cleantext.linemodel import LineModel

from .conftest import shared_path
from .test_body import ARTICLE, LINE, page

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "rules" / "models" / "body-lines.json"

def kept(text: str) -> str:
    lines = text.split("\n")
    return "\n".join(line for line, k in zip(lines, body_lines(lines, "en")) if k)


def test_shipped_model_matches_the_features_and_records_its_data():
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == BODY_FEATURES
    assert data["training_data"] and data["licence_note"]
    LineModel.load(SHIPPED, BODY_FEATURES)


def test_a_model_of_other_features_is_refused():
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="other features"):
        LineModel(data, BODY_FEATURES)


def test_a_vector_for_every_line_with_a_word():
    lines = page().split("\n")
    _, vectors = body_vectors(lines, "en")
    for line, x in zip(lines, vectors):
        assert (x is None) == (not any(ch.isalnum() for ch in line))
        assert x is None or len(x) == len(BODY_FEATURES)


def test_best_region_through_each_line():
    assert _best_through([5, -3, 4, -10, 2]) == [6, 6, 6, 0, 2]
    assert _best_through([-1, -1]) == [0, 0]


def test_peer_recipe_pages_keep_their_main_text():
    """The peer's recipe pages (whole-page text): the `with` strings --body keeps and the
    `without` strings it lets through (the rules alone kept 8 of 12, none of the latter)."""
    pages = [json.loads(line) for line in shared_path("dev-data", "peer", "pages.jsonl").read_text(
        encoding="utf-8").splitlines()]
    recipes = [p for p in pages if any(w in p["url"].lower() for w in ("rezept", "recipe"))]
    assert len(recipes) == 4
    cleaner = Cleaner(find_body=True)
    kept_with = let_through = 0
    for rec in recipes:
        out = " ".join(cleaner.clean(rec["page"]).text.split())
        kept_with += sum(" ".join(w.split()) in out for w in rec["with"])
        let_through += sum(" ".join(w.split()) in out for w in rec["without"])
    assert (kept_with, let_through) == (11, 0)


def test_an_article_alone_comes_through_unchanged():
    text = "\n\n".join(ARTICLE + ["Nominees for best actor:", "Jane Porter, The Harbour",
                                  "Tom Reed, Sea Wall", "Ann Lee, Winter Storms"])
    assert Cleaner(find_body=True).clean(text, lang="en").text == text


def test_rules_alone_without_a_model(monkeypatch):
    monkeypatch.setattr(body, "MODEL_FILE", None)
    out = kept(page())
    assert ARTICLE[0] in out and "Privacy policy" not in out


def test_training_reproduces_the_shipped_model():
    shared_path("dev-data", "chrome", "docs")  # skips without the team's dev data
    pytest.importorskip("lightgbm")
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "train_body_model.py"), "--check"],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr


@settings(max_examples=200, deadline=None)
@given(st.lists(LINE, max_size=40), st.sampled_from(["en", "de", "ja", "unknown"]))
def test_properties_on_arbitrary_lines(lines, lang):
    keep = body_lines(lines, lang)
    assert len(keep) == len(lines)
    assert keep == body_lines(list(lines), lang)
    if any(line.strip() for line in lines):
        assert any(keep)
    if any(keep):  # blank lines are kept only next to kept text
        assert any(k for line, k in zip(lines, keep) if line.strip())


def test_synthetic_page_through_the_cleaner():
    out = Cleaner(find_body=True).clean(page(), lang="en").text
    assert all(paragraph in out for paragraph in ARTICLE)
    for chrome in ("Subscribe", "By Jane Porter", "Share this:", "Related stories", "Ferry services", "We use cookies",
                   "Privacy policy", "©"):
        assert chrome not in out, chrome


def test_dev_set_whole_pages_reach_f1_094(tmp_path):
    """The shipped model saw these pages (leave-site-out, with the line rules after it: 0.949)."""
    docs = shared_path("dev-data", "chrome", "docs")
    scorer = shared_path("eval", "score_chrome.py")
    for doc in sorted(docs.iterdir()):
        lines = (doc / "raw.txt").read_text(encoding="utf-8").split("\n")
        keep = body_lines(lines, None)
        (tmp_path / f"{doc.name}.txt").write_text("\n".join(line for line, k in zip(lines, keep) if k),
                                                  encoding="utf-8")
    out = subprocess.run([sys.executable, str(scorer), "--gold", str(docs), "--pred", str(tmp_path)],
                         capture_output=True, text=True, check=True)
    score = {k: float(v) for k, v in (part.split("=") for part in out.stdout.strip().splitlines()[-1].split())}
    assert score["F1"] >= 0.94, out.stdout

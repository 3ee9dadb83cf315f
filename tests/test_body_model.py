"""The body model of `--body` (cleantext.body: BODY_FEATURES, rules/models/body-lines.json)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleantext import Cleaner, body
from cleantext.body import BODY_FEATURES, _best_through, body_lines, body_vectors
from cleantext.linemodel import LineModel

from .conftest import shared_path
from .test_body import ARTICLE, page

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "rules" / "models" / "body-lines.json"

RECIPE = """\
  * Home
  * Recipes
  * Baking
  * Contact

Lemon drizzle cake

A quick loaf cake for an afternoon: the drizzle soaks into the warm sponge and sets as a crisp, sugary top.

Ingredients
  * 225g butter, softened
  * 225g caster sugar
  * 4 eggs
  * 225g self-raising flour
  * 1 lemon, zested and juiced

Method
  1. Heat the oven to 180C and line a loaf tin with baking paper.
  2. Beat the butter and sugar until pale, then add the eggs one at a time.
  3. Fold in the flour and lemon zest, spoon into the tin and bake for 45 minutes.
  4. Mix the lemon juice with sugar and pour it over the cake while it is still warm.

We use cookies to improve your experience on our site and to show you personalised advertising. By continuing to use the site you agree to our use of cookies.
  * Accept
  * Privacy
© 2024 Home Baking Ltd. All rights reserved."""


def kept(text: str) -> str:
    lines = text.split("\n")
    return "\n".join(line for line, k in zip(lines, body_lines(lines, "en")) if k)


def test_shipped_model_matches_the_features_and_records_its_data():
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == BODY_FEATURES
    assert data["training_data"] and data["licence_note"]
    LineModel.load(SHIPPED, BODY_FEATURES)


def test_a_model_of_other_features_is_refused(tmp_path):
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


def test_recipe_keeps_its_lists_and_loses_menu_cookie_notice_and_copyright():
    out = kept(RECIPE)
    for line in ("A quick loaf cake", "225g caster sugar", "1 lemon, zested", "Heat the oven", "Mix the lemon juice"):
        assert line in out, line
    for chrome in ("Recipes", "We use cookies", "Accept", "© 2024"):
        assert chrome not in out, chrome


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

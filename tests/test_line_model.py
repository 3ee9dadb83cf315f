"""The line_model rule kind (cleantext.linemodel): features, inference, the rule, the shipped model."""
from __future__ import annotations

import json
import math
import re
import subprocess
import sys

import pytest

from cleantext import Cleaner
from cleantext.errors import RuleFileError
from cleantext.linemodel import FEATURES, LineModel, chrome_scores, page_features, tokenize

from .conftest import ROOT, shared_path, write_pack

RULE = "chrome.line-model"
MODEL = Cleaner(select=[RULE])
SHIPPED = ROOT / "rules" / "models" / "chrome-lines.json"

PARAGRAPH = ("The council approved the budget on Tuesday after a long debate. Teachers welcomed the extra "
             "money for schools, and the mayor said the plan would be reviewed again next year.")
TABLE_PAGE = MODEL.rule(RULE).examples[0].before


def test_features_cover_the_judged_lines_only():
    """Not blank or word-less lines, prose, nor the first line (the headline, kept)."""
    lines = ["Headline", "", "* * *", PARAGRAPH, "| Home |  | World |", "  "]
    feats = page_features(lines, "en")
    assert [f is not None for f in feats] == [False, False, False, False, True, False]
    assert all(len(f) == len(FEATURES) for f in feats if f is not None)
    assert page_features(lines, "en") == feats  # deterministic


def test_lines_between_prose_lines_are_not_judged():
    """List items, scores and subheadings inside an article are left to the phrase rules."""
    lines = [PARAGRAPH, "WHAT HAPPENS NEXT", "- 200 g flour", "8/10", PARAGRAPH.replace("Tuesday", "Monday")]
    assert page_features(lines, "en")[1:4] == [None, None, None]


def test_training_takes_every_line_with_a_word():
    """Prose, the first line and the lines between paragraphs teach the model what article
    lines look like; flags say which are prose and which is first."""
    lines = [PARAGRAPH, "WHAT HAPPENS NEXT", "", "* * *", "- 200 g flour", "8/10", PARAGRAPH.replace("Tuesday", "Monday")]
    feats = page_features(lines, "en", inside=True)
    assert [f is not None for f in feats] == [True, True, False, False, True, True, True]
    prose, first = FEATURES.index("prose"), FEATURES.index("first")
    assert [(f[prose], f[first]) for f in feats if f is not None] == [
        (True, True), (False, False), (False, False), (False, False), (True, False)]


@pytest.mark.parametrize(("first", "judged"), [
    ("| Home |  | News |  | Sport |", True),  # a flattened layout's menu row
    ("|  | U.S. \\| EUROPE \\| ASIA |  | HOME PAGE |  |", True),
    ("| Council approves new budget |", False),  # one cell: the headline of a table layout
    ("Council approves new budget", False),
    ("Budget \\| Council", False),  # an escaped pipe is no cell border
])
def test_the_first_line_is_judged_only_as_a_row_of_cells(first, judged):
    """A headline is not a row of two or more cells with words; such a first row is a menu,
    date line or banner."""
    feats = page_features([first, PARAGRAPH, "Back to top"], "en")
    assert (feats[0] is not None, feats[2] is not None) == (judged, True)


LISTING = ("Budget 2026: roads, schools, harbour wall, bus route, hospital parking, library, classrooms, "
           "fees, shops, signatures.")
LAYOUTS = {
    "no prose": ["Headline", "| Home |", "World", "Sport"],
    "one prose line": ["Headline", "| Home |", PARAGRAPH, "Back to top"],
    "prose headline": [PARAGRAPH, "| Home |", PARAGRAPH.upper(), "Back to top", PARAGRAPH, "Tags: budget"],
    "prose at both ends": [PARAGRAPH, "Related:", PARAGRAPH.lower()],
    # prose for its neighbours (a long line ending a sentence) but judged itself: few stopwords
    "listing ends": ["Headline", LISTING, "| Home |", PARAGRAPH, "Back to top", LISTING, "Tags: budget"],
    "table rows": ["Headline", f"| {PARAGRAPH} |", "|  | More >> |", f"| {PARAGRAPH.lower()} |", "| Top |"],
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_the_judged_lines_are_those_outside_the_span_of_prose_lines(layout):
    """The judged lines are found from each end without reading the middle of the page;
    they are exactly the lines, of those training takes, that do not read as prose and are
    not the first, with no prose line above or none below."""
    from cleantext.linemodel import PROSE, _Own, _reads_as_prose, stopwords

    lines = LAYOUTS[layout]
    stop = stopwords("en")
    own = [_Own(line) for line in lines]
    prose = [x.long_prose or (_reads_as_prose(x, _share(x, stop), stop) and x.text.count(" ") >= 5)
             or (len(x.text) >= PROSE and x.terminal) for x in own]
    inside = page_features(lines, "en", inside=True)
    alone = FEATURES.index("prose")
    expected = [x is not None and k > 0 and not x[alone] and (not any(prose[:k]) or not any(prose[k + 1:]))
                for k, x in enumerate(inside)]
    feats = page_features(lines, "en")
    assert [f is not None for f in feats] == expected
    assert all(f == inside[k] for k, f in enumerate(feats) if f is not None)


def test_prose_lines_are_those_the_model_never_judges():
    from cleantext.linemodel import prose_lines

    lines = ["Headline", "", PARAGRAPH, "| Home |  | World |", f"| {PARAGRAPH} |  |", LISTING]
    prose = prose_lines(lines, "en")
    assert prose == [False, False, True, False, True, False]
    inside = page_features(lines, "en", inside=True)
    assert [f[FEATURES.index("prose")] for f in inside if f is not None] == [p for p, f in zip(prose, inside) if f]


def _share(line, stop):
    tokens = line.tokens
    return sum(t in stop for t in tokens) / len(tokens) if tokens else 0.0


@pytest.mark.parametrize("text", ["Grüße, l'été – naïve_case 3½ x²", "日本語のテキスト، عربي ٣", "a\u0301b\u200dc ǅemal"])
def test_tokens_are_the_runs_of_word_characters(text):
    assert tokenize(text) == re.findall(r"\w+", text.lower())


def test_a_table_row_with_a_prose_cell_is_not_judged():
    lines = ["Headline", f"| {PARAGRAPH} |  |", "|  | Back to Top |"]
    feats = page_features(lines, "en")
    assert feats[1] is None and feats[2] is not None


def test_long_articles_do_not_turn_into_chrome_far_down():
    paragraphs = [f"{PARAGRAPH} This was point {n} of the debate, which went on late into the night." for n in range(80)]
    text = "Council approves new budget\n\n" + "\n\nWHAT THE PLAN MEANS\n\n".join(paragraphs)
    assert MODEL.clean(text).text == text


def test_the_first_line_is_the_headline_and_stays():
    lines = ["| Council approves new budget |", "| Home |  | News |  | Sport |", PARAGRAPH]
    scores = chrome_scores(LineModel.load(SHIPPED), lines)
    assert 0 not in scores and 1 in scores


def test_the_model_runs_once_the_pattern_rules_are_done(monkeypatch):
    """A pass where a pattern rule removed a line is not judged: the next one, on what
    is left, is (so the model sees what it was trained on, and runs once here)."""
    import cleantext.kinds.line_model as kind

    calls: list[int] = []

    def counted(model, lines, lang=None):
        calls.append(len(lines))
        return chrome_scores(model, lines, lang)

    monkeypatch.setattr(kind, "chrome_scores", counted)
    cleaner = Cleaner(preview=True, select=[RULE, "chrome.share-prompt"])
    text = f"Council approves new budget\nShare on Facebook\n{PARAGRAPH}"
    result = cleaner.clean(text)
    assert [c.rule_id for c in result.changes if not c.rule_id.startswith("tidy.")] == ["chrome.share-prompt"]
    assert len(calls) == 1 and calls[0] == 2


def test_each_removal_is_explained_with_its_score():
    removals = [c for c in MODEL.clean(TABLE_PAGE).changes if not c.rule_id.startswith("tidy.")]
    assert len(removals) == 1 and all(c.rule_id == RULE for c in removals)
    for change in removals:
        score = float(change.note.removeprefix("score "))
        assert MODEL.rule(RULE).threshold <= score <= 1


def test_explain_prints_the_score(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(TABLE_PAGE, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "cleantext", "explain", "--preview", str(page)], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    assert f"{RULE} " in out and "(score 0." in out


def test_tree_inference_is_the_logistic_of_the_leaf_sum(tmp_path):
    data = {"features": list(FEATURES), "bias": 0.5, "trees": [
        {"feature": [0], "threshold": [10.0], "left": [~0], "right": [~1], "leaf": [-1.0, 2.0]},
        {"feature": [3, 1], "threshold": [0.5, 2.0], "left": [~0, ~1], "right": [1, ~2], "leaf": [0.25, -0.5, 1.0]},
    ]}
    model = LineModel(data)
    x = [0.0] * len(FEATURES)
    x[0], x[3], x[1] = 12, 1, 3  # right in tree 1 (2.0); tree 2: right, then right (1.0)
    assert model.score(x) == pytest.approx(1 / (1 + math.exp(-(0.5 + 2.0 + 1.0))))
    x[0], x[3] = 5, 0  # left in both: -1.0 and 0.25
    assert model.score(x) == pytest.approx(1 / (1 + math.exp(-(0.5 - 1.0 + 0.25))))


def test_a_model_with_a_nan_is_refused():
    tree = {"feature": [0], "threshold": [float("nan")], "left": [~0], "right": [~1], "leaf": [0.0, 1.0]}
    with pytest.raises(ValueError, match="NaN"):
        LineModel({"features": list(FEATURES), "bias": 0.0, "trees": [tree]})


def test_a_model_with_a_loop_in_a_tree_is_refused():
    tree = {"feature": [0], "threshold": [1.0], "left": [0], "right": [~0], "leaf": [0.0]}
    with pytest.raises(ValueError, match="deeper than"):
        LineModel({"features": list(FEATURES), "bias": 0.0, "trees": [tree]})


def test_a_model_for_other_features_is_refused():
    with pytest.raises(ValueError, match="other features"):
        LineModel({"features": ["chars"], "bias": 0.0, "trees": []})


def test_the_shipped_model_names_its_training_data_and_licences():
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES)
    text = json.dumps(data["training_data"])
    assert "MIT" in text and "Apache-2.0" in text and "research use only" in text
    assert data["lines"]["article"] > 0 and data["lines"]["chrome"] > 0


def test_a_user_rule_retunes_the_threshold(tmp_path):
    write_pack(tmp_path, f"""pack: mine
rules:
  - id: lines
    kind: line_model
    model: {SHIPPED}
    threshold: 0.99
    why: A higher threshold than the built-in rule's.
    examples:
      - before: "a"
        after: "a"
    counterexamples:
      - "a"
""")
    strict = Cleaner(rules=[tmp_path], select=["mine.lines"])
    assert "Story Index" not in MODEL.clean(TABLE_PAGE).text and "Story Index" in strict.clean(TABLE_PAGE).text


@pytest.mark.parametrize("threshold", ["0", "1.5", "yes"])
def test_a_threshold_outside_zero_to_one_is_an_error(tmp_path, threshold):
    write_pack(tmp_path, f"""pack: mine
rules:
  - id: lines
    kind: line_model
    model: {SHIPPED}
    threshold: {threshold}
    why: Wrong.
    examples:
      - before: "a"
        after: "a"
    counterexamples:
      - "a"
""")
    with pytest.raises(RuleFileError, match="CT006"):
        Cleaner(rules=[tmp_path])


def test_the_shipped_model_is_what_the_training_script_makes():
    shared_path("dev-data", "chrome", "docs")
    shared_path("dev-data", "peer", "pages.jsonl")
    pytest.importorskip("lightgbm", reason="training needs tools/line_model/requirements.txt")
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "train_line_model.py"), "--check"],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr

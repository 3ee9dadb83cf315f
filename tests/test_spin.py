"""Spin judgement: rates of several kinds of evidence give a calibrated score, which gates
contextual repairs; fingerprints are always repaired; quotations are never rewritten."""
from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Cleaner, spin, spin_gate
from cleantext.spin import FAMILIES, SPUN_AT, Evidence, judge

from .conftest import PACKS, ROOT, shared_path

SPUN = ("The attack began within the hourly hours. Officials stated it was planned within the capital. "
        "He stated a brand new plan. \u201cWe stated nothing,\u201d one mentioned.")
CLEAN = "Officials said the stated goal was met in the capital. He announced a brand new plan within the hour."
# Neutral prose with no substitute of the word data and no spinner trigger.
FILLER = "The team met on Monday and the vote was in the town hall after the long talk. "


def cleaner(**kw) -> Cleaner:
    return Cleaner(rules=[PACKS / "spin_demo.yml"], builtin=False, **kw)


@pytest.fixture
def lenient(monkeypatch):
    """A model that judges any consistent swap spun, to test the gating apart from the weights."""
    model = {**spin.model(), "min_words": 1,
             "signatures": {"per-document": {"bias": -1.0, "weights": {"consistent": 1.0}, "caps": {}}}}
    monkeypatch.setattr(spin, "model", lambda: model)


def test_spun_document_is_repaired_consistently_and_quotes_are_kept(lenient):
    result = cleaner().clean(SPUN, lang="en")
    assert result.spin_score >= spin.REPAIR_AT
    assert result.text == ("The attack began in the early hours. Officials said it was planned in the capital. "
                           "He said a new plan. \u201cWe stated nothing,\u201d one said.")


def test_a_swap_whose_original_appears_is_not_reversed_even_when_spun(lenient):
    text = SPUN + " Later she said she was in the city. Talks ran into the hourly hours, twice: hourly hours."
    result = cleaner().clean(text, lang="en")
    assert result.spin_score >= spin.REPAIR_AT
    assert "stated it was planned" in result.text and "planned within the capital" in result.text
    assert "early hours" in result.text and "He stated a new plan" in result.text


@pytest.fixture
def two_spinners(monkeypatch):
    """A model where consistent swaps point to a per-document spinner and substitutes to a
    per-occurrence one, to test which signature lets contextual swaps through."""
    model = {**spin.model(), "min_words": 1, "signatures": {
        "per-document": {"bias": -1.0, "weights": {"consistent": 1.0}, "caps": {}},
        "per-occurrence": {"bias": -1.0, "weights": {"substitutes": 1.0}, "caps": {}}}}
    monkeypatch.setattr(spin, "model", lambda: model)


def test_contextual_swaps_need_the_per_document_signature(two_spinners):
    # Substitutes ("commence" without "begin") make the per-occurrence signature explain the
    # document better: an absent "said" then says nothing about "stated", and only the
    # fingerprint is repaired.
    text = SPUN + " The talks will commence soon, the envoy will endeavour to attend."
    result = cleaner().clean(text, lang="en")
    assert result.spin_score >= spin.REPAIR_AT
    assert spin.signature(spin.model(), result.spin_evidence.features()) == "per-occurrence"
    assert "early hours" in result.text and "Officials stated it was planned within the capital" in result.text
    alone = cleaner().clean(SPUN, lang="en")  # without them the per-document signature explains it
    assert "Officials said it was planned in the capital" in alone.text


def test_the_shipped_judge_is_what_the_training_script_makes():
    """The judge learns from the clean chrome gold bodies as cleaned and from the generated
    families: a change of rules or data that the shipped model has not followed fails here."""
    shared_path("dev-data", "spin")
    shared_path("dev-data", "chrome", "docs")
    for thesaurus in (Path("/usr/share/aiksaurus"), Path("/usr/share/mythes/th_en_US_v2.dat")):
        if not thesaurus.exists():
            pytest.skip(f"{thesaurus} is absent: the generated families need Debian's libaiksaurus-1.2-data "
                        "and mythes-en-us (tools/spinner/requirements.txt)")
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "spinner" / "train_judge.py"), "--check"],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_shipped_judge_has_the_signature_the_gate_needs():
    # spin_gate reverses contextual swaps only under this signature: a retrained judge that
    # renamed or dropped it would silently switch contextual repair off.
    assert spin_gate.CONSISTENT_SIGNATURE in spin.model()["signatures"]


def test_embedded_posts_are_never_rewritten(lenient):
    post = ("Talks ran into the hourly hours, we stated within the hall. pic.twitter.com/x1\n"
            "\u2014 Jane Doe (@janedoe) March 3, 2020")
    result = cleaner().clean(SPUN + "\n\n" + post, lang="en")
    assert result.spin_score >= spin.REPAIR_AT
    assert result.text.startswith("The attack began in the early hours.") and result.text.endswith(post)


def test_below_the_repair_bar_only_fingerprints_are_repaired(monkeypatch):
    model = {**spin.model(), "min_words": 1000}  # the shipped weights; 23 words count as 1,000
    monkeypatch.setattr(spin, "model", lambda: model)
    result = cleaner().clean(SPUN, lang="en")
    assert not result.spun and (result.spin_score or 0.0) < SPUN_AT
    assert "early hours" in result.text and "stated it was planned within the capital" in result.text


def test_clean_document_is_not_judged_spun_and_not_touched():
    result = cleaner().clean(CLEAN, lang="en")
    assert not result.spun and result.text == CLEAN


def test_flag_mode_scores_and_shows_evidence_without_changing_and_off_mode_does_neither():
    flagged = cleaner(spin="flag").clean(SPUN, lang="en")
    assert flagged.text == SPUN and flagged.spin_score is not None
    summary = flagged.spin_evidence.summary()
    assert summary["score"] == flagged.spin_score
    assert summary["families"]["fingerprint"]["examples"] == ["hourly hours"]
    assert set(summary["families"]["consistent"]["examples"]) == {"in the", "said", "new"}
    off = cleaner(spin="off").clean(SPUN, lang="en")
    assert off.spin_score is None and off.text == SPUN
    with pytest.raises(ValueError):
        cleaner(spin="maybe")


def test_no_score_where_no_spinner_rule_applies():
    assert cleaner().clean(SPUN, lang="de").spin_score is None


def test_no_single_family_reaches_the_bar_on_its_own():
    for family in FAMILIES:
        assert Evidence(1000, {family: 900}).score < SPUN_AT, family


def test_signatures_read_once_stay_bounded_and_score_as_read_afresh():
    import copy

    features = Evidence(1000, {"consistent": 40, "substitutes": 60}).features()
    shipped = spin.model()["signatures"]["per-document"]
    first = spin._logistic(shipped, features)
    copies = [copy.deepcopy(shipped) for _ in range(3 * spin._TERMS_KEPT)]  # as a training loop makes
    for sig in copies:
        sig["weights"] = {}  # weighs nothing: its score is its bias alone, not the shipped one's
        assert spin._logistic(sig, features) == 1.0 / (1.0 + math.exp(-sig["bias"])) != first
    assert len(spin._TERMS) <= spin._TERMS_KEPT
    assert spin._logistic(shipped, features) == first


def test_bounds_kept_are_the_bounds_of_their_own_model(monkeypatch):
    most = {"substitutes": 3, "rare": 1, "pairs": 12}
    shipped = spin._score_bound(40, most)
    assert spin._score_bound(7, most) == shipped  # both count as min_words
    spin._BOUNDS.clear()
    assert spin._score_bound(40, most) == shipped  # as computed afresh
    other = {**spin.model(), "signatures": {"per-document": {"bias": 3.0, "weights": {}, "caps": {}}}}
    monkeypatch.setattr(spin, "model", lambda: other)
    assert spin._score_bound(40, most) == 1.0 / (1.0 + math.exp(-3.0)) != shipped
    for k in range(2 * spin._BOUNDS_KEPT):  # as many different documents
        spin._score_bound(k, most)
    assert len(spin._BOUNDS) <= spin._BOUNDS_KEPT


def test_two_kinds_of_evidence_together_do():
    assert Evidence(1000, {"consistent": 40, "substitutes": 60}).spun


def test_repeating_a_document_never_raises_its_score():
    text = (SPUN + " " + FILLER * 3) * 2
    scores = [cleaner(spin="flag").clean(text * k, lang="en").spin_score for k in (1, 2, 4, 8)]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]


def test_quoted_words_are_not_evidence():
    quoted = "\u201cThe otiose perquisites commenced,\u201d she said. " + FILLER
    bare = "The otiose perquisites commenced, she said. " + FILLER
    assert judge(quoted, [(0, quoted.index("\u201d") + 1)], [], (), ()).counts["substitutes"] == 0
    assert judge(bare, [], [], (), ()).counts["substitutes"] >= 2


def test_a_substitute_whose_common_synonym_appears_is_not_evidence():
    text = "The automobile hit a wall. " + FILLER
    assert judge(text, [], [], (), ()).examples["substitutes"] == ("automobile (car)",)
    assert judge(text + " The car was old.", [], [], (), ()).counts["substitutes"] == 0


def test_an_implausible_pair_names_the_phrase_it_broke():
    text = "He met the automobile dealer. " + FILLER
    found = judge(text, [], [], (), ()).examples.get("pairs", ())
    assert any(p.endswith("(car dealer)") for p in found), found


def test_english_without_any_spinner_pattern_is_still_judged():
    result = cleaner(spin="flag").clean(FILLER * 3, lang=None)
    assert result.spin_score is not None and not result.spun


def test_text_that_does_not_read_as_english_is_not_judged():
    french = "Le conseil municipal a voté le budget de la ville lundi soir, après un long débat. " * 3
    assert cleaner(spin="flag").clean(french).spin_score is None
    assert judge(french, [], [], (), ()) is None


def test_unseen_pairs_are_the_neighbour_pairs_the_web_does_not_use():
    ev = judge("The vehicle smash shut the main road. " + FILLER, [], [], (), ())
    assert "vehicle smash" in ev.examples["unseen_pairs"] and "main road" not in ev.examples["unseen_pairs"]
    assert 0 < ev.counts["unseen_pairs"] < ev.pairs


def test_unseen_common_pairs_are_unseen_pairs_of_two_common_words():
    ev = judge("The vehicle smash shut the main road near the otiose gate. " + FILLER, [], [], (), ())
    assert "vehicle smash" in ev.examples["unseen_common"] and "otiose gate" not in ev.examples["unseen_common"]
    assert "otiose gate" in ev.examples["unseen_pairs"] and 0 < ev.counts["unseen_common"] <= ev.common_pairs


def test_uncommon_substitutes_count_whether_or_not_their_synonym_appears():
    text = "The touchstones were set and the standards were met. " + FILLER
    ev = judge(text, [], [], (), ())
    assert ev.counts["uncommon"] == 1 and ev.counts["substitutes"] == 0  # "standards" is there
    assert judge(text.replace("touchstones", "standards"), [], [], (), ()).counts["uncommon"] == 0


@pytest.mark.parametrize("text", [SPUN, CLEAN, FILLER * 4, SPUN + " " + CLEAN * 3,
                                  "The vehicle smash shut the main road, the otiose automobile dealer stated. " * 3,
                                  "The touchstones of the vehicle smash, the otiose automobile dealer stated. " * 9])
def test_the_upper_bound_is_sure(text):
    words = spin.read_words(text, [])
    score = spin.evidence(words, [], (), ()).score
    for floor in (0.01, 0.1, 0.3, 0.5, SPUN_AT, 0.9):
        assert spin.evidence(words, [], (), (), floor) is not None or score < floor, floor


@pytest.mark.parametrize("text", [SPUN, SPUN + " " + CLEAN * 3])
def test_counting_every_original_both_ways_bounds_any_split(text):
    found = spin.word_evidence(spin.read_words(text, []))
    for consistent in range(4):
        for floor in (0.1, SPUN_AT, 0.9):
            assert found.may_reach(floor, 1, 3, 3) or not found.may_reach(floor, 1, consistent, 3 - consistent)



def _words_by_pattern(text: str, quotes: list[tuple[int, int]]) -> tuple[list[str], set[str]]:
    """The judge's words read the plain way, one regex pass per span: the words outside
    quotations (lower-cased, "\u2019" as "'") and every word anywhere split at apostrophes."""
    word = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?")
    unquoted: list[str] = []
    quoted: list[str] = []
    pos = 0
    for start, end in [*quotes, (len(text), len(text))]:
        unquoted += word.findall(text, pos, start)
        quoted += word.findall(text, max(pos, start), end) if start < end else []
        pos = max(pos, end)
    lowered = [w.lower().replace("\u2019", "'") for w in unquoted]
    return lowered, {p for w in lowered + [q.lower() for q in quoted] for p in re.split("['\u2019]", w)}


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["the", "The", "of", "stated", "don't", "it\u2019s", "'", "\u2019", "''", "rock'n'roll",
                                 "a'b'c'd", "caf\u00e9", "\u0130stanbul", "\u212a", " ", "  ", ",", "\n", "\u201c",
                                 "\u201d", "x1y", "\ud800"]), max_size=60),
       st.lists(st.integers(0, 200), max_size=4))
def test_words_read_as_bytes_are_the_words_the_pattern_reads(parts, cuts):
    text = "".join(parts)
    bounds = sorted(min(c, len(text)) for c in cuts)
    quotes = list(zip(bounds[::2], bounds[1::2]))
    words = spin.read_words(text, quotes)
    unquoted, anywhere = _words_by_pattern(text, quotes)
    english = sum(w in spin.english_words() for w in unquoted) >= spin.model()["english_share"] * len(unquoted)
    assert (words is not None) == (bool(unquoted) and english)
    if words is not None:
        assert words.total == len(unquoted) == words.counts.total() - words.counts[""]
        assert {w.decode() for w in words.distinct} == set(unquoted)
        assert words.anywhere == anywhere - {""}


def test_the_bound_counts_the_same_substitutes_as_the_evidence():
    text = "The touchstones of the vehicle smash, the otiose automobile dealer stated. " * 9 + FILLER * 3
    found = spin.word_evidence(spin.read_words(text, []))
    ev = found.complete([], (), ())
    sizes = found._sizes
    assert sizes["substitutes"] == ev.counts["substitutes"] > 0 and sizes["rare"] == ev.counts["rare"] > 0
    assert sizes["uncommon"] == ev.counts["uncommon"] and sizes["variants"] == ev.counts["variants"]
    assert sizes["rare_any"] == ev.counts["rare_any"] > 0 and sizes["rare_uses"] == ev.counts["rare_uses"] > 0


def test_rare_words_count_whether_or_not_their_common_synonym_appears():
    text = "The touchstones of the dealer were met. " * 9 + FILLER * 3
    absent = spin.word_evidence(spin.read_words(text, [])).complete([], (), ())
    present = spin.word_evidence(spin.read_words(text + " The standards were met.", [])).complete([], (), ())
    assert absent.counts["rare"] == 1 and present.counts["rare"] == 0
    assert absent.counts["rare_any"] == present.counts["rare_any"] == 1
    assert absent.examples["rare_any"] == present.examples["rare_any"] == ("touchstones (standards)",)


def test_rare_uses_count_every_use_of_a_rare_word():
    once = "The touchstones of the dealer were met. " + FILLER * 3
    text = "The touchstones of the dealer were met. " * 9 + FILLER * 3
    assert spin.word_evidence(spin.read_words(once, [])).complete([], (), ()).counts["rare_uses"] == 1
    found = spin.word_evidence(spin.read_words(text, [])).complete([], (), ())
    assert found.counts["rare_any"] == 1 and found.counts["rare_uses"] == 9
    assert found.examples["rare_uses"] == ("touchstones x9",)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["the", "The", "of", "and", "stated", "Stated", "otiose", "touchstones", "vehicle",
                                 "smash", "commence", "vouchsafed", "don't", "it\u2019s", "'", "\u2019", "rock'n'roll",
                                 "caf\u00e9", "x1y", "otiose2", " ", " ", " ", "  ", ",", "\n", "\u201c", "\u201d"]),
                max_size=80),
       st.lists(st.integers(0, 300), max_size=4), st.integers(0, 3), st.integers(0, 4), st.integers(0, 12))
def test_the_bound_before_reading_never_rules_out_what_reading_would_judge(parts, cuts, hits, originals, filler):
    text = "".join(parts) + FILLER * filler  # neutral prose brings the bounds near the floors
    bounds = sorted(min(c, len(text)) for c in cuts)
    quotes = list(zip(bounds[::2], bounds[1::2]))
    shipped = spin.model()
    short = {**shipped, "min_words": 1, "min_pairs": 1, "min_common_pairs": 1}  # no length floor to hide behind
    for model in (shipped, short):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(spin, "model", lambda m=model: m)
            words = spin.read_words(text, quotes)
            found = None if words is None else spin.word_evidence(words)
            for floor in (0.001, 0.01, 0.1, 0.3, SPUN_AT, 0.9):
                if found is not None and found.may_reach(floor, hits, originals, originals):
                    assert spin.may_be_spun(text, quotes, floor, hits, originals, originals), floor


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["the", "The", "of", "car", "smash", "vehicle", "crash", "don't", "it\u2019s", "'",
                                 "rock'n'roll", "caf\u00e9", "x1y", " ", " ", "  ", ",", "\n", "\u201c", "\u201d"]),
                max_size=80),
       st.lists(st.integers(0, 300), max_size=4))
def test_what_the_pre_screen_read_is_what_reading_the_words_finds(parts, cuts):
    # may_be_spun hands its runs and its count of common pairs to read_words; the judge must
    # see the same as when it reads them itself.
    text = "".join(parts) + FILLER
    bounds = sorted(min(c, len(text)) for c in cuts)
    quotes = list(zip(bounds[::2], bounds[1::2]))
    short = {**spin.model(), "min_words": 1, "min_pairs": 1, "min_common_pairs": 1}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(spin, "model", lambda: short)
        screened = spin.may_be_spun(text, quotes, 1e-30, 0, 0, 0)  # a floor every text reaches
        fresh = spin.read_words(text, quotes)
        assert screened is not None
        if fresh is None:  # not English: nothing to compare
            return
        reused = spin.read_words(text, quotes, screened)
        assert reused is not None and screened.joined is not None
        assert reused.joined == fresh.joined
        assert spin.word_evidence(reused).common == spin.word_evidence(fresh).common
        assert (spin.word_evidence(reused).complete([], (), ()).counts
                == spin.word_evidence(fresh).complete([], (), ()).counts)

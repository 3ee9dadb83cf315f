"""Generic tests for every rule of a set of packs; run by pytest.

Which packs: the built-in ones, or the folders in $CLEANTEXT_TEST_RULE_DIRS
(`cleantext test DIR` sets it). Hypothesis runs HYPOTHESIS_EXAMPLES examples per
property and rule (set $CLEANTEXT_HYPOTHESIS_EXAMPLES for a longer run).
"""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .testing import (
    ENV_BUILTIN,
    ENV_DIRS,
    FILLER_WORDS,
    GUARD_NOTE,
    RuleCase,
    changes_by,
    check_counterexample,
    check_example,
    paragraph,
    rule_cases,
    surround,
    where,
)

OTHER_LANGUAGES = ("de", "fr", "es", "ru", "en", "unknown")
HYPOTHESIS_EXAMPLES = int(os.environ.get("CLEANTEXT_HYPOTHESIS_EXAMPLES", "15"))

_dirs = [d for d in os.environ.get(ENV_DIRS, "").split(os.pathsep) if d]
CASES = rule_cases(_dirs, builtin=os.environ.get(ENV_BUILTIN, "1") == "1" or not _dirs)
if not CASES:
    raise RuntimeError(f"no rules found in {_dirs or 'the built-in packs'}")

_examples = [pytest.param(c, i, id=f"{c.rule.id}-{i}") for c in CASES for i in range(len(c.rule.examples))]
_counter = [pytest.param(c, i, id=f"{c.rule.id}-{i}") for c in CASES for i in range(len(c.rule.counterexamples))]
_known = [pytest.param(c, i, id=f"{c.rule.id}-{i}",
                       marks=pytest.mark.xfail(strict=True, reason="a known failure now passes: move it to examples"))
          for c in CASES for i in range(len(c.rule.known_failures))]
_rules = [pytest.param(c, id=c.rule.id) for c in CASES]
_gated = [pytest.param(c, id=c.rule.id) for c in CASES if c.rule.lang]

_paragraphs = st.lists(st.lists(st.sampled_from(FILLER_WORDS), min_size=4, max_size=14).map(paragraph),
                       min_size=0, max_size=3)
_property = settings(max_examples=HYPOTHESIS_EXAMPLES, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("case,index", _examples)
def test_example_alone(case: RuleCase, index: int) -> None:
    problem = check_example(case, case.rule.examples[index], case.alone())
    assert problem is None, problem


@pytest.mark.parametrize("case,index", _examples)
def test_example_with_all_rules(case: RuleCase, index: int) -> None:
    problem = check_example(case, case.rule.examples[index], case.full(), "example with every other rule")
    assert problem is None, problem


@pytest.mark.parametrize("case,index", _counter)
def test_counterexample_unchanged(case: RuleCase, index: int) -> None:
    problem = check_counterexample(case, case.rule.counterexamples[index], case.rule.counterexample_line(index))
    assert problem is None, problem


if _known:  # defined only when some rule has known failures, so nothing is skipped silently
    @pytest.mark.parametrize("case,index", _known)
    def test_known_failure(case: RuleCase, index: int) -> None:
        problem = check_example(case, case.rule.known_failures[index], case.alone())
        assert problem is None, problem


@pytest.mark.parametrize("case", _rules)
@_property
@given(data=st.data(), prefix=_paragraphs, suffix=_paragraphs)
def test_example_embedded(case: RuleCase, data: st.DataObject, prefix: list[str], suffix: list[str]) -> None:
    example = data.draw(st.sampled_from(case.rule.examples))
    before = surround(case, example.before, prefix, suffix)
    want = surround(case, example.after, prefix, suffix)
    result = case.run(case.alone(), before)
    guard = f"; {GUARD_NOTE}" if result.guarded else ""
    assert result.text == want, (f"{where(case, example.line)} example among other paragraphs: before {before!r}, "
                                 f"expected {want!r}, got {result.text!r}{guard}")


@pytest.mark.parametrize("case", _rules)
@_property
@given(data=st.data(), prefix=_paragraphs, suffix=_paragraphs)
def test_idempotent(case: RuleCase, data: st.DataObject, prefix: list[str], suffix: list[str]) -> None:
    cleaner = case.full()
    example = data.draw(st.sampled_from(case.rule.examples))
    once = case.run(cleaner, surround(case, example.before, prefix, suffix)).text
    twice = case.run(cleaner, once).text
    assert twice == once, f"{where(case, example.line)} not idempotent: cleaning {once!r} again gave {twice!r}"


@pytest.mark.parametrize("case", _rules)  # every rule has counterexamples (CT011)
@_property
@given(data=st.data(), prefix=_paragraphs, suffix=_paragraphs)
def test_no_trigger_no_change(case: RuleCase, data: st.DataObject, prefix: list[str], suffix: list[str]) -> None:
    index = data.draw(st.sampled_from(range(len(case.rule.counterexamples))))
    text = surround(case, case.rule.counterexamples[index], prefix, suffix)
    result = case.run(case.alone(), text)
    assert result.text == text and not changes_by(result, case.rule), \
        f"{where(case, case.rule.counterexample_line(index))} counterexample among other paragraphs changed: " \
        f"{text!r} became {result.text!r}"


if _gated:
    @pytest.mark.parametrize("case", _gated)
    @_property
    @given(data=st.data())
    def test_language_gate(case: RuleCase, data: st.DataObject) -> None:
        other = data.draw(st.sampled_from([c for c in OTHER_LANGUAGES if c not in case.rule.lang]))
        example = data.draw(st.sampled_from(case.rule.examples))
        result = case.run(case.alone(), example.before, lang=other)
        assert not changes_by(result, case.rule), \
            f"{where(case, example.line)} fired on a text in another language ({other})"

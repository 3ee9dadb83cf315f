"""The speed-work helpers in benchmarks/: what they measure must be what they claim."""
from __future__ import annotations

import dataclasses
import itertools
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import budget  # noqa: E402
import compare  # noqa: E402
import long_documents  # noqa: E402


def test_a_compared_checkout_cleans_like_the_installed_package_with_its_rules_built_in(tmp_path, monkeypatch):
    from cleantext import Cleaner

    monkeypatch.syspath_prepend(str(tmp_path))
    copy = compare.load_checkout("under_test", ROOT, tmp_path)
    assert Path(copy.__file__).parent == tmp_path / "ct_under_test"
    cleaner = copy.Cleaner()
    # Its packs count as built-in (trusted patterns, as in production), which a
    # symbolic link to the checkout's rules/ would not give.
    assert cleaner.rules and all(copy.loader.is_builtin(rule) for rule in cleaner.rules)
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8")
    assert cleaner.clean(seed).text == Cleaner().clean(seed).text


def test_the_call_timer_counts_only_active_calls(monkeypatch):
    ticks = iter(range(100))  # a clock that moves one second each time it is read
    monkeypatch.setattr(budget.time, "process_time", lambda: float(next(ticks)))

    class Library:
        @staticmethod
        def work(x: int) -> int:
            return x + 1

    timer = budget.CallTimer()
    timer.wrap(Library, "work", "work")
    assert Library.work(1) == 2
    assert timer.calls["work"] == 0
    timer.active = True
    assert Library.work(2) == 3
    with pytest.raises(TypeError):
        Library.work("x")
    assert timer.calls["work"] == 2
    assert timer.seconds["work"] == 2.0  # one second per active call, the raising one too
    monkeypatch.undo()
    assert 0 < budget.CallTimer.cost_per_call() < 0.001


def test_compared_checkouts_that_differ_on_a_document_are_counted():
    from cleantext import Cleaner

    clean = Cleaner().clean
    texts = ["Skip to content\nThe article text goes on for a good many words here.\n", "Plain prose, nothing to do.\n"]
    assert compare.disagreements(texts, {"a": clean, "b": clean}) == 0

    def other(text):  # the same result, but its changes' notes differ on the first text
        result = clean(text)
        return dataclasses.replace(result, changes=tuple(dataclasses.replace(c, note="other") for c in result.changes))

    assert compare.disagreements(texts, {"a": clean, "b": other}) == 1


def test_compared_contenders_take_every_order_in_turn():
    runs: list[str] = []
    contenders = {name: (lambda text, name=name: runs.append(name)) for name in "abc"}
    compare.measure(["t"], contenders, reps=6, batch=1)
    turns = [tuple(runs[i:i + 3]) for i in range(3, len(runs), 3)]  # after the warm-up's a, b, c
    assert sorted(turns) == sorted(itertools.permutations("abc"))  # each order once: no position favoured


def test_long_document_shapes_reach_their_size_and_a_quadratic_cost_is_called_so():
    for name, make in long_documents.shapes().items():
        text = make(50_000)
        assert 50_000 <= len(text) < 60_000, name
    linear = [(n, n / 1e6) for n in (250_000, 500_000, 1_000_000, 2_000_000)]
    quadratic = [(n, (n / 1e6) ** 2) for n, _ in linear]
    rows = long_documents.report("checkout", {"linear": linear, "quadratic": quadratic})
    assert next(r for r in rows if r.startswith("| linear |")).endswith("| 1.00 |")
    assert next(r for r in rows if r.startswith("| quadratic |")).endswith("| 8.00 (superlinear) |")

"""benchmarks/differential.py: its digests must be stable and must see any output change."""
from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

from tests.conftest import shared_path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import differential  # noqa: E402


def test_a_sample_of_every_set_compares_equal_with_itself_and_a_changed_digest_is_reported(tmp_path, capsys):
    shared_path("dev-data")
    names, absent = differential.available(None)
    assert not absent and len(names) == len(differential.SETS)
    saved = tmp_path / "saved.json"
    assert differential.main(["--save", str(saved), "--limit", "2"]) == 0
    digests = json.loads(saved.read_text(encoding="utf-8"))
    assert set(digests) == set(names)
    assert all(len(digests[n][s]) == 2 for n in names for s in differential.STYLES)
    assert differential.main(["--compare", str(saved), "--limit", "2"]) == 0
    assert "changed or missing: 0" in capsys.readouterr().out

    doc_id = next(iter(digests["chrome-traf"]["bbc"]))
    digests["chrome-traf"]["bbc"][doc_id] = "0" * 32
    saved.write_text(json.dumps(digests), encoding="utf-8")
    assert differential.main(["--compare", str(saved), "--limit", "2"]) == 1
    out = capsys.readouterr().out
    assert f"changed 1  e.g. {doc_id}" in out and "changed or missing: 1" in out


def test_the_digest_covers_text_changes_score_language_and_guard():
    from cleantext import Cleaner

    result = Cleaner().clean("Kiev is a city.\n\nSkip to content\n")
    assert result.changes
    change = result.changes[0]
    variants = [
        replace(result, text=result.text + " "),
        replace(result, changes=(replace(change, col=change.col + 1),) + result.changes[1:]),
        replace(result, changes=(replace(change, after=change.after + "x"),) + result.changes[1:]),
        replace(result, spin_score=0.5),
        replace(result, lang="xx"),
        replace(result, guarded=not result.guarded),
    ]
    seen = {differential.digest(r) for r in variants}
    assert differential.digest(result) not in seen and len(seen) == len(variants)

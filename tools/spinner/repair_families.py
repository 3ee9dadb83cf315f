#!/usr/bin/env python3
"""Restore recall and precision of spinner repair per generated family (maintainers only).

    python tools/spinner/generate_families.py /tmp/families.jsonl --limit 40
    python tools/spinner/repair_families.py /tmp/families.jsonl

Each row's spun text and its clean original are cleaned with the default settings
(`Cleaner()`, spin="fix", all built-in packs) and scored with the team's scorer
(../shared/eval/score_spin.py, its per-document functions): restore_R (share of the
spinner's edits put back), restore_P (share of the cleaner's edits on spun text that are
right), fp_per_1k (changes per 1,000 words of the clean originals). Only the spinner
rules' edits count: the references are the texts cleaned with spin="off" (the other packs
tidy some of these sources' text), the prediction the spun text cleaned with spin="fix". The families were
not used to choose any repair rule, so these figures measure transfer. The per-rule
columns say which rules made the edits (from Result.changes).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
SCORER = ROOT.parent / "shared" / "eval" / "score_spin.py"


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score_spin", path)
    if spec is None or spec.loader is None:
        sys.exit(f"repair_families: cannot load the scorer {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("families", type=Path, help="rows from generate_families.py")
    ap.add_argument("--scorer", type=Path, default=SCORER)
    args = ap.parse_args(argv)
    if not args.scorer.exists():
        sys.exit(f"repair_families: the scorer is not here ({args.scorer}); it lives in ../shared/eval")
    score = load_scorer(args.scorer)
    from cleantext import Cleaner

    cleaner, plain = Cleaner(), Cleaner(spin="off")
    totals: dict[str, Counter[str]] = {}
    rules: dict[str, Counter[str]] = {}
    cleaned_orig: dict[str, tuple[int, int]] = {}
    with args.families.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            t = totals.setdefault(row["family"], Counter())
            orig, spun = plain.clean(row["orig"]).text, plain.clean(row["spun"]).text
            result = cleaner.clean(row["spun"])
            units, restored, edits, correct = score.score_doc(orig, spun, result.text, False)
            t.update(docs=1, units=units, restored=restored, edits=edits, correct=correct)
            rules.setdefault(row["family"], Counter()).update(c.rule_id for c in result.changes
                                                              if c.rule_id.startswith("spinner"))
            if orig not in cleaned_orig:
                cleaned_orig[orig] = score.fp_doc(orig, cleaner.clean(row["orig"]).text, False)
    changed = sum(c for c, _ in cleaned_orig.values())
    words = sum(w for _, w in cleaned_orig.values())
    print(f"{'family':<20}{'docs':>6}{'units':>8}{'restored':>10}{'edits':>7}{'right':>7}{'R':>8}{'P':>8}")
    for family, t in sorted(totals.items()):
        p = f"{t['correct'] / t['edits']:.3f}" if t["edits"] else "nan"
        print(f"{family:<20}{t['docs']:>6}{t['units']:>8}{t['restored']:>10}{t['edits']:>7}{t['correct']:>7}"
              f"{t['restored'] / max(t['units'], 1):>8.3f}{p:>8}")
        print("    " + ", ".join(f"{r} {n}" for r, n in rules[family].most_common(6)))
    print(f"clean originals: {len(cleaned_orig)}, {words} words, changed {changed}, "
          f"fp_per_1k={1000 * changed / max(words, 1):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

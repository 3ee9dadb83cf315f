#!/usr/bin/env python3
"""Spinner-repair quality on the development set.

Every spun article (../shared/dev-data/spin/spun/*.txt, relative to the project
root) and every clean original (../shared/dev-data/spin/orig/*.txt) is cleaned
with the default settings (`Cleaner().clean(text)`, all built-in packs), and the
team's scorer (../shared/eval/score_spin.py) compares the results:

  restore_R  share of the spinner's edits put back
  restore_P  share of the cleaner's edits on spun text that are right
  fp_per_1k  changes per 1,000 words of the clean originals (should be 0)

It then shows how the spin score separates the two sets: how many spun and how
many clean articles are judged spun (score >= SPUN_AT), and the score quantiles.

    python benchmarks/quality_spin.py                # table and separation
    python benchmarks/quality_spin.py --per-doc      # also one line per article
    python benchmarks/quality_spin.py --keep OUT     # keep the cleaned texts in OUT/spun, OUT/orig
    python benchmarks/quality_spin.py --spin off     # the same with spinner repair off
    python benchmarks/quality_spin.py --caution      # also the caution corpus (3,000 clean Daily
                                                     #   Mail articles): judged spun, spinner edits
                                                     #   and the score by length band
    python benchmarks/quality_spin.py --cost         # only the judge's cost: CPU seconds of
                                                     #   Cleaner() against Cleaner(spin="off")
                                                     #   on two corpora of benchmarks/corpus.py
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SPIN = SHARED / "dev-data" / "spin"
SPUN, ORIG = SPIN / "spun", SPIN / "orig"
SCORER = SHARED / "eval" / "score_spin.py"


def require_data() -> None:
    missing = [p for p in (SPUN, ORIG, SCORER) if not p.exists()]
    if missing:
        sys.exit("quality_spin: the development data is not here "
                 f"({', '.join(str(p) for p in missing)} missing).\n"
                 "It lives in ../shared/dev-data/spin and ../shared/eval next to the project root; "
                 "this benchmark only runs inside the team's workspace.")


def clean_dir(cleaner, scorer, src: Path, out: Path) -> dict[str, float | None]:
    """Clean every src/*.txt into out/ with `cleaner`; returns each file's spin score from
    `scorer` (spin="flag": in fix mode a score surely under the bar is not computed)."""
    out.mkdir(parents=True, exist_ok=True)
    scores = {}
    for path in sorted(src.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        (out / path.name).write_text(cleaner.clean(text).text, encoding="utf-8")
        scores[path.name] = scorer.clean(text).spin_score
    return scores


CAUTION = SHARED / "dev-data" / "caution" / "english.jsonl"
BANDS = ((0, 500), (500, 1000), (1000, 2000), (2000, 3000), (3000, 4000), (4000, None))


def caution(cleaner, spun_at: float) -> None:
    """Every caution article is clean: each one judged spun and each spinner edit is false.
    The edits come from `cleaner`, the scores from the same settings with spin="flag" (in fix
    mode a document whose score surely stays under the bar gets none)."""
    import json
    import re

    from cleantext import Cleaner

    flagger = Cleaner(spin="flag")

    rows: dict[tuple, list] = {band: [] for band in BANDS}
    for line in CAUTION.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        words = len(re.findall(r"\w+", text))
        edits = sum(c.rule_id.startswith("spinner-en") for c in cleaner.clean(text).changes)
        band = next(b for b in BANDS if words >= b[0] and (b[1] is None or words < b[1]))
        rows[band].append((flagger.clean(text).spin_score or 0.0, edits))
    print(f"\ncaution corpus ({CAUTION.name}): score (spin='flag') by length band (no score counts as 0)")
    print(f"{'words':<12}{'docs':>6}{'spun':>6}{'edits':>7}{'mean':>8}{'p90':>8}{'p99':>8}{'max':>8}")
    for (lo, hi), got in rows.items():
        scores = sorted(s for s, _ in got)
        if not scores:
            continue
        pick = [scores[min(len(scores) - 1, int(f * len(scores)))] for f in (0.9, 0.99)]
        label = f"{lo}-{hi}" if hi else f"{lo}+"
        print(f"{label:<12}{len(got):>6}{sum(s >= spun_at for s in scores):>6}"
              f"{sum(e for _, e in got):>7}{sum(scores) / len(scores):>8.4f}{pick[0]:>8.4f}{pick[1]:>8.4f}"
              f"{scores[-1]:>8.4f}")


COST_CORPORA = ("ASCII-only news", "spun articles")


def cost(reps: int = 15) -> None:
    """The judge's cost, in process and warm: the fastest of `reps` CPU times of cleaning each
    corpus with the default settings and with spin="off" (which skips the judge)."""
    import time

    from corpus import corpora

    from cleantext import Cleaner

    found = corpora()
    print(f"{'corpus':<18}{'docs':>6}{'default s':>11}{'spin off s':>12}{'judge s':>9}")
    for name in COST_CORPORA:
        docs = found[name]
        best = []
        for cleaner in (Cleaner(), Cleaner(spin="off")):
            for doc in docs:  # warm: models loaded, caches filled
                cleaner.clean(doc)
            times = []
            for _ in range(reps):
                start = time.process_time()
                for doc in docs:
                    cleaner.clean(doc)
                times.append(time.process_time() - start)
            best.append(min(times))
        print(f"{name:<18}{len(docs):>6}{best[0]:>11.3f}{best[1]:>12.3f}{best[0] - best[1]:>9.3f}")


def quantiles(values: list[float]) -> str:
    if not values:
        return "-"
    v = sorted(values)
    pick = [v[0], v[len(v) // 4], v[len(v) // 2], v[(3 * len(v)) // 4], v[-1]]
    return " ".join(f"{x:.3f}" for x in pick)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--keep", type=Path, metavar="DIR", help="write the cleaned texts to DIR/spun and DIR/orig")
    ap.add_argument("--per-doc", action="store_true", help="one line per article: spin scores and scorer counts")
    ap.add_argument("--spin", choices=("fix", "flag", "off"), default="fix", help="Cleaner(spin=...)")
    ap.add_argument("--caution", action="store_true", help="also the caution corpus, by length band")
    ap.add_argument("--cost", action="store_true", help="only the judge's cost (CPU seconds, warm)")
    args = ap.parse_args(argv)

    require_data()
    sys.path.insert(0, str(ROOT))
    if args.cost:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        cost()
        return 0
    from cleantext import Cleaner
    from cleantext.spin import SPUN_AT

    cleaner = Cleaner(spin=args.spin)
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        pred_spun, pred_orig = base / "spun", base / "orig"
        scorer = cleaner if args.spin == "off" else Cleaner(spin="flag")
        spun_scores = clean_dir(cleaner, scorer, SPUN, pred_spun)
        orig_scores = clean_dir(cleaner, scorer, ORIG, pred_orig)
        cmd = [sys.executable, str(SCORER), str(SPUN), str(ORIG), str(pred_spun), str(pred_orig)]
        out = subprocess.run(cmd + (["--per-doc"] if args.per_doc else []), capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"quality_spin: the scorer failed:\n{out.stderr}")

    print(f"spinner dev set: {len(spun_scores)} spun articles, {len(orig_scores)} clean originals; "
          f"Cleaner(spin={args.spin!r}), spun at score >= {SPUN_AT}")
    print(out.stdout.rstrip())
    print()
    print(f"{'spin score':<22}{'judged spun':>12}{'min q1 median q3 max':>38}")
    for label, scores in (("spun articles", spun_scores), ("clean originals", orig_scores)):
        vals = [s for s in scores.values() if s is not None]
        spun = sum(s >= SPUN_AT for s in vals)
        print(f"{label:<22}{f'{spun}/{len(scores)}':>12}{quantiles(vals):>38}")
    missed = sorted(n for n, s in spun_scores.items() if s is None or s < SPUN_AT)
    false = sorted(n for n, s in orig_scores.items() if s is not None and s >= SPUN_AT)
    for label, names in (("spun but not judged spun", missed), ("clean but judged spun", false)):
        if names:
            shown = ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
            print(f"{label}: {shown}")
    if args.caution:
        caution(cleaner, SPUN_AT)
    if args.per_doc:
        print()
        for name in sorted(spun_scores):
            s, o = spun_scores[name], orig_scores.get(name)
            print(f"{name}\tspun_score={s}\torig_score={o}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Quality of the names pack on the transliteration dev set.

Runs the default cleaner (style "official") on every `input` of
../shared/dev-data/translit/translit-dev.jsonl, writes `{id, output}` rows to a
temporary file and prints the output of ../shared/eval/score_translit.py
(last line: acc= fixed= overcorrected=). Target: acc >= 0.99, overcorrected = 0.

    python benchmarks/quality_names.py [--style official] [--show N] [--gold FILE]

The shared data is not part of the project (evaluation use only); without it the
script says so and exits.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "dev-data" / "translit" / "translit-dev.jsonl"
SCORER = SHARED / "eval" / "score_translit.py"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", default=str(GOLD), help="gold JSONL (default: the dev set)")
    ap.add_argument("--style", default="official", help="style profile (the gold follows official)")
    ap.add_argument("--show", type=int, default=0, help="print up to N failing rows")
    args = ap.parse_args(argv)
    gold = Path(args.gold)
    if not gold.is_file() or not SCORER.is_file():
        print(f"quality_names: the shared evaluation data is not here ({gold if not gold.is_file() else SCORER});"
              " it lives next to the project in ../shared and is not distributed. Nothing to do.")
        return 0
    sys.path.insert(0, str(ROOT))
    from cleantext import Cleaner

    cleaner = Cleaner(style=args.style)
    with open(gold, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    fd, pred = tempfile.mkstemp(prefix="quality_names-", suffix=".jsonl")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for row in rows:
                output = cleaner.clean(row["input"]).text
                out.write(json.dumps({"id": row["id"], "output": output}, ensure_ascii=False) + "\n")
        cmd = [sys.executable, str(SCORER), str(gold), pred]
        if args.show:
            cmd += ["--show", str(args.show)]
        done = subprocess.run(cmd, capture_output=True, text=True)
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
        return done.returncode
    finally:
        os.unlink(pred)


if __name__ == "__main__":
    sys.exit(main())

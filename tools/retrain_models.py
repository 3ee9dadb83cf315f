#!/usr/bin/env python3
"""Retrain (or check) every shipped model that learns from the chrome rules' output.

The line model, the body model and the spin judge all see text the built-in rules have
cleaned, so a change to rules/chrome.yml or to what the line phase removes can leave any
of them stale (tests check each against its script). This runs the three scripts in turn:

    python tools/retrain_models.py           # retrain all three, writing rules/models/*
    python tools/retrain_models.py --check   # exit 1 naming each model that is out of date
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
SCRIPTS = (TOOLS / "train_line_model.py", TOOLS / "train_body_model.py", TOOLS / "spinner" / "train_judge.py")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check that each shipped model is up to date")
    args = ap.parse_args()
    stale = []
    for script in SCRIPTS:
        print(f"== {script.relative_to(TOOLS.parent)}", flush=True)
        if subprocess.run([sys.executable, str(script), *(["--check"] if args.check else [])]).returncode:
            stale.append(script.name)
    if stale:
        print(f"{'out of date' if args.check else 'failed'}: {', '.join(stale)}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Body finding on whole-page text: the chrome development set, before and after.

For every page in ../shared/dev-data/chrome/docs/<id>/ (relative to the project
root) the whole-page text `raw.txt` (inscriptis' rendering of the HTML: menus,
footers, related links and all) is split into lines, `cleantext.body.body_lines`
decides which lines belong to the article, and the kept lines are written to
TMP/<id>.txt. The team's scorer (../shared/eval/score_chrome.py) is then run on
the raw text and on the kept text, and its output is printed as it is, followed
by a summary: token-bag precision, recall and F1 (mean per page) and the chrome
lines left per page.

    python benchmarks/quality_chrome_body.py               # language detected per page
    python benchmarks/quality_chrome_body.py --lang en     # or forced, or "unknown" (no stopwords)
    python benchmarks/quality_chrome_body.py --keep OUT    # keep the kept texts in OUT/
    python benchmarks/quality_chrome_body.py --top-chrome 30

On a machine without the team's shared data it says so and exits 0.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DOCS = SHARED / "dev-data" / "chrome" / "docs"
MANIFEST = SHARED / "dev-data" / "chrome" / "manifest.jsonl"
SCORER = SHARED / "eval" / "score_chrome.py"


def missing_data() -> list[Path]:
    return [p for p in (DOCS, SCORER) if not p.exists()]


def page_ids() -> list[str]:
    return sorted(p.name for p in DOCS.iterdir() if (p / "raw.txt").exists() and (p / "gold.txt").exists())


def find_bodies(out_dir: Path, lang: str | None) -> tuple[int, float, int, int]:
    """Write every page's kept lines to out_dir/<id>.txt; returns (pages, seconds, lines in, lines kept)."""
    sys.path.insert(0, str(ROOT))
    from cleantext.body import body_lines

    pages = lines_in = lines_kept = 0
    seconds = 0.0
    for pid in page_ids():
        lines = (DOCS / pid / "raw.txt").read_text(encoding="utf-8").split("\n")
        start = time.perf_counter()
        keep = body_lines(lines, lang)
        seconds += time.perf_counter() - start
        kept = [line for line, k in zip(lines, keep) if k]
        (out_dir / f"{pid}.txt").write_text("\n".join(kept), encoding="utf-8")
        pages += 1
        lines_in += sum(1 for line in lines if line.strip())
        lines_kept += sum(1 for line in kept if line.strip())
    return pages, seconds, lines_in, lines_kept


def score(extra: list[str], top_chrome: int) -> tuple[str, dict]:
    """Run the scorer; returns its printed output and its JSON summary."""
    with tempfile.TemporaryDirectory() as tmp:
        summary = Path(tmp) / "score.json"
        cmd = [sys.executable, str(SCORER), "--gold", str(DOCS), *extra, "--json", str(summary)]
        if top_chrome:
            cmd += ["--top-chrome", str(top_chrome), "--manifest", str(MANIFEST)]
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"quality_chrome_body: the scorer failed:\n{out.stderr}")
        return out.stdout, json.loads(summary.read_text(encoding="utf-8"))


def row(name: str, summary: dict) -> str:
    p, r, f = summary["token_mean"]
    return f"{name:<28}{p:>8.3f}{r:>8.3f}{f:>8.3f}{summary['chrome_lines_per_page']:>14.2f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", help="language code for every page (default: detected per page)")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="write the kept texts here")
    ap.add_argument("--top-chrome", type=int, default=0, metavar="N",
                    help="list the N most frequent chrome lines left after body finding")
    args = ap.parse_args(argv)

    missing = missing_data()
    if missing:
        print("quality_chrome_body: skipped, the team's development data is not here "
              f"({', '.join(str(p) for p in missing)} missing). It lives in ../shared/ next to the "
              "project root, on development and CI machines only.")
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.keep or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        pages, seconds, lines_in, lines_kept = find_bodies(out_dir, args.lang)
        raw_out, raw = score(["--pred", str(DOCS), "--pred-name", "raw.txt"], 0)
        body_out, body = score(["--pred", str(out_dir)], args.top_chrome)

    print("== scorer on the whole-page text (raw.txt) ==")
    print(raw_out, end="")
    print("\n== scorer on the lines body_lines keeps ==")
    print(body_out, end="")
    print(f"\nchrome dev set: {pages} pages of whole-page text; language "
          f"{args.lang or 'detected per page'}; kept {lines_kept} of {lines_in} non-blank lines; "
          f"{seconds / pages * 1000:.1f} ms a page (loading stopwords and language profiles included)")
    print(f"{'':<28}{'P':>8}{'R':>8}{'F1':>8}{'chrome/page':>14}")
    print(row("raw text", raw))
    print(row("raw text + body_lines", body))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Chrome-removal quality on the development set, before and after cleaning.

For every page in ../shared/dev-data/chrome/docs/<id>/ (relative to the project
root) each input kind is cleaned and the team's scorer
(../shared/eval/score_chrome.py) is run twice: on the input as it is and on the
cleaned text. Kinds: trafilatura's extraction (traf.txt) with the default rules,
and the whole page's text (raw.txt) with body finding (`Cleaner(find_body=True)`).
The tables give token-bag precision, recall and F1 (mean per page) and the chrome
lines left per page.

    python benchmarks/quality_chrome.py                 # both kinds
    python benchmarks/quality_chrome.py --input traf    # one kind
    python benchmarks/quality_chrome.py --top-chrome 30 # also list the chrome lines left
    python benchmarks/quality_chrome.py --keep OUT      # keep the cleaned texts in OUT/<kind>/
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DOCS = SHARED / "dev-data" / "chrome" / "docs"
MANIFEST = SHARED / "dev-data" / "chrome" / "manifest.jsonl"
SCORER = SHARED / "eval" / "score_chrome.py"


@dataclass(frozen=True)
class InputKind:
    """One kind of input found in every page directory, and the cleaner settings for it."""

    name: str
    filename: str
    label: str
    settings: dict = field(default_factory=dict)


INPUTS = {
    "traf": InputKind("traf", "traf.txt", "trafilatura"),
    "raw": InputKind("raw", "raw.txt", "whole page", {"find_body": True}),
}


def require_data() -> None:
    missing = [p for p in (DOCS, SCORER) if not p.exists()]
    if missing:
        sys.exit("quality_chrome: the development data is not here "
                 f"({', '.join(str(p) for p in missing)} missing).\n"
                 "It lives in ../shared/dev-data and ../shared/eval next to the project root; "
                 "this benchmark only runs inside the team's workspace.")


def page_ids() -> list[str]:
    return sorted(p.name for p in DOCS.iterdir() if (p / "gold.txt").exists())


def score(pred_dir: Path, top_chrome: int = 0) -> tuple[dict, str]:
    """Run the scorer; returns its JSON summary and any --top-chrome listing."""
    with tempfile.TemporaryDirectory() as tmp:
        summary = Path(tmp) / "score.json"
        cmd = [sys.executable, str(SCORER), "--gold", str(DOCS), "--pred", str(pred_dir),
               "--json", str(summary)]
        if top_chrome:
            cmd += ["--top-chrome", str(top_chrome), "--manifest", str(MANIFEST)]
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"quality_chrome: the scorer failed:\n{out.stderr}")
        listing = "\n".join(line for line in out.stdout.splitlines() if "\t" in line or line.startswith("# "))
        return json.loads(summary.read_text(encoding="utf-8")), listing


def clean_pages(kind: InputKind, in_dir: Path, out_dir: Path) -> tuple[int, int]:
    """Write every page's prepared input to in_dir/<id>.txt and its cleaned text to
    out_dir/<id>.txt; returns (pages, pages the guard kept whole)."""
    sys.path.insert(0, str(ROOT))
    from cleantext import Cleaner

    cleaner = Cleaner(**kind.settings)
    pages = guarded = 0
    for pid in page_ids():
        text = (DOCS / pid / kind.filename).read_text(encoding="utf-8")
        result = cleaner.clean(text)
        (in_dir / f"{pid}.txt").write_text(text, encoding="utf-8")
        (out_dir / f"{pid}.txt").write_text(result.text, encoding="utf-8")
        pages += 1
        guarded += result.guarded
    return pages, guarded


def row(name: str, summary: dict) -> str:
    p, r, f = summary["token_mean"]
    return f"{name:<26}{p:>8.3f}{r:>8.3f}{f:>8.3f}{summary['chrome_lines_per_page']:>14.2f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", choices=sorted(INPUTS), help="only this page text (default: all)")
    ap.add_argument("--top-chrome", type=int, default=0, metavar="N",
                    help="list the N most frequent chrome lines left after cleaning")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="write the cleaned texts to DIR/<kind>/")
    args = ap.parse_args(argv)

    require_data()
    for name in [args.input] if args.input else list(INPUTS):
        report(INPUTS[name], args.top_chrome, args.keep / name if args.keep else None)
    return 0


def report(kind: InputKind, top_chrome: int, keep: Path | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        in_dir = Path(tmp) / "input"
        out_dir = keep or Path(tmp) / "cleaned"
        for d in (in_dir, out_dir):
            d.mkdir(parents=True, exist_ok=True)
        pages, guarded = clean_pages(kind, in_dir, out_dir)
        before, _ = score(in_dir)
        after, listing = score(out_dir, top_chrome)
    settings = ", ".join(f"{k}={v}" for k, v in kind.settings.items()) or "default rules"
    print(f"chrome dev set: {pages} pages, input {kind.filename} ({kind.label}), {settings}; "
          f"guard kept {guarded} page(s) whole")
    print(f"{'':<26}{'P':>8}{'R':>8}{'F1':>8}{'chrome/page':>14}")
    print(row(kind.label, before))
    print(row(f"{kind.label} + cleantext", after))
    if listing:
        print()
        print(listing)
    print()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Quality of the names pack: the transliteration dev set, and an audit on real articles.

    python benchmarks/quality_names.py [--style S | --all-styles] [--show N] [--gold FILE]
    python benchmarks/quality_names.py audit [--set english|other-languages] [--quiet]

The first form cleans every `input` of ../shared/dev-data/translit/translit-dev.jsonl
(passing lang="en": they are single English sentences, too short to detect) and prints
the output of ../shared/eval/score_translit.py (last line: acc= fixed= overcorrected=).
The gold follows the `official` profile; for another style the expected text is the
gold with each official spelling replaced by that style's (Zelenskyy -> Zelenskiy for
reuters). Target: acc 1.000, overcorrected 0, in every style.

`audit` runs the default cleaner over ../shared/dev-data/caution/ (3,000 English
articles; 2,462 German, French, Spanish and Russian ones, where every name edit is
false) and prints every edit a names rule makes, with its context, then the counts per
rule and per language, so that a reviewer can read them all.

`--tree DIR` measures another checkout (e.g. main, for a before/after). The shared data
is not part of the project (evaluation use only); without it the script says so and exits.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "dev-data" / "translit" / "translit-dev.jsonl"
SCORER = SHARED / "eval" / "score_translit.py"
CAUTION = SHARED / "dev-data" / "caution"
CAUTION_SETS = ("english", "other-languages")
STYLES = ("official", "ap", "reuters", "bbc")
CONTEXT = 70  # characters shown either side of an edit


def style_expected(cleaner, style: str):
    """A function giving the gold's expected text under `style` (the gold follows official)."""
    from cleantext.kinds.name import canonical_for

    swaps = {}
    for rule in cleaner.rules:
        if rule.kind == "name" and canonical_for(rule, "official") != canonical_for(rule, style):
            swaps[canonical_for(rule, "official")] = canonical_for(rule, style)
    if not swaps:
        return lambda text: text
    pattern = regex.compile(r"(?<![\p{L}\p{N}_])(?:" + "|".join(map(regex.escape, swaps)) + r")(?!\w)")
    return lambda text: pattern.sub(lambda m: swaps[m.group()], text)


def score(cleaner_class, gold: Path, style: str, show: int) -> int:
    cleaner = cleaner_class(style=style)
    expected_in = style_expected(cleaner, style)
    with open(gold, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    with tempfile.TemporaryDirectory(prefix="quality_names-") as tmp:
        gold_style, pred = Path(tmp) / "gold.jsonl", Path(tmp) / "pred.jsonl"
        with open(gold_style, "w", encoding="utf-8") as g, open(pred, "w", encoding="utf-8") as p:
            for row in rows:
                g.write(json.dumps({**row, "expected": expected_in(row["expected"])}, ensure_ascii=False) + "\n")
                output = cleaner.clean(row["input"], lang="en").text
                p.write(json.dumps({"id": row["id"], "output": output}, ensure_ascii=False) + "\n")
        cmd = [sys.executable, str(SCORER), str(gold_style), str(pred)] + (["--show", str(show)] if show else [])
        done = subprocess.run(cmd, capture_output=True, text=True)
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    return done.returncode


def audit(cleaner_class, sets: list[str], style: str, quiet: bool) -> int:
    cleaner = cleaner_class(style=style)
    for name in sets:
        per_rule: Counter[str] = Counter()
        per_lang: Counter[str] = Counter()
        docs = edited_docs = 0
        with open(CAUTION / f"{name}.jsonl", encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                docs += 1
                result = cleaner.clean(row["text"])
                changes = [c for c in result.changes if c.rule_id.startswith("names.")]
                edited_docs += bool(changes)
                for change in changes:
                    per_rule[change.rule_id] += 1
                    per_lang[row.get("lang", "?")] += 1
                    if not quiet:
                        print(f"{name}\t{row['id']}\t{row.get('lang', '?')}/{result.lang}\t{change.rule_id}\t"
                              f"{change.before!r} -> {change.after!r}\t{_context(row['text'], change)}")
        print(f"== {name}: {sum(per_rule.values())} name edits in {edited_docs} of {docs} articles")
        print("   per language: " + (", ".join(f"{k} {v}" for k, v in sorted(per_lang.items())) or "-"))
        for rule_id, count in per_rule.most_common():
            print(f"   {count:5d}  {rule_id}")
    return 0


def _context(original: str, change) -> str:
    """The edit in its line of the original text: ...before [OLD=>NEW] after..."""
    lines = original.split("\n")
    line = lines[change.line - 1] if change.line - 1 < len(lines) else ""
    col = change.col - 1
    end = col + len(change.before)
    if line[col:end] != change.before:  # earlier stages moved the text: show the change alone
        return f"[{change.before}=>{change.after}]"
    left = line[max(col - CONTEXT, 0):col]
    right = line[end:end + CONTEXT]
    return " ".join(f"...{left}[{change.before}=>{change.after}]{right}...".split())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", nargs="?", choices=["score", "audit"], default="score")
    ap.add_argument("--gold", default=str(GOLD), help="gold JSONL (default: the dev set)")
    ap.add_argument("--style", default="official", choices=STYLES)
    ap.add_argument("--all-styles", action="store_true", help="score every style in turn")
    ap.add_argument("--show", type=int, default=0, help="print up to N failing rows")
    ap.add_argument("--set", choices=CAUTION_SETS, action="append", help="audit: which caution file(s)")
    ap.add_argument("--quiet", action="store_true", help="audit: counts only")
    ap.add_argument("--tree", default=str(ROOT), help="checkout whose cleantext to measure")
    args = ap.parse_args(argv)
    needed = [CAUTION] if args.mode == "audit" else [Path(args.gold), SCORER]
    if missing := [p for p in needed if not p.exists()]:
        print(f"quality_names: the shared evaluation data is not here ({missing[0]}); it lives next to "
              "the project in ../shared and is not distributed. Nothing to do.")
        return 0
    sys.path.insert(0, str(Path(args.tree).resolve()))
    from cleantext import Cleaner

    if args.mode == "audit":
        return audit(Cleaner, args.set or list(CAUTION_SETS), args.style, args.quiet)
    status = 0
    for style in STYLES if args.all_styles else (args.style,):
        if args.all_styles:
            print(f"== style {style}")
        status |= score(Cleaner, Path(args.gold), style, args.show)
    return status


if __name__ == "__main__":
    sys.exit(main())

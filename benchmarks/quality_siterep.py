#!/usr/bin/env python3
"""Site repetition on the chrome dev set and the caution corpus, with and without.

The two rules that judge a page by other pages of its site: chrome.site-repetition
(short lines that do not read as prose, by shape) and chrome.site-boilerplate (prose
lines, word for word, at a higher bar).

Chrome dev set (../shared/dev-data/chrome/): every page's trafilatura text is cleaned
twice with the default rules: alone (no site: site rules off), and as one run in
which each page carries its site from the manifest (`Cleaner.clean_many`), so the pages
of a site see each other (big9 has four sites of 29 to 40 pages; the other sources have
at most a few pages per site). Scored per source and for the whole set by the team's
scorer, with the columns of quality_chrome.py, plus the lines each rule removed and how
many of them are article lines (by the training labels' test).

Caution corpus (../shared/dev-data/caution/): real clean articles grouped by their
`source` field (by file where there is none), in file order; every line the rules remove
there is counted, and `--show N` prints N of them, drawn at random (seed 0), to read.

    python benchmarks/quality_siterep.py                 # both
    python benchmarks/quality_siterep.py --no-caution --list   # the dev set, listing every removal
    python benchmarks/quality_siterep.py --min-share 0.5       # another share, same rules otherwise
    python benchmarks/quality_siterep.py --retune site-boilerplate --min-pages 3   # the other rule
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quality_chrome import (
    DOCS,
    ROOT,
    SHARED,
    SOURCES,
    article_lines_removed,
    chrome_row,
    chrome_sites,
    require_data,
    score,
)

sys.path.insert(0, str(ROOT))
from cleantext import Cleaner

RULES = ("chrome.site-repetition", "chrome.site-boilerplate")
SHORT = {"chrome.site-repetition": "rep.", "chrome.site-boilerplate": "boil."}  # column heads
CAUTION = SHARED / "dev-data" / "caution"


def cleaners(retune: str, min_share: float | None, min_pages: int | None) -> tuple[Cleaner, Cleaner, Path | None]:
    """Without the site rules, with them (the built-in ones, or with one of them a copy
    with other thresholds)."""
    without = Cleaner(ignore=list(RULES))
    if min_share is None and min_pages is None:
        return without, Cleaner(), None
    rule = Cleaner().rule(f"chrome.{retune}")
    folder = Path(tempfile.mkdtemp(prefix="siterep-"))
    (folder / "chrome.yml").write_text(
        f"pack: chrome\nrules:\n  - id: {retune}\n    kind: {rule.kind}\n    override: true\n"
        f"    min_pages: {rule.min_pages if min_pages is None else min_pages}\n"
        f"    min_share: {rule.min_share if min_share is None else min_share}\n"
        f"    max_chars: {rule.max_chars}\n    window: {rule.window}\n    why: A retuned copy.\n"
        "    examples:\n      - before: \"a\"\n        after: \"a\"\n    counterexamples:\n      - \"a\"\n",
        encoding="utf-8")
    return without, Cleaner(rules=[folder]), folder


def removed_by_rule(result) -> list[tuple[str, str]]:
    """(rule id, line) of every line the site rules removed."""
    return [(c.rule_id, line) for c in result.changes if c.rule_id in RULES
            for line in c.before.split("\n") if line.strip()]


def report_dev(without: Cleaner, with_rule: Cleaner, listing: bool, tmp: Path) -> None:
    sites = chrome_sites()
    ids = sorted(sites)
    texts = {pid: (DOCS / pid / "traf.txt").read_text(encoding="utf-8") for pid in ids}
    dirs = {name: tmp / name for name in ("input", "without", "with")}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    lost: dict[str, dict[str, list[str]]] = {"without": {}, "with": {}}
    by_rule: dict[str, list[tuple[str, str]]] = {}
    article_by_rule: dict[str, list[str]] = {}
    results_with = with_rule.clean_many({"text": texts[pid], "site": sites[pid]} for pid in ids)
    guards: dict[str, list] = {"without": [], "with": []}
    for pid, result in zip(ids, results_with, strict=True):
        alone = without.clean(texts[pid])
        guards["without"].append(alone)
        guards["with"].append(result)
        gold = (DOCS / pid / "gold.txt").read_text(encoding="utf-8")
        (dirs["input"] / f"{pid}.txt").write_text(texts[pid], encoding="utf-8")
        (dirs["without"] / f"{pid}.txt").write_text(alone.text, encoding="utf-8")
        (dirs["with"] / f"{pid}.txt").write_text(result.text, encoding="utf-8")
        lost["without"][pid] = article_lines_removed(alone, gold)
        lost["with"][pid] = article_lines_removed(result, gold)
        by_rule[pid] = removed_by_rule(result)
        article_by_rule[pid] = [line for line in lost["with"][pid] if line in {x for _, x in by_rule[pid]}]
    pages_per_site = Counter(sites.values())
    guarded = {name: sum(r.guarded for r in results) for name, results in guards.items()}
    print(f"chrome dev set: {len(ids)} pages, trafilatura text; with = one run, each page with its site; "
          f"guard kept {guarded['without']} whole without, {guarded['with']} with")
    print(f"{'':<34}{'P':>7}{'R':>7}{'F1':>7}{'chrome/p':>9}{'lost w/p':>9}{'pages':>7}"
          + "".join(f"{SHORT[r]:>7}" for r in RULES) + f"{'art.':>6}")
    groups = {s: [p for p in ids if p.startswith(s + "-")] for s in SOURCES}
    groups["all"] = ids
    for name, members in groups.items():
        many = sum(1 for p in members if pages_per_site[sites[p]] >= 3)
        print(f"{name} ({len(members)} pages, {many} on sites with 3 or more)")
        print(chrome_row("  trafilatura", score(dirs["input"], members)[0], None))
        print(chrome_row("  + cleantext, no site repetition", score(dirs["without"], members)[0],
                         {p: lost["without"][p] for p in members}))
        removed = Counter(rule for p in members for rule, _ in by_rule[p])
        article = sum(len(article_by_rule[p]) for p in members)
        print(chrome_row("  + cleantext with them", score(dirs["with"], members)[0],
                         {p: lost["with"][p] for p in members})
              + "".join(f"{removed[r]:>7}" for r in RULES) + f"{article:>6}")
    if listing:
        print("\nlines the rules removed (A: an article line by the labels' test):")
        for pid in ids:
            for rule, line in by_rule[pid]:
                mark = "A" if line in article_by_rule[pid] else " "
                print(f"  {mark} {SHORT[rule]:<5} {pid} [{sites[pid]}] {line[:100]!r}")
    print()


def caution_groups() -> dict[str, list[str]]:
    """Texts per group: the `source` field, else the file."""
    groups: dict[str, list[str]] = {}
    for path in sorted(CAUTION.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                groups.setdefault(str(rec.get("source") or path.stem), []).append(rec["text"])
    return groups


def report_caution(with_rule: Cleaner, show: int) -> None:
    groups = caution_groups()
    removed: list[tuple[str, str, str]] = []  # (group, rule id, line)
    print("caution corpus: removals by the site rules, per group (source field, else file)")
    total = 0
    for name, texts in groups.items():
        site = name.lower().replace(" ", "-") + ".example"
        found = [(name, rule, line) for r in with_rule.clean_many({"text": t, "site": site} for t in texts)
                 for rule, line in removed_by_rule(r)]
        removed += found
        total += len(texts)
        per_rule = Counter(rule for _, rule, _ in found)
        print(f"  {name:<18}{len(texts):>6} articles{len(found):>7} lines removed"
              f"{1000 * len(found) / len(texts):>9.1f} per 1,000 articles ("
              + ", ".join(f"{SHORT[r]} {per_rule[r]}" for r in RULES) + ")")
    print(f"  all {total} articles: {len(removed)} lines removed ({1000 * len(removed) / total:.1f} per 1,000)")
    common = Counter(line for _, _, line in removed).most_common(15)
    if common:
        print("  most frequent:", "; ".join(f"{line[:60]!r} x{n}" for line, n in common))
    for name, rule, line in random.Random(0).sample(removed, min(show, len(removed))):
        print(f"    [{name}] {SHORT[rule]:<5} {line[:120]!r}")
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--retune", choices=[r.split(".", 1)[1] for r in RULES], default="site-repetition",
                    help="the rule --min-share and --min-pages change (default site-repetition)")
    ap.add_argument("--min-share", type=float, help="its min_share (default: the built-in rule's)")
    ap.add_argument("--min-pages", type=int, help="its min_pages (default: the built-in rule's)")
    ap.add_argument("--no-caution", action="store_true", help="skip the caution corpus")
    ap.add_argument("--no-dev", action="store_true", help="skip the chrome dev set")
    ap.add_argument("--list", action="store_true", help="list every line the rule removed on the dev set")
    ap.add_argument("--show", type=int, default=100, metavar="N", help="caution removals to print (default 100)")
    args = ap.parse_args(argv)
    require_data()
    without, with_rule, _ = cleaners(args.retune, args.min_share, args.min_pages)
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_dev:
            report_dev(without, with_rule, args.list, Path(tmp))
        if not args.no_caution:
            report_caution(with_rule, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Measure word-by-word repair from the spin judge's word data before shipping it (issue 17,
part 4: "for per-occurrence spinners, word by word where the substitute is implausible in its
context"). Nothing is written; no cleantext behaviour depends on this script.

The design measured: in a document the judge scores spin.REPAIR_AT or more, a lower-case word w
outside quotations and embedded posts, whose much more common synonym o (rules/models/
spin-substitutes.tsv.gz: same sense, part of speech and inflection) is nowhere in the document,
becomes o when w's pairs with both neighbours (lower-case words of the same run) are missing
from the web's frequent pairs (rules/models/spin-pairs.txt.gz) while o makes a frequent pair
with both. Tighter or looser variants:

  --seen 1      o need make a frequent pair with one neighbour only
  --content N   at least N of the two neighbours are not stopwords ("the", "of" pair with anything)
  --rare        w is rare (the judge's "rare" mark: under Zipf 3.0, a synonym 30x as common)
  --unique      exactly one of w's common synonyms qualifies

Each candidate is scored against the original text (difflib alignment of word tokens, as
../shared/eval/score_spin.py aligns them): right when the aligned original word is o. Per family:
candidates, right ones, precision, and recall added (right / words the spinner changed); and,
on the clean originals, how many candidates the rule finds (what it would do to them were they
judged spun).

    python tools/spinner/generate_families.py /tmp/families.jsonl --limit 40
    python tools/spinner/word_repair_probe.py /tmp/families.jsonl [--seen 1] [--content 1] [--rare] [--unique]

The dev spin set (../shared/dev-data/spin, one real spinner) is added when present.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from cleantext import Cleaner, spin
from cleantext.inline.protected import quote_spans

DEV = ROOT.parent / "shared" / "dev-data" / "spin"
TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*")  # the scorer's word tokens


@dataclass(frozen=True)
class Options:
    seen: int  # neighbours with which the synonym must make a frequent pair
    content: int  # neighbours that must not be stopwords
    rare: bool
    unique: bool


def documents(families: Path) -> Iterator[tuple[str, str, str]]:
    """(family, spun, original) of the generated families, then of the dev spin set."""
    with families.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            yield row["family"], row["spun"], row["orig"]
    for path in sorted((DEV / "spun").glob("*.txt")):
        yield "dev", path.read_text(encoding="utf-8"), (DEV / "orig" / path.name).read_text(encoding="utf-8")


def candidates(text: str, opts: Options) -> list[tuple[int, str]]:
    """(offset, synonym) of every word the design would repair, were the document judged spun."""
    protected = spin.protected_spans(text, quote_spans(text))
    words = spin.read_words(text, protected)
    if words is None:
        return []
    out: list[tuple[int, str]] = []
    pos = 0
    for start, end in [*protected, (len(text), len(text))]:
        for run in spin._RUN.finditer(text, pos, max(pos, start)):
            out += _run_candidates(run.group().split(" "), run.start(), words.anywhere, opts)
        pos = max(pos, end)
    return out


def _run_candidates(ws: list[str], offset: int, anywhere: frozenset[str], opts: Options) -> list[tuple[int, str]]:
    table, listed, stop, rare = spin.substitutes(), spin.common_pairs(), spin.stopwords(), spin.rare_words()
    out: list[tuple[int, str]] = []
    at = offset
    for i, w in enumerate(ws):
        before = ws[i - 1] if i > 0 and ws[i - 1].islower() else ""
        after = ws[i + 1] if i + 1 < len(ws) and ws[i + 1].islower() else ""
        commons = table.get(w, ()) if w.islower() and w not in stop and (w in rare or not opts.rare) else ()
        if (
            commons
            and before
            and after
            and f"{before} {w}" not in listed
            and f"{w} {after}" not in listed
            and (before not in stop) + (after not in stop) >= opts.content
        ):
            fixes = [
                c
                for c in commons
                if c not in anywhere and (f"{before} {c}" in listed) + (f"{c} {after}" in listed) >= opts.seen
            ]
            if fixes and (len(fixes) == 1 or not opts.unique):
                out.append((at, fixes[0]))
        at += len(w) + 1
    return out


def aligned(spun: str, orig: str) -> tuple[dict[int, str], int]:
    """The original word at each aligned offset of the spun text, and how many words the
    spinner changed (words of the spun text in replace blocks)."""
    s = [(m.start(), m.group()) for m in TOKEN.finditer(spun)]
    o = TOKEN.findall(orig)
    truth: dict[int, str] = {}
    changed = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, [w for _, w in s], o, autojunk=False).get_opcodes():
        changed += i2 - i1 if tag == "replace" else 0
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            truth.update((s[i1 + k][0], o[j1 + k]) for k in range(i2 - i1))
    return truth, changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("families", type=Path, help="rows from generate_families.py")
    ap.add_argument("--seen", type=int, choices=(1, 2), default=2)
    ap.add_argument("--content", type=int, choices=(0, 1, 2), default=0)
    ap.add_argument("--rare", action="store_true")
    ap.add_argument("--unique", action="store_true")
    ap.add_argument("--examples", type=int, default=0, help="show this many wrong repairs per family")
    args = ap.parse_args(argv)
    opts = Options(args.seen, args.content, args.rare, args.unique)
    flagger = Cleaner(spin="flag")
    found, right, changed = Counter[str](), Counter[str](), Counter[str]()
    wrong: dict[str, list[str]] = {}
    originals: dict[str, int] = {}
    for family, spun, orig in documents(args.families):
        truth, spun_words = aligned(spun, orig)
        changed[family] += spun_words
        if orig not in originals:
            originals[orig] = len(candidates(orig, opts))
        if (flagger.clean(spun).spin_score or 0.0) < spin.REPAIR_AT:
            continue
        for at, fix in candidates(spun, opts):
            found[family] += 1
            if truth.get(at) == fix:
                right[family] += 1
            elif len(wrong.setdefault(family, [])) < args.examples:
                word = TOKEN.match(spun, at)
                wrong[family].append(f"{word.group() if word else '?'} -> {fix} (original: {truth.get(at)})")
    print(f"{opts}; documents judged >= REPAIR_AT {spin.REPAIR_AT}")
    print(f"{'family':<20}{'repairs':>9}{'right':>7}{'P':>7}{'R added':>9}")
    for family in sorted(changed):
        n = found[family]
        print(
            f"{family:<20}{n:>9}{right[family]:>7}{right[family] / max(n, 1):>7.3f}"
            f"{right[family] / max(changed[family], 1):>9.4f}"
        )
        for line in wrong.get(family, ()):
            print(f"    {line}")
    total = sum(found.values())
    print(f"{'all':<20}{total:>9}{sum(right.values()):>7}{sum(right.values()) / max(total, 1):>7.3f}")
    print(f"clean originals: {len(originals)}, candidates in them if judged spun: {sum(originals.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Does one document's cost grow linearly with its length? The whole engine, on long texts.

`tests/test_pattern_growth.py` holds every built-in pattern to linear time; this measures
what the patterns do not cover: the code around them, on single documents of 0.25, 0.5, 1
and 2 MB (`--max-mb` sets the largest) in shapes that make per-match work expensive: a
text with its line breaks stripped, names or quotations on one long line, JSON read as
text, thousands of short lines. A linear cost keeps MB/s level across the sizes; a
quadratic one halves it at every doubling. The last column is the cost per MB at the
largest size over that at the smallest (1.0: linear; 8.0 over 0.25 to 2 MB: quadratic);
over SUPERLINEAR_AT it says so. A quadratic term that is small beside the linear one shows
only on longer texts: `--max-mb 8` (some minutes).

The shapes are made from the seed articles and, where `../shared/dev-data/` is beside the
checkout, from the spin set's spun articles and the translit set's JSONL. Times are CPU
seconds of the measuring process, per repetition after a warm-up, so a busy machine moves
them little. `--checkout DIR` measures another checkout's cleantext too, the two taking
turns on each text (benchmarks/compare.py):

    python benchmarks/long_documents.py
    git worktree add /tmp/before HEAD~5 && python benchmarks/long_documents.py --checkout /tmp/before
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import compare

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "dev-data"
# Cost per MB at 8x the size over that at 1x: quadratic is 8, linear 1, and a busy machine
# has moved a linear shape's figure to 1.4.
SUPERLINEAR_AT = 2.0
SIZES_OF_LARGEST = (0.125, 0.25, 0.5, 1.0)


def _repeat(units: list[str], size: int, sep: str) -> str:
    """Units joined by `sep`, cycling through them, until the text is `size` characters."""
    out: list[str] = []
    total = -len(sep)  # the length of sep.join(out)
    while total < size:
        unit = units[len(out) % len(units)]
        out.append(unit)
        total += len(sep) + len(unit)
    return sep.join(out)


def shapes() -> dict[str, Callable[[int], str]]:
    """Shape name -> a maker of a text of about that many characters."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    one_line = [" ".join(s.split()) for s in seeds]
    found: dict[str, Callable[[int], str]] = {
        "prose, one line": lambda n: _repeat(one_line, n, " "),
        "names, one line": lambda n: _repeat(["Zelenskiy visited Kiev, Kharkov and Odessa on Monday."], n, " "),
        "names, short lines": lambda n: _repeat(["Zelenskiy visited Kiev."], n, "\n"),
        "quotations, one line": lambda n: _repeat(['He said "the council met in Kiev" and \u201cstated a plan\u201d.'],
                                                  n, " "),
        "menu lines": lambda n: _repeat(["Home", "News", "Sport", "Weather", "Read more", "Subscribe"], n, "\n"),
        "JSON as text": lambda n: _repeat([json.dumps({"text": s}) for s in seeds], n, "\n"),
    }
    spun = sorted((DEV / "spin" / "spun").glob("*.txt"))
    if spun:
        texts = [" ".join(p.read_text(encoding="utf-8").split()) for p in spun]
        found["spun articles, one line"] = lambda n: _repeat(texts, n, " ")
    translit = DEV / "translit" / "translit-dev.jsonl"
    if translit.exists():
        lines = translit.read_text(encoding="utf-8").splitlines()
        found["translit JSONL as text"] = lambda n: _repeat(lines, n, "\n")
    return found


def measure(contenders: dict[str, Callable[[str], object]], max_mb: float, reps: int
            ) -> dict[str, dict[str, list[tuple[int, float]]]]:
    """Contender -> shape -> (characters, CPU seconds) per size; the contenders take turns
    on each text (compare.measure), so a busy spell slows them alike."""
    figures: dict[str, dict[str, list[tuple[int, float]]]] = {name: {} for name in contenders}
    for shape, make in shapes().items():
        for share in SIZES_OF_LARGEST:
            text = make(int(share * max_mb * 1_000_000))
            for name, seconds in compare.measure([text], contenders, reps, batch=1).items():
                figures[name].setdefault(shape, []).append((len(text), seconds))
    return figures


def report(label: str, figures: dict[str, list[tuple[int, float]]]) -> list[str]:
    sizes = next(iter(figures.values()))
    head = " | ".join(f"{n / 1e6:.2f} MB" for n, _ in sizes)
    lines = [f"### {label}", "", f"| shape | {head} | cost per MB, largest / smallest |",
             "|---|" + "---:|" * (len(sizes) + 1)]
    for name, rows in figures.items():
        rates = " | ".join(f"{n / t / 1e6:.2f} MB/s" for n, t in rows)
        growth = (rows[-1][1] / rows[-1][0]) / (rows[0][1] / rows[0][0])
        verdict = " (superlinear)" if growth > SUPERLINEAR_AT else ""
        lines.append(f"| {name} | {rates} | {growth:.2f}{verdict} |")
    return lines + [""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-mb", type=float, default=2.0, help="the largest document, in MB (default 2)")
    parser.add_argument("--reps", type=int, default=2, help="repetitions per document (after a warm-up)")
    parser.add_argument("--checkout", type=Path, action="append", default=[],
                        help="another checkout to measure beside this one (repeatable)")
    args = parser.parse_args(argv)
    from cleantext import Cleaner

    contenders: dict[str, Callable[[str], object]] = {str(ROOT): _english(Cleaner())}
    with tempfile.TemporaryDirectory() as into:
        sys.path.insert(0, into)
        for k, checkout in enumerate(args.checkout):
            contenders[str(checkout)] = _english(compare.load_checkout(f"other{k}", checkout, Path(into)).Cleaner())
        for name, found in measure(contenders, args.max_mb, args.reps).items():
            print("\n".join(report(name, found)), flush=True)
    return 0


def _english(cleaner: Any) -> Callable[[str], object]:
    return lambda text: cleaner.clean(text, lang="en")


if __name__ == "__main__":
    sys.exit(main())

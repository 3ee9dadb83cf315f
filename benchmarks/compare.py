#!/usr/bin/env python3
"""Compare the speed of cleantext checkouts, alternating them in one process.

    python benchmarks/compare.py old=../main-old new=.        # two checkouts
    python benchmarks/compare.py --sample-mb 1 --reps 5 a=. b=/tmp/branch
    python benchmarks/compare.py --corpora main=../main new=.  # each corpus of throughput.py --corpora

Separate runs of throughput.py on this kind of machine differ by 15-25% (the load and
the CPU's clock drift over minutes), more than most single changes gain. Here every
checkout's `cleantext` package is copied under its own name and imported side by
side, and the checkouts and `ftfy.fix_text` take turns every --batch documents of the
same sample, so a drift hits them all alike. The order of a turn goes through every
permutation in turn: whoever runs right after another finds the same texts warm in the
caches, and with a fixed order one revision under two names came out 2-7% faster
second than first on every corpus. Each is given as seconds of CPU per
repetition and as ftfy's time divided by its own (higher is faster).
Switching evicts the others' caches, so the ratios run a little below throughput.py's.
With --corpora each kind of corpus (`corpus.corpora()`, --corpus-kb of each) is measured
apart, as `throughput.py --corpora` reports them, with MB per CPU-second. Every run also
says on how many documents the checkouts' results differ (text, changes, language, spin
score): 0 when a change only makes cleantext faster.
"""
from __future__ import annotations

import argparse
import importlib
import itertools
import shutil
import sys
import tempfile
import time
from pathlib import Path

import corpus

MB = 10**6


def sample_texts(sample_mb: float) -> list[str]:
    """The texts of an every-k-th-document sample of the mixed corpus (built if needed)."""
    path, _ = corpus.build(log=lambda msg: print(msg, file=sys.stderr))
    return [d["text"] for d in corpus.sample(corpus.load(path), int(sample_mb * MB))]


def shown(result) -> tuple:
    """What a user sees of a result, to tell whether two checkouts agree."""
    changes = tuple((c.rule_id, c.line, c.col, c.before, c.after, c.note) for c in result.changes)
    return result.text, changes, result.lang, result.spin_score


def load_checkout(name: str, path: Path, into: Path):
    """The checkout's cleantext package (with its built-in rules) imported as `ct_<name>`."""
    module = f"ct_{name}"
    package = into / module
    shutil.copytree(path / "cleantext", package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(path / "rules", package / "rules")  # found as the package's shipped packs
    return importlib.import_module(module)


def measure(texts: list[str], contenders: dict, reps: int, batch: int) -> dict[str, float]:
    """CPU seconds per repetition of each contender on the texts, taking turns every batch."""
    for clean in contenders.values():  # warm up: lazy loading, caches
        for text in texts:
            clean(text)
    seconds = dict.fromkeys(contenders, 0.0)
    orders = itertools.cycle(list(itertools.permutations(contenders)))
    for _ in range(reps):
        for i in range(0, len(texts), batch):
            for name in next(orders):
                clean = contenders[name]
                start = time.process_time()
                for text in texts[i:i + batch]:
                    clean(text)
                seconds[name] += time.process_time() - start
    return {name: total / reps for name, total in seconds.items()}


def disagreements(texts: list[str], cleaners: dict) -> int:
    """Documents on which the checkouts' results differ."""
    first, *others = cleaners.values()
    return sum(any(shown(other(t)) != shown(first(t)) for other in others) for t in texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkouts", nargs="+", metavar="NAME=PATH")
    parser.add_argument("--sample-mb", type=float, default=3.0)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--batch", type=int, default=25, help="documents per turn")
    parser.add_argument("--corpora", action="store_true", help="each kind of corpus apart (corpus.corpora())")
    parser.add_argument("--corpus-kb", type=float, default=300.0, help="with --corpora: KB of each (default 300)")
    args = parser.parse_args(argv)
    import ftfy

    texts = sample_texts(args.corpus_kb / 1000 if args.corpora else args.sample_mb)  # the mixed corpus
    found = corpus.corpora(int(args.corpus_kb * 1000), mixed=texts) if args.corpora else {"mixed sample": texts}
    if not found:
        parser.error("--corpora needs ../shared/dev-data")
    with tempfile.TemporaryDirectory(prefix="cleantext-compare-") as tmp:
        sys.path.insert(0, tmp)
        cleaners = {}
        for spec in args.checkouts:
            name, _, where = spec.partition("=")
            if not name.isidentifier() or not where:
                parser.error(f"{spec!r}: expected NAME=PATH, NAME a Python identifier")
            cleaners[name] = load_checkout(name, Path(where).resolve(), Path(tmp)).Cleaner().clean
        contenders = {"ftfy": ftfy.fix_text, **cleaners}
        for label, docs in found.items():
            seconds = measure(docs, contenders, args.reps, args.batch)
            nbytes = sum(len(t.encode("utf-8")) for t in docs)
            print(f"{label}: {len(docs)} documents, {nbytes / MB:.2f} MB, {args.reps} repetitions, "
                  f"turns of {args.batch}; results differ on {disagreements(docs, cleaners)} documents")
            for name, took in seconds.items():
                print(f"  {name:12s} {took:7.3f} s per repetition  {nbytes / MB / took:6.2f} MB/s  "
                      f"ftfy/{name} {seconds['ftfy'] / took:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

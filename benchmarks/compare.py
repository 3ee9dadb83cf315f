#!/usr/bin/env python3
"""Compare the speed of cleantext checkouts, alternating them in one process.

    python benchmarks/compare.py old=../main-old new=.        # two checkouts
    python benchmarks/compare.py --sample-mb 1 --reps 5 a=. b=/tmp/branch

Separate runs of throughput.py on this kind of machine differ by 15-25% (the load and
the CPU's clock drift over minutes), more than most single changes gain. Here every
checkout's `cleantext` package is copied under its own name and imported side by
side, and the checkouts and `ftfy.fix_text` take turns every --batch documents of the
same sample, so a drift hits them all alike. Each is given as seconds of CPU per
repetition and as ftfy's time divided by its own (higher is faster).
Switching evicts the others' caches, so the ratios run a little below throughput.py's.
"""
from __future__ import annotations

import argparse
import importlib
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


def load_checkout(name: str, path: Path, into: Path):
    """The checkout's cleantext package (with its built-in rules) imported as `ct_<name>`."""
    module = f"ct_{name}"
    package = into / module
    shutil.copytree(path / "cleantext", package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(path / "rules", package / "rules")  # found as the package's shipped packs
    return importlib.import_module(module)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkouts", nargs="+", metavar="NAME=PATH")
    parser.add_argument("--sample-mb", type=float, default=3.0)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--batch", type=int, default=25, help="documents per turn")
    args = parser.parse_args(argv)
    import ftfy

    texts = sample_texts(args.sample_mb)
    with tempfile.TemporaryDirectory(prefix="cleantext-compare-") as tmp:
        sys.path.insert(0, tmp)
        contenders = {"ftfy": ftfy.fix_text}
        for spec in args.checkouts:
            name, _, where = spec.partition("=")
            if not name.isidentifier() or not where:
                parser.error(f"{spec!r}: expected NAME=PATH, NAME a Python identifier")
            contenders[name] = load_checkout(name, Path(where).resolve(), Path(tmp)).Cleaner().clean
        for clean in contenders.values():  # warm up: lazy loading, caches
            for text in texts:
                clean(text)
        seconds = dict.fromkeys(contenders, 0.0)
        for _ in range(args.reps):
            for i in range(0, len(texts), args.batch):
                batch = texts[i:i + args.batch]
                for name, clean in contenders.items():
                    start = time.process_time()
                    for text in batch:
                        clean(text)
                    seconds[name] += time.process_time() - start
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    print(f"{len(texts)} documents, {nbytes / MB:.2f} MB, {args.reps} repetitions, turns of {args.batch}")
    for name, total in seconds.items():
        print(f"{name:12s} {total / args.reps:7.3f} s per repetition   ftfy/{name} {seconds['ftfy'] / total:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

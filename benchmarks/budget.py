#!/usr/bin/env python3
"""Where cleantext's time goes, against the budget the 3x-ftfy target leaves.

    python benchmarks/budget.py                 # a 3 MB sample of the mixed corpus
    python benchmarks/budget.py --sample-mb 10 --reps 5

cleantext and `ftfy.fix_text` take turns every 25 documents of the same sample in one
process (a drift in the machine's speed hits both alike). During cleantext's turns the
calls it makes into other libraries are timed: ftfy on the lines that need repair,
RE2 sets (the line screen and the inline-regex screen) and langdetect. The literal
scan (RE2 and a trie walk, a generator consumed inside cleantext's own loop) is timed
apart, over the same documents. What remains is cleantext's own Python. Every figure
is CPU seconds per repetition; the budget is a third of ftfy's time.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict

from compare import MB, sample_texts

TARGET = 3.0  # times faster than ftfy.fix_text (issue 6)


class CallTimer:
    """Adds the CPU time of calls to a library function while `active`; calls made
    by ftfy.fix_text itself (which uses the same functions) are not counted. The
    timer's own cost (about 2 microseconds a call) is measured and taken off."""

    def __init__(self):
        self.active = False
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, owner, attribute: str, label: str) -> None:
        original = getattr(owner, attribute)

        def timed(*args, **kwargs):
            if not self.active:
                return original(*args, **kwargs)
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] += time.process_time() - start
                self.calls[label] += 1

        setattr(owner, attribute, timed)

    @staticmethod
    def cost_per_call() -> float:
        """Seconds that timing adds to a call: a timed call that does nothing."""
        class Nothing:
            @staticmethod
            def call() -> None:
                return None

        probe = CallTimer()
        probe.active = True
        probe.wrap(Nothing, "call", "probe")
        start = time.process_time()
        for _ in range(100_000):
            Nothing.call()
        return (time.process_time() - start) / 100_000


def literal_scan(cleaner, texts: list[str]) -> float:
    """CPU seconds of the literal matcher alone over the texts (every key's matches)."""
    matcher = cleaner._base.inline.matcher
    start = time.process_time()
    for text in texts:
        for _ in matcher.spans(text):
            pass
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample-mb", type=float, default=3.0)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args(argv)
    import ftfy
    import re2
    from langdetect import detector

    from cleantext import Cleaner, unicode

    texts = sample_texts(args.sample_mb)
    timer = CallTimer()
    timer.wrap(unicode.ftfy, "fix_and_explain", "ftfy on the lines needing repair")
    timer.wrap(re2.Set, "Match", "RE2 sets (line and inline-regex screens)")
    timer.wrap(detector.Detector, "append", "langdetect")
    timer.wrap(detector.Detector, "get_probabilities", "langdetect")
    cleaner = Cleaner()
    for text in texts:  # warm up: langdetect's profiles, RE2's DFA states
        cleaner.clean(text)
        ftfy.fix_text(text)
    ftfy_s = clean_s = 0.0
    for _ in range(args.reps):
        for i in range(0, len(texts), 25):
            batch = texts[i:i + 25]
            start = time.process_time()
            for text in batch:
                ftfy.fix_text(text)
            ftfy_s += time.process_time() - start
            timer.active = True
            start = time.process_time()
            for text in batch:
                cleaner.clean(text)
            clean_s += time.process_time() - start
            timer.active = False
    reps = args.reps
    per_call = timer.cost_per_call()
    parts = {label: (s - per_call * timer.calls[label]) / reps for label, s in timer.seconds.items()}
    clean_s -= per_call * sum(timer.calls.values())
    parts["literal scan (timed apart)"] = min(literal_scan(cleaner, texts) for _ in range(reps))
    budget = ftfy_s / reps / TARGET
    others = sum(parts.values())
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    print(f"{len(texts)} documents, {nbytes / MB:.2f} MB; CPU seconds per repetition "
          f"(the mean of {reps} interleaved repetitions)")
    print(f"{ftfy_s / reps:7.3f}  ftfy.fix_text")
    print(f"{clean_s / reps:7.3f}  cleantext ({ftfy_s / clean_s:.2f}x ftfy)")
    print(f"{budget:7.3f}  budget for {TARGET:g}x ftfy")
    for label, s in parts.items():
        print(f"{s:7.3f}  {label}  ({s / budget:.0%} of the budget)")
    print(f"{others:7.3f}  other libraries in all ({others / budget:.0%} of the budget)")
    print(f"{clean_s / reps - others:7.3f}  cleantext's own Python; the budget leaves it {budget - others:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

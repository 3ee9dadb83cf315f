#!/usr/bin/env python3
"""Soak run: a large generated corpus with injected bad records, cleaned once straight
through and once interrupted (SIGTERM) and resumed with --skip-existing.

Checks that every run's counts add up (read = changed + unchanged + skipped + failed),
that the interrupted run left only complete files, and that the resumed outputs are
byte-identical to the uninterrupted ones.

    python benchmarks/soak.py                    # 100,000 records in 50 JSONL files
    python benchmarks/soak.py --records 20000    # smaller
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = re.compile(r"(\d+) read, (\d+) changed, (\d+) unchanged, (\d+) skipped, (\d+) failed")
CHROME = ["Skip to content", "Read more: Talks resume in Geneva", "Leave a Reply", "Back to top",
          "Don't miss a thing! Sign up to our newsletter"]


def build(folder: Path, records: int, files: int, seed: int = 7) -> dict[str, int]:
    """JSONL files from the seeds' paragraphs with chrome and bad records mixed in."""
    rng = random.Random(seed)
    paragraphs = [p for s in sorted((ROOT / "seeds").glob("*.txt"))
                  for p in s.read_text(encoding="utf-8").split("\n\n") if len(p) > 80]
    injected = {"malformed": 0, "missing": 0, "not_string": 0, "binary_file": 1}
    per_file = records // files
    for n in range(files):
        lines = []
        for i in range(per_file):
            kind = rng.random()
            if kind < 0.002:
                lines.append('{"id": %d, "text": "unterminated' % i)
                injected["malformed"] += 1
            elif kind < 0.004:
                lines.append(json.dumps({"id": i, "body": "no text field"}))
                injected["missing"] += 1
            elif kind < 0.006:
                lines.append(json.dumps({"id": i, "text": 12345}))
                injected["not_string"] += 1
            else:
                body = rng.sample(paragraphs, k=rng.randint(1, 3))
                if rng.random() < 0.5:
                    body.insert(0, rng.choice(CHROME))
                lines.append(json.dumps({"id": i, "text": "\n\n".join(body), "url": f"https://site{n % 5}.example/{i}"}))
        (folder / f"part-{n:03}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02 not text")
    return injected


def clean(src: Path, out: Path, *extra: str, stop_after: float | None = None) -> tuple[int, str]:
    cmd = [sys.executable, "-m", "cleantext", "clean", str(src), "-o", str(out), "-j", "2", *extra]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, cwd=ROOT, env={**os.environ, "CLEANTEXT_RULES": ""})
    if stop_after is not None:
        time.sleep(stop_after)
        proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate()
    return proc.returncode, err.decode(errors="replace")


def counts(stderr: str) -> tuple[int, ...]:
    found = SUMMARY.findall(stderr)
    if not found:
        raise SystemExit(f"soak: no summary line in:\n{stderr[-2000:]}")
    return tuple(int(x) for x in found[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--files", type=int, default=50)
    ap.add_argument("--stop-after", type=float, default=None,
                    help="seconds before SIGTERM (default: a third of the full run's time)")
    args = ap.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        src, full, part = Path(tmp) / "in", Path(tmp) / "full", Path(tmp) / "part"
        src.mkdir()
        injected = build(src, args.records, args.files)
        print(f"corpus: {args.records} records in {args.files} files plus a binary file; injected {injected}")

        start = time.monotonic()
        code, err = clean(src, full)
        took = time.monotonic() - start
        read, changed, unchanged, skipped, failed = counts(err)
        bad_records = injected["malformed"] + injected["missing"] + injected["not_string"]
        print(f"uninterrupted: exit {code} in {took:.1f}s; {read} read, {changed} changed, {unchanged} unchanged, "
              f"{skipped} skipped, {failed} failed")
        ok &= read == changed + unchanged + skipped + failed
        ok &= skipped == bad_records and failed == injected["binary_file"] and code == 3

        code, err = clean(src, part, stop_after=args.stop_after or took / 3)
        done = sorted(p.name for p in part.iterdir())
        stray = [n for n in done if n.startswith(".")]
        print(f"interrupted: exit {code}; {len(done)} files written, {len(stray)} temporary files left")
        ok &= code == 130 and not stray
        ok &= all((part / n).read_bytes() == (full / n).read_bytes() for n in done)

        code, err = clean(src, part, "--skip-existing")
        read2, changed2, unchanged2, skipped2, failed2 = counts(err)
        print(f"resumed: exit {code}; {read2} read, {changed2} changed, {unchanged2} unchanged, "
              f"{skipped2} skipped, {failed2} failed")
        ok &= read2 == changed2 + unchanged2 + skipped2 + failed2
        same = sorted(p.name for p in full.iterdir()) == sorted(p.name for p in part.iterdir()) and all(
            (part / p.name).read_bytes() == p.read_bytes() for p in full.iterdir())
        print(f"resumed outputs identical to the uninterrupted run: {same}")
        ok &= same
    print("SOAK " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

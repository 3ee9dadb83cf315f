#!/usr/bin/env python3
"""Fault soak: a large generated corpus of JSONL and CSV records with injected faults
(malformed lines, invalid UTF-8, 1 MB fields, missing and non-string text fields, short
CSV rows) plus a binary file, cleaned three ways:

1. straight through, bad records written back in place;
2. with --rejects, bad records in the rejects file;
3. as 2, interrupted (SIGINT) midway and resumed with --skip-existing (resuming is
   offered for folder outputs).

For every run it checks that every input record is found, in its place, in the output
(cleaned: same id and every other field; not cleaned: the same bytes, by SHA-256) or in
the rejects file (the same bytes); that the summary adds up (read = changed + unchanged
+ passed through + failed) and counts exactly the injected faults; that the interrupted
run left no temporary file; and that the resumed run ends with the same outputs and
rejects as the uninterrupted one.

    python benchmarks/soak.py                    # 100,000 records
    python benchmarks/soak.py --records 10000    # smaller
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = re.compile(r"(\d+) read, (\d+) changed, (\d+) unchanged, (\d+) (?:passed through|rejected), (\d+) failed")
CHROME = ["Skip to content", "Read more: Talks resume in Geneva", "Leave a Reply", "Back to top",
          "Don't miss a thing! Sign up to our newsletter"]
BIG = 1 << 20  # a 1 MB field
csv.field_size_limit(1 << 30)  # to read such fields back here
FILES = {"jsonl": 40, "csv": 10}
FAULTS = ("malformed", "invalid_utf8", "missing", "not_string", "short_row")


def _texts(rng: random.Random) -> list[str]:
    paragraphs = [p for s in sorted((ROOT / "seeds").glob("*.txt"))
                  for p in s.read_text(encoding="utf-8").split("\n\n") if len(p) > 80]

    def text() -> str:
        body = rng.sample(paragraphs, k=rng.randint(1, 3))
        if rng.random() < 0.5:
            body.insert(0, rng.choice(CHROME))
        return "\n\n".join(body)

    return [text() for _ in range(2000)]


def _big_text(rng: random.Random, texts: list[str]) -> str:
    out, size = [], 0
    while size < BIG:
        out.append(rng.choice(texts))
        size += len(out[-1]) + 2
    return "\n\n".join(out)


def build(folder: Path, records: int, seed: int = 7) -> Counter:
    """The corpus, and how many of each fault it holds."""
    rng = random.Random(seed)
    texts = _texts(rng)
    injected: Counter = Counter(binary_file=1)
    total_files = sum(FILES.values())
    per_file = records // total_files
    number = 0
    for fmt, count in FILES.items():
        for n in range(count):
            rows: list[bytes] = []
            for i in range(per_file):
                number += 1
                kind = rng.random()
                fault = FAULTS[int(kind * 1000) % len(FAULTS)] if kind < 0.01 else None
                if fmt == "jsonl" and fault == "short_row":
                    fault = "missing"
                elif fmt == "csv" and fault in ("malformed", "missing", "not_string"):
                    fault = "short_row"  # a CSV field is always a string; a short row lacks the text
                text = _big_text(rng, texts) if rng.random() < 0.0001 else rng.choice(texts)
                injected["big_field"] += len(text) >= BIG
                rows.append(_record(fmt, number, text, fault, f"https://site{n % 5}.example/{i}"))
                injected[fault or "good"] += 1
            name = f"part-{n:03}.{fmt}"
            if fmt == "csv":
                (folder / name).write_bytes(b"id,url,text\r\n" + b"".join(rows))
            else:
                (folder / name).write_bytes(b"".join(rows))
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02 not text")
    return injected


def _record(fmt: str, number: int, text: str, fault: str | None, url: str) -> bytes:
    if fmt == "jsonl":
        if fault == "malformed":
            return b'{"id": %d, "text": "unterminated\n' % number
        if fault == "invalid_utf8":
            return json.dumps({"id": number, "url": url, "text": "caf"}).encode()[:-2] + b'\xe9"}\n'
        if fault == "missing":
            return json.dumps({"id": number, "url": url, "body": text}).encode() + b"\n"
        if fault == "not_string":
            return json.dumps({"id": number, "url": url, "text": 12345}).encode() + b"\n"
        return json.dumps({"id": number, "url": url, "text": text}, ensure_ascii=False).encode() + b"\n"
    out = io.StringIO()
    writer = csv.writer(out)
    if fault == "short_row":
        writer.writerow([number, url])
    else:
        writer.writerow([number, url, text])
    data = out.getvalue().encode()
    if fault == "invalid_utf8":
        data = data.replace(b",", b",\xff", 1)  # a byte that is not UTF-8 in the url column
    return data


# ---------------------------------------------------------------------------
# accounting


def _inputs(path: Path) -> list[tuple[int, bytes]]:
    """(line number, raw bytes) of each record of an input file."""
    data = path.read_bytes()
    if path.suffix == ".jsonl":
        return [(k, line) for k, line in enumerate(data.split(b"\n")[:-1], start=1)]
    text = data.decode("utf-8", "surrogateescape")
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    out, start = [], 2
    for row in reader:
        out.append((start, _csv_bytes(row)))
        start = reader.line_num + 1
    return out


def _csv_bytes(row: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerow(row)
    return out.getvalue().encode("utf-8", "surrogateescape")


def _outputs(path: Path) -> list[bytes]:
    data = path.read_bytes()
    if path.suffix == ".jsonl":
        return data.split(b"\n")[:-1]
    reader = csv.reader(io.StringIO(data.decode("utf-8", "surrogateescape"), newline=""))
    header = next(reader)
    return [_csv_bytes(row[: len(header) - 1]) if len(row) == len(header) else _csv_bytes(row) for row in reader]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _identity(path: Path, raw: bytes) -> tuple | None:
    """A good record's id and other fields (what cleaning must keep), or None for a bad one."""
    try:
        if path.suffix == ".jsonl":
            record = json.loads(raw.decode("utf-8"))
            return (record["id"], record["url"]) if isinstance(record.get("text"), str) else None
        row = next(csv.reader([raw.decode("utf-8")]))
        return (int(row[0]), row[1]) if len(row) == 3 else None
    except (ValueError, KeyError, UnicodeDecodeError, StopIteration):
        return None


def _out_identity(path: Path, raw: bytes) -> tuple | None:
    if path.suffix == ".jsonl":
        record = json.loads(raw.decode("utf-8"))
        return record["id"], record["url"]
    row = next(csv.reader([raw.decode("utf-8")]))
    return int(row[0]), row[1]


def account(src: Path, out: Path, rejects: Path | None) -> dict[str, int]:
    """Every input record, found in its place in the output or in the rejects file."""
    rejected = {}
    if rejects is not None:
        for line in rejects.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            raw = entry["raw"].encode("utf-8", "surrogateescape") if "raw" in entry \
                else _csv_bytes(entry["row"])
            rejected[entry["where"]] = _digest(raw)
    found: Counter = Counter()
    for path in sorted(p for p in src.iterdir() if p.suffix in (".jsonl", ".csv")):
        outputs = iter(_outputs(out / path.name))
        for number, raw in _inputs(path):
            where = f"{path}:{number}"
            identity = _identity(path, raw)
            if identity is None and where in rejected:
                same = rejected.pop(where) == _digest(raw)
                found["in rejects" if same else "differ"] += 1
                continue
            got = next(outputs, None)
            if got is None:
                found["missing"] += 1
            elif identity is None:
                found["passed through"] += _digest(got) == _digest(raw)
                found["differ"] += _digest(got) != _digest(raw)
            else:
                found["cleaned"] += _out_identity(path, got) == identity
                found["differ"] += _out_identity(path, got) != identity
        found["extra"] += sum(1 for _ in outputs)
    found["unmatched rejects"] = len(rejected)
    return dict(found)


# ---------------------------------------------------------------------------
# runs


def clean(src: Path, out: Path, *extra: str, interrupt_after: float | None = None) -> tuple[int, str, float]:
    cmd = [sys.executable, "-m", "cleantext", "clean", str(src), "-o", str(out), "-j", "2", *extra]
    env = {**os.environ, "CLEANTEXT_RULES": "", "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    if interrupt_after is not None:
        time.sleep(interrupt_after)
        proc.send_signal(signal.SIGINT)
    _, err = proc.communicate()
    return proc.returncode, err.decode(errors="replace"), time.monotonic() - start


def counts(stderr: str) -> tuple[int, ...]:
    found = SUMMARY.findall(stderr)
    if not found:
        raise SystemExit(f"soak: no summary line in:\n{stderr[-2000:]}")
    return tuple(int(x) for x in found[-1])


def _same_tree(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in a.iterdir())
    return names == sorted(p.name for p in b.iterdir()) and all(
        (a / n).read_bytes() == (b / n).read_bytes() for n in names)


def _sorted_lines(path: Path) -> list[str]:
    return sorted(path.read_text(encoding="utf-8").splitlines())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--interrupt-after", type=float, default=None,
                    help="seconds before SIGINT (default: a third of the uninterrupted run's time)")
    args = ap.parse_args(argv)
    checks: list[tuple[str, bool]] = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        injected = build(src, args.records)
        bad = sum(injected[f] for f in FAULTS)
        print(f"corpus: {sum(injected[k] for k in ('good', *FAULTS))} records in {sum(FILES.values())} files "
              f"({FILES['jsonl']} JSONL, {FILES['csv']} CSV) plus a binary file; injected {dict(injected)}")

        took = 0.0
        for step, name, extra in ((1, "straight through", ()), (2, "with --rejects", ("--rejects",))):
            out = Path(tmp) / f"run{step}"
            rejects = Path(tmp) / f"rejects{step}.jsonl" if extra else None
            code, err, took = clean(src, out, *extra, *([str(rejects)] if rejects else []))
            read, changed, unchanged, passed, failed = counts(err)
            found = account(src, out, rejects)
            where = "rejected" if rejects else "passed through"
            print(f"{step} {name}: exit {code} in {took:.1f}s; {read} read, {changed} changed, {unchanged} "
                  f"unchanged, {passed} {where}, {failed} failed; records found: {found}")
            checks += [(f"{step} adds up", read == changed + unchanged + passed + failed),
                       (f"{step} counts the faults", passed == bad and failed == 1 and code == 3),
                       (f"{step} every record found", found.get("in rejects" if rejects else "passed through") == bad
                        and not any(found.get(k) for k in ("missing", "differ", "extra", "unmatched rejects")))]
        rej_out, rejects = Path(tmp) / "run2", Path(tmp) / "rejects2.jsonl"

        part, part_rejects = Path(tmp) / "part", Path(tmp) / "part-rejects.jsonl"
        code, err, _ = clean(src, part, "--rejects", str(part_rejects),
                             interrupt_after=args.interrupt_after or took / 3)
        written = sorted(p.name for p in part.iterdir()) if part.exists() else []
        stray = [p.name for p in Path(tmp).rglob("*.tmp")]
        last = re.search(r"last finished: (\S+)\)", err)
        print(f"3 interrupted: exit {code}; {len(written)} of {len(list(src.iterdir()))} outputs written, "
              f"{len(stray)} temporary files left; last finished: {last.group(1) if last else None}; "
              f"advice: {'--skip-existing' in err}")
        checks += [("3 interrupted cleanly", code == 130 and not stray and "--skip-existing" in err),
                   ("3 written outputs complete", all((part / n).read_bytes() == (rej_out / n).read_bytes()
                                                      for n in written))]
        code, err, took = clean(src, part, "--rejects", str(part_rejects), "--skip-existing")
        read, changed, unchanged, passed, failed = counts(err)
        skipped = re.search(r"(\d+) skipped", err)
        print(f"3 resumed: exit {code} in {took:.1f}s; {read} read, {changed} changed, {unchanged} unchanged, "
              f"{passed} rejected, {failed} failed, {skipped.group(1) if skipped else 0} files skipped")
        same = _same_tree(part, rej_out) and _sorted_lines(part_rejects) == _sorted_lines(rejects)
        print(f"3 outputs and rejects identical to run 2: {same}")
        checks += [("3 resumed adds up", read == changed + unchanged + passed + failed),
                   ("3 resumed matches run 2", same)]
    failed_checks = [name for name, ok in checks if not ok]
    print("SOAK " + ("PASS" if not failed_checks else f"FAIL: {', '.join(failed_checks)}"))
    return 0 if not failed_checks else 1


if __name__ == "__main__":
    sys.exit(main())

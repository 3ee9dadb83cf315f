#!/usr/bin/env python3
"""Differential check: does a change alter any output? One digest per document and style.

For the seed articles and every development set in ../shared/dev-data/ (chrome
`traf.txt`; chrome `raw.txt` with `find_body=True`; the spin set's originals and spun
articles; the translit inputs; the caution sets in English and other languages), each
document is cleaned under every style profile and what a user can see of the result
(output text, each change's rule id, line, column, before and after, the spin score,
the language, whether the line guard held) is hashed into one digest. Save the
digests of a checkout, change the code, compare:

    nice python benchmarks/differential.py --save /tmp/before.json -j 2
    nice python benchmarks/differential.py --compare /tmp/before.json -j 2

`--compare` prints, per set and style, how many documents were compared and how many
changed (with the first few ids), and exits 1 if any changed or went missing. Sets
whose data is absent are left out and named. `--limit N` takes the first N documents
of each set (the test suite runs a small sample this way). `--checkout DIR` cleans with
another checkout's cleantext (the data is still found beside this one). Only the public
API (`Cleaner(style=..., find_body=...).clean`) is used, so any two checkouts compare.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "dev-data"
STYLES = ("official", "ap", "reuters", "bbc")
SHOWN = 5  # changed ids printed per set and style

Document = tuple[str, str]  # (id, text)


def _files(folder: Path, name: str = "") -> Iterator[Document]:
    """Every file of a folder (or `name` in each of its subfolders), by sorted name."""
    for path in sorted(folder.iterdir()):
        target = path / name if name else path
        if target.is_file():
            yield path.name, target.read_text(encoding="utf-8")


def _jsonl(path: Path, field_name: str) -> Iterator[Document]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            yield row["id"], row[field_name]


@dataclass(frozen=True)
class DocumentSet:
    name: str
    source: Path  # must exist for the set to run
    documents: Callable[[], Iterator[Document]]
    settings: dict = field(default_factory=dict)


SETS = (
    DocumentSet("seeds", ROOT / "seeds", lambda: (d for d in _files(ROOT / "seeds") if d[0].endswith(".txt"))),
    DocumentSet("chrome-traf", DEV / "chrome" / "docs", lambda: _files(DEV / "chrome" / "docs", "traf.txt")),
    DocumentSet("chrome-raw-body", DEV / "chrome" / "docs", lambda: _files(DEV / "chrome" / "docs", "raw.txt"),
                {"find_body": True}),
    DocumentSet("spin-orig", DEV / "spin" / "orig", lambda: _files(DEV / "spin" / "orig")),
    DocumentSet("spin-spun", DEV / "spin" / "spun", lambda: _files(DEV / "spin" / "spun")),
    DocumentSet("translit", DEV / "translit" / "translit-dev.jsonl",
                lambda: _jsonl(DEV / "translit" / "translit-dev.jsonl", "input")),
    DocumentSet("caution-english", DEV / "caution" / "english.jsonl",
                lambda: _jsonl(DEV / "caution" / "english.jsonl", "text")),
    DocumentSet("caution-other", DEV / "caution" / "other-languages.jsonl",
                lambda: _jsonl(DEV / "caution" / "other-languages.jsonl", "text")),
)


def digest(result) -> str:
    """A stable hash of everything a user sees of one Result."""
    seen = [result.text, [[c.rule_id, c.line, c.col, c.before, c.after] for c in result.changes],
            result.spin_score, result.lang, result.guarded]
    return hashlib.sha256(json.dumps(seen, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def _run(job: tuple[str, str, int | None, str]) -> tuple[str, str, dict[str, str]]:
    """Digests of one set under one style (run in a worker process)."""
    set_name, style, limit, checkout = job
    if checkout not in sys.path:
        sys.path.insert(0, checkout)
    from cleantext import Cleaner

    if not Path(sys.modules["cleantext"].__file__).resolve().is_relative_to(checkout):
        raise RuntimeError(f"cleantext was already imported from elsewhere than {checkout}")

    chosen = next(s for s in SETS if s.name == set_name)
    cleaner = Cleaner(style=style, **chosen.settings)
    digests: dict[str, str] = {}
    for doc_id, text in chosen.documents():
        if limit is not None and len(digests) >= limit:
            break
        digests[doc_id] = digest(cleaner.clean(text))
    return set_name, style, digests


def measure(set_names: list[str], limit: int | None = None, jobs: int = 1,
            checkout: Path = ROOT) -> dict[str, dict[str, dict[str, str]]]:
    """set -> style -> document id -> digest, cleaned by the checkout's cleantext."""
    work = [(name, style, limit, str(checkout.resolve())) for name in set_names for style in STYLES]
    if jobs > 1:
        with Pool(jobs) as pool:
            done = pool.map(_run, work, chunksize=1)
    else:
        done = [_run(job) for job in work]
    out: dict[str, dict[str, dict[str, str]]] = {}
    for set_name, style, digests in done:
        out.setdefault(set_name, {})[style] = digests
    return out


def compare(saved: dict, now: dict, sample: bool = False) -> tuple[list[str], int]:
    """Report lines and the number of documents that changed or went missing (a
    sample misses documents by design)."""
    lines, bad = [], 0
    for set_name, styles in now.items():
        for style, digests in styles.items():
            before = saved.get(set_name, {}).get(style)
            if before is None:
                lines.append(f"{set_name:16s} {style:9s} not in the saved file")
                continue
            changed = [d for d in digests if d in before and before[d] != digests[d]]
            missing = [] if sample else [d for d in before if d not in digests]
            new = [d for d in digests if d not in before]
            bad += len(changed) + len(missing)
            line = (f"{set_name:16s} {style:9s} compared {len(digests) - len(new):5d}  changed {len(changed)}"
                    + (f"  missing {len(missing)}" if missing else "") + (f"  new {len(new)}" if new else ""))
            if changed:
                line += "  e.g. " + ", ".join(changed[:SHOWN])
            lines.append(line)
    return lines, bad


def available(names: list[str] | None) -> tuple[list[str], list[str]]:
    chosen = [s for s in SETS if names is None or s.name in names]
    return [s.name for s in chosen if s.source.exists()], [s.name for s in chosen if not s.source.exists()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", metavar="FILE", type=Path, help="write the digests to FILE")
    action.add_argument("--compare", metavar="FILE", type=Path, help="compare with the digests in FILE")
    parser.add_argument("--sets", nargs="+", choices=[s.name for s in SETS], help="only these sets")
    parser.add_argument("--limit", type=int, help="the first N documents of each set")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--checkout", type=Path, default=ROOT,
                        help="the checkout whose cleantext cleans (default: this script's)")
    args = parser.parse_args(argv)
    names, absent = available(args.sets)
    if absent:
        print(f"left out (data absent): {', '.join(absent)}", file=sys.stderr)
    if args.compare:
        saved = json.loads(args.compare.read_text(encoding="utf-8"))
        names = [n for n in names if n in saved]
    now = measure(names, args.limit, args.jobs, args.checkout)
    if args.save:
        args.save.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        total = sum(len(d) for styles in now.values() for d in styles.values())
        print(f"saved {total} digests ({len(names)} sets x {len(STYLES)} styles) to {args.save}")
        return 0
    lines, bad = compare(saved, now, sample=args.limit is not None)
    print("\n".join(lines))
    total = sum(len(d) for styles in now.values() for d in styles.values())
    print(f"documents compared: {total}, changed or missing: {bad}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Throughput, scaling, memory and start-up of cleantext, side by side with ftfy,
clean-text and textacy, in one run, with the project's speed targets judged.

    python benchmarks/throughput.py                  # the full run (about 15 minutes on 2 cores)
    python benchmarks/throughput.py --quick          # a small sample and a small JSONL (under 3 minutes)
    python benchmarks/throughput.py --json out.json  # also write every figure as JSON
    python benchmarks/throughput.py --jsonl-gb 0.2   # a smaller file for the memory test
    python benchmarks/throughput.py --corpora        # instead: every tool on each kind of corpus, apart
    python benchmarks/throughput.py --instructions   # instead: instructions per byte, cleantext and ftfy (callgrind)

What it measures, all on the same documents of the mixed corpus (benchmarks/corpus.py:
at least 20 MiB, perturbed seed and development texts, about 10% mojibake, about 5%
other languages; built once and cached with its SHA-256):

* cleantext with the built-in rules (`Cleaner().clean_many(texts, workers=1)`), in process;
* `ftfy.fix_text` with its defaults, in process;
* clean-text's `clean()` with its defaults and textacy's preprocessing pipeline, each in
  its own virtual environment under benchmarks/.venvs/ (clean-text installs a module
  named `cleantext`), created from benchmarks/requirements.txt on first use; a child
  process reads the documents, times its own work and reports its import time apart;
* cleantext with 100, 1,000 and 10,000 extra generated `substitute` rules (literal
  swaps of corpus words, at Zipf-like rates, to made-up words; nested packs);
* `clean_many(workers=2)` against one worker;
* peak memory of the real CLI (`cleantext clean big.jsonl -o out.jsonl`) on a 1 GB
  JSONL made from the corpus in a temporary folder (deleted afterwards);
* start-up: `cleantext --version` and cleaning one small file, the real CLI;
* that cleantext's unicode step gives exactly ftfy's output on every document.

Throughput is MB/s of UTF-8 text (MB = 10^6 bytes), the median of --reps repetitions.
Repetitions are interleaved (round r runs every row once), so a change in the
machine's load hits every row alike; rounds stop early when another would pass
--row-seconds per row in all. Every throughput row is measured on the same fixed
every-k-th-document sample of the corpus (--sample-mb, default 10 MB; the mix is
kept), so ratios compare the same documents within a run and between runs; only
when cleantext is too slow to clean it --reps times in --row-seconds is a smaller
sample taken (the report says so). Other processes on the machine slow
everything down: the load average, each row's CPU/wall share and MB per CPU-second
(which they hardly change) are reported; the verdicts use wall-clock medians.
"""
from __future__ import annotations

import argparse
import contextlib
import inspect
import itertools
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
VENVS = BENCH / ".venvs"
REQUIREMENTS = BENCH / "requirements.txt"
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402  (benchmarks/corpus.py)

MB = 1e6
EXTRA_PACK = "bench-extra"
RULE_COUNTS = (100, 1_000, 10_000)
RULE_SEED = 7
ZIPF_TOP_RATE = 0.3  # matches per 1,000 words of the most frequent generated rule

TARGETS = {
    "vs_ftfy": 3.0,          # cleantext default >= 3x ftfy
    "vs_clean_text": 7.0,    # cleantext default >= 7x clean-text
    "rules_10k_vs_100": 1.5,  # time with 10,000 extra rules <= 1.5x time with 100
    "workers_2_vs_1": 1.7,   # 2 workers >= 1.7x one
    "jsonl_peak_mb": 300.0,  # peak RSS < 300 MB on 1 GB JSONL
    "version_s": 0.25,       # cleantext --version < 0.25 s
}

TEXTACY_STEPS = ("remove.html_tags", "normalize.bullet_points", "normalize.hyphenated_words",
                 "normalize.quotation_marks", "normalize.unicode", "normalize.whitespace")

# Runs inside a comparison tool's own virtual environment, started with -I (isolated:
# neither the current directory nor PYTHON* variables reach sys.path, so the project's
# `cleantext` can never shadow clean-text's). Prints one JSON object. worker_script() puts
# timed_per_document before it.
WORKER = r'''
import json, sys, time
tool, path, reps, max_seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
t0 = time.perf_counter()
if tool == "clean-text":
    import logging
    logging.disable(logging.WARNING)  # its import warns that unidecode (GPL) is absent
    import cleantext
    from cleantext import clean as fn
    module = cleantext.__file__
elif tool == "textacy":
    import textacy
    from textacy import preprocessing as tp
    steps = sys.argv[5].split(",")
    fn = tp.make_pipeline(*[getattr(getattr(tp, s.split(".")[0]), s.split(".")[1]) for s in steps])
    module = textacy.__file__
elif tool == "datatrove":
    import datatrove
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter
    from datatrove.pipeline.formatters import FTFYFormatter
    formatter, c4 = FTFYFormatter(), C4QualityFilter(filter_no_terminal_punct=False)

    def fn(text):
        doc = Document(text=formatter.format(text), id="0")
        c4.filter(doc)  # drops the lines C4 drops (doc.text), or the whole document
        return doc.text
    module = datatrove.__file__
else:
    raise SystemExit("unknown tool " + tool)
import_s = time.perf_counter() - t0
try:
    from importlib.metadata import version
    ver = version(tool)
except Exception:
    ver = "?"
if path.endswith(".corpora.json"):  # --corpora: each corpus's total and per-document times
    with open(path, encoding="utf-8") as f:
        corpora = json.load(f)
    out = {name: timed_per_document(fn, texts, reps) for name, texts in corpora.items()}
    print(json.dumps({"import_s": import_s, "corpora": out, "module": module, "version": ver}))
    sys.exit(0)
with open(path, encoding="utf-8") as f:
    texts = [json.loads(line)["text"] for line in f if line.strip()]
nbytes = sum(len(t.encode("utf-8")) for t in texts)
for t in texts[:20]:
    fn(t)
times, cpus = [], []
for i in range(reps):
    w, c = time.perf_counter(), time.process_time()
    for t in texts:
        fn(t)
    times.append(time.perf_counter() - w)
    cpus.append(time.process_time() - c)
    if sum(times) + times[-1] > max_seconds:
        break
print(json.dumps({"import_s": import_s, "bytes": nbytes, "docs": len(texts), "times": times,
                  "cpu": cpus, "module": module, "version": ver}))
'''


# ---------------------------------------------------------------------------
# Results

@dataclass
class Row:
    key: str
    tool: str
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    nbytes: int = 0
    docs: int = 0
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def seconds(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def mbps(self) -> float | None:
        s = self.seconds
        return self.nbytes / MB / s if s else None

    @property
    def cpu_mbps(self) -> float | None:
        """MB per CPU-second of the measuring process: hardly affected by other processes
        competing for the cores (None for rows whose work runs in other processes)."""
        if not self.cpu or self.extra.get("multiprocess"):
            return None
        c = statistics.median(self.cpu)
        return self.nbytes / MB / c if c else None

    def cpu_share(self) -> float:
        """CPU seconds per wall second, worker processes included."""
        cpu = sum(self.cpu) + sum(self.extra.get("workers_cpu", []))
        return cpu / sum(self.times) if self.times else 0.0

    def reps_note(self) -> str:
        shown = ", ".join(f"{t:.2f}" for t in self.times)
        share = ""
        if self.cpu and len(self.cpu) == len(self.times) and not self.extra.get("multiprocess"):
            share = f"; CPU/wall {sum(self.cpu) / sum(self.times):.2f}"
        elif self.extra.get("multiprocess") and self.times:
            share = f"; CPU/wall {self.cpu_share():.2f} of {self.extra.get('workers', 2)} possible"
        return f"{len(self.times)} rep{'s' if len(self.times) != 1 else ''}: {shown} s{share}"


_T0 = time.perf_counter()


def log(msg: str) -> None:
    print(f"[{time.perf_counter() - _T0:6.1f}s] {msg}", file=sys.stderr, flush=True)


@dataclass
class Runner:
    """One row's repetition: `once()` runs it and records its times in the row."""

    row: Row
    once: Callable[[], None]


def inprocess_runner(row: Row, work: Callable[[], dict | None]) -> Runner:
    def once() -> None:
        w, c = time.perf_counter(), time.process_time()
        out = work()
        row.times.append(time.perf_counter() - w)
        row.cpu.append(time.process_time() - c)
        if out and "counted" not in row.extra:
            row.extra.update(out, counted=True)

    return Runner(row, once)


def run_rounds(runners: list[Runner], reps: int, budget: float) -> int:
    """Repetitions interleaved: round r runs every row once, so a change in the machine's
    load during the run hits every row alike. Stops early when one more round would
    pass `budget` seconds in all. Returns the number of rounds."""
    start = time.perf_counter()
    for r in range(reps):
        round_start = time.perf_counter()
        for runner in runners:
            if runner.row.error:
                continue
            try:
                runner.once()
            except Exception as exc:  # one failing row must not stop the others
                runner.row.error = f"failed: {type(exc).__name__}: {exc}"
        last = time.perf_counter() - round_start
        log(f"  round {r + 1} took {last:.1f} s")
        if r + 1 < reps and time.perf_counter() - start + last > budget:
            log(f"  stopping after {r + 1} rounds: another would pass the {budget:.0f} s budget")
            return r + 1
    return reps


def text_bytes(texts: list[str]) -> int:
    return sum(len(t.encode("utf-8")) for t in texts)


# ---------------------------------------------------------------------------
# Virtual environments for the comparison tools

def requirement_lines() -> dict[str, str]:
    """venv name -> requirement line, from benchmarks/requirements.txt."""
    out = {}
    for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*([^#\s][^#]*?)\s*#\s*venv:\s*(\S+)", line)
        if m:
            out[m.group(2)] = m.group(1)
    return out


def ensure_venv(name: str, requirement: str, install: bool) -> Path:
    """The python of benchmarks/.venvs/<name>, created and installed when needed."""
    VENVS.mkdir(parents=True, exist_ok=True)
    ignore = VENVS / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# benchmark tool environments: never committed\n*\n", encoding="utf-8")
    home = VENVS / name
    python = home / "bin" / "python"
    marker = home / ".benchmark-installed"
    stamp = f"{requirement}\n{sys.version.split()[0]}\n"
    if python.exists() and marker.exists() and marker.read_text(encoding="utf-8") == stamp:
        return python
    if not install:
        raise RuntimeError(f"no environment {home} (run without --no-install to create it)")
    log(f"  creating {home.relative_to(ROOT)} and installing {requirement} ...")
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(home)], check=True)
    proc = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                           *requirement.split()],
                          capture_output=True, text=True, timeout=1200)
    if proc.returncode != 0:
        tail = "\n".join(line for line in proc.stderr.splitlines() if "WARNING" not in line)[-600:]
        raise RuntimeError(f"pip install {requirement} failed: {tail}")
    marker.write_text(stamp, encoding="utf-8")
    return python


def worker_script() -> str:
    """WORKER, after the timing it shares with the in-process rows (timed_per_document)."""
    return "from __future__ import annotations\n" + inspect.getsource(timed_per_document) + WORKER


def run_worker(tool: str, python: Path, data: Path, reps: int, row_seconds: float, tmp: Path) -> dict:
    script = tmp / "tool_worker.py"
    script.write_text(worker_script(), encoding="utf-8")
    cmd = [str(python), "-I", str(script), tool, str(data), str(reps), str(row_seconds)]
    if tool == "textacy":
        cmd.append(",".join(TEXTACY_STEPS))
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp, timeout=row_seconds * 3 + 600)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{tool} worker failed: {proc.stderr.strip()[-600:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    if not str(out["module"]).startswith(str(python.parent.parent)):
        raise RuntimeError(f"{tool} was imported from {out['module']}, not from its environment")
    out["wall_s"] = wall
    return out


def tool_runner(key: str, tool: str, label: str, data: Path, args, tmp: Path) -> Runner:
    """A comparison tool in its own environment: one child process per repetition, which
    times its own work (interpreter start and import are outside the time)."""
    row = Row(key, label)
    imports: list[float] = []
    python = None
    try:
        python = ensure_venv(tool, requirement_lines()[tool], install=not args.no_install)
    except Exception as exc:  # a missing tool must not stop the other measurements
        row.error = f"unavailable: {exc}"

    def once() -> None:
        assert python is not None
        out = run_worker(tool, python, data, 1, 0.0, tmp)
        row.times += out["times"]
        row.cpu += out["cpu"]
        row.nbytes, row.docs = out["bytes"], out["docs"]
        imports.append(out["import_s"])
        row.extra.update(version=out["version"], import_s=statistics.median(imports), import_runs=imports)
        row.notes[-1:] = [f"{tool} {out['version']}, own venv; import {statistics.median(imports):.2f} s "
                          "(median; not in the time)"]

    row.notes.append("")
    return Runner(row, once)


# ---------------------------------------------------------------------------
# Generated substitute rules

def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def generate_rules(docs: list[dict], counts=RULE_COUNTS, seed: int = RULE_SEED) -> tuple[list[tuple[str, str]], dict]:
    """max(counts) literal swaps (from, to), ordered so that the first n form the n-rule
    pack. Rule k's literal occurs at about ZIPF_TOP_RATE / k per 1,000 words of the
    corpus: the first rules are words the corpus uses often, the long tail words it uses
    a few times or never (misspellings, and pairs of corpus words that never stand side
    by side), as in a real alias or typo table. Every replacement is a made-up word."""
    rng = random.Random(seed)
    n_rules = max(counts)
    freq: Counter[str] = Counter()
    total_words = 0
    for d in docs:
        words = _words(d["text"])
        total_words += len(words)
        if d["lang"] == "en" and d["damage"] == "none":
            freq.update(words)
    excluded = set(_words(" ".join(p.read_text(encoding="utf-8") for p in (ROOT / "rules").rglob("*.yml"))))
    excluded |= set(_words(EXAMPLE_TEMPLATE + " " + COUNTEREXAMPLE))
    vocab = {w: c for w, c in freq.items() if w.isascii() and w.isalpha() and len(w) >= 4 and w not in excluded}
    buckets: dict[int, list[str]] = {}
    for w in sorted(vocab):
        buckets.setdefault(vocab[w], []).append(w)
    levels = sorted(buckets)
    common = [w for w, _ in sorted(vocab.items(), key=lambda kv: (-kv[1], kv[0]))[:2000]]
    plain = sorted(vocab)
    used: set[str] = set()

    def nearest(level: float) -> int | None:
        """The corpus count, among words still unused, nearest to `level` (in ratio)."""
        best = None
        for c in levels:
            if buckets[c]:
                ratio = c / level if c >= level else level / c
                if best is None or ratio < best[0]:
                    best = (ratio, c)
        return best[1] if best else None

    def take(count: int) -> str:
        bucket = buckets[count]
        i = rng.randrange(len(bucket))
        bucket[i], bucket[-1] = bucket[-1], bucket[i]
        return bucket.pop()

    def made_up(pair_share: float = 0.5) -> str:
        while True:
            if rng.random() < pair_share:
                phrase = f"{rng.choice(common)} {rng.choice(plain)}"
            else:
                w = rng.choice([w for w in rng.sample(plain, 20) if len(w) >= 6] or ["benchmark"])
                i = rng.randrange(1, len(w) - 2)
                phrase = w[:i] + w[i + 1] + w[i] + w[i + 2:]
                if phrase in freq:
                    continue
            if phrase not in used:
                return phrase

    literals: list[str] = []
    for k in range(1, n_rules + 1):
        target = ZIPF_TOP_RATE / k * total_words / 1000  # expected occurrences in the corpus
        count = nearest(target)
        word = None
        # A word used more often than the target is taken with probability target/count,
        # so that the expected number of matches follows the Zipf curve.
        if count is not None and (count <= 1.5 * target or rng.random() < target / count):
            word = take(count)
        literal = word or made_up()
        used.add(literal)
        literals.append(literal)
    # Made-up pairs must really be absent: drop and replace any that the corpus has.
    pairs = {tuple(lit.split()) for lit in literals if " " in lit}
    seen_pairs: set[tuple[str, str]] = set()
    for d in docs:
        words = _words(d["text"])
        seen_pairs.update(p for p in itertools.pairwise(words) if p in pairs)
    for i, lit in enumerate(literals):
        if " " in lit and tuple(lit.split()) in seen_pairs:
            lit = made_up(pair_share=0.0)  # a misspelling: checked against the vocabulary
            used.add(lit)
            literals[i] = lit
    swaps = [(lit, f"zx{_letters(k)}") for k, lit in enumerate(literals, start=1)]
    info = {"corpus_words": total_words, "vocabulary": len(vocab),
            "from_corpus": sum(1 for lit in literals if lit in vocab)}
    return swaps, info


EXAMPLE_TEMPLATE = "The word {} appears here."
COUNTEREXAMPLE = "Nothing changes in this line."


def _letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 26)
        out = "abcdefghijklmnopqrstuvwxyz"[r] + out
    return out or "a"


def write_pack(folder: Path, swaps: list[tuple[str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{EXTRA_PACK}.yml"
    q = json.dumps
    lines = [
        f"pack: {EXTRA_PACK}",
        "description: " + q(f"Generated by benchmarks/throughput.py: {len(swaps)} literal swaps of corpus words "
                            "to made-up words."),
        "rules:",
    ]
    for k, (old, new) in enumerate(swaps, start=1):
        lines += [
            f"  - id: w{k:05d}",
            "    kind: substitute",
            "    swap:",
            f"      {q(old)}: {q(new)}",
            f"    why: {q('A generated literal swap for the throughput benchmark.')}",
            "    examples:",
            f"      - before: {q(EXAMPLE_TEMPLATE.format(old))}",
            f"        after: {q(EXAMPLE_TEMPLATE.format(new))}",
            "    counterexamples:",
            f"      - {q(COUNTEREXAMPLE)}",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


# ---------------------------------------------------------------------------
# In-process measurements

def cleantext_run(cleaner, texts: list[str], workers: int = 1) -> Callable[[], dict]:
    prefix = EXTRA_PACK + "."

    def run() -> dict:
        changes = extra = 0
        for result in cleaner.clean_many(texts, workers=workers):
            if result.changes:
                changes += len(result.changes)
                extra += sum(1 for c in result.changes if c.rule_id.startswith(prefix))
        return {"changes": changes, "extra_changes": extra}

    return run


def cleantext_runner(key: str, label: str, cleaner, texts: list[str], nbytes: int, workers: int = 1) -> Runner:
    row = Row(key, label, nbytes=nbytes, docs=len(texts))
    if workers == 1:
        for t in warmup_texts(texts):
            cleaner.clean(t)
        return inprocess_runner(row, cleantext_run(cleaner, texts, workers))
    import resource

    runner = inprocess_runner(row, cleantext_run(cleaner, texts, workers))
    timed_once = runner.once

    def children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def once() -> None:
        before = children_cpu()
        timed_once()
        _wait_for_children()  # reaps the workers (their CPU time), and a pool shut down
        # without waiting must not slow the next row
        row.extra.setdefault("workers_cpu", []).append(children_cpu() - before)

    return Runner(row, once)


def _wait_for_children(limit: float = 15.0) -> None:
    import multiprocessing

    deadline = time.perf_counter() + limit
    while multiprocessing.active_children() and time.perf_counter() < deadline:
        time.sleep(0.05)


_NON_LATIN = re.compile("[\u0400-\u04ff\u3040-\u30ff\u4e00-\u9fff]")


def warmup_texts(texts: list[str]) -> list[str]:
    """A few documents, two of them not in a Latin script, so that lazy loading
    (langdetect's profiles) happens before the clock starts."""
    return texts[:10] + [t for t in texts[:3000] if _NON_LATIN.search(t)][:2]


def ftfy_runner(texts: list[str], nbytes: int) -> Runner:
    import ftfy

    row = Row("ftfy", "ftfy.fix_text (defaults)", nbytes=nbytes, docs=len(texts))
    for t in texts[:20]:
        ftfy.fix_text(t)
    row.notes.append(f"ftfy {ftfy.__version__}, project environment")

    def work() -> None:
        for t in texts:
            ftfy.fix_text(t)

    return inprocess_runner(row, work)


def unicode_check(docs: list[dict]) -> dict:
    """cleantext's unicode step against ftfy with the same configuration, per document."""
    import ftfy

    from cleantext import edits, unicode

    texts = [d["text"] for d in docs]
    start = time.perf_counter()
    ours = [edits.splice(t, unicode.fix(t)) for t in texts]
    ours_s = time.perf_counter() - start
    start = time.perf_counter()
    theirs = [ftfy.fix_text(t, unicode.CONFIG) for t in texts]
    ftfy_s = time.perf_counter() - start
    bad = [d["id"] for d, a, b in zip(docs, ours, theirs) if a != b]
    changed = sum(1 for t, b in zip(texts, theirs) if t != b)
    nbytes = text_bytes(texts)
    return {"documents": len(docs), "bytes": nbytes, "identical": len(docs) - len(bad), "mismatches": bad[:20],
            "mismatch_count": len(bad), "changed_by_ftfy": changed, "cleantext_unicode_mbps": nbytes / MB / ours_s,
            "ftfy_config_mbps": nbytes / MB / ftfy_s}


def profile(cleaner, texts: list[str], top: int) -> str:
    import cProfile
    import io
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    for t in texts:
        cleaner.clean(t)
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# The CLI: peak memory on a big JSONL, and start-up

def cli_path() -> str:
    beside = Path(sys.executable).parent / "cleantext"
    return str(beside) if beside.exists() else (shutil.which("cleantext") or "cleantext")


def write_big_jsonl(docs: list[dict], path: Path, size: int) -> tuple[int, int]:
    lines = [(d["id"], json.dumps(d["text"], ensure_ascii=False)) for d in docs]
    written = records = 0
    with path.open("w", encoding="utf-8") as f:
        while written < size:
            for doc_id, text in lines:
                line = f'{{"id": "{doc_id}-{records}", "text": {text}}}\n'
                f.write(line)
                written += len(line.encode("utf-8"))
                records += 1
                if written >= size:
                    break
    return written, records


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and its descendants (from /proc)."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def _input_position(pid: int, target: Path) -> int | None:
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") == str(target):
                    with open(f"/proc/{pid}/fdinfo/{fd}") as f:
                        for line in f:
                            if line.startswith("pos:"):
                                return int(line.split()[1])
            except OSError:
                continue
    except OSError:
        pass
    return None


# Starts the CLI from a fresh, small process and reports RUSAGE_CHILDREN's peak: a child
# forked from the benchmark itself would inherit the benchmark's own peak RSS in its
# ru_maxrss (Linux keeps the pre-exec high-water mark).
RSS_WRAPPER = r'''
import json, resource, subprocess, sys
with open(sys.argv[1], "wb") as err:
    proc = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=err)
    print(proc.pid, flush=True)
    code = proc.wait()
print(json.dumps({"exit": code, "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}), flush=True)
'''


def jsonl_memory(docs: list[dict], size_gb: float, timeout: float) -> dict:
    """Peak RSS of `cleantext clean big.jsonl -o out.jsonl`: getrusage(RUSAGE_CHILDREN) in
    a small wrapper process, plus /proc samples of the CLI's process tree (RSS over
    time, and how far it has read its input)."""
    tmp = Path(tempfile.mkdtemp(prefix="cleantext-bench-jsonl-"))
    try:
        big = tmp / "big.jsonl"
        start = time.perf_counter()
        size, records = write_big_jsonl(docs, big, int(size_gb * 1e9))
        gen_s = time.perf_counter() - start
        out = tmp / "out.jsonl"
        cmd = [cli_path(), "clean", str(big), "-o", str(out), "-q"]
        log(f"  {size / MB:.0f} MB, {records} records written in {gen_s:.1f} s; running {' '.join(cmd[:2])} ...")
        err_path = tmp / "stderr.txt"
        start = time.perf_counter()
        wrapper = subprocess.Popen([sys.executable, "-I", "-c", RSS_WRAPPER, str(err_path), *cmd],
                                   stdout=subprocess.PIPE, text=True, cwd=tmp)
        assert wrapper.stdout is not None
        cli = int(wrapper.stdout.readline())
        samples: list[tuple[float, int, int | None]] = []
        stopped = False
        while wrapper.poll() is None:
            now = time.perf_counter() - start
            samples.append((now, _tree_rss(cli), _input_position(cli, big)))
            if now > timeout and not stopped:
                stopped = True
                with contextlib.suppress(ProcessLookupError):
                    os.kill(cli, signal.SIGINT)  # the CLI stops cleanly, keeping only complete files
                try:
                    wrapper.wait(30)
                except subprocess.TimeoutExpired:
                    os.kill(cli, signal.SIGKILL)
                break
            time.sleep(0.25)
        result = json.loads(wrapper.stdout.read().strip().splitlines()[-1])
        wrapper.wait()
        elapsed = time.perf_counter() - start
        stderr = err_path.read_text(encoding="utf-8", errors="replace")
        done = size if not stopped else max([s[2] or 0 for s in samples] or [0])
        tree_peak = max([s[1] for s in samples] or [0])
        trend = []
        if samples:
            for frac in (0.25, 0.5, 0.75, 1.0):
                t_at = samples[-1][0] * frac
                trend.append(max(s[1] for s in samples if s[0] <= t_at + 1e-9) / MB)
        return {
            "file_bytes": size, "records": records, "generate_s": gen_s, "completed": not stopped,
            "exit_code": result["exit"], "seconds": elapsed, "input_bytes_done": done,
            "peak_rss_mb": result["maxrss_kb"] * 1024 / MB, "tree_peak_rss_mb": tree_peak / MB,
            "rss_trend_mb": trend, "mbps": done / MB / elapsed if elapsed else None, "timeout_s": timeout,
            "stderr_tail": stderr.strip()[-300:],
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def startup(runs: int, small: Path) -> dict:
    exe = cli_path()
    tmp = Path(tempfile.mkdtemp(prefix="cleantext-bench-start-"))
    try:
        def median_of(cmd: list[str]) -> tuple[float, list[float]]:
            subprocess.run(cmd, capture_output=True, cwd=tmp)  # warm the file cache
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                proc = subprocess.run(cmd, capture_output=True, cwd=tmp)
                times.append(time.perf_counter() - start)
                if proc.returncode != 0:
                    raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[-300:]}")
            return statistics.median(times), times

        version, v_times = median_of([exe, "--version"])
        one, o_times = median_of([exe, "clean", str(small), "-o", str(tmp / "out.txt"), "-q"])
        return {"version_s": version, "version_runs": v_times, "clean_one_s": one, "clean_one_runs": o_times,
                "small_file": small.name, "small_bytes": small.stat().st_size, "cli": exe}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------------------
# Report

def fmt(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def report(rows: list[Row], targets: list[dict], check: dict | None, memory: dict | None, start: dict | None,
           context: dict) -> str:
    by = {r.key: r for r in rows}
    ftfy = by.get("ftfy")
    base = ftfy.mbps if ftfy else None
    out = [f"## cleantext throughput ({context['when']})", ""]
    out += [f"- {line}" for line in context["lines"]]
    cpu_base = ftfy.cpu_mbps if ftfy else None
    out += ["", "| tool | MB/s (median) | relative to ftfy | MB per CPU-second (relative) | notes |",
            "|---|---:|---:|---:|---|"]
    for r in rows:
        if r.error:
            out.append(f"| {r.tool} | – | – | – | {r.error} |")
            continue
        rel = f"{r.mbps / base:.2f}×" if base and r.mbps else "–"
        cpu = (f"{r.cpu_mbps:.2f} ({r.cpu_mbps / cpu_base:.2f}×)" if r.cpu_mbps and cpu_base else "–")
        notes = "; ".join(r.notes + [r.reps_note()])
        out.append(f"| {r.tool} | {fmt(r.mbps)} | {rel} | {cpu} | {notes} |")
    out += ["", "| target | measured | verdict |", "|---|---|---|"]
    for t in targets:
        out.append(f"| {t['target']} | {t['measured']} | {t['verdict']} |")
    out.append("")
    if check:
        ok = check["mismatch_count"] == 0
        line = (f"Unicode: `splice(doc, cleantext.unicode.fix(doc)) == ftfy.fix_text(doc, cleantext.unicode.CONFIG)` "
                f"on {check['identical']}/{check['documents']} documents ({check['bytes'] / MB:.1f} MB; ftfy changes "
                f"{check['changed_by_ftfy']} of them) — {verdict(ok)}. The unicode step alone: "
                f"{check['cleantext_unicode_mbps']:.2f} MB/s; "
                f"ftfy with the same config: {check['ftfy_config_mbps']:.2f} MB/s.")
        if not ok:
            line += f" Mismatching: {', '.join(check['mismatches'])}"
        out.append(line)
    if memory:
        if "error" in memory:
            out.append(f"Memory: {memory['error']}")
        else:
            state = ("completed" if memory["completed"] else
                     f"STOPPED after {memory['timeout_s']:.0f} s at {memory['input_bytes_done'] / MB:.0f} of "
                     f"{memory['file_bytes'] / MB:.0f} MB")
            out.append(
                f"Memory: `cleantext clean big.jsonl -o out.jsonl` on {memory['file_bytes'] / MB:.0f} MB "
                f"({memory['records']} records): {state}, exit {memory['exit_code']}, {memory['seconds']:.0f} s "
                f"({fmt(memory['mbps'])} MB/s); peak RSS {memory['peak_rss_mb']:.0f} MB (process tree sampled: "
                f"{memory['tree_peak_rss_mb']:.0f} MB); RSS at 25/50/75/100% of the run: "
                f"{' / '.join(f'{x:.0f}' for x in memory['rss_trend_mb'])} MB.")
    if start:
        if "error" in start:
            out.append(f"Start-up: {start['error']}")
        else:
            out.append(f"Start-up (median of {len(start['version_runs'])} runs of the real CLI): `cleantext --version` "
                       f"{start['version_s']:.3f} s; `cleantext clean` one {start['small_bytes']}-byte file "
                       f"{start['clean_one_s']:.3f} s.")
    return "\n".join(out) + "\n"


def judge(rows: list[Row], memory: dict | None, start: dict | None, full_jsonl: bool) -> list[dict]:
    by = {r.key: r for r in rows if not r.error and r.mbps}
    out = []

    def add(target: str, measured: str, ok: bool | None, value: float | None, key: str, why: str = ""):
        out.append({"key": key, "target": target, "measured": measured + (f" ({why})" if why else ""),
                    "verdict": verdict(ok), "value": value})

    ct = by.get("cleantext")
    for key, name, label in (("ftfy", "vs_ftfy", "ftfy"), ("clean-text", "vs_clean_text", "clean-text")):
        need = TARGETS[name]
        if ct and key in by:
            ratio = ct.mbps / by[key].mbps
            cpu = (f"CPU time: {ct.cpu_mbps / by[key].cpu_mbps:.2f}×"
                   if ct.cpu_mbps and by[key].cpu_mbps else "")
            add(f"cleantext default ≥ {need:g}× {label}", f"{ratio:.2f}×", ratio >= need, ratio, name, cpu)
        else:
            add(f"cleantext default ≥ {need:g}× {label}", "–", None, None, name, "not measured")
    r100, r10k = by.get("rules-100"), by.get("rules-10000")
    need = TARGETS["rules_10k_vs_100"]
    if r100 and r10k:
        ratio = r10k.seconds / r10k.nbytes / (r100.seconds / r100.nbytes)
        cpu = (f"CPU time: {r100.cpu_mbps / r10k.cpu_mbps:.2f}×" if r100.cpu_mbps and r10k.cpu_mbps else "")
        add(f"10,000 extra rules cost ≤ {need:g}× the time of 100", f"{ratio:.2f}×", ratio <= need, ratio,
            "rules_10k_vs_100", cpu)
    else:
        add(f"10,000 extra rules cost ≤ {need:g}× the time of 100", "–", None, None, "rules_10k_vs_100", "not measured")
    w1, w2 = ct, by.get("workers-2")
    need = TARGETS["workers_2_vs_1"]
    if w1 and w2:
        ratio = w2.mbps / w1.mbps
        pool = w2.extra.get("pool_start_s")
        why = ""
        if pool is not None:
            adjusted = w1.seconds / max(w2.seconds - pool, 1e-9)
            why = f"{adjusted:.2f}× without the {pool:.1f} s pool start"
        share = w2.cpu_share()
        if share < 1.8:
            why += (f"; the processes got {share:.2f} CPU-seconds per second of 2 possible: "
                    "other processes held a core, so this says little")
        add(f"2 workers ≥ {need:g}× one", f"{ratio:.2f}×", ratio >= need, ratio, "workers_2_vs_1", why)
    else:
        add(f"2 workers ≥ {need:g}× one", "–", None, None, "workers_2_vs_1", "not measured")
    need = TARGETS["jsonl_peak_mb"]
    name = f"peak memory on {'1 GB' if full_jsonl else 'the'} JSONL < {need:g} MB"
    if memory and "error" not in memory:
        peak = memory["peak_rss_mb"]
        if memory["completed"] and memory["exit_code"] == 0:
            add(name, f"{peak:.0f} MB on {memory['file_bytes'] / MB:.0f} MB", peak < need, peak, "jsonl_peak_mb")
        elif memory["completed"]:
            add(name, f"{peak:.0f} MB", None, peak, "jsonl_peak_mb", f"the CLI exited {memory['exit_code']}")
        else:
            ok = False if peak >= need else None  # over the limit already counts; under it is unproven
            add(name, f"{peak:.0f} MB so far", ok, peak, "jsonl_peak_mb",
                f"stopped after {memory['timeout_s']:.0f} s, {memory['input_bytes_done'] / MB:.0f} of "
                f"{memory['file_bytes'] / MB:.0f} MB cleaned")
    else:
        add(name, "–", None, None, "jsonl_peak_mb", "not measured")
    need = TARGETS["version_s"]
    if start and "error" not in start:
        add(f"`cleantext --version` < {need:g} s", f"{start['version_s']:.3f} s", start["version_s"] < need,
            start["version_s"], "version_s")
    else:
        add(f"`cleantext --version` < {need:g} s", "–", None, None, "version_s", "not measured")
    return out


# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------
# Several corpora, reported separately (--corpora)

CORPUS_TOOLS = ("clean-text", "textacy", "datatrove")
ORDINARY = "modern news (curly quotes)"  # the corpus awkward shapes are compared with, per MB
REALISTIC = ("extracted pages (traf.txt)", "modern news (curly quotes)", "whole pages (raw.txt)", "10% mojibake",
             "mixed (throughput corpus)")
AWKWARD = ("short menu lines", "no newlines", "pipe/bullet tables", "tab runs in long lines")
MIN_DOC_BYTES = 1024  # a shorter document counts as this long in "ms per 10 KB" (its fixed cost)


def timed_per_document(fn: Callable[[str], object], texts: list[str], reps: int) -> dict:
    """Each repetition's total and each document's fastest time, as the tools' worker gives:
    CPU time of the measuring thread, which other processes on a busy machine hardly change."""
    for t in texts[:5]:
        fn(t)
    best, totals = [float("inf")] * len(texts), []
    for _ in range(reps):
        total = 0.0
        for k, t in enumerate(texts):
            start = time.thread_time()
            fn(t)
            took = time.thread_time() - start
            best[k], total = min(best[k], took), total + took
        totals.append(total)
    return {"totals": totals, "best": best}


def ms_per_10kb(seconds: float, text: str) -> float:
    return seconds * 1000 * 10_240 / max(len(text.encode("utf-8")), MIN_DOC_BYTES)


def corpus_figures(timing: dict, texts: list[str]) -> dict:
    per_doc = sorted(ms_per_10kb(s, t) for s, t in zip(timing["best"], texts))
    slowest = max(range(len(texts)), key=lambda k: ms_per_10kb(timing["best"][k], texts[k]))
    # From each document's fastest repetition: a burst of load on the shared machine
    # during one repetition does not count (the median total is kept beside it).
    return {"mbps": text_bytes(texts) / MB / sum(timing["best"]),
            "median_mbps": text_bytes(texts) / MB / statistics.median(timing["totals"]),
            "p99": per_doc[min(len(per_doc) - 1, int(0.99 * len(per_doc)))], "max": per_doc[-1],
            "slowest_bytes": len(texts[slowest].encode("utf-8")), "slowest_start": texts[slowest][:60]}


def run_corpora(args) -> int:
    """Every row on every corpus of corpus.corpora(), one table per figure."""
    import ftfy

    from cleantext import Cleaner

    log("corpora ...")
    path, _ = corpus.build(log=log)
    mixed = [d["text"] for d in corpus.sample(corpus.load(path), int(args.corpus_kb * 1000))]
    found = corpus.corpora(int(args.corpus_kb * 1000), mixed=mixed)
    if not found:
        raise SystemExit("--corpora needs ../shared/dev-data")
    cleaner = Cleaner()
    for t in warmup_texts(mixed):
        cleaner.clean(t)
    rows: dict[str, dict[str, dict]] = {"cleantext": {}, "ftfy": {}}
    for name, texts in found.items():
        log(f"  {name}: {len(texts)} documents, {text_bytes(texts) / MB:.2f} MB")
        rows["cleantext"][name] = corpus_figures(timed_per_document(cleaner.clean, texts, args.reps), texts)
        rows["ftfy"][name] = corpus_figures(timed_per_document(ftfy.fix_text, texts, args.reps), texts)
    versions = {"ftfy": ftfy.__version__}
    with tempfile.TemporaryDirectory(prefix="cleantext-bench-") as tmpdir:
        data = Path(tmpdir) / "all.corpora.json"
        data.write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
        for tool in CORPUS_TOOLS:
            if tool in args.skip:
                continue
            log(f"  {tool} (own environment) ...")
            try:
                python = ensure_venv(tool, requirement_lines()[tool], install=not args.no_install)
                out = run_worker(tool, python, data, args.reps, 0.0, Path(tmpdir))
            except Exception as exc:  # a missing tool must not stop the report
                log(f"    {tool} unavailable: {exc}")
                continue
            versions[tool] = out["version"]
            rows[tool] = {name: corpus_figures(out["corpora"][name], found[name]) for name in found}
    print(corpora_report(found, rows, versions))
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "versions": versions}, indent=1), encoding="utf-8")
    return 0


def corpora_report(found: dict[str, list[str]], rows: dict[str, dict[str, dict]], versions: dict) -> str:
    tools = list(rows)
    mine, ftfy_row = rows["cleantext"], rows["ftfy"]
    head = "| corpus | docs | MB | " + " | ".join(tools) + " | cleantext ÷ ftfy | cost per MB ÷ ordinary |"
    lines = [f"Throughput, MB per CPU-second (thread CPU time, each document's fastest repetition; load average "
             f"{os.getloadavg()[0]:.1f}); "
             f"ordinary news: {ORDINARY}; " + ", ".join(f"{k} {v}" for k, v in versions.items()), "",
             head, "|" + "---|" * (head.count("|") - 1)]
    for name, texts in found.items():
        cells = [fmt(rows[tool][name]["mbps"]) for tool in tools]
        ratio = mine[name]["mbps"] / ftfy_row[name]["mbps"]
        cost = mine[ORDINARY]["mbps"] / mine[name]["mbps"] if ORDINARY in mine else None
        lines.append(f"| {name} | {len(texts)} | {text_bytes(texts) / MB:.2f} | " + " | ".join(cells)
                     + f" | {ratio:.2f}x | {fmt(cost)}x |")
    head = "| corpus | " + " | ".join(tools) + " | cleantext's slowest document |"
    lines += ["", f"CPU milliseconds per 10 KB, p99 / max over the documents (each document's fastest "
                  f"repetition, after a warm-up, so one-off loading is not counted; one under {MIN_DOC_BYTES} bytes "
                  f"counts as {MIN_DOC_BYTES}; in a corpus of fewer than 100 documents the p99 is the maximum)", "",
              head, "|" + "---|" * (head.count("|") - 1)]
    for name in found:
        cells = [f"{rows[tool][name]['p99']:.1f} / {rows[tool][name]['max']:.1f}" for tool in tools]
        slow = mine[name]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {slow['slowest_bytes']:,} bytes: "
                     f"{slow['slowest_start'].splitlines()[0][:40] if slow['slowest_start'].strip() else ''!r} |")
    lines += ["", "Targets (issue 20):"]
    for name in found:
        need = 2.0 if name in REALISTIC else 1.0 if name in ("ASCII-only news", "spun articles") else None
        if need is not None:
            ratio = mine[name]["mbps"] / ftfy_row[name]["mbps"]
            lines.append(f"- {name}: cleantext {ratio:.2f}x ftfy (target >= {need:g}x): {verdict(ratio >= need)}")
        if name in AWKWARD and ORDINARY in mine:
            cost = mine[ORDINARY]["mbps"] / mine[name]["mbps"]
            lines.append(f"- {name}: {cost:.2f}x the cost per MB of ordinary news (target <= 3x): "
                         f"{verdict(cost <= 3)}")
    worst = max(mine[name]["max"] for name in found)
    lines.append(f"- slowest document anywhere: {worst:.1f} ms per 10 KB (target <= 20): {verdict(worst <= 20)}")
    return "\n".join(lines)


# Runs under valgrind's callgrind (--instructions). Collection is on only inside
# functools.reduce, which neither cleantext nor ftfy calls, and each call's counts are
# dumped to their own file: one reduce per (corpus, tool), after an uncounted warm-up.
# The garbage collector is off while counting: when it runs depends on the allocations
# before, which differ between checkouts.
INSTRUCTIONS_WORKER = r'''
import functools, gc, json, sys
import ftfy
from cleantext import Cleaner
with open(sys.argv[1], encoding="utf-8") as f:
    corpora = json.load(f)
tools = {"ftfy": ftfy.fix_text, "cleantext": Cleaner(spin=sys.argv[2]).clean}
for texts in corpora.values():
    for fn in tools.values():
        for t in texts:
            fn(t)
gc.collect()
gc.disable()
for texts in corpora.values():
    for fn in tools.values():
        functools.reduce(lambda _, t: fn(t), texts, None)
'''


def run_instructions(args) -> int:
    """Instructions executed by cleantext and ftfy on a small sample of each corpus,
    counted by callgrind: the same on a busy machine as on an idle one."""
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (callgrind)")
    path, _ = corpus.build(log=log)
    # The mixed corpus keeps its mix only in a sample of many documents (30 KB is some 8,
    # without the spun articles and whole pages it holds): count --corpora's very sample.
    mixed = [d["text"] for d in corpus.sample(corpus.load(path), int(args.corpus_kb * 1000))]
    found = corpus.corpora(int(args.instructions_kb * 1000), mixed=mixed)
    if not found:
        raise SystemExit("--instructions needs ../shared/dev-data")
    with tempfile.TemporaryDirectory(prefix="cleantext-callgrind-") as tmpdir:
        tmp = Path(tmpdir)
        (tmp / "corpora.json").write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
        (tmp / "worker.py").write_text(INSTRUCTIONS_WORKER, encoding="utf-8")
        log(f"callgrind on {sum(map(text_bytes, found.values())) / MB:.2f} MB (several minutes: "
            "building the Cleaner under valgrind is most of it) ...")
        began = time.perf_counter()
        checkout = Path(args.checkout).resolve() if args.checkout else ROOT
        env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(checkout)}
        subprocess.run(["valgrind", "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=functools_reduce",
                        "--dump-after=functools_reduce", f"--callgrind-out-file={tmp / 'cg.out'}",
                        sys.executable, str(tmp / "worker.py"), str(tmp / "corpora.json"), args.spin],
                       check=True, env=env, cwd=tmp, capture_output=True)
        dumps = sorted(tmp.glob("cg.out.*"), key=lambda p: int(p.suffix[1:]))
        counts = [int(re.search(r"^totals: (\d+)", d.read_text(), re.MULTILINE).group(1)) for d in dumps]
    if len(counts) != 2 * len(found):
        raise SystemExit(f"expected {2 * len(found)} callgrind dumps, found {len(counts)}")
    head = "| corpus | docs | KB | ftfy instructions per byte | cleantext instructions per byte | cleantext ÷ ftfy |"
    lines = [f"Instructions counted by callgrind (valgrind) for {checkout}'s cleantext (spin={args.spin!r}), "
             "after a warm-up pass; "
             f"{time.perf_counter() - began:.0f} s under valgrind. Higher ratio is faster.", "",
             head, "|" + "---|" * (head.count("|") - 1)]
    for k, (name, texts) in enumerate(found.items()):
        nbytes = text_bytes(texts)
        ftfy_count, mine = counts[2 * k], counts[2 * k + 1]
        lines.append(f"| {name} | {len(texts)} | {nbytes / 1000:.0f} | {ftfy_count / nbytes:.0f} | {mine / nbytes:.0f} "
                     f"| {ftfy_count / mine:.2f}x |")
    print("\n".join(lines))
    if args.json:
        Path(args.json).write_text(json.dumps({name: {"ftfy": counts[2 * k], "cleantext": counts[2 * k + 1],
                                                      "bytes": text_bytes(texts)}
                                               for k, (name, texts) in enumerate(found.items())}, indent=1),
                                   encoding="utf-8")
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="a ~1 MB sample, shorter rows, a 20 MB JSONL with a 45 s limit (under 3 minutes)")
    ap.add_argument("--json", metavar="OUT", help="write every figure to this JSON file")
    ap.add_argument("--jsonl-gb", type=float, default=None,
                    help="size of the JSONL for the memory test in GB (default 1; --quick 0.02; 0 skips it)")
    ap.add_argument("--jsonl-timeout", type=float, default=None,
                    help="stop the JSONL run after this many seconds (default 900; --quick 45)")
    ap.add_argument("--reps", type=int, default=3, help="repetitions per row (default 3; the median is reported)")
    ap.add_argument("--row-seconds", type=float, default=None,
                    help="time allowed per row; also sizes the sample when cleantext is slow (default 75; --quick 20)")
    ap.add_argument("--sample-mb", type=float, default=None,
                    help="measure on an every-k-th-document sample of this many MB, the same documents in "
                         "every run (default 10; --quick 1; 0: the whole corpus)")
    ap.add_argument("--skip", action="append", default=[],
                    choices=["clean-text", "textacy", "datatrove", "rules", "workers", "jsonl", "startup", "unicode"],
                    help="leave out a measurement (repeatable)")
    ap.add_argument("--no-install", action="store_true", help="do not create the tools' environments")
    ap.add_argument("--profile", type=int, default=0, metavar="N",
                    help="also profile cleantext (built-in rules) on the measured set with cProfile and "
                         "print the N functions with the most own time")
    ap.add_argument("--rebuild-corpus", action="store_true", help="rebuild the cached corpus")
    ap.add_argument("--corpora", action="store_true",
                    help="instead: every row on each kind of corpus (benchmarks/corpus.py corpora()), reported "
                         "separately, with p99 and maximum ms per 10 KB")
    ap.add_argument("--corpus-kb", type=float, default=300.0,
                    help="with --corpora: about this many KB of each corpus (default 300)")
    ap.add_argument("--instructions", action="store_true",
                    help="instead: instructions cleantext and ftfy execute on each kind of corpus, counted by "
                         "valgrind's callgrind (deterministic; slow: minutes)")
    ap.add_argument("--instructions-kb", type=float, default=30.0,
                    help="with --instructions: about this many KB of each corpus but the mixed one, which "
                         "is --corpora's sample (--corpus-kb) (default 30)")
    ap.add_argument("--spin", choices=["fix", "flag", "off"], default="fix",
                    help="with --instructions: cleantext's spin mode (default fix, the default; off leaves the "
                         "spin judge out, to see what the rest costs)")
    ap.add_argument("--checkout", metavar="DIR",
                    help="with --instructions: count another checkout's cleantext (e.g. main, for an A/B)")
    args = ap.parse_args(argv)
    quick = args.quick
    if args.jsonl_gb is None:
        args.jsonl_gb = 0.02 if quick else 1.0
    if args.jsonl_timeout is None:
        args.jsonl_timeout = 45.0 if quick else 900.0  # 1 GB at about 1.8 MB/s: some 10 minutes
    if args.row_seconds is None:
        args.row_seconds = 20.0 if quick else 75.0
    if args.sample_mb is None:  # fixed, so that runs measure the same documents
        args.sample_mb = 1.0 if quick else 10.0
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.corpora:
        return run_corpora(args)
    if args.instructions:
        return run_instructions(args)
    began = time.perf_counter()
    load_start = os.getloadavg()
    log("corpus ...")
    path, meta = corpus.build(force=args.rebuild_corpus, log=log)
    docs = corpus.load(path)
    log(corpus.summary(meta))
    measured = corpus.sample(docs, int(args.sample_mb * MB)) if args.sample_mb else docs
    context_lines = [corpus.summary(meta).replace("\n  ", "; ").replace("\n", "; ")]

    import cleantext
    from cleantext import Cleaner

    # Calibrate: if cleantext cannot clean the measured set `reps` times within a row's
    # time, every throughput row uses the same smaller every-k-th-document sample.
    log("calibrating ...")
    build_start = time.perf_counter()
    cleaner = Cleaner()
    build_s = time.perf_counter() - build_start
    probe = corpus.sample(measured, 300_000)
    for t in warmup_texts([d["text"] for d in measured]):
        cleaner.clean(t)
    start = time.perf_counter()
    for d in probe:
        cleaner.clean(d["text"])
    probe_speed = text_bytes([d["text"] for d in probe]) / (time.perf_counter() - start)
    fits = probe_speed * args.row_seconds / args.reps
    measured_bytes = text_bytes([d["text"] for d in measured])
    if fits < measured_bytes:
        measured = corpus.sample(measured, int(max(fits, 0.5 * MB)))
        context_lines.append(
            f"cleantext ran at {probe_speed / MB:.2f} MB/s on a probe, too slow for {args.reps} reps of "
            f"{measured_bytes / MB:.1f} MB in {args.row_seconds:.0f} s: every throughput row uses the same "
            f"every-k-th-document sample of {text_bytes([d['text'] for d in measured]) / MB:.1f} MB "
            f"({len(measured)} documents)")
    texts = [d["text"] for d in measured]
    nbytes = text_bytes(texts)
    context_lines.append(f"measured set: {len(texts)} documents, {nbytes / MB:.2f} MB"
                         + ("" if len(measured) == len(docs) else f" (of {len(docs)})"))
    runners: list[Runner] = []
    runners.append(cleantext_runner("cleantext", "cleantext, built-in rules (1 worker)", cleaner, texts, nbytes))
    default_row = runners[-1].row
    default_row.extra["build_s"] = build_s
    default_row.notes.append(f"rules loaded and compiled in {build_s:.2f} s (not in the time)")
    if "workers" not in args.skip:
        log("starting a 2-worker pool once (its cost is part of every 2-worker repetition) ...")
        start = time.perf_counter()
        list(cleaner.clean_many(texts[:2], workers=2))
        pool = time.perf_counter() - start
        _wait_for_children()
        runners.append(cleantext_runner("workers-2", "cleantext, built-in rules, clean_many(workers=2)", cleaner,
                                        texts, nbytes, workers=2))
        row = runners[-1].row
        row.extra.update(pool_start_s=pool, multiprocess=True, workers=2)
        row.notes.append(f"includes starting the pool each time (about {pool:.1f} s)")
    runners.append(ftfy_runner(texts, nbytes))

    with tempfile.TemporaryDirectory(prefix="cleantext-bench-") as tmpdir:
        tmp = Path(tmpdir)
        data = tmp / "measured.jsonl"
        with data.open("w", encoding="utf-8") as f:
            for t in texts:
                f.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")
        if "clean-text" not in args.skip:
            log("clean-text: its own environment ...")
            runners.append(tool_runner("clean-text", "clean-text", "clean-text clean() (defaults)", data, args, tmp))
            runners[-1].row.notes.insert(0, "lower-cases and transliterates to ASCII: not the same job")
        if "textacy" not in args.skip:
            log("textacy: its own environment ...")
            runners.append(tool_runner("textacy", "textacy", "textacy preprocessing pipeline", data, args, tmp))
            runners[-1].row.notes.insert(0, "make_pipeline(" + ", ".join(TEXTACY_STEPS) + ")")

        words = sum(len(_words(t)) for t in texts)
        if "rules" not in args.skip:
            log("generating rules ...")
            swaps, info = generate_rules(docs)
            for n in RULE_COUNTS:
                folder = write_pack(tmp / f"rules-{n}", swaps[:n])
                label = f"cleantext + {n:,} extra substitute rules"
                log(f"loading {label} ...")
                try:
                    start = time.perf_counter()
                    extra = Cleaner(rules=[folder])
                    built = time.perf_counter() - start
                    runners.append(cleantext_runner(f"rules-{n}", label, extra, texts, nbytes))
                    runners[-1].row.extra.update(build_s=built, rules=n)
                    runners[-1].row.notes.append(f"rules loaded and compiled in {built:.2f} s (not in the time)")
                except Exception as exc:
                    runners.append(Runner(Row(f"rules-{n}", label, error=f"failed: {type(exc).__name__}: {exc}"),
                                          lambda: None))
            context_lines.append(
                f"extra rules: nested packs of literal swaps; rule k's word occurs at about {ZIPF_TOP_RATE}/k per "
                f"1,000 words ({info['from_corpus']} of {max(RULE_COUNTS)} are corpus words, the rest misspellings "
                f"and word pairs the corpus never has), each replaced by a made-up word")

        budget = args.row_seconds * len(runners)
        log(f"measuring {len(runners)} rows, {args.reps} interleaved rounds (budget {budget:.0f} s) ...")
        rounds = run_rounds(runners, args.reps, budget)
    context_lines.append(f"{rounds} interleaved rounds: each round runs every row once, in table order")
    rows = [r.row for r in runners]
    # Keep the table's order fixed: cleantext, ftfy, the other tools, rule counts, workers.
    order = ["cleantext", "ftfy", "clean-text", "textacy"] + [f"rules-{n}" for n in RULE_COUNTS] + ["workers-2"]
    rows.sort(key=lambda r: order.index(r.key) if r.key in order else len(order))
    for row in rows:
        if row.error or "changes" not in row.extra:
            continue
        if row.key.startswith("rules-"):
            rate = row.extra["extra_changes"] / words * 1000
            row.notes.append(f"the extra rules made {row.extra['extra_changes']} changes ({rate:.2f} per 1,000 words)")
        elif row.key == "cleantext":
            row.notes.append(f"{row.extra['changes'] / nbytes * MB:.0f} changes per MB")

    if args.profile:
        log("profiling ...")
        print(profile(cleaner, texts, args.profile), file=sys.stderr)

    check = None
    if "unicode" not in args.skip:
        check_docs = measured if args.quick else docs
        log(f"unicode check on {len(check_docs)} documents ...")
        check = unicode_check(check_docs)

    memory = None
    if "jsonl" not in args.skip and args.jsonl_gb > 0:
        log(f"JSONL memory test ({args.jsonl_gb:g} GB, at most {args.jsonl_timeout:.0f} s) ...")
        try:
            memory = jsonl_memory(docs, args.jsonl_gb, args.jsonl_timeout)
        except Exception as exc:
            memory = {"error": f"failed: {type(exc).__name__}: {exc}"}

    start_up = None
    if "startup" not in args.skip:
        log("start-up ...")
        try:
            small = sorted((ROOT / "seeds").glob("*.txt"))[0]
            start_up = startup(5 if args.quick else 11, small)
        except Exception as exc:
            start_up = {"error": f"failed: {type(exc).__name__}: {exc}"}

    load_end = os.getloadavg()
    elapsed = time.perf_counter() - began
    context_lines.append(
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, cleantext {cleantext.__version__}; "
        f"load average {load_start[0]:.2f} at the start, {load_end[0]:.2f} at the end"
        + (" (other processes were busy: absolute figures are low)" if max(load_start[0], load_end[0]) > 1.2 else "")
        + f"; this run took {elapsed / 60:.1f} min{' (--quick)' if args.quick else ''}")
    targets = judge(rows, memory, start_up, full_jsonl=args.jsonl_gb >= 1.0)
    context = {"when": time.strftime("%Y-%m-%d %H:%M"), "lines": context_lines}
    text = report(rows, targets, check, memory, start_up, context)
    print(text)
    if args.json:
        payload = {
            "when": context["when"], "quick": args.quick, "context": context_lines, "corpus": meta,
            "measured": {"documents": len(texts), "bytes": nbytes},
            "rows": [dict(asdict(r), mbps=r.mbps, cpu_mbps=r.cpu_mbps, median_s=r.seconds) for r in rows],
            "targets": targets, "unicode_check": check, "jsonl_memory": memory, "startup": start_up,
            "load_average": {"start": load_start, "end": load_end}, "elapsed_s": elapsed,
            "args": vars(args),
        }
        Path(args.json).write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
        log(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

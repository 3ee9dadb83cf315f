"""`cleantext clean` and `explain` at work: inputs become units (documents or records)
that flow through one ordered stream, so -j N parallelises across files and records,
and every unit read is accounted for in the summary:

    read = changed + unchanged + passed through (or rejected) + failed (+ not written,
           when a run stops early with a file's output still open)

A record that cannot be cleaned (and the rest of a table whose quoting breaks) is
written back in its place unchanged, or to the `--rejects` file; a file that cannot be
read at all fails whole and leaves no output.
"""
from __future__ import annotations

import argparse
import errno
import json
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import InputError
from .lang import given_language
from .progress import Progress
from .show import paint, print_diff, print_explain, spin_evidence, spin_verdict
from .wording import plural

if TYPE_CHECKING:
    from .engine import Cleaner, Result
    from .formats import Record, RejectsWriter
    from .io import AtomicWriter
    from .parallel import Failure

EXIT_OK, EXIT_CHANGES, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command stopped by Ctrl-C
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what `cat` reports when `head` stops reading
STARTED = time.monotonic()  # the summary's time includes start-up and loading the rules
FILE_SUFFIXES = (".txt", ".text", ".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".tab", ".parquet", ".gz", ".zst")
SideFile = TypeVar("SideFile")  # the writer a side file is opened as


def _open_side(option: str, value: str, opener: Callable[[Path], SideFile]) -> SideFile:
    path = Path(value)
    if path.is_dir():
        raise InputError(f"{option} {value} is a folder: name a file")
    try:
        return opener(path)
    except (OSError, UnicodeDecodeError) as exc:
        why = "it is not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror or exc
        raise InputError(f"cannot write {option} {value}: {why}") from None


@dataclass
class Counts:
    read: int = 0
    changed: int = 0
    unchanged: int = 0
    passed: int = 0  # records not cleaned, written back unchanged or to --rejects
    failed: int = 0
    skipped: int = 0  # --skip-existing: files not read at all
    unwritten: int = 0  # cleaned, but in an output that a run stopped early (Ctrl-C) did not write
    spun: int = 0  # cleaned documents judged spun (also counted as changed or unchanged)
    would_change: int = 0

    def recount(self, tally: Counter[str], into: str) -> None:
        """A file's records, counted as `tally` says, did not reach its output as counted: they
        are counted `into` failed (lost), passed (input left as it was) or unwritten (stopped early)."""
        for kind in ("changed", "unchanged", "passed"):
            setattr(self, kind, getattr(self, kind) - tally[kind])
            setattr(self, into, getattr(self, into) + tally[kind])
        self.spun -= tally["spun"]

    def summary(self, seconds: float, passed_as: str) -> str:
        skipped = f", {self.skipped} skipped (output up to date)" if self.skipped else ""
        unwritten = f", {self.unwritten} not written (stopped before their file's output)" if self.unwritten else ""
        spun = f"; {self.spun} judged spun" if self.spun else ""
        return (f"cleantext: {self.read} read, {self.changed} changed, {self.unchanged} unchanged, "
                f"{self.passed} {passed_as}, {self.failed} failed{unwritten}{skipped}{spun} in {seconds:.1f}s")


@dataclass
class Unit:
    """One document to clean (text set), a record to write back as read (record set,
    text None), or a failure to report (error set)."""

    sink: Any
    label: str
    text: str | None = None
    record: Record | None = None
    url: str | None = None
    error: str | None = None
    final: bool = False  # the sink's last unit: commit it afterwards
    cut_short: bool = False  # an error after the file's first records: those stay in its output
    lang: str | None = None  # the record's language, from --lang-field


class Stop(Exception):
    """Ends a run early (--on-error stop, disk full): outputs so far stay complete, but for
    standard output, which a full disk can cut in the middle of a document."""

    def __init__(self, message: str, cut_stdout: bool = False):
        super().__init__(message)
        self.cut_stdout = cut_stdout


class Run:
    def __init__(self, args: argparse.Namespace, cleaner: Cleaner, explain: bool = False):
        self.args = args
        self.explain = explain
        self.counts = Counts()
        self.cleaner = cleaner
        self.last_done: str | None = None
        self.report_items: list[tuple[str, str, Result]] = []
        self.progress = Progress(not args.quiet and sys.stderr.isatty())
        self.open_sinks: list[_Sink] = []
        self.single = True
        self.noted_encoding = bool(args.quiet)  # said that --encoding does not apply to a record format
        self.noted_lang = bool(args.quiet)  # said that a --lang-field value is not a language code
        self.rejects: RejectsWriter | None = None
        self.html: AtomicWriter | None = None
        self.passed_as = "rejected" if getattr(args, "rejects", None) else "passed through"
        if args.rules and not args.quiet:
            for warning in _own_warnings(cleaner):
                self.say(f"cleantext: warning: {warning}")

    def say(self, message: str) -> None:
        self.progress.say(message)

    # -- inputs --------------------------------------------------------------
    def units(self) -> Iterator[Unit]:
        from .io import expand_inputs

        if self.args.paths == ["-"]:
            yield from self._file_units(None, Path("-"))
            return
        files = list(expand_inputs(self.args.paths, Path(self.args.output) if self.args.output else None))
        self.single = len(files) == 1 and len(self.args.paths) == 1 and not Path(self.args.paths[0]).is_dir()
        self._check_output(files)
        self._start_progress(files)
        for item in files:
            yield from self._file_units(item.path, item.relative)

    def _check_output(self, files: list[Any]) -> None:
        from .io import refuse_overwriting_inputs, refuse_shared_outputs

        args = self.args
        for option, value in self._side_paths():
            side = Path(value).resolve()
            refuse_overwriting_inputs(option, value, files)
            if args.output and Path(args.output).resolve() == side:
                raise InputError(f"{option} {value} is the output too: name another file")
        if not self.single and not (self.explain or args.output or args.in_place or args.check or args.diff):
            raise InputError("several inputs: give -o OUT, --in-place, --check or --diff")
        if args.output and not self.single:
            out = Path(args.output)
            if out.exists() and not out.is_dir():
                raise InputError(f"-o {args.output}: several inputs need a folder, and this is a file")
            if not out.exists() and out.suffix.lower() in FILE_SUFFIXES:
                raise InputError(f"-o {args.output}: several inputs need a folder, and this names a file; "
                                 "give a folder name (or end it with /)")
            refuse_shared_outputs(files, out)

    def _start_progress(self, files: list[Any]) -> None:
        from .io import compression_of, format_of

        if not self.progress.enabled:
            return
        if len(files) == 1 and format_of(files[0].path, self.args.format) != "txt" \
                and compression_of(files[0].path) is None:
            self.progress.start(files[0].path.stat().st_size, "B")
        else:
            self.progress.start(len(files), "file")

    def _file_units(self, path: Path | None, relative: Path) -> Iterator[Unit]:
        from .decode import decode, has_bom
        from .formats import Source
        from .io import format_of, read_file

        name = "<stdin>" if path is None else str(path)
        fmt = format_of(path or Path("-"), self.args.format)
        check_output_format(self.args, fmt, path)
        source = None if fmt == "txt" else Source(path, fmt, self.args.field, self.args.encoding,
                                                  self.args.delimiter, getattr(self.args, "meta_field", ""))
        if self.args.encoding and fmt in ("jsonl", "json", "parquet") and not self.noted_encoding:
            self.noted_encoding = True  # once a run, at the first file it does not apply to
            self.say(f"cleantext: note: --encoding is for text, CSV and TSV files; {name} and any other "
                     "JSONL, JSON or Parquet input are read as UTF-8, as those formats are defined")
        sink = self._sink(path, relative, source)
        if self.args.skip_existing and self.args.output and _up_to_date(sink.target, path):
            self.counts.skipped += 1
            self.progress.advance(Unit(sink, name, final=True))
            return
        if self.args.in_place and path is not None and path.is_symlink():
            yield Unit(sink, name, error=f"{name} is a symbolic link; --in-place neither follows nor replaces links",
                       final=True)
            return
        if source is not None:
            yield from self._record_units(source, sink)
            return
        try:
            data = sys.stdin.buffer.read() if path is None else read_file(path)
            text, _ = decode(data, name, self.args.encoding)
            sink.bom = has_bom(data)
        except (InputError, OSError, EOFError) as exc:  # EOFError: a truncated .gz / .zst
            named = isinstance(exc, InputError) or getattr(exc, "filename", None)  # else a decompressor's
            yield Unit(sink, name, error=str(exc) if named else f"{name}: {exc}", final=True)
            return
        yield Unit(sink, name, text, final=True)

    def _record_units(self, source: Any, sink: _Sink) -> Iterator[Unit]:
        """One unit per record; the last one closes the file's output."""
        from .formats import field_value

        previous: Unit | None = None
        self.progress.source = source if self.single else None
        try:
            for rec in source.records():
                url = field_value(rec.data, self.args.url_field)
                label = f"{source.name}:{rec.line}"
                error = rec.error or self._foreign_metadata(rec.data, label)
                unit = Unit(sink, label, rec.text if error is None else None, rec,
                            url if isinstance(url, str) else None, error, lang=self._record_lang(rec.data, label))
                if previous is not None:
                    yield previous
                previous = unit
        except (InputError, OSError, EOFError) as exc:  # unreadable file, or a truncated .gz / .zst
            if previous is not None:
                yield previous
            yield self._unread_rest(sink, source.name, str(exc), previous, truncated=isinstance(exc, EOFError))
            return
        if previous is None:
            previous = Unit(sink, source.name)  # an empty file still gets its (empty) output
        previous.final = True
        yield previous

    def _unread_rest(self, sink: _Sink, name: str, error: str, last: Unit | None, truncated: bool) -> Unit:
        """The failure of a record file that could not be read to its end. Its output keeps
        the records before when the rest does not exist (a truncated .gz or .zst) or they
        went to stdout already; else none is written (in place: the file is left as it was)."""
        from .formats import row_or_line

        if last is None or last.record is None:
            return Unit(sink, name, error=f"{name}: {error}; no output written for it", final=True)
        where = f"{name}: {error}, after {row_or_line(sink.source.fmt)} {last.record.line}"
        if self.args.in_place:
            return Unit(sink, name, error=f"{where}; the file is left as it was", final=True)
        if truncated or sink.target is None:
            kept = ("the output keeps its records up to there" if sink.writes
                    else "only the records up to there are checked")
            return Unit(sink, name, error=f"{where}; {kept}", final=True, cut_short=True)
        return Unit(sink, name, error=f"{where}; no output written for it, so its records before count as failed",
                    final=True)

    def _foreign_metadata(self, data: dict | None, label: str) -> str | None:
        """Why a record cannot take cleantext's metadata: its --meta-field already holds
        something else, which writing would replace. Metadata from an earlier run is replaced."""
        field = self.args.meta_field
        value = data.get(field) if field and data else None
        if value in (None, "") or _is_metadata(value):
            return None
        return (f"{label}: field `{field}` already holds data that cleantext did not write, and its metadata "
                "would replace it: name another field with --meta-field, or '' for none")

    def _record_lang(self, data: dict | None, label: str) -> str | None:
        """--lang-field: the record's language code; None (then --lang, else detection) where
        it has none. A value that is not a code is said once."""
        from .formats import field_value

        field = getattr(self.args, "lang_field", "")
        value = field_value(data, field) if field else None
        try:
            return given_language(value)
        except ValueError:
            if not self.noted_lang:
                self.noted_lang = True
                self.say(f"cleantext: note: {label}: --lang-field `{field}` holds {value!r}, not a "
                         "language code: it is cleaned as a record without one (--lang, else detection), "
                         "and so is any other such")
            return None

    def _sink(self, path: Path | None, relative: Path, source: Any) -> _Sink:
        args = self.args
        if args.in_place:
            target = path
        elif args.output:
            out = Path(args.output)
            single_file_out = self.single and not out.is_dir() and not args.output.endswith("/")
            target = out if single_file_out else out / relative
        else:
            target = None  # stdout, or nothing is written (--check, --diff, explain)
        return _Sink(self, path, target, source)

    # -- the run -------------------------------------------------------------
    def run(self) -> int:
        queue: deque[Unit] = deque()

        def feed() -> Iterator[dict]:
            for unit in self.units():
                queue.append(unit)
                if unit.text is not None:
                    yield {"text": unit.text, "site": self.args.site, "url": unit.url,
                           "lang": unit.lang or self.args.lang}

        from .parallel import clean_stream, fit_workers

        asked = self.args.jobs
        self.args.jobs = fit_workers(asked, None if self.args.quiet else
                                     lambda message: self.say(f"cleantext: note: -j {asked}: {message}"))
        self._open_side_files()
        try:
            # Documents of one site (--site, or the records' url field) are judged by each other
            # too: site repetition, in blocks that depend only on input order (cleantext.siterep).
            documents = self.cleaner.with_site_evidence(feed())
            for outcome in clean_stream(self.cleaner, documents, workers=self.args.jobs):
                while queue[0].text is None:
                    self._finish(queue.popleft(), None)
                self._finish(queue.popleft(), outcome)
                if _stop_requested:
                    raise KeyboardInterrupt
            while queue and not _stop_requested:
                self._finish(queue.popleft(), None)
            if _stop_requested:
                raise KeyboardInterrupt
        except (KeyboardInterrupt, Stop) as exc:
            for sink in self.open_sinks:  # their records were cleaned, but the output is not written
                if sink.target is not None:
                    self.counts.recount(sink.tally, into="unwritten")
            self._abandon_open()
            if self.html is not None:
                self.html.discard()
            self._commit_rejects()
            self.progress.close()
            self.say(self._stopped_message(exc))
            if not self.args.quiet:
                self.say(self.counts.summary(time.monotonic() - STARTED, self.passed_as))
            return EXIT_INTERRUPTED if isinstance(exc, KeyboardInterrupt) else EXIT_INPUT
        except BaseException:
            self._abandon_open()
            for side in (self.rejects, self.html):
                if side is not None:
                    side.discard()
            self.progress.close()
            raise
        written = self._commit_rejects()
        self.progress.close()
        return self._finish_run(written)

    def _finish_run(self, written: bool) -> int:
        if self.html is not None:
            from .report import render_report

            self.html.write(render_report(self.report_items))
            if self._commit_side("--html", self.args.html, self.html):
                self.say(f"cleantext: wrote {self.args.html} ({plural(len(self.report_items), 'document')})")
            else:
                written = False
        if not self.args.quiet:
            self.say(self.counts.summary(time.monotonic() - STARTED, self.passed_as))
        if self.counts.failed or self.counts.passed or not written:
            return EXIT_INPUT
        if self.args.check and self.counts.would_change:
            return EXIT_CHANGES
        return EXIT_OK

    def _abandon_open(self) -> None:
        for sink in list(self.open_sinks):
            sink.abandon()

    def _side_paths(self) -> list[tuple[str, str]]:
        """The files this run writes besides its outputs (opened first), as (option, path)."""
        sides = [("--rejects", self.args.rejects, self.rejects), ("--html", getattr(self.args, "html", ""), self.html)]
        return [(option, value) for option, value, writer in sides if writer is not None]

    def _open_side_files(self) -> None:
        """Open --rejects and --html before reading anything, so a path that cannot be
        written stops the run at once (exit 2) instead of failing after all the work."""
        from .formats import RejectsWriter
        from .io import AtomicWriter

        args = self.args
        if args.rejects:
            self.rejects = _open_side("--rejects", args.rejects, lambda p: RejectsWriter(p, keep=args.skip_existing))
        if self.explain and args.html:
            self.html = _open_side("--html", args.html, AtomicWriter)

    def _commit_rejects(self) -> bool:
        return self.rejects is None or self._commit_side("--rejects", self.args.rejects, self.rejects.atomic)

    def _commit_side(self, option: str, value: str, writer: AtomicWriter) -> bool:
        """Put a side file in place; when that fails (a full disk, a folder made there
        meanwhile), say so and where its content stays. False when it failed."""
        try:
            writer.commit()
        except OSError as exc:
            self.say(f"cleantext: cannot write {option} {value}: {exc.strerror or exc}; "
                     f"what was written for it is kept in {writer.tmp}")
            return False
        return True

    def _stopped_message(self, exc: BaseException) -> str:
        why = str(exc) if isinstance(exc, Stop) else "interrupted"
        complete = ("stdout ends part-way through a document" if isinstance(exc, Stop) and exc.cut_stdout
                    else "every output written is complete, none is half-written")
        message = (f"cleantext: {why} after {plural(self.counts.read, 'document')} "
                   f"(last finished: {self.last_done or 'none'}); {complete}")
        args = self.args
        if args.output and not self.single:
            return message + "; rerun with --skip-existing to resume"
        if args.in_place:
            return message + "; rerun the same command to finish (files already cleaned come through unchanged)"
        if args.output:
            return message + f"; {args.output} was not written (an output file is only written whole)"
        return message

    def _finish(self, unit: Unit, outcome: Result | Failure | None) -> None:
        from .parallel import Failure

        read_before = self.counts.read
        if unit.sink.abandoned and unit.sink.target is not None:  # its file failed: the later records cannot reach it
            self.counts.read += 1
            self._count(unit, self._unwritten_as)
            self._close_if_final(unit)
            return
        try:
            if isinstance(outcome, Failure):
                unit.error = f"{unit.label}: {outcome.message}"
                if outcome.traceback and getattr(self.args, "verbose", False):
                    self.say(outcome.traceback.rstrip())
                self._not_cleaned(unit, failed=True)
            else:
                self._account(unit, outcome)
            self._close_if_final(unit)
        except BrokenPipeError:
            raise
        except OSError as exc:
            if unit.sink.target is not None:  # the file is not written: none of its records is in it
                self.counts.recount(unit.sink.tally, into=self._unwritten_as)
            unit.sink.abandon()
            if self.counts.read == read_before:  # its write failed before it was counted
                self.counts.read += 1
            self.counts.failed += 1
            if exc.errno == errno.ENOSPC:
                target = unit.sink.target
                raise Stop(f"disk full while writing {target or 'to stdout'}", target is None) from exc
            lost = "; none of its records is written" if unit.sink.records and unit.sink.target else ""
            self.say(f"cleantext: cannot write {unit.sink.target or 'to stdout'}: {exc.strerror or exc}{lost}")

    def _account(self, unit: Unit, result: Result | None) -> None:
        counts = self.counts
        if unit.error:
            self._not_cleaned(unit, failed=unit.record is None)
        elif result is not None:
            if not self.explain and not self.args.quiet:
                for note in result.notes:
                    self.say(f"cleantext: {unit.label}: {note}")
            unit.sink.take(unit, result)  # first: a write that fails counts it as failed, not cleaned
            counts.read += 1
            self._count(unit, "changed" if result.changed else "unchanged")
            if result.spun:
                self._count(unit, "spun")
            if getattr(self.args, "verbose", False):
                score = f", {spin_verdict(result)}" if result.spin_score is not None else ""
                self.say(f"cleantext: {unit.label}: " + (f"changed ({', '.join(result.rule_ids)})"
                                                         if result.changed else "unchanged") + score)
        elif unit.record is not None:  # a blank line of a JSONL file: kept, not a record
            unit.sink.write_as_read(unit.record)

    def _not_cleaned(self, unit: Unit, failed: bool) -> None:
        """A record or file that was not cleaned: report it. A record is kept, in its place
        or in the rejects file; a file that cannot be read leaves no output."""
        if unit.record is None:
            if not unit.cut_short:
                self.counts.recount(unit.sink.tally, into=self._unwritten_as)
                unit.sink.abandon()
            self.say(f"cleantext: {paint('error', '31', sys.stderr)}: {unit.error}")
        else:
            self.say(f"cleantext: {unit.error}{unit.sink.keep(unit)}")  # keeping it may fail: then not counted here
        self.counts.read += 1
        self._count(unit, "failed" if failed else "passed")
        if self.args.on_error == "stop":
            raise Stop(f"stopped at {unit.label} (--on-error stop)")

    @property
    def _unwritten_as(self) -> str:
        """How the records of a file whose output is not written count: in place, the file
        is left as it was, so they are passed through; else they are lost."""
        return "passed" if self.args.in_place else "failed"

    def _count(self, unit: Unit, kind: str) -> None:
        """Count a unit in the run and in its file's tally (Counts.recount)."""
        setattr(self.counts, kind, getattr(self.counts, kind) + 1)
        unit.sink.tally[kind] += 1

    def _close_if_final(self, unit: Unit) -> None:
        if unit.final:
            unit.sink.close()
        self.last_done = unit.label if unit.sink.records else unit.sink.name
        self.progress.advance(unit)


def _up_to_date(target: Path | None, path: Path | None) -> bool:
    """--skip-existing: the output exists and was written after the input last changed, so
    an input replaced since (a truncated download fetched again) is cleaned again."""
    try:
        return target is not None and path is not None and target.stat().st_mtime_ns >= path.stat().st_mtime_ns
    except OSError:  # no output yet, or an input that cannot be read (which reading will name)
        return False


def _own_warnings(cleaner: Cleaner) -> list[Any]:
    """Load-time warnings about the user's rules (and swaps that chain with built-in ones)."""
    from .lint import lint
    from .loader import builtin_rules_dir

    builtin = str(builtin_rules_dir())
    rules = cleaner.all_rules
    return lint(rules, own=[r for r in rules if not str(Path(r.path).resolve()).startswith(builtin)])


def check_output_format(args: argparse.Namespace, fmt: str, path: Path | None) -> None:
    """`-o NAME` names a format (by its suffix) that must be the input's: cleantext keeps
    an input's format and does not convert between formats."""
    from .io import format_of

    if not args.output or Path(args.output).is_dir() or args.output.endswith("/"):
        return
    out = Path(args.output)
    if out.suffix.lower() not in FILE_SUFFIXES or (out.suffix.lower() in (".gz", ".zst") and \
            Path(out.stem).suffix.lower() not in FILE_SUFFIXES):
        return
    named = format_of(out, None)
    if named != fmt:
        given = f"--format {args.format}" if args.format else ("its name" if path else "stdin (text)")
        raise InputError(f"-o {args.output} names {named.upper()} output but the input is {fmt.upper()} "
                         f"(from {given}); cleantext keeps the input's format: name the output "
                         f"for {fmt.upper()} or give --format")


_METADATA = ("spin_score", "spun", "lang", "rules", "guarded", "spin_evidence")  # --meta-field's keys


def _metadata(result: Result) -> dict[str, Any]:
    """What --meta-field holds for a record: how it was cleaned."""
    values = (result.spin_score, result.spun, result.lang, list(result.rule_ids), result.guarded,
              spin_evidence(result))
    return dict(zip(_METADATA, values, strict=True))


def _is_metadata(value: Any) -> bool:
    """Whether a field's value is cleantext's metadata (perhaps an earlier version's, with
    fewer keys): a dict, or in tables its JSON text."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):  # not JSON, or nested too deep to be ours
            return False
    return isinstance(value, dict) and "rules" in value and value.keys() <= set(_METADATA)


class _Sink:
    """Where one input's output goes: a file (atomically), stdout, a check, a diff or explain."""

    def __init__(self, run: Run, path: Path | None, target: Path | None, source: Any):
        self.run, self.path, self.target, self.source = run, path, target, source
        self.records = source is not None
        self.name = "<stdin>" if path is None else str(path)
        self.changed = False
        self.writer: Any = None
        self.bom = False  # a text file's output starts with a byte-order mark, as its input did
        self.abandoned = False
        self.rejected: list[tuple[str, str, Record]] = []  # reach the rejects file when this output does
        self.tally: Counter[str] = Counter()  # its units as counted in the run's Counts
        args = run.args
        self.writes = not (args.check or args.diff or run.explain)

    def _output(self) -> Any:
        if self.writer is None:
            if self.records:
                from .formats import RecordWriter

                self.writer = RecordWriter(self.target, self.source, self.run.args.meta_field)
            elif self.target is not None:
                from .io import AtomicWriter

                self.writer = AtomicWriter(self.target)
            if self.writer is not None:
                self.run.open_sinks.append(self)
        return self.writer

    def _write_text(self, data: str) -> None:
        if not self.writes:
            return
        data = "\ufeff" + data if self.bom else data
        if self.target is None:
            sys.stdout.write(data)
        else:
            self._output().write(data)

    def take(self, unit: Unit, result: Result) -> None:
        run = self.run
        self.changed = self.changed or result.changed
        label = unit.label if self.records else self.name
        if run.explain and run.args.html:
            run.report_items.append((label, unit.text or "", result))
        elif run.explain:
            print_explain(label, unit.text or "", result, run.args.json, self.records)
        elif run.args.diff and result.changed:
            assert unit.text is not None
            print_diff(unit.text, result.text, label)
        if not self.records:
            self._write_text(result.text)
            return
        values: dict[str, Any] = {}  # the fields to set; a text that did not change is left as written
        if result.text != unit.text:
            values[run.args.field] = result.text
        if run.args.meta_field:
            values[run.args.meta_field] = _metadata(result)
        if self.writes:
            self._output().write_cleaned(unit.record, values)

    def write_as_read(self, record: Record) -> None:
        if self.writes:
            self._output().write_as_read(record)

    def keep(self, unit: Unit) -> str:
        """Keep a record that was not cleaned; says where it went. With --rejects it goes
        there (and, with --in-place, also stays in its file: in place, no line is removed)."""
        rejects = self.run.rejects
        if unit.record is None:
            return ""
        if rejects is not None and self.writes:
            self.rejected.append((unit.label, unit.error or "", unit.record))
            if self.run.args.in_place:
                self.write_as_read(unit.record)
            elif self.source is not None and self.source.json_object:  # leaving it out would leave no JSON
                self.write_as_read(unit.record)
                return f"; written to {rejects.path}, and kept in the output: it is the JSON file's one record"
            return f"; written to {rejects.path}"
        self.write_as_read(unit.record)
        return "; passed through unchanged" if self.writes else ""

    def close(self) -> None:
        run = self.run
        if self.abandoned:
            return
        if run.args.check and self.changed:
            run.counts.would_change += 1
            if not run.args.quiet:
                run.say(f"would change: {self.name}")
        if not self.writes or (run.args.in_place and not self.changed):
            self._flush_rejects()
            self.abandon()
            return
        if self.writer is None and self.records:
            self._output()  # an empty input still gets its (empty) output
        if self.writer is not None:
            self.writer.commit()
            self._forget()
        self._flush_rejects()

    def _flush_rejects(self) -> None:
        if self.run.rejects is not None:
            for where, error, record in self.rejected:
                self.run.rejects.write(where, error, record)
        self.rejected = []

    def _forget(self) -> None:
        if self in self.run.open_sinks:
            self.run.open_sinks.remove(self)

    def abandon(self) -> None:
        self.abandoned = True
        self.rejected = []
        if self.writer is not None:
            self.writer.discard()
            self.writer = None
        self._forget()


_stop_requested: list[int] = []


def interrupt_on_signals() -> None:
    """Ctrl-C, SIGTERM and SIGHUP (the terminal closed) ask the run to stop at the next
    document boundary, so every output written is complete and no temporary file is left
    behind (SIGHUP's default ended the process and left one)."""
    _stop_requested.clear()  # a signal a previous run in this process took is not this run's

    def request_stop(signum: int, frame: object) -> None:
        if _stop_requested:  # a second signal: stop now
            raise KeyboardInterrupt
        _stop_requested.append(signum)

    for signum in (signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGHUP", None)):
        if signum is not None:  # no SIGHUP on Windows
            signal.signal(signum, request_stop)

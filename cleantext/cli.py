"""The `cleantext` command.

Exit codes: 0 ok; 1 `--check` found documents that would change; 2 usage or
rule-file errors; 3 some inputs could not be cleaned (each named on stderr).
"""
from __future__ import annotations

import argparse
import difflib
import errno
import json
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__

if TYPE_CHECKING:
    from .engine import Cleaner, Result
    from .parallel import Failure

EXIT_OK, EXIT_CHANGES, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["learn"]:  # learn has its own parser; hand it every argument as given
        from .learn import main as learn_main

        return learn_main(argv[1:])
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    from .errors import InputError, RuleFileError

    try:
        return args.run(args)
    except RuleFileError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except InputError as exc:
        print(f"cleantext: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("cleantext: interrupted; files already written are complete, none is half-written",
              file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cleantext", description="Clean scraped news text with YAML rules.")
    parser.add_argument("--version", action="version", version=f"cleantext {__version__}")
    sub = parser.add_subparsers(metavar="COMMAND")

    def rules_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--rules", action="append", default=[], metavar="DIR",
                       help="extra rule file or folder (repeatable; also $CLEANTEXT_RULES)")
        p.add_argument("--no-builtin", action="store_true", help="use only --rules, not the built-in packs")
        p.add_argument("--style", default="official", choices=["official", "ap", "reuters", "bbc"],
                       help="spelling profile for names (default: official)")
        p.add_argument("--select", action="append", default=[], metavar="ID",
                       help="only these rules (ids or globs such as 'chrome.*'; repeatable)")
        p.add_argument("--ignore", action="append", default=[], metavar="ID", help="skip these rules")
        p.add_argument("--preview", action="store_true", help="also run rules with status: preview")
        p.add_argument("--spin", choices=["fix", "flag", "off"], default="fix",
                       help="spun documents: fix (default) repairs them, flag only scores them, off does neither")

    def input_options(p: argparse.ArgumentParser, output_formats: list[str] | None = None) -> None:
        p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, globs, or - for stdin")
        p.add_argument("--site", help="the documents' site (a domain), to select site packs")
        p.add_argument("--lang", help="the documents' language; skips detection")
        p.add_argument("--format", choices=["txt", "jsonl", "csv", "parquet", *(output_formats or [])],
                       help="input format (default: by name: .jsonl/.ndjson, .csv, .parquet, also .gz/.zst)"
                       + ("; for explain, json prints one JSON object per change" if output_formats else ""))
        p.add_argument("--field", default="text", help="JSONL field holding the text (default: text)")
        p.add_argument("--url-field", default="url", help="JSONL field holding the page URL (default: url)")
        p.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="worker processes")
        p.add_argument("--on-error", choices=["skip", "stop"], default="skip",
                       help="a bad file or record: skip it and go on (default), or stop the run")
        p.add_argument("--body", action="store_true",
                       help="the input is whole-page text (menus, footers): keep only the article's region")
        p.add_argument("--meta-field", default="cleantext", metavar="NAME",
                       help="JSONL output: add {spin_score, spun, lang, rules, guarded} under this field "
                            "(default: cleantext; '' to add nothing)")
        rules_options(p)

    p = sub.add_parser("clean", help="clean files, folders or stdin")
    input_options(p)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("-o", "--output", metavar="OUT", help="output file, or folder for several inputs")
    mode.add_argument("--in-place", action="store_true", help="rewrite changed files in place (atomically)")
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 if anything would change")
    mode.add_argument("--diff", action="store_true", help="write nothing; print a unified diff")
    p.add_argument("--skip-existing", action="store_true",
                   help="with -o: leave inputs whose output already exists (resume an interrupted run)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary or progress on stderr")
    p.set_defaults(run=_cmd_clean)

    p = sub.add_parser("explain", help="list every change: file:line:col rule-id \"before\" -> \"after\"")
    input_options(p, output_formats=["json"])
    p.add_argument("--json", action="store_true", help="one JSON object per change")
    p.add_argument("--html", metavar="FILE",
                   help="write a self-contained review page (struck-through removals, rule hits) instead")
    p.set_defaults(run=_cmd_explain, quiet=True, output=None, in_place=False, check=False, diff=False,
                   skip_existing=False)

    p = sub.add_parser("rules", help="list the rules")
    rules_options(p)
    p.add_argument("--pack", help="only this pack")
    p.set_defaults(run=_cmd_rules)

    p = sub.add_parser("rule", help="why a rule exists, with its examples")
    p.add_argument("rule_id", metavar="ID")
    rules_options(p)
    p.set_defaults(run=_cmd_rule)

    p = sub.add_parser("check", help="validate rule files; errors as file:line:col CODE message")
    p.add_argument("files", nargs="+", metavar="RULEFILE")
    p.set_defaults(run=_cmd_check)

    sub.add_parser("learn", help="propose a site pack from many pages of one site (see cleantext learn --help)")

    p = sub.add_parser("test", help="run the example and property tests on rule packs")
    p.add_argument("dirs", nargs="+", metavar="RULEDIR")
    p.add_argument("--builtin", action="store_true", help="test them together with the built-in packs")
    p.set_defaults(run=_cmd_test)
    return parser


def _cleaner(args: argparse.Namespace) -> Cleaner:
    from .engine import Cleaner

    env = [d for d in os.environ.get("CLEANTEXT_RULES", "").split(os.pathsep) if d]
    return Cleaner(rules=env + args.rules, style=args.style, select=args.select, ignore=args.ignore,
                   preview=args.preview, builtin=not args.no_builtin, spin=args.spin,
                   find_body=getattr(args, "body", False))


# ---------------------------------------------------------------------------
# clean / explain: every input becomes units (documents or records) that flow
# through one ordered stream, so -j N parallelises across files and records.

@dataclass
class Counts:
    read: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    would_change: list[str] = field(default_factory=list)

    def summary(self, seconds: float) -> str:
        return (f"cleantext: {self.read} read, {self.changed} changed, {self.unchanged} unchanged, "
                f"{self.skipped} skipped, {self.failed} failed in {seconds:.1f}s")


@dataclass
class Unit:
    """One document to clean (text set) or pass through (error set) in a sink."""

    sink: Any
    label: str
    text: str | None = None
    record: dict | None = None
    url: str | None = None
    error: str | None = None
    skip: bool = False  # a bad record: reported and skipped; the rest of the file goes on
    final: bool = False  # the sink's last unit: commit it afterwards


class _Run:
    def __init__(self, args: argparse.Namespace, explain: bool = False):
        self.args = args
        self.explain = explain
        self.counts = Counts()
        self.cleaner = _cleaner(args)
        self.last_done: str | None = None
        self.report_items: list[tuple[str, str, Result]] = []
        self.progress = not args.quiet and sys.stderr.isatty()
        if args.rules and not args.quiet:
            for warning in self.cleaner.warnings:
                print(f"cleantext: warning: {warning}", file=sys.stderr)

    def units(self) -> Iterator[Unit]:
        from .io import expand_inputs

        if self.args.paths == ["-"]:
            yield from self._file_units(None, Path("-"))
            return
        files = list(expand_inputs(self.args.paths))
        single = len(files) == 1 and len(self.args.paths) == 1 and not Path(self.args.paths[0]).is_dir()
        if not single and not (self.explain or self.args.output or self.args.in_place
                               or self.args.check or self.args.diff):
            raise _usage("several inputs: give -o OUT, --in-place, --check or --diff")
        self.single = single
        for item in files:
            yield from self._file_units(item.path, item.relative)

    def _file_units(self, path: Path | None, relative: Path) -> Iterator[Unit]:
        from .errors import InputError
        from .formats import Source
        from .io import decode, format_of

        name = "<stdin>" if path is None else str(path)
        fmt = format_of(path or Path("-"), self.args.format)
        source = None if fmt == "txt" else Source(path, fmt, self.args.field)
        sink = self._sink(path, relative, source)
        if self.args.skip_existing and self.args.output and sink.target is not None and sink.target.exists():
            self.counts.read += 1
            self.counts.skipped += 1
            return
        if self.args.in_place and path is not None and path.is_symlink():
            yield Unit(sink, name, error=f"{name} is a symbolic link; --in-place neither follows nor replaces links",
                       final=True)
            return
        if source is not None:
            yield from self._record_units(source, sink)
            return
        try:
            data = sys.stdin.buffer.read() if path is None else path.read_bytes()
            text, _ = decode(data, name)
        except (InputError, OSError) as exc:
            yield Unit(sink, name, error=str(exc), final=True)
            return
        yield Unit(sink, name, text, final=True)

    def _record_units(self, source: Any, sink: Any) -> Iterator[Unit]:
        """One unit per record; the last one closes the file's output."""
        from .errors import InputError

        previous: Unit | None = None
        try:
            for rec in source.records():
                url = rec.data.get(self.args.url_field) if rec.data else None
                unit = Unit(sink, f"{source.name}:{rec.line}", rec.text, rec.data,
                            url if isinstance(url, str) else None, rec.error, skip=True)
                if previous is not None:
                    yield previous
                previous = unit
        except (InputError, OSError, EOFError) as exc:  # unreadable file, or a truncated .gz / .zst
            if previous is not None:
                yield previous
            yield Unit(sink, source.name, error=f"{source.name}: {exc}", final=True)
            return
        if previous is None:
            previous = Unit(sink, source.name)  # an empty file still gets its (empty) output
        previous.final = True
        yield previous

    def _sink(self, path: Path | None, relative: Path, source: Any) -> Any:
        args = self.args
        if path is None or (args.output is None and not args.in_place and not args.check and not args.diff
                            and not self.explain):
            target = None  # stdout
        elif args.in_place:
            target = path
        elif args.output:
            out = Path(args.output)
            single_file_out = getattr(self, "single", False) and not out.is_dir() and not args.output.endswith("/")
            target = out if single_file_out else out / relative
        else:
            target = None
        return _Sink(self, path, target, source)

    def run(self) -> int:
        start = time.monotonic()
        queue: deque[Unit] = deque()

        def feed() -> Iterator[dict]:
            for unit in self.units():
                queue.append(unit)
                if unit.text is not None:
                    yield {"text": unit.text, "site": self.args.site, "url": unit.url, "lang": self.args.lang}

        from .parallel import clean_stream

        try:
            for outcome in clean_stream(self.cleaner, feed(), workers=max(self.args.jobs, 1)):
                while queue[0].text is None:
                    self._finish(queue.popleft(), None)
                self._finish(queue.popleft(), outcome)
                if _stop_requested:
                    raise KeyboardInterrupt
            while queue and not _stop_requested:
                self._finish(queue.popleft(), None)
            if _stop_requested:
                raise KeyboardInterrupt
        except (KeyboardInterrupt, _Stop) as exc:
            for unit in queue:
                unit.sink.abandon()
            self._clear_progress()
            print(f"cleantext: {exc if isinstance(exc, _Stop) else 'interrupted'} after {self.counts.read} "
                  f"documents (last finished: {self.last_done or 'none'}); every output written is "
                  "complete and none is half-written; rerun with --skip-existing to resume", file=sys.stderr)
            return 130 if isinstance(exc, KeyboardInterrupt) else EXIT_INPUT
        except BaseException:
            for unit in queue:
                unit.sink.abandon()
            raise
        self._clear_progress()
        if self.explain and self.args.html:
            from .report import write_report

            write_report(self.args.html, self.report_items)
            print(f"cleantext: wrote {self.args.html} ({len(self.report_items)} documents)", file=sys.stderr)
        if not self.args.quiet:
            print(self.counts.summary(time.monotonic() - start), file=sys.stderr)
        if self.counts.failed:
            return EXIT_INPUT
        if self.args.check and self.counts.would_change:
            return EXIT_CHANGES
        return EXIT_OK

    def _clear_progress(self) -> None:
        if self.progress:
            sys.stderr.write("\r\033[K")

    def _finish(self, unit: Unit, outcome: Result | Failure | None) -> None:
        from .parallel import Failure

        if isinstance(outcome, Failure):
            unit.error, unit.skip, outcome = f"{unit.label}: {outcome.message}", False, None
            if unit.record is not None:  # keep the record as it came: nothing is lost
                unit.sink.pass_through(unit)
        try:
            self._account(unit, outcome)
        except OSError as exc:
            unit.sink.abandon()
            self.counts.failed += 1
            if exc.errno == errno.ENOSPC:
                raise _Stop(f"disk full while writing {unit.sink.target}") from exc
            print(f"cleantext: cannot write {unit.sink.target}: {exc.strerror or exc}", file=sys.stderr)

    def _account(self, unit: Unit, result: Result | None) -> None:
        counts = self.counts
        if unit.error:
            print(f"cleantext: {unit.error}", file=sys.stderr)
            counts.read += 1
            if not unit.skip or self.args.on_error == "stop":
                counts.failed += not unit.skip
                counts.skipped += unit.skip
                unit.sink.abandon()
                if self.args.on_error == "stop":
                    raise _Stop(f"stopped at {unit.label} (--on-error stop)")
                return
            counts.skipped += 1
            if unit.record is not None:  # keep the record as it was: nothing is lost
                unit.sink.pass_through(unit)
        elif result is not None:
            if not self.explain and not self.args.quiet:
                for note in result.notes:
                    print(f"cleantext: {unit.label}: {note}", file=sys.stderr)
            counts.read += 1
            if result.changed:
                counts.changed += 1
            else:
                counts.unchanged += 1
            unit.sink.take(unit, result)
        if unit.final:
            unit.sink.close()
            self.last_done = unit.sink.name
        if self.progress and counts.read % 50 == 0:
            sys.stderr.write(f"\rcleantext: {counts.read} documents")
            sys.stderr.flush()


class _Stop(Exception):
    """Ends a run early (--on-error stop, disk full): outputs so far stay complete."""


class _Sink:
    """Where one input's output goes: a file (atomically), stdout, a check, a diff or explain."""

    def __init__(self, run: _Run, path: Path | None, target: Path | None, source: Any):
        self.run, self.path, self.target, self.source = run, path, target, source
        self.records = source is not None
        self.name = "<stdin>" if path is None else str(path)
        self.changed = False
        self.writer: Any = None
        self.abandoned = False
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
        return self.writer

    def _write_text(self, data: str) -> None:
        if not self.writes:
            return
        if self.target is None:
            sys.stdout.write(data)
        else:
            self._output().write(data)

    def _write_record(self, record: dict) -> None:
        if self.writes:
            self._output().write(record)

    def take(self, unit: Unit, result: Result) -> None:
        run = self.run
        self.changed = self.changed or result.changed
        label = unit.label if self.records else self.name
        if run.explain and run.args.html:
            run.report_items.append((label, unit.text or "", result))
        elif run.explain:
            _print_explain(label, result, run.args.json)
        elif run.args.diff and result.changed:
            assert unit.text is not None
            sys.stdout.writelines(difflib.unified_diff(
                unit.text.splitlines(keepends=True), result.text.splitlines(keepends=True),
                f"a/{label}", f"b/{label}"))
        if not self.records:
            self._write_text(result.text)
            return
        record = dict(unit.record or {})
        record[run.args.field] = result.text
        if run.args.meta_field:
            record[run.args.meta_field] = {"spin_score": result.spin_score, "spun": result.spun,
                                           "lang": result.lang, "rules": list(result.rule_ids),
                                           "guarded": result.guarded}
        self._write_record(record)

    def pass_through(self, unit: Unit) -> None:
        self._write_record(dict(unit.record or {}))

    def close(self) -> None:
        run = self.run
        if self.abandoned:
            return
        if run.args.check and self.changed:
            run.counts.would_change.append(self.name)
            print(f"would change: {self.name}", file=sys.stderr)
        if not self.writes or (run.args.in_place and not self.changed):
            self.abandon()
            return
        if self.writer is None and self.records:
            self._output()  # an empty input still gets its (empty) output
        if self.writer is not None:
            self.writer.commit()

    def abandon(self) -> None:
        self.abandoned = True
        if self.writer is not None:
            self.writer.discard()
            self.writer = None


def _usage(message: str) -> Exception:
    from .errors import InputError

    return InputError(message)


def _print_explain(label: str, result: Result, as_json: bool) -> None:
    for c in result.changes:
        if as_json:
            print(json.dumps({"file": label, "line": c.line, "col": c.col, "rule": c.rule_id,
                              "before": c.before, "after": c.after}, ensure_ascii=False))
        else:
            print(f"{label}:{c.line}:{c.col} {c.rule_id} {json.dumps(c.before, ensure_ascii=False)} -> "
                  f"{json.dumps(c.after, ensure_ascii=False)}")
    for note in result.notes:
        print(json.dumps({"file": label, "note": note}) if as_json else f"{label}: note: {note}")
    if result.spin_score is not None:
        verdict = "spun" if result.spun else "not spun"
        print(json.dumps({"file": label, "spin_score": result.spin_score, "spun": result.spun}) if as_json
              else f"{label}: spin score {result.spin_score:.2f} ({verdict})")


def _cmd_clean(args: argparse.Namespace) -> int:
    _interrupt_on_sigterm()
    return _Run(args).run()


def _cmd_explain(args: argparse.Namespace) -> int:
    if args.format == "json":  # `explain --format json` names the output format
        args.json, args.format = True, None
    _interrupt_on_sigterm()
    return _Run(args, explain=True).run()


_stop_requested: list[int] = []


def _interrupt_on_sigterm() -> None:
    """Ctrl-C and SIGTERM ask the run to stop at the next document boundary, so every
    output written is complete and no temporary file is left behind."""
    def request_stop(signum: int, frame: object) -> None:
        if _stop_requested:  # a second signal: stop now
            raise KeyboardInterrupt
        _stop_requested.append(signum)

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)


# ---------------------------------------------------------------------------
# rules, rule, check, test

def _cmd_rules(args: argparse.Namespace) -> int:
    cleaner = _cleaner(args)
    rules = list(cleaner.all_rules)
    for rule in rules:
        if args.pack and rule.id.rsplit(".", 1)[0] != args.pack:
            continue
        why = " ".join(rule.why.split())
        print(f"{rule.id:<40} {rule.kind:<16} {rule.status:<10} {why[:90]}")
    return EXIT_OK


def _cmd_rule(args: argparse.Namespace) -> int:
    from .engine import BUILTIN_STEPS

    if args.rule_id in BUILTIN_STEPS:
        print(f"{args.rule_id} (built-in step)\n\n{BUILTIN_STEPS[args.rule_id]}")
        return EXIT_OK
    cleaner = _cleaner(args)
    try:
        rule = cleaner.rule(args.rule_id)
    except KeyError:
        from difflib import get_close_matches

        known = [r.id for r in cleaner.rules] + list(BUILTIN_STEPS)
        guess = get_close_matches(args.rule_id, known, n=1)
        hint = f"; did you mean {guess[0]}?" if guess else ""
        print(f"cleantext: no rule {args.rule_id}{hint}", file=sys.stderr)
        return EXIT_USAGE
    print(_describe(rule))
    return EXIT_OK


def _describe(rule: Any) -> str:
    lines = [f"{rule.id}  ({rule.kind}, {rule.status})  {rule.path}:{rule.line}", "", " ".join(rule.why.split()), ""]
    from .kinds import kind_of

    settings = kind_of(rule).settings(rule)
    lines += [f"  {k}: {v}" for k, v in settings if v is not None]
    lines.append("\nExamples:")
    for ex in rule.examples:
        lines += [_indent("before", ex.before), _indent("after", ex.after), ""]
    lines.append("Counterexamples (unchanged):")
    lines += [_indent("-", text) for text in rule.counterexamples]
    return "\n".join(lines)


def _indent(label: str, text: str) -> str:
    body = text.replace("\n", "\n" + " " * (len(label) + 4))
    return f"  {label}: {body}"


def _cmd_check(args: argparse.Namespace) -> int:
    from .errors import RuleFileError
    from .loader import load_packs

    try:
        packs = load_packs(args.files)
    except RuleFileError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    from .lint import lint

    warnings = lint([r for p in packs for r in p.rules])
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    count = sum(len(p.rules) for p in packs)
    print(f"{count} rules in {len(packs)} packs: OK" + (f" ({len(warnings)} warnings)" if warnings else ""))
    return EXIT_OK


def _cmd_test(args: argparse.Namespace) -> int:
    try:
        import hypothesis  # noqa: F401 (only checking it is installed)
        import pytest
    except ImportError:
        print("cleantext test needs pytest and hypothesis: pip install 'cleantext-rules[test]'", file=sys.stderr)
        return EXIT_USAGE
    from .testing import ENV_BUILTIN, ENV_DIRS

    # Set before pytest imports the module: it reads them when it collects.
    os.environ[ENV_DIRS] = os.pathsep.join(str(Path(d).resolve()) for d in args.dirs)
    os.environ[ENV_BUILTIN] = "1" if args.builtin else "0"
    module = Path(__file__).resolve().parent / "pack_tests.py"
    return int(pytest.main(["-q", "-p", "no:cacheprovider", "--rootdir", str(module.parent), str(module)]))


if __name__ == "__main__":
    sys.exit(main())

"""The `cleantext` command.

Exit codes: 0 ok; 1 `--check` found documents that would change; 2 usage or
rule-file errors, or a name (--select, --ignore, --pack, --site, --rules) that
matches nothing; 3 some inputs or records were not cleaned (each named on stderr);
130 interrupted (Ctrl-C, SIGTERM, SIGHUP); 141 stdout was closed (`| head`), as for a tool
stopped by SIGPIPE.
"""
from __future__ import annotations

import argparse
import contextlib
import errno
import io
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .formats import DELIMITER_HELP, delimiter_option
from .io import BYTES_OR_ESCAPES
from .runner import EXIT_BROKEN_PIPE, EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from .wording import plural

if TYPE_CHECKING:
    from .engine import Cleaner


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = _parser()
    if argv and _looks_like_input(argv[0], parser):
        print(f"cleantext: {argv[0]!r} is not a command; to clean it, run: cleantext clean {shlex.join(argv)}",
              file=sys.stderr)
        return EXIT_USAGE
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    from .errors import InputError, RuleFileError

    try:
        _prepare_streams()
        status: int = args.run(args)
        sys.stdout.flush()  # inside the try: a reader gone before the last write is a closed pipe too
        return status
    except RuleFileError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except (InputError, ValueError) as exc:
        print(f"cleantext: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("cleantext: interrupted; files already written are complete, none is half-written",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as Unix tools do
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        if _stdout_works():
            raise
        print(f"cleantext: cannot write to stdout: {exc.strerror or exc}; its output is incomplete",
              file=sys.stderr)
        _silence_stdout()  # else the interpreter's own flush at exit fails again, with a traceback
        return EXIT_INPUT


def _stdout_works() -> bool:
    """False when standard output cannot take what is waiting for it (a full disk, a failing
    device, none at all): then the error that ended a command was that output's, not the
    command's own."""
    if getattr(sys.stdout, "lost", False):
        return False
    try:
        sys.stdout.flush()
    except OSError:
        return False
    return True


def _silence_stdout() -> None:
    with contextlib.suppress(OSError, ValueError):  # started without one: nothing to silence
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _jobs(value: str) -> int:
    """-j N: N worker processes, 0 for one per CPU; a negative number is a usage error
    (it used to mean one worker, silently)."""
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of workers") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"{jobs} workers: give 1 or more, or 0 for one per CPU")
    if jobs == 0:
        from .parallel import usable_cpus

        return usable_cpus()
    return jobs


def _language(value: str) -> str:
    from .lang import language_code

    try:
        return language_code(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _selection_options(p: argparse.ArgumentParser) -> None:
    """Which rules: for every command that loads packs."""
    p.add_argument("--rules", action="append", default=[], metavar="DIR",
                   help="extra rule file or folder (repeatable; also $CLEANTEXT_RULES)")
    p.add_argument("--no-builtin", action="store_true", help="use only --rules, not the built-in packs")
    p.add_argument("--select", action="append", default=[], metavar="ID",
                   help="only these rules (ids or globs such as 'chrome.*'; repeatable)")
    p.add_argument("--ignore", action="append", default=[], metavar="ID", help="skip these rules")
    p.add_argument("--preview", action="store_true", help="also run rules with status: preview")


def _input_options(p: argparse.ArgumentParser, output_formats: list[str] | None = None) -> None:
    """What to read and how to clean it: for clean and explain."""
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, globs, or - for stdin")
    p.add_argument("--site", help="the documents' site (a domain or URL): selects its site pack, and lets its "
                   "documents show the lines they repeat (site repetition)")
    p.add_argument("--lang", type=_language, help="the documents' language (en, de, pt-BR...); skips detection")
    formats = ["txt", "jsonl", "json", "csv", "tsv", "parquet"]
    p.add_argument("--format", choices=formats + [f for f in output_formats or [] if f not in formats],
                   help="input format (default: by name: .jsonl/.ndjson, .json, .csv, .tsv/.tab, .parquet, "
                   "also .gz/.zst); "
                   "the output keeps it" + ("; for explain, json prints one JSON object per change (a .json "
                                            "input is still read as JSON by its name)" if output_formats else ""))
    p.add_argument("--encoding", metavar="NAME",
                   help="text, CSV and TSV files are in this encoding (default: a byte-order mark's, else "
                        "UTF-8; a text file that is not UTF-8 is detected)")
    p.add_argument("--delimiter", type=delimiter_option, metavar="C",
                   help=DELIMITER_HELP)
    p.add_argument("--field", default="text", help="JSONL/JSON field or CSV/Parquet column holding the text "
                   "(default: text; a.b names field b inside object a)")
    p.add_argument("--url-field", default="url",
                   help="field or column holding the page URL (default: url; nested as --field)")
    p.add_argument("--lang-field", default="", metavar="NAME",
                   help="field or column holding each record's language (en, eng_Latn, de-AT...): skips "
                   "detection for it; a record without one takes --lang, else is detected")
    p.add_argument("-j", "--jobs", type=_jobs, default=1, metavar="N",
                   help="worker processes, at most one per CPU (0: one per CPU)")
    p.add_argument("--on-error", choices=["skip", "stop"], default="skip",
                   help="a bad file or record: report it, keep it and go on (default), or stop the run")
    p.add_argument("--body", action="store_true",
                   help="the input is whole-page text (menus, footers): keep only the article's region")
    p.add_argument("--style", default="official", choices=["official", "ap", "reuters", "bbc"],
                   help="spelling profile for names (default: official)")
    p.add_argument("--spin", choices=["fix", "flag", "off"], default="fix",
                   help="spun documents: fix (default) repairs them, flag only scores them, off does neither")
    _selection_options(p)


def _looks_like_input(word: str, parser: argparse.ArgumentParser) -> bool:
    """A first word that names an input rather than a command: `cleantext page.txt` is
    the commonest slip of a new user, and argparse's "invalid choice" does not say what to type."""
    if word.startswith("-") and word != "-":
        return False
    return word not in parser.get_default("commands") and (word == "-" or os.path.exists(word))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cleantext", description="Clean scraped news text with YAML rules.")
    parser.add_argument("--version", action="version", version=f"cleantext {__version__}")
    sub = parser.add_subparsers(metavar="COMMAND")

    p = sub.add_parser("clean", help="clean files, folders or stdin")
    _input_options(p)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("-o", "--output", metavar="OUT",
                      help="output file (its name must fit the input's format), folder for several inputs, "
                           "or - for stdout (the default for one input)")
    mode.add_argument("--in-place", action="store_true", help="rewrite changed files in place (atomically)")
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 if anything would change")
    mode.add_argument("--diff", action="store_true", help="write nothing; print a unified diff (for patch -p1)")
    p.add_argument("--skip-existing", action="store_true",
                   help="with -o FOLDER: leave inputs whose output exists and is newer than the input "
                        "(resume an interrupted run)")
    p.add_argument("--rejects", metavar="FILE",
                   help="records that cannot be cleaned (and the unreadable rest of a CSV or TSV whose quoting "
                        "breaks) go to this JSONL file instead of through to the output")
    p.add_argument("--meta-field", default="cleantext", metavar="NAME",
                   help="record output: add {spin_score, spun, lang, rules, guarded, spin_evidence} under this field "
                        "(default: cleantext; '' to add nothing)")
    talk = p.add_mutually_exclusive_group()
    talk.add_argument("-q", "--quiet", action="store_true", help="no summary, progress or notes on stderr")
    talk.add_argument("-v", "--verbose", action="store_true", help="a line per document on stderr")
    p.set_defaults(run=_cmd_clean)

    p = sub.add_parser("explain", help="list every change: file:line:col rule-id \"before\" -> \"after\"")
    _input_options(p, output_formats=["json"])
    p.add_argument("--json", action="store_true", help="one JSON object per change")
    p.add_argument("--html", metavar="FILE",
                   help="write a self-contained review page (struck-through removals, rule hits) instead")
    p.set_defaults(run=_cmd_explain, quiet=True, output=None, in_place=False, check=False, diff=False,
                   skip_existing=False, meta_field="", rejects=None)

    p = sub.add_parser("rules", help="list the rules")
    _selection_options(p)
    p.add_argument("--pack", help="only this pack")
    p.set_defaults(run=_cmd_rules)

    p = sub.add_parser("rule", help="why a rule exists, with its examples")
    p.add_argument("rule_id", metavar="ID")
    _selection_options(p)
    p.set_defaults(run=_cmd_rule)

    p = sub.add_parser("check", help="validate rule files; errors as file:line:col CODE message")
    p.add_argument("files", nargs="+", metavar="RULEFILE")
    p.set_defaults(run=_cmd_check)

    from .learn.options import add_parser as add_learn

    add_learn(sub)

    p = sub.add_parser("test", help="run the example and property tests on rule packs")
    p.add_argument("dirs", nargs="+", metavar="RULEDIR")
    p.add_argument("--builtin", action="store_true", help="test them together with the built-in packs")
    p.set_defaults(run=_cmd_test)
    parser.set_defaults(commands=frozenset(sub.choices))  # for _looks_like_input
    return parser


def _cleaner(args: argparse.Namespace) -> Cleaner:
    from .engine import Cleaner

    env = [d for d in os.environ.get("CLEANTEXT_RULES", "").split(os.pathsep) if d]
    _check_rules_locations(env, option="$CLEANTEXT_RULES: ")  # set long ago, maybe: say where it came from
    _check_rules_locations(args.rules)
    if getattr(args, "encoding", None):
        from .decode import check_encoding

        args.encoding = check_encoding(args.encoding)
    return Cleaner(rules=env + args.rules, style=getattr(args, "style", "official"), select=args.select,
                   ignore=args.ignore, preview=args.preview, builtin=not args.no_builtin,
                   spin=getattr(args, "spin", "fix"), find_body=getattr(args, "body", False))


def _check_rules_locations(locations: list[str], option: str = "--rules ") -> None:
    """--rules (or `check` / `test`'s arguments) must name a rule file or a folder holding
    some: an empty folder used to pass as "0 rules in 0 packs: OK"."""
    from .loader import RULE_SUFFIXES, rule_files
    from .selection import did_you_mean

    for location in locations:
        path = Path(location)
        if path.exists() and not rule_files(path):
            raise _usage(f"{option}{location}: no rule files ({', '.join(RULE_SUFFIXES)}) there")
        if not path.exists():
            parent = path.parent if path.parent.is_dir() else Path(".")
            nearby = [str(parent / p.name) if str(path.parent) != "." else p.name for p in parent.iterdir()]
            raise _usage(f"{option}{location}: no such file or folder{did_you_mean(location, nearby)}")


def _check_names(args: argparse.Namespace, cleaner: Cleaner) -> None:
    """--site must select a site pack, or feed site repetition: a typo or a URL there would
    silently select none."""
    site = getattr(args, "site", None)
    if not site:
        return
    from .selection import did_you_mean
    from .sites import site_name

    args.site = site_name(site) or site
    known = [s for pack in cleaner.site_packs for s in pack.sites]
    if not any(args.site == s or args.site.endswith("." + s) for s in known) and not cleaner.judges_sites:
        raise _usage(f"--site {site}: no site pack is for {args.site}{did_you_mean(args.site, known)}")


def _usage(message: str) -> Exception:
    from .errors import InputError

    return InputError(message)


def _cmd_clean(args: argparse.Namespace) -> int:
    from .runner import Run, interrupt_on_signals

    if args.rejects and (args.check or args.diff):
        raise _usage("--rejects needs an output: -o OUT, --in-place, or stdout")
    if args.output == "-":
        args.output = None  # "-o -" is standard output, as "-" is standard input
    if args.in_place and "-" in args.paths:
        raise _usage("--in-place rewrites files, and standard input (-) is not one: "
                     "give -o OUT, or leave the output on stdout")
    if args.skip_existing and not args.output:
        raise _usage("--skip-existing leaves inputs whose output exists: it needs -o OUT")
    for option in ("field", "url_field", "lang_field"):
        if args.meta_field and args.meta_field == getattr(args, option):
            raise _usage(f"--meta-field {args.meta_field} is also --{option.replace('_', '-')}: the metadata "
                         "would replace that field; name another with --meta-field, or '' for none")
    cleaner = _cleaner(args)
    _check_names(args, cleaner)
    interrupt_on_signals()
    return Run(args, cleaner).run()


def _cmd_explain(args: argparse.Namespace) -> int:
    from .runner import Run, interrupt_on_signals

    if args.format == "json":  # `explain --format json` names the output format
        args.json, args.format = True, None
    cleaner = _cleaner(args)
    _check_names(args, cleaner)
    interrupt_on_signals()
    return Run(args, cleaner, explain=True).run()


def _prepare_streams() -> None:
    """Standard output that loses nothing, and standard error that is there, for every command.

    Under PYTHONUNBUFFERED=1 (set in many container images) or `python -u`, sys.stdout
    writes straight to an unbuffered file, and its text layer ignores a short write: when
    a pipe's reader goes away in the middle of a large write, the rest of the output is
    dropped without an error and the run would end 0. A buffered writer retries short
    writes and raises BrokenPipeError, as it does without that setting. Bytes that are not
    UTF-8 in a record written through go out as the same bytes, and so do those of a file
    name in a message, spelt as `ls` spells it (io.BYTES_OR_ESCAPES).
    Started with a stream closed (`>&-`, `2>&-`, `<&-`), Python has None for it: messages
    then go nowhere, each output meant for standard output fails by name (`_ClosedStdout`),
    and so does reading `-` (`_ClosedStdin`). Messages also go nowhere once standard error
    fails (`_Messages`)."""
    if sys.stdin is None:
        sys.stdin = _ClosedStdin()
    if hasattr(sys.stderr, "reconfigure"):
        sys.stderr.reconfigure(errors=BYTES_OR_ESCAPES)
    if not isinstance(sys.stderr, _Messages):
        sys.stderr = _Messages(sys.stderr)
    out = sys.stdout
    if out is None:
        sys.stdout = _ClosedStdout()
    elif isinstance(out, io.TextIOWrapper) and isinstance(out.buffer, io.RawIOBase):
        raw = io.FileIO(out.fileno(), "wb", closefd=False)  # the original keeps fd 1 open
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(raw), encoding=out.encoding,
                                      errors=out.errors, line_buffering=out.line_buffering)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors=BYTES_OR_ESCAPES)


class _Messages:
    """Standard error that, once a write to it fails (a log on a full disk), takes messages
    nowhere: a message that cannot be shown must not stop the cleaning, and the exit code
    still tells. A run with `2>/dev/full` stopped at its first message, exit 1, its output
    not written."""

    def __init__(self, stream: Any):
        self._stream = stream if stream is not None else self._nowhere()

    @staticmethod
    def _nowhere() -> Any:
        return open(os.devnull, "w", encoding="utf-8")  # for the rest of the process

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except OSError:
            self._stream = self._nowhere()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError:
            self._stream = self._nowhere()

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding: the stream's own
        return getattr(self._stream, name)


class _ClosedStdout(io.TextIOBase):
    """sys.stdout for a process started without one: a write fails as a write to a closed
    descriptor does, so the run reports the output it could not write and exits 3."""

    lost = False  # something was meant for it

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.lost = True
        raise OSError(errno.EBADF, "standard output is closed")


class _ClosedStdin(io.TextIOBase):
    """sys.stdin for a process started without one: reading `-` fails as an unreadable
    input (exit 3), not with an AttributeError traceback."""

    def readable(self) -> bool:
        return True

    @property
    def buffer(self) -> io.BufferedReader:
        raise OSError("cannot read <stdin>: standard input is closed")


# ---------------------------------------------------------------------------
# rules, rule, check, test

def _cmd_rules(args: argparse.Namespace) -> int:
    from .engine import BUILTIN_STEPS
    from .selection import did_you_mean

    cleaner = _cleaner(args)
    rows = [(step, "built-in step", "stable", BUILTIN_STEPS[step]) for step in cleaner.steps]
    rows += [(rule.id, rule.kind, rule.status, rule.why) for rule in cleaner.all_rules]
    packs = {rule_id.rsplit(".", 1)[0] for rule_id, *_ in rows}
    if args.pack and args.pack not in packs:
        raise _usage(f"--pack {args.pack}: no such pack{did_you_mean(args.pack, packs)}")
    for rule_id, kind, status, why in rows:
        if not args.pack or rule_id.rsplit(".", 1)[0] == args.pack:
            print(f"{rule_id:<40} {kind:<16} {status:<10} {' '.join(why.split())[:90]}")
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
        from .selection import did_you_mean

        hint = did_you_mean(args.rule_id, [r.id for r in cleaner.all_rules] + list(BUILTIN_STEPS))
        print(f"cleantext: no rule {args.rule_id}{hint}", file=sys.stderr)
        return EXIT_USAGE
    print(_describe(rule))
    return EXIT_OK


LONG_SETTING = 300  # characters of a setting `cleantext rule` shows


def _describe(rule: Any) -> str:
    lines = [f"{rule.id}  ({rule.kind}, {rule.status})  {rule.path}:{rule.line}", "", " ".join(rule.why.split()), ""]
    from .kinds import kind_of

    settings = kind_of(rule).settings(rule)
    lines += [_setting(rule, k, v) for k, v in settings if v is not None]
    lines.append("\nExamples:")
    for ex in rule.examples:
        lines += [_indent("before", ex.before), _indent("after", ex.after), ""]
    lines.append("Counterexamples (unchanged):")
    lines += [_indent("-", text) for text in rule.counterexamples]
    return "\n".join(lines)


def _setting(rule: Any, key: str, value: Any) -> str:
    """One setting; a long one (a generated `unless` runs to kilobytes) cut, saying where it is whole."""
    text = str(value)
    if len(text) <= LONG_SETTING:
        return f"  {key}: {text}"
    return f"  {key}: {text[:LONG_SETTING]}... ({len(text):,} characters; whole at {rule.path}:{rule.place(key)[0]})"


def _indent(label: str, text: str) -> str:
    body = text.replace("\n", "\n" + " " * (len(label) + 4))
    return f"  {label}: {body}"


def _cmd_check(args: argparse.Namespace) -> int:
    from .errors import RuleFileError
    from .loader import load_packs

    try:
        _check_rules_locations(args.files, option="")
        packs = load_packs(args.files)
    except RuleFileError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    from .lint import lint

    warnings = lint([r for p in packs for r in p.rules])
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    count = sum(len(p.rules) for p in packs)
    print(f"{plural(count, 'rule')} in {plural(len(packs), 'pack')}: OK"
          + (f" ({plural(len(warnings), 'warning')})" if warnings else ""))
    return EXIT_OK


def _cmd_test(args: argparse.Namespace) -> int:
    """Runs the harness through pytest and prints one line per failing case, not pytest's report."""
    try:
        import hypothesis  # noqa: F401 (only checking it is installed)
        import pytest
    except ImportError:
        print("cleantext test needs pytest and hypothesis: pip install 'cleantext-rules[test]'", file=sys.stderr)
        return EXIT_USAGE
    from .errors import RuleFileError
    from .loader import load_packs
    from .testing import ENV_BUILTIN, ENV_DIRS

    try:  # a pack that does not load is a usage error (exit 2), as for check, not a failing test
        _check_rules_locations(args.dirs, option="")
        load_packs(args.dirs)
    except RuleFileError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    # Set before pytest imports the module: it reads them when it collects.
    os.environ[ENV_DIRS] = os.pathsep.join(str(Path(d).resolve()) for d in args.dirs)
    os.environ[ENV_BUILTIN] = "1" if args.builtin else "0"
    module = Path(__file__).resolve().parent / "pack_tests.py"
    collect = _TestOutcomes()
    report = io.StringIO()  # pytest's own report, shown only when nothing could run
    with contextlib.redirect_stdout(report), contextlib.redirect_stderr(report):
        code = pytest.main(["-q", "-p", "no:cacheprovider", "--assert=plain", "-o", "addopts=",
                            "--rootdir", str(module.parent), str(module)], plugins=[collect])
    for line in collect.failures:
        print(f"FAIL {line}")
    print(f"cleantext test: {collect.passed} passed, {len(collect.failures)} failed")
    if code not in (0, 1) and not collect.failures:
        print(report.getvalue()[-2000:], file=sys.stderr)
        return EXIT_USAGE  # nothing ran: the packs did not load
    return 1 if collect.failures else EXIT_OK


class _TestOutcomes:
    """A pytest plugin that keeps each failure's one-line message."""

    def __init__(self) -> None:
        self.passed = 0
        self.failures: list[str] = []

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.passed and report.when == "call":
            self.passed += 1
        elif report.failed:
            self.failures.append(_first_line(report))

    def pytest_collectreport(self, report: Any) -> None:
        if report.failed:
            self.failures.append(_first_line(report))


def _first_line(report: Any) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    message = crash.message if crash is not None else str(report.longrepr)
    if "XPASS" in message:  # a strict xfail: a known failure that now passes
        message = f"{report.nodeid.rsplit('::', 1)[-1]}: a known failure now passes: move it to examples"
    message = message.removeprefix("AssertionError: ")
    return message.splitlines()[0] if message else report.nodeid


if __name__ == "__main__":
    sys.exit(main())

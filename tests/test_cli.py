"""The CLI, run as a user runs it: a subprocess."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleantext import cli
from cleantext.parallel import usable_cpus

from .conftest import PACKS, write_pack

DEMO = ["--no-builtin", "--rules", str(PACKS / "demo.yml"), "--lang", "en"]
DIRTY = "Skip to content\n\nThe council met in Kiev on Monday to vote.\n"
CLEAN = "The council met in Kyiv on Monday to vote.\n"


ROOT = Path(__file__).resolve().parent.parent
# This checkout, from any folder; colour as a terminal would get it unless a test says otherwise.
ENV = {**{k: v for k, v in os.environ.items() if k != "NO_COLOR"}, "CLEANTEXT_RULES": "", "PYTHONPATH": str(ROOT)}


def run(*args: str, stdin: str | bytes = b"", cwd: Path | None = None) -> subprocess.CompletedProcess:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    env = ENV
    return subprocess.run([sys.executable, "-m", "cleantext", *args], input=data, capture_output=True,
                          cwd=cwd, env=env, timeout=120)


def test_dash_output_is_stdout(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text(DIRTY, encoding="utf-8")
    out = run("clean", str(src), "-o", "-", *DEMO, cwd=tmp_path)
    assert out.returncode == 0 and out.stdout.decode() == CLEAN
    assert not (tmp_path / "-").exists()


def test_version():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.decode().startswith("cleantext ")


def test_parser_does_not_load_the_engine():
    """`--version` and `--help` build the whole parser; that must not import the engine, ftfy or
    the rules (a quarter of a second when `learn`'s options imported its command)."""
    probe = ("import sys; from cleantext.cli import _parser; _parser(); "
             "print(sorted(m for m in ('cleantext.engine', 'ftfy', 'cleantext.learn.command') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, env=ENV, timeout=120)
    assert out.returncode == 0 and out.stdout.decode().strip() == "[]", out.stderr.decode()


def test_an_input_given_without_a_command_gets_the_command_to_type(tmp_path):
    (tmp_path / "page.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "clean").mkdir()  # a folder named like a command is still the command
    out = run("page.txt", "-o", "out dir", cwd=tmp_path)
    assert out.returncode == 2
    assert "run: cleantext clean page.txt -o 'out dir'" in out.stderr.decode()
    assert run("clean", "page.txt", *DEMO, cwd=tmp_path).stdout.decode() == CLEAN


def test_skip_existing_cleans_again_an_input_changed_after_its_output(tmp_path):
    for name in ("old.txt", "new.txt"):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / name).write_text(DIRTY, encoding="utf-8")
        (tmp_path / "out").mkdir(exist_ok=True)
        (tmp_path / "out" / name).write_text("stale\n", encoding="utf-8")
    os.utime(tmp_path / "in" / "old.txt", ns=(10**18, 10**18))  # the output was written after the input
    os.utime(tmp_path / "out" / "new.txt", ns=(10**18, 10**18))  # the input changed after its output
    out = run("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--skip-existing", *DEMO)
    assert out.returncode == 0 and "1 skipped (output up to date)" in out.stderr.decode()
    assert (tmp_path / "out" / "old.txt").read_text() == "stale\n"
    assert (tmp_path / "out" / "new.txt").read_text() == CLEAN


def test_stdin_to_stdout():
    out = run("clean", "-", *DEMO, stdin=DIRTY)
    assert out.returncode == 0 and out.stdout.decode() == CLEAN
    assert "1 read, 1 changed" in out.stderr.decode()


def test_folder_to_output_folder_keeps_relative_paths(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(DIRTY)
    (src / "sub" / "b.txt").write_text(CLEAN)
    out = run("clean", str(src), "-o", str(tmp_path / "out"), *DEMO)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "out" / "a.txt").read_text() == CLEAN
    assert (tmp_path / "out" / "sub" / "b.txt").read_text() == CLEAN
    assert "2 read, 1 changed, 1 unchanged, 0 passed through, 0 failed" in out.stderr.decode()


def test_several_inputs_need_an_output_mode(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(DIRTY)
    out = run("clean", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), *DEMO)
    assert out.returncode == 2 and "-o OUT" in out.stderr.decode()


def test_glob_and_single_file_output(tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY)
    out = run("clean", str(tmp_path / "*.txt"), "-o", str(tmp_path / "a.clean.txt"), *DEMO)
    assert out.returncode == 0 and (tmp_path / "a.clean.txt").read_text() == CLEAN


def test_check_exits_1_and_writes_nothing(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DIRTY)
    out = run("clean", "--check", str(path), *DEMO)
    assert out.returncode == 1 and path.read_text() == DIRTY and "would change" in out.stderr.decode()
    path.write_text(CLEAN)
    assert run("clean", "--check", str(path), *DEMO).returncode == 0


# A file name that is not UTF-8 came out as Python's escape in messages (caf\udce9.txt) and
# as its own bytes in explain's output: two spellings, neither one a user could paste.
def test_a_file_name_that_is_not_utf8_is_spelt_alike_in_messages_and_output(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.txt")
    (folder / name).write_text(DIRTY, encoding="utf-8")
    check = run("clean", "--check", str(folder), *DEMO)
    assert check.returncode == 1 and b"would change: " + os.fsencode(folder / name) + b"\n" in check.stderr
    explain = run("explain", str(folder), *DEMO)
    assert os.fsencode(folder / name) + b":" in explain.stdout and b"\\udce9" not in explain.stdout + check.stderr


# A record whose text holds a lone surrogate (a JSON escape) stopped `explain` with exit 2:
# "'utf-8' codec can't encode character '\ud800'", the change ftfy makes being printed.
def test_explain_prints_a_lone_surrogate_as_its_escape(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": "A lone \ud800 here."}) + "\n", encoding="utf-8")
    out = run("explain", str(path), "--no-builtin")
    assert out.returncode == 0, out.stderr
    assert b'unicode.ftfy "\\ud800" -> "\xef\xbf\xbd"' in out.stdout
    as_json = run("explain", str(path), "--no-builtin", "--json")
    assert json.loads(as_json.stdout.decode("utf-8").splitlines()[0])["before"] == "\ud800"


# Where ftfy does not run, the cleaned text keeps a lone surrogate, and writing the output
# file failed the run (exit 2, a message naming no file), the file not written.
def test_a_lone_surrogate_left_in_a_record_is_written_as_its_json_escape(tmp_path):
    path, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    path.write_text(json.dumps({"text": "A lone \ud800 in Kiev."}) + "\n", encoding="utf-8")
    out = run("clean", str(path), "-o", str(output), "--meta-field", "", *DEMO, "--ignore", "unicode.ftfy")
    assert out.returncode == 0, out.stderr
    assert json.loads(output.read_text(encoding="utf-8")) == {"text": "A lone \ud800 in Kyiv."}


def test_diff(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DIRTY)
    out = run("clean", "--diff", str(path), *DEMO)
    assert out.returncode == 0 and "-Skip to content" in out.stdout.decode() and "+The council met in Kyiv" in out.stdout.decode()


def test_in_place_rewrites_only_changed_files(tmp_path):
    dirty, clean = tmp_path / "a.txt", tmp_path / "b.txt"
    dirty.write_text(DIRTY)
    clean.write_text(CLEAN)
    before = clean.stat().st_mtime_ns
    out = run("clean", "--in-place", str(tmp_path), *DEMO)
    assert out.returncode == 0 and dirty.read_text() == CLEAN and clean.stat().st_mtime_ns == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_jsonl_keeps_other_fields_and_reports_bad_records(tmp_path):
    path = tmp_path / "docs.jsonl"
    rows = [{"id": 1, "text": DIRTY, "url": "https://x.org/a"}, {"id": 2, "body": "no text field"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken\n")
    out = run("clean", str(path), "-o", str(tmp_path / "out.jsonl"), *DEMO)
    assert out.returncode == 3, out.stderr  # two records were not cleaned
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert lines[1:] == [json.dumps(rows[1]), "{broken"]  # written through as they were
    got = json.loads(lines[0])
    meta = got.pop("cleantext")
    assert got == {"id": 1, "text": CLEAN, "url": "https://x.org/a"}
    assert meta.pop("spin_score") is None  # the demo pack has spinner rules, but none of their patterns occurs
    assert meta == {"spun": False, "lang": "en", "rules": ["demo.kyiv", "demo.skip", "tidy.blank-lines"],
                    "guarded": False, "spin_evidence": None}
    err = out.stderr.decode()
    assert f"{path}:2: field `text` is missing; passed through unchanged" in err and f"{path}:3:" in err
    assert "3 read, 1 changed, 0 unchanged, 2 passed through, 0 failed" in err


def test_jsonl_from_stdin_with_field(tmp_path):
    out = run("clean", "-", "--format", "jsonl", "--field", "body", "--meta-field", "", *DEMO,
              stdin=json.dumps({"body": DIRTY}) + "\n")
    assert json.loads(out.stdout) == {"body": CLEAN}


def test_binary_and_legacy_encodings(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "latin.txt").write_bytes("Skip to content\n\nThe caf\u00e9 in Kiev opened on Monday for the whole town.\n".encode("cp1252"))
    (tmp_path / "empty.txt").write_bytes(b"")
    out = run("clean", str(tmp_path), "-o", str(tmp_path / "out"), *DEMO)
    err = out.stderr.decode()
    assert out.returncode == 3 and "bin.txt: looks binary" in err
    assert not (tmp_path / "out" / "bin.txt").exists()
    assert (tmp_path / "out" / "latin.txt").read_text() == "The caf\u00e9 in Kyiv opened on Monday for the whole town.\n"
    assert (tmp_path / "out" / "empty.txt").read_text() == ""


def test_parallel_output_matches_serial(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(30):
        (src / f"{i:02}.txt").write_text(DIRTY.replace("Monday", f"day {i}"))
    assert run("clean", str(src), "-o", str(tmp_path / "one"), *DEMO).returncode == 0
    assert run("clean", str(src), "-o", str(tmp_path / "two"), "-j", "2", *DEMO).returncode == 0
    for i in range(30):
        assert (tmp_path / "one" / f"{i:02}.txt").read_text() == (tmp_path / "two" / f"{i:02}.txt").read_text()


def test_explain_lines_name_file_line_col_rule(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DIRTY)
    out = run("explain", str(path), *DEMO)
    lines = out.stdout.decode().splitlines()
    assert f'{path}:1:1 demo.skip "Skip to content\\n" -> ""' in lines
    assert f'{path}:3:20 demo.kyiv "Kiev" -> "Kyiv"' in lines
    as_json = [json.loads(x) for x in run("explain", "--json", str(path), *DEMO).stdout.decode().splitlines()]
    assert run("explain", "--format", "json", str(path), *DEMO).stdout.decode().splitlines() == \
        run("explain", "--json", str(path), *DEMO).stdout.decode().splitlines()
    assert {"file": str(path), "line": 3, "col": 20, "rule": "demo.kyiv", "before": "Kiev", "after": "Kyiv"} in as_json


def test_rules_and_rule():
    listing = run("rules", "--no-builtin", "--rules", str(PACKS / "demo.yml")).stdout.decode()
    assert "demo.kyiv" in listing and "name" in listing
    shown = run("rule", "demo.kyiv", "--no-builtin", "--rules", str(PACKS / "demo.yml")).stdout.decode()
    assert "City name." in shown and "Chicken Kiev" in shown and "Examples:" in shown
    missing = run("rule", "demo.kyv", "--no-builtin", "--rules", str(PACKS / "demo.yml"))
    assert missing.returncode == 2 and "did you mean demo.kyiv" in missing.stderr.decode()
    assert "ftfy" in run("rule", "unicode.ftfy").stdout.decode()


def test_rule_cuts_a_long_setting_and_says_where_it_is_whole(tmp_path):
    # `cleantext rule names.kyiv` printed its generated `unless`, 2,889 characters, on one line.
    pattern = "(?:" + "|".join(f"word{k}" for k in range(200)) + ")"
    pack = write_pack(tmp_path, f"""rules:
  - id: long
    kind: substitute
    why: Long guard.
    swap: {{Kiev: Kyiv}}
    unless:
      - '{pattern}'
    examples: [{{before: Kiev, after: Kyiv}}]
    counterexamples: [Kyiv]
""")
    shown = run("rule", "user.long", "--no-builtin", "--rules", str(pack)).stdout.decode()
    line = next(n for n, text in enumerate(pack.read_text().splitlines(), 1) if "unless:" in text) + 1
    assert f"{len(pattern) + 4:,} characters; whole at {pack}:{line})" in shown  # ['...']
    assert max(map(len, shown.splitlines())) < cli.LONG_SETTING + len(str(pack)) + 80 and "Examples:" in shown


def test_check_reports_file_line_col_and_exits_2(tmp_path):
    bad = write_pack(tmp_path, "rules:\n  - id: x\n    kind: drop_line\n    wher: head\n")
    out = run("check", str(bad))
    assert out.returncode == 2
    assert f"{bad}:4:5 CT004 unknown `drop_line` rule key `wher`; did you mean `where`?" in out.stderr.decode()
    assert run("check", str(PACKS / "demo.yml")).returncode == 0


def test_a_broken_user_pack_stops_clean_with_exit_2(tmp_path):
    bad = write_pack(tmp_path, "rules:\n  - id: x\n    kind: nope\n")
    out = run("clean", "-", "--rules", str(bad), stdin="text")
    assert out.returncode == 2 and f"{bad}:3:11 CT007" in out.stderr.decode()


# A rule whose own example is wrong: it expects "the colours" where the swap gives "the color".
WRONG_EXAMPLE_RULE = """\
  - id: wrong
    kind: substitute
    swap: {colour: color}
    why: t
    examples: [{before: "the colour", after: "the colours"}]
    counterexamples: ["colourful"]
"""


def test_cleantext_test_runs_the_harness_on_a_user_pack(tmp_path):
    good = run("test", str(PACKS))
    assert good.returncode == 0, good.stdout.decode()[-2000:]
    assert " passed" in good.stdout.decode()
    broken = write_pack(tmp_path, "rules:\n" + WRONG_EXAMPLE_RULE)
    bad = run("test", str(broken.parent))
    assert bad.returncode == 1 and "user.wrong" in bad.stdout.decode()


# A failing example or counterexample was located at its rule's line: with several
# examples, only the quoted text said which one failed.
def test_cleantext_test_locates_each_failure_at_its_example(tmp_path):
    pack = write_pack(tmp_path, """pack: user
rules:
  - id: promo
    kind: drop_line
    match: "^Subscribe to our newsletter"
    why: t
    examples:
      - before: "One line of text that stays.\\nTwo lines of it.\\nSubscribe to our newsletter\\n"
        after: "One line of text that stays.\\nTwo lines of it.\\n"
      - {before: "One line of text.\\nSubscribe now\\n", after: "One line of text.\\n"}
    counterexamples:
      - "We asked readers to subscribe."
      - "Subscribe to our newsletter, she said, was the worst line.\\nOf all the lines she wrote.\\n"
""")
    out = run("test", str(pack.parent))
    failing = [line for line in out.stdout.decode().splitlines() if line.startswith("FAIL ")]
    assert out.returncode == 1 and failing
    examples = [f for f in failing if " example" in f]
    assert examples and all(f"{pack}:10) example" in f for f in examples), failing  # the second one
    assert any(f"{pack}:13) counterexample" in f for f in failing), failing  # the second one
    assert not any(f"{pack}:3)" in f for f in failing), failing  # nothing at the rule's own line


LINE_BREAK_EXAMPLE_RULE = """\
  - id: promo
    kind: drop_line
    match: "^Subscribe to our newsletter$"
    why: t
    examples: [{before: "The story ends here.\\nSubscribe to our newsletter\\n", after: "The story ends here.\\n"}]
    counterexamples: ["You can subscribe to our newsletter below.\\n"]
"""


def test_an_example_ending_in_a_line_break_holds_among_other_paragraphs(tmp_path):
    # The harness put one more line break after it, and the blank lines that removing a line
    # leaves were shortened by the tidy step: a right rule failed `cleantext test`.
    pack = write_pack(tmp_path, "rules:\n" + LINE_BREAK_EXAMPLE_RULE)
    out = run("test", str(pack.parent))
    assert out.returncode == 0, out.stdout.decode()[-2000:]


# -- conventional behaviour (issue 19: 4, 7, 8, 9, 11, 12, 13) -----------------

def test_diff_applies_with_patch_and_git_apply_when_the_last_line_has_no_newline(tmp_path):
    import shutil

    work = tmp_path / "work"
    work.mkdir()
    (work / "a.txt").write_text("Skip to content\n\nThe council met in Kiev")  # no final newline
    (work / "b.txt").write_text(DIRTY)
    diff = run("clean", "--diff", "a.txt", "b.txt", *DEMO, cwd=work).stdout
    assert b"\\ No newline at end of file\n" in diff
    for tool in (["patch", "-p1", "--dry-run"], ["git", "apply", "--check"]):
        if shutil.which(tool[0]) is None:
            continue
        checked = subprocess.run(tool, input=diff, cwd=work, capture_output=True)
        assert checked.returncode == 0, (tool, checked.stdout, checked.stderr)
    subprocess.run(["patch", "-p1", "--quiet"], input=diff, cwd=work, check=True)
    assert (work / "a.txt").read_text() == "The council met in Kyiv" and (work / "b.txt").read_text() == CLEAN


def test_names_that_match_nothing_are_errors_with_a_suggestion(tmp_path):
    from cleantext import Cleaner

    for option in ("--select", "--ignore"):
        out = run("clean", "-", option, "dem.kyv", *DEMO, stdin=DIRTY)
        assert out.returncode == 2 and "did you mean demo.kyiv" in out.stderr.decode(), out.stderr
    assert run("clean", "-", "--select", "demo.ky*", *DEMO, stdin=DIRTY).returncode == 0
    glob = run("clean", "-", "--select", "dmeo.*", *DEMO, stdin=DIRTY)
    assert glob.returncode == 2 and "did you mean demo.*" in glob.stderr.decode(), glob.stderr
    try:
        Cleaner(rules=[PACKS / "demo.yml"], builtin=False, select=["nonexistent"])
    except ValueError as exc:
        assert "nonexistent" in str(exc)
    else:
        raise AssertionError("Cleaner(select=[...]) matching no rule was accepted")
    listing = run("rules", "--no-builtin", "--rules", str(PACKS / "demo.yml"), "--pack", "dmeo")
    assert listing.returncode == 2 and "did you mean demo" in listing.stderr.decode()
    missing = run("clean", "-", "--no-builtin", "--rules", str(tmp_path / "nope"), stdin=DIRTY)
    assert missing.returncode == 2 and "nope" in missing.stderr.decode()


def test_site_given_as_a_url_selects_its_pack_and_an_unknown_site_is_an_error(tmp_path):
    write_pack(tmp_path, """
site: example.com
rules:
  - id: promo
    kind: drop_line
    lines: ["Get the Example News app"]
    where: tail
    within: 3
    why: App banner.
    examples:
      - before: "The council met on Monday and approved the budget for schools.\\n\\nGet the Example News app"
        after: "The council met on Monday and approved the budget for schools."
    counterexamples: ["Get the Example News app, she said, to read it."]
""", name="sites/example.com.yml")
    text = "The council met on Monday and approved the budget for schools.\n\nGet the Example News app\n"
    opts = ["--no-builtin", "--rules", str(tmp_path), "--lang", "en"]
    url = run("clean", "-", "--site", "https://www.example.com/x", *opts, stdin=text)
    assert url.returncode == 0 and url.stdout.decode() == text.split("\n\n")[0] + "\n", url.stderr
    typo = run("clean", "-", "--site", "exmaple.com", *opts, stdin=text)
    assert typo.returncode == 2 and "did you mean example.com" in typo.stderr.decode()
    # `rule` showed a site pack's rule, but a misspelt id was matched against the others only.
    shown = run("rule", "example.com.promo", "--no-builtin", "--rules", str(tmp_path))
    assert shown.returncode == 0 and "App banner." in shown.stdout.decode()
    near = run("rule", "example.com.promos", "--no-builtin", "--rules", str(tmp_path))
    assert near.returncode == 2 and "did you mean example.com.promo?" in near.stderr.decode()


def test_output_name_must_fit_the_input_format_and_several_inputs_need_a_folder(tmp_path):
    (tmp_path / "in.jsonl").write_text(json.dumps({"text": DIRTY}) + "\n")
    wrong = run("clean", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.parquet"), *DEMO)
    assert wrong.returncode == 2 and "JSONL" in wrong.stderr.decode() and not (tmp_path / "out.parquet").exists()
    disagree = run("clean", str(tmp_path / "in.jsonl"), "--format", "csv", "-o", str(tmp_path / "o.jsonl"), *DEMO)
    assert disagree.returncode == 2 and not (tmp_path / "o.jsonl").exists()
    assert run("clean", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl"), *DEMO).returncode == 0
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(DIRTY)
    several = run("clean", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(tmp_path / "x.txt"), *DEMO)
    assert several.returncode == 2 and "folder" in several.stderr.decode() and not (tmp_path / "x.txt").exists()


def test_short_western_text_in_cp1252_and_the_encoding_option(tmp_path):
    from cleantext.decode import decode

    assert decode("A na\u00efve idea.\n".encode("cp1252"), "x")[0] == "A na\u00efve idea.\n"
    czech = "P\u0159\u00edli\u0161 \u017elu\u0165ou\u010dk\u00fd k\u016f\u0148 \u00fap\u011bl \u010f\u00e1belsk\u00e9 \u00f3dy.\n"
    assert decode(czech.encode("cp1250"), "x")[0] == czech
    path = tmp_path / "short.txt"
    path.write_bytes("D\u011bkuji v\u00e1m.\n".encode("cp1250"))
    out = run("clean", str(path), "--encoding", "cp1250", *DEMO)
    assert out.returncode == 0 and out.stdout.decode() == "D\u011bkuji v\u00e1m.\n"
    assert run("clean", str(path), "--encoding", "no-such-codec", *DEMO).returncode == 2


def test_explain_reports_a_removed_line_at_its_own_line_and_records_the_same_in_text_and_json(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The council met on Monday to vote.\n\nSource: Read Full Article\n")
    lines = run("explain", str(path), *DEMO).stdout.decode().splitlines()
    assert any(line.startswith(f"{path}:3:1 demo.tail-source ") for line in lines), lines
    records = tmp_path / "in.jsonl"
    records.write_text(json.dumps({"text": "x"}) + "\n" + json.dumps({"text": DIRTY}) + "\n")
    text = run("explain", str(records), *DEMO).stdout.decode().splitlines()
    assert f'{records}:2:3:20 demo.kyiv "Kiev" -> "Kyiv"' in text
    as_json = [json.loads(x) for x in run("explain", "--json", str(records), *DEMO).stdout.decode().splitlines()]
    assert {"file": str(records), "record": 2, "line": 3, "col": 20, "rule": "demo.kyiv", "before": "Kiev",
            "after": "Kyiv"} in as_json


def test_help_and_messages_say_what_is_meant(tmp_path):
    assert "CSV" in run("clean", "--help").stdout.decode().split("\n  --field", 1)[1].split("\n  -", 1)[0]
    assert "--meta-field" not in run("explain", "--help").stdout.decode()
    rule_help = run("rule", "--help").stdout.decode()
    assert "--style" not in rule_help and "--spin" not in rule_help
    one = write_pack(tmp_path, "rules:\n  - id: x\n    kind: substitute\n    swap: {colour: color}\n    why: t\n"
                               "    examples: [{before: colour, after: color}]\n    counterexamples: [colourful]\n")
    assert run("check", str(one)).stdout.decode().startswith("1 rule in 1 pack: OK")
    path = tmp_path / "a.txt"
    path.write_text(DIRTY)
    quiet = run("clean", "--check", "-q", str(path), *DEMO)
    assert quiet.returncode == 1 and quiet.stderr == b""


def test_verbose_names_each_document_and_progress_stays_off_without_a_terminal(tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(DIRTY if i else CLEAN)
    out = run("clean", "--check", "-v", str(tmp_path), *DEMO)
    err = out.stderr.decode()
    assert f"{tmp_path / '0.txt'}: unchanged" in err and f"{tmp_path / '1.txt'}: changed (" in err
    assert "\r" not in err and "it/s" not in err and "file/s" not in err


def _on_a_terminal(*args: str, env: dict | None = None) -> tuple[bytes, bytes]:
    """Run the CLI with stdout and stderr on pseudo-terminals; what each showed."""
    import pty
    import threading

    mains, children = zip(pty.openpty(), pty.openpty())
    shown: dict[int, list[bytes]] = {fd: [] for fd in mains}

    def drain(fd: int) -> None:
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the terminal's other side closed
                return
            if not chunk:
                return
            shown[fd].append(chunk)

    proc = subprocess.Popen([sys.executable, "-m", "cleantext", *args], stdout=children[0], stderr=children[1],
                            stdin=subprocess.DEVNULL, env={**ENV, **(env or {})})
    for fd in children:
        os.close(fd)
    readers = [threading.Thread(target=drain, args=(fd,)) for fd in mains]
    for reader in readers:
        reader.start()
    proc.wait(timeout=120)
    for reader in readers:
        reader.join(timeout=10)
    for fd in mains:
        os.close(fd)
    return b"".join(shown[mains[0]]), b"".join(shown[mains[1]])


def test_progress_and_colour_on_a_terminal_and_never_with_no_color(tmp_path):
    for i in range(40):
        (tmp_path / f"{i:02}.txt").write_text(DIRTY * 200)
    _, err = _on_a_terminal("clean", "--check", str(tmp_path), *DEMO)
    assert b"/40" in err and b"%" in err and b"file/s" in err, err[-500:]
    diff, _ = _on_a_terminal("clean", "--diff", str(tmp_path / "00.txt"), *DEMO)
    assert b"\x1b[31m-Skip to content" in diff
    plain, _ = _on_a_terminal("clean", "--diff", str(tmp_path / "00.txt"), *DEMO, env={"NO_COLOR": "1"})
    assert b"\x1b[" not in plain and b"-Skip to content" in plain


def test_cleantext_test_prints_one_line_per_failing_case_and_names_the_guard(tmp_path):
    broken = write_pack(tmp_path, "rules:\n" + WRONG_EXAMPLE_RULE + """\
  - id: greedy
    kind: drop_line
    lines: ["Subscribe to our newsletter today"]
    why: t
    examples: [{before: "Subscribe to our newsletter today\\n\\nOk.", after: "Ok."}]
    counterexamples: ["We subscribe."]
""")
    out = run("test", str(broken.parent))
    text = out.stdout.decode() + out.stderr.decode()
    assert out.returncode == 1
    assert "=====" not in text and "PytestAssertRewriteWarning" not in text and "Traceback" not in text
    failing = [line for line in text.splitlines() if line.startswith("FAIL ")]
    assert any("user.wrong" in f and "expected 'the colours'" in f and "got 'the color'" in f for f in failing)
    greedy = [f for f in failing if "user.greedy" in f]
    assert greedy and all("guard" in f for f in greedy), greedy  # embedded cases too
    assert any("among other paragraphs" in f for f in greedy), greedy
    assert len(text.splitlines()) <= len(failing) + 2


def test_check_says_which_rules_are_deprecated(tmp_path):
    from .test_engine import DEPRECATED_PACK

    path = write_pack(tmp_path, DEPRECATED_PACK)
    out = run("check", str(path))
    assert out.returncode == 0, out.stderr
    assert "user.old-promo" in out.stderr.decode() and "deprecated" in out.stderr.decode()


def test_jobs_zero_is_one_per_cpu_and_a_negative_count_is_a_usage_error(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(DIRTY)
    assert cli._jobs("0") == usable_cpus() and cli._jobs("3") == 3
    done = run("clean", str(src), "-j", "0", *DEMO)
    assert done.returncode == 0 and done.stdout.decode() == CLEAN
    bad = run("clean", str(src), "-j", "-2", *DEMO)
    assert bad.returncode == 2 and "-2 workers: give 1 or more, or 0 for one per CPU" in bad.stderr.decode()


# -j 64 on 2 CPUs started 64 workers, which took 4.6 times as long as 2.
def test_more_jobs_than_cpus_run_one_worker_per_cpu(tmp_path):
    src = tmp_path / "docs.jsonl"
    src.write_text("".join(json.dumps({"text": DIRTY}) + "\n" for _ in range(3)))
    many = usable_cpus() + 1
    done = run("clean", str(src), "-j", str(many), "--meta-field", "", *DEMO)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["text"] for line in done.stdout.decode().splitlines()] == [CLEAN] * 3
    assert f"note: -j {many}: {usable_cpus()} CPU" in done.stderr.decode()
    assert "note" not in run("clean", str(src), "-j", str(many), "-q", *DEMO).stderr.decode()


# Both used to be ignored: --in-place on stdin wrote to stdout, exit 0, and --skip-existing
# without -o cleaned everything again.
@pytest.mark.parametrize(("options", "message"), [
    (["-", "--in-place"], "--in-place rewrites files, and standard input (-) is not one"),
    (["a.txt", "--skip-existing"], "--skip-existing leaves inputs whose output exists: it needs -o OUT"),
    (["a.txt", "--skip-existing", "-o", "-"], "--skip-existing leaves inputs whose output exists"),
])
def test_options_that_cannot_apply_are_usage_errors(tmp_path, options, message):
    (tmp_path / "a.txt").write_text(DIRTY)
    out = run("clean", *options, *DEMO, stdin=DIRTY, cwd=tmp_path)
    assert out.returncode == 2 and message in out.stderr.decode() and out.stdout == b""


# A --rejects or --html path that could not be written was found only after all the work, with
# a traceback; a folder there left the rejected records in a hidden temporary file, exit 1.
@pytest.mark.parametrize(("command", "option"), [("clean", "--rejects"), ("explain", "--html")])
@pytest.mark.parametrize(("target", "message"), [("folder", "is a folder: name a file"),
                                                 ("a-file/side.out", "cannot write")])
def test_a_side_file_that_cannot_be_written_stops_the_run_before_it_starts(tmp_path, command, option,
                                                                           target, message):
    (tmp_path / "folder").mkdir()
    (tmp_path / "a-file").write_text("not a folder")
    (tmp_path / "a.txt").write_text(DIRTY)
    out = run(command, "a.txt", option, target, *DEMO, cwd=tmp_path)
    err = out.stderr.decode()
    said = (f"cleantext: {option} {target} {message}", f"cleantext: {message} {option} {target}: ")
    assert out.returncode == 2 and any(s in err for s in said), err
    assert "a-file is a file, not a folder" in err or target == "folder", err  # not mkdir's "File exists"
    assert "Traceback" not in err and out.stdout == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "a.txt", "folder"]  # no temporary file
    assert not any((tmp_path / "folder").iterdir())


def test_an_html_report_naming_an_input_is_refused(tmp_path):
    # explain a.txt --html a.txt used to replace the article with the report, exit 0.
    (tmp_path / "a.txt").write_text(DIRTY)
    out = run("explain", "a.txt", "--html", "a.txt", *DEMO, cwd=tmp_path)
    assert out.returncode == 2 and "--html a.txt is one of the inputs" in out.stderr.decode()
    assert (tmp_path / "a.txt").read_text() == DIRTY


@pytest.mark.parametrize(("command", "option"), [("clean", "--rejects"), ("explain", "--html")])
def test_a_side_file_that_cannot_be_put_in_place_says_where_its_content_is(tmp_path, monkeypatch, capsys,
                                                                          command, option):
    src, side = tmp_path / "docs.jsonl", tmp_path / "side.out"
    src.write_text('{"text": 5}\n' + json.dumps({"text": DIRTY}) + "\n")
    replace = os.replace

    def disk_full(tmp: str, target: str) -> None:
        if Path(target) == side:
            raise OSError(28, "No space left on device")
        replace(tmp, target)

    monkeypatch.setattr(os, "replace", disk_full)
    output = ["-o", str(tmp_path / "out.jsonl")] if command == "clean" else []
    assert cli.main([command, str(src), *output, option, str(side), *DEMO]) == 3
    err = capsys.readouterr().err
    kept = [p for p in tmp_path.iterdir() if p.name.startswith(".side.out.")]
    assert len(kept) == 1 and f"cannot write {option} {side}: No space left on device" in err, err
    content = kept[0].read_text()
    assert f"kept in {kept[0]}" in err
    assert json.loads(content)["raw"] == '{"text": 5}' if option == "--rejects" else "<html" in content


def test_lang_takes_a_tag_with_a_region_and_refuses_what_is_not_one():
    assert run("clean", "-", "--lang", "en-GB", *DEMO[:3], stdin=DIRTY).stdout.decode() == CLEAN
    bad = run("clean", "-", "--lang", "english", *DEMO[:3], stdin=DIRTY)
    assert bad.returncode == 2 and "lang 'english' is not a language code" in bad.stderr.decode()
    assert bad.stdout == b""


# `check` of an empty folder said "0 rules in 0 packs: OK" (exit 0); `test` of a missing path,
# an empty folder or a pack that does not load printed "FAIL RuntimeError: ..." with exit 1,
# as if a rule had failed its examples.
@pytest.mark.parametrize("command", ["check", "test"])
@pytest.mark.parametrize(("make", "said"), [
    ("empty", "empty: no rule files (.yml, .yaml) there"),
    ("missing", "missing: no such file or folder"),
    ("broken", "broken/pack.yml:3:5 CT010 duplicate key `id`"),
])
def test_check_and_test_refuse_a_location_without_loadable_rules(tmp_path, command, make, said):
    if make != "missing":
        (tmp_path / make).mkdir()
    if make == "broken":
        (tmp_path / "broken" / "pack.yml").write_text("rules:\n  - id: a\n    id: b\n")
    out = run(command, make, cwd=tmp_path)
    err = out.stderr.decode()
    assert out.returncode == 2 and said in err and "FAIL" not in out.stdout.decode(), (out.stdout, err)


# An empty folder (or one of hidden files only) was "0 read ... failed" with exit 0, and
# without -o "several inputs: give -o OUT": a wrong path went unnoticed, unlike a glob that
# matches nothing.
@pytest.mark.parametrize("output", [[], ["-o", "out"]])
def test_a_folder_without_files_is_an_input_error_like_a_glob_that_matches_nothing(tmp_path, output):
    (tmp_path / "crawl").mkdir()
    (tmp_path / "crawl" / ".hidden.txt").write_text(DIRTY)
    for path, said in (("crawl", "crawl: no files in this folder"), ("nomatch*.txt", "nomatch*.txt: no files match")):
        out = run("clean", path, *output, *DEMO, cwd=tmp_path)
        assert out.returncode == 2 and said in out.stderr.decode(), out.stderr
    assert not (tmp_path / "out").exists()


# A named pipe in a folder was read like a file: with no one writing to it, the run waited
# for ever (and one SIGTERM, as `timeout` sends, only asks it to stop after the document).
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need os.mkfifo (not on Windows)")
def test_a_folder_walk_leaves_out_named_pipes(tmp_path):
    (tmp_path / "in").mkdir()
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    (tmp_path / "in" / "a.txt").write_text(DIRTY)
    out = subprocess.run([sys.executable, "-m", "cleantext", "clean", str(tmp_path / "in"), "-o",
                          str(tmp_path / "out"), *DEMO], capture_output=True, env=ENV, timeout=60)
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt"]


@pytest.mark.parametrize("inputs", [["a/x.txt", "b/x.txt"], ["a", "b"]])
def test_two_inputs_with_one_output_path_are_refused_before_anything_is_written(tmp_path, inputs):
    # Only the second one's output was left in out/x.txt, exit 0.
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(DIRTY.replace("council", f"council {folder}"))
    out = run("clean", *inputs, "-o", "out", *DEMO, cwd=tmp_path)
    err = out.stderr.decode()
    assert out.returncode == 2 and f"{Path('a/x.txt')} and {Path('b/x.txt')} would both be written to " \
        f"{Path('out/x.txt')}" in err, err
    assert not (tmp_path / "out").exists()


def test_a_rerun_into_an_output_folder_inside_the_input_folder_does_not_clean_its_own_output(tmp_path):
    # The second run read in/out/x.txt too and wrote in/out/out/x.txt, deeper on every run.
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.txt").write_text(DIRTY)
    for _ in range(2):
        out = run("clean", "in", "-o", "in/out", *DEMO, cwd=tmp_path)
        assert out.returncode == 0 and "1 read" in out.stderr.decode(), out.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.txt")) == ["in/out/x.txt", "in/x.txt"]
    assert (tmp_path / "in" / "out" / "x.txt").read_text() == CLEAN


def test_a_file_named_twice_is_cleaned_once(tmp_path):
    # `clean a.txt a.txt` (or a file and its folder) read it twice: "2 read", and in
    # JSONL with --rejects its bad records were written there twice.
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "docs.jsonl").write_text(json.dumps({"text": DIRTY}) + "\n{broken\n")
    out = run("clean", "in/docs.jsonl", "in", "in/docs.jsonl", "-o", "out", "--rejects", "bad.jsonl", *DEMO,
              cwd=tmp_path)
    assert out.returncode == 3 and "2 read, 1 changed" in out.stderr.decode(), out.stderr
    assert (tmp_path / "bad.jsonl").read_text().count("{broken") == 1
    assert json.loads((tmp_path / "out" / "docs.jsonl").read_text())["text"] == CLEAN


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux), a device that is always full")
@pytest.mark.parametrize("command", [["rules"], ["clean", "small.txt", *DEMO], ["clean", "docs.jsonl", *DEMO]])
def test_standard_output_on_a_full_disk_fails_by_name_without_a_traceback(tmp_path, command):
    # `cleantext rules > full` ended in a traceback (exit 1 or 120); cleaning to it said
    # "disk full while writing None ... none is half-written" though its output was cut.
    (tmp_path / "small.txt").write_text(DIRTY)
    (tmp_path / "docs.jsonl").write_text("".join(json.dumps({"text": DIRTY * 20}) + "\n" for _ in range(200)))
    with open("/dev/full", "wb") as full:
        out = subprocess.run([sys.executable, "-m", "cleantext", *command], stdout=full, stderr=subprocess.PIPE,
                             cwd=tmp_path, env=ENV, timeout=120)
    err = out.stderr.decode()
    assert out.returncode == 3 and "Traceback" not in err and "Exception ignored" not in err, err
    assert "cannot write to stdout: No space left on device; its output is incomplete" in err, err
    if command[1:2] == ["docs.jsonl"]:
        assert "disk full while writing to stdout after" in err and "ends part-way through" in err, err


def test_rules_lists_the_built_in_steps_that_run():
    # `rules --select 'tidy.*'` listed nothing though explain names tidy.blank-lines.
    listed = run("rules", *DEMO[:3]).stdout.decode().splitlines()
    assert [line.split()[0] for line in listed[:3]] == ["unicode.ftfy", "tidy.trailing-space", "tidy.blank-lines"]
    assert all("built-in step" in line for line in listed[:3]) and listed[3].startswith("demo.")
    ignored = run("rules", "--pack", "tidy", "--ignore", "tidy.blank-lines", *DEMO[:3]).stdout.decode().split()
    assert ignored[0] == "tidy.trailing-space" and "tidy.blank-lines" not in ignored


# A content farm's pages were flagged only inside JSONL metadata and `explain`: a run over
# text files said nothing of which were spun.
def test_spin_scores_show_per_document_with_v_and_the_spun_are_counted_in_the_summary(tmp_path):
    seeds = ROOT / "seeds"
    spun, clean = seeds / "003_222a944fa76b50d4.txt", seeds / "001_a4cd1bd7cde3f964.txt"
    out = run("clean", str(spun), str(clean), "--spin", "flag", "-o", str(tmp_path / "out"), "-v")
    lines = out.stderr.decode().splitlines()
    assert out.returncode == 0, out.stderr
    assert next(x for x in lines if str(spun) in x).endswith("(spun)")
    assert next(x for x in lines if str(clean) in x).endswith("(not spun)")
    assert lines[-1].startswith("cleantext: 2 read, ") and "0 failed; 1 judged spun in " in lines[-1]
    off = run("clean", str(spun), "--spin", "off")
    assert (tmp_path / "out" / spun.name).read_bytes() == off.stdout  # flag: scored, not repaired
    quiet = run("clean", str(clean), "-o", str(tmp_path / "one.txt"))
    assert "judged spun" not in quiet.stderr.decode()


# A $CLEANTEXT_RULES set long ago that names a moved folder said "/old/rules:1:1 CT001 no
# such rule file or directory", nothing of where the path came from.
def test_a_missing_rules_folder_in_the_environment_is_named_as_coming_from_it(tmp_path):
    (tmp_path / "in.txt").write_text(DIRTY, encoding="utf-8")
    env = {**ENV, "CLEANTEXT_RULES": str(tmp_path / "moved")}
    out = subprocess.run([sys.executable, "-m", "cleantext", "clean", "in.txt"], capture_output=True, text=True,
                         cwd=tmp_path, env=env, timeout=120)
    assert out.returncode == 2 and out.stdout == ""
    assert f"$CLEANTEXT_RULES: {tmp_path / 'moved'}: no such file or folder" in out.stderr

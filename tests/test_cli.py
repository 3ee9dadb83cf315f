"""The CLI, run as a user runs it: a subprocess."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


from .conftest import PACKS, write_pack

DEMO = ["--no-builtin", "--rules", str(PACKS / "demo.yml"), "--lang", "en"]
DIRTY = "Skip to content\n\nThe council met in Kiev on Monday to vote.\n"
CLEAN = "The council met in Kyiv on Monday to vote.\n"


def run(*args: str, stdin: str | bytes = b"", cwd: Path | None = None) -> subprocess.CompletedProcess:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    env = {**os.environ, "CLEANTEXT_RULES": ""}
    return subprocess.run([sys.executable, "-m", "cleantext", *args], input=data, capture_output=True,
                          cwd=cwd, env=env, timeout=120)


def test_version():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.decode().startswith("cleantext ")


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
    assert "2 read, 1 changed, 1 unchanged, 0 skipped, 0 failed" in out.stderr.decode()


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
    assert out.returncode == 0, out.stderr
    got = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    meta = got[0].pop("cleantext")
    assert got == [{"id": 1, "text": CLEAN, "url": "https://x.org/a"}, {"id": 2, "body": "no text field"}]
    assert meta.pop("spin_score") is None  # the demo pack has spinner rules, but none of their patterns occurs
    assert meta == {"spun": False, "lang": "en", "rules": ["demo.kyiv", "demo.skip", "tidy.blank-lines"],
                    "guarded": False}
    err = out.stderr.decode()
    assert f"{path}:2: field `text` is missing" in err and f"{path}:3:" in err
    assert "3 read, 1 changed, 0 unchanged, 2 skipped, 0 failed" in err


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


def test_cleantext_test_runs_the_harness_on_a_user_pack(tmp_path):
    good = run("test", str(PACKS))
    assert good.returncode == 0, good.stdout.decode()[-2000:]
    assert " passed" in good.stdout.decode()
    broken = write_pack(tmp_path, """
rules:
  - id: wrong
    kind: substitute
    swap: {colour: color}
    why: t
    examples: [{before: "the colour", after: "the colours"}]
    counterexamples: ["colourful"]
""")
    bad = run("test", str(broken.parent))
    assert bad.returncode == 1 and "user.wrong" in bad.stdout.decode()

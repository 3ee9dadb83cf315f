"""Bad input, faults and interruptions: clear messages, and nothing lost or half-written."""
from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleantext import Cleaner, cli, replay
from cleantext.decode import decode
from cleantext.errors import InputError
from cleantext.parallel import Failure, clean_stream

from .conftest import PACKS
from .crashy import CrashOnMarker
from .test_cli import CLEAN, DEMO, DIRTY, run

FUZZ_EXAMPLES = int(os.environ.get("CLEANTEXT_FUZZ_EXAMPLES", "200"))


def _corpus(folder: Path, count: int) -> None:
    folder.mkdir()
    for i in range(count):
        (folder / f"{i:04}.txt").write_text(DIRTY.replace("Monday", f"day {i}") * 50)


def test_sigterm_midway_leaves_complete_outputs_and_resume_matches_a_full_run(tmp_path):
    src = tmp_path / "in"
    _corpus(src, 400)
    full = tmp_path / "full"
    assert run("clean", str(src), "-o", str(full), *DEMO).returncode == 0
    out = tmp_path / "out"
    env = {**os.environ, "CLEANTEXT_RULES": ""}
    proc = subprocess.Popen([sys.executable, "-m", "cleantext", "clean", str(src), "-o", str(out), *DEMO],
                            stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.txt"))) < 20:
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert b"rerun with --skip-existing" in err
    written = sorted(p.name for p in out.iterdir())
    assert 0 < len(written) < 400 and not [n for n in written if n.startswith(".")]
    for name in written:  # every output present is complete
        assert (out / name).read_text() == (full / name).read_text()
    resumed = run("clean", str(src), "-o", str(out), "--skip-existing", *DEMO)
    assert resumed.returncode == 0
    assert f"{len(written)} skipped (output up to date)" in resumed.stderr.decode()
    for name in sorted(p.name for p in full.iterdir()):
        assert (out / name).read_text() == (full / name).read_text()


def test_on_error_stop_ends_the_run_at_the_bad_file(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(DIRTY)
    (src / "b.bin").write_bytes(b"\x00\x01binary")
    (src / "c.txt").write_text(DIRTY)
    skip = run("clean", str(src), "-o", str(tmp_path / "skip"), *DEMO)
    assert skip.returncode == 3 and (tmp_path / "skip" / "c.txt").exists()
    assert "3 read, 2 changed, 0 unchanged, 0 passed through, 1 failed" in skip.stderr.decode()
    stop = run("clean", str(src), "-o", str(tmp_path / "stop"), "--on-error", "stop", *DEMO)
    assert stop.returncode == 3 and "stopped at" in stop.stderr.decode()
    assert (tmp_path / "stop" / "a.txt").exists() and not (tmp_path / "stop" / "c.txt").exists()


def test_a_dying_worker_loses_only_its_own_document():
    items = ["a", "b", "CRASH", "c", "RAISE"] + [f"x{i}" for i in range(40)]
    outcomes = list(clean_stream(CrashOnMarker(), items, workers=2, chunksize=4))
    assert len(outcomes) == len(items)
    assert isinstance(outcomes[2], Failure) and "died" in outcomes[2].message
    assert isinstance(outcomes[4], Failure) and "ValueError" in outcomes[4].message
    good = [o.text for i, o in enumerate(outcomes) if i not in (2, 4)]
    assert good == [t.upper() for i, t in enumerate(items) if i not in (2, 4)]


def test_chunks_close_at_their_size_or_their_text_length(monkeypatch):
    from cleantext import parallel

    monkeypatch.setattr(parallel, "CHUNK_CHARS", 10)
    items = ["ab", {"text": "cdefghij"}, "k", {"text": None}, "x" * 12, "l", "m", "n", "o"]
    chunks = list(parallel._chunks(items, 3))
    assert chunks == [items[:2], items[2:5], items[5:8], items[8:]]
    assert list(parallel._chunks([], 3)) == []


def test_a_full_disk_stops_the_run_cleanly(tmp_path, monkeypatch, capsys):
    src = tmp_path / "in"
    _corpus(src, 5)
    import cleantext.io as cio

    commits = []
    real_commit = cio.AtomicWriter.commit

    def commit(self):
        if commits:
            self.discard()
            raise OSError(errno.ENOSPC, "No space left on device")
        commits.append(self.path)
        real_commit(self)

    monkeypatch.setattr(cio.AtomicWriter, "commit", commit)
    code = cli.main(["clean", str(src), "-o", str(tmp_path / "out"), *DEMO])
    err = capsys.readouterr().err
    assert code == 3 and "disk full" in err
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["0000.txt"]


def test_bad_jsonl_records_are_reported_with_file_and_line(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_bytes(b'{"text": "ok"}\n{"text": 5}\n\xff\xfe\n{"nope": 1}\n[1]\n')
    out = run("clean", str(path), "-o", str(tmp_path / "o.jsonl"), *DEMO)
    err = out.stderr.decode()
    for line in (2, 3, 4, 5):
        assert f"{path}:{line}" in err
    assert "5 read, 0 changed, 1 unchanged, 4 passed through, 0 failed" in err


def test_crlf_lone_cr_bom_and_legacy_encodings(tmp_path):
    cases = {
        "crlf.txt": b"Skip to content\r\n\r\nThe council met in Kiev today.\r\n",
        "cr.txt": b"Skip to content\r\rThe council met in Kiev today.\r",
        "bom.txt": "The council met in Kiev today.\n".encode("utf-8-sig"),
        "utf16.txt": "The council met in Kiev today.\n".encode("utf-16"),
        "cp1252.txt": "Le caf\u00e9 \u00e9tait ferm\u00e9 \u00e0 cause de la gr\u00e8ve g\u00e9n\u00e9rale.\n".encode("cp1252"),
        "koi8.txt": "\u0421\u043e\u0432\u0435\u0442 \u0441\u043e\u0431\u0440\u0430\u043b\u0441\u044f \u0432 "
                    "\u041a\u0438\u0435\u0432\u0435 \u0441\u0435\u0433\u043e\u0434\u043d\u044f \u0443\u0442\u0440\u043e\u043c "
                    "\u0434\u043b\u044f \u0433\u043e\u043b\u043e\u0441\u043e\u0432\u0430\u043d\u0438\u044f.\n".encode("koi8-r"),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        text, _ = decode(data, name)
        assert "\ufeff" not in text
    out = run("clean", str(tmp_path), "-o", str(tmp_path / "out"), *DEMO)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "out" / "crlf.txt").read_text() == "The council met in Kyiv today.\n"
    assert (tmp_path / "out" / "cr.txt").read_text() == "The council met in Kyiv today.\n"
    assert "\u041a\u0438\u0435\u0432\u0435" in (tmp_path / "out" / "koi8.txt").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "cp1252.txt").read_text(encoding="utf-8").startswith("Le caf\u00e9 \u00e9tait")


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_are_refused_by_name(data):
    try:
        text, _ = decode(data, "fuzz.bin")
    except InputError as exc:
        assert str(exc).startswith("fuzz.bin: ")
        return
    result = Cleaner().clean(text)
    assert replay(text, result.changes) == result.text


@settings(max_examples=max(FUZZ_EXAMPLES // 20, 5), deadline=None, derandomize=True)
@given(st.binary(max_size=200))
def test_any_bytes_through_the_cli_exit_cleanly(data):
    out = run("clean", "-", stdin=data)
    assert out.returncode in (0, 3), out.stderr
    assert b"Traceback" not in out.stderr


_word = st.text(st.sampled_from("abcdefgh"), min_size=2, max_size=6)
_swaps = st.dictionaries(_word, _word, min_size=1, max_size=6)
_lines = st.lists(st.text(st.sampled_from("abc XYZ:-"), min_size=1, max_size=12).map(str.strip).filter(bool),
                  max_size=4)


@settings(max_examples=max(FUZZ_EXAMPLES // 4, 10), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(swaps=_swaps, drop=_lines, where=st.sampled_from(["anywhere", "head", "tail"]),
       text=st.lists(st.sampled_from(["abc", "defg", "ab cd", "XYZ:", "h", "", "  ", "gh ab", "cab-dab"]),
                     max_size=20).map("\n".join))
def test_random_valid_packs_keep_the_invariants(tmp_path_factory, swaps, drop, where, text):
    import yaml

    rules = [{"id": "swap", "kind": "substitute", "swap": swaps, "why": "fuzz",
              "examples": [{"before": "x", "after": "x"}], "counterexamples": ["x"]}]
    if drop:
        rule = {"id": "drop", "kind": "drop_line", "lines": drop, "why": "fuzz", "where": where,
                "examples": [{"before": "x", "after": "x"}], "counterexamples": ["x"]}
        if where != "anywhere":
            rule["within"] = 3
        rules.append(rule)
    folder = tmp_path_factory.mktemp("pack")
    (folder / "fuzz.yml").write_text(yaml.safe_dump({"rules": rules}), encoding="utf-8")
    cleaner = Cleaner(rules=[folder], builtin=False)
    result = cleaner.clean(text)
    assert replay(text, result.changes) == result.text
    assert cleaner.clean(result.text).text == result.text


def test_in_place_never_follows_or_replaces_a_symlink(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text(DIRTY)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "own.txt").write_text(DIRTY)
    (tree / "link.txt").symlink_to(outside)
    by_folder = run("clean", "--in-place", str(tree), *DEMO)
    assert by_folder.returncode == 0 and (tree / "own.txt").read_text() != DIRTY
    by_name = run("clean", "--in-place", str(tree / "link.txt"), *DEMO)
    assert by_name.returncode == 3 and "symbolic link" in by_name.stderr.decode()
    assert outside.read_text() == DIRTY and (tree / "link.txt").is_symlink()


# -- closed stdout, interrupts of record files (issue 19: 5, 6) ----------------

def test_a_closed_stdout_ends_the_run_quietly(tmp_path):
    src = tmp_path / "in"
    _corpus(src, 60)
    script = (f'"{sys.executable}" -m cleantext clean "{src}" --diff {" ".join(DEMO)} | head -n 1 >/dev/null; '
              'echo "${PIPESTATUS[0]}"')
    env = {**os.environ, "CLEANTEXT_RULES": "", "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run(["bash", "-c", script], capture_output=True, env=env, timeout=120)
    assert done.stderr == b"", done.stderr.decode()[:500]
    assert done.stdout.decode().strip() == "141"  # 128 + SIGPIPE, as for `cat` (documented in cli.py)


def test_a_reader_gone_during_one_large_write_is_a_closed_stdout_even_unbuffered(tmp_path):
    # One document of 4 MB is one write; unbuffered (PYTHONUNBUFFERED=1, as many container
    # images set), the pipe takes part of it and Python's text layer used to drop the rest
    # without an error, so the run ended 0 with its output cut off.
    big = tmp_path / "big.txt"
    big.write_text("The council met on Monday and approved the budget.\n" * 80_000)
    script = (f'"{sys.executable}" -m cleantext clean "{big}" {" ".join(DEMO)} | head -c 100 >/dev/null; '
              'echo "${PIPESTATUS[0]}"')
    for unbuffered in ("1", ""):
        env = {**os.environ, "CLEANTEXT_RULES": "", "PYTHONUNBUFFERED": unbuffered,
               "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
        done = subprocess.run(["bash", "-c", script], capture_output=True, env=env, timeout=120)
        assert done.stderr == b"", done.stderr.decode()[:500]
        assert done.stdout.decode().strip() == "141", f"PYTHONUNBUFFERED={unbuffered!r}"


def test_unbuffered_stdout_still_delivers_all_of_a_large_output(tmp_path):
    big = tmp_path / "big.txt"
    text = "The council met on Monday and approved the budget.\n" * 80_000
    big.write_text(text)
    env = {**os.environ, "CLEANTEXT_RULES": "", "PYTHONUNBUFFERED": "1",
           "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-m", "cleantext", "clean", str(big), *DEMO],
                          capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode()[:500]
    assert done.stdout.decode() == text


def _records(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(count):
            fh.write(json.dumps({"id": i, "text": DIRTY.replace("Monday", f"day {i}") * 20}) + "\n")


def test_an_interrupted_record_file_leaves_no_temporary_file_and_no_false_resume_advice(tmp_path):
    src = tmp_path / "in.jsonl"
    _records(src, 30000)
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "CLEANTEXT_RULES": ""}
    proc = subprocess.Popen([sys.executable, "-m", "cleantext", "clean", str(src), "-o", str(out), *DEMO],
                            stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]:
        time.sleep(0.02)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    message = err.decode()
    assert proc.returncode == 130, message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"], message
    assert f"last finished: {src}:" in message and "--skip-existing" not in message
    assert f"{out} was not written" in message
    # and the summary says so: every record read was cleaned, none of them written
    counts = re.search(r"(\d+) read, 0 changed, 0 unchanged, 0 passed through, 0 failed, (\d+) not written "
                       r"\(stopped before their file's output\)", message)
    assert counts is not None and counts[1] == counts[2] != "0", message


def test_on_error_stop_in_a_record_file_leaves_no_temporary_file(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": DIRTY}) + "\n{broken\n" + json.dumps({"text": DIRTY}) + "\n")
    out = run("clean", str(src), "-o", str(tmp_path / "out.jsonl"), "--on-error", "stop", *DEMO)
    err = out.stderr.decode()
    assert out.returncode == 3 and f"stopped at {src}:2" in err and "--skip-existing" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


# -- CT101 measures growth (issue 19: 10) --------------------------------------

CATASTROPHIC = ["^(a+)+$", "(a+)+$", "(x+x+)+y", r"^[\w\"(](?:\S*\s+){0,24}\S*(?<![.;:,])$"]
ORDINARY = [r"(?i)^\s*skip to content\s*$", r"\bKiev\b", r"^Read more:.*$", r"(?i)^\s*read (more|extra):\s*$",
            r"^[^.!?]{10,120}$", r"^(?:Share|Tweet|Email)(?:\s*[|•]\s*(?:Share|Tweet|Email))*$",
            r"(?i)^(?:advertisement|sponsored)$", r"\d{1,2}:\d{2}\s*(?:am|pm)"]


def _ct101(tmp_path: Path, pattern: str) -> bool:
    import yaml

    from cleantext.lint import lint
    from cleantext.loader import load_packs

    rule = {"id": "p", "kind": "drop_line", "match": pattern, "why": "t",
            "examples": [{"before": "x", "after": "x"}], "counterexamples": ["x"]}
    path = tmp_path / "p.yml"
    path.write_text(yaml.safe_dump({"rules": [rule]}), encoding="utf-8")
    return any(p.code == "CT101" for p in lint(load_packs([path])[0].rules))


def test_ct101_flags_patterns_whose_time_grows_faster_than_their_input(tmp_path):
    assert [p for p in CATASTROPHIC if not _ct101(tmp_path, p)] == []


def test_ct101_leaves_ordinary_patterns_alone(tmp_path):
    assert [p for p in ORDINARY if _ct101(tmp_path, p)] == []



@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="SIGHUP is a POSIX signal")
def test_a_closed_terminal_stops_the_run_and_its_workers_cleanly(tmp_path):
    # SIGHUP (sent to the whole process group when a terminal closes) ended the run at once,
    # leaving the output being written as a temporary file, exit 129.
    src, out = tmp_path / "in", tmp_path / "out"
    _corpus(src, 400)
    proc = subprocess.Popen([sys.executable, "-m", "cleantext", "clean", str(src), "-o", str(out), "-j", "2", *DEMO],
                            stderr=subprocess.PIPE, env={**os.environ, "CLEANTEXT_RULES": ""}, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.txt"))) < 20:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGHUP)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and b"rerun with --skip-existing" in err, err.decode()
    written = sorted(p.name for p in out.iterdir())
    assert 0 < len(written) < 400 and not [n for n in written if n.startswith(".")]
    assert run("clean", str(src), "-o", str(tmp_path / "full"), *DEMO).returncode == 0
    assert all((out / name).read_text() == (tmp_path / "full" / name).read_text() for name in written)

def test_a_run_after_a_stopped_run_in_the_same_process_cleans_everything(tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANTEXT_RULES", "")
    src = tmp_path / "in"
    _corpus(src, 3)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGHUP", signal.SIGINT))}
    try:
        assert cli.main(["clean", str(src), "-o", str(tmp_path / "first"), "-q", *DEMO]) == 0
        signal.raise_signal(signal.SIGTERM)  # arrives as the first run ends: it has nothing left to stop
        assert cli.main(["clean", str(src), "-o", str(tmp_path / "second"), "-q", *DEMO]) == 0
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    assert len(list((tmp_path / "second").glob("*.txt"))) == 3


def test_a_failure_keeps_the_traceback_of_the_error():
    outcomes = list(clean_stream(CrashOnMarker(), ["a", "RAISE"], workers=2, chunksize=1))
    failure = outcomes[1]
    assert isinstance(failure, Failure)
    assert "Traceback" in failure.traceback and "crashy.py" in failure.traceback
    assert 'raise ValueError("boom")' in failure.traceback


def test_a_run_started_without_standard_error_still_cleans_and_writes(tmp_path):
    # Python has sys.stderr None then; the run used to end at its first message, exit 1, no output.
    src, out = tmp_path / "docs.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps({"text": DIRTY}) + "\n" + json.dumps({"id": 2}) + "\n")
    env = {**os.environ, "CLEANTEXT_RULES": "", "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    script = f'"{sys.executable}" -m cleantext clean "{src}" -o "{out}" {" ".join(DEMO)} 2>&-; echo $?'
    done = subprocess.run(["bash", "-c", script], capture_output=True, env=env, timeout=120)
    assert done.stdout.decode().strip() == "3"  # record 2 has no text: passed through, as always
    assert [json.loads(line).get("text") for line in out.read_text().splitlines()] == [CLEAN, None]


def test_a_run_started_without_standard_output_names_what_it_could_not_write(tmp_path):
    src, written = tmp_path / "docs.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps({"text": DIRTY}) + "\n" + json.dumps({"text": "Plain."}) + "\n")
    env = {**os.environ, "CLEANTEXT_RULES": "", "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    to_stdout = subprocess.run(["bash", "-c", f'"{sys.executable}" -m cleantext clean "{src}" {" ".join(DEMO)} >&-'],
                               capture_output=True, env=env, timeout=120)
    err = to_stdout.stderr.decode()
    assert to_stdout.returncode == 3 and "Traceback" not in err, err
    assert err.count("cannot write to stdout: standard output is closed") == 2
    assert "2 read, 0 changed, 0 unchanged, 0 passed through, 2 failed" in err  # the summary adds up
    to_file = subprocess.run(["bash", "-c", f'"{sys.executable}" -m cleantext clean "{src}" -o "{written}" '
                              f'{" ".join(DEMO)} >&-'], capture_output=True, env=env, timeout=120)
    assert to_file.returncode == 0, to_file.stderr.decode()  # nothing goes to stdout: nothing is missing
    assert len(written.read_text().splitlines()) == 2


@pytest.mark.parametrize("fmt", ["txt", "jsonl", "csv"])
def test_a_run_started_without_standard_input_fails_reading_it_by_name(tmp_path, fmt):
    # sys.stdin is None then: reading `-` ended in an AttributeError traceback, exit 1.
    env = {**os.environ, "CLEANTEXT_RULES": "", "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    out = tmp_path / f"out.{fmt}"
    script = f'"{sys.executable}" -m cleantext clean - --format {fmt} -o "{out}" {" ".join(DEMO)} <&-'
    done = subprocess.run(["bash", "-c", script], capture_output=True, env=env, timeout=120)
    err = done.stderr.decode()
    assert done.returncode == 3 and "Traceback" not in err, err
    assert "cannot read <stdin>: standard input is closed" in err and "1 failed" in err
    assert not out.exists()


@pytest.mark.parametrize("command", ["rules", "rule chrome.byline", "check"])
def test_other_commands_started_without_standard_output_fail_by_name(tmp_path, command):
    # They ended in an OSError traceback, exit 1; only `clean` said what it could not write.
    env = {**os.environ, "CLEANTEXT_RULES": "", "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    (tmp_path / "p.yml").write_text((PACKS / "demo.yml").read_text())
    script = f'"{sys.executable}" -m cleantext {command} {"p.yml" if command.startswith("check") else ""} >&-'
    done = subprocess.run(["bash", "-c", script], capture_output=True, env=env, timeout=120, cwd=tmp_path)
    err = done.stderr.decode()
    assert done.returncode == 3 and "Traceback" not in err, err
    assert "cannot write to stdout: standard output is closed; its output is incomplete" in err, err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux), a device that is always full")
def test_standard_error_on_a_full_disk_does_not_stop_the_cleaning(tmp_path):
    # The first message (a bad record) raised OSError: exit 1, and no output was written.
    (tmp_path / "docs.jsonl").write_text(json.dumps({"text": DIRTY}) + "\n{broken\n")
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "cleantext", "clean", "docs.jsonl", "-o", "out.jsonl",
                               "--meta-field", "", *DEMO], stderr=full, cwd=tmp_path, timeout=120,
                              env={**os.environ, "CLEANTEXT_RULES": "", "PYTHONPATH": str(Path(__file__).parent.parent)})
    assert done.returncode == 3  # the record passed through, as with a working standard error
    assert (tmp_path / "out.jsonl").read_text().splitlines() == [json.dumps({"text": CLEAN}), "{broken"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="giving a file another user's ownership needs root")
def test_in_place_keeps_the_owner_group_and_mode_of_each_file(tmp_path):
    # Run as root (a container cleaning a mounted folder), every file cleaned became root's.
    path = tmp_path / "a.txt"
    path.write_text(DIRTY)
    os.chown(path, 1234, 5678)
    path.chmod(0o664)
    assert run("clean", str(path), "--in-place", *DEMO).returncode == 0
    after = path.stat()
    assert path.read_text() == CLEAN and (after.st_uid, after.st_gid, after.st_mode & 0o7777) == (1234, 5678, 0o664)

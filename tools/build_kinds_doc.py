#!/usr/bin/env python3
"""Write docs/rules.md's tables of rule kinds from the registry (cleantext/kinds/).

    python tools/build_kinds_doc.py            # rewrite the tables
    python tools/build_kinds_doc.py --check    # exit 1 if docs/rules.md is out of date

Each table sits between `<!-- kinds: line -->` (or `inline`) and `<!-- /kinds -->`,
in the order the kinds apply.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "rules.md"
_TABLE = re.compile(r"(<!-- kinds: (line|inline) -->\n)(.*?)(<!-- /kinds -->)", re.DOTALL)


def render(text: str) -> str:
    sys.path.insert(0, str(ROOT))
    from cleantext.kinds import markdown_table

    found = _TABLE.findall(text)
    if sorted(which for _, which, _, _ in found) != ["inline", "line"]:
        raise SystemExit(f"{DOC}: expected one `<!-- kinds: line -->` and one `<!-- kinds: inline -->` table")
    return _TABLE.sub(lambda m: m.group(1) + markdown_table(m.group(2) == "line") + "\n" + m.group(4), text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/rules.md is out of date")
    args = parser.parse_args(argv)
    text = DOC.read_text(encoding="utf-8")
    wanted = render(text)
    if args.check:
        if wanted != text:
            print(f"{DOC} is out of date: run python tools/build_kinds_doc.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

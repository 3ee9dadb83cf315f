"""What `explain` and `--diff` print, and colour for a terminal."""
from __future__ import annotations

import difflib
import json
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .result import Result


def colour_on(stream: Any) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return bool(stream.isatty()) and not os.environ.get("NO_COLOR")


def paint(text: str, code: str, stream: Any) -> str:
    return f"\033[{code}m{text}\033[0m" if colour_on(stream) else text


def shown_at(change: Any) -> tuple[int, int]:
    """Where a change is reported: a removal that starts with the line break ending the
    line before (a dropped line) is reported at the first line it removes, column 1."""
    line, col = change.line, change.col
    before = change.before
    skipped = len(before) - len(before.lstrip("\n"))
    if skipped and before.strip() and change.after == "":
        return line + skipped, 1
    return line, col


def print_explain(label: str, text: str, result: Result, as_json: bool, record: bool) -> None:
    """One line per change. A text file's location is `file:line:col`; a record's is
    `file:record:line:col` (record: the file line where it starts, its Parquet row, or its place in a JSON array)
    and in JSON {"file", "record", "line", "col"}."""
    place: dict[str, Any] = {"file": label}
    if record:
        name, _, number = label.rpartition(":")
        place = {"file": name, "record": int(number)}
    for c in result.changes:
        line, col = shown_at(c)
        if as_json:
            print(json.dumps({**place, "line": line, "col": col, "rule": c.rule_id, "before": c.before,
                              "after": c.after, **({"note": c.note} if c.note else {})}, ensure_ascii=False))
        else:
            note = f" ({c.note})" if c.note else ""
            print(f"{label}:{line}:{col} {c.rule_id} {json.dumps(c.before, ensure_ascii=False)} -> "
                  f"{json.dumps(c.after, ensure_ascii=False)}{note}")
    for note in result.notes:
        print(json.dumps({**place, "note": note}) if as_json else f"{label}: note: {note}")
    if result.spin_score is not None:
        evidence = spin_evidence(result) or {"families": {}}
        print(json.dumps({**place, "spin_score": result.spin_score, "spun": result.spun,
                          "spin_evidence": evidence}, ensure_ascii=False) if as_json
              else f"{label}: {spin_verdict(result)}")
        if not as_json:
            for family, found in evidence["families"].items():
                print(f"{label}:   {family}: {found['count']} ({found['per_1k']} per 1,000 words)"
                      + (f", e.g. {'; '.join(found['examples'])}" if found["examples"] else ""))


def spin_verdict(result: Result) -> str:
    """"spin score 0.97 (spun)", for a result that has a score."""
    return f"spin score {result.spin_score:.2f} ({'spun' if result.spun else 'not spun'})"


def spin_evidence(result: Result) -> dict | None:
    return result.spin_evidence.summary() if result.spin_evidence is not None else None


NO_NEWLINE = "\\ No newline at end of file\n"
_DIFF_COLOURS = {"+": "32", "-": "31", "@": "36"}


def print_diff(before: str, after: str, label: str) -> None:
    """A unified diff that `patch -p1` and `git apply` accept: a last line without a line
    break is followed by the `\\ No newline at end of file` marker."""
    out = sys.stdout
    colour = colour_on(out)
    for line in difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                     f"a/{label}", f"b/{label}"):
        if not line.endswith("\n"):
            line += "\n" + NO_NEWLINE
        code = _DIFF_COLOURS.get(line[:1]) if colour and not line.startswith(("---", "+++")) else None
        out.write(f"\033[{code}m{line[:-1]}\033[0m\n" if code else line)

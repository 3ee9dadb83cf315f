"""Named fragments (`define:`) and verbose patterns: they expand to the pattern one
would have written out, errors point into the file where they lie (a fragment too),
and the RE2 line screen still holds every built-in pattern that uses them."""
from __future__ import annotations

import pytest
import regex

from cleantext import Cleaner, RuleFileError
from cleantext.loader import load_packs
from cleantext.prefilter import re2_superset

from .conftest import write_pack

PACK = """\
define:
  month: [Jan(?:uary)?, Feb(?:ruary)?, May]
  place: 'middle east'
rules:
  - id: dated
    kind: drop_line
    why: A date line.
    match: |-
      (?xi) ^ \\s*
      {{month}} \\s+ \\d{4}     # a month and a year
      (?: \\s+ {{place}} )?
      $
    examples: [{before: "May 2020 Middle East\\nThe text stays.", after: "The text stays."}]
    counterexamples: ["In May 2020 it rained."]
"""


def load(tmp_path, text):
    return load_packs([write_pack(tmp_path, text)])


def test_fragments_expand_as_groups_that_keep_their_spaces(tmp_path):
    (pack,) = load(tmp_path, PACK)
    pattern = regex.compile(pack.rules[0].match)
    assert "(?-x:Jan(?:uary)?|Feb(?:ruary)?|May)" in pattern.pattern
    assert pattern.search("may 2020 middle east") and pattern.search("Jan 1999")
    assert not pattern.search("May 2020 middleeast") and not pattern.search("June 2020")


def _problem(tmp_path, text):
    with pytest.raises(RuleFileError) as err:
        load(tmp_path, text)
    (problem,) = err.value.problems
    return problem


@pytest.mark.parametrize("old,new,line,col,message", [
    # inside a fragment's list item: where `regex` puts the error (the range's "]")
    ("Feb(?:ruary)?, May]", "'Feb[z-a]', May]", 2, 33, "fragment `month` does not compile"),
    # inside a verbose block pattern, on its own line
    ("(?: \\s+ {{place}} )?", "(?: \\s+ {{place}} )?  [z-a]", 11, 33, "does not compile"),
    # an unknown name, where it is written
    ("{{place}} )?", "{{plaice}} )?", 11, 15, "unknown fragment `plaice` (defined: month, place)"),
    ("place: 'middle east'", "place: 'middle {{month}}'", 3, 18, "cannot nest"),
])
def test_errors_point_into_fragments_and_block_patterns(tmp_path, old, new, line, col, message):
    assert PACK.count(old) == 1
    problem = _problem(tmp_path, PACK.replace(old, new))
    assert (problem.code, problem.line, problem.col) == ("CT008", line, col) and message in problem.message


def test_builtin_patterns_with_fragments_are_screened():
    rules = [r for r in Cleaner().rules if r.id in ("chrome.menu-residue", "chrome.date-line", "chrome.timestamp-line")]
    assert len(rules) == 3 and all("(?-x:" in r.match for r in rules)
    assert all(re2_superset(r.match) is not None for r in rules)

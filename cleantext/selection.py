"""Names given on the command line or to `Cleaner` that must match something: a rule id
or glob (`select`, `ignore`), a pack, a site. A name that matches nothing is a typo far
more often than an intention, so it is an error with the closest known names."""
from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Iterable


def id_matches(rule_id: str, pattern: str) -> bool:
    """A rule id matches a glob ('chrome.*') or a prefix ending at a dot ('chrome')."""
    return fnmatch.fnmatchcase(rule_id, pattern) or rule_id.startswith(pattern + ".")


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """'; did you mean a or b?' naming the closest known names, or '' when none is close.
    A glob is compared with the packs' globs too ('chrme.*' -> 'chrome.*')."""
    candidates = set(known)
    if "*" in name:
        candidates |= {f"{rule_id.split('.')[0]}.*" for rule_id in candidates if "." in rule_id}
    else:
        name = name.rstrip(".")
    close = difflib.get_close_matches(name, sorted(candidates), n=3, cutoff=0.6)
    return f"; did you mean {' or '.join(close)}?" if close else ""


def check_patterns(option: str, patterns: Iterable[str], rule_ids: Iterable[str]) -> None:
    """ValueError naming the first pattern of `option` that matches no rule id."""
    ids = list(rule_ids)
    for pattern in patterns:
        if not any(id_matches(rule_id, pattern) for rule_id in ids):
            raise ValueError(f"{option} {pattern!r} matches no rule{did_you_mean(pattern, ids)}")


def check_selection(select: Iterable[str], ignore: Iterable[str], rule_ids: Iterable[str]) -> None:
    """`Cleaner(select=, ignore=)`: every pattern must match a loaded rule."""
    ids = list(rule_ids)
    check_patterns("select", select, ids)
    check_patterns("ignore", ignore, ids)

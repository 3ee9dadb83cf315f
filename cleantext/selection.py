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


def check_selection(select: Iterable[str], ignore: Iterable[str], rule_ids: Iterable[str],
                    steps: Iterable[str] = (), body_step: str = "") -> None:
    """`Cleaner(select=, ignore=)`: every pattern must match a loaded rule. `ignore` may also
    name a built-in step of `steps` (ftfy, tidy), which it turns off; `select` picks rules
    only, as the steps run without it; `body_step` is `find_body` itself."""
    ids, step_ids = list(rule_ids), list(steps)
    for option, patterns, known in (("select", select, ids), ("ignore", ignore, ids + step_ids)):
        for pattern in patterns:
            if any(id_matches(rule_id, pattern) for rule_id in known):
                continue
            step = next((s for s in [*step_ids, body_step] if s and id_matches(s, pattern)), "")
            if step == body_step and step:
                raise ValueError(f"{option} {pattern!r} names {step}, the whole-page body finder: it runs only "
                                 "with find_body (--body), so leave that off instead")
            if step:
                raise ValueError(f"select {pattern!r} names the built-in step {step}, which runs without select "
                                 "(ignore turns it off): select picks rules")
            raise ValueError(f"{option} {pattern!r} matches no rule{did_you_mean(pattern, known)}")

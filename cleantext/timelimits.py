"""Time limits on regex matching, per rule and document, so no pattern can hang a run."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import regex

# A rule's regex gets this long per call (more on long texts) before it is given up
# for the document: a catastrophic user pattern cannot hang a run.
REGEX_SECONDS = 0.5
REGEX_SECONDS_PER_MB = 2.0
# A time limit costs a few microseconds per call, more than most line rules take. The
# built-in packs are probed for catastrophic backtracking in the test suite (CT101), so
# their patterns run without one on lines up to this long (inline patterns on whole texts:
# `Budget.each`); user rules always have one.
TRUSTED_LENGTH = 2000


@dataclass
class Budget:
    """Time limits for one document's regex matching, and what ran out; also the other
    notes the document's rules make (`Result.notes`)."""

    notes: list[str] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)

    def first(self, rule_id: str, method, text: str, *args, trusted: bool = False):
        """`pattern.search` or `.match` under the limit; None if the rule ran out of time.
        A trusted pattern (built-in) runs without a limit on short texts."""
        if trusted and len(text) <= TRUSTED_LENGTH:
            return method(text, *args)
        return self._run(rule_id, len(text), lambda limit: method(text, *args, timeout=limit))

    def every(self, rule_id: str, pattern: regex.Pattern, text: str, start: int = 0, end: int | None = None,
              trusted: bool = False, **kwargs) -> list:
        """All matches of `pattern.finditer` in text[start:end] under the limit; none if the
        rule ran out of time. A trusted pattern runs without a limit on short stretches."""
        end = len(text) if end is None else end
        if trusted and end - start <= TRUSTED_LENGTH:
            return list(pattern.finditer(text, start, end, **kwargs))
        return self._run(rule_id, end - start,
                         lambda limit: list(pattern.finditer(text, start, end, timeout=limit, **kwargs))) or []

    def each(self, rule_id: str, pattern: regex.Pattern, text: str, pos: int = 0,
             trusted: bool = False) -> Iterator[Any]:
        """`pattern.finditer(text, pos)`, lazily, each search under the limit (as `first`);
        it stops where the rule runs out of time. A trusted pattern (built-in) runs without
        a limit, on a whole text too: every built-in pattern is held to linear time on
        adversarial texts of growing length (tests/test_pattern_growth.py), and `regex`
        takes several times longer to step through matches under a limit. A trusted pattern's
        matches come straight from `finditer`: a generator around them costs more per match
        than a match of a one-character rule ("unusual-spaces") does."""
        if rule_id in self.failed:
            return iter(())
        if trusted:
            return pattern.finditer(text, pos)
        return self._each_limited(rule_id, pattern, text, pos)

    def _each_limited(self, rule_id: str, pattern: regex.Pattern, text: str, pos: int) -> Iterator[Any]:
        try:
            yield from pattern.finditer(text, pos, timeout=_limit(len(text)))
        except TimeoutError:
            self._ran_out(rule_id)

    def _run(self, rule_id: str, length: int, call):
        if rule_id in self.failed:
            return None
        try:
            return call(_limit(length))
        except TimeoutError:
            self._ran_out(rule_id)
            return None

    def _ran_out(self, rule_id: str) -> None:
        self.failed.add(rule_id)
        self.notes.append(f"rule {rule_id} ran out of time (catastrophic backtracking?) and was skipped "
                          "for this document")


def _limit(length: int) -> float:
    """Seconds a rule may search a text of this many characters."""
    return REGEX_SECONDS + REGEX_SECONDS_PER_MB * length / 1e6

"""Does a regex's cost grow faster than its input? Measured, not guessed.

A pattern is run on adversarial texts of growing length (n, 2n, 4n copies of a unit
such as a whitespace run, a repeated word or a table cell, after a prefix that gets
an anchored pattern past its start and before a tail that makes the match fail at
the end, which is where backtracking starts). A linear pattern takes about 4x as long
on 4n as on n; a quadratic one 16x; an exponential one runs out of time. Neither
engine counts its steps, so the proxy is the measuring thread's CPU time (other
processes on a busy machine hardly move it, where they would stretch wall time): each
size is timed as the fastest of several repetitions taken in turns, each running
long enough to be measured; every doubling of the input must multiply the cost by
more than 2.83 (linear: 2, quadratic: 4), and a verdict of "superlinear" is confirmed
by measuring again before it is given. So a burst of load on a busy machine, which
slows one measurement, does not turn a linear pattern into a failure.

    from cleantext.growth import superlinear
    found = superlinear(r"(?:\\S*\\s+){0,24}\\S*x$")   # a Growth, or None when linear
    found.shape, found.ratio                           # ("tab-run", inf)

`superlinear(pattern, prefixes=..., lines=True)` is the check CT101 and the tests call;
`measure` gives every figure.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import regex

# (name, unit, tail): the text is prefix + unit * k + tail. Tails that end a line with
# something most patterns refuse ("x.", "!") make them fail late and backtrack.
SHAPES: tuple[tuple[str, str, str], ...] = (
    ("space-run", " ", "x."),
    ("tab-run", "\t", "x."),
    ("mixed-space-run", " \t", "x!"),
    ("tabbed-cells", "cell\t\t\t", "end."),
    ("repeated-word", "word ", "."),
    ("title-case", "Fire Crews ", "!"),
    ("upper-case", "NEWS ", ":"),
    ("comma-words", "the, ", "x"),
    ("letters", "a", "!"),
    ("digits", "1", "x"),
    ("times", "12:30 ", "x."),
    ("dots", ". ", "x"),
    ("dashes", "-", "\u2022"),
    ("pipe-table", "| Name | 12 \u2022 ", "x."),
    ("prose", "The council approved the budget on Tuesday. ", "x"),
    ("quotes", "\u201ca\u201d '", "x."),
    ("accented", "\u00e9t\u00e9 ", "\u2026"),
)
# Only for patterns run on whole texts (inline rules): the same, across lines.
MULTILINE_SHAPES: tuple[tuple[str, str, str], ...] = (
    ("menu-lines", "Home\nNews\nSport\n", "x."),
    ("blank-lines", "\n\n", "x."),
    ("short-lines", "a b\n", "."),
)
# Superlinear: each doubling of the input multiplies the cost by more than this. Linear
# is 2 (less with a call's fixed cost), quadratic 4; so t(4n) / t(n) is then over 8.
MAX_DOUBLING = 2.83
BASE_LENGTH = 1000  # characters of adversarial text at size n: longer than the bounded windows ({0,500}) patterns use
SIZES = (1, 2, 4)  # multiples of n
CALL_SECONDS = 0.25  # a single call longer than this counts as runaway (ratio infinite)
MIN_TIMED = 0.001  # each repetition loops the call until it has run this long
REPEATS = 5  # repetitions per size on confirmation (the fastest counts)
CONFIRMATIONS = 2  # a first superlinear figure is measured again this often, and must hold each time


@dataclass(frozen=True)
class Growth:
    """How one pattern's cost grew on one input shape."""

    pattern: str
    shape: str
    prefix: str
    lengths: tuple[int, ...]  # characters of each input
    seconds: tuple[float, ...]  # per call at each length; inf when it ran out of time

    @property
    def ratio(self) -> float:
        """Cost at the largest size over cost at the smallest."""
        first, last = self.seconds[0], self.seconds[-1]
        return math.inf if math.isinf(last) else last / first if first > 0 else 1.0

    @property
    def superlinear(self) -> bool:
        """Every doubling of the input more than doubled the cost, by a wide margin: a
        burst of load on one size cannot make a linear pattern fail."""
        return all(self._doublings_over_bar())

    @property
    def suspect(self) -> bool:
        """Some doubling more than doubled the cost: worth measuring again, since a burst
        of load on a smaller size can hide a quadratic pattern's growth."""
        return any(self._doublings_over_bar())

    def _doublings_over_bar(self) -> list[bool]:
        pairs = zip(self.seconds, self.seconds[1:])
        return [math.isinf(later) or (earlier > 0 and later / earlier > MAX_DOUBLING) for earlier, later in pairs]


Runner = Callable[[regex.Pattern, str, float], object]


def finditer_all(pattern: regex.Pattern, text: str, timeout: float) -> object:
    """Every match, as an inline rule takes them (a line rule's one search costs no more)."""
    return sum(1 for _ in pattern.finditer(text, timeout=timeout))


def finditer_overlapped(pattern: regex.Pattern, text: str, timeout: float) -> object:
    """Every overlapping match, as `unless` guards are run."""
    return sum(1 for _ in pattern.finditer(text, overlapped=True, timeout=timeout))


def literal_shapes(pattern: str) -> tuple[tuple[str, str, str], ...]:
    """Runs of the letters and digits a pattern repeats outright (`x` in `(x+x+)+y`):
    they reach quantifiers that the fixed shapes' units do not."""
    units = sorted(set(regex.findall(r"(?<!\\)([^\W_])(?=[+*{])", pattern)) - {"a", "1"})
    return tuple((f"run-of-{unit}", unit, "!") for unit in units)


def texts(prefix: str, unit: str, tail: str, base: int = BASE_LENGTH) -> list[str]:
    copies = max(1, base // len(unit))
    return [prefix + unit * (copies * size) + tail for size in SIZES]


def _per_call(run: Runner, pattern: regex.Pattern, text: str) -> float:
    """Seconds per call, looping the call until it has run MIN_TIMED; inf if a call ran
    out of time."""
    calls, start = 0, time.thread_time()
    try:
        while True:
            run(pattern, text, CALL_SECONDS)
            calls += 1
            elapsed = time.thread_time() - start
            if elapsed >= MIN_TIMED:
                return elapsed / calls
    except TimeoutError:
        return math.inf


def growth(pattern: regex.Pattern, shape: tuple[str, str, str], prefix: str = "",
           run: Runner = finditer_all, repeats: int = 1) -> Growth:
    """One shape's figures for a compiled pattern: each size the fastest of `repeats`,
    taken in turns (n, 2n, 4n, n, 2n, ...) so that a burst of load hits one size at most."""
    name, unit, tail = shape
    inputs = texts(prefix, unit, tail)
    seconds = [math.inf] * len(inputs)
    for _ in range(repeats):
        for i, text in enumerate(inputs):
            seconds[i] = min(seconds[i], _per_call(run, pattern, text))
            if math.isinf(seconds[i]):  # larger sizes would only take longer
                return Growth(pattern.pattern, name, prefix, tuple(map(len, inputs)), tuple(seconds))
    return Growth(pattern.pattern, name, prefix, tuple(map(len, inputs)), tuple(seconds))


def measure(pattern: str | regex.Pattern, prefixes: Iterable[str] = ("",), lines: bool = True,
            run: Runner = finditer_all, repeats: int = 1) -> list[Growth]:
    """Every shape after every prefix. `lines`: the pattern is run on single lines (line
    rules), so shapes across lines are left out; a pattern given as a string is compiled
    with MULTILINE when it is not (inline rules run that way)."""
    if isinstance(pattern, str):
        pattern = regex.compile(pattern, 0 if lines else regex.MULTILINE)
    shapes = SHAPES + literal_shapes(pattern.pattern) + (() if lines else MULTILINE_SHAPES)
    return [growth(pattern, shape, prefix, run, repeats)
            for prefix in dict.fromkeys(prefixes) for shape in shapes]


def superlinear(pattern: str | regex.Pattern, prefixes: Iterable[str] = ("",), lines: bool = True,
                run: Runner = finditer_all) -> Growth | None:
    """The first shape on which the pattern's cost grows faster than linearly, confirmed
    by measuring again (CONFIRMATIONS times, REPEATS each); None when there is none. A
    shape that grew too fast at any one doubling is measured again as well, so load on
    the first, single pass can neither make nor hide a verdict."""
    if isinstance(pattern, str):
        pattern = regex.compile(pattern, 0 if lines else regex.MULTILINE)
    shapes = {s[0]: s for s in SHAPES + MULTILINE_SHAPES + literal_shapes(pattern.pattern)}
    for first in measure(pattern, prefixes, lines, run):
        if first.suspect:
            again = [growth(pattern, shapes[first.shape], first.prefix, run, REPEATS) for _ in range(CONFIRMATIONS)]
            if all(g.superlinear for g in again):
                return again[-1]
    return None

"""The line phase: which lines go, decided for every line rule at once.

Line rules are applied until nothing more matches (so a second run removes nothing).
Each line is scanned once by an RE2 set of every rule's loosened pattern
(cleantext.prefilter.Screen); only the rules it names are tried with their real
pattern. The guard keeps a document whole when its line rules would remove most of it.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set

import regex

from .edits import Edit, line_starts
from .kinds import LINE_KINDS, line_kind
from .kinds.base import Cut, LineRule
from .kinds.drop_line import normalize_line
from .loader import is_builtin
from .prefilter import Screen
from .prose import word_count
from .schema import Rule
from .siterep import SiteLines
from .timelimits import Budget

# Share of a document's words line rules may remove before the guard keeps it whole.
MAX_LINE_REMOVAL = 0.5


_NONE_CERTAIN: frozenset[int] = frozenset()


class LinePhase:
    """All line rules. Each line is scanned once by an RE2 set holding every rule's
    pattern, loosened (cleantext.prefilter.Screen); only the rules it names are
    tried with their real pattern, and rules limited to the head or tail only within
    their reach. Exact lines go through one dictionary."""

    def __init__(self, rules: Iterable[Rule]):
        self.compiled = [kind.compile(r, is_builtin(r)) for r in rules if (kind := line_kind(r)) is not None]
        self.exact: dict[str, list[int]] = {}
        for index, rule in enumerate(self.compiled):
            for line in rule.exact:
                self.exact.setdefault(line, []).append(index)
        self.screen = Screen({i: r.rule.match for i, r in enumerate(self.compiled) if r.rule.match})
        self.empty = not self.compiled
        self.by_kind: dict[str, list[LineRule]] = {}
        for compiled in self.compiled:
            self.by_kind.setdefault(compiled.rule.kind, []).append(compiled)
        # Kinds that judge every line, not only those a pattern names (line_model); those that
        # judge lines by other pages of their site only where there is such evidence.
        self.unscreened = any(not r.rule.match and not r.exact and not kind.needs_site
                              for r in self.compiled if (kind := line_kind(r.rule)) is not None)

    def drops(self, lines: Sequence[str], budget: Budget, notes: dict[int, str] | None = None,
              site_lines: SiteLines | None = None, cuts: dict[int, list[Cut]] | None = None) -> dict[int, str]:
        """Line index -> id of the rule that removes it, repeated until stable; what a
        rule measured on a line it removed goes into `notes`. `site_lines`: the evidence of
        the document's site in this run (cleantext.siterep). `cuts` receives the spans kinds
        remove inside the lines that stay (`LineKind.cut`), judged once the drops settle."""
        dropped: dict[int, str] = {}
        if self.empty:
            return dropped
        matches = _Verdicts(self, lines, budget)
        if not matches.any and not self.unscreened and site_lines is None:
            return dropped
        notes = {} if notes is None else notes
        nonblank = [i for i, line in enumerate(lines) if line.strip()]
        while True:
            kept = [i for i in range(len(lines)) if i not in dropped]
            nonblank = [i for i in nonblank if i not in dropped]
            this_pass = _Pass(lines, kept, nonblank, matches, budget, notes, site_lines)
            new = self._one_pass(this_pass)
            if not new:
                if cuts is not None:
                    for kind in LINE_KINDS:
                        kind.cut(this_pass, dropped, cuts)
                return dropped
            dropped.update(new)

    def candidates(self, lines: Sequence[str]) -> Iterator[tuple[int, list[int], Set[int]]]:
        """For each line, not blank, that some rule may match: its index, the rules that
        may match it (sorted), and those that match it for certain (exact lines)."""
        if not self.exact:
            for i, maybe in self.screen.candidates_per_line(lines):
                yield i, maybe, _NONE_CERTAIN
            return
        for i, line in enumerate(lines):
            if not line or line.isspace():
                continue
            maybe = self.screen.candidates(line)
            exact = set(self.exact.get(normalize_line(line), ()))
            if exact or maybe:
                yield i, (sorted(exact.union(maybe)) if exact else maybe), exact

    def hit(self, index: int, line: str, budget: Budget) -> bool:
        rule = self.compiled[index]
        return rule.pattern is not None and bool(budget.first(rule.rule.id, rule.pattern.search, line,
                                                              trusted=rule.trusted))

    def _one_pass(self, this_pass: _Pass) -> dict[int, str]:
        """The lines a pass removes: each kind in the registry's order adds its own."""
        new: dict[int, str] = {}
        for kind in LINE_KINDS:
            kind.drop(this_pass, new)
        return new


class _Pass:
    """One pass over the kept lines (kinds.base.LinePass): ranks among the non-blank
    kept lines, for the head and tail windows and for block ends."""

    def __init__(self, lines: Sequence[str], kept: list[int], nonblank: list[int], matches: _Verdicts,
                 budget: Budget, notes: dict[int, str], site_lines: SiteLines | None):
        self.lines, self.kept, self.matches, self.budget, self.notes = lines, kept, matches, budget, notes
        self.site_lines = site_lines
        self.nonblank = nonblank  # the kept lines that are not blank
        self.last = len(self.nonblank) - 1
        self.rank = {i: r for r, i in enumerate(self.nonblank)}

    def tried(self, kind: str) -> list[int]:
        return [i for i in self.matches.lines_with(kind) if i in self.rank]

    def first_match(self, kind: str, i: int) -> LineRule | None:
        return self.matches.first(kind, i, self.rank[i], self.last - self.rank[i])

    def kept_between(self, first: int, last: int) -> list[int]:
        kept = self.kept
        return kept[bisect.bisect_left(kept, first):bisect.bisect_right(kept, last)]

    def run_around(self, i: int, hit: LineRule, member: regex.Pattern) -> list[int]:
        nonblank, pos = self.nonblank, self.rank[i]

        def in_run(r: int) -> bool:
            return bool(self.budget.first(hit.rule.id, member.search, self.lines[nonblank[r]], trusted=hit.trusted))

        first = last = pos
        while first > 0 and in_run(first - 1):
            first -= 1
        while last < self.last and in_run(last + 1):
            last += 1
        return nonblank[first:last + 1]

    def rules(self, kind: str) -> list[LineRule]:
        return self.matches.phase.by_kind.get(kind, [])

    def kept_lines(self) -> list[int]:
        return self.kept

    def note(self, i: int, text: str) -> None:
        self.notes[i] = text

    def block_end(self, i: int, hit: LineRule) -> int:
        """Index of the block's last line: the marker, then followers that match `follow`."""
        nonblank, pos = self.nonblank, self.rank[i]
        end = nonblank[pos]
        if hit.follow is None:
            return end
        for follower in nonblank[pos + 1: pos + 1 + hit.rule.max_follow]:
            if not self.budget.first(hit.rule.id, hit.follow.search, self.lines[follower], trusted=hit.trusted):
                break
            end = follower
        return end


class _Verdicts:
    """One document's line-rule verdicts, each computed once however often the line
    phase repeats: each line's candidate rules by kind, and each (line, rule) result."""

    def __init__(self, phase: LinePhase, lines: Sequence[str], budget: Budget):
        self.phase, self.lines, self.budget = phase, lines, budget
        self._candidates: dict[int, tuple[dict[str, list[int]], Set[int]]] = {}
        self._lines_with: dict[str, list[int]] = {}
        compiled = phase.compiled
        grouped: dict[tuple[int, ...], dict[str, list[int]]] = {}  # lines with the same candidates share it
        for i, candidates, certain in phase.candidates(lines):
            key = tuple(candidates)
            by_kind = grouped.get(key)
            if by_kind is None:
                by_kind = grouped[key] = {}
                for index in candidates:
                    by_kind.setdefault(compiled[index].rule.kind, []).append(index)
            self._candidates[i] = by_kind, certain
            for kind in by_kind:
                self._lines_with.setdefault(kind, []).append(i)
        self.any = bool(self._candidates)
        self._verdicts: dict[tuple[int, int], bool] = {}

    def lines_with(self, kind: str) -> list[int]:
        """Lines (in order) that some rule of this kind may match."""
        return self._lines_with.get(kind, [])

    def first(self, kind: str, i: int, head_rank: int, tail_rank: int) -> LineRule | None:
        """The first rule of this kind that matches line i at its present rank."""
        by_kind, certain = self._candidates[i]
        phase = self.phase
        for index in by_kind.get(kind, ()):
            rule = phase.compiled[index]
            if rule.windowed and not rule.in_window(head_rank, tail_rank):
                continue
            verdict = self._verdicts.get((i, index))
            if verdict is None:
                verdict = index in certain or phase.hit(index, self.lines[i], self.budget)
                self._verdicts[(i, index)] = verdict
            if verdict:
                return rule
        return None


def line_edits(text: str, lines: Sequence[str], dropped: dict[int, str],
               notes: dict[int, str] | None = None) -> list[Edit]:
    """One edit per run of consecutive dropped lines removed by the same rule; a line the
    rule noted something about starts an edit of its own, which keeps the note."""
    notes = notes or {}
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    edits: list[Edit] = []
    for i in sorted(dropped):
        start, end = starts[i], min(starts[i] + len(lines[i]) + 1, len(text))
        note = notes.get(i, "")
        if edits and edits[-1].end == start and edits[-1].rule_id == dropped[i] and not note:
            edits[-1] = Edit(edits[-1].start, end, "", dropped[i], edits[-1].note)
        else:
            edits.append(Edit(start, end, "", dropped[i], note))
    return edits


def cut_edits(text: str, cuts: Mapping[int, list[Cut]]) -> list[Edit]:
    """The spans line kinds remove inside kept lines, as edits in the text's coordinates."""
    starts = line_starts(text) if cuts else []
    return [Edit(starts[i] + c.start, starts[i] + c.end, "", c.rule_id, c.note) for i in sorted(cuts) for c in cuts[i]]


def removes_too_much(lines: list[str], dropped: dict[int, str], cuts: Mapping[int, list[Cut]] | None = None) -> bool:
    """Whether the dropped lines and the cut spans hold more than MAX_LINE_REMOVAL of the
    words, or all the lines with any content. Kept words are counted only until they settle it."""
    cuts = cuts or {}
    cut = {i: sum(word_count(lines[i][c.start:c.end]) for c in spans) for i, spans in cuts.items()}
    removed = sum(word_count(lines[i]) for i in dropped) + sum(cut.values())
    enough = removed * (1 - MAX_LINE_REMOVAL) / MAX_LINE_REMOVAL  # kept words that outweigh them
    kept, kept_content = 0, False
    for i, line in enumerate(lines):
        if i in dropped or not line.strip():
            continue
        kept_content = True
        kept += word_count(line) - cut.get(i, 0)
        if kept >= enough:
            return False
    return not kept_content or kept < enough

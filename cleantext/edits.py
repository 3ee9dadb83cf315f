"""Edits kept in the input's coordinates, so every change replays exactly.

Each phase edits the current text; `EditLog.apply` maps those edits back onto the
original input. When a later edit touches text an earlier edit produced, the two
become one change (the later rule's id), so changes never overlap and
`replay(input, changes) == output` always holds.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

LAYOUT_PREFIX = "tidy."  # ids of edits that only adjust whitespace


@dataclass(frozen=True)
class Change:
    """One change: `before` at `line`:`col` (1-based, in the input) became `after`."""

    rule_id: str
    line: int
    col: int
    before: str
    after: str
    note: str = ""  # what the rule measured, where it measures (a line model's score)


@dataclass(frozen=True)
class Edit:
    start: int  # offsets in the text the edit applies to
    end: int
    text: str
    rule_id: str
    note: str = ""


class EditLog:
    """The original text plus sorted, non-overlapping edits on it."""

    def __init__(self, original: str):
        self.original = original
        self._edits: list[Edit] = []

    def apply(self, current: str, edits: Sequence[Edit]) -> str:
        """Apply edits given in `current`'s coordinates; return the new current text."""
        if not edits:
            return current
        if not self._edits:  # current is still the original: the edits are in its coordinates
            self._edits = sorted(edits, key=lambda e: (e.start, e.end))
            return splice(current, edits)
        placed = _EditPositions(self._edits)
        gone: set[int] = set()
        merged = []
        for cluster, absorbed in _clusters(edits, placed.spans):
            merged.append(self._merged(current, cluster, absorbed, placed))
            gone.update(id(old) for _, _, old in absorbed)
        kept = [e for e in self._edits if id(e) not in gone] if gone else self._edits
        self._edits = sorted(kept + merged, key=lambda e: (e.start, e.end))
        return splice(current, edits)

    @staticmethod
    def _merged(current: str, cluster: list[Edit], absorbed: list[tuple[int, int, Edit]],
                placed: _EditPositions) -> Edit:
        """One edit on the original for new edits and the old edits they touch."""
        if len(cluster) == 1 and not absorbed:  # the common case: nothing to splice
            edit = cluster[0]
            return Edit(placed.to_original(edit.start, "start"), placed.to_original(edit.end, "end"), edit.text,
                        edit.rule_id, edit.note)
        lo = min([cluster[0].start] + [s for s, _, _ in absorbed])
        hi = max([cluster[-1].end] + [e for _, e, _ in absorbed])
        shifted = [Edit(e.start - lo, e.end - lo, e.text, e.rule_id) for e in cluster]
        text = splice(current[lo:hi], shifted)
        rule_id = _merged_rule_id(cluster, absorbed)
        notes = [e.note for e in cluster + [old for _, _, old in absorbed] if e.rule_id == rule_id and e.note]
        return Edit(placed.to_original(lo, "start"), placed.to_original(hi, "end"), text, rule_id, "; ".join(notes))

    def changes(self) -> list[Change]:
        """The edits as changes with 1-based line and column in the input."""
        if not self._edits:  # most documents: no need to find their lines
            return []
        starts = line_starts(self.original)
        out = []
        for edit in self._edits:
            line = bisect.bisect_right(starts, edit.start)
            col = edit.start - starts[line - 1] + 1
            out.append(Change(edit.rule_id, line, col, self.original[edit.start:edit.end], edit.text, edit.note))
        return out


class _EditPositions:
    """Where each edit's replacement sits in the current text, with the shift before it,
    so offsets map back to the original by bisection."""

    def __init__(self, edits: list[Edit]):
        self.spans: list[tuple[int, int, Edit]] = []
        self.shift_before: list[int] = []
        shift = 0
        for edit in edits:
            start = edit.start + shift
            self.spans.append((start, start + len(edit.text), edit))
            self.shift_before.append(shift)
            shift += len(edit.text) - (edit.end - edit.start)
        self.total_shift = shift
        self.starts = [s for s, _, _ in self.spans]
        self.ends = [e for _, e, _ in self.spans]

    def to_original(self, pos: int, side: str) -> int:
        """Map a current offset to the input. At a deletion's spot a start maps past it and
        an end before it, so neighbouring edits never overlap; an offset inside an old
        replacement takes all of it."""
        if side == "start":
            k = bisect.bisect_right(self.ends, pos)  # edits ending at or before pos lie before it
            if k < len(self.spans) and self.starts[k] < pos < self.ends[k]:
                return self.spans[k][2].start
        else:
            k = bisect.bisect_left(self.ends, pos)  # edits ending before pos lie before it
            if k < len(self.spans) and self.starts[k] < pos <= self.ends[k]:
                return self.spans[k][2].end
        shift = self.shift_before[k] if k < len(self.spans) else self.total_shift
        return pos - shift


def _merged_rule_id(cluster: list[Edit], absorbed: list[tuple[int, int, Edit]]) -> str:
    """The later rule names a merged change, unless it only tidied layout around an
    earlier rule's edit: then the earlier rule, which caused it, keeps the name."""
    latest = cluster[-1].rule_id
    if absorbed and all(e.rule_id.startswith(LAYOUT_PREFIX) for e in cluster):
        return absorbed[0][2].rule_id
    return latest


def _clusters(edits: Sequence[Edit], placed: list[tuple[int, int, Edit]]):
    """Group new edits with the old edits they touch; edits sharing one old edit merge."""
    starts = [s for s, _, _ in placed]
    groups: list[tuple[list[Edit], list[tuple[int, int, Edit]]]] = []
    for edit in edits:
        hits = [p for p in _overlapping(edit, placed, starts)]
        if groups and hits and groups[-1][1] and hits[0] is groups[-1][1][-1]:
            groups[-1][0].append(edit)
            groups[-1][1].extend(h for h in hits if h is not groups[-1][1][-1])
        else:
            groups.append(([edit], hits))
    return groups


def _overlapping(edit: Edit, placed: list[tuple[int, int, Edit]], starts: list[int]):
    i = max(bisect.bisect_left(starts, edit.start) - 1, 0)
    while i < len(placed) and placed[i][0] <= edit.end:
        start, end, _ = placed[i]
        if start == end:  # an old deletion: touched only from strictly inside
            if edit.start < start < edit.end:
                yield placed[i]
        elif (start < edit.end and end > edit.start) or (edit.start == edit.end and start < edit.start < end):
            yield placed[i]
        i += 1


def splice(text: str, edits: Iterable[Edit]) -> str:
    """Apply sorted, non-overlapping edits to text."""
    parts, pos = [], 0
    for edit in edits:
        parts.append(text[pos:edit.start])
        parts.append(edit.text)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)


def line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


def replay(original: str, changes: Iterable[Change]) -> str:
    """Apply recorded changes to the input they were recorded on."""
    starts = line_starts(original)
    edits = []
    for change in changes:
        start = starts[change.line - 1] + change.col - 1
        end = start + len(change.before)
        if original[start:end] != change.before:
            raise ValueError(f"change {change} does not match the text at {change.line}:{change.col}")
        edits.append(Edit(start, end, change.after, change.rule_id))
    edits.sort(key=lambda e: (e.start, e.end))
    return splice(original, edits)

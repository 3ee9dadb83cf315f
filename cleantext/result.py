"""The record of one cleaned document: its text and every change that made it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .edits import Change

if TYPE_CHECKING:
    from .spin import Evidence


@dataclass(frozen=True)
class Result:
    """A cleaned document and how it got that way."""

    text: str
    changes: tuple[Change, ...]
    lang: str | None = None  # None when no language-gated rule needed it
    site: str | None = None
    guarded: bool = False  # line rules were refused: they would remove too much
    notes: tuple[str, ...] = ()
    spin_score: float | None = None  # None: not English, spin off, or (spin="fix") sure to be below SPUN_AT
    spin_evidence: Evidence | None = field(default=None, compare=False)  # what the score rests on

    @property
    def spun(self) -> bool:
        from .spin import SPUN_AT

        return self.spin_score is not None and self.spin_score >= SPUN_AT

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(sorted({c.rule_id for c in self.changes}))

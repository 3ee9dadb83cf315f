"""What inline rules know about one document: its text, language, spin mode, time limits."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..timelimits import Budget
from .protected import covered, quote_spans, touches_protected

# An inline rule's proposed edit: (start, end, rule index, replacement).
Candidate = tuple[int, int, int, str]

@dataclass
class DocContext:
    """What inline rules need to know about one document. The language is given, or
    detected by `detect` the first time a language-gated rule asks for it."""

    text: str
    given_lang: str | None
    spin: str = "fix"  # fix: apply spinner tiers; flag: only score; off: neither
    budget: Budget = field(default_factory=Budget)
    detect: Callable[[str], str] | None = None
    _guard_spans: dict[tuple[int, int], list[tuple[int, int]]] = field(default_factory=dict, repr=False)
    _quotes: list[tuple[int, int]] | None = field(default=None, repr=False)
    _detected: str | None = field(default=None, repr=False)

    @property
    def lang(self) -> str | None:
        if self.given_lang is not None:
            return self.given_lang
        if self._detected is None and self.detect is not None:
            self._detected = self.detect(self.text)
        return self._detected

    @property
    def lang_if_known(self) -> str | None:
        """The language if given or already detected: None when no rule needed it."""
        return self.given_lang if self.given_lang is not None else self._detected

    def in_quote(self, start: int, end: int) -> bool:
        if self._quotes is None:
            self._quotes = quote_spans(self.text)
        return covered(self._quotes, start, end)

    def protected(self, start: int, end: int) -> bool:
        """Whether the span touches a URL, address, handle or file name."""
        return touches_protected(self.text, start, end)

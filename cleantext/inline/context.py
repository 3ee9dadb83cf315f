"""What inline rules know about one document: its text, language, spin mode, time limits."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..lang import Languages
from ..timelimits import Budget
from .protected import covered, quote_spans, touches_protected

# An inline rule's proposed edit: (start, end, rule index, replacement).
Candidate = tuple[int, int, int, str]

@dataclass
class DocContext:
    """What inline rules need to know about one document. The language is given, or
    detected with `detect` (per paragraph, cleantext.lang.Languages) the first time a
    language-gated rule has a candidate."""

    text: str
    given_lang: str | None
    spin: str = "fix"  # fix: apply spinner tiers; flag: only score; off: neither
    budget: Budget = field(default_factory=Budget)
    detect: Callable[[str], str] | None = None
    _guard_spans: dict[tuple[int, int], list[tuple[int, int]]] = field(default_factory=dict, repr=False)
    _live_guards: dict[int, list[Any]] = field(default_factory=dict, repr=False)  # rule index -> its guards here
    _quotes: list[tuple[int, int]] | None = field(default=None, repr=False)
    _languages: Languages | None = field(default=None, repr=False)
    _line: tuple[int, int] = field(default=(0, -1), repr=False)  # the line last asked for: start, end

    def lang_at(self, pos: int) -> str | None:
        """The language a gated rule sees at `pos`: the given one, else its paragraph's."""
        if self.given_lang is not None or self.detect is None:
            return self.given_lang
        if self._languages is None:
            self._languages = Languages(self.text, self.detect)
        return self._languages.at(pos)

    @property
    def lang_if_known(self) -> str | None:
        """The language if given, or the one detected for a gated rule (the document's
        where it was needed): None when no rule needed one."""
        if self.given_lang is not None or self._languages is None:
            return self.given_lang
        return self._languages.known

    @property
    def lang_settled(self) -> bool:
        """Whether lang_if_known is final: given, undetectable, or the document's detected."""
        return self.given_lang is not None or self.detect is None or (
            self._languages is not None and self._languages.document_known)

    @property
    def quotes(self) -> list[tuple[int, int]]:
        """The text's quoted spans (cleantext.inline.protected.quote_spans), found once."""
        if self._quotes is None:
            self._quotes = quote_spans(self.text)
        return self._quotes

    def line(self, pos: int) -> tuple[int, int]:
        """Where the line holding `pos` starts and ends (its line break, or the text's end).
        The line last asked for is kept: candidates come in order, and a search back from
        each one on a long line made its cost grow with the square of the line's length."""
        if not self._line[0] <= pos <= self._line[1]:
            text = self.text
            start, end = text.rfind("\n", 0, pos) + 1, text.find("\n", pos)
            self._line = start, len(text) if end == -1 else end
        return self._line

    def in_quote(self, start: int, end: int) -> bool:
        return covered(self.quotes, start, end)

    def protected(self, start: int, end: int) -> bool:
        """Whether the span touches a URL, address, handle or file name."""
        return touches_protected(self.text, start, end)

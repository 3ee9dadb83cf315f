"""The rule record, and the keys and value types every rule and pack shares.

Which keys each kind adds, and what they need, is the kind's own (cleantext/kinds/);
the loader validates against both, `cleantext rule` prints them, and docs/rules.md
describes them for people.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

PROFILES = ("official", "ap", "reuters", "bbc")
DEFAULT_PROFILE = "official"

# Value types understood by the loader (see loader._check_value).
COMMON_KEYS: dict[str, str] = {
    "id": "id",
    "kind": "kind",
    "why": "str",
    "examples": "examples",
    "counterexamples": "str_list",
    "known_failures": "examples",
    "status": "status",
    "override": "bool",
}
REQUIRED_KEYS = ("id", "kind", "why")
ENUMS: dict[str, tuple[str, ...]] = {
    "where": ("head", "tail", "anywhere"),
    "status": ("preview", "stable", "deprecated"),
    "case": ("keep", "exact"),
    "quotes": ("skip", "rewrite"),
    "urls": ("skip", "rewrite"),
    "tier": ("fingerprint", "contextual"),
}
PACK_KEYS = {
    "pack": "id",
    "description": "str",
    "source": "str",
    "licence": "str",
    "license": "str",
    "lang": "lang",
    "site": "str",
    "sites": "str_list",
    "signature": "regex_list",
    "define": "define",
    "rules": "rules",
}

Where = Literal["head", "tail", "anywhere"]


@dataclass(frozen=True)
class Example:
    before: str
    after: str
    line: int = field(default=0, compare=False)  # where its rule file has it (0: not read from one)


@dataclass(frozen=True)
class Rule:
    """A validated rule, exactly as written (its kind compiles it: cleantext/kinds/)."""

    id: str  # full id: pack.rule-id
    kind: str
    why: str
    path: str
    line: int
    examples: tuple[Example, ...] = ()
    counterexamples: tuple[str, ...] = ()
    # Where `path` has each key's value, as (key, line, col), and a list's items as key[i]:
    # for messages that point at a pattern or a counterexample instead of the rule's first line.
    places: tuple[tuple[str, int, int], ...] = field(default=(), compare=False)
    known_failures: tuple[Example, ...] = ()
    status: str = "stable"
    override: bool = False
    lang: tuple[str, ...] = ()
    where: str = "anywhere"
    within: int | None = None
    match: str | None = None
    lines: tuple[str, ...] = ()
    follow: str | None = None
    max_follow: int = 5
    run: str | None = None  # drop_run: what the lines of one run (such as one list's items) match
    model: str | None = None  # line_model, body_model: the model file, relative to the rule file
    threshold: float = 1.0  # line_model, body_model: lines scoring at least this are removed
    sure: float = 0.0  # body_model: a page with no line scoring this is an article already (0: off)
    sure_furniture: float = 0.0  # body_model: ... nor a link, bullet or separated line scoring this
    first_line: float = 0.0  # body_model: a page whose first line scores under this is an article already (0: off)
    min_pages: int = 2  # site_repetition: a line must be on at least this many pages of its block
    min_share: float = 1.0  # site_repetition: ... and on at least this share of them
    max_chars: int = 0  # site_repetition: longer lines are never counted or removed; drop_cells: cells
    window: int = 0  # site_repetition: documents per block of one site (cleantext.siterep)
    min_before: float = 0.0  # truncate_late: share of the document's words a marker needs above it
    cell: str | None = None  # drop_cells: the pattern a menu-like table cell matches whole
    replace: str | None = None
    swap: tuple[tuple[str, str], ...] = ()
    canonical: tuple[tuple[str, str], ...] = ()
    variants: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    case: str = "keep"
    unless: tuple[str, ...] = ()
    quotes: str = ""  # "" means the kind's default (kinds.base.InlineKind.quote_policy)
    one_sense: bool | None = None  # None means the kind's default (kinds.base.InlineKind.one_sense_for)
    urls: str = "skip"  # inside URLs, addresses, handles and file names (inline.protected)
    tier: str = ""  # spinner rules only: "fingerprint" or "contextual"

    @property
    def short_id(self) -> str:
        return self.id.split(".", 1)[1]

    def place(self, key: str) -> tuple[int, int]:
        """Line and column of a key's value in the rule file (`unless[2]` for a list's item);
        the rule's own line if unknown."""
        return next(((line, col) for name, line, col in self.places if name == key), (self.line, 1))

    def counterexample_line(self, index: int) -> int:
        """The line of the rule file holding counterexample `index` (the rule's own line if unknown)."""
        return self.place(f"counterexamples[{index}]")[0]


@dataclass(frozen=True)
class Pack:
    name: str
    path: str
    rules: tuple[Rule, ...]
    description: str = ""
    source: str = ""
    licence: str = ""
    sites: tuple[str, ...] = ()
    signature: tuple[str, ...] = ()

    @property
    def is_site_pack(self) -> bool:
        """A pack that applies only to its sites (or pages its signature matches); one
        under a `sites/` folder must name them (the loader says so)."""
        return bool(self.sites or self.signature)

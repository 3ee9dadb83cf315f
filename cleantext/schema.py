"""The rule schema: which keys each kind takes, their types, and the rule record.

One place for these facts: the loader validates against them, `cleantext rule`
prints them, and docs/rules.md describes them for people.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

LINE_KINDS = ("drop_line", "drop_block", "truncate_after", "truncate_before")
INLINE_KINDS = ("substitute", "name")
KINDS = LINE_KINDS + INLINE_KINDS

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
POSITION_KEYS = {"where": "where", "within": "count"}
INLINE_KEYS = {
    "lang": "lang",
    "case": "case",
    "unless": "regex_list",
    "quotes": "quotes",
    "tier": "tier",
}
KIND_KEYS: dict[str, dict[str, str]] = {
    "drop_line": {"match": "regex", "lines": "str_list", **POSITION_KEYS},
    "drop_block": {"match": "regex", "follow": "regex", "max_follow": "count", **POSITION_KEYS},
    "truncate_after": {"match": "regex", **POSITION_KEYS},
    "truncate_before": {"match": "regex", **POSITION_KEYS},
    "substitute": {"match": "regex", "replace": "str", "swap": "str_map", **INLINE_KEYS},
    "name": {"canonical": "canonical", "variants": "str_list", "exceptions": "str_list", **INLINE_KEYS},
}
REQUIRED_KEYS = ("id", "kind", "why")
# Alternatives: at least one group must be fully present.
REQUIRED_ONE_OF: dict[str, tuple[tuple[str, ...], ...]] = {
    "drop_line": (("match",), ("lines",)),
    "drop_block": (("match",),),
    "truncate_after": (("match",),),
    "truncate_before": (("match",),),
    "substitute": (("match", "replace"), ("swap",)),
    "name": (("canonical", "variants"),),
}
ENUMS: dict[str, tuple[str, ...]] = {
    "where": ("head", "tail", "anywhere"),
    "status": ("preview", "stable", "deprecated"),
    "case": ("keep", "exact"),
    "quotes": ("skip", "rewrite"),
    "tier": ("fingerprint", "contextual"),
    "kind": KINDS,
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
    "rules": "rules",
}

Where = Literal["head", "tail", "anywhere"]


@dataclass(frozen=True)
class Example:
    before: str
    after: str


@dataclass(frozen=True)
class Rule:
    """A validated rule, exactly as written (compiled forms live in lines.py and inline/)."""

    id: str  # full id: pack.rule-id
    kind: str
    why: str
    path: str
    line: int
    examples: tuple[Example, ...] = ()
    counterexamples: tuple[str, ...] = ()
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
    replace: str | None = None
    swap: tuple[tuple[str, str], ...] = ()
    canonical: tuple[tuple[str, str], ...] = ()
    variants: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    case: str = "keep"
    unless: tuple[str, ...] = ()
    quotes: str = ""  # "" means the kind's default (see inline_quotes)
    tier: str = ""  # spinner rules only: "fingerprint" or "contextual"
    site_pack: bool = False

    @property
    def short_id(self) -> str:
        return self.id.split(".", 1)[1]

    @property
    def is_line_rule(self) -> bool:
        return self.kind in LINE_KINDS

    @property
    def quote_policy(self) -> str:
        """Inside quotations, names are rewritten and other words left alone by default."""
        if self.quotes:
            return self.quotes
        return "rewrite" if self.kind == "name" else "skip"

    def canonical_for(self, profile: str) -> str:
        forms = dict(self.canonical)
        return forms.get(profile) or forms[DEFAULT_PROFILE]


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
    extra: dict = field(default_factory=dict)

    @property
    def is_site_pack(self) -> bool:
        return bool(self.sites or self.signature)

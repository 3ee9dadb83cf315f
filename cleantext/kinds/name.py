"""name: respell a proper name as the chosen style profile writes it (Kiev -> Kyiv)."""
from __future__ import annotations

from ..inline.literals import fold, phrase_pattern
from ..schema import DEFAULT_PROFILE, Rule
from .base import INLINE_KEYS, InlineKind


class Name(InlineKind):
    name = "name"
    keys = {"canonical": "canonical", "variants": "str_list", "exceptions": "str_list", **INLINE_KEYS}
    required = (("canonical", "variants"),)
    summary = ("`canonical` is a string or a map of style profile to spelling (`official`, `ap`, `reuters`, "
               "`bbc`; missing profiles fall back to `official`). Every variant, and every other profile's "
               "spelling, becomes the profile's spelling. `exceptions` are phrases in which a variant stays "
               "(`Chicken Kiev`)")
    quotes = "rewrite"  # a name inside a quotation is still the same name

    def literal_pairs(self, rule: Rule, profile: str) -> list[tuple[str, str]]:
        """Every variant and every other profile's spelling, to this profile's spelling."""
        canonical = canonical_for(rule, profile)
        forms = set(rule.variants) | {form for _, form in rule.canonical}
        return [(form, canonical) for form in sorted(forms) if fold(form) != fold(canonical)]

    def guards(self, rule: Rule) -> list[str]:
        return super().guards(rule) + [phrase_pattern(p) for p in rule.exceptions]


def canonical_for(rule: Rule, profile: str) -> str:
    forms = dict(rule.canonical)
    return forms.get(profile) or forms[DEFAULT_PROFILE]


KIND = Name()

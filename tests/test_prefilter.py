"""The line-rule screen (an RE2 set of loosened patterns) never hides a line a rule
matches, and the gated line phase drops exactly what trying every rule drops."""
from __future__ import annotations

import re

import re2
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Cleaner
from cleantext.lines import LinePhase
from cleantext.prefilter import Screen, re2_options, re2_superset
from cleantext.timelimits import Budget

from .conftest import ROOT, shared_path

PHASE = Cleaner()._base.lines


def test_loosening_of_common_shapes():
    assert re2_superset(r"(?<=x)y\b(?!z)") == "y"  # assertions dropped
    assert re2_superset(r"a++(?>b|c)") == "(?:a)+(?:[bc])"  # possessive and atomic made ordinary
    assert re2_superset(r"a{2,300}b{1,3}") == "(?:a)+(?:b){1,3}"  # long counts unbounded
    assert re2_superset(r"(ab)\1") == "(?:ab)(?:ab)"  # a back-reference: whatever its group matches
    assert re2_superset(r"(a)?(?(1)b|c)") == "(?:(?:a)){0,1}(?:b|c)"
    assert re2_superset(r"(?i)\Aread more\Z") == r"(?i)^read\x{20}more$"
    # a lookahead running to the line's end stands for the rest of the pattern
    assert re2_superset(r"^-*(?=[A-Z ]+$)(?:.*?[A-Z]{2}){3}") == r"^(?:\x{2d})*(?:[A-Z\x{20}])+$"
    assert re2_superset(r"(a(?=b$))c") == "(?:a)c"  # only at the top level
    # class escapes and properties: their ASCII members, and any other character
    assert re2_superset(r"\d") == r"[0123456789\x{80}-\x{10ffff}]"
    assert re2_superset(r"[^\d\s]") == r"[^0123456789\x{9}\x{a}\x{b}\x{c}\x{d}\x{20}]"


def test_patterns_re2_cannot_hold_are_not_screened():
    for pattern in [r"\mword", r"(?V1)[[a-z]--[aeiou]]", r"^[[:alpha:]]+$", r"(?<name>x)"]:
        assert re2_superset(pattern) is None, pattern
    screen = Screen({0: r"\mword", 1: r"^read more"})
    assert screen.unscreened == (0,)
    assert screen.candidates("nothing here") == [0]
    assert screen.candidates("Read more") == [0] and screen.candidates("read more") == [0, 1]


def test_a_lone_surrogate_tries_every_rule():
    screen = Screen({0: "^read more", 1: "menu"})
    assert screen.candidates("plain \ud800 prose") == [0, 1]


def test_a_set_that_fails_tries_every_rule(monkeypatch):
    # RE2 reports no match at all when its DFA runs out of memory; the sentinel tells.
    screen = Screen({0: "^read more", 1: "menu"})
    assert screen.candidates("plain prose") == []
    monkeypatch.setattr(screen, "_set", type("Failed", (), {"Match": lambda self, text: None})())
    assert screen.candidates("plain prose") == [0, 1]


# ---------------------------------------------------------------------------
# Character classes: the loosened class matches every code point the original does,
# in ordinary and negated classes, alone and with other members.

ALL = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


def _shapes_of(member: str) -> list[str]:
    shapes = [member, f"[{member}]", f"[{member}x]", f"[^{member}]", f"[^{member}x]"]
    return shapes + [f"(?i){shape}" for shape in shapes]


def _assert_loosened_covers(pattern: str) -> None:
    loosened = re2_superset(pattern)
    assert loosened is not None, pattern
    # Runs rather than single characters: RE2's Python binding is slow per match.
    matched = "".join(regex.findall(f"(?:{pattern})+", ALL))
    missed = re2.sub(f"(?:{loosened})+", "", matched)
    assert not missed, (pattern, loosened, missed[:5])


def test_class_escapes_are_covered_on_every_code_point():
    for escape in (r"\w", r"\W", r"\d", r"\D", r"\s", r"\S"):
        for pattern in _shapes_of(escape):
            _assert_loosened_covers(pattern)


def test_builtin_properties_are_covered_on_every_code_point():
    used = {p for r in PHASE.compiled if r.rule.match for p in re.findall(r"\\[pP]\{[^}]*\}", r.rule.match)}
    assert used  # the packs use \p{P}, \p{Lu}, ...
    for prop in sorted(used):
        for pattern in _shapes_of(prop):
            _assert_loosened_covers(pattern)


# ---------------------------------------------------------------------------
# The screen never hides a match


def _truth(phase: LinePhase, line: str) -> set[int]:
    return {i for i, r in enumerate(phase.compiled) if r.pattern is not None and r.pattern.search(line)}


def _passing(phase: LinePhase, line: str) -> set[int]:
    return {k for _, maybe, _ in phase.candidates([line]) for k in maybe}


def _rule_lines(phase: LinePhase) -> list[str]:
    texts = [e.before for r in phase.compiled for e in r.rule.examples] + \
        [c for r in phase.compiled for c in r.rule.counterexamples]
    return sorted({line for text in texts for line in text.split("\n")})


def test_every_builtin_line_rule_is_screened():
    assert PHASE.screen.unscreened == ()


def test_screen_passes_every_line_of_every_builtin_example():
    for line in _rule_lines(PHASE):
        missed = _truth(PHASE, line) - _passing(PHASE, line)
        assert not missed, (line, [PHASE.compiled[i].rule.id for i in missed])


_chrome_words = ["Read", "more", "read more:", "Share", "share this", "Photo", "AP", "Getty Images", "©", "2024",
                 "Advertisement", "Back to top", "Follow us", "newsletter", "Subscribe", "comments", "(", ")", "/",
                 "|", "•", "-", ":", " ", "  ", "\u212a", "\u0130", "\u00df", "K", "the", "THE", "Reuters", "Image",
                 "Leave a Reply", "Skip to content", "Tags:", "Related", "12 Comments", "By", "Jane Doe", ".",
                 "\u00a0", "\u2014", "[caption]", "[/caption]", "é", "ÉTÉ", "١٢"]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_chrome_words), max_size=8).map("".join))
def test_screen_never_hides_a_builtin_match(line):
    missed = _truth(PHASE, line) - _passing(PHASE, line)
    assert not missed, [PHASE.compiled[i].rule.id for i in missed]


_shapes = st.sampled_from([r"\w+", r"\W", r"\d{2,40}", r"\s*+", r"[^\s\p{P}]", r"\bab\b", r"(?i)ab", r"(?<!x)a",
                           r"(?=b)", r"(?=[ab ]*$)", r"(?=\w+\b)", r"(?i:ab)", r"[^a-z]", r"(?>a|ab)c", r"(a|b)\1", r"[\p{Lu}\d]", r"\S+?", r"x{0,3}", r"^", r"$", r"."])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_shapes, min_size=1, max_size=4).map("".join),
       st.text(st.sampled_from("abxAB1 _-.\u00e9\u0661\u00a0\u2014\u212a"), max_size=12))
def test_loosened_patterns_match_wherever_the_original_does(pattern, line):
    loosened = re2_superset(pattern)
    if loosened is not None and regex.search(pattern, line):
        assert re2.compile(loosened, re2_options()).search(line), (pattern, loosened, line)


_contexts = st.sampled_from([r"(?=b)", r"(?=a\w)", r"(?<=x)", r"(?<=a )", r"(?<=x)(?=b)", r"(?=(?<=a)b)", r"c",
                             r"(?i:(?=B))", r"(?>(?=a)|(?<=b))", r"(?=b|(?<=x)a)", r""])


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(_shapes, max_size=3).map("".join), st.lists(_contexts, min_size=1, max_size=4),
       st.text(st.sampled_from("abxAB1 _-.\u00e9\u212a"), max_size=12))
def test_a_guards_loosened_contexts_match_wherever_it_does(head, contexts, line):
    pattern = head + "(?:" + "|".join(contexts) + ")"
    loosened = re2_superset(pattern, contexts=True)
    if loosened is not None and regex.search(pattern, line):
        assert re2.compile(loosened, re2_options()).search(line), (pattern, loosened, line)


def test_guards_are_screened_by_their_contexts():
    assert re2_superset(r"X(?:(?=, Texas)|(?<=Battle of ))", contexts=True) == \
        r"(?:X\x{2c}\x{20}Texas|Battle\x{20}of\x{20})"
    assert re2_superset(r"a(?=b)c", contexts=True) == "ac"  # a lookahead with more after it: dropped


def test_every_builtin_guard_is_live_wherever_it_matches():
    """Each built-in rule's guards, on every example and counterexample of every rule, and
    on the names table's traps with each of the rule's spellings: where a guard matches,
    its document screen (cleantext.inline.phase) names it."""
    import yaml

    from cleantext.kinds import inline_kind, literal_pairs

    rules = Cleaner(preview=True).rules
    texts = [t for rule in rules for t in
             [*rule.counterexamples, *(e.before for e in rule.examples), *(e.after for e in rule.examples)]]
    table = yaml.safe_load((ROOT / "tools" / "names" / "entities.yml").read_text(encoding="utf-8"))
    traps = [t for context in table["contexts"] for t in context.get("counterexamples", [])]
    checked = 0
    for rule in rules:
        kind = inline_kind(rule)
        guards = kind.guards(rule) if kind else []
        if not guards:
            continue
        screen = Screen(dict(enumerate(guards)), multiline=True, contexts=True)
        assert screen.unscreened == (), rule.id
        spellings = {written for written, _ in literal_pairs(rule, "official")}
        for text in texts + [t.replace("{}", written) for t in traps for written in spellings]:
            live = set(screen.candidates(text))
            for k, guard in enumerate(guards):
                if regex.search(guard, text):
                    checked += 1
                    assert k in live, (rule.id, guard[:80], text)
    assert checked > 1000


def test_case_insensitive_classes_are_covered():
    # The ASCII members of \p{Lu} are taken without the flag; RE2's (?i) must then widen
    # them exactly as `regex` widens the property, also inside negated classes.
    patterns = [r"(?i)\p{Lu}", r"(?i)[^\p{Lu}]", r"(?i)[^\p{Ll}x]", r"(?i)\P{Lu}", r"(?i:[^\p{Ll}])b",
                r"(?i)[^A-Z]", r"(?i)[^\w]", r"(?i)\p{Lt}"]
    for pattern in patterns:
        loosened = re2.compile(re2_superset(pattern), re2_options())
        for ch in "aAzZ_\u00e9\u00c9\u01c5 1.":
            if regex.search(pattern, ch + "b"):
                assert loosened.search(ch + "b"), (pattern, ch)


def test_gated_line_phase_equals_trying_every_rule(monkeypatch):
    """On the seeds and the team's dev pages, the screened phase drops exactly the lines
    the same rules drop when every rule is tried on every line."""
    docs = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    chrome = shared_path("dev-data", "chrome", "docs")
    docs += [p.read_text(encoding="utf-8") for p in sorted(chrome.glob("*/traf.txt"))]
    gated = [PHASE.drops(d.split("\n"), Budget()) for d in docs]
    assert sum(map(len, gated)) > 100  # the rules do drop lines here

    def every_rule(self, lines):
        rules = [i for i, r in enumerate(self.compiled) if r.pattern is not None]
        return ((i, rules, set()) for i, line in enumerate(lines) if line and not line.isspace())

    monkeypatch.setattr(LinePhase, "candidates", every_rule)
    assert [PHASE.drops(d.split("\n"), Budget()) for d in docs] == gated

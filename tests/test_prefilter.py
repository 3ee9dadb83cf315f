"""The line-rule gates (required literals, letter-and-digit bounds, line-start
prefixes) never hide a line a rule matches."""
from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Cleaner
from cleantext.kinds import Budget, LinePhase, normalize_line
from cleantext.prefilter import LiteralIndex, alnum_count, line_start_prefixes, max_alnum, required_literals

from .conftest import ROOT, shared_path


def test_required_literals_of_common_shapes():
    assert required_literals(r"(?i)^\s*skip to (main )?content\s*$") == {"skip to "}
    assert required_literals(r"^(?:read more|also read):") == {"read more", "also read"}
    assert required_literals(r"^\p{Lu}+ news$") == {" news"}
    assert required_literals(r"^[a-z]+$") is None
    assert required_literals(r"(?P<x>a)(?P=x)b") is None or "a" not in required_literals(r"(?P<x>a)(?P=x)b")


def test_overlapping_literals_are_all_found():
    index = LiteralIndex({0: frozenset({"read more"}), 1: frozenset({"more from"}), 2: frozenset({"ore"})})
    assert index.candidates("Read more from us") == {0, 1, 2}


PHASE = Cleaner()._base.lines
_lines = st.text(st.sampled_from("abcd rmeoRM:-" + "\u0130\u00df"), max_size=40)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_lines)
def test_builtin_line_rules_are_never_missed(line):
    phase = PHASE
    for index in phase.index.rules_of.values():
        for i in index:
            rule = phase.compiled[i]
            if rule.pattern.search(line):
                assert i in phase.index.candidates(line), rule.rule.id


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["read", " more", "more", "ore f", "from", "skip", "to", ":"]), max_size=6).map("".join))
def test_prefilter_agrees_with_the_patterns(line):
    patterns = [r"(?i)read more", r"more from", r"^skip to", r"(?i)re f|to:"]
    required = {i: required_literals(p) for i, p in enumerate(patterns)}
    index = LiteralIndex({i: lits for i, lits in required.items() if lits})
    for i, pattern in enumerate(patterns):
        if required[i] and regex.search(pattern, line):
            assert i in index.candidates(line)


# ---------------------------------------------------------------------------
# Gates: letter-and-digit bounds and line-start prefixes never hide a match


def test_max_alnum_of_common_shapes():
    assert max_alnum(r"^\s*skip to content\s*$") == 13
    assert max_alnum(r"(?i)^[\s\p{P}\p{S}]*(?:back to top|menu)[\s\p{P}]*$") == 9
    assert max_alnum(r"^x{3}\.$") == 3
    assert max_alnum(r"^[!-/]*$") == 0
    assert max_alnum(r"^(?:ab|c)\s*$") == 2
    assert max_alnum(r"^[^\n]*$") is None  # unbounded
    assert max_alnum(r"(?i)^[\s\p{P}]*(?:a|bc)+$") is None
    assert max_alnum(r"^skip to content") is None  # not anchored at the end: the line may go on
    assert max_alnum(r"^[[:alpha:]]+$") is None  # POSIX classes are not parsed here
    assert max_alnum(r"^[^\p{P}]$") == 1  # a negated class may match a letter


def test_alnum_count_is_str_isalnum():
    for line in ["Héllo, wörld_ 12!", "abc def_12 ;", "", "\u0130stanbul \u00b2 \u2460", "x" * 500]:
        assert alnum_count(line) == sum(map(str.isalnum, line))


def test_line_start_prefixes_of_common_shapes():
    assert line_start_prefixes(r"(?i)^[\s\p{P}]*(?:read (?:more|also)|also read)\s*:") == {"read", "also"}
    assert line_start_prefixes(r"^\s*(?:ab)?c") == {"abc", "c"}
    assert line_start_prefixes(r"^e\p{Pd}mail") == {"e"}  # a property stands for any punctuation
    assert line_start_prefixes(r"^(?=foo)bar") == {"bar"}
    assert line_start_prefixes(r"^\d+ of") == set("0123456789")
    assert line_start_prefixes(r"^(?:\(c\)|copyright)") is None  # may start with punctuation
    assert line_start_prefixes(r"^\p{Lu}\w+ news") is None  # may start with any letter
    assert line_start_prefixes(r"read more") is None  # not anchored


def _truth(phase: LinePhase, line: str) -> set[int]:
    return {i for i, r in enumerate(phase.compiled) if r.pattern is not None and r.pattern.search(line)}


def _passing(phase: LinePhase, line: str) -> set[int]:
    """Rules the gates let through: anywhere rules as candidates, windowed ones near an edge."""
    anywhere, _ = phase.candidates(line, Budget())
    near_edge = {i for indices in phase.near_edge_candidates(line).values() for i in indices}
    return set(anywhere) | near_edge


def _rule_lines(phase: LinePhase) -> list[str]:
    texts = [e.before for r in phase.compiled for e in r.rule.examples] + \
        [c for r in phase.compiled for c in r.rule.counterexamples]
    return sorted({line for text in texts for line in text.split("\n")})


def test_gates_pass_every_line_of_every_builtin_example():
    for line in _rule_lines(PHASE):
        missed = _truth(PHASE, line) - _passing(PHASE, line)
        assert not missed, (line, [PHASE.compiled[i].rule.id for i in missed])


_chrome_words = ["Read", "more", "read more:", "Share", "share this", "Photo", "AP", "Getty Images", "©", "2024",
                 "Advertisement", "Back to top", "Follow us", "newsletter", "Subscribe", "comments", "(", ")", "/",
                 "|", "•", "-", ":", " ", "  ", "\u212a", "\u0130", "\u00df", "K", "the", "THE", "Reuters", "Image",
                 "Leave a Reply", "Skip to content", "Tags:", "Related", "12 Comments", "By", "Jane Doe", "."]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_chrome_words), max_size=8).map("".join))
def test_gates_never_hide_a_builtin_match(line):
    missed = _truth(PHASE, line) - _passing(PHASE, line)
    assert not missed, [PHASE.compiled[i].rule.id for i in missed]


def test_gated_line_phase_equals_trying_every_rule(monkeypatch):
    """On the seeds and the team's dev pages, the gated phase drops exactly the lines
    the same rules drop when every rule is tried on every line."""
    docs = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    chrome = shared_path("dev-data", "chrome", "docs")
    docs += [p.read_text(encoding="utf-8") for p in sorted(chrome.glob("*/traf.txt"))]
    gated = [PHASE.drops(d.split("\n"), Budget()) for d in docs]

    def every_rule(self, line, budget):
        exact = set(self.exact.get(normalize_line(line), ())) if self.exact else set()
        return [i for i, r in enumerate(self.compiled) if not r.windowed], exact

    monkeypatch.setattr(LinePhase, "candidates", every_rule)
    monkeypatch.setattr(LinePhase, "near_edge_candidates", lambda self, line: self.windowed)
    assert [PHASE.drops(d.split("\n"), Budget()) for d in docs] == gated

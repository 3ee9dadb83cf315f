"""Proposed rules, and the evidence (examples, counterexamples) cut from the pages for each."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import regex

from ..prose import STOPWORDS, is_prose, words
from ..shapes import _TOKEN, line_pattern, squeeze
from .analysis import Analysis, Candidate, Placement, Recurring, TailRun
from .text import MAX_ATTEMPTS, MAX_COUNTEREXAMPLES, MAX_EXAMPLES, MAX_SNIPPET, Log, sentences, snippet

# ---------------------------------------------------------------------------
# Rules


@dataclass
class Spec:
    """A proposed rule before rendering."""

    id: str
    kind: str
    why: str
    comment: list[str]
    where: str = "anywhere"
    within: int | None = None
    lines: list[tuple[str, str]] = field(default_factory=list)  # (text, comment)
    match: str | None = None
    members: list[Recurring] = field(default_factory=list)  # the recurring lines it removes
    run: TailRun | None = None
    examples: list[tuple[str, str]] = field(default_factory=list)
    counterexamples: list[str] = field(default_factory=list)


def _span(values: list[int]) -> str:
    return f"{min(values)}" if min(values) == max(values) else f"{min(values)}-{max(values)}"


def _pct(k: int, n: int) -> str:
    return f"{k}/{n} pages ({100 * k / n:.0f}%)"


def _positions(placement: Placement) -> str:
    return f"{_lines(_span(list(placement.head)), 'non-chrome ')} above, {_span(list(placement.tail))} below"


def _lines(count: str, kind: str = "") -> str:
    """'1 line', '2 lines', '1-3 lines' for a count or span."""
    return f"{count} {kind}{'line' if count == '1' else 'lines'}"


def _slug(text: str, limit: int = 40, default: str = "line") -> str:
    slug = regex.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug[:limit].rstrip("-") or default


def build_specs(analysis: Analysis, site: str) -> list[Spec]:
    n = len(analysis.pages)
    specs: list[Spec] = []
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for cand in analysis.drops:
        if cand.line.exact:
            groups[cand.place.where].append(cand)
        else:
            specs.append(_regex_spec(cand, n, site))
    names = {"head": "head-lines", "tail": "tail-lines", "anywhere": "lines"}
    places = {"head": "near the top of the page", "tail": "near the bottom of the page",
              "anywhere": "in different places on the page"}
    for where in ("head", "anywhere", "tail"):
        cands = sorted(groups.get(where, []), key=lambda c: (c.line.text.casefold(), c.line.text))
        if not cands:
            continue
        within = max(c.place.within or 0 for c in cands) if where != "anywhere" else None
        shares = [len(c.line.pages) for c in cands]
        one = len(cands) == 1
        spec = Spec(
            id=names[where], kind="drop_line", where=where, within=within,
            why=(f"{'A line' if one else 'Lines'} repeated on {_span(shares)} of {n} {site} pages, {places[where]}: "
                 "the site's navigation, widgets and footers, not article text. Proposed by "
                 "`cleantext learn`; review before use."),
            comment=[(f"1 line, on {_pct(shares[0], n)}" if one else
                      f"{len(cands):,} lines, each on at least {_pct(min(shares), n)}") + f", {places[where]}"
                     + (f" (within {within} non-chrome lines)" if within else "")],
            lines=[(c.line.text, f"{_pct(len(c.line.pages), n)}; {_positions(c.place)}") for c in cands],
            members=[c.line for c in cands],
        )
        specs.append(spec)
    for run in analysis.tails:
        text = run.marker.text
        spec = Spec(
            id=f"tail-from-{_slug(_TOKEN.sub(' ', text), default='marker')}", kind="truncate_after",
            where="tail", within=run.within, match=line_pattern(text),  # numbers and dates generalised
            why=(f"The same {len(run.shapes)} final lines end {len(run.pages)} of {n} {site} pages, "
                 f"starting with {text!r}: the site's footer; it and everything after it go. "
                 "Proposed by `cleantext learn`; review before use."),
            comment=[f"run of {len(run.shapes)} final lines on {_pct(len(run.pages), n)}; marker line on "
                     f"{_pct(len(run.marker.pages), n)}, {_lines(_span(run.after))} above the end"],
            members=[run.marker], run=run,
        )
        specs.append(spec)
    _unique_ids(specs)
    return sorted(specs, key=_order)


def _order(spec: Spec) -> tuple:
    rank = {"head": 0, "anywhere": 1, "tail": 2}[spec.where]
    return (rank, spec.kind == "truncate_after", spec.id)


def _unique_ids(specs: list[Spec]) -> None:
    seen: Counter = Counter()
    for spec in sorted(specs, key=lambda s: (s.id, s.match or "")):
        seen[spec.id] += 1
        if seen[spec.id] > 1:
            spec.id = f"{spec.id}-{seen[spec.id]}"


def _regex_spec(cand: Candidate, n: int, site: str) -> Spec:
    line, placement = cand.line, cand.place
    forms = sorted(line.forms, key=lambda f: (-line.forms[f], f))
    dated = any(m.lastgroup != "num" for m in _TOKEN.finditer(line.text))
    shown = ", ".join(repr(f) for f in forms[:3]) + (", ..." if len(forms) > 3 else "")
    return Spec(
        id="-".join(filter(None, [_slug(_TOKEN.sub(" ", line.text), default=""), "date" if dated else "number",
                                  "line"])),
        kind="drop_line", where=placement.where,
        within=placement.within, match=line_pattern(line.text),
        why=(f"A line repeated on {len(line.pages)} of {n} {site} pages with only its numbers or dates "
             f"changing ({shown}): site chrome such as a date bar or counter. Proposed by "
             "`cleantext learn`; review before use."),
        comment=[f"on {_pct(len(line.pages), n)} in {len(forms)} forms; {_positions(placement)}"],
        members=[line],
    )


# ---------------------------------------------------------------------------
# Evidence: examples and counterexamples cut from the pages


class _Checker:
    """A pack loaded the way the harness loads it, to run candidate evidence through the
    engine: each rule alone, and all rules together with and without the built-in packs.
    (A rule alone behaves the same with or without the built-in packs: they are not
    selected. So the built-in packs, slow to load, are loaded once, for the full run.)"""

    def __init__(self, root: Path):
        from ..loader import load_packs
        from ..testing import rule_cases

        load_packs([root])  # raises RuleFileError, naming file:line:col, if the pack is invalid
        self.cases = {case.rule.short_id: case for case in rule_cases([root], builtin=False)}
        with_builtin = rule_cases([root], builtin=True)
        self.full = [with_builtin[0].full(), next(iter(self.cases.values())).full()] if self.cases else []
        self._untouched: dict[str, bool] = {}

    def problems(self) -> dict[str, str]:
        """Rule id -> the first check it fails: the harness's (examples alone and with
        every other rule, built-in or not; counterexamples unchanged) and `cleantext
        check`'s warnings (a regex that backtracks badly)."""
        from ..lint import lint
        from ..testing import check_counterexample, check_example

        failed = {}
        for rule_id, case in sorted(self.cases.items()):
            found = [check_example(case, ex, cleaner) for ex in case.rule.examples
                     for cleaner in [case.alone(), *self.full]]
            found += [check_counterexample(case, text, case.rule.counterexample_line(k))
                      for k, text in enumerate(case.rule.counterexamples)]
            found += [str(problem) for problem in lint([case.rule])]
            problem = next((p for p in found if p), None)
            if problem:
                failed[rule_id] = problem
        return failed

    def example_after(self, rule_id: str, before: str) -> str | None:
        """What the rule makes of `before`, if that is the same alone and with all other
        rules (built-in or not), survives being embedded in other text, and is stable."""
        from ..testing import changes_by, surround

        case = self.cases[rule_id]
        alone = case.run(case.alone(), before)
        if not changes_by(alone, case.rule) or alone.guarded:
            return None
        after = alone.text
        for cleaner in self.full:
            full = case.run(cleaner, before)
            if full.text != after or case.run(cleaner, after).text != after:
                return None
        for prefix, suffix in _FILLER_PLACES:
            want = surround(case, after, prefix, suffix)
            if case.run(case.alone(), surround(case, before, prefix, suffix)).text != want:
                return None
        return after

    def stays(self, rule_id: str, text: str) -> bool:
        """Whether the rule leaves `text` alone, on its own and embedded in other text."""
        from ..testing import changes_by, check_counterexample, surround

        case = self.cases[rule_id]
        if check_counterexample(case, text) is not None:
            return False
        for prefix, suffix in _FILLER_PLACES:
            embedded = surround(case, text, prefix, suffix)
            result = case.run(case.alone(), embedded)
            if result.text != embedded or changes_by(result, case.rule):
                return False
        return True

    def untouched(self, text: str) -> bool:
        """Whether all rules, built-in or proposed, leave this text alone, at the top of a
        document, at its end, or alone."""
        if text not in self._untouched:
            filler = _FILLER_PLACES[0][1][0]
            site = next(iter(self.cases.values())).site if self.cases else None
            placed = (text, f"{text}\n\n{filler}", f"{filler}\n\n{text}")
            self._untouched[text] = all(
                (result := cleaner.clean(doc, site=site)).text == doc and not result.guarded
                for cleaner in self.full for doc in placed)
        return self._untouched[text]


def _filler_places() -> tuple[tuple[list[str], list[str]], ...]:
    """Generated paragraphs around a text, as the harness's property tests place them."""
    from ..testing import FILLER_WORDS, paragraph

    a, b, c = (paragraph(FILLER_WORDS[k:k + 12]) for k in (0, 12, 30))
    return (([a], [b, c]), ([a, b, c], []), ([], [a, b, c]))


_FILLER_PLACES = _filler_places()


def _article_lines(analysis: Analysis, p: int) -> list[int]:
    """Lines of page p that look like article text: prose found on this page only."""
    if p not in analysis._article:
        page = analysis.pages[p]
        analysis._article[p] = [i for i in page.nonblank if analysis.counts[page.shapes[i]] == 1
                                and i not in analysis.chrome[p] and is_prose(page.lines[i])]
    return analysis._article[p]


def _take(analysis: Analysis, p: int, indices: Iterable[int], need: int, ok: Callable[[str], bool]) -> list[int]:
    """Article lines, in the order given, until they hold `need` words; none if they never do."""
    out, total = [], 0
    for i in indices:
        text = snippet(analysis.pages[p].lines[i])
        if not ok(text):
            continue
        out.append(i)
        total += len(words(text))
        if total >= need:
            return out
    return []


def _excerpts(analysis: Analysis, spec: Spec, ok: Callable[[str], bool]) -> Iterable[tuple[int, str, str]]:
    """(page, excerpt, removed text) candidates for an example, most typical first. Article
    lines are used only when `ok` (no other rule changes them)."""
    pages = analysis.pages
    if spec.run is not None:
        run = spec.run
        for p in run.pages:
            page, start = pages[p], run.starts[p]
            tail = [i for i in page.nonblank if i >= start][:4]
            chrome = [squeeze(page.lines[i]) for i in tail]
            need = max(25, 2 * sum(len(words(c)) for c in chrome) + 5)
            body = _take(analysis, p, reversed([i for i in _article_lines(analysis, p) if i < start]), need, ok)
            if body:
                yield p, "\n\n".join([snippet(page.lines[i]) for i in sorted(body)] + chrome), chrome[0]
        return
    members = sorted(spec.members, key=lambda m: (-len(m.pages), m.text.casefold(), m.text))
    for member in members:
        for p, i in sorted(member.spots):
            page = pages[p]
            removed = squeeze(page.lines[i])
            need = max(25, 2 * len(words(removed)) + 5)
            article = [j for j in _article_lines(analysis, p) if ok(snippet(page.lines[j]))]
            above = [j for j in reversed(article) if j < i]
            below = [j for j in article if j > i]
            if spec.where == "head":
                parts = [[], _take(analysis, p, below, need, ok)]
            elif spec.where == "tail":
                parts = [_take(analysis, p, above, need, ok), []]
            else:  # one paragraph above (when there is one), the rest below
                first = above[:1]
                have = sum(len(words(snippet(page.lines[j]))) for j in first)
                rest = _take(analysis, p, below, need - have, ok) if have < need else []
                parts = [first, rest]
                if have < need and not rest:
                    parts = [_take(analysis, p, above, need, ok), []]
            if not (parts[0] or parts[1]):
                continue
            text = [snippet(page.lines[j]) for j in sorted(parts[0])] + [removed] + \
                   [snippet(page.lines[j]) for j in sorted(parts[1])]
            yield p, "\n\n".join(text), removed


def _counter_candidates(analysis: Analysis, spec: Spec) -> list[str]:
    """Article sentences, those sharing the most words with the rule's lines first."""
    vocab = {w.casefold() for m in spec.members for f in m.forms for w in words(f)
             if w.casefold() not in STOPWORDS and len(w) > 2 and not w.isdigit()}
    scored = []
    for p in range(len(analysis.pages)):
        for i in _article_lines(analysis, p):
            for k, sentence in enumerate(sentences(squeeze(analysis.pages[p].lines[i]))):
                found = words(sentence)
                if len(found) < 6 or len(sentence) > MAX_SNIPPET:
                    continue
                overlap = len(vocab & {w.casefold() for w in found})
                scored.append((-overlap, p, i, k, sentence))
    scored.sort()
    return [s[-1] for s in scored]


def gather_evidence(analysis: Analysis, specs: list[Spec], checker: _Checker, log: Log) -> list[Spec]:
    """Examples and counterexamples for each rule; rules left without either are dropped."""
    kept = []
    for spec in specs:
        spec.examples, spec.counterexamples = [], []
        used_pages, used_lines = set(), set()
        for attempt, (p, before, removed) in enumerate(_excerpts(analysis, spec, checker.untouched)):
            if attempt >= MAX_ATTEMPTS or len(spec.examples) >= MAX_EXAMPLES:
                break
            if p in used_pages or removed in used_lines:
                continue
            after = checker.example_after(spec.id, before)
            if after is None or removed in after.split("\n"):
                continue
            spec.examples.append((before, after))
            used_pages.add(p)
            used_lines.add(removed)
        for sentence in _counter_candidates(analysis, spec)[:MAX_ATTEMPTS]:
            if len(spec.counterexamples) >= MAX_COUNTEREXAMPLES:
                break
            if sentence not in spec.counterexamples and checker.stays(spec.id, sentence):
                spec.counterexamples.append(sentence)
        if not spec.examples:
            log(f"cleantext learn: dropped {spec.id}: no page excerpt gives an example it reproduces")
        elif not spec.counterexamples:
            log(f"cleantext learn: dropped {spec.id}: no article sentence to serve as a counterexample")
        else:
            kept.append(spec)
    return kept

"""The corpus of pages and its recurring lines: which are chrome, which are refused, where they sit."""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import regex

from ..prose import is_prose, words
from ..shapes import has_letters, line_pattern, shape, squeeze
from .text import MAX_TAIL, NEAR, SLACK

# ---------------------------------------------------------------------------
# The corpus and its recurring lines


@dataclass
class Page:
    lines: list[str]  # after the engine's unicode repair, split on newlines
    shapes: list[str | None]  # None for blank lines
    nonblank: list[int] = field(init=False)  # indices of the nonblank lines
    _pos: dict[int, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.nonblank = [i for i, s in enumerate(self.shapes) if s is not None]
        self._pos = {i: k for k, i in enumerate(self.nonblank)}

    def neighbours(self, i: int) -> tuple[int | None, int | None]:
        """The nonblank lines just above and below line i."""
        k = self._pos[i]
        return (self.nonblank[k - 1] if k > 0 else None,
                self.nonblank[k + 1] if k + 1 < len(self.nonblank) else None)


def _fixed(text: str) -> str:
    from .. import unicode
    from ..edits import splice

    return splice(text, unicode.fix(text))


def make_pages(docs: Iterable[str]) -> list[Page]:
    """Pages in the engine's view (unicode-fixed lines), without duplicates, in a fixed
    order (sorted), so the proposal does not depend on the order the files came in."""
    texts = sorted({text for text in map(_fixed, docs) if text.strip()})
    pages = []
    for text in texts:
        lines = text.split("\n")
        pages.append(Page(lines, [shape(line) if line.strip() else None for line in lines]))
    return pages


@dataclass
class Recurring:
    """One shape seen on several pages."""

    shape: str
    pages: set[int] = field(default_factory=set)
    spots: list[tuple[int, int]] = field(default_factory=list)  # (page, line index)
    forms: Counter = field(default_factory=Counter)  # squeezed text as written -> count

    @property
    def text(self) -> str:
        """The most common way it is written (ties: first in sorted order)."""
        return min(self.forms, key=lambda f: (-self.forms[f], f))

    @property
    def exact(self) -> bool:
        """Literally the same line wherever it occurs (as `lines:` compares)."""
        from ..kinds.drop_line import normalize_line

        return len({normalize_line(f) for f in self.forms}) == 1


@dataclass
class Placement:
    where: str  # head, tail or anywhere
    within: int | None
    head: tuple[int, int]  # smallest and largest rank among non-chrome lines from the top
    tail: tuple[int, int]


@dataclass
class Candidate:
    line: Recurring
    placement: Placement | None = None  # set by analyse once every drop is known

    @property
    def place(self) -> Placement:
        assert self.placement is not None, "analyse places every candidate"
        return self.placement


@dataclass
class TailRun:
    """The same run of final lines on several pages; `marker` is its first line."""

    shapes: tuple[str, ...]
    pages: list[int]
    marker: Recurring
    starts: dict[int, int]  # page -> line index of the marker
    after: list[int] = field(default_factory=list)  # per page, the nonblank lines after the marker
    within: int = 0


@dataclass
class Analysis:
    pages: list[Page]
    min_pages: int
    recurring: dict[str, Recurring]
    counts: Counter  # shape -> pages it is on
    refused: dict[str, str]  # shape -> reason
    drops: list[Candidate]
    tails: list[TailRun]
    chrome: list[set[int]]  # per page: line indices the proposed rules remove
    _article: dict[int, list[int]] = field(default_factory=dict, repr=False)


# Reasons a line may be article text; --include-refused overrides these, not the ones
# about patterns (a pattern that fits no form, or other lines too, makes no rule).
ARTICLE_REASONS = frozenset({"prose", "inside a longer line", "a phrase of prose", "between prose lines",
                             "heads the article text"})


def analyse(pages: list[Page], min_share: float, include_refused: bool = False) -> Analysis:
    """The recurring lines and what becomes of them. `include_refused`: lines refused as
    possible article text are proposed anyway (they stay listed in `refused`)."""
    n = len(pages)
    min_pages = max(2, math.ceil(min_share * n - 1e-9))
    counts: Counter = Counter()
    for page in pages:
        counts.update({s for s in page.shapes if s is not None})
    recurring: dict[str, Recurring] = {}
    for p, page in enumerate(pages):
        for i, s in enumerate(page.shapes):
            if s is not None and counts[s] >= min_pages and has_letters(s):
                entry = recurring.setdefault(s, Recurring(s))
                entry.pages.add(p)
                entry.spots.append((p, i))
                entry.forms[squeeze(page.lines[i])] += 1
    refused = _refuse(pages, recurring, counts, min_pages)
    blocked = {s: why for s, why in refused.items() if not (include_refused and why in ARTICLE_REASONS)}
    accepted = {s: r for s, r in recurring.items() if s not in blocked}
    tails = _tail_runs(pages, min_pages, recurring, blocked)
    chrome: list[set[int]] = [set() for _ in pages]
    for run in tails:
        for p, start in run.starts.items():
            chrome[p].update(i for i in pages[p].nonblank if i >= start)
    drops = []
    for _, entry in sorted(accepted.items()):
        if all(i in chrome[p] for p, i in entry.spots):
            continue  # every occurrence goes with a truncated tail
        drops.append(Candidate(entry))
    for cand in drops:
        for p, i in cand.line.spots:
            chrome[p].add(i)
    ranks = _ranks(pages, chrome)
    for cand in drops:
        cand.placement = _place(cand.line, ranks)
    for run in tails:
        run.after = [sum(1 for i in pages[p].nonblank if i > start) for p, start in sorted(run.starts.items())]
        run.within = max(run.after) + 1 + max(SLACK, max(run.after) // 4)
    return Analysis(pages, min_pages, recurring, counts, refused, drops, tails, chrome)


def _refuse(pages: list[Page], recurring: dict[str, Recurring], counts: Counter,
            min_pages: int) -> dict[str, str]:
    """Recurring lines that may be article text, with the reason."""
    refused: dict[str, str] = {}
    for s, entry in recurring.items():
        if any(is_prose(f) for f in entry.forms):
            refused[s] = "prose"
    # Text that also occurs inside a longer line of prose that does not recur is used in
    # running text. (Not any longer line: a menu on one page, "* NFL Shop", would keep the
    # menu item "* NFL" that every page shares.)
    # (Lines are indexed by word, so each candidate is searched only where its words are.)
    cores = {s: sorted({c for c in map(_core, entry.forms) if words(c)})
             for s, entry in recurring.items() if s not in refused}
    vocab = {w.casefold() for found in cores.values() for c in found for w in words(c)}
    longer: list[str] = []
    index: dict[str, set[int]] = defaultdict(set)
    for page in pages:
        for i in page.nonblank:
            if counts[page.shapes[i]] < min_pages and is_prose(page.lines[i]):
                text = squeeze(page.lines[i])
                for w in {w.casefold() for w in words(text)} & vocab:
                    index[w].add(len(longer))
                longer.append(text)
    for s, found in sorted(cores.items()):
        for core in found:
            size = len(words(core))
            where = set.intersection(*(index.get(w.casefold(), set()) for w in words(core)))
            pattern = regex.compile(rf"(?<!\w){regex.escape(core)}(?!\w)")
            if any(len(words(longer[k])) > size and pattern.search(longer[k]) for k in sorted(where)):
                refused[s] = "inside a longer line"
                break
    # Several words that also run, in any case and punctuation, through a sentence of prose
    # (repeated or not) are a phrase of running text ("Baar (Switzerland)").
    prose = [f" {' '.join(w.casefold() for w in words(page.lines[i]))} " for page in pages
             for i in page.nonblank if is_prose(page.lines[i])]
    prose_index: dict[str, set[int]] = defaultdict(set)
    for k, text in enumerate(prose):
        for w in set(text.split()) & vocab:
            prose_index[w].add(k)
    for s, found in sorted(cores.items()):
        if s in refused:
            continue
        for core in found:
            phrase = [w.casefold() for w in words(core)]
            if len(phrase) < 2:
                continue
            where = set.intersection(*(prose_index.get(w, set()) for w in phrase))
            if any(f" {' '.join(phrase)} " in prose[k] for k in sorted(where)):
                refused[s] = "a phrase of prose"
                break
    # Lines between two lines of prose sit in an article body (datelines, captions); a
    # heading directly above each page's first prose line opens it ("In Brief").
    openings = [_first_prose(page) for page in pages]
    for s, entry in recurring.items():
        if s in refused:
            continue
        inside = set()
        for p, i in entry.spots:
            page = pages[p]
            above, below = page.neighbours(i)
            if above is not None and below is not None and is_prose(page.lines[above]) \
                    and is_prose(page.lines[below]):
                inside.add(p)
        if inside and len(inside) * 2 >= len(entry.pages):
            refused[s] = "between prose lines"
        elif _LABEL.fullmatch(entry.text) and all(
                openings[p] is not None and pages[p].neighbours(i)[1] == openings[p] for p, i in entry.spots):
            refused[s] = "heads the article text"
    # A generalised pattern must match its own forms and nothing else on the pages.
    for s, entry in sorted(recurring.items()):
        if s in refused or entry.exact:
            continue
        pattern = regex.compile(line_pattern(entry.text))
        if not all(pattern.search(f) for f in entry.forms):
            refused[s] = "no pattern fits all its forms"
        elif any(page.shapes[i] != s and pattern.search(page.lines[i]) for page in pages for i in page.nonblank):
            refused[s] = "its pattern matches other lines"
    return refused


# Words and spaces only: a heading, not a timestamp, a menu row or a sentence.
_LABEL = regex.compile(r"\p{L}+(?:['’-]\p{L}+)*(?: \p{L}+(?:['’-]\p{L}+)*)*")


def _first_prose(page: Page) -> int | None:
    return next((i for i in page.nonblank if is_prose(page.lines[i])), None)


def _core(text: str) -> str:
    """A line without the bullets and punctuation around it."""
    return regex.sub(r"^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$", "", text)


def _tail_runs(pages: list[Page], min_pages: int, recurring: dict[str, Recurring],
               refused: dict[str, str]) -> list[TailRun]:
    """Maximal runs of final lines (by shape) shared by at least `min_pages` pages."""
    seqs = [[s for i in reversed(page.nonblank) if (s := page.shapes[i]) is not None][:MAX_TAIL] for page in pages]
    found: list[tuple[tuple[str, ...], list[int]]] = []
    stack: list[tuple[tuple[str, ...], list[int]]] = [((), list(range(len(pages))))]
    while stack:
        prefix, members = stack.pop()
        groups: dict[str, list[int]] = defaultdict(list)
        for p in members:
            if len(seqs[p]) > len(prefix):
                groups[seqs[p][len(prefix)]].append(p)
        children = [(prefix + (s,), g) for s, g in sorted(groups.items()) if len(g) >= min_pages]
        stack.extend(reversed(children))
        # A run ends where it stops being shared; it is kept also when enough of its pages
        # go on differently (those pages have no longer run).
        uncovered = len(members) - sum(len(g) for _, g in children)
        if len(prefix) >= 2 and (not children or uncovered >= min_pages):
            found.append((prefix, members))
    runs = []
    for prefix, members in sorted(found):
        run = list(reversed(prefix))
        # Start after the last line that may be article text; the marker must be acceptable.
        start = 0
        for k, s in enumerate(run):
            if refused.get(s) == "prose":
                start = k + 1
        while start < len(run) and (run[start] in refused or run[start] not in recurring):
            start += 1  # the marker itself must be acceptable, and have letters
        if len(run) - start < 2:
            continue
        marker = recurring[run[start]]
        starts = {p: pages[p].nonblank[-(len(run) - start)] for p in members}
        runs.append(TailRun(tuple(run[start:]), sorted(members), marker, starts))
    return runs


def _ranks(pages: list[Page], chrome: list[set[int]]) -> list[dict[int, tuple[int, int]]]:
    """Per page, line index -> (non-chrome lines above it, non-chrome lines below it): the
    ranks `where: head|tail` compare with `within` once the chrome is gone."""
    out = []
    for p, page in enumerate(pages):
        kept = [i for i in page.nonblank if i not in chrome[p]]
        seen, ranks = 0, {}
        for i in page.nonblank:
            own = 0 if i in chrome[p] else 1
            ranks[i] = (seen, len(kept) - seen - own)
            seen += own
        out.append(ranks)
    return out


def _place(line: Recurring, ranks: list[dict[int, tuple[int, int]]]) -> Placement:
    heads = [ranks[p][i][0] for p, i in line.spots]
    tails = [ranks[p][i][1] for p, i in line.spots]
    head, tail = (min(heads), max(heads)), (min(tails), max(tails))
    if head[1] <= NEAR and head[1] <= tail[1]:
        return Placement("head", head[1] + 1 + SLACK, head, tail)
    if tail[1] <= NEAR:
        return Placement("tail", tail[1] + 1 + SLACK, head, tail)
    return Placement("anywhere", None, head, tail)

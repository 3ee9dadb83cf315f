"""Propose a site pack from the lines that recur across many pages of one site.

    cleantext learn DIR... --site example.com [-o rules/sites/example.com.yml]
                    [--min-share 0.5] [--field text] [--url-field url]

reads the site's pages (text files, or JSONL records whose `url` is on the site or a
subdomain) and writes a pack of `drop_line` and `truncate_after` rules. Every rule
carries its evidence: a comment with its counts, examples cut from real pages whose
`after` the engine itself computed, and real article sentences as counterexamples.
A rule that fails the harness checks (`cleantext.testing`) is dropped, with a note on
stderr, so the pack passes `cleantext test` as written.

How it works
1. Each page is unicode-fixed as the engine would do and split into lines. A line's
   *shape* is its trimmed, squeezed, case-folded text with numbers, times, month and
   weekday names replaced by placeholders.
2. A shape found on at least `--min-share` of the pages (and on at least two) is a
   candidate. Candidates that may be article text are refused (when in doubt, leave it
   out): sentence-like prose (terminal punctuation, many words, many stopwords); lines
   whose text also occurs inside a longer line that is not repeated (the words are used
   in running text); lines that sit between two prose lines (inside an article body).
3. The longest run of final lines shared by enough pages becomes a `truncate_after`
   rule on its first line (the footer), leaving out any prose at the run's start.
4. Each other candidate is placed by its rank among the page's non-chrome lines, which
   is how the engine counts `within` (chrome already removed): always close to the top
   gives `where: head`, to the bottom `where: tail`, otherwise anywhere. Lines that are
   literally the same on every page go into `lines:`; the others become a `match:`
   regex with their numbers and dates generalised.
5. Examples are excerpts of real pages (the chrome line plus nearby article lines);
   counterexamples are article sentences (lines found on one page only) sharing words
   with the rule. The pack is then loaded and checked like `cleantext test` does;
   failing rules are dropped and the rest checked again.
"""
from __future__ import annotations

import argparse
import math
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import regex

DEFAULT_MIN_SHARE = 0.5
NEAR = 12  # a line always within this many non-chrome lines of the top (bottom) is head (tail) chrome
SLACK = 2  # extra room in `within` for pages a little different from the ones seen
MAX_TAIL = 300  # nonblank lines from the end considered for recurring tails
MAX_EXAMPLES = 2
MAX_COUNTEREXAMPLES = 2
MAX_ATTEMPTS = 40  # excerpts tried per rule before giving up on finding an example
MAX_SNIPPET = 320  # characters of an article paragraph kept in an example

Log = Callable[[str], None]

# ---------------------------------------------------------------------------
# Normalisation: shapes and generalised patterns

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
           "Sept", "Oct", "Nov", "Dec")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Mon", "Tue",
         "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun")


def _alternation(words: Iterable[str]) -> str:
    """Each word as Written and as WRITTEN, longest first (not in lower case: 'may' and
    'sun' are ordinary words)."""
    out = {form for word in words for form in (word, word.upper())}
    return "|".join(sorted(out, key=lambda w: (-len(w), w)))


_TIME = r"\d{1,2}(?::\d{2}){1,2}(?:\s?[AaPp]\.?[Mm](?!\w)\.?)?|\d{1,2}\s?[AaPp]\.?[Mm](?!\w)\.?"
_TOKEN = regex.compile(
    rf"(?P<time>(?<![\w:]){_TIME})"
    r"|(?P<num>\d+(?:(?:st|nd|rd|th)(?!\w))?)"
    rf"|(?P<month>(?<!\w)(?:{_alternation(_MONTHS)})(?!\w)\.?)"
    rf"|(?P<day>(?<!\w)(?:{_alternation(_DAYS)})(?!\w)\.?)"
)
_PLACEHOLDER = {"time": "\x00t", "num": "\x00n", "month": "\x00m", "day": "\x00d"}
_PLACEHOLDERS = regex.compile("\x00[a-z]")
_GENERAL = {
    "time": r"(?:\d{1,2}(?::\d{2}){1,2}(?:\s?[ap]\.?m\.?)?|\d{1,2}\s?[ap]\.?m\.?)",
    "num": r"\d+(?:st|nd|rd|th)?",
    "month": r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
             r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?",
    "day": r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
           r"|sat(?:urday)?|sun(?:day)?)\.?",
}


def squeeze(line: str) -> str:
    """Trimmed, with runs of whitespace as one space (case kept)."""
    return " ".join(line.split())


def shape(line: str) -> str:
    """The form recurring lines are counted in: trimmed, squeezed, case-folded, with
    times, numbers, month and weekday names replaced by placeholders."""
    text = squeeze(line)
    return _TOKEN.sub(lambda m: _PLACEHOLDER[m.lastgroup], text).casefold()


def line_pattern(line: str) -> str:
    """A regex matching the whole line with its numbers and dates generalised (and any
    case, any spacing): the `match:` of a line that recurs only in shape."""
    text, parts, pos = squeeze(line), [], 0
    for m in _TOKEN.finditer(text):
        parts.append(_literal(text[pos:m.start()]))
        parts.append(_GENERAL[m.lastgroup])
        pos = m.end()
    parts.append(_literal(text[pos:]))
    return r"(?i)^\s*" + "".join(parts) + r"\s*$"


def _literal(text: str) -> str:
    pieces = regex.split(r"(\s+)", text)
    return "".join(r"\s+" if piece.isspace() else regex.escape(piece, literal_spaces=True)
                   for piece in pieces if piece)


# ---------------------------------------------------------------------------
# What article text looks like

_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’][\p{L}]+)*")
_LETTER = regex.compile(r"\p{L}")
_TERMINAL = regex.compile(r"[.!?…。！？]['\"”’»)\]]*$")
# A final period that ends an abbreviation, not a sentence ("Hearst Communications, Inc.").
_ABBREVIATION = regex.compile(r"(?<!\w)(?:Inc|Ltd|Co|Corp|LLC|PLC|Jr|Sr|St|etc|[\p{Lu}])\.$")
# Copyright notices are chrome however they are punctuated.
_NOTICE = regex.compile(r"(?i)^(?:\W*©|\W*\(c\)\s|\W*copyright\b)")
_SENTENCE_END = regex.compile(r"(?<=[.!?…][\"”’»)\]]*)\s+(?=[\"“‘«(\[]?[\p{Lu}\p{N}])")
# Function words of the languages news scrapes are most often in; prose is full of them.
STOPWORDS = frozenset("""
a about after all also an and any are as at be been but by can could did do does for from had has
have he her his i if in into is it its may more most no not of on one or our out over said she so
some than that the their them there they this to up was we were what when which who will with would
you your
de la le les des du et en un une est pour que qui dans sur au par pas plus il elle
der die das und ist den von mit sich des auf für nicht ein eine dem zu im
el los las y en un una es por con para del se lo al su
yang dan di ke dari untuk dengan ini itu dalam tidak akan pada juga ada adalah oleh
""".split())


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_prose(line: str) -> bool:
    """Whether a line reads like running text rather than a menu item, label or headline:
    a sentence (terminal punctuation and four words or more), a long line, or a line
    made largely of function words."""
    found = words(line)
    n = len(found)
    if n >= 20:
        return True
    text = line.strip()
    if _NOTICE.search(text):
        return False
    if n >= 4 and _TERMINAL.search(text) and not text.endswith(("...", "…")) and not _ABBREVIATION.search(text):
        return True
    if n >= 8:
        share = sum(1 for w in found if w.casefold() in STOPWORDS) / n
        return share >= 0.3
    return False


def sentences(line: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(line.strip()) if s.strip()]


def snippet(line: str, limit: int = MAX_SNIPPET) -> str:
    """A paragraph cut to its first sentences (at least one) within `limit` characters."""
    text = squeeze(line)
    if len(text) <= limit:
        return text
    out = ""
    for sentence in sentences(text):
        if out and len(out) + 1 + len(sentence) > limit:
            break
        out = f"{out} {sentence}" if out else sentence
    return out


# ---------------------------------------------------------------------------
# Reading pages


def site_name(site: str) -> str:
    """A site as packs name it: the host, lower case, without `www.`."""
    site = site.strip()
    if "/" in site:
        site = urlsplit(site if "//" in site else "//" + site).hostname or ""
    site = site.lower().rstrip(".")
    return site[4:] if site.startswith("www.") else site


def on_site(url: object, site: str) -> bool:
    if not isinstance(url, str) or not url.strip():
        return False
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    host = host.lower().rstrip(".")
    return host == site or host.endswith("." + site)


TEXT_SUFFIXES = (".txt", ".text")


def read_pages(paths: Sequence[str], site: str, text_field: str = "text", url_field: str = "url",
               log: Log | None = None) -> list[str]:
    """The texts of the site's pages under the given files and folders: text files are
    pages; JSONL records are pages when their url is on the site. In folders, only
    .txt/.text/.jsonl/.ndjson files are read."""
    from .errors import InputError
    from .io import JSONL_SUFFIXES, decode, expand_inputs, read_jsonl

    say = log or _stderr
    docs: list[str] = []
    skipped = Counter()
    for arg in paths:
        in_folder = Path(arg).is_dir()
        for item in expand_inputs([arg]):
            suffix = item.path.suffix.lower()
            if in_folder and suffix not in TEXT_SUFFIXES + JSONL_SUFFIXES:
                continue
            if suffix in JSONL_SUFFIXES:
                with open(item.path, "rb") as stream:
                    for record in read_jsonl(stream, str(item.path), text_field):
                        if record.error is not None or record.data is None:
                            skipped["unreadable records"] += 1
                        elif not on_site(record.data.get(url_field), site):
                            skipped[f"records not on {site}"] += 1
                        else:
                            docs.append(record.text or "")
                continue
            try:
                text, _ = decode(item.path.read_bytes(), str(item.path))
            except (InputError, OSError) as exc:
                say(f"cleantext learn: skipped {exc}")
                skipped["unreadable files"] += 1
                continue
            docs.append(text)
    if skipped:
        say("cleantext learn: skipped " + ", ".join(f"{n} {what}" for what, n in sorted(skipped.items())))
    return docs


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


# ---------------------------------------------------------------------------
# The corpus and its recurring lines


@dataclass
class Page:
    lines: list[str]  # after the engine's unicode repair, split on newlines
    shapes: list[str | None]  # None for blank lines

    @property
    def nonblank(self) -> list[int]:
        return [i for i, s in enumerate(self.shapes) if s is not None]


def _fixed(text: str) -> str:
    from . import unicode
    from .edits import splice

    return splice(text, unicode.fix(text))


def make_pages(docs: Iterable[str]) -> list[Page]:
    """Pages in the engine's view (unicode-fixed lines), duplicates removed."""
    seen, pages = set(), []
    for doc in docs:
        text = _fixed(doc)
        if text in seen or not text.strip():
            continue
        seen.add(text)
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
        from .kinds import normalize_line

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
    placement: Placement | None = None


@dataclass
class TailRun:
    """The same run of final lines on several pages; `marker` is its first line."""

    shapes: tuple[str, ...]
    pages: list[int]
    marker: Recurring
    starts: dict[int, int]  # page -> line index of the marker
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


def analyse(pages: list[Page], min_share: float) -> Analysis:
    n = len(pages)
    min_pages = max(2, math.ceil(min_share * n - 1e-9))
    counts: Counter = Counter()
    for page in pages:
        counts.update({s for s in page.shapes if s is not None})
    recurring: dict[str, Recurring] = {}
    for p, page in enumerate(pages):
        for i, s in enumerate(page.shapes):
            if s is not None and counts[s] >= min_pages and _LETTER.search(_PLACEHOLDERS.sub("", s)):
                entry = recurring.setdefault(s, Recurring(s))
                entry.pages.add(p)
                entry.spots.append((p, i))
                entry.forms[squeeze(page.lines[i])] += 1
    refused = _refuse(pages, recurring, counts, min_pages)
    accepted = {s: r for s, r in recurring.items() if s not in refused}
    tails = _tail_runs(pages, min_pages, recurring, refused)
    chrome: list[set[int]] = [set() for _ in pages]
    for run in tails:
        for p, start in run.starts.items():
            chrome[p].update(i for i in pages[p].nonblank if i >= start)
    drops = []
    for s, entry in sorted(accepted.items()):
        if all(i in chrome[p] for p, i in entry.spots):
            continue  # every occurrence goes with a truncated tail
        drops.append(Candidate(entry))
    for cand in drops:
        for p, i in cand.line.spots:
            chrome[p].add(i)
    for cand in drops:
        cand.placement = _place(pages, cand.line, chrome)
    for run in tails:
        run.within = max(len([i for i in pages[p].nonblank if i > start]) for p, start in run.starts.items())
        run.within += 1 + max(SLACK, run.within // 4)
    return Analysis(pages, min_pages, recurring, counts, refused, drops, tails, chrome)


def _refuse(pages: list[Page], recurring: dict[str, Recurring], counts: Counter,
            min_pages: int) -> dict[str, str]:
    """Recurring lines that may be article text, with the reason."""
    refused: dict[str, str] = {}
    for s, entry in recurring.items():
        if is_prose(entry.text) or any(is_prose(f) for f in entry.forms):
            refused[s] = "prose"
    # Text that also occurs inside a longer line that does not recur is used in running text.
    longer = "\n".join(squeeze(page.lines[i]) for page in pages for i in page.nonblank
                       if counts[page.shapes[i]] < min_pages)
    for s, entry in recurring.items():
        if s in refused:
            continue
        for form in entry.forms:
            core = _core(form)
            if core and regex.search(rf"(?<!\w){regex.escape(core)}(?!\w)", _without_lines(longer, form)):
                refused[s] = "inside a longer line"
                break
    # Lines between two lines of prose sit in an article body (datelines, captions).
    for s, entry in recurring.items():
        if s in refused:
            continue
        inside = set()
        for p, i in entry.spots:
            page = pages[p]
            before = [j for j in page.nonblank if j < i][-1:]
            after = [j for j in page.nonblank if j > i][:1]
            if before and after and is_prose(page.lines[before[0]]) and is_prose(page.lines[after[0]]):
                inside.add(p)
        if inside and len(inside) * 2 >= len(entry.pages):
            refused[s] = "between prose lines"
    return refused


def _core(text: str) -> str:
    """A line without the bullets and punctuation around it."""
    return regex.sub(r"^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$", "", text)


def _without_lines(longer: str, form: str) -> str:
    """The longer lines, less those that are exactly `form` (not longer after all)."""
    if f"\n{form}\n" not in f"\n{longer}\n":
        return longer
    return "\n".join(line for line in longer.split("\n") if line != form)


def _tail_runs(pages: list[Page], min_pages: int, recurring: dict[str, Recurring],
               refused: dict[str, str]) -> list[TailRun]:
    """Maximal runs of final lines (by shape) shared by at least `min_pages` pages."""
    seqs = [[page.shapes[i] for i in reversed(page.nonblank)][:MAX_TAIL] for page in pages]
    found: list[tuple[tuple[str, ...], list[int]]] = []
    stack: list[tuple[tuple[str, ...], list[int]]] = [((), list(range(len(pages))))]
    while stack:
        prefix, members = stack.pop()
        groups: dict[str, list[int]] = defaultdict(list)
        for p in members:
            if len(seqs[p]) > len(prefix):
                groups[seqs[p][len(prefix)]].append(p)
        children = [(prefix + (s,), g) for s, g in sorted(groups.items()) if len(g) >= min_pages]
        if children:
            stack.extend(reversed(children))
        elif len(prefix) >= 2:
            found.append((prefix, members))
    runs = []
    for prefix, members in sorted(found):
        run = list(reversed(prefix))
        # Start after the last line that may be article text; the marker must be acceptable.
        start = 0
        for k, s in enumerate(run):
            if refused.get(s) == "prose":
                start = k + 1
        while start < len(run) and run[start] in refused:  # the marker itself must be acceptable
            start += 1
        while start < len(run) and run[start] not in recurring:  # no letters: not a marker
            start += 1
        if len(run) - start < 2:
            continue
        marker = recurring[run[start]]
        starts = {p: pages[p].nonblank[-(len(run) - start)] for p in members}
        runs.append(TailRun(tuple(run[start:]), sorted(members), marker, starts))
    return runs


def _place(pages: list[Page], line: Recurring, chrome: list[set[int]]) -> Placement:
    heads, tails = [], []
    for p, i in line.spots:
        others = [j for j in pages[p].nonblank if j not in chrome[p]]
        heads.append(sum(1 for j in others if j < i))
        tails.append(sum(1 for j in others if j > i))
    head, tail = (min(heads), max(heads)), (min(tails), max(tails))
    if head[1] <= NEAR and head[1] <= tail[1]:
        return Placement("head", head[1] + 1 + SLACK, head, tail)
    if tail[1] <= NEAR:
        return Placement("tail", tail[1] + 1 + SLACK, head, tail)
    return Placement("anywhere", None, head, tail)


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


def _pct(k: int, n: int) -> str:
    return f"{k}/{n} pages ({100 * k / n:.0f}%)"


def _ranks(placement: Placement) -> str:
    h, t = placement.head, placement.tail
    fmt = lambda r: f"{r[0]}" if r[0] == r[1] else f"{r[0]}-{r[1]}"  # noqa: E731
    return f"{fmt(h)} non-chrome lines above, {fmt(t)} below"


def _slug(text: str, limit: int = 40, default: str = "line") -> str:
    slug = regex.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug[:limit].rstrip("-") or default


def build_specs(analysis: Analysis, site: str) -> list[Spec]:
    n = len(analysis.pages)
    specs: list[Spec] = []
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for cand in analysis.drops:
        if cand.line.exact:
            groups[cand.placement.where].append(cand)
        else:
            specs.append(_regex_spec(cand, n, site))
    names = {"head": "head-lines", "tail": "tail-lines", "anywhere": "lines"}
    places = {"head": "near the top of the page", "tail": "near the bottom of the page",
              "anywhere": "in different places on the page"}
    for where in ("head", "anywhere", "tail"):
        cands = sorted(groups.get(where, []), key=lambda c: (c.line.text.casefold(), c.line.text))
        if not cands:
            continue
        within = max(c.placement.within or 0 for c in cands) if where != "anywhere" else None
        shares = [len(c.line.pages) for c in cands]
        spec = Spec(
            id=names[where], kind="drop_line", where=where, within=within,
            why=(f"Lines repeated on {min(shares)}-{max(shares)} of {n} {site} pages, {places[where]}: "
                 "the site's navigation, widgets and footers, not article text. Proposed by "
                 "`cleantext learn`; review before use."),
            comment=[f"{len(cands)} lines, each on at least {_pct(min(shares), n)}, {places[where]}"
                     + (f" (within {within} non-chrome lines)" if within else "")],
            lines=[(c.line.text, f"{_pct(len(c.line.pages), n)}; {_ranks(c.placement)}") for c in cands],
            members=[c.line for c in cands],
        )
        specs.append(spec)
    for run in analysis.tails:
        text = run.marker.text
        exact = run.marker.exact
        spec = Spec(
            id=f"tail-from-{_slug(text)}", kind="truncate_after", where="tail", within=run.within,
            match=_exact_pattern(text) if exact else line_pattern(text),
            why=(f"The same {len(run.shapes)} final lines end {len(run.pages)} of {n} {site} pages, "
                 f"starting with {text!r}: the site's footer; it and everything after it go. "
                 "Proposed by `cleantext learn`; review before use."),
            comment=[f"run of {len(run.shapes)} final lines on {_pct(len(run.pages), n)}; "
                     f"marker on {_pct(len(run.marker.pages), n)}"],
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


def _exact_pattern(text: str) -> str:
    return r"(?i)^\s*" + _literal(text) + r"\s*$"


def _regex_spec(cand: Candidate, n: int, site: str) -> Spec:
    line, placement = cand.line, cand.placement
    forms = sorted(line.forms, key=lambda f: (-line.forms[f], f))
    shown = ", ".join(repr(f) for f in forms[:3]) + (", ..." if len(forms) > 3 else "")
    return Spec(
        id=_slug(_TOKEN.sub(" ", line.text), default="dated-line"), kind="drop_line", where=placement.where,
        within=placement.within, match=line_pattern(line.text),
        why=(f"A line repeated on {len(line.pages)} of {n} {site} pages with only its numbers or dates "
             f"changing ({shown}): site chrome such as a date bar or counter. Proposed by "
             "`cleantext learn`; review before use."),
        comment=[f"on {_pct(len(line.pages), n)} in {len(forms)} forms; {_ranks(placement)}"],
        members=[line],
    )


# ---------------------------------------------------------------------------
# Evidence: examples and counterexamples cut from the pages


@dataclass
class _Checker:
    """The draft pack loaded for the harness, so candidate examples run through the engine."""

    root: Path
    site: str
    cases: dict[str, dict[bool, object]]  # rule short id -> builtin flag -> RuleCase
    _untouched: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path, site: str) -> _Checker:
        from .testing import rule_cases

        cases: dict[str, dict[bool, object]] = defaultdict(dict)
        for builtin in (True, False):
            for case in rule_cases([root], builtin=builtin):
                cases[case.rule.short_id][builtin] = case
        return cls(root, site, cases)

    def example_after(self, rule_id: str, before: str) -> str | None:
        """What the rule makes of `before`, if that is the same alone and with all other
        rules (built-in or not), survives being embedded in other text, and is stable."""
        from .testing import FILLER_WORDS, changes_by, paragraph, surround

        results = set()
        for builtin, case in self.cases[rule_id].items():
            alone = case.run(case.alone(), before)
            if not changes_by(alone, case.rule) or alone.guarded:
                return None
            results.add(alone.text)
            full = case.run(case.full(), before)
            results.add(full.text)
            if case.run(case.full(), full.text).text != full.text:
                return None
        if len(results) != 1:
            return None
        after = results.pop()
        filler = [paragraph(FILLER_WORDS[k:k + 9]) for k in (0, 12, 30)]
        for case in self.cases[rule_id].values():
            for prefix, suffix in ((filler[:1], filler[1:]), (filler, []), ([], filler)):
                want = surround(case, after, prefix, suffix)
                if case.run(case.alone(), surround(case, before, prefix, suffix)).text != want:
                    return None
        return after

    def untouched(self, text: str) -> bool:
        """Whether every rule, built-in or proposed, leaves this text alone."""
        if text not in self._untouched:
            self._untouched[text] = all(
                case.run(case.full(), text).text == text
                for cases in self.cases.values() for case in cases.values())
        return self._untouched[text]

    def stays(self, rule_id: str, text: str) -> bool:
        from .testing import FILLER_WORDS, changes_by, check_counterexample, paragraph, surround

        filler = [paragraph(FILLER_WORDS[k:k + 9]) for k in (0, 12, 30)]
        for case in self.cases[rule_id].values():
            if check_counterexample(case, text) is not None:
                return False
            for prefix, suffix in ((filler[:1], filler[1:]), (filler, []), ([], filler)):
                embedded = surround(case, text, prefix, suffix)
                result = case.run(case.alone(), embedded)
                if result.text != embedded or changes_by(result, case.rule):
                    return False
        return True


def _article_lines(analysis: Analysis, p: int) -> list[int]:
    """Lines of page p that look like article text: prose found on this page only."""
    page = analysis.pages[p]
    return [i for i in page.nonblank if analysis.counts[page.shapes[i]] == 1
            and i not in analysis.chrome[p] and is_prose(page.lines[i])]


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
            chrome = squeeze(page.lines[i])
            need = max(25, 2 * len(words(chrome)) + 5)
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
            text = [snippet(page.lines[j]) for j in sorted(parts[0])] + [chrome] + \
                   [snippet(page.lines[j]) for j in sorted(parts[1])]
            yield p, "\n\n".join(text), chrome


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


# ---------------------------------------------------------------------------
# YAML


_NON_PRINTABLE = regex.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|\ufeff")


def _dq(text: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax, which YAML reads the same)."""
    import json

    out = json.dumps(text, ensure_ascii=False)
    return _NON_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", out)


def _sq(text: str) -> str:
    """A single-quoted YAML scalar (for regexes: backslashes stay as written)."""
    if _NON_PRINTABLE.search(text) or "\n" in text:
        return _dq(text)
    return "'" + text.replace("'", "''") + "'"


def _comment(text: str) -> str:
    return _NON_PRINTABLE.sub("?", text.replace("\n", " "))


def render(specs: list[Spec], site: str, pages: int, min_share: float, min_pages: int,
           evidence: bool = True) -> str:
    """The pack's YAML. Without `evidence`, placeholders stand in for examples (a draft
    the engine can load to compute the real ones)."""
    out = [
        f"# Site pack proposed by `cleantext learn` from {pages} pages of {site}",
        f"# (--min-share {min_share:g}: a line must be on at least {min_pages} pages).",
        "# Every rule passed its examples and counterexamples when written; read the lines",
        "# before use: a line repeated on every page you gave may still be article text.",
        f"site: {_dq(site)}",
        f"pack: {_dq(_slug(site, 80))}",
        f"description: {_dq(f'Chrome of {site} learned from {pages} pages by cleantext learn.')}",
        "rules:" if specs else "rules: []",
    ]
    for spec in specs:
        out.append("")
        out.extend(f"  # {_comment(c)}" for c in spec.comment)
        out.append(f"  - id: {spec.id}")
        out.append(f"    kind: {spec.kind}")
        if spec.match is not None:
            out.append(f"    match: {_sq(spec.match)}")
        if spec.lines:
            out.append("    lines:")
            out.extend(f"      - {_dq(text)}  # {_comment(note)}" for text, note in spec.lines)
        if spec.where != "anywhere":
            out.append(f"    where: {spec.where}")
            out.append(f"    within: {spec.within}")
        out.append(f"    why: {_dq(spec.why)}")
        examples = spec.examples if evidence else [("x", "x")]
        counter = spec.counterexamples if evidence else ["x"]
        out.append("    examples:")
        for before, after in examples:
            out.append(f"      - before: {_dq(before)}")
            out.append(f"        after: {_dq(after)}")
        out.append("    counterexamples:")
        out.extend(f"      - {_dq(c)}" for c in counter)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# Putting it together


@dataclass
class Proposal:
    yaml: str
    rules: list[Spec]
    analysis: Analysis | None
    notes: list[str]


def learn(docs: Sequence[str], site: str, min_share: float = DEFAULT_MIN_SHARE,
          log: Log | None = None) -> Proposal:
    """Analyse the pages, propose rules, gather their evidence and keep those that pass
    the harness checks."""
    say = log or _stderr
    site = site_name(site)
    pages = make_pages(docs)
    notes: list[str] = []
    if len(pages) < 2:
        notes.append(f"cleantext learn: {len(pages)} distinct page(s) of {site}: need at least 2 to find repeated lines")
        for note in notes:
            say(note)
        return Proposal(render([], site, len(pages), min_share, 2), [], None, notes)
    analysis = analyse(pages, min_share)
    reasons = Counter(analysis.refused.values())
    notes.append(
        f"cleantext learn: {len(pages)} pages of {site}; {len(analysis.recurring)} lines on at least "
        f"{analysis.min_pages} pages; refused as possible article text: "
        + (", ".join(f"{n} {why}" for why, n in sorted(reasons.items())) or "none"))
    for note in notes:
        say(note)
    specs = build_specs(analysis, site)
    specs = _checked(analysis, specs, site, min_share, say)
    text = render(specs, site, len(pages), min_share, analysis.min_pages)
    lines = sum(max(len(s.lines), 1) for s in specs)
    summary = f"cleantext learn: proposed {len(specs)} rules ({lines} lines or patterns) for {site}"
    say(summary)
    return Proposal(text, specs, analysis, notes + [summary])


def _checked(analysis: Analysis, specs: list[Spec], site: str, min_share: float, say: Log) -> list[Spec]:
    """Gather evidence with the draft pack loaded, then check the written pack with the
    harness; drop failing rules and repeat until every rule passes."""
    from .errors import RuleFileError
    from .testing import check_counterexample, check_example, rule_cases

    n, first = len(analysis.pages), True
    while specs:
        with tempfile.TemporaryDirectory(prefix="cleantext-learn-") as tmp:
            root = Path(tmp)
            path = root / "sites" / f"{site}.yml"
            path.parent.mkdir()
            if first:
                path.write_text(render(specs, site, n, min_share, analysis.min_pages, evidence=False),
                                encoding="utf-8")
                specs = gather_evidence(analysis, specs, _Checker.load(root, site), say)
                first = False
                continue
        with tempfile.TemporaryDirectory(prefix="cleantext-learn-") as tmp:
            root = Path(tmp)
            path = root / "sites" / f"{site}.yml"
            path.parent.mkdir()
            path.write_text(render(specs, site, n, min_share, analysis.min_pages), encoding="utf-8")
            failed: dict[str, str] = {}
            try:
                from .loader import load_packs

                load_packs([root])
            except RuleFileError as exc:  # a bug here; keep nothing rather than a broken pack
                say(f"cleantext learn: the proposed pack does not load:\n{exc}")
                return []
            for builtin in (True, False):
                for case in rule_cases([root], builtin=builtin):
                    problems = [check_example(case, ex, case.alone()) for ex in case.rule.examples]
                    problems += [check_example(case, ex, case.full()) for ex in case.rule.examples]
                    problems += [check_counterexample(case, c) for c in case.rule.counterexamples]
                    problem = next((p for p in problems if p), None)
                    if problem and case.rule.short_id not in failed:
                        failed[case.rule.short_id] = problem
            if not failed:
                return specs
            for rule_id, problem in sorted(failed.items()):
                say(f"cleantext learn: dropped {rule_id}: it fails the harness check\n{problem}")
            specs = [s for s in specs if s.id not in failed]
    return specs


def propose_pack(docs: list[str], site: str, min_share: float = DEFAULT_MIN_SHARE,
                 log: Log | None = None) -> str:
    """The YAML text of a site pack proposed from the site's pages (`docs`): repeated
    lines become drop_line rules, a repeated tail a truncate_after rule. Notes (what was
    refused or dropped) go to `log`, by default stderr."""
    return learn(docs, site, min_share, log).yaml


# ---------------------------------------------------------------------------
# Command line


def _share(value: str) -> float:
    try:
        share = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 < share <= 1:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 1")
    return share


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cleantext learn",
        description="Propose a site pack from the lines repeated across many pages of one site.")
    p.add_argument("paths", nargs="+", metavar="DIR",
                   help="folders or files of the site's pages: text files, or JSONL with a url and a text field")
    p.add_argument("--site", required=True, help="the site (a domain); JSONL records elsewhere are skipped")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="where to write the pack, e.g. rules/sites/example.com.yml (default: stdout)")
    p.add_argument("--min-share", type=_share, default=DEFAULT_MIN_SHARE, metavar="S",
                   help=f"share of the pages a line must be on (default: {DEFAULT_MIN_SHARE}; at least 2 pages)")
    p.add_argument("--field", default="text", help="JSONL field holding the text (default: text)")
    p.add_argument("--url-field", default="url", help="JSONL field holding the page URL (default: url)")
    return p


def main(argv: list[str]) -> int:
    """`cleantext learn`: 0 when a pack was written, 1 when nothing was proposed, 2 on
    usage or input errors."""
    from .errors import InputError
    from .io import write_atomic

    args = _parser().parse_args(argv)
    site = site_name(args.site)
    if not site or not regex.fullmatch(r"[\w-]+(?:\.[\w-]+)+", site):
        print(f"cleantext learn: --site {args.site!r} is not a domain such as example.com", file=sys.stderr)
        return 2
    try:
        docs = read_pages(args.paths, site, args.field, args.url_field)
    except InputError as exc:
        print(f"cleantext learn: {exc}", file=sys.stderr)
        return 2
    if not docs:
        print(f"cleantext learn: no pages of {site} found in {' '.join(args.paths)}", file=sys.stderr)
        return 2
    proposal = learn(docs, site, args.min_share)
    if not proposal.rules:
        print(f"cleantext learn: nothing to propose for {site}; nothing written", file=sys.stderr)
        return 1
    if args.output:
        write_atomic(Path(args.output), proposal.yaml)
        print(f"cleantext learn: wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(proposal.yaml)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

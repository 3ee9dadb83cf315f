"""Propose a site pack from the lines that recur across many pages of one site.

    cleantext learn DIR... --site example.com [-o rules/sites/example.com.yml]
                    [--min-share 0.5] [--field text] [--url-field url]

reads the site's pages (text files, or JSONL/CSV/Parquet records whose url is on the
site or a subdomain) and writes a pack of `drop_line` and `truncate_after` rules. Every rule
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
   whose text also occurs inside a longer line that is not repeated, or whose words (two
   or more) run through a sentence of prose in any case (the words are used in running
   text); lines that sit between two prose lines (inside an article body); generalised
   patterns that would also match other lines of the pages.
3. The longest runs of final lines shared by enough pages become `truncate_after`
   rules on their first line (the footer), leaving out any prose at a run's start.
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
from typing import Any
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
_NUMBERS = regex.compile("\x00[nt]")  # placeholders of numbers and times (month and day names are words)
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
_NOTICE = regex.compile(r"(?i)©|^\W*(?:\(c\)|copyright)\s|\ball rights reserved\b")
_SENTENCE_END = regex.compile(r"[.!?…][\"”’»)\]]*\s+(?=[\"“‘«(\[]?\p{Lu})")
# Words after which a period does not end a sentence ("Gov. Patrick", "Nov. 9").
_ABBREVIATIONS = frozenset("""
mr mrs ms dr prof st jr sr gov sen rep gen col lt sgt capt rev hon pres no vs etc inc ltd co corp
jan feb mar apr jun jul aug sep sept oct nov dec ala ariz ark calif colo conn del fla ga ill ind kan
ky la md mass mich minn miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo
""".split())
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
    """A paragraph's sentences (split after . ! ? before a capital, not after abbreviations)."""
    text, out, start = line.strip(), [], 0
    for m in _SENTENCE_END.finditer(text):
        last = words(text[start:m.start()])[-1:]
        if text[m.start()] == "." and last and (len(last[0]) == 1 or last[0].casefold() in _ABBREVIATIONS):
            continue
        out.append(text[start:m.end()].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


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
    """The texts of the site's pages under the given files and folders. A text file is a
    page; a record (JSONL, CSV or Parquet, as `cleantext clean` reads them) is a page when
    its url is on the site or a subdomain. In folders, only text files (.txt, .text) and
    record files are read; files named on the command line are read whatever their name."""
    from .errors import InputError
    from .formats import Source
    from .decode import decode
    from .io import expand_inputs, format_of, open_binary

    say = log or _stderr
    docs: list[str] = []
    skipped: Counter = Counter()
    for arg in paths:
        in_folder = Path(arg).is_dir()
        for item in expand_inputs([arg]):
            fmt = format_of(item.path, None)
            name = item.path.name.lower().removesuffix(".gz").removesuffix(".zst")
            if in_folder and fmt == "txt" and not name.endswith(TEXT_SUFFIXES):
                continue
            try:
                if fmt != "txt":
                    for record in Source(item.path, fmt, text_field).records():
                        if record.blank:
                            continue
                        if record.error is not None or record.data is None or record.text is None:
                            skipped["unreadable records"] += 1
                        elif not on_site(record.data.get(url_field), site):
                            skipped[f"records not on {site}"] += 1
                        else:
                            docs.append(record.text)
                    continue
                with open_binary(item.path) as stream:
                    data = stream.read()
                docs.append(decode(data, str(item.path))[0])
            except (InputError, OSError, EOFError) as exc:
                say(f"cleantext learn: skipped {exc}")
                skipped["unreadable files"] += 1
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
    from . import unicode
    from .edits import splice

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


def analyse(pages: list[Page], min_share: float) -> Analysis:
    n = len(pages)
    min_pages = max(2, math.ceil(min_share * n - 1e-9))
    counts: Counter = Counter()
    for page in pages:
        counts.update({s for s in page.shapes if s is not None})
    recurring: dict[str, Recurring] = {}
    for p, page in enumerate(pages):
        for i, s in enumerate(page.shapes):
            if s is not None and counts[s] >= min_pages and _LETTER.search(_NUMBERS.sub("", s)):
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
    # Text that also occurs inside a longer line that does not recur is used in running text.
    # (Lines are indexed by word, so each candidate is searched only where its words are.)
    cores = {s: sorted({c for c in map(_core, entry.forms) if words(c)})
             for s, entry in recurring.items() if s not in refused}
    vocab = {w.casefold() for found in cores.values() for c in found for w in words(c)}
    longer: list[str] = []
    index: dict[str, set[int]] = defaultdict(set)
    for page in pages:
        for i in page.nonblank:
            if counts[page.shapes[i]] < min_pages:
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
    # Lines between two lines of prose sit in an article body (datelines, captions).
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


def _core(text: str) -> str:
    """A line without the bullets and punctuation around it."""
    return regex.sub(r"^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$", "", text)


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
    return f"{_span(list(placement.head))} non-chrome lines above, {_span(list(placement.tail))} below"


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
            why=(f"Lines repeated on {_span(shares)} of {n} {site} pages, {places[where]}: "
                 "the site's navigation, widgets and footers, not article text. Proposed by "
                 "`cleantext learn`; review before use."),
            comment=[f"{len(cands)} lines, each on at least {_pct(min(shares), n)}, {places[where]}"
                     + (f" (within {within} non-chrome lines)" if within else "")],
            lines=[(c.line.text, f"{_pct(len(c.line.pages), n)}; {_positions(c.placement)}") for c in cands],
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
                     f"{_pct(len(run.marker.pages), n)}, {_span(run.after)} lines above the end"],
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
    line, placement = cand.line, cand.placement
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
        from .loader import load_packs
        from .testing import rule_cases

        load_packs([root])  # raises RuleFileError, naming file:line:col, if the pack is invalid
        self.cases = {case.rule.short_id: case for case in rule_cases([root], builtin=False)}
        with_builtin = rule_cases([root], builtin=True)
        self.full = [with_builtin[0].full(), next(iter(self.cases.values())).full()] if self.cases else []
        self._untouched: dict[str, bool] = {}

    def problems(self) -> dict[str, str]:
        """Rule id -> the first check it fails: the harness's (examples alone and with
        every other rule, built-in or not; counterexamples unchanged) and `cleantext
        check`'s warnings (a regex that backtracks badly)."""
        from .lint import lint
        from .testing import check_counterexample, check_example

        failed = {}
        for rule_id, case in sorted(self.cases.items()):
            found = [check_example(case, ex, cleaner) for ex in case.rule.examples
                     for cleaner in [case.alone(), *self.full]]
            found += [check_counterexample(case, text) for text in case.rule.counterexamples]
            found += [str(problem) for problem in lint([case.rule])]
            problem = next((p for p in found if p), None)
            if problem:
                failed[rule_id] = problem
        return failed

    def example_after(self, rule_id: str, before: str) -> str | None:
        """What the rule makes of `before`, if that is the same alone and with all other
        rules (built-in or not), survives being embedded in other text, and is stable."""
        from .testing import changes_by, surround

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
        from .testing import changes_by, check_counterexample, surround

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
    from .testing import FILLER_WORDS, paragraph

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


# ---------------------------------------------------------------------------
# YAML


# Characters YAML does not allow raw, or reads as line breaks: escaped in quoted scalars.
_NON_PRINTABLE = regex.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
                               "|[\ufeff\u2028\u2029]")


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
        notes.append(f"cleantext learn: {len(pages)} distinct page(s) of {site}: "
                     "need at least 2 to find repeated lines")
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
    """Gather evidence with a draft of the pack loaded, then check the written pack with
    the harness's checks; drop failing rules and check the rest again, until all pass."""
    from .errors import RuleFileError

    n, draft = len(analysis.pages), True
    while specs:
        with tempfile.TemporaryDirectory(prefix="cleantext-learn-") as tmp:
            path = Path(tmp) / "sites" / f"{site}.yml"
            path.parent.mkdir()
            path.write_text(render(specs, site, n, min_share, analysis.min_pages, evidence=not draft),
                            encoding="utf-8")
            try:
                checker = _Checker(Path(tmp))
            except RuleFileError as exc:  # a bug: keep nothing rather than a broken pack
                say(f"cleantext learn: the proposed pack does not load:\n{exc}")
                return []
            if draft:
                specs = gather_evidence(analysis, specs, checker, say)
                draft = False
                continue
            failed = checker.problems()
        if not failed:
            return specs
        for rule_id, problem in sorted(failed.items()):
            say(f"cleantext learn: dropped {rule_id}: it fails the harness checks\n{problem}")
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


def add_parser(sub: Any) -> None:
    """`cleantext learn`, as a command of the CLI's parser."""
    p = sub.add_parser(
        "learn", help="propose a site pack from many pages of one site",
        description="Propose a site pack from the lines repeated across many pages of one site.")
    p.add_argument("paths", nargs="+", metavar="DIR",
                   help="folders or files of the site's pages: text files (.txt), or records (JSONL, CSV, "
                        "Parquet) with a url and a text field")
    p.add_argument("--site", required=True,
                   help="the site (a domain); records whose url is not on it or a subdomain are skipped")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="where to write the pack, e.g. rules/sites/example.com.yml (default: stdout)")
    p.add_argument("--min-share", type=_share, default=DEFAULT_MIN_SHARE, metavar="S",
                   help=f"share of the pages a line must be on (default: {DEFAULT_MIN_SHARE}; at least 2 pages)")
    p.add_argument("--field", default="text", help="record field holding the text (default: text)")
    p.add_argument("--url-field", default="url", help="record field holding the page URL (default: url)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """`cleantext learn`: 0 when a pack was written, 1 when nothing was proposed, 2 on
    usage or input errors."""
    from .errors import InputError
    from .io import write_atomic

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


"""Site repetition: the evidence of which lines recur across the pages of one site in a run.

A stream of documents (`Cleaner.clean_many`, the CLI, Spark's partitions) is cut into
*blocks*: per site, up to `window` documents in input order. A block closes when it is
full, when the stream has run `window` documents past its first one (so a site that
stops appearing cannot hold the stream back), or at the end of the stream. Its evidence
is counted over its documents, and each of them is cleaned with it: every document of a
block sees the same counts, whichever it is. Block boundaries depend only on the input
order, never on worker processes or chunk sizes, so the output does not either; at
most `window` documents are held at a time.

The evidence of a block is, for each line shape (cleantext.shapes) with letters, the
number of distinct documents that have it, for lines of at most `max_chars` characters
that never read as prose (cleantext.prose.is_prose) on any of them: `learn`'s notion of a
recurring line and of article text. Where a `site_boilerplate` rule runs, it is also, for
each line that reads as prose, the number of documents that have it verbatim (spaces
squeezed): a paragraph printed word for word under many articles. A block of one
document has none: site repetition is off for a single document. The `site_repetition`
and `site_boilerplate` kinds (cleantext/kinds/) decide with it which lines go.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .prose import is_prose
from .schema import Rule
from .shapes import has_letters, shape, squeeze

KIND = "site_repetition"  # the rule kind that uses the shape counts (cleantext/kinds/site_repetition.py)
PROSE_KIND = "site_boilerplate"  # the one that uses the verbatim prose counts (kinds/site_boilerplate.py)
FIELD = "site_lines"  # the item key that carries a document's evidence to `Cleaner.clean_item`

SiteOf = Callable[[Any, Any], "str | None"]  # (site, url) -> the site's name, or None


@dataclass(frozen=True)
class SiteLines:
    """One block's evidence: its site, its number of distinct documents, per line shape
    the number of those documents that have it, and per prose line (squeezed) the number
    that have it verbatim (only lines on two or more)."""

    site: str
    pages: int
    counts: Mapping[str, int]
    prose: Mapping[str, int] = field(default_factory=dict)

    def pages_with(self, line: str) -> int:
        """On how many of the block's documents a line like this one is."""
        return self.counts.get(shape(line), 0)

    def pages_with_verbatim(self, line: str) -> int:
        """On how many of the block's documents this prose line is, word for word."""
        return self.prose.get(squeeze(line), 0)


@dataclass(frozen=True)
class Settings:
    """What the site rules of a run ask the evidence for: the block size, the longest
    line whose shape is counted, and the longest prose line counted verbatim (0: none)."""

    window: int
    max_chars: int
    prose_chars: int = 0


def gather(site: str, texts: Sequence[str], max_chars: int, prose_chars: int = 0) -> SiteLines | None:
    """The evidence of one block of a site's documents (None for fewer than two distinct
    documents: a copy of a page is not another page)."""
    distinct = list(dict.fromkeys(texts))
    if len(distinct) < 2:
        return None
    pages: Counter[str] = Counter()
    verbatim: Counter[str] = Counter()
    forms: dict[str, set[str]] = {}
    for text in distinct:
        seen: set[str] = set()
        lines: set[str] = set()
        for line in text.split("\n"):
            if not line.strip():
                continue
            if len(line) <= max_chars:
                key = shape(line)
                forms.setdefault(key, set()).add(squeeze(line))
                seen.add(key)
            if len(line) <= prose_chars:
                lines.add(squeeze(line))
        pages.update(seen)
        verbatim.update(lines)
    counts = {key: n for key, n in pages.items()
              if n >= 2 and has_letters(key) and not any(is_prose(form) for form in sorted(forms[key]))}
    # only lines on two pages or more are asked whether they read as prose: most are on one
    prose = {line: n for line, n in verbatim.items() if n >= 2 and is_prose(line)}
    return SiteLines(site, len(distinct), counts, prose)


def settings(rules: Iterable[Rule]) -> Settings | None:
    """What these rules ask the evidence for (the largest any site rule asks for), or
    None when no site rule is among them."""
    ours = [r for r in rules if r.kind in (KIND, PROSE_KIND)]
    if not ours:
        return None
    return Settings(max(r.window for r in ours), max((r.max_chars for r in ours if r.kind == KIND), default=0),
                    max((r.max_chars for r in ours if r.kind == PROSE_KIND), default=0))


def with_evidence(items: Iterable[Any], rules: Iterable[Rule], site_of: SiteOf) -> Iterator[Any]:
    """The items in order, each mapping whose site has other documents in its block with
    that block's evidence under FIELD. Items are texts (no site: passed on as they are) or
    mappings with `text` and optional `site` / `url`."""
    found = settings(rules)
    if found is None:
        yield from items
        return
    blocks = _Blocks(found)
    for item in items:
        site = site_of(item.get("site"), item.get("url")) if isinstance(item, Mapping) else None
        text = item.get("text") if isinstance(item, Mapping) else None
        yield from blocks.add(item, site if isinstance(text, str) else None)
    yield from blocks.finish()


@dataclass
class _Entry:
    item: Any
    site: str | None
    ready: bool
    evidence: SiteLines | None = None


@dataclass
class _Blocks:
    wanted: Settings
    pending: deque[_Entry] = field(default_factory=deque)  # in input order, not yet handed on
    open: dict[str, list[_Entry]] = field(default_factory=dict)  # site -> its block so far

    def add(self, item: Any, site: str | None) -> Iterator[Any]:
        entry = _Entry(item, site, ready=site is None)
        self.pending.append(entry)
        if site is not None:
            block = self.open.setdefault(site, [])
            block.append(entry)
            if len(block) >= self.wanted.window:
                self._close(site)
        yield from self._ready()
        while len(self.pending) > self.wanted.window:  # the oldest document waits no longer
            self._close(self.pending[0].site)
            yield from self._ready()

    def finish(self) -> Iterator[Any]:
        while self.pending:
            self._close(self.pending[0].site)
            yield from self._ready()

    def _close(self, site: str | None) -> None:
        assert site is not None, "a document without a site is ready at once"
        block = self.open.pop(site)
        evidence = gather(site, [e.item["text"] for e in block], self.wanted.max_chars, self.wanted.prose_chars)
        for entry in block:
            entry.ready, entry.evidence = True, evidence

    def _ready(self) -> Iterator[Any]:
        while self.pending and self.pending[0].ready:
            entry = self.pending.popleft()
            yield entry.item if entry.evidence is None else {**entry.item, FIELD: entry.evidence}

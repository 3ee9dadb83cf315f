"""Propose a site pack from the lines that recur across many pages of one site.

    cleantext learn DIR... --site example.com [-o rules/sites/example.com.yml]
                    [--min-share 0.5] [--field text] [--url-field url] [--include-refused]

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
   out; each refused line is listed on stderr with its reason, and --include-refused
   proposes them anyway): sentence-like prose (terminal punctuation, many words, many stopwords); lines
   whose text also occurs inside a longer line that is not repeated, or whose words (two
   or more) run through a sentence of prose in any case (the words are used in running
   text); lines that sit between two prose lines (inside an article body), or that head
   the first prose line of every page ("In Brief"); generalised
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

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..prose import is_prose
    from ..shapes import line_pattern, shape
    from .analysis import Analysis, Page, analyse, make_pages
    from .command import Proposal, learn, propose_pack, run
    from .options import add_parser
    from .text import DEFAULT_MIN_SHARE, on_site, read_pages, sentences, site_name

__all__ = ["DEFAULT_MIN_SHARE", "Analysis", "Page", "Proposal", "add_parser", "analyse", "is_prose", "learn",
           "line_pattern", "make_pages", "on_site", "propose_pack", "read_pages", "run", "sentences", "shape",
           "site_name"]

# Imported when first used, so that the CLI's parser (`cleantext --version`) stays light.
_HOMES = {
    "is_prose": "..prose", "line_pattern": "..shapes", "shape": "..shapes",
    "Analysis": ".analysis", "Page": ".analysis", "analyse": ".analysis", "make_pages": ".analysis",
    "Proposal": ".command", "learn": ".command", "propose_pack": ".command", "run": ".command",
    "add_parser": ".options", "DEFAULT_MIN_SHARE": ".text", "on_site": ".text", "read_pages": ".text",
    "sentences": ".text", "site_name": ".text",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name], __name__), name)
    raise AttributeError(f"module 'cleantext.learn' has no attribute {name!r}")

"""`cleantext learn`'s command-line options, apart from the command itself so that building
the CLI's parser (for `--version` or `--help`) does not import the engine."""
from __future__ import annotations

import argparse
from typing import Any

from ..formats import DELIMITER_HELP, delimiter_option
from .text import DEFAULT_MIN_SHARE


def add_parser(sub: Any) -> None:
    """`cleantext learn`, as a command of the CLI's parser."""
    p = sub.add_parser(
        "learn", help="propose a site pack from many pages of one site",
        description="Propose a site pack from the lines repeated across many pages of one site.")
    p.add_argument("paths", nargs="+", metavar="DIR",
                   help="folders or files of the site's pages: text files (.txt), or records (JSONL, CSV, "
                        "TSV, Parquet) with a url and a text field")
    p.add_argument("--site", required=True,
                   help="the site (a domain); records whose url is not on it or a subdomain are skipped")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="where to write the pack, e.g. rules/sites/example.com.yml (default: stdout)")
    p.add_argument("--min-share", type=_share, default=DEFAULT_MIN_SHARE, metavar="S",
                   help=f"share of the pages a line must be on (default: {DEFAULT_MIN_SHARE}; at least 2 pages)")
    p.add_argument("--field", default="text",
                   help="record field holding the text (default: text; a.b: field b inside object a)")
    p.add_argument("--url-field", default="url", help="record field holding the page URL (default: url)")
    p.add_argument("--delimiter", type=delimiter_option, metavar="C",
                   help=DELIMITER_HELP)
    p.add_argument("--include-refused", action="store_true",
                   help="also propose the lines refused as possible article text (listed on stderr)")
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from .command import run

    return run(args)


def _share(value: str) -> float:
    try:
        share = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 < share <= 1:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 1")
    return share

"""Putting it together: `learn()`, `propose_pack()` and the `cleantext learn` command."""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import regex

from .analysis import ARTICLE_REASONS, Analysis, analyse, make_pages
from .render import render
from .rules import Spec, _Checker, build_specs, gather_evidence
from .text import DEFAULT_MIN_SHARE, Log, _stderr, read_pages, site_name

# ---------------------------------------------------------------------------
# Putting it together


@dataclass
class Proposal:
    yaml: str
    rules: list[Spec]
    analysis: Analysis | None
    notes: list[str]


def learn(docs: Sequence[str], site: str, min_share: float = DEFAULT_MIN_SHARE,
          log: Log | None = None, include_refused: bool = False) -> Proposal:
    """Analyse the pages, propose rules, gather their evidence and keep those that pass
    the harness checks. `include_refused`: propose the lines refused as possible article
    text too."""
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
    analysis = analyse(pages, min_share, include_refused)
    reasons = Counter(analysis.refused.values())
    notes.append(
        f"cleantext learn: {len(pages)} pages of {site}; {len(analysis.recurring)} lines on at least "
        f"{analysis.min_pages} pages; refused as possible article text: "
        + (", ".join(f"{n} {why}" for why, n in sorted(reasons.items())) or "none"))
    notes += _refused_lines(analysis, include_refused)
    for note in notes:
        say(note)
    specs = build_specs(analysis, site)
    specs = _checked(analysis, specs, site, min_share, say)
    text = render(specs, site, len(pages), min_share, analysis.min_pages)
    lines = sum(max(len(s.lines), 1) for s in specs)
    summary = f"cleantext learn: proposed {len(specs)} rules ({lines} lines or patterns) for {site}"
    say(summary)
    return Proposal(text, specs, analysis, notes + [summary])


def _refused_lines(analysis: Analysis, included: bool) -> list[str]:
    """One note per refused line, most pages first, with its reason; and how to include them."""
    n = len(analysis.pages)
    entries = sorted(analysis.refused.items(),
                     key=lambda item: (-len(analysis.recurring[item[0]].pages), analysis.recurring[item[0]].text))
    notes = []
    for shape, why in entries:
        line = analysis.recurring[shape]
        taken = " (included: --include-refused)" if included and why in ARTICLE_REASONS else ""
        notes.append(f"cleantext learn:   refused {line.text!r} (on {len(line.pages)}/{n} pages): {why}{taken}")
    if not included and any(why in ARTICLE_REASONS for why in analysis.refused.values()):
        notes.append("cleantext learn: to propose the lines refused as possible article text anyway, "
                     "pass --include-refused (and read them first)")
    return notes


def _checked(analysis: Analysis, specs: list[Spec], site: str, min_share: float, say: Log) -> list[Spec]:
    """Gather evidence with a draft of the pack loaded, then check the written pack with
    the harness's checks; drop failing rules and check the rest again, until all pass."""
    from ..errors import RuleFileError

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


def _check_output(output: str, paths: Sequence[str], site: str) -> None:
    """-o must name a file that is not one of the pages read."""
    from ..errors import InputError
    from ..io import expand_inputs, refuse_overwriting_inputs

    target = Path(output)
    if target.is_dir():
        raise InputError(f"-o {output} is a folder: name the pack's file, such as {target / (site + '.yml')}")
    refuse_overwriting_inputs("-o", output, expand_inputs(list(paths)))


def run(args: argparse.Namespace) -> int:
    """`cleantext learn`: 0 when a pack was written, 1 when nothing was proposed, 2 on
    usage or input errors."""
    from ..errors import InputError
    from ..io import write_atomic

    site = site_name(args.site)
    if not site or not regex.fullmatch(r"[\w-]+(?:\.[\w-]+)+", site):
        print(f"cleantext learn: --site {args.site!r} is not a domain such as example.com", file=sys.stderr)
        return 2
    try:
        docs = read_pages(args.paths, site, args.field, args.url_field, args.delimiter)
        if docs and args.output:
            _check_output(args.output, args.paths, site)
    except InputError as exc:
        print(f"cleantext learn: {exc}", file=sys.stderr)
        return 2
    if not docs:
        print(f"cleantext learn: no pages of {site} found in {' '.join(args.paths)}", file=sys.stderr)
        return 2
    proposal = learn(docs, site, args.min_share, include_refused=args.include_refused)
    if not proposal.rules:
        print(f"cleantext learn: nothing to propose for {site}; nothing written", file=sys.stderr)
        return 1
    if args.output:
        try:
            write_atomic(Path(args.output), proposal.yaml)
        except OSError as exc:
            print(f"cleantext learn: cannot write -o {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        print(f"cleantext learn: wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(proposal.yaml)
    return 0

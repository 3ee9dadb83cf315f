"""The pipeline: unicode -> body -> lines -> language -> inline -> tidy, with every change recorded.

`Cleaner` loads and compiles its rules once; it is immutable and picklable (a
pickle carries its settings, and the receiving process compiles them once).
"""
from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from .body import RULE_ID as BODY_STEP
from .body import BodyModel, body_removals, run_notes
from .edits import Edit, EditLog
from .errors import Problem, RuleFileError
from .inline.context import DocContext
from .inline.phase import InlinePhase
from .kinds.base import Cut
from .kinds.body_model import body_models
from .lang import detect as detect_language
from .lang import given_language, language_code
from .lines import LinePhase, cut_edits, line_edits, removes_too_much
from .loader import builtin_rules_dir, load_packs
from .result import Result
from .schema import DEFAULT_PROFILE, PROFILES, Pack, Rule
from .selection import check_selection, id_matches
from .siterep import FIELD as SITE_LINES
from .siterep import SiteLines, with_evidence
from .siterep import settings as site_settings
from .sites import site_name
from .tidy import BLANK_LINES as TIDY_BLANK_LINES
from .tidy import STEPS as TIDY_STEPS
from .tidy import TRAILING_SPACE as TIDY_TRAILING_SPACE
from .tidy import blank_line_edits, trailing_space_edits
from .timelimits import Budget
from .unicode import RULE_ID as UNICODE_STEP
from .unicode import WHY as UNICODE_WHY
from .unicode import fix as fix_unicode

__all__ = ["BUILTIN_STEPS", "SPIN_MODES", "Cleaner", "Result", "clean"]

# fix: repair spun documents; flag: only score them; off: neither (spinner rules stay off).
SPIN_MODES = ("fix", "flag", "off")

# Steps implemented in code rather than YAML, with their reasons (`cleantext rule ID`).
BUILTIN_STEPS: dict[str, str] = {
    BODY_STEP: (
        "With find_body=True (cleantext clean --body), text that still holds a whole page "
        "keeps only the article's region: lines are judged by length, share of stopwords, "
        "terminal punctuation, link and menu shapes and repetition, smoothed over their "
        "neighbours (see cleantext/body.py). A `body_model` rule (chrome.body-model) then re-judges "
        "every line: the lines it removes are recorded under its id, with their scores; this step "
        "names what the rules alone removed (all of it with --ignore chrome.body-model, or where the "
        "model would keep nothing). Off by default: extractor output needs no body finding."
    ),
    UNICODE_STEP: UNICODE_WHY,
    **TIDY_STEPS,
}
# The steps `ignore` turns off (the body finder is find_body itself).
IGNORABLE_STEPS = (UNICODE_STEP, *TIDY_STEPS)


@dataclass(frozen=True)
class _Phases:
    lines: LinePhase
    inline: InlinePhase
    body: tuple[BodyModel, ...]  # the body_model rules compiled, with find_body only


class Cleaner:
    """Compiled rules plus settings. Build once, call `clean` many times."""

    def __init__(
        self,
        rules: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] = (),
        style: str = DEFAULT_PROFILE,
        select: str | Iterable[str] = (),
        ignore: str | Iterable[str] = (),
        preview: bool = False,
        builtin: bool = True,
        unicode: bool = True,
        tidy: bool = True,
        spin: str = "fix",
        find_body: bool = False,
    ):
        if style not in PROFILES:
            raise ValueError(f"unknown style {style!r}: choose one of {', '.join(PROFILES)}")
        if spin not in SPIN_MODES:
            raise ValueError(f"unknown spin mode {spin!r}: choose one of {', '.join(SPIN_MODES)}")
        paths = tuple(os.fspath(r) for r in _one_or_many(rules))
        self._settings: dict[str, Any] = dict(
            rules=paths, style=style, select=_one_or_many(select),
            ignore=_one_or_many(ignore), preview=preview, builtin=builtin, unicode=unicode, tidy=tidy, spin=spin,
            find_body=find_body,
        )
        locations = ([builtin_rules_dir()] if builtin else []) + list(paths)
        packs = load_packs(locations, builtin_compiled=False)
        self.packs: tuple[Pack, ...] = tuple(packs)
        check_selection(select=self._settings["select"], ignore=self._settings["ignore"],
                        rule_ids=[r.id for p in packs for r in p.rules], steps=IGNORABLE_STEPS, body_step=BODY_STEP)
        wanted = {UNICODE_STEP: unicode, TIDY_TRAILING_SPACE: tidy, TIDY_BLANK_LINES: tidy, BODY_STEP: find_body}
        # The built-in steps that run, in BUILTIN_STEPS order (`cleantext rules` lists them).
        self.steps: tuple[str, ...] = tuple(step for step in BUILTIN_STEPS if wanted[step] and not any(
            id_matches(step, p) for p in self._settings["ignore"]))
        base, sites = _layer(packs)
        self.rules: tuple[Rule, ...] = tuple(r for r in base if self._selected(r))
        self.site_packs: tuple[Pack, ...] = tuple(sites)
        self._signatures = [(p, regex.compile("|".join(f"(?:{s})" for s in p.signature)))
                            for p in sites if p.signature]
        self._phases_for = lru_cache(maxsize=64)(self._compile)
        self._base = self._phases_for(())

    @property
    def all_rules(self) -> tuple[Rule, ...]:
        """The selected base rules, then every site pack's rules."""
        return self.rules + tuple(r for p in self.site_packs for r in p.rules)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Load-time warnings (CT1xx): rules that backtrack badly, swaps that chain or undo."""
        from .lint import lint

        return tuple(lint(self.all_rules))

    # -- construction ----------------------------------------------------
    def __reduce__(self):
        return (_rebuild, (self._settings,))

    def _selected(self, rule: Rule) -> bool:
        s = self._settings
        chosen = [p for p in s["select"] if id_matches(rule.id, p)]
        if s["select"] and not chosen:
            return False
        if any(id_matches(rule.id, p) for p in s["ignore"]):
            return False
        if rule.status == "deprecated":  # kept in its pack so `cleantext check` can name it
            return False
        if rule.status == "preview":
            return s["preview"] or rule.id in s["select"]
        return True

    def _compile(self, site_packs: tuple[str, ...]) -> _Phases:
        rules = _override(self.rules, [r for p in self.site_packs if p.name in site_packs
                                       for r in p.rules if self._selected(r)])
        body = body_models(rules) if BODY_STEP in self.steps else ()
        return _Phases(LinePhase(rules), InlinePhase(rules, self._settings["style"]), body)

    @property
    def style(self) -> str:
        return self._settings["style"]

    def rule(self, rule_id: str) -> Rule:
        for rule in self.all_rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    # -- cleaning --------------------------------------------------------
    def clean(self, text: str, site: str | None = None, lang: str | None = None,
              url: str | None = None, site_lines: SiteLines | None = None) -> Result:
        """Clean one document. `site` (a domain) or `url` selects site packs; `lang`
        skips language detection; `site_lines` is what other pages of its site in the run
        showed (`clean_many` gathers it: cleantext.siterep)."""
        if not isinstance(text, str):
            hint = "; decode bytes first" if isinstance(text, (bytes, bytearray)) else ""
            raise TypeError(f"clean() takes str, not {type(text).__name__}{hint}")
        for name, value in (("site", site), ("lang", lang), ("url", url)):
            if value is not None and not isinstance(value, str):
                raise TypeError(f"clean() takes {name} as str or None, not {type(value).__name__}")
        lang = language_code(lang) if lang is not None else None
        log = EditLog(text)
        current = text
        if UNICODE_STEP in self.steps:
            current = log.apply(current, fix_unicode(current))
        ends_with_newline = current.endswith("\n")  # after ftfy turned any \r into \n
        site = _site_of(site, url)
        packs = self._site_packs_for(site, current)
        phases = self._phases_for(packs)
        budget = Budget()
        before_lines = current
        if BODY_STEP in self.steps:
            current = log.apply(current, _outside_body_edits(current, lang, phases.body))
        current, guarded = self._lines(log, current, phases.lines, budget, site_lines)
        removed_lines = current is not before_lines
        doc_lang = lang
        evidence = None
        if not phases.inline.empty:
            # Detected only if a language-gated rule has a candidate in the text.
            ctx = DocContext(current, lang, self._settings["spin"], budget, detect=detect_language)
            inline_edits, evidence = phases.inline.edits(ctx)
            current = log.apply(current, inline_edits)
            doc_lang = ctx.lang_if_known
        if removed_lines:  # a clean document keeps its layout
            if TIDY_TRAILING_SPACE in self.steps:
                current = log.apply(current, trailing_space_edits(current))
            if TIDY_BLANK_LINES in self.steps:
                current = log.apply(current, blank_line_edits(current, ends_with_newline))
        notes = tuple(budget.notes)
        if guarded:
            notes += ("line rules not applied: they would remove more than half of the words",)
        spin_score = evidence.score if evidence is not None else None
        return Result(current, tuple(log.changes()), doc_lang, site, guarded, notes, spin_score, evidence)

    def _lines(self, log: EditLog, current: str, phase: LinePhase, budget: Budget,
               site_lines: SiteLines | None) -> tuple[str, bool]:
        lines = current.split("\n")
        notes: dict[int, str] = {}
        cuts: dict[int, list[Cut]] = {}
        dropped = phase.drops(lines, budget, notes, site_lines, cuts)
        cut = cut_edits(current, cuts)
        if not dropped and not cut:
            return current, False
        if removes_too_much(lines, dropped, cuts):
            return current, True
        edits = line_edits(current, lines, dropped, notes) + cut
        return log.apply(current, sorted(edits, key=lambda e: e.start)), False

    def _site_packs_for(self, site: str | None, text: str) -> tuple[str, ...]:
        names = []
        for pack in self.site_packs:
            if site and any(site == s or site.endswith("." + s) for s in pack.sites):
                names.append(pack.name)
        for pack, signature in self._signatures:
            if pack.name not in names and signature.search(text):
                names.append(pack.name)
        return tuple(names)

    def clean_item(self, item: str | Mapping[str, Any]) -> Result:
        """Clean one item: a text, or a mapping with `text` and optional `site`, `url`, `lang`."""
        if isinstance(item, str):
            return self.clean(item)
        return self.clean(item["text"], site=item.get("site"), url=item.get("url"), lang=item.get("lang"),
                          site_lines=item.get(SITE_LINES))

    @property
    def judges_sites(self) -> bool:
        """Whether documents of one site in a run are judged by each other (site repetition)."""
        return site_settings(self.rules) is not None

    def with_site_evidence(self, items: Iterable[Any]) -> Iterator[Any]:
        """The items in order, each with a site (`site` or `url`) carrying what the other
        documents of its site's block showed, for site repetition (cleantext.siterep)."""
        return with_evidence(items, self.rules, _site_of)

    def clean_batch(self, texts: Iterable[Any], workers: int = 1, urls: Iterable[Any] | None = None,
                    langs: Iterable[Any] | None = None) -> list[Any]:
        """Cleaned texts for a batch, in order; anything that is not a string (None, NaN)
        passes through unchanged. `urls`, one per text, pick site packs and let pages of
        one site show their repeated lines (`clean_many`); `langs`, one per text, give
        their languages (a code such as en or eng_Latn; None, NaN or `und`: detected). For
        batched maps:

            ds.map(lambda b: {"text": cleaner.clean_batch(b["text"], urls=b["url"])}, batched=True)
            df["text"] = cleaner.clean_batch(df["text"], langs=df["language"])
        """
        texts = _column(texts, "texts")
        nothing = [None] * len(texts)
        pages = zip(texts, _column(urls, "urls") if urls is not None else nothing,
                    _column(langs, "langs") if langs is not None else nothing, strict=True)
        strings = [{"text": t, "url": u if isinstance(u, str) else None, "lang": _batch_language(g, number)}
                   for number, (t, u, g) in enumerate(pages) if isinstance(t, str)]
        cleaned = iter([r.text for r in self.clean_many(strings, workers=workers)])
        return [next(cleaned) if isinstance(t, str) else t for t in texts]

    def clean_many(self, items: Iterable[str | Mapping[str, Any]], workers: int = 1,
                   chunksize: int | None = None) -> Iterator[Result]:
        """Clean a stream of documents in order, reading ahead only a few chunks. An item is
        a text or a mapping with `text` and optional `site`, `url`, `lang`. `workers` > 1
        uses that many processes, sent `chunksize` documents at a time (default
        `parallel.CHUNK_ITEMS`, fewer when their text passes `parallel.CHUNK_CHARS`).
        More workers than usable CPUs run as many as there are CPUs, with a warning.
        Documents of one site are also judged by each other (site repetition: blocks of
        the site's documents in input order, the same whatever `workers` is)."""
        from .parallel import CHUNK_ITEMS, Failure, clean_stream, fit_workers

        asked = workers
        workers = fit_workers(asked, lambda message: warnings.warn(f"clean_many(workers={asked}): {message}",
                                                                   stacklevel=4))  # the caller's line
        items = self.with_site_evidence(_documents(items))
        if workers <= 1:
            yield from (self.clean_item(item) for item in items)
            return
        for outcome in clean_stream(self, items, workers, chunksize or CHUNK_ITEMS):
            if isinstance(outcome, Failure):
                raise RuntimeError("\n".join(filter(None, (outcome.message, outcome.traceback))))
            yield outcome


def _one_or_many(values: Any) -> tuple[Any, ...]:
    """A setting that takes several values, given one (`select="chrome.*"`, `rules=Path(...)`)
    or a one-pass iterable: a string used to be taken as its characters, a generator of rule
    paths read once and then found empty."""
    return (values,) if isinstance(values, (str, os.PathLike)) else tuple(values)


def _column(values: Iterable[Any], what: str) -> list[Any]:
    """A batch's column as a list. Arrow arrays iterate as scalars, which are not strings and
    would pass through uncleaned; a string or a mapping is not a column (a mapping, such as a
    whole `datasets` batch, would have its keys cleaned)."""
    if isinstance(values, (str, bytes, Mapping)):
        hint = "pass its text column, batch['text']" if isinstance(values, Mapping) else "use clean() for one text"
        raise TypeError(f"clean_batch: {what} must be a column (a list, Series or array), "
                        f"not {type(values).__name__}; {hint}")
    to_pylist = getattr(values, "to_pylist", None)  # pyarrow Array and ChunkedArray
    return list(to_pylist() if callable(to_pylist) else values)


def _documents(items: Iterable[Any]) -> Iterator[Any]:
    """The items, each checked to be a text or a mapping with a `text` string before it is
    read for its site or sent to a worker: a bad one raises here, naming its place."""
    from .parallel import item_text

    for number, item in enumerate(items):
        text = item_text(item)
        if not isinstance(text, str):
            raise TypeError(f"clean_many: item {number} is {_described(item, text)}; an item is a text or a mapping "
                            "with a `text` string (clean_batch passes other values through)")
        if isinstance(item, Mapping):
            for name in ("site", "url", "lang"):
                value = item.get(name)
                if value is not None and not isinstance(value, str):
                    missing = " (a missing value in pandas is NaN: give None)" if value != value else ""
                    raise TypeError(f"clean_many: item {number}'s `{name}` is {type(value).__name__}; "
                                    f"give a str or None{missing}")
        yield item


def _described(item: Any, text: Any) -> str:
    """What an item that is not a document is, for the message that refuses it."""
    if not isinstance(item, Mapping):
        return type(item).__name__
    if "text" not in item:
        return f"a mapping without `text` (its keys: {', '.join(map(str, list(item)[:5])) or 'none'})"
    return f"a mapping whose `text` is {type(text).__name__}"


def _batch_language(value: Any, number: int) -> str | None:
    """`langs[number]` of a batch as a language code; a bad one is named by its place."""
    try:
        return given_language(value)
    except ValueError as exc:
        raise ValueError(f"clean_batch: langs[{number}]: {exc}") from None


def _rebuild(settings: dict[str, Any]) -> Cleaner:
    return Cleaner(**settings)


def _site_of(site: str | None, url: str | None) -> str | None:
    """The document's site: `site` (a domain or a URL: a URL used to select nothing), else
    the host of `url`."""
    given = site or url
    return (site_name(given) or None) if given else None


def _layer(packs: Sequence[Pack]) -> tuple[list[Rule], list[Pack]]:
    """Base rules in load order (later layers may override by id) and the site packs."""
    base: list[Rule] = []
    for pack in packs:
        if not pack.is_site_pack:
            base = _override(base, pack.rules)
    sites = [p for p in packs if p.is_site_pack]
    return base, sites


def _override(rules: Sequence[Rule], later: Sequence[Rule]) -> list[Rule]:
    """Add later rules; a rule with an existing id must say `override: true`."""
    out = list(rules)
    index = {r.id: i for i, r in enumerate(out)}
    problems = []
    for rule in later:
        if rule.id not in index:
            index[rule.id] = len(out)
            out.append(rule)
        elif rule.override:
            out[index[rule.id]] = rule
        else:
            first = out[index[rule.id]]
            problems.append(Problem(rule.path, rule.line, 1, "CT009",
                                    f"rule `{rule.id}` is already defined in {first.path}:{first.line}; "
                                    "add `override: true` to replace it"))
    if problems:
        raise RuleFileError(problems)
    return out


def _outside_body_edits(text: str, lang: str | None, models: tuple[BodyModel, ...]) -> list[Edit]:
    """Whole-page text: remove the lines that are not the article (cleantext.body), one
    change per run of lines removed for one reason, a model's with its scores."""
    lines = text.split("\n")
    removed = body_removals(lines, lang, models)  # lang None: it detects it from the page's longest lines
    return line_edits(text, lines, {i: why.rule_id for i, why in removed.items()}, run_notes(removed))


_default: Cleaner | None = None


def clean(text: str, **kwargs: Any) -> str:
    """Clean text with the built-in rules and cautious defaults."""
    global _default
    if _default is None:
        _default = Cleaner()
    return _default.clean(text, **kwargs).text

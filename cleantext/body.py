"""Body finding: reduce the text of a whole web page to the article's lines.

Plain text that still holds a page's menus, footers, related links and banners (as
inscriptis or a naive scraper gives it) is judged line by line with features plain
text keeps, smoothed over neighbouring lines as jusText (Pomikálek 2011) does, cut
to the best contiguous region, and re-judged by small learned models. No HTML is
needed. This module knows no rules: the engine hands it the body models it runs.

1. Features of each line with a word character (others are blank): leading bullet
   (``* + - •``, ``1.``; noted, then removed); length, a Han/kana character counting
   CJK_WEIGHT; words; stopword share; terminal punctuation (``. ! ? 。``, not an
   ellipsis: a cut-off teaser is no sentence); final colon; *hard* chrome: the line
   occurs twice in the page (menus, "Share this:", a headline repeated as a teaser),
   or, under LENGTH_HIGH, it has a URL, e-mail, .com/.org/.net domain or copyright
   mark, two separators (``a | b | c``) or a final breadcrumb arrow.
2. Stopword threshold relative to the page, since list sizes differ by language:
   LOW_FACTOR x the median share of its REF_LINES longest lines, capped at STOP_LOW.
   Without a stoplist (language unknown or not covered) the test is skipped; no
   English fallback, which would make, say, a Thai page all chrome.
3. Classes (jusText's): BAD = hard chrome, bullet items (menus, link lists) unless a
   long sentence, lines of LENGTH_LOW+ with too few stopwords; SHORT = under
   LENGTH_LOW, or without terminal punctuation (headings, headlines); sentences are
   GOOD from LENGTH_HIGH, else NEARGOOD (so are colon-ended lines). A short sentence
   (SENTENCE_WORDS+ words, enough stopwords) next to another is NEARGOOD.
4. Context: NEARGOOD next to NEARGOOD/GOOD becomes GOOD (a run of paragraphs). SHORT
   takes the class of its nearest GOOD/BAD neighbours when they agree; when they
   differ, GOOD if it is a sentence of SENTENCE_WORDS+ words or the BAD side passes a
   NEARGOOD line (jusText), else BAD. NEARGOOD is then BAD only between BADs. Beyond
   the page's ends counts as BAD (jusText); an article alone still keeps its first
   sentence. A repeated short non-bullet line ("Advertisement" between paragraphs)
   stays BAD but is passed over when neighbours are sought, as jusText's SHORT is.
   A colon line of LIST_INTRO_WORDS+ words after a GOOD line, followed by bullet
   items, opens a list: it and its (non-hard) items are GOOD.
5. Region: the span maximising GOOD characters minus BAD_COST per other non-blank
   line (maximum-sum segment, as in Finn et al.'s Body Text Extraction); GOOD lines
   in it are kept, plus a lone non-hard line between two kept ones. This drops
   cookie banners, comments and teasers that stand apart from the article.
6. Never empty: no GOOD line -> the region of lines not BAD in step 3; all BAD -> the
   longest line; no word character anywhere -> every non-blank line.
7. Blank and word-less lines (``* * *``) between two kept lines are kept; where the
   body models keep every line with a word, the text is kept as it is.
8. Body models (`BodyModel`: the `body_model` rules, cleantext.kinds.body_model; the
   built-in `chrome.body-model`) re-judge every line with a word: a boosted tree
   ensemble (rules/models/body-lines.json, trained by tools/train_body_model.py,
   evaluated with cleantext.linemodel's pure-Python inference) scores it as chrome from
   the steps' verdicts and BODY_FEATURES: the line, its neighbours, its block (lines
   between blank lines), its indent against the article's (inscriptis indents by
   nesting), the best region through it, its distance from the chosen region, its
   words' overlap with the GOOD lines' and the page's shape. A line that some model
   scores at its threshold or above goes, the others are kept (then step 7), so
   article lines outside the region come back and chrome inside it goes; where the
   models would keep nothing, the region of steps 5-6 is kept. A model with `sure`
   that scores no line of the page that high, nor a furniture-shaped line (link,
   bullet, separators) `sure_furniture` or higher, removes nothing: a text that is
   already an article (no menu or footer the model is sure of) comes through whole.
   So does, with `first_line`, a page whose first line with a word the model scores
   under it: a whole page opens with its masthead, skip links or menu, an extracted
   article with its own headline or text, so a list, table or forecast in it that the
   model is sure of does not make it a whole page.
   The shipped model learnt from whole pages and from article bodies alone, so a text
   that is already an article keeps most of its lists and captions even without `sure`.
   Without a model, steps 1-7 decide alone.

Constants (sweeps on the team's dev pages had flat optima; jusText's own defaults
for the first three are 70, 200 and 0.30):
  LENGTH_LOW = 100     shorter lines are judged by their neighbours
  LENGTH_HIGH = 200    a sentence this long is GOOD on its own
  STOP_LOW = 0.30      cap of the stopword-share threshold
  LOW_FACTOR = 0.6     threshold as a share of the page's typical prose
  REF_LINES = 15       longest lines that give the typical share
  CJK_WEIGHT = 3       a word is ~2 Han/kana characters, ~6 Latin ones with its space
  SENTENCE_WORDS = 6   a short line of this many words ending a sentence is prose
  LIST_INTRO_WORDS = 3 "The plan includes:" opens a list, "Share this:" does not
  BAD_COST = 80        cost, in characters, of a non-GOOD line inside the region

Stopwords: the stopwords-iso collection (github.com/stopwords-iso, MIT licence)
through the ``stopwordsiso`` package (MIT licence), 58 languages, loaded on first use
of a language and cached. For scripts without spaces (zh, ja, th, lo, km, my) the
share is of letters covered by stopword matches. Regexes are compiled at import,
the work is linear in the number of lines, and nothing is random (detection is
seeded). Headlines are not body text: they end up SHORT or repeated, and BAD.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex

from .linemodel import LineModel
from .prose import WORD, function_word_share

# The id under which the lines steps 1-7 remove are recorded (`cleantext rule` explains it).
RULE_ID = "body.outside-article"

LENGTH_LOW = 100
LENGTH_HIGH = 200
STOP_LOW = 0.30
LOW_FACTOR = 0.6
REF_LINES = 15
CJK_WEIGHT = 3
SENTENCE_WORDS = 6
LIST_INTRO_WORDS = 3
BAD_COST = 80

GOOD, NEARGOOD, SHORT, BAD = "good", "neargood", "short", "bad"

_HAS_WORD = re.compile(r"\w")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
_LETTER = regex.compile(r"\p{L}")
_BULLET = re.compile(r"(?:[*+•·►▸▪■◦‣○●-]|\d{1,3}[.)])(?:\s+|$)")
_LINKLIKE = re.compile(r"(?i)https?://|\bwww\.\w|\S@\S+\.\w|\b[\w-]+\.(?:com|org|net)\b"  # link, mail, domain
                       r"|©|\(c\)\s*\d{4}|\bcopyright\b")  # copyright
_SEPARATOR = re.compile(r"\s[|•·/»›>]\s")
_SPACE = re.compile(r"\s+")
_CLOSERS = "\"'”’»)]」』】）"
_TERMINALS = ".!?。！？"
_NAV_END = "›»>→"
_NO_SPACE_LANGS = frozenset({"ja", "zh", "th", "lo", "km", "my"})


@dataclass
class _Line:
    """Features of one line that has a word character."""

    length: int  # characters, CJK weighted, bullet removed
    words: int  # CJK: about two characters a word
    density: float | None  # share of stopwords; None without a stoplist
    terminal: bool  # ends a sentence
    colon: bool  # ends with a colon
    bullet: bool
    hard: bool  # repeated, link-like, copyright, separators: chrome whatever its neighbours
    tokens: list[str]  # its words, lower case
    quiet: bool = False  # repeated short line: BAD, but no vote in its neighbours' context


@dataclass(frozen=True)
class BodyModel:
    """A learned re-judge of every line (step 8): a model over BODY_FEATURES, the chrome
    probability from which it removes a line, and the id its removals are recorded under.
    With `sure` (above 0), a page none of whose lines scores `sure` or more, nor a line
    shaped like page furniture (a link, a bullet item, ``a | b | c``) `sure_furniture` or
    more, has no menu or footer the model is sure of: it is an article already, and the
    model removes nothing. So is, with `first_line` (above 0), a page whose first line with
    a word scores under it: the page opens with its article, not with a masthead or menu."""

    rule_id: str
    model: LineModel
    threshold: float
    sure: float = 0.0
    sure_furniture: float = 0.0  # 0: furniture-shaped lines count as other lines do
    first_line: float = 0.0  # 0: a page may open with a line the model keeps

    def article_already(self, scored: list[tuple[int, list[float], float]]) -> bool:
        """Whether the page of these (line, features, score) is an article already, which the
        model leaves whole: it opens with a line scored under `first_line`, or no line shows
        the model `sure` of chrome."""
        opens_with_article = bool(self.first_line and scored and scored[0][2] < self.first_line)
        return opens_with_article or bool(self.sure and not any(self.sure_of(score, x) for _, x, score in scored))

    def sure_of(self, score: float, x: list[float]) -> bool:
        """Whether a line of this score and features shows the page is more than an article."""
        furniture = self.sure_furniture and (x[_AT_LINK] or x[_AT_BULLET] or x[_AT_SEPARATORS] >= 2)
        return score >= self.sure or bool(furniture and score >= self.sure_furniture)


@dataclass(frozen=True)
class Removal:
    """Why a line of a whole page goes: the body model's id and score, or RULE_ID
    without a score (steps 1-7, and lines without a word beside removed ones)."""

    rule_id: str
    score: float | None = None


_BY_RULES = Removal(RULE_ID)


def body_lines(lines: list[str], lang: str | None, models: Sequence[BodyModel] = ()) -> list[bool]:
    """For each line of a whole-page text, whether it belongs to the article body.

    `lang` is an ISO 639-1 code (langdetect's codes such as "zh-cn" are accepted);
    None detects it from the page's longest lines; "unknown" uses no stopwords.
    `models` re-judge the lines (step 8), the first to remove a line credited; without
    them steps 1-7 decide alone.
    """
    removed = body_removals(lines, lang, models)
    return [i not in removed for i in range(len(lines))]


def body_removals(lines: list[str], lang: str | None, models: Sequence[BodyModel] = ()) -> dict[int, Removal]:
    """The lines that are not the article body (as `body_lines`), each with why it goes."""
    page, vectors = body_vectors(lines, lang) if models else (_judge(lines, lang), [])
    if page is None:  # no word anywhere: keep what there is
        return {i: _BY_RULES for i, line in enumerate(lines) if not line.strip()}
    by_model = _scored(vectors, models)
    if models and not by_model:  # they keep every line with a word: the text as it is, "(...)" at its end too
        return {}
    keep = [x is not None and i not in by_model for i, x in enumerate(vectors)]
    if not any(keep):  # no model, or the models would keep nothing: the rules' region stands
        keep, by_model = page.keep, {}
    return _credited(page.feats, _attach_blanks(page.feats, keep), by_model)


def _scored(vectors: list[list[float] | None], models: Sequence[BodyModel]) -> dict[int, Removal]:
    """The lines some model scores at its threshold or above, credited to the first such
    model; a model that takes the page for an article already (BodyModel.article_already)
    removes none."""
    out: dict[int, Removal] = {}
    for m in models:
        scored = [(i, x, m.model.score(x)) for i, x in enumerate(vectors) if x is not None]
        if m.article_already(scored):
            continue
        out.update((i, Removal(m.rule_id, score)) for i, _, score in scored if score >= m.threshold and i not in out)
    return out


def _credited(feats: list[_Line | None], keep: list[bool], by_model: dict[int, Removal]) -> dict[int, Removal]:
    """The removed lines with their reasons: a line with a word goes by the model that
    scored it, else by the rules; a line without one (blank, ``* * *``) by the nearest
    line with a word before it in its run of removed lines, else after it (so a run is
    one change), else by the rules."""
    out: dict[int, Removal] = {}
    waiting: list[int] = []  # word-less removed lines before the run's first line with a word
    last: Removal | None = None  # the reason of the run's last line with a word
    for i, kept in enumerate(keep):
        if kept:
            out.update((j, _BY_RULES) for j in waiting)
            waiting, last = [], None
        elif feats[i] is not None:
            last = by_model.get(i, _BY_RULES)
            out.update((j, Removal(last.rule_id)) for j in waiting)
            out[i], waiting = last, []
        elif last is not None:
            out[i] = Removal(last.rule_id)  # no score: the model did not judge it
        else:
            waiting.append(i)
    out.update((j, _BY_RULES) for j in waiting)
    return out


def run_notes(removed: dict[int, Removal]) -> dict[int, str]:
    """A note on the first line of each run of consecutive lines one model removed, with
    its score or the range of its lines' scores: the run is one change, as
    `lines.line_edits` makes it from a note on its first line."""
    notes: dict[int, str] = {}
    runs: list[list[int]] = []
    for i in sorted(removed):
        if runs and runs[-1][-1] == i - 1 and removed[runs[-1][-1]].rule_id == removed[i].rule_id:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        scores = [s for i in run if (s := removed[i].score) is not None]
        if len(scores) == 1:
            notes[run[0]] = f"score {scores[0]:.2f}"
        elif scores:
            notes[run[0]] = f"scores {min(scores):.2f}-{max(scores):.2f} over {len(scores)} lines"
    return notes


@dataclass
class _Judged:
    """A page judged by the steps above: line features, classes before and after
    context, the stopword threshold and the lines kept."""

    feats: list[_Line | None]
    initial: list[str | None]
    classes: list[str | None]
    low: float | None
    keep: list[bool]


def _judge(lines: list[str], lang: str | None) -> _Judged | None:
    if lang is None:
        lang = _detect(lines)
    stop = _stoplist(_code(lang))
    feats = _features(lines, stop)
    if not any(feats):
        return None
    low = _threshold(feats, stop)
    initial = _classify(feats, low)
    classes = _lists(feats, _revise(feats, initial))
    keep = _region(feats, [c == GOOD for c in classes])
    if not any(keep):  # never empty: the best region of the lines not judged BAD on their own
        keep = _region(feats, [c is not None and c != BAD for c in initial])
    if not any(keep):
        longest = max((i for i, f in enumerate(feats) if f), key=lambda i: _at(feats, i).length)
        keep[longest] = True
    return _Judged(feats, initial, classes, low, keep)


# -- language and stopwords ------------------------------------------------------

def _detect(lines: list[str]) -> str:
    """Language of the page's longest lines (its menus would mislead a detector)."""
    from .lang import detect

    longest = sorted((line.strip() for line in lines), key=len, reverse=True)[:12]
    return detect("\n".join(longest))


def _code(lang: str | None) -> str | None:
    if not lang or lang == "unknown":
        return None
    return lang.split("-")[0].split("_")[0].lower()


@cache
def _stoplist(code: str | None):
    """("words", frozenset) or ("chars", compiled pattern) for the language, or None."""
    if code is None:
        return None
    import stopwordsiso

    if not stopwordsiso.has_lang(code):
        return None
    words = {w.lower().replace("’", "'") for w in stopwordsiso.stopwords(code) if w.strip()}
    if code in _NO_SPACE_LANGS:
        return "chars", regex.compile("|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True)))
    return "words", frozenset(words)


def _density(text: str, tokens: list[str], stop) -> float | None:
    """Share of `tokens` (lower case) that are stopwords, or of letters covered by them."""
    if stop is None:
        return None
    kind, data = stop
    if kind == "words":
        return function_word_share(tokens, data)
    letters = len(_LETTER.findall(text))
    covered = sum(len(m) for m in data.findall(text))
    return covered / letters if letters else 0.0


# -- line features and classes ---------------------------------------------------

def _features(lines: list[str], stop) -> list[_Line | None]:
    feats: list[_Line | None] = [None] * len(lines)
    keys: list[str | None] = [None] * len(lines)
    for i, line in enumerate(lines):
        text = line.strip()
        if not _HAS_WORD.search(text):
            continue
        m = _BULLET.match(text)
        if m:
            text = text[m.end():]
            if not _HAS_WORD.search(text):  # a bare "1." is a marker, not a line of text
                continue
        tokens = WORD.findall(text.lower().replace("’", "'"))
        length, words = len(text), len(tokens)
        if not text.isascii():
            cjk = len(_CJK.findall(text))
            length += (CJK_WEIGHT - 1) * cjk
            words += cjk // 2  # about two characters a word where words are not spaced
        end = text.rstrip(_CLOSERS)
        terminal = end[-1:] in _TERMINALS and end[-2:-1] != "."
        hard = length < LENGTH_HIGH and (text[-1] in _NAV_END or len(_SEPARATOR.findall(text)) >= 2
                                         or _LINKLIKE.search(text) is not None)
        feats[i] = _Line(length, words, _density(text, tokens, stop), terminal,
                         end[-1:] in ":：", m is not None, hard, tokens)
        keys[i] = _SPACE.sub(" ", text).casefold()
    counts = Counter(k for k in keys if k is not None)
    for f, k in zip(feats, keys):
        if f is not None and k is not None and counts[k] > 1:
            f.quiet = not f.hard and not f.bullet and f.length < LENGTH_LOW
            f.hard = True
    return feats


def _threshold(feats: list[_Line | None], stop) -> float | None:
    if stop is None:
        return None
    longest = sorted((f for f in feats if f is not None and f.length >= LENGTH_LOW),
                     key=lambda f: -f.length)[:REF_LINES]
    if len(longest) < 3:
        return STOP_LOW
    typical = sorted(f.density or 0.0 for f in longest)[len(longest) // 2]  # not None: there is a stoplist
    return min(STOP_LOW, LOW_FACTOR * typical)


def _classify(feats: list[_Line | None], low: float | None) -> list[str | None]:
    classes: list[str | None] = [None] * len(feats)
    for i, f in enumerate(feats):
        if f is None:
            continue
        few_stopwords = low is not None and f.density is not None and f.density < low
        if f.hard:
            c = BAD
        elif f.bullet:
            c = NEARGOOD if f.terminal and f.length >= LENGTH_LOW and not few_stopwords else BAD
        elif f.length < LENGTH_LOW:
            c = SHORT
        elif few_stopwords:
            c = SHORT if f.terminal and f.length < LENGTH_HIGH else BAD
        elif f.terminal:
            c = GOOD if f.length >= LENGTH_HIGH else NEARGOOD
        elif f.colon:
            c = NEARGOOD
        else:
            c = SHORT
        classes[i] = c
    # Short sentences next to other sentences are prose too (one-sentence paragraphs).
    order = [i for i, f in enumerate(feats) if f is not None]
    prose = [classes[i] in (GOOD, NEARGOOD) or (classes[i] == SHORT and _sentence(_at(feats, i), low))
             for i in order]
    for k, i in enumerate(order):
        if classes[i] == SHORT and prose[k] and (
                (k > 0 and prose[k - 1]) or (k + 1 < len(order) and prose[k + 1])):
            classes[i] = NEARGOOD
    return classes


def _at(feats: list[_Line | None], i: int) -> _Line:
    """Line i's features, where the caller knows it has a word (only such lines have a class)."""
    f = feats[i]
    assert f is not None
    return f


def _sentence(f: _Line, low: float | None) -> bool:
    return f.terminal and f.words >= SENTENCE_WORDS and (low is None or (f.density or 0.0) >= low)


def _nearest(cls: list[str | None], kinds: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """For every line, the class of the nearest line before and after it whose class is in
    `kinds`; BAD past the page's edges (as jusText). Two linear passes."""
    before, after = [BAD] * len(cls), [BAD] * len(cls)
    last = BAD
    for i, c in enumerate(cls):
        before[i] = last
        if c in kinds:
            last = c
    last = BAD
    for i in range(len(cls) - 1, -1, -1):
        after[i] = last
        if (c := cls[i]) in kinds:
            last = c
    return before, after


def _revise(feats: list[_Line | None], classes: list[str | None]) -> list[str | None]:
    cls = list(classes)
    order = [i for i, c in enumerate(cls) if c is not None]
    runs = [i for k, i in enumerate(order) if cls[i] == NEARGOOD and (
        (k > 0 and cls[order[k - 1]] in (GOOD, NEARGOOD))
        or (k + 1 < len(order) and cls[order[k + 1]] in (GOOD, NEARGOOD)))]
    for i in runs:
        cls[i] = GOOD
    before, after = _nearest(_votes(feats, cls), (GOOD, BAD))
    near_before, near_after = _nearest(_votes(feats, cls), (GOOD, BAD, NEARGOOD))
    short = {}
    for i in order:
        if cls[i] != SHORT:
            continue
        if before[i] == after[i]:
            short[i] = before[i]
        elif (before[i] == BAD and near_before[i] == NEARGOOD) or (
                after[i] == BAD and near_after[i] == NEARGOOD):
            short[i] = GOOD
        else:
            short[i] = GOOD if _at(feats, i).terminal and _at(feats, i).words >= SENTENCE_WORDS else BAD
    for i, c in short.items():
        cls[i] = c
    before, after = _nearest(_votes(feats, cls), (GOOD, BAD))
    for i in order:
        if cls[i] == NEARGOOD:
            cls[i] = BAD if before[i] == after[i] == BAD else GOOD
    return cls


def _votes(feats: list[_Line | None], cls: list[str | None]) -> list[str | None]:
    """Classes as neighbours see them: a repeated short line ("Advertisement" between
    paragraphs) is dropped but does not separate what is around it."""
    return [None if c == BAD and _at(feats, i).quiet else c for i, c in enumerate(cls)]


def _lists(feats: list[_Line | None], cls: list[str | None]) -> list[str | None]:
    """A list introduced by a sentence ending in a colon belongs with the prose before it."""
    order = [i for i, f in enumerate(feats) if f is not None]
    for k in range(1, len(order) - 1):
        f = _at(feats, order[k])
        if (f.colon and not f.bullet and f.words >= LIST_INTRO_WORDS and cls[order[k - 1]] == GOOD
                and _at(feats, order[k + 1]).bullet):
            cls[order[k]] = GOOD
            j = k + 1
            while j < len(order) and _at(feats, order[j]).bullet and not _at(feats, order[j]).hard:
                cls[order[j]] = GOOD
                j += 1
    return cls


# -- region and blank lines ------------------------------------------------------

def _region(feats: list[_Line | None], good: list[bool]) -> list[bool]:
    """`good` limited to the maximum-sum span, plus single soft lines between kept ones."""
    best = best_start = best_end = 0
    total, start = 0, None
    for i, f in enumerate(feats):
        if f is None:
            continue
        if start is None or total <= 0:
            total, start = 0, i
        total += f.length if good[i] else -BAD_COST
        if total > best:
            best, best_start, best_end = total, start, i
    keep = [False] * len(feats)
    if best <= 0:
        return keep
    for i in range(best_start, best_end + 1):
        keep[i] = good[i]
    order = [i for i in range(best_start, best_end + 1) if feats[i] is not None]
    for k in range(1, len(order) - 1):
        i = order[k]
        if not keep[i] and keep[order[k - 1]] and keep[order[k + 1]] and not _at(feats, i).hard:
            keep[i] = True
    return keep


def _attach_blanks(feats: list[_Line | None], keep: list[bool]) -> list[bool]:
    out = list(keep)
    last_kept = None  # index of the last non-blank line, if it was kept
    for i, f in enumerate(feats):
        if f is None:
            continue
        if keep[i] and last_kept is not None:
            for j in range(last_kept + 1, i):
                out[j] = True
        last_kept = i if keep[i] else None
    return out


# -- features for the learned body model -----------------------------------------

CAP = 50  # counts of lines from an edge or from the region stop here
WINDOW = 5  # lines each side that make a line's neighbourhood
SHORT_CHARS = 50  # "short line" for the neighbourhood's density

_CLASS_CODE = {GOOD: 0, NEARGOOD: 1, SHORT: 2, BAD: 3, None: 4}
_DATE = re.compile(r"\b\d{1,4}[-./]\d{1,2}[-./]\d{2,4}\b|\b(?:19|20)\d\d\b|\b\d{1,2}:\d\d\b")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?\s+[\"'“‘(]?[A-ZÀ-ÖØ-Þ]")

BODY_FEATURES = (
    "length", "words", "density", "density_ratio", "terminal", "colon", "bullet", "hard", "quiet",
    "initial", "revised", "kept", "indent", "main_indent", "ellipsis", "digits", "date", "link", "upper",
    "title_words", "sentences", "commas", "separators",
    "before_region", "after_region", "prev_length", "prev_terminal", "prev_class", "prev_kept",
    "next_length", "next_terminal", "next_class", "next_kept", "blank_before", "blank_after",
    "block_lines", "block_chars", "block_terminal", "block_kept", "short_near", "good_near",
    "from_start", "from_end", "page_lines", "repeats", "kept_lines", "indent_gap",
    "best_through", "good_wide", "lower_start", "next_lower", "prev_density", "next_density",
    "page_hard", "page_good", "lead_lines", "tail_lines", "overlap",
)
WIDE = 20  # lines each side of the wider neighbourhood
_AT_LINK, _AT_BULLET, _AT_SEPARATORS = (BODY_FEATURES.index(name) for name in ("link", "bullet", "separators"))


def body_vectors(lines: list[str], lang: str | None) -> tuple[_Judged | None, list[list[float] | None]]:
    """The page judged by the rules above, and a BODY_FEATURES vector for each line
    with a word (None for the others): the line, its neighbours, its block (lines
    between blank lines) and its place relative to the rules' article region."""
    page = _judge(lines, lang)
    out: list[list[float] | None] = [None] * len(lines)
    if page is None:
        return page, out
    feats, keep = page.feats, page.keep
    order = [i for i, f in enumerate(feats) if f is not None]
    n = len(order)
    texts = [lines[i].strip() for i in order]
    indents = [min(len(lines[i]) - len(lines[i].lstrip()), 40) for i in order]
    fs = [_at(feats, i) for i in order]
    kept = [keep[i] for i in order]
    initial = [_CLASS_CODE[page.initial[i]] for i in order]
    revised = [_CLASS_CODE[page.classes[i]] for i in order]
    main = _main_indent(indents, fs, revised)
    blank_before = [k == 0 or order[k] - order[k - 1] > 1 for k in range(n)]
    first = next((k for k in range(n) if kept[k]), n)
    last = next((k for k in range(n - 1, -1, -1) if kept[k]), -1)
    blocks = _blocks(blank_before, fs, kept)
    short = [f.length < SHORT_CHARS for f in fs]
    good = [f.length if c == 0 else 0 for f, c in zip(fs, revised)]
    keys = Counter(_SPACE.sub(" ", t).casefold() for t in texts)
    kept_lines = min(sum(kept), CAP)
    through = _best_through([f.length if c == 0 else -BAD_COST for f, c in zip(fs, revised)])
    best = max(through) or 1
    lower = [t[:1].islower() for t in texts]
    overlap = _overlaps(fs, [c == 0 for c in revised])
    page_level = (sum(f.hard for f in fs) / n, sum(good) / (sum(f.length for f in fs) or 1),
                  min(first, CAP), min(n - 1 - last, CAP))
    for k, (f, text) in enumerate(zip(fs, texts)):
        letters = sum(map(str.isalpha, text)) or 1
        lo, hi = max(0, k - WINDOW), min(n, k + WINDOW + 1)
        prev, nxt = (fs[k - 1], k - 1) if k else (None, -1), (fs[k + 1], k + 1) if k + 1 < n else (None, -1)
        out[order[k]] = [
            f.length, f.words, _or(f.density, -1.0),
            f.density / page.low if f.density is not None and page.low else -1.0,
            f.terminal, f.colon, f.bullet, f.hard, f.quiet, initial[k], revised[k], kept[k],
            indents[k], indents[k] == main, text.endswith(("...", "…")),
            sum(map(str.isdigit, text)) / len(text), _DATE.search(text) is not None,
            _LINKLIKE.search(text) is not None, sum(map(str.isupper, text)) / letters,
            sum(w[:1].isupper() for w in text.split()) / (f.words or 1),
            len(_SENTENCE_END.findall(text)), text.count(",") / (f.words or 1), len(_SEPARATOR.findall(text)),
            min(first - k, CAP) if k < first else 0, min(k - last, CAP) if k > last else 0,
            *_neighbour(prev, revised, kept), *_neighbour(nxt, revised, kept),
            blank_before[k], k + 1 == n or blank_before[k + 1],
            *blocks[k], sum(short[lo:hi]) / (hi - lo), sum(good[lo:hi]),
            min(k, CAP), min(n - 1 - k, CAP), min(n, 500), keys[_SPACE.sub(" ", text).casefold()], kept_lines,
            min(abs(indents[k] - main), 40) if main >= 0 else -1,
            through[k] / best, sum(good[max(0, k - WIDE):k + WIDE + 1]), lower[k], k + 1 < n and lower[k + 1],
            _or(fs[k - 1].density, -1.0) if k else -2.0, _or(fs[k + 1].density, -1.0) if k + 1 < n else -2.0,
            *page_level, overlap[k],
        ]
    return page, out


def _or(value: float | None, default: float) -> float:
    return default if value is None else value


def _neighbour(near: tuple[_Line | None, int], revised: list[int], kept: list[bool]) -> tuple[float, ...]:
    f, k = near
    if f is None:
        return -1, -1, -1, -1
    return f.length, f.terminal, revised[k], kept[k]


def _main_indent(indents: list[int], fs: list[_Line], revised: list[int]) -> int:
    """The indent of most GOOD characters (inscriptis indents by nesting): the article's."""
    weight: Counter[int] = Counter()
    for indent, f, c in zip(indents, fs, revised):
        if c == 0:
            weight[indent] += f.length
    return weight.most_common(1)[0][0] if weight else -1


def _overlaps(fs: list[_Line], vocabulary: list[bool]) -> list[float]:
    """For each line, the share of its words of 4+ letters that some other line of the
    `vocabulary` (the GOOD lines) uses, -1 without such words: a subheading or a list
    item shares the article's words, a menu or a cookie notice few of them."""
    used: Counter[str] = Counter()
    words = [{t for t in f.tokens if len(t) > 3} for f in fs]
    for w, counts in zip(words, vocabulary):
        if counts:
            used.update(w)
    return [sum(used[t] > counts for t in w) / len(w) if w else -1.0 for w, counts in zip(words, vocabulary)]


def _best_through(values: list[int]) -> list[int]:
    """For each position, the largest sum of a span of `values` that contains it (the
    best region through the line, as _region scores regions). Two linear passes."""
    n = len(values)
    ending, starting = [0] * n, [0] * n
    run = 0
    for k, v in enumerate(values):
        run = max(run, 0) + v
        ending[k] = run
    run = 0
    for k in range(n - 1, -1, -1):
        run = max(run, 0) + values[k]
        starting[k] = run
    return [max(ending[k] + starting[k] - values[k], 0) for k in range(n)]


def _blocks(blank_before: list[bool], fs: list[_Line], kept: list[bool]) -> list[tuple[float, ...]]:
    """For each line, its block's lines, characters, share of sentences and share kept."""
    out: list[tuple[float, ...]] = []
    start = 0
    for k in range(1, len(fs) + 1):
        if k == len(fs) or blank_before[k]:
            size = k - start
            stats = (min(size, CAP), sum(f.length for f in fs[start:k]),
                     sum(f.terminal for f in fs[start:k]) / size, sum(kept[start:k]) / size)
            out.extend([stats] * size)
            start = k
    return out


def keep_from_scores(page: _Judged, scores: list[float | None], threshold: float) -> list[bool]:
    """Lines whose chrome probability is under `threshold`, with blank lines between
    kept ones; the rules' choice where the model would keep nothing."""
    keep = [s is not None and s < threshold for s in scores]
    return _attach_blanks(page.feats, keep if any(keep) else page.keep)

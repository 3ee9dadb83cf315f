"""Body finding: reduce the text of a whole web page to the article's lines.

Input is plain text that still holds the page's menus, footers, sidebars, related
links and banners (what inscriptis or a naive scraper gives). No HTML is used: each
line is judged by features plain text keeps, then smoothed over its neighbours in
the spirit of jusText (Pomikálek 2011), then the best contiguous region is kept.

Algorithm
  1. Features of every line that has a word character (other lines are "blank"):
     a leading bullet (``*``, ``+``, ``-``, ``•``, ``1.`` ...) is noted and removed;
     length in characters, a CJK character counting CJK_WEIGHT; word count; share of
     stopwords of the document's language; terminal punctuation (``. ! ? 。`` etc.,
     not an ellipsis: a cut-off teaser is no sentence); a final colon; and *hard*
     chrome signals: the line occurs more than once in the page (menus repeated in
     header and footer, "Share this:", a headline repeated as a teaser), it names a
     URL, e-mail or domain or carries a copyright mark (lines shorter than
     LENGTH_HIGH), it has two or more separators (``a | b | c``, ``x › y``) or ends
     in a breadcrumb arrow.
  2. Stopword threshold, relative to the page: stopword lists differ in size by
     language, so the threshold is LOW_FACTOR times the median density of the
     page's REF_LINES longest lines (at least three of LENGTH_LOW or more), capped at
     STOP_LOW; with fewer such lines, STOP_LOW. Without a stoplist (language unknown
     or not covered) the stopword test is skipped: no English fallback, because
     English stopwords would mark every line of, say, a Thai page as chrome.
  3. Initial class (jusText's four): BAD for hard chrome, for bullet items (menus
     and link lists; a long bulleted sentence is NEARGOOD) and for lines of
     LENGTH_LOW or more whose stopword share is below the threshold (such a line
     that is a sentence shorter than LENGTH_HIGH is SHORT instead). Lines shorter
     than LENGTH_LOW, and longer ones without terminal punctuation or a final
     colon (headings, headlines), are SHORT. Sentences are GOOD from LENGTH_HIGH
     characters, NEARGOOD below (and so are lines ending in a colon).
  4. Context, as jusText: a NEARGOOD line next to another NEARGOOD or GOOD line
     becomes GOOD (a run of short paragraphs is prose). A SHORT line takes the class
     of its nearest GOOD/BAD neighbours on both sides when they agree; when they
     differ it is GOOD if it is a sentence of at least SENTENCE_WORDS words or the
     BAD side is reached through a NEARGOOD line (jusText's rule), else BAD. Then a
     NEARGOOD line is BAD only between two BAD neighbours. The page's first and last
     lines have no neighbour on one side, and that side does not vote, so an
     article that is the whole text keeps its first and last lines. A line ending
     in a colon, of LIST_INTRO_WORDS or more words, right after a GOOD line and
     followed by bullet items, introduces a list: it and its items (not hard
     chrome) are GOOD.
  5. Region: the contiguous span of lines maximising (characters of GOOD lines)
     minus BAD_COST for every other non-blank line (maximum-sum segment, as in Finn
     et al.'s Body Text Extraction). Only GOOD lines inside it are kept: this drops
     cookie banners, comment blocks and teaser summaries that sit apart from the
     article. Inside the span, a single line that is not hard chrome between two
     kept lines is kept too.
  6. Never empty: when no line is GOOD, the region is found again with every
     non-hard line counting its characters; when every line is hard chrome, the
     longest line is kept.
  7. Blank lines (and lines without a word character, such as ``* * *``) are kept
     when they lie between two kept lines.

Constants (tuned on the team's development pages by sweeps with flat optima; the
first three are jusText's notions, with its defaults 70 / 200 / 0.30)
  LENGTH_LOW = 100       below: a short line, judged by its neighbours
  LENGTH_HIGH = 200      from here a sentence is GOOD on its own
  STOP_LOW = 0.30        cap of the stopword-share threshold
  LOW_FACTOR = 0.6       threshold as a share of the page's typical prose density
  REF_LINES = 15         longest lines that give that typical density
  CJK_WEIGHT = 3         a Han/kana character counts as 3 characters (one word of
                         about two characters stands for an English word and space)
  SENTENCE_WORDS = 6     a SHORT sentence this long sides with its GOOD neighbour
  LIST_INTRO_WORDS = 3   "The list includes:" opens a list; "Share this:" does not
  BAD_COST = 80          cost of a non-GOOD line inside the region, in characters

Stopwords come from the stopwords-iso collection (github.com/stopwords-iso), via
the ``stopwordsiso`` package (MIT licence; the collection is MIT too): 58
languages, loaded on first use of each language and cached. Languages written
without spaces (Chinese, Japanese, Thai, Lao, Khmer, Burmese) are measured by the
share of letters covered by stopword matches instead of the share of words.

Lines are judged one at a time with regexes compiled at import; the cost is linear
in the number of lines. Deterministic: no randomness, language detection is seeded.
Headlines are not part of the body (they are SHORT lines and repeated lines).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import regex

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
_WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
_LETTER = regex.compile(r"\p{L}")
_BULLET = re.compile(r"(?:[*+•·►▸▪■◦‣○●-]|\d{1,3}[.)])(?:\s+|$)")
_LINKLIKE = re.compile(r"(?i)https?://|\bwww\.\w|\S@\S+\.\w|\b[\w-]+\.(?:com|org|net)\b|©|\(c\)\s*\d{4}|\bcopyright\b")
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
    words: int
    density: float | None  # share of stopwords; None without a stoplist
    terminal: bool  # ends a sentence
    colon: bool  # ends with a colon
    bullet: bool
    hard: bool  # repeated, link-like, copyright, separators: chrome whatever its neighbours


def body_lines(lines: list[str], lang: str | None) -> list[bool]:
    """For each line of a whole-page text, whether it belongs to the article body.

    `lang` is an ISO 639-1 code (langdetect's codes such as "zh-cn" are accepted);
    None detects it from the page's longest lines; "unknown" uses no stopwords.
    """
    if lang is None:
        lang = _detect(lines)
    stop = _stoplist(_code(lang))
    feats = _features(lines, stop)
    if not any(feats):  # no word anywhere: keep what there is
        return [bool(line.strip()) for line in lines]
    classes = _lists(feats, _revise(feats, _classify(feats, _threshold(feats, stop))))
    keep = _region(feats, [c == GOOD for c in classes])
    if not any(keep):  # never empty: the best region of everything that is not hard chrome
        keep = _region(feats, [f is not None and not f.hard for f in feats])
    if not any(keep):
        longest = max((i for i, f in enumerate(feats) if f), key=lambda i: feats[i].length)
        keep[longest] = True
    return _attach_blanks(feats, keep)


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


@lru_cache(maxsize=None)
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
    if stop is None:
        return None
    kind, data = stop
    if kind == "words":
        if not tokens:
            return 0.0
        return sum(t.lower().replace("’", "'") in data for t in tokens) / len(tokens)
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
        tokens = _WORD.findall(text)
        length = len(text)
        if not text.isascii():
            length += (CJK_WEIGHT - 1) * len(_CJK.findall(text))
        end = text.rstrip(_CLOSERS)
        terminal = end[-1:] in _TERMINALS and end[-2:-1] != "."
        hard = length < LENGTH_HIGH and (text[-1] in _NAV_END or len(_SEPARATOR.findall(text)) >= 2
                                         or _LINKLIKE.search(text) is not None)
        feats[i] = _Line(length, len(tokens), _density(text, tokens, stop), terminal,
                         end[-1:] in ":：", m is not None, hard)
        keys[i] = _SPACE.sub(" ", text).casefold()
    counts = Counter(k for k in keys if k is not None)
    for f, k in zip(feats, keys):
        if f is not None and counts[k] > 1:
            f.hard = True
    return feats


def _threshold(feats: list[_Line | None], stop) -> float | None:
    if stop is None:
        return None
    longest = sorted((f for f in feats if f is not None and f.length >= LENGTH_LOW),
                     key=lambda f: -f.length)[:REF_LINES]
    if len(longest) < 3:
        return STOP_LOW
    typical = sorted(f.density for f in longest)[len(longest) // 2]
    return min(STOP_LOW, LOW_FACTOR * typical)


def _classify(feats: list[_Line | None], low: float | None) -> list[str | None]:
    classes: list[str | None] = [None] * len(feats)
    for i, f in enumerate(feats):
        if f is None:
            continue
        few_stopwords = low is not None and f.density < low
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
    return classes


def _neighbour(classes: list[str | None], i: int, step: int, skip_neargood: bool) -> str | None:
    """Class of the nearest GOOD or BAD (or NEARGOOD) line; None past the page's edge."""
    j = i + step
    while 0 <= j < len(classes):
        c = classes[j]
        if c == GOOD or c == BAD or (c == NEARGOOD and not skip_neargood):
            return c
        j += step
    return None


EDGE = None


def _edges(before, after):
    if EDGE is not None:
        return before or EDGE, after or EDGE
    return before or after or BAD, after or before or BAD


def _revise(feats: list[_Line | None], classes: list[str | None]) -> list[str | None]:
    cls = list(classes)
    order = [i for i, c in enumerate(cls) if c is not None]
    runs = [i for k, i in enumerate(order) if cls[i] == NEARGOOD and (
        (k > 0 and cls[order[k - 1]] in (GOOD, NEARGOOD))
        or (k + 1 < len(order) and cls[order[k + 1]] in (GOOD, NEARGOOD)))]
    for i in runs:
        cls[i] = GOOD
    short = {}
    for i in order:
        if cls[i] != SHORT:
            continue
        before, after = _neighbour(cls, i, -1, True), _neighbour(cls, i, 1, True)
        before, after = _edges(before, after)
        if before == after:
            short[i] = before
        elif (before == BAD and _neighbour(cls, i, -1, False) == NEARGOOD) or (
                after == BAD and _neighbour(cls, i, 1, False) == NEARGOOD):
            short[i] = GOOD
        else:
            f = feats[i]
            short[i] = GOOD if f.terminal and f.words >= SENTENCE_WORDS else BAD
    for i, c in short.items():
        cls[i] = c
    for i in order:
        if cls[i] == NEARGOOD:
            before, after = _neighbour(cls, i, -1, True), _neighbour(cls, i, 1, True)
            before, after = _edges(before, after)
            cls[i] = BAD if before == after == BAD else GOOD
    return cls


def _lists(feats: list[_Line | None], cls: list[str | None]) -> list[str | None]:
    """A list introduced by a sentence ending in a colon belongs with the prose before it."""
    order = [i for i, f in enumerate(feats) if f is not None]
    for k in range(1, len(order) - 1):
        f = feats[order[k]]
        if (f.colon and not f.bullet and f.words >= LIST_INTRO_WORDS and cls[order[k - 1]] == GOOD
                and feats[order[k + 1]].bullet):
            cls[order[k]] = GOOD
            j = k + 1
            while j < len(order) and feats[order[j]].bullet and not feats[order[j]].hard:
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
        if not keep[i] and keep[order[k - 1]] and keep[order[k + 1]] and not feats[i].hard:
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

"""Body finding v2 (scratch)."""
from __future__ import annotations

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
BAD_COST = 80
SENTENCE_WORDS = 0   # 0 = off
LIST_INTRO_WORDS = 3
FILL = True
MIXED_SENTENCE = 6
EDGE = None
MENU_WORDS = 0

_WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
_LETTER = regex.compile(r"\p{L}")
_HAS_WORD = regex.compile(r"\w")
_BULLET = regex.compile(r"^(?:[*+•·►▸▪■◦‣○●-]|\d{1,3}[.)])(?:\s+|$)")
_TERMINAL = regex.compile(r"(?<![.…])[.!?。！？][\"'”’)\]」』»]*$")
_COLON = regex.compile(r"[:：]$")
_URL = regex.compile(r"(?i)\bhttps?://|\bwww\.\w|\S+@\S+\.\w+|\b[\w-]+\.(?:com|org|net)\b")
_SEPARATORS = regex.compile(r"\s[|•·/»›>]\s")
_TRAILING_NAV = regex.compile(r"[›»>→]\s*$")
_COPYRIGHT = regex.compile(r"(?i)©|\(c\)\s*\d{4}|copyright\b")
_SPACE = regex.compile(r"\s+")
_NO_SPACE_LANGS = {"ja", "zh", "th", "lo", "km", "my"}

GOOD, NEARGOOD, SHORT, BAD = "good", "neargood", "short", "bad"


@dataclass
class _Line:
    text: str
    length: int
    words: int
    density: float | None
    terminal: bool
    colon: bool
    bullet: bool
    hard: bool


@lru_cache(maxsize=None)
def _stoplist(lang):
    try:
        import stopwordsiso
    except ImportError:
        return None
    if not lang or not stopwordsiso.has_lang(lang):
        return None
    words = frozenset(w.lower().replace("’", "'") for w in stopwordsiso.stopwords(lang))
    if lang in _NO_SPACE_LANGS:
        pat = regex.compile("|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True)))
        return ("chars", pat)
    return ("words", words)


def _density(text, toks, stop):
    if stop is None:
        return None
    kind, data = stop
    if kind == "words":
        if not toks:
            return 0.0
        return sum(t.lower().replace("’", "'") in data for t in toks) / len(toks)
    letters = len(_LETTER.findall(text))
    if not letters:
        return 0.0
    covered = sum(m.end() - m.start() for m in data.finditer(text))
    return covered / letters


def _norm(text):
    return _SPACE.sub(" ", text).strip().casefold()


def _lang_code(lang):
    if not lang or lang == "unknown":
        return None
    return lang.split("-")[0].lower()


def detect_lang(lines):
    from .lang import detect
    longest = sorted((l.strip() for l in lines if l.strip()), key=len, reverse=True)[:12]
    return detect("\n".join(longest))


def features(lines, stop):
    out = [None] * len(lines)
    for i, line in enumerate(lines):
        s = line.strip()
        if not _HAS_WORD.search(s):
            continue
        m = _BULLET.match(s)
        bullet = m is not None
        if m:
            s = s[m.end():]
        toks = _WORD.findall(s)
        length = len(s) + (CJK_WEIGHT - 1) * len(_CJK.findall(s))
        hard = bool(((_COPYRIGHT.search(s) or _URL.search(s)) and length < LENGTH_HIGH)
                    or len(_SEPARATORS.findall(s)) >= 2 or _TRAILING_NAV.search(s))
        out[i] = _Line(s, length, len(toks), _density(s, toks, stop), bool(_TERMINAL.search(s)),
                       bool(_COLON.search(s)), bullet, hard)
    counts = Counter(_norm(f.text) for f in out if f is not None)
    for f in out:
        if f is not None and counts[_norm(f.text)] > 1:
            f.hard = True
    return out


def threshold(feats, stop):
    if stop is None:
        return None
    longest = sorted((f for f in feats if f is not None and f.length >= LENGTH_LOW),
                     key=lambda f: -f.length)[:REF_LINES]
    if len(longest) < 3:
        return STOP_LOW
    ref = sorted(f.density for f in longest)[len(longest) // 2]
    return min(STOP_LOW, LOW_FACTOR * ref)


def classify(feats, lo):
    classes = [None] * len(feats)
    runwords = [0] * len(feats)
    idx = [i for i, f in enumerate(feats) if f is not None]
    k = 0
    while k < len(idx):
        if not feats[idx[k]].bullet:
            k += 1
            continue
        j = k
        while j < len(idx) and feats[idx[j]].bullet:
            j += 1
        run = idx[k:j]
        mean = sum(feats[i].words for i in run) / len(run)
        for i in run:
            runwords[i] = mean
        k = j
    for i, f in enumerate(feats):
        if f is None:
            continue
        low = lo is not None and f.density < lo
        if f.hard:
            c = BAD
        elif f.bullet:
            if f.terminal and f.length >= LENGTH_LOW and not low:
                c = NEARGOOD
            elif MENU_WORDS and runwords[i] > MENU_WORDS:
                c = SHORT
            else:
                c = BAD
        elif f.length < LENGTH_LOW:
            if SENTENCE_WORDS and f.terminal and f.words >= SENTENCE_WORDS and not low:
                c = NEARGOOD
            else:
                c = SHORT
        elif low:
            c = SHORT if (f.terminal and f.length < LENGTH_HIGH) else BAD
        elif f.terminal:
            c = GOOD if f.length >= LENGTH_HIGH else NEARGOOD
        elif f.colon:
            c = NEARGOOD
        else:
            c = SHORT
        classes[i] = c
    return classes


def _neighbour(classes, i, step, ignore_neargood):
    j = i + step
    while 0 <= j < len(classes):
        c = classes[j]
        if c == GOOD or c == BAD or (c == NEARGOOD and not ignore_neargood):
            return c
        j += step
    return EDGE


def revise(classes, feats=None):
    cls = list(classes)
    idx = [i for i, c in enumerate(cls) if c is not None]
    prom = []
    for k, i in enumerate(idx):
        if cls[i] == NEARGOOD and ((k > 0 and cls[idx[k - 1]] in (NEARGOOD, GOOD))
                                   or (k + 1 < len(idx) and cls[idx[k + 1]] in (NEARGOOD, GOOD))):
            prom.append(i)
    for i in prom:
        cls[i] = GOOD
    new = {}
    for i, c in enumerate(cls):
        if c != SHORT:
            continue
        p = _neighbour(cls, i, -1, True)
        nx = _neighbour(cls, i, 1, True)
        if p is None:
            p = nx
        if nx is None:
            nx = p
        if p is None:
            p = nx = BAD
        if p == GOOD and nx == GOOD:
            new[i] = GOOD
        elif p == BAD and nx == BAD:
            new[i] = BAD
        elif (p == BAD and _neighbour(cls, i, -1, False) == NEARGOOD) or (
                nx == BAD and _neighbour(cls, i, 1, False) == NEARGOOD):
            new[i] = GOOD
        elif MIXED_SENTENCE and feats is not None and feats[i].terminal and feats[i].words >= MIXED_SENTENCE:
            new[i] = GOOD
        else:
            new[i] = BAD
    for i, c in new.items():
        cls[i] = c
    for i, c in enumerate(cls):
        if c != NEARGOOD:
            continue
        p = _neighbour(cls, i, -1, True)
        nx = _neighbour(cls, i, 1, True)
        p = p or nx or BAD
        nx = nx or p
        cls[i] = BAD if (p, nx) == (BAD, BAD) else GOOD
    return cls


def lists(feats, cls):
    if not LIST_INTRO_WORDS:
        return cls
    cls = list(cls)
    idx = [i for i, f in enumerate(feats) if f is not None]
    for k in range(1, len(idx) - 1):
        i = idx[k]
        f = feats[i]
        if (f.colon and not f.bullet and f.words >= LIST_INTRO_WORDS and cls[idx[k - 1]] == GOOD
                and feats[idx[k + 1]].bullet):
            cls[i] = GOOD
            j = k + 1
            while j < len(idx) and feats[idx[j]].bullet and not feats[idx[j]].hard:
                cls[idx[j]] = GOOD
                j += 1
    return cls


def body_lines(lines, lang):
    if lang is None:
        lang = detect_lang(lines)
    code = _lang_code(lang)
    stop = _stoplist(code) if code else None
    feats = features(lines, stop)
    lo = threshold(feats, stop)
    cls = revise(classify(feats, lo), feats)
    cls = lists(feats, cls)
    keep = [c == GOOD for c in cls]
    keep = _region(feats, cls, keep)
    if not any(keep):
        best = max(range(len(lines)), key=lambda i: len(lines[i].strip()), default=None)
        if best is not None and lines[best].strip():
            keep[best] = True
    return _attach_blanks(feats, keep)


def _region(feats, cls, keep):
    best = (0, None, None)
    run = 0
    start = None
    for i, f in enumerate(feats):
        if f is None:
            continue
        w = len(f.text) if keep[i] else -BAD_COST
        if start is None or run <= 0:
            run, start = 0, i
        run += w
        if run > best[0]:
            best = (run, start, i)
    if best[1] is None:
        return keep
    s, e = best[1], best[2]
    out = [k and s <= i <= e for i, k in enumerate(keep)]
    if FILL:
        idx = [i for i in range(s, e + 1) if feats[i] is not None]
        for k in range(1, len(idx) - 1):
            i = idx[k]
            if not out[i] and out[idx[k - 1]] and out[idx[k + 1]] and not feats[i].hard:
                out[i] = True
    return out


def _attach_blanks(feats, keep):
    out = list(keep)
    n = len(feats)
    prev_kept = False
    i = 0
    while i < n:
        if feats[i] is None:
            j = i
            while j < n and feats[j] is None:
                j += 1
            if prev_kept and j < n and keep[j]:
                for k in range(i, j):
                    out[k] = True
            i = j
            continue
        prev_kept = keep[i]
        i += 1
    return out

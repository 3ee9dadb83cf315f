"""The `line_model` rule kind: a small learned classifier that scores each line as
article or chrome from features of the line, its neighbours and its page.

Features are computed in one pass over a document's lines with the standard
library's `re` and `str` methods (FEATURES names them, in order). Lines that read
as prose on their own (LONG_PROSE characters or more ending a sentence, or
PROSE_WORDS words, SENTENCE_WORDS if it ends a sentence, with PROSE_STOP of them
stopwords; a table row when one of its cells does) are not scored: they are
article, and skipping them keeps the cost with the short lines.
Only lines before the page's first prose line or after its last one are scored
(found from each end, so the lines between are read only on a page that has lines
to score):
what sits between paragraphs (list items, table data, scores, subheadings) is
left to the phrase rules, which know what they remove. Position is counted in
lines and in prose lines from each end, capped, never as a share of the page, so
the end of a long article does not look like a footer.

The model is a boosted tree ensemble trained by tools/train_line_model.py and
shipped as JSON in rules/models/ (trees as flat arrays, with the training data's
provenance and licence). Inference is pure Python: a sum of leaf values through a
logistic function. The stopword share uses the page's language when the caller
gives it, else the stopwords-iso list (MIT) of the language whose stopwords cover
most of the page's longer lines.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from pathlib import Path

LONG_PROSE = 250  # a sentence-ending line this long is article without scoring
# So is a line of this many words with this share of stopwords (a caption, a transcript
# line, a paragraph without its full stop): the model never removes what reads as prose.
PROSE_WORDS = 10
PROSE_STOP = 0.25
SENTENCE_WORDS = 6  # as few words suffice for a line that ends a sentence ("Encore faut-il que ...")
PROSE = 100  # a sentence-ending line this long counts as prose for its neighbours (so do those above)
SHORT = 50  # lines under this many characters form "runs of short lines"
CAP = 20  # counts from each end stop here
# Languages the stopword vote chooses from when the caller gives none (those of the
# dev sets and their neighbours; others get no stopword feature).
VOTE_LANGS = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "da", "no", "fi", "cs", "ru", "tr", "id",
              "ro", "hu")
VOTE_TOKENS = 200
VOCAB_TOKENS = 1000  # the prose words a line's words are looked up in come from this many tokens
REF_LINES = 15  # prose lines whose median stopword share is the page's typical one

_HAS_WORD = re.compile(r"\w")
_BULLET = re.compile(r"(?:[*+•·►▸▪■◦‣○●–-]|\d{1,3}[.)])\s")
_CELL_BREAK = re.compile(r"(?<!\\)\|")  # a cell border; "\\|" is a pipe inside a cell
_SEPARATOR = re.compile(r"\s[|•·/»›>]\s")
_LINK = re.compile(r"(?i)https?://|\bwww\.\w|\b[\w-]+\.(?:com|org|net|co\.uk|de|fr|es|it|ru|cn|in)\b")
_HANDLE = re.compile(r"\S@\S+\.\w|(?<!\w)@\w")
_COPYRIGHT = re.compile(r"(?i)©|\(c\)\s*\d{4}|\bcopyright\b")
_DATE = re.compile(r"\b\d{1,4}[-./]\d{1,2}[-./]\d{2,4}\b|\b(?:19|20)\d\d\b")
_TIME = re.compile(r"\b\d{1,2}:\d\d\b")
_CLOSERS = "\"'”’»)]」』】）"
_REFERENCE = re.compile(r"\s*\[\w{1,6}\]$")  # a trailing footnote mark: "... the crater. [MP1]"
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?\s+[\"'“‘(]?[A-ZÀ-ÖØ-Þ]")
_TERMINALS = ".!?。！？"

FEATURES = (
    "chars", "words", "stop", "terminal", "colon", "ellipsis", "bullet", "pipes", "separators",
    "upper", "title_words", "digits", "date", "time", "link", "handle", "copyright", "word_len",
    "repeats", "lines_before", "lines_after", "prose_before", "prose_after", "short_run",
    "prev_chars", "prev_terminal", "prev_stop", "prev_pipes", "next_chars", "next_terminal", "next_stop",
    "next_pipes", "page_lines", "page_longest", "stop_ratio",
    "sentences", "commas", "overlap", "gap_above", "gap_below", "short_window", "starts_digit", "ends_digit",
    "prose", "first",
)
_OWN = 19  # the per-line features that come first; the rest are context


@cache
def stopwords(code: str) -> frozenset[str]:
    """The stopwords-iso list for an ISO 639-1 code, lower case ("" for none)."""
    import stopwordsiso

    if not code or not stopwordsiso.has_lang(code):
        return frozenset()
    return frozenset(w.lower() for w in stopwordsiso.stopwords(code) if w.strip() and " " not in w)


def guess_stopwords(tokens: Sequence[str]) -> frozenset[str]:
    """Stopwords of the VOTE_LANGS language covering most of `tokens` (lower case)."""
    distinct = set(tokens[:VOTE_TOKENS])
    votes = [0] * len(VOTE_LANGS)
    table = _vote_table()
    for token in distinct:
        for k in table.get(token, ()):
            votes[k] += 1
    best = max(range(len(votes)), key=votes.__getitem__)
    return stopwords(VOTE_LANGS[best]) if votes[best] * 20 >= len(distinct) else frozenset()


@lru_cache(maxsize=1)
def _vote_table() -> dict[str, tuple[int, ...]]:
    """Each stopword of the VOTE_LANGS lists -> the languages it belongs to."""
    table: dict[str, list[int]] = {}
    for k, code in enumerate(VOTE_LANGS):
        for word in stopwords(code):
            table.setdefault(word, []).append(k)
    return {word: tuple(ks) for word, ks in table.items()}


class _WordBreaks(dict[int, int]):
    """A str.translate table that turns every character `re`'s \\w does not match into a
    space, so `text.translate(table).split()` gives the runs of word characters
    (`re.findall(r"\\w+", text)`), faster. Filled in as characters are met."""

    def __missing__(self, code: int) -> int:
        value = code if chr(code).isalnum() or code == 95 else 32  # \w is str.isalnum() or "_"
        self[code] = value
        return value


_WORD_BREAKS = _WordBreaks()


def tokenize(text: str) -> list[str]:
    """The line's tokens, lower case."""
    return text.lower().translate(_WORD_BREAKS).split()


class _Own:
    """A line with a word character: its text, whether it ends a sentence, its tokens
    (lower case, made only when asked for: most long lines never need them)."""

    __slots__ = ("_tokens", "long_prose", "terminal", "text")

    def __init__(self, text: str):
        self.text = text
        self.terminal = _ends_sentence(text)
        self.long_prose = self.terminal and len(text) >= LONG_PROSE and "|" not in text
        self._tokens: list[str] | None = None

    @property
    def tokens(self) -> list[str]:
        if self._tokens is None:
            self._tokens = tokenize(self.text)
        return self._tokens


def page_features(lines: Sequence[str], lang: str | None = None, inside: bool = False
                  ) -> list[list[float] | None]:
    """A feature vector (FEATURES) for each line the model judges (_Page.judged; with
    `inside`, also those between prose lines, as training takes them); None for the
    others."""
    page, order = _page(lines, lang)
    out: list[list[float] | None] = [None] * len(lines)
    if order:
        for k, vector in page.vectors(inside):
            out[order[k]] = vector
    return out


def _page(lines: Sequence[str], lang: str | None) -> tuple[_Page, list[int]]:
    """The page of the lines with a word character, and their indexes in `lines`."""
    own: list[_Own] = []
    order: list[int] = []
    for i, line in enumerate(lines):
        text = line.strip()
        if text and _HAS_WORD.search(text):
            own.append(_Own(text))
            order.append(i)
    code = lang.split("-")[0].lower() if lang and lang != "unknown" else None
    return _Page(own, lambda: stopwords(code) if code is not None else guess_stopwords(_sample(own))), order


def _sample(own: list[_Own]) -> list[str]:
    """The tokens the stopword vote reads: those of the first longer lines."""
    sample: list[str] = []
    for line in own:
        if len(sample) >= VOTE_TOKENS:
            break
        if len(line.text) >= 40:
            sample.extend(line.tokens)
    return sample


def prose_lines(lines: Sequence[str], lang: str | None = None) -> list[bool]:
    """For each line, whether it reads as prose on its own (the model never judges it)."""
    page, order = _page(lines, lang)
    out = [False] * len(lines)
    for k, i in enumerate(order):
        out[i] = page.alone(k)
    return out


def _share(tokens: list[str], stop: frozenset[str]) -> float:
    if not stop:
        return -1.0
    return sum(map(stop.__contains__, tokens)) / len(tokens) if tokens else 0.0


class _Page:
    """One document's lines (those with a word character, in order) and what the
    features of its judged lines need to know about all of them."""

    def __init__(self, own: list[_Own], stop: Callable[[], frozenset[str]]):
        self.own, self._stop_of = own, stop
        self._stop: frozenset[str] | None = None
        self.n = n = len(own)
        self._shares: list[float | None] = [None] * n
        self._alone: list[bool | None] = [None] * n
        self.chars = [len(x.text) for x in own]

    @property
    def stop(self) -> frozenset[str]:
        """The page's stopwords, chosen when a line first needs them (most pages whose
        first and last lines are long prose never do)."""
        if self._stop is None:
            self._stop = self._stop_of()
        return self._stop

    def share(self, k: int) -> float:
        value = self._shares[k]
        if value is None:
            value = self._shares[k] = _share(self.own[k].tokens, self.stop)
        return value

    def alone(self, k: int) -> bool:
        """Whether line k reads as prose on its own (never judged)."""
        value = self._alone[k]
        if value is None:
            x = self.own[k]
            value = self._alone[k] = x.long_prose or (x.text.count(" ") >= SENTENCE_WORDS - 1  # words enough
                                                      and _reads_as_prose(x, self.share(k), self.stop))
        return value

    def is_prose(self, k: int) -> bool:
        return (self.chars[k] >= PROSE and self.own[k].terminal) or self.alone(k)  # the cheap test first

    def _count_prose(self) -> None:
        """Every line's prose flag and the prose lines above each line."""
        self.prose = [self.is_prose(k) for k in range(self.n)]
        self.prose_before = [0] * self.n
        seen = 0
        for k in range(self.n):
            self.prose_before[k] = seen
            seen += self.prose[k]
        self.total_prose = seen

    def judged(self, inside: bool) -> list[int]:
        """Lines that do not read as prose themselves, outside the span of prose lines: up
        to the first prose line and from the last one, found from each end; never the
        first line (the document's own headline, kept) unless it is a row of two or more
        table cells with words (a headline is not: a flattened layout's first such row is
        its menu, date line or site banner). With
        `inside` (training), every line: prose, the first line and those between prose
        lines teach the model what article lines look like."""
        if inside:
            return list(range(self.n))
        start = 0 if self.n and _cells_with_words(self.own[0].text) >= 2 else 1
        first = next((k for k in range(self.n) if self.is_prose(k)), None)
        if first is None:
            return [k for k in range(start, self.n) if not self.alone(k)]
        last = next(k for k in range(self.n - 1, first - 1, -1) if self.is_prose(k))
        top = [k for k in range(start, first + 1) if not self.alone(k)]
        return top + [k for k in range(max(last, first + 1, 1), self.n) if not self.alone(k)]

    def vectors(self, inside: bool):
        judged = self.judged(inside)
        if not judged:
            return
        self._count_prose()
        own, chars, n = self.own, self.chars, self.n
        pipes = [x.text.count("|") for x in own]
        keys = Counter(" ".join(x.tokens) for x in own if not x.long_prose)
        vocab = self._vocab()
        gap_above, gap_below = _gaps(self.prose)
        short = [c < SHORT for c in chars]
        runs = _short_runs(chars)
        longest = max(chars)
        typical = self._typical_share()
        for k in judged:
            line = own[k]
            text, tokens, share = line.text, line.tokens, self.share(k)
            letters = sum(map(str.isalpha, text)) or 1
            prev, nxt = k - 1, k + 1
            after = self.total_prose - self.prose_before[k] - self.prose[k]
            yield k, [
                chars[k], len(tokens), share, line.terminal, text.endswith((":", "：")),
                text.endswith(("...", "…")), _BULLET.match(text) is not None, pipes[k],
                len(_SEPARATOR.findall(text)),
                sum(map(str.isupper, text)) / letters,
                sum(w[:1].isupper() for w in text.split()) / (len(tokens) or 1),
                sum(map(str.isdigit, text)) / len(text),
                _DATE.search(text) is not None, _TIME.search(text) is not None,
                _LINK.search(text) is not None, _HANDLE.search(text) is not None,
                _COPYRIGHT.search(text) is not None,
                sum(map(len, tokens)) / (len(tokens) or 1),
                keys[" ".join(tokens)],
                min(k, CAP), min(n - 1 - k, CAP),
                min(self.prose_before[k], CAP), min(after, CAP),
                runs[k],
                chars[prev] if prev >= 0 else -1, own[prev].terminal if prev >= 0 else -1,
                self.share(prev) if prev >= 0 else -2, pipes[prev] if prev >= 0 else -1,
                chars[nxt] if nxt < n else -1, own[nxt].terminal if nxt < n else -1,
                self.share(nxt) if nxt < n else -2, pipes[nxt] if nxt < n else -1,
                min(n, 200), longest,
                share / typical if typical > 0 and share >= 0 else -1.0,
                len(_SENTENCE_END.findall(text)), text.count(",") / (len(tokens) or 1),
                _overlap(tokens, vocab, self.stop),
                gap_above[k], gap_below[k],
                sum(short[max(0, k - 3):k + 4]) / len(short[max(0, k - 3):k + 4]),
                text[:1].isdigit(), text[-1:].isdigit(),
                self.alone(k), k == 0,
            ]

    def _vocab(self) -> set[str]:
        """Content words of the page's first prose lines (VOCAB_TOKENS tokens at most)."""
        vocab: set[str] = set()
        taken = 0
        for k in range(self.n):
            if self.prose[k] and taken < VOCAB_TOKENS:
                tokens = self.own[k].tokens
                vocab.update(tokens)
                taken += len(tokens)
        return vocab

    def _typical_share(self) -> float:
        """Median stopword share of the page's first REF_LINES prose lines (-1 without)."""
        shares = sorted(self.share(k) for k in [k for k in range(self.n) if self.prose[k]][:REF_LINES])
        return shares[len(shares) // 2] if shares else -1.0


def _cells_with_words(text: str) -> int:
    """The cells of a ``| a | b |`` row that hold a word (0 for a line without cells)."""
    if "|" not in text:
        return 0
    return sum(_HAS_WORD.search(cell) is not None for cell in _CELL_BREAK.split(text))


def _reads_as_prose(line: _Own, share: float, stop: frozenset[str]) -> bool:
    """Article on its own, never scored; a table row (``| a | b |``) when one of its cells is."""
    if "|" not in line.text:
        return _sentence_like(len(line.text), line.terminal, len(line.tokens), share)
    for cell in line.text.split("|"):
        tokens = tokenize(cell)
        text = cell.strip()
        if tokens and _sentence_like(len(text), _ends_sentence(text), len(tokens), _share(tokens, stop)):
            return True
    return False


def _sentence_like(chars: int, terminal: bool, words: int, share: float) -> bool:
    if chars >= LONG_PROSE and terminal:
        return True
    return share >= PROSE_STOP and words >= (SENTENCE_WORDS if terminal else PROSE_WORDS)


def _ends_sentence(text: str) -> bool:
    end = (_REFERENCE.sub("", text) if text.endswith("]") else text).rstrip(_CLOSERS)
    return end[-1:] in _TERMINALS and end[-2:-1] != "."


def _overlap(tokens: list[str], vocab: set[str], stop: frozenset[str]) -> float:
    """Share of the line's content words (3+ letters, not stopwords) that the page's
    prose uses: a subheading shares the article's words, a menu does not."""
    words = [t for t in tokens if len(t) > 2 and t not in stop]
    if not words:
        return -1.0
    return sum(map(vocab.__contains__, words)) / len(words)


def _gaps(prose: list[bool]) -> tuple[list[int], list[int]]:
    """Lines to the nearest prose line above and below (CAP when there is none)."""
    above, below = [CAP] * len(prose), [CAP] * len(prose)
    last = None
    for k, p in enumerate(prose):
        above[k] = min(k - last, CAP) if last is not None else CAP
        if p:
            last = k
    last = None
    for k in range(len(prose) - 1, -1, -1):
        below[k] = min(last - k, CAP) if last is not None else CAP
        if prose[k]:
            last = k
    return above, below


def _short_runs(chars: list[int]) -> list[int]:
    """For each line, the length of the run of consecutive short lines it is in (0 if long)."""
    runs = [0] * len(chars)
    k = 0
    while k < len(chars):
        if chars[k] >= SHORT:
            k += 1
            continue
        j = k
        while j < len(chars) and chars[j] < SHORT:
            j += 1
        for m in range(k, j):
            runs[m] = min(j - k, CAP)
        k = j
    return runs


class LineModel:
    """A boosted tree ensemble over FEATURES, loaded from its JSON file."""

    def __init__(self, data: dict, features: tuple[str, ...] = FEATURES):
        if not _has_features(data, features):
            raise ValueError(OTHER_FEATURES)
        self.bias: float = data["bias"]
        # Each tree: (feature, threshold, left, right, leaf values); a child < 0 is leaf ~child.
        self.trees = [(t["feature"], t["threshold"], t["left"], t["right"], t["leaf"]) for t in data["trees"]]
        self.meta = {k: v for k, v in data.items() if k not in ("trees", "bias")}
        self._margin = _compiled(self.bias, self.trees, len(features))

    @classmethod
    def load(cls, path: str | Path, features: tuple[str, ...] = FEATURES) -> LineModel:
        return _load(str(path), features)

    def score(self, x: Sequence[float]) -> float:
        """Probability that the line is chrome."""
        return 1.0 / (1.0 + math.exp(-self._margin(x)))


Tree = tuple[list[int], list[float], list[int], list[int], list[float]]
MAX_TREE_DEPTH = 60  # deeper nesting than Python's parser takes in one expression (and a loop in a bad file)


def _compiled(bias: float, trees: list[Tree], width: int) -> Callable[[Sequence[float]], float]:
    """The ensemble as one Python expression of nested conditionals (several times
    faster than walking the arrays). Its source is made only of the model's integers
    and floats, checked as such, so a model file cannot inject code."""

    def number(value: float) -> str:
        value = float(value)
        if math.isnan(value):
            raise ValueError("the line model holds a NaN")
        return repr(value) if math.isfinite(value) else ("1e999" if value > 0 else "-1e999")

    def node(tree: Tree, k: int, depth: int) -> str:
        feature, threshold, left, right, leaf = tree
        if k < 0:
            return number(leaf[~k])
        if depth >= MAX_TREE_DEPTH or not 0 <= int(feature[k]) < width:
            raise ValueError(f"the line model has a tree deeper than {MAX_TREE_DEPTH} or a feature out of range")
        return (f"({node(tree, int(left[k]), depth + 1)} if x[{int(feature[k])}] <= {number(threshold[k])} "
                f"else {node(tree, int(right[k]), depth + 1)})")

    source = "lambda x: " + " + ".join([number(bias)] + [node(tree, 0, 0) for tree in trees])
    margin: Callable[[Sequence[float]], float] = eval(compile(source, "<line model>", "eval"), {"__builtins__": {}})
    return margin


@lru_cache(maxsize=8)
def _load(path: str, features: tuple[str, ...]) -> LineModel:
    return LineModel(json.loads(Path(path).read_text(encoding="utf-8")), features)


OTHER_FEATURES = "the model was trained on other features than this version computes"


def _has_features(data: object, features: tuple[str, ...]) -> bool:
    return isinstance(data, dict) and tuple(data.get("features", ())) == features


def model_file_problem(path: Path, features: tuple[str, ...]) -> str | None:
    """Why the model file a rule names cannot serve it, or None: read before any document
    is cleaned, so `cleantext check` reports a missing or foreign file at the rule."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return f"cannot read model file {path}: {exc.strerror or exc}"
    except ValueError as exc:
        return f"model file {path} is not JSON: {exc}"
    return None if _has_features(data, features) else f"model file {path}: {OTHER_FEATURES}"


def chrome_scores(model: LineModel, lines: Sequence[str], lang: str | None = None) -> dict[int, float]:
    """Line index -> chrome probability for every judged line (outside the span of
    prose lines, never the first one with a word: the document's own headline is kept)."""
    return {i: model.score(x) for i, x in enumerate(page_features(lines, lang)) if x is not None}

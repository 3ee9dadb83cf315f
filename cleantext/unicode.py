"""Unicode repair: ftfy with settings safe for web text in any script, paid for only
where it can change something.

ftfy works segment by segment (each line, with its line break). A segment made
only of printable ASCII (no `&`, no control characters) and a few punctuation
marks that cannot form mojibake is left as it is by ftfy, so it skips ftfy
entirely. Any other segment is first checked the way ftfy's own fixers would
decide to act: no character any enabled fixer rewrites, already NFC, and not
"bad" by ftfy's mojibake detector (ftfy's encoding fixer returns such text as
it is). Only segments failing that check go through ftfy's fixers, with the
same configuration `ftfy.fix_text` would use; the round ftfy repeats only to
confirm that nothing more changes is replaced by that same check
(`fixed_segment`).

Most documents pass that check on every segment, so it is first made once on
the whole document, which needs no per-line work: the characters and NFC of a
document are those of its segments when segments end only at line breaks (a
line break never composes or reorders with its neighbours), and ftfy's
detector is searched with `^` matching at every line start. The detector, a
large regex, is only run near "mark" characters: every match of it contains
one, by a derivation from the regex itself at import.

Windows line breaks would fail that check everywhere ("\r" is rewritten), yet a
segment X + "\r\n" (or a final X + "\r") whose X + "\n" ftfy leaves alone becomes
exactly X + "\n" (proof at `line_break_fixed`), so such segments skip ftfy too,
and a document whose only fault is "\r\n" is checked once with "\n" in their place.

The result is identical to `ftfy.fix_text(text, CONFIG)` (tests/test_unicode.py
proves it on generated damage).
"""
from __future__ import annotations

import re
import re._parser as _re_parser
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any, Final

import ftfy
from ftfy import fixes
from ftfy.badness import BADNESS_RE
from ftfy.chardata import CONTROL_CHARS, HTML_ENTITY_RE, LIGATURES

from .edits import Edit

RULE_ID = "unicode.ftfy"
WHY = (
    "Repairs mojibake (UTF-8 read as another encoding), HTML entities in plain text, "
    "control characters, Latin ligatures, unusual line breaks, and applies NFC. Curly "
    "quotes and full-width CJK characters are left alone: they are not damage."
)

# ftfy defaults, less the two fixers that change correct text in some scripts or styles.
CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, explain=False)
NORMAL_FORM: Final = "NFC"  # CONFIG's (ftfy's default), which the checks below test for
assert CONFIG.normalization == NORMAL_FORM

# Punctuation that is neither a lead character of UTF-8 mojibake in any codepage ftfy
# decodes (so it cannot start a fixable sequence) nor changed by any other fixer.
_INERT = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022"
# A segment ftfy provably leaves alone: tab, newline, printable ASCII except `&`, _INERT.
# (Searched for its complement with the standard library's `re`: several times faster.)
_UNSAFE_CHARACTER = re.compile(f"[^\t\n\x20-\x25\x27-\x7e{_INERT}]")
# The same for ASCII text, as bytes to delete: what is left over needs ftfy.
_SAFE_ASCII = bytes([9, 10, *range(0x20, 0x26), *range(0x27, 0x7F)])
_COMMON_IN_CLEAN_TEXT = frozenset(_INERT)


# Characters some fixer enabled in CONFIG rewrites: terminal escapes start with ESC,
# C1 controls, Latin ligatures, line breaks other than \n, lone surrogates and the
# control characters ftfy removes. HTML entities are found by ftfy's own pattern
# (a bare `&`, as in "AT&T", is left alone).
assert not (CONFIG.uncurl_quotes or CONFIG.fix_character_width), "the check below assumes them off"
_REWRITTEN_CLASS = re.escape("".join(
    ["\x1b\r\u2028\u2029"] + [chr(c) for c in range(0x80, 0xA0)]
    + [chr(c) for c in sorted(set(LIGATURES) | set(CONTROL_CHARS))])) + "\ud800-\udfff"
_REWRITTEN = re.compile(f"[{_REWRITTEN_CLASS}]")


def _chars(op: Any, arg: Any) -> frozenset[str] | None:
    """The characters one parsed regex element matches, if it is a literal or a class
    of literals and ranges (not \\s, \\w, a negation, a group or a repeat)."""
    if op is _re_parser.LITERAL:
        return frozenset(chr(arg))
    if op is not _re_parser.IN:
        return None
    chars: set[str] = set()
    for item, value in arg:
        if item is _re_parser.LITERAL:
            chars.add(chr(value))
        elif item is _re_parser.RANGE:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        else:
            return None
    return frozenset(chars)


def mojibake_marks(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Non-ASCII characters at least one of which is in every match of `pattern`, or
    None if some top-level alternative needs none.

    A literal or class at the top level of an alternative consumes one character of
    every match of that alternative, so one made of non-ASCII characters only, from
    each alternative, will do. Any choice is correct; marks should be rare in clean
    text, so the one adding fewest of the marks clean text is full of (_INERT: curly
    quotes, dashes, bullets), then fewest new characters, is taken. (With a bullet
    or a curly quote among the marks, a bulleted page was searched almost whole.)
    """
    tree = _re_parser.parse(pattern.pattern, pattern.flags)
    if tree.state.flags & re.IGNORECASE:  # a literal would match other cases too
        return None
    (op, arg), *rest = tree.data
    alternatives = arg[1] if op is _re_parser.BRANCH and not rest else [tree]
    marks: set[str] = set()
    for alternative in alternatives:
        classes = [chars for chars in (_chars(op, arg) for op, arg in alternative.data)
                   if chars and not any(c.isascii() for c in chars)]
        if not classes:
            return None
        marks |= min(classes, key=lambda chars: (len((chars - marks) & _COMMON_IN_CLEAN_TEXT), len(chars - marks)))
    return frozenset(marks)


# ftfy's mojibake detector with `^` matching after every newline too, so at every
# segment start of a text no longer than one segment.
_BADNESS_LINES = re.compile(BADNESS_RE.pattern, BADNESS_RE.flags | re.MULTILINE)
# Its longest match; a window that long either side of a mark covers every match
# holding that mark. (Capped, since an unbounded one needs the whole text anyway.)
_BADNESS_WIDTH = min(_re_parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags).getwidth()[1],
                     CONFIG.max_decode_length)
_MARK_CHARS = mojibake_marks(BADNESS_RE)
# Every match holds one of these (any character, should the derivation ever fail).
_MARK_CLASS = re.escape("".join(sorted(_MARK_CHARS))) if _MARK_CHARS else r"\s\S"
_MARKS = re.compile(f"[{_MARK_CLASS}]")
# A mark or a character some fixer rewrites: the whole-document check finds both in one scan.
_MARK_OR_REWRITTEN = re.compile(f"[{_MARK_CLASS}{_REWRITTEN_CLASS}]")


def _no_rewritten_characters(text: str) -> bool:
    """No character a fixer rewrites and no HTML entity. (Only a fixer's output could
    make an entity out of other characters, and these fixers do nothing here.)"""
    return _REWRITTEN.search(text) is None and ("&" not in text or HTML_ENTITY_RE.search(text) is None)


def ftfy_leaves_alone(segment: str) -> bool:
    """Whether ftfy.fix_and_explain(segment, CONFIG) returns the segment unchanged,
    decided as its fixers would decide to act, without running them. ftfy's detector
    is searched only around marks (`_looks_bad`, exact on a segment: its one newline,
    if any, is last, so `^` matches where ftfy's does and after it nothing matches)."""
    return (_no_rewritten_characters(segment) and unicodedata.is_normalized(NORMAL_FORM, segment)
            and not _looks_bad(segment))


def ftfy_leaves_document_alone(text: str) -> bool:
    """Whether `ftfy_leaves_alone` holds for every segment of `text`, checked at once.

    Only for a text no longer than a segment, whose segments all end just after a
    newline: a newline composes with nothing and, as a starter, stops canonical
    reordering, so the text is NFC exactly when every segment is. Every segment
    starts the text or follows a newline, where `_BADNESS_LINES`'s `^` matches, and
    nothing else in the pattern looks outside its match, so a match in a segment is
    one in the text too. (Without entities, ftfy's `unescape_html` setting cannot matter;
    an entity cannot span a newline.)
    """
    return (len(text) <= CONFIG.max_decode_length and ("&" not in text or HTML_ENTITY_RE.search(text) is None)
            and unicodedata.is_normalized(NORMAL_FORM, text) and not _looks_bad(text, rewritten_too=True))


def _looks_bad(text: str, rewritten_too: bool = False) -> bool:
    """Whether `_BADNESS_LINES` matches in `text`, searched only in windows around
    marks: a match holds a mark, so it lies in that mark's window, and as it looks
    neither ahead nor behind, searching the window alone finds it. `rewritten_too`:
    or the text holds a character a fixer rewrites (found by the same scan)."""
    start, end = 0, -1  # the pending window, joined from overlapping ones; none yet
    for mark in (_MARK_OR_REWRITTEN if rewritten_too else _MARKS).finditer(text):
        if rewritten_too and _REWRITTEN.match(mark.group()):
            return True
        if mark.start() - _BADNESS_WIDTH + 1 > end:
            if end >= 0 and _BADNESS_LINES.search(text, start, end):
                return True
            start = max(0, mark.start() - _BADNESS_WIDTH + 1)
        end = mark.start() + _BADNESS_WIDTH
    return end >= 0 and _BADNESS_LINES.search(text, start, end) is not None


def segments(text: str) -> Iterator[tuple[int, str]]:
    """ftfy's segmentation: up to and including each newline, capped in length."""
    pos, limit = 0, CONFIG.max_decode_length
    while pos < len(text):
        end = text.find("\n", pos) + 1 or len(text)
        end = min(end, pos + limit)
        yield pos, text[pos:end]
        pos = end


def needs_ftfy(segment: str) -> bool:
    if segment.isascii():  # known without a scan; then deleting the safe bytes is a C loop, no regex
        return bool(segment.encode("ascii").translate(None, _SAFE_ASCII))
    return _UNSAFE_CHARACTER.search(segment) is not None


def line_break_fixed(segment: str) -> str | None:
    """X + "\n" for a segment X + "\r\n" or X + "\r" if `ftfy_leaves_alone(X + "\n")`,
    which is then ftfy's output; else None. (That check fails on any "\r" in X, and a
    segment has no newline but its last character.)

    Proof, following ftfy 6.3.1's `fix_and_explain` on the segment S. First round:
    `unescape_html` needs an entity (none in X, and "\r" ends one); `fix_encoding`
    returns S unless `is_bad(S)`, which would imply `is_bad(X + "\n")` (below),
    ruled out by that check; the C1, ligature, surrogate, terminal-escape and
    control-character fixers, before or after `fix_line_breaks`, only rewrite
    characters of `_REWRITTEN` other than "\r" and "\n", none of them in X.
    `fix_line_breaks` makes S X + "\n", which NFC leaves as it is. The second
    round starts on X + "\n" with the same settings ("<" is in both or neither)
    and leaves it alone, so the loop ends there.

    Why `is_bad(S)` implies `is_bad(X + "\n")`: every element of ftfy's detector
    that matches "\r" is followed by one that does not match "\n", or is last and
    matches "\n" too (tests/test_unicode.py checks the regex for it). So a match
    taking the "\r" ends there and still matches with "\n" in its place; any other
    lies in X or is the final "\n" alone, so it is in X + "\n" as well (the
    detector looks outside its match only with `^`, at the start of both).

    A lone "\r" inside a segment is left to ftfy: there the detector's `.`, which
    matches "\r" and not "\n", can find mojibake that X + "\n" + Y would not have.
    """
    body = segment.removesuffix("\n")
    if not body.endswith("\r") or not ftfy_leaves_alone(body[:-1] + "\n"):
        return None
    return body[:-1] + "\n"


def ftfy_only_drops_crs(text: str) -> bool:
    """Whether ftfy's only change to `text` is "\r\n" to "\n"; so it is when the text
    with "\n" for every "\r\n" passes `ftfy_leaves_document_alone`. Each segment
    X + "\n" of that text then passes `ftfy_leaves_alone`, so ftfy leaves the
    segments X + "\n" of `text` alone and makes those X + "\r\n" X + "\n"
    (`line_break_fixed`). A lone "\r" stays in the changed text and fails the check.
    `text` must fit in one segment too: ftfy then cuts it only after newlines,
    matching the changed text's segments (a longer line could be cut between "\r"
    and "\n"). Having no entity, the text does not depend on `unescape_html`.
    """
    return len(text) <= CONFIG.max_decode_length and ftfy_leaves_document_alone(text.replace("\r\n", "\n"))


def fix(text: str) -> list[Edit]:
    """Edits that turn `text` into `ftfy.fix_text(text, CONFIG)`."""
    if not needs_ftfy(text) or ftfy_leaves_document_alone(text):
        return []
    if "\r\n" in text and ftfy_only_drops_crs(text):
        return [Edit(cr.start(), cr.end(), "", RULE_ID) for cr in re.finditer("\r", text)]
    config = CONFIG
    edits = []
    for pos, segment in segments(text):
        if config.unescape_html == "auto" and "<" in segment:
            config = config._replace(unescape_html=False)
        if not needs_ftfy(segment) or ftfy_leaves_alone(segment):
            continue
        fixed = line_break_fixed(segment) or fixed_segment(segment, config)
        if fixed != segment:
            edits.append(_trimmed_edit(pos, segment, fixed))
    return edits


# The fixers of one round of ftfy 6.3's `fix_and_explain` loop after `fix_encoding`, in
# its order; `fixed_segment` runs the round itself only for the versions it was read in.
_ROUND_FIXERS = ("fix_c1_controls", "fix_latin_ligatures", "fix_character_width", "uncurl_quotes",
                 "fix_line_breaks", "fix_surrogates", "remove_terminal_escapes", "remove_control_chars")
_ROUND_KNOWN = ftfy.__version__.startswith("6.3.")


def fixed_segment(segment: str, config: ftfy.TextFixerConfig) -> str:
    """`ftfy.fix_and_explain(segment, config).text`, usually a round cheaper.

    ftfy repeats a round of all its fixers until one changes nothing, so a segment it
    fixes costs at least two rounds, the second only to confirm. Here the first round is
    run as ftfy runs it, and when `ftfy_leaves_alone` holds for its result, ftfy's loop
    would stop after the next round with that same text, so the result is final.
    Otherwise ftfy's loop goes on from it, as it would have. ("auto" for entities is
    settled on the segment first, as ftfy settles it once, so it cannot change when the
    round's output holds a "<" the segment did not.) Only for CONFIG, with any setting
    for entities; other configurations run ftfy's own loop."""
    if not _ROUND_KNOWN or config._replace(unescape_html=CONFIG.unescape_html) != CONFIG:
        return ftfy.fix_and_explain(segment, config).text  # `ftfy_leaves_alone` holds for CONFIG's fixers
    if config.unescape_html == "auto":
        config = config._replace(unescape_html="<" not in segment)
    text = fixes.unescape_html(segment) if config.unescape_html else segment
    if config.fix_encoding:
        text = ftfy.fix_encoding(text)  # with ftfy's default settings, as its loop calls it
    for name in _ROUND_FIXERS:
        if getattr(config, name):
            text = getattr(fixes, name)(text)
    if config.normalization is not None:
        text = unicodedata.normalize(config.normalization, text)
    if text == segment or ftfy_leaves_alone(text):
        return text
    return ftfy.fix_and_explain(text, config).text


def _trimmed_edit(pos: int, old: str, new: str) -> Edit:
    """The smallest single edit turning old into new (common prefix and suffix kept)."""
    limit = min(len(old), len(new))
    head = _longest(limit, lambda n: old[:n] == new[:n])
    tail = _longest(limit - head, lambda n: old[len(old) - n:] == new[len(new) - n:])
    return Edit(pos + head, pos + len(old) - tail, new[head:len(new) - tail], RULE_ID)


def _longest(limit: int, holds: Callable[[int], bool]) -> int:
    """The largest n <= limit for which `holds(n)`, where holds(0) is true and holds(n)
    implies holds(m) for m < n: by bisection, each test a slice comparison in C."""
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if holds(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo

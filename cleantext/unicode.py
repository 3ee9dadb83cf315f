"""Unicode repair: ftfy with settings safe for web text in any script, paid for only
where it can change something.

ftfy works segment by segment (each line, with its line break). A segment made
only of printable ASCII (no `&`, no control characters) and a few punctuation
marks that cannot form mojibake is left as it is by ftfy, so it skips ftfy
entirely. Any other segment is first checked the way ftfy's own fixers would
decide to act: no character any enabled fixer rewrites, already NFC, and not
"bad" by ftfy's mojibake detector (ftfy's encoding fixer returns such text as
it is). Only segments failing that check go through `ftfy.fix_and_explain`
with the same configuration `ftfy.fix_text` would use. The result is identical
to `ftfy.fix_text(text, CONFIG)` (tests/test_unicode.py proves it on generated
damage).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import ftfy
import regex
from ftfy.badness import is_bad
from ftfy.chardata import CONTROL_CHARS, LIGATURES

from .edits import Edit

RULE_ID = "unicode.ftfy"
WHY = (
    "Repairs mojibake (UTF-8 read as another encoding), HTML entities in plain text, "
    "control characters, Latin ligatures, unusual line breaks, and applies NFC. Curly "
    "quotes and full-width CJK characters are left alone: they are not damage."
)

# ftfy defaults, less the two fixers that change correct text in some scripts or styles.
CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, explain=False)

# Punctuation that is neither a lead character of UTF-8 mojibake in any codepage ftfy
# decodes (so it cannot start a fixable sequence) nor changed by any other fixer.
_INERT = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022"
# A segment ftfy provably leaves alone: tab, newline, printable ASCII except `&`, _INERT.
_SAFE_SEGMENT = regex.compile(f"[\t\n\x20-\x25\x27-\x7e{_INERT}]*")


# Characters some fixer enabled in CONFIG rewrites: HTML entities start with `&`,
# terminal escapes with ESC, C1 controls, Latin ligatures, line breaks other than
# \n, lone surrogates and the control characters ftfy removes.
assert not (CONFIG.uncurl_quotes or CONFIG.fix_character_width), "the check below assumes them off"
_REWRITTEN = re.compile("[" + re.escape("".join(
    ["&\x1b\r\u2028\u2029"] + [chr(c) for c in range(0x80, 0xA0)]
    + [chr(c) for c in sorted(set(LIGATURES) | set(CONTROL_CHARS))])) + "\ud800-\udfff]")


def ftfy_leaves_alone(segment: str) -> bool:
    """Whether ftfy.fix_and_explain(segment, CONFIG) returns the segment unchanged,
    decided as its fixers would decide to act, without running them."""
    return (_REWRITTEN.search(segment) is None and unicodedata.is_normalized(CONFIG.normalization, segment)
            and (segment.isascii() or not is_bad(segment)))


def segments(text: str) -> Iterator[tuple[int, str]]:
    """ftfy's segmentation: up to and including each newline, capped in length."""
    pos, limit = 0, CONFIG.max_decode_length
    while pos < len(text):
        end = text.find("\n", pos) + 1 or len(text)
        end = min(end, pos + limit)
        yield pos, text[pos:end]
        pos = end


def needs_ftfy(segment: str) -> bool:
    return _SAFE_SEGMENT.fullmatch(segment) is None


def fix(text: str) -> list[Edit]:
    """Edits that turn `text` into `ftfy.fix_text(text, CONFIG)`."""
    if _SAFE_SEGMENT.fullmatch(text):
        return []
    config = CONFIG
    edits = []
    for pos, segment in segments(text):
        if config.unescape_html == "auto" and "<" in segment:
            config = config._replace(unescape_html=False)
        if not needs_ftfy(segment) or ftfy_leaves_alone(segment):
            continue
        fixed, _ = ftfy.fix_and_explain(segment, config)
        if fixed != segment:
            edits.append(_trimmed_edit(pos, segment, fixed))
    return edits


def _trimmed_edit(pos: int, old: str, new: str) -> Edit:
    """The smallest single edit turning old into new (common prefix and suffix kept)."""
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    return Edit(pos + head, pos + len(old) - tail, new[head:len(new) - tail], RULE_ID)

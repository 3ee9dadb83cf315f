"""The unicode phase gives exactly ftfy.fix_text's output while skipping ftfy where it cannot help."""
from __future__ import annotations

import ftfy
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import unicode
from cleantext.edits import splice

ENCODINGS = ["latin-1", "cp1252", "mac_roman", "cp1251", "cp437", "cp1250", "iso-8859-2"]
WORDS = ["caf\u00e9", "na\u00efve", "\u201cquoted\u201d", "it\u2019s", "\u2014", "\u00bd", "\u041a\u0438\u0457\u0432",
         "\u65e5\u672c", "\ufb01nance", "&amp;", "&lt;b&gt;", "<b>", "\x1b[31m", "\x00", "\x85", "\u2028", "\r\n", "\r",
         "e\u0301", "\u00a0", "\ufeff", "\ud7ff", "plain", "text", "\n", " ", "\u2022", "\u2026"]


def _mojibake(text: str, encoding: str) -> str:
    return text.encode("utf-8").decode(encoding, errors="replace")


_pieces = st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join)
_damaged = st.tuples(_pieces, st.sampled_from(ENCODINGS), st.booleans()).map(
    lambda t: _mojibake(t[0], t[1]) if t[2] else t[0])
_any = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
_mixed = st.lists(st.one_of(_damaged, _pieces, _any), max_size=5).map("\n".join)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(_mixed)
def test_same_output_as_ftfy_on_everything(text):
    assert splice(text, unicode.fix(text)) == ftfy.fix_text(text, unicode.CONFIG)


_safe = st.text(st.sampled_from("\tabc XYZ 019.,;:!?'\"()-/\n" + "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022"),
                max_size=200)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(_safe)
def test_skipped_segments_are_ones_ftfy_leaves_alone(text):
    assert not unicode.needs_ftfy(text)
    assert ftfy.fix_text(text, unicode.CONFIG) == text


def test_real_mojibake_is_repaired_and_curly_quotes_and_cjk_width_kept():
    text = "Don\u00e2\u20ac\u2122t \u201cwait\u201d \uff21\uff22 caf\u00c3\u00a9 &amp; co"
    fixed = splice(text, unicode.fix(text))
    assert fixed == "Don\u2019t \u201cwait\u201d \uff21\uff22 caf\u00e9 & co"


def test_html_entities_kept_once_a_tag_is_seen_as_ftfy_does():
    text = "a &amp; b\n<p> c &amp; d\ne &amp; f"
    assert splice(text, unicode.fix(text)) == ftfy.fix_text(text, unicode.CONFIG) == "a & b\n<p> c &amp; d\ne &amp; f"

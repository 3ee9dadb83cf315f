"""The unicode phase gives exactly ftfy.fix_text's output while skipping ftfy where it cannot help."""
from __future__ import annotations

import re
from re import _compiler as _re_compiler

import ftfy
import pytest
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES, is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Cleaner, unicode
from cleantext.edits import splice

ENCODINGS = ["latin-1", "cp1252", "mac_roman", "cp1251", "cp437", "cp1250", "iso-8859-2"]
WORDS = ["caf\u00e9", "na\u00efve", "\u201cquoted\u201d", "it\u2019s", "\u2014", "\u00bd", "\u041a\u0438\u0457\u0432",
         "\u65e5\u672c", "\ufb01nance", "&amp;", "&lt;b&gt;", "<b>", "\x1b[31m", "\x00", "\x85", "\u2028", "\r\n", "\r",
         "e\u0301", "\u00a0", "\ufeff", "\ud7ff", "plain", "text", "\n", " ", "\u2022", "\u2026",
         "AT&T", "&", "&amp", ";", "&#39;", "&#x2019;", "&nbsp;", "&bogus;"]


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


@pytest.mark.parametrize("text, alone", [
    ("AT&T and Q&A", True), ("R & D\nfish&chips;", False), ("&amp", True), ("&#39", True), ("& amp;", True),
    ("Tom &amp; Jerry", False), ("&#39;", False), ("&bogus;", False), ("caf\u00c3\u00a9 & co", False)])
def test_a_bare_ampersand_is_not_an_entity(text, alone):
    assert unicode.ftfy_leaves_document_alone(text) == alone
    assert not alone or ftfy.fix_text(text, unicode.CONFIG) == text
    assert splice(text, unicode.fix(text)) == ftfy.fix_text(text, unicode.CONFIG)


def test_html_entities_kept_once_a_tag_is_seen_as_ftfy_does():
    text = "a &amp; b\n<p> c &amp; d\ne &amp; f"
    assert splice(text, unicode.fix(text)) == ftfy.fix_text(text, unicode.CONFIG) == "a & b\n<p> c &amp; d\ne &amp; f"


# The whole-document check (`ftfy_leaves_document_alone`) must agree with ftfy segment by segment.

def _same_as_ftfy(text: str) -> bool:
    return splice(text, unicode.fix(text)) == ftfy.fix_text(text, unicode.CONFIG)


@pytest.mark.parametrize("text", ["1\n\u00c2 b", "1\n\u00c3 b", "caf\u00e9 1\n\u00c2 b\nna\u00efve"])
def test_mojibake_at_a_line_start_inside_a_document_is_seen(text):
    # `^[ÃÂ][ ]` matches at each segment start, not just where the document starts.
    assert not is_bad(text) and ftfy.fix_text(text, unicode.CONFIG) != text
    assert not unicode.ftfy_leaves_document_alone(text)
    assert _same_as_ftfy(text)


def test_documents_longer_than_a_segment_are_fixed_segment_by_segment():
    # ftfy cuts this line into "1...1" and "Â b", whose start `^` would not see in the document.
    limit = unicode.CONFIG.max_decode_length
    text = "1" * limit + "\u00c2 b"
    assert not unicode._looks_bad(text)  # in the document "Â " follows "1", not a line start
    assert not unicode.ftfy_leaves_document_alone(text)
    assert ftfy.fix_text(text, unicode.CONFIG) != text and _same_as_ftfy(text)
    short = "1" * (limit - 10) + "\n\u00e9t\u00e9 \u201cok\u201d"
    assert unicode.ftfy_leaves_document_alone(short) and _same_as_ftfy(short)


@pytest.mark.parametrize("text", ["abc\n\u0301def", "e\n\u0301", "\n\u0308a\n\u0327", "\u1100\n\u1161"])
def test_combining_marks_after_a_newline_stay_apart_as_in_ftfy(text):
    assert unicode.ftfy_leaves_document_alone(text)
    assert ftfy.fix_text(text, unicode.CONFIG) == text


@pytest.mark.parametrize("text", ["<b>caf\u00e9</b>\nna\u00efve &amp; co", "na\u00efve &amp; co\n<b>caf\u00e9</b>",
                                  "<b>caf\u00e9</b>\nna\u00efve < co", "a\r\nb\nc\rd\u00e9\r\n", "\u00e9\r\n\u00c2 b\r\n"])
def test_entities_tags_and_mixed_line_breaks_as_in_ftfy(text):
    assert _same_as_ftfy(text)


_EDGES = ["\n", "\u00c2 ", "\u00c3 ", "\u0301", "\u0308", "\u00e9", "\u201c", "\u201d", "\u2019", "\u65e5\u672c",
          "\u00e2\u20ac", "\u00c3\u00a9", "\u0432\u0402", "1", "a", ".", " "]
_document = st.lists(st.one_of(_damaged, _pieces, st.sampled_from(_EDGES)), max_size=25).map("".join)


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(_document)
def test_whole_document_check_agrees_with_ftfy(text):
    if unicode.ftfy_leaves_document_alone(text):
        assert ftfy.fix_text(text, unicode.CONFIG) == text
    assert _same_as_ftfy(text)


# Marks: every match of ftfy's mojibake detector holds one, so text without any is not "bad".

def test_marks_are_derived_and_leave_common_non_ascii_text_out():
    marks = unicode.mojibake_marks(BADNESS_RE)
    assert marks and not any(c.isascii() for c in marks)
    assert not marks & set("\u2019\u2013\u2014\u2026\u00a0\u65e5\u672c\u043a\u0438\u0457")


def test_marks_of_small_patterns():
    assert unicode.mojibake_marks(re.compile("[a-z]\u00e9|\u00e8\\s?[\u00e0\u00e1]")) == set("\u00e9\u00e8")
    assert unicode.mojibake_marks(re.compile("\u00e9|[a\u00e8]")) is None  # "a" matches without a mark
    assert unicode.mojibake_marks(re.compile("\u00e9|\\w")) is None
    assert unicode.mojibake_marks(re.compile("(?i)\u00e9")) is None  # É would match too
    assert unicode.mojibake_marks(re.compile("\u00e9\u00e8?")) == {"\u00e9"}


def _parsed_ops(node):
    """(op, argument) of every element of a parsed regex, nested ones included."""
    if isinstance(node, unicode._re_parser.SubPattern):
        for op, arg in node.data:
            yield op, arg
            yield from _parsed_ops(arg)
    elif isinstance(node, (tuple, list)):
        for part in node:
            yield from _parsed_ops(part)


def test_badness_pattern_looks_nowhere_outside_its_match_but_line_starts():
    # The document check and the windowed search rely on it: `^` is the only zero-width element.
    tree = unicode._re_parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    ops = list(_parsed_ops(tree))
    zero_width = {(op, arg) for op, arg in ops if op in (unicode._re_parser.AT, unicode._re_parser.ASSERT,
                                                         unicode._re_parser.ASSERT_NOT)}
    assert zero_width == {(unicode._re_parser.AT, unicode._re_parser.AT_BEGINNING)}
    assert tree.getwidth()[1] == unicode._BADNESS_WIDTH


# Every character ftfy's detector names (its categories and literals) but the marks, and some ASCII.
_NAMED = re.compile("[" + "".join(MOJIBAKE_CATEGORIES.values()) + "]")
_MARKLESS = sorted(({chr(c) for c in range(0x80, 0x10000) if _NAMED.match(chr(c))}
                    | {c for c in BADNESS_RE.pattern if not c.isascii()}) - unicode._MARK_CHARS) + list(" \naZ.1")


def test_no_two_characters_but_marks_are_bad():
    assert [a + b for a in _MARKLESS for b in _MARKLESS if is_bad(a + b)] == []


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(st.one_of(st.text(st.sampled_from(_MARKLESS), max_size=40),
                 _damaged.map(lambda t: "".join(c for c in t if c not in unicode._MARK_CHARS))))
def test_text_without_marks_is_never_bad(text):
    assert not is_bad(text)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.one_of(_damaged, _pieces.map(lambda t: _mojibake(_mojibake(t, "latin-1"), "cp1251"))))
def test_every_badness_match_holds_a_mark(text):
    for start in range(len(text)):
        match = BADNESS_RE.match(text, start)
        assert match is None or unicode._MARK_CHARS & set(match.group())


@settings(max_examples=500, deadline=None, derandomize=True)
@given(_document)
def test_windowed_detector_is_ftfy_detector_on_every_segment(text):
    # `ftfy_leaves_alone` searches only around marks, however long the segment.
    for _, segment in unicode.segments(text):
        assert unicode._looks_bad(segment) == is_bad(segment)


# Windows line breaks: a segment X + "\r\n" (or a final X + "\r") whose X + "\n" ftfy leaves alone
# skips ftfy (`line_break_fixed`), and so does a document whose only fault is "\r\n" (`ftfy_only_drops_crs`).


_BADNESS_TREE = unicode._re_parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)


def _accepts(element, char: str) -> bool:
    """Whether one parsed element of ftfy's detector (one character's worth) matches `char`."""
    pattern = unicode._re_parser.SubPattern(_BADNESS_TREE.state, [element])
    return _re_compiler.compile(pattern, BADNESS_RE.flags).fullmatch(char) is not None


def test_badness_elements_matching_cr_match_lf_too_or_are_followed_by_one_that_does_not():
    # `line_break_fixed`'s proof that is_bad(X + "\r\n") implies is_bad(X + "\n"); it needs every
    # alternative to be a row of one-character elements.
    (op, (_, alternatives)), = _BADNESS_TREE.data
    assert op is unicode._re_parser.BRANCH
    one_char = {unicode._re_parser.LITERAL, unicode._re_parser.IN, unicode._re_parser.ANY}
    crs = []
    for alternative in alternatives:
        elements = alternative.data
        for i, (op, arg) in enumerate(elements):
            if op is unicode._re_parser.MAX_REPEAT:  # only `\s?` in ftfy 6.3.1
                assert arg[:2] == (0, 1) and len(arg[2].data) == 1 and arg[2].data[0][0] in one_char
            else:
                assert op in one_char or (op, arg) == (unicode._re_parser.AT, unicode._re_parser.AT_BEGINNING)
            if op is not unicode._re_parser.AT and _accepts((op, arg), "\r"):
                crs.append((op, arg))
                following = elements[i + 1] if i + 1 < len(elements) else None
                if following is None:
                    assert _accepts((op, arg), "\n")
                else:
                    assert following[0] in one_char and not _accepts(following, "\n")
    assert len(crs) == 4  # \s, \s?, [^A-Za-z] after Œœ, and the `.` of ГўВЂВ.[A-Za-z ]


_NAMED_ALL = _MARKLESS + sorted(unicode._MARK_CHARS)


def test_no_two_characters_before_a_cr_are_bad_unless_before_a_newline():
    assert [a + b for a in _NAMED_ALL for b in _NAMED_ALL
            if (is_bad(a + b + "\r\n") or is_bad(a + b + "\r")) and not is_bad(a + b + "\n")] == []


def test_a_lone_cr_inside_a_segment_can_look_bad_where_a_newline_does_not():
    # Why a lone "\r" mid-segment goes to ftfy: the detector's `.` matches "\r" but not "\n".
    assert is_bad("\u0413\u045e\u0412\u0402\u0412\rA") and not is_bad("\u0413\u045e\u0412\u0402\u0412\nA")
    assert unicode.line_break_fixed("\u0413\u045e\u0412\u0402\u0412\rA\n") is None
    assert _same_as_ftfy("\u0413\u045e\u0412\u0402\u0412\rA\n")


@pytest.mark.parametrize("text, fast", [
    ("\u00c2\r\n", True), ("caf\u00e9\r\n", True), ("x\u0301\r\n", True), ("\r\n", True), ("abc\r", True),
    ("caf\u00e9\r", True), ("\u00c2 b\r\n", False), ("\u0153\r\n", False), ("&amp;\r\n", False),
    ("\x1b[0m\r\n", False), ("a\r\r\n", False), ("a\rb\r\n", False), ("caf\u00c3\u00a9\r\n", False),
    ("\ufb01\r\n", False), ("e\u0301\r\n", False), ("\x85\r\n", False), ("\n", False), ("abc", False)])
def test_line_break_fixed_is_ftfy_output_or_none(text, fast):
    fixed = unicode.line_break_fixed(text)
    assert (fixed is not None) == fast
    assert fixed is None or fixed == ftfy.fix_and_explain(text, unicode.CONFIG)[0] == text.removesuffix("\n")[:-1] + "\n"
    assert _same_as_ftfy(text) and _same_as_ftfy("a\r\n" + text + "b\r\n")


@pytest.mark.parametrize("text, fast", [
    ("caf\u00e9\r\nna\u00efve\r\n", True), ("a\r\nb\nc", True), ("\u00e9\r\n\u00c2 b\r\n", False),
    ("1\r\n\u00c3 b", False), ("a\r\nb\rc\r\n", False), ("a\r\n\u0153\r\n", False), ("a\r\n&amp;", False),
    ("<b>\r\n&amp;\r\n", False), ("\r\n\u0301", True), ("abc\r", False)])
def test_documents_whose_only_fault_is_crlf(text, fast):
    assert unicode.ftfy_only_drops_crs(text) == fast
    if fast:
        assert ftfy.fix_text(text, unicode.CONFIG) == text.replace("\r\n", "\n")
    assert _same_as_ftfy(text)


def test_a_crlf_cut_by_the_segment_length_cap_is_fixed_as_ftfy_does():
    # ftfy's segments are "1...1\r" and "\n": the "\r" becomes a line break of its own.
    limit = unicode.CONFIG.max_decode_length
    text = "1" * (limit - 1) + "\r\n"
    assert unicode.ftfy_leaves_document_alone(text.replace("\r\n", "\n"))  # it fits once "\r" is gone
    assert not unicode.ftfy_only_drops_crs(text)
    assert ftfy.fix_text(text, unicode.CONFIG) == "1" * (limit - 1) + "\n\n" and _same_as_ftfy(text)


_line = st.one_of(_damaged, _pieces, _any, st.sampled_from(_EDGES)).map(
    lambda t: t.replace("\n", " ").replace("\r", " "))
_ending = st.sampled_from(["\r\n", "\r\n", "\n", "\r", "\r\r\n", "\r\n\r\n", ""])  # "\r\n" the likeliest
_crlf_document = st.one_of(
    st.lists(st.tuples(_line, _ending).map("".join), max_size=8).map("".join),  # mixed endings
    st.lists(_line, max_size=8).map("\r\n".join),  # CRLF throughout
    st.lists(_line, max_size=8).map(lambda lines: "\r\n".join(lines) + "\r"))  # ending in a lone "\r"


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(_crlf_document)
def test_same_output_as_ftfy_with_windows_line_breaks(text):
    if unicode.ftfy_only_drops_crs(text):
        assert ftfy.fix_text(text, unicode.CONFIG) == text.replace("\r\n", "\n")
    for _, segment in unicode.segments(text):
        fixed = unicode.line_break_fixed(segment)
        assert fixed is None or fixed == ftfy.fix_and_explain(segment, unicode.CONFIG)[0]
    assert _same_as_ftfy(text)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text("ab\u00e9", max_size=12), st.text("ab\u00e9", max_size=12))
def test_a_fixed_segment_becomes_its_smallest_edit(old, new):
    edit = unicode._trimmed_edit(5, old, new)
    head, tail = edit.start - 5, 5 + len(old) - edit.end
    assert old[:head] + edit.text + old[len(old) - tail:] == new
    assert head + tail <= min(len(old), len(new))
    rest_old, rest_new = old[head:len(old) - tail], edit.text
    # Neither end can be trimmed further.
    assert not (rest_old and rest_new and rest_old[0] == rest_new[0])
    assert not (rest_old and rest_new and rest_old[-1] == rest_new[-1])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_the_ascii_fast_path_agrees_with_the_character_pattern(text):
    # ASCII text is checked by deleting its safe bytes instead of a regex scan
    assert unicode.needs_ftfy(text) == (unicode._UNSAFE_CHARACTER.search(text) is not None)


def test_the_ascii_fast_path_on_every_ascii_character():
    wrong = [c for c in range(128) if unicode.needs_ftfy(f"a{chr(c)}b") != bool(unicode._UNSAFE_CHARACTER.search(chr(c)))]
    assert wrong == [] and unicode.needs_ftfy("AT&T\n") and not unicode.needs_ftfy("Plain text.\tTab\n")


def test_zero_width_characters_inside_urls_are_removed_and_the_url_kept_otherwise():
    cleaner = Cleaner()
    text = "Read it at https://www.exa\u200bmple.com/news/a\u2060b and tell us.\n"
    assert cleaner.clean(text, lang="en").text == "Read it at https://www.example.com/news/ab and tell us.\n"
    # other inline rules still leave URLs alone
    kept = "Read it at https://www.example.com/Kiev-news and tell us.\n"
    assert cleaner.clean(kept, lang="en").text == kept


# A segment ftfy fixes in one round, then one round more to confirm; and ones where a
# round's output needs another: an entity that mojibake repair reveals ("&amp;lt;" inside
# mojibake), a "<" that unescaping creates where the segment had none (so "auto" must
# stay as the segment settled it), mojibake made twice, and a line separator that
# becomes an inner newline.
_ROUNDS = ["caf\u00c3\u00a9 au lait\n", "\u00c3\u00a9&amp;lt;b&amp;gt;\n", "&lt;b&gt; caf\u00c3\u00a9 &amp;amp;\n",
           "<i>caf\u00c3\u00a9</i> &amp;amp;\n", _mojibake(_mojibake("it\u2019s", "cp1252"), "cp1252") + "\n",
           "na\u00c3\u00afve\u2028\u00c3\u00a9t\u00c3\u00a9\n", "\ufb01nance caf\u00c3\u00a9\x85\n"]


@pytest.mark.parametrize("segment", _ROUNDS)
def test_a_fixed_segment_is_ftfy_output_round_by_round(segment):
    expected = ftfy.fix_and_explain(segment, unicode.CONFIG).text
    assert expected != segment
    assert unicode.fixed_segment(segment, unicode.CONFIG) == expected


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.one_of(_damaged, _pieces), min_size=1, max_size=4).map(" ".join),
       st.sampled_from(["auto", True, False]))
def test_fixed_segment_is_ftfy_output_for_every_entity_setting(segment, unescape):
    config = unicode.CONFIG._replace(unescape_html=unescape)
    assert unicode.fixed_segment(segment, config) == ftfy.fix_and_explain(segment, config).text


def test_fixed_segment_leaves_other_configurations_to_ftfy(monkeypatch):
    # The check that ends the round early knows CONFIG's fixers only (entities aside).
    calls = []
    real = ftfy.fix_and_explain
    monkeypatch.setattr(ftfy, "fix_and_explain", lambda text, config: calls.append(text) or real(text, config))
    segment = "caf\u00c3\u00a9 \u201cquoted\u201d\n"
    assert unicode.fixed_segment(segment, unicode.CONFIG) == "caf\u00e9 \u201cquoted\u201d\n" and calls == []
    uncurled = unicode.CONFIG._replace(uncurl_quotes=True)
    assert unicode.fixed_segment(segment, uncurled) == 'caf\u00e9 "quoted"\n' and calls == [segment]

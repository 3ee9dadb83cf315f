"""The review page (cleantext.report): unit tests on the HTML, then the page as a person
sees it, rendered by headless Chromium."""
from __future__ import annotations

import html
import json
import os
import shutil
import struct
import subprocess
import tempfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Change, Cleaner, Result, replay
from cleantext.report import render_report, write_report

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CHROMIUM = Path("/usr/bin/chromium")
CLEANER = Cleaner()


# ---------------------------------------------------------------------------
# a small DOM, from the page's HTML or from Chromium's serialised DOM

class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def text(self, skip: tuple[str, ...] = ()) -> str:
        return "".join(c if isinstance(c, str) else ("" if c.tag in skip else c.text(skip))
                       for c in self.children)

    def iter(self, tag: str | None = None):
        for c in self.children:
            if isinstance(c, Node):
                if tag is None or c.tag == tag:
                    yield c
                yield from c.iter(tag)

    def find(self, tag: str, **attrs: str) -> Node:
        found = [n for n in self.iter(tag) if all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]
        assert len(found) == 1, f"{len(found)} <{tag} {attrs}>"
        return found[0]

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _Builder(HTMLParser):
    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                      "wbr"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.cur = Node("#root", {}, None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.cur)
        self.cur.children.append(node)
        if tag not in self.VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.cur))

    def handle_endtag(self, tag):
        node = self.cur
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"stray </{tag}>"
        self.cur = node.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def dom(page: str) -> Node:
    builder = _Builder()
    builder.feed(page)
    builder.close()
    return builder.root


def doc_section(root: Node, label: str) -> Node:
    sections = [s for s in root.iter("section") if "doc" in s.classes() and s.find("h2").text() == label]
    assert len(sections) == 1, label
    return sections[0]


def marks(node: Node) -> list[Node]:
    return [n for n in node.iter() if n.tag in ("del", "ins")]


def seeds() -> list[tuple[str, str, Result]]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.append((path.name, text, CLEANER.clean(text)))
    return out


# ---------------------------------------------------------------------------
# unit tests

def test_html_in_documents_labels_rules_and_title_is_shown_as_text():
    text = "The president said <script>alert(1)</script> Zelenskiy was there & left.\n"
    result = CLEANER.clean(text)
    assert [c.rule_id for c in result.changes] == ["names.zelenskyy"]
    odd = Result('<b>"x"</b>', (Change('r."><i>', 1, 1, "<b>", ""),))
    page = render_report([("<img src=x onerror=alert(1)>", text, result), ("odd", '<b>"x"</b>', odd)],
                         title="<script>t</script>")
    assert "<script" not in page.lower() and "<img" not in page.lower() and "<i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    root = dom(page)
    assert root.find("title").text() == root.find("h1").text() == "<script>t</script>"
    section = doc_section(root, "<img src=x onerror=alert(1)>")
    assert "said <script>alert(1)</script> " in section.find("div", **{"class": "text"}).text()
    bad = doc_section(root, "odd").find("del")
    assert bad.attrs["data-rule"] == bad.attrs["title"] == 'r."><i>' and bad.text() == "<b>"


def test_a_removed_line_is_struck_through_with_its_rule_id():
    text = "Skip to content\n\nThe council met on Monday and approved the budget for schools in the town.\n"
    result = CLEANER.clean(text)
    section = doc_section(dom(render_report([("a.txt", text, result)])), "a.txt")
    dels = [d for d in section.find("div", **{"class": "text"}).iter("del") if "Skip to content" in d.text()]
    assert len(dels) == 1
    assert dels[0].attrs["data-rule"] == dels[0].attrs["title"] == "chrome.skip-links"
    assert dels[0].attrs["data-at"] == "1:1"
    assert dels[0].text() == "Skip to content\n"
    assert [m for m in dels[0].iter("span") if m.attrs.get("data-mk") == "\u21b5"], "the line break is shown"


def test_a_substitution_is_del_then_ins_with_the_rule_id():
    text = "Ukraine's president Zelenskiy spoke to reporters in the capital on Monday.\n"
    result = CLEANER.clean(text)
    box = doc_section(dom(render_report([("z", text, result)])), "z").find("div", **{"class": "text"})
    found = marks(box)
    assert [(m.tag, m.text(), m.attrs["data-rule"], m.attrs["title"]) for m in found] == [
        ("del", "Zelenskiy", "names.zelenskyy", "names.zelenskyy"),
        ("ins", "Zelenskyy", "names.zelenskyy", "names.zelenskyy"),
    ]
    d, i = found
    assert d.parent is i.parent and d.parent.children.index(i) == d.parent.children.index(d) + 1


def test_shared_whitespace_stays_outside_the_marks():
    text = "First paragraph here.\n\nRead more: Something else\n\nLast paragraph here.\n"
    start = text.index("\n\nRead")
    change = Change("chrome.read-more-inline", 1, start + 1, "\n\nRead more: Something else\n\n", "\n\n")
    result = Result(replay(text, [change]), (change,))
    box = dom(render_report([("r", text, result)])).find("div", **{"class": "text"})
    assert [(m.tag, m.text()) for m in marks(box)] == [("del", "Read more: Something else\n\n")]


def test_invisible_characters_get_visible_markers_and_any_script_renders():
    text = "He said a\u200bword and Zelenskiy left. Ελληνικά, 日本語, עברית, emoji 👩🏽‍💻, café.\n"
    result = CLEANER.clean(text, lang="en")  # too short to detect; names rules are English-only
    assert {c.rule_id for c in result.changes} == {"unicode.invisible-characters", "names.zelenskyy"}
    page = render_report([("u", text, result)])
    page.encode("utf-8")
    box = dom(page).find("div", **{"class": "text"})
    zw = [m for m in marks(box) if m.attrs["data-rule"] == "unicode.invisible-characters"]
    assert len(zw) == 1 and zw[0].text() == "\u200b"
    assert [s.attrs["data-mk"] for s in zw[0].iter("span")] == ["ZWSP"]
    assert "日本語, עברית, emoji 👩🏽‍💻, café." in box.text()


def test_unwritable_characters_do_not_break_the_page():
    text = "a\x00b\ud800c\x07d\n"
    result = Result(text, ())
    page = render_report([("weird\ud800", text, result)])
    page.encode("utf-8")  # no lone surrogate left
    assert "\x00" not in page
    assert 'data-mk="U+0007">\x07<' in page and 'data-mk="U+0000"' in page


def test_the_summary_counts_match_the_changes():
    items = seeds()
    root = dom(render_report(items))
    expected_hits = Counter(c.rule_id for _, _, r in items for c in r.changes)
    expected_docs = {rule: [label for label, _, r in items if rule in r.rule_ids] for rule in expected_hits}
    rows = [tr for tr in root.find("table", **{"class": "hits"}).iter("tr") if "data-rule" in tr.attrs]
    got_hits = {tr.attrs["data-rule"]: int(tr.attrs["data-hits"]) for tr in rows}
    assert got_hits == dict(expected_hits)
    hits_order = [got_hits[tr.attrs["data-rule"]] for tr in rows]
    assert hits_order == sorted(hits_order, reverse=True)
    for tr in rows:
        rule = tr.attrs["data-rule"]
        assert tr.find("th").text() == rule
        assert tr.find("span", **{"class": "n"}).text() == str(expected_hits[rule])
        links = [a for a in tr.iter("a")]
        assert [a.text() for a in links] == expected_docs[rule]
        for a in links:  # each link goes to that document's section
            target = root.find("section", id=a.attrs["href"][1:])
            assert target.find("h2").text() == a.text()
    top = max(expected_hits.values())
    bars = {tr.attrs["data-rule"]: tr.find("span", **{"class": "bar"}).attrs["style"] for tr in rows}
    assert all(bars[r] == f"width:{100 * n / top:.1f}%" for r, n in expected_hits.items())
    lede = root.find("p", **{"class": "lede"}).text()
    assert lede.startswith(f"5 documents · 5 changed · {sum(expected_hits.values())} changes by "
                           f"{len(expected_hits)} rules · 1 spun · 0 guarded")


def test_per_document_language_spin_score_and_badge():
    items = seeds()
    root = dom(render_report(items))
    for label, _, result in items:
        facts = doc_section(root, label).find("dl", **{"class": "facts"}).text()
        assert f"Language{result.lang or 'not detected'}" in facts
        score = "not scored" if result.spin_score is None else f"{result.spin_score:.2f}"
        assert f"Spin score{score}" in facts
        assert ("spun" in facts.replace("Spin score", "")) == result.spun
    assert sum(1 for n in root.iter("span") if n.classes() == {"badge", "spun"}) == 2  # summary + section


def test_guard_notes_are_shown():
    text = "Skip to content\nShare this\n"
    result = Result(text, (), guarded=True, notes=("line rules not applied: they would remove more than half",),
                    lang="unknown")
    section = doc_section(dom(render_report([("g", text, result)])), "g")
    note = section.find("div", **{"class": "notes"})
    assert note.attrs["role"] == "note" and "Guard:" in note.text() and "more than half" in note.text()


def test_empty_corpus():
    page = render_report([])
    root = dom(page)
    assert root.find("h1").text() == "cleantext review"
    assert "No documents." in page and not [m for m in marks(root) if "data-rule" in m.attrs] and not [
        s for s in root.iter("section") if "doc" in s.classes()]
    assert root.find("p", **{"class": "lede"}).text().startswith("0 documents · 0 changed · 0 changes by 0 rules")


def test_a_document_with_no_changes():
    text = "A clean article about the council, which met on Monday.\n"
    result = CLEANER.clean(text)
    assert not result.changes
    root = dom(render_report([("clean.txt", text, result)]))
    section = doc_section(root, "clean.txt")
    assert not marks(section)
    assert "No changes." in section.text() and section.find("div", **{"class": "text"}).text() == text
    assert "No rule changed anything." in root.find("section", id="summary").text()


def test_a_rule_with_many_documents_folds_the_rest():
    text = "Ukraine's president Zelenskiy spoke.\n"
    result = CLEANER.clean(text, lang="en")  # too short to detect; names rules are English-only
    items = [(f"doc{i:02}.txt", text, result) for i in range(15)]
    row = dom(render_report(items)).find("tr", data_rule="names.zelenskyy")
    assert row.attrs["data-hits"] == "15"
    folded = row.find("details")
    assert [a.text() for a in folded.iter("a")] == ["doc12.txt", "doc13.txt", "doc14.txt"]
    assert folded.find("summary").text() == "and 3 more"
    assert len(list(row.iter("a"))) == 15


def test_changes_that_do_not_match_the_input_are_refused():
    with pytest.raises(ValueError, match="does not match"):
        render_report([("x", "abc\n", Result("abc\n", (Change("r", 1, 2, "x", ""),)))])
    with pytest.raises(ValueError, match="overlap"):
        render_report([("x", "abcdef", Result("", (Change("r", 1, 1, "abc", ""), Change("s", 1, 2, "bc", ""))))])


def test_write_report_writes_the_page_atomically(tmp_path):
    items = seeds()[:2]
    target = tmp_path / "out" / "report.html"
    write_report(target, items, title="Two seeds")
    assert target.read_text(encoding="utf-8") == render_report(items, title="Two seeds")
    write_report(str(target), [])
    assert "No documents." in target.read_text(encoding="utf-8")
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]  # no temporary file left


def test_the_page_is_self_contained():
    page = render_report(seeds())
    lowered = page.lower()
    for needle in ("<script", "<link", "<img", "@import", "url(", "src=", "http://", "https://"):
        assert needle not in lowered, needle


@st.composite
def documents(draw):
    """An input text and non-overlapping changes on it, in any script."""
    alphabet = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
    text = draw(st.text(alphabet=st.sampled_from("ab \n\t<&>\"'é日ע\u200b👩\u200d💻\r") | alphabet, max_size=60))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    changes, pos = [], 0
    for a, b in zip(cuts[::2], cuts[1::2]):
        if a < pos:
            continue
        after = draw(st.text(alphabet=alphabet, max_size=5))
        if a == b and not after:
            continue
        line = text.count("\n", 0, a) + 1
        col = a - (text.rfind("\n", 0, a) + 1) + 1
        changes.append(Change(draw(st.sampled_from(["r.one", "r.two", 'r."3"'])), line, col, text[a:b], after))
        pos = b if b > a else a + 1
    return text, tuple(changes)


@settings(max_examples=150, deadline=None)
@given(documents())
def test_the_marked_text_holds_both_the_input_and_the_output(doc):
    text, changes = doc
    result = Result(replay(text, changes), changes)
    page = render_report([("d", text, result)])
    page.encode("utf-8")
    box = dom(page).find("div", **{"class": "text"})
    assert box.text(skip=("ins",)) == text
    assert box.text(skip=("del",)) == result.text
    assert all(m.attrs["data-rule"] == m.attrs["title"] for m in marks(box))


# ---------------------------------------------------------------------------
# the page in a real browser

_PROBE = """<script>
(function () {
  const cs = (el) => getComputedStyle(el);
  const skip = [...document.querySelectorAll("del")].find((d) => d.textContent.includes("Skip to content"));
  const sub = document.querySelector("ins[data-rule='names.zelenskyy']");
  const rows = [...document.querySelectorAll("table.hits tr[data-rule]")].map((tr) => ({
    rule: tr.dataset.rule, count: tr.querySelector(".n").textContent,
    bar: tr.querySelector(".bar").getBoundingClientRect().width,
    track: tr.querySelector(".track").getBoundingClientRect().width}));
  const out = {
    skipDecoration: cs(skip).textDecorationLine, skipWidth: skip.getBoundingClientRect().width,
    skipColor: cs(skip).color, skipBackground: cs(skip).backgroundColor,
    insDecoration: cs(sub).textDecorationLine, rows: rows,
    pageWidth: document.documentElement.scrollWidth, viewport: window.innerWidth,
    headings: [...document.querySelectorAll("section.doc h2")].map((h) => h.getBoundingClientRect().height),
  };
  const pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


def chromium(*args: str) -> subprocess.CompletedProcess:
    profile = tempfile.mkdtemp(prefix="cleantext-chromium-")
    try:
        return subprocess.run(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--hide-scrollbars", *args],
            capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"{CHROMIUM} is absent: the browser test needs Debian's chromium, which .ci/run installs "
                    "(apt-get install chromium)")
    return chromium


def test_the_seed_page_in_headless_chromium(browser, tmp_path):
    items = seeds()
    page_path = tmp_path / "review.html"
    write_report(page_path, items)
    probe_path = tmp_path / "probe.html"
    probe_path.write_text(page_path.read_text(encoding="utf-8").replace("</body>", _PROBE + "\n</body>"),
                          encoding="utf-8")

    out = browser("--window-size=1280,2000", "--dump-dom", probe_path.as_uri())
    assert out.returncode == 0, out.stderr[-2000:]
    root = dom(out.stdout)

    # each seed's heading, with its language and spin score
    headings = [h.text() for s in root.iter("section") if "doc" in s.classes() for h in [s.find("h2")]]
    assert headings == [label for label, _, _ in items]
    # chrome struck through, carrying its rule id
    skip = [d for d in root.iter("del") if "Skip to content" in d.text()]
    assert len(skip) == 1 and skip[0].attrs["data-rule"] == skip[0].attrs["title"] == "chrome.skip-links"
    struck = {d.text().strip() for d in root.iter("del") if d.attrs.get("data-rule", "").startswith("chrome.")}
    assert "Leave a Reply\n\nYour email address will not be published. Required fields are marked *" in struck
    # the bar chart: a row per rule with its count
    hits = Counter(c.rule_id for _, _, r in items for c in r.changes)
    rows = {tr.attrs["data-rule"]: tr.find("span", **{"class": "n"}).text()
            for tr in root.iter("tr") if "data-rule" in tr.attrs}
    assert rows == {rule: str(n) for rule, n in hits.items()}

    # what the browser computed: struck-through, visible, bars drawn to scale, no sideways scrolling
    probe = json.loads(html.unescape(root.find("pre", id="probe").text()))
    assert "line-through" in probe["skipDecoration"] and probe["skipWidth"] > 50
    assert probe["skipColor"] != probe["skipBackground"]
    assert "underline" in probe["insDecoration"]
    assert probe["pageWidth"] <= probe["viewport"] == 1280
    assert all(h > 0 for h in probe["headings"]) and len(probe["headings"]) == 5
    top = max(hits.values())
    for row in probe["rows"]:
        assert row["count"] == str(hits[row["rule"]])
        assert row["bar"] == pytest.approx(row["track"] * hits[row["rule"]] / top, abs=3)

    shot = tmp_path / "review.png"
    out = browser("--window-size=1280,2000", f"--screenshot={shot}", page_path.as_uri())
    assert out.returncode == 0, out.stderr[-2000:]
    assert shot.stat().st_size > 20_000
    assert png_size(shot) == (1280, 2000)


def test_explain_html_writes_the_page_from_the_cli(tmp_path):
    import subprocess
    import sys

    page = tmp_path / "review.html"
    seeds = sorted(str(p) for p in (Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    out = subprocess.run([sys.executable, "-m", "cleantext", "explain", *seeds, "--html", str(page)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    html = page.read_text(encoding="utf-8")
    assert "chrome.skip-links" in html and "<del" in html and oct(page.stat().st_mode & 0o777) != "0o600"
    out = subprocess.run([sys.executable, "-m", "cleantext", "explain", seeds[0], "--html", str(page)],
                         capture_output=True, text=True, timeout=120)
    assert f"wrote {page} (1 document)" in out.stderr, out.stderr  # it said "(1 documents)"

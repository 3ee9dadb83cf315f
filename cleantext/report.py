"""The review page: one self-contained HTML file showing what cleantext did to each document.

    from cleantext.report import write_report
    write_report("report.html", [(label, input_text, cleaner.clean(input_text)), ...])

The page has a summary (rule hits as a bar chart, each rule's documents, a table of
documents with language and spin score) and then every document's input text with
its changes marked: removed text in `<del>`, inserted text in `<ins>`, each carrying
its rule id as `title` (shown on hover) and as `data-rule`. The marks are built from
the input and `Result.changes` alone, so what the page shows is exactly what
`cleantext.replay` applies. No scripts, fonts or images: the file stands alone.
"""
from __future__ import annotations

import html
import itertools
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .edits import Change, line_starts
from .wording import plural

if TYPE_CHECKING:
    from .result import Result

__all__ = ["render_report", "write_report"]

DEFAULT_TITLE = "cleantext review"
# Documents listed inline for a rule in the summary; the rest fold under "and N more".
DOCS_SHOWN_PER_RULE = 12

# Characters that show nothing (or break the HTML parser) when written as they are.
# NUL and lone surrogates cannot be written at all: they become a marker with no text.
_UNWRITABLE = re.compile("[\x00\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_NAMES = {
    "\n": "\u21b5", "\t": "\u2192", " ": "\u00b7", "\r": "CR", "\u00a0": "NBSP", "\u00ad": "SHY",
    "\u200b": "ZWSP", "\u200c": "ZWNJ", "\u200d": "ZWJ", "\u200e": "LRM", "\u200f": "RLM",
    "\u2060": "WJ", "\ufeff": "BOM", "\u202f": "NNBSP", "\u3000": "IDSP",
}
_LANG_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


# ---------------------------------------------------------------------------
# public API

def render_report(items: Iterable[tuple[str, str, Result]], title: str = DEFAULT_TITLE) -> str:
    """One self-contained HTML page (no external resources) for (label, input_text, result) triples.

    Raises ValueError when a result's changes do not match its input text (a change's
    `before` is not at its line:col, or two changes overlap).
    """
    docs = [_Doc.build(i, label, text, result) for i, (label, text, result) in enumerate(items, 1)]
    rules = _rule_rows(docs)
    body = [_header(title, docs, rules), _summary(docs, rules)]
    body += [_document(doc, rules) for doc in docs]
    return _PAGE.format(title=_esc(title), css=_CSS, body="\n".join(body))


def write_report(path: str | os.PathLike[str], items: Iterable[tuple[str, str, Result]],
                 title: str = DEFAULT_TITLE) -> None:
    """Render the page and write it atomically (a temporary file, then a rename) to `path`."""
    from .io import write_atomic

    write_atomic(Path(path), render_report(items, title))


# ---------------------------------------------------------------------------
# the model: documents with their changes placed in the input

@dataclass(frozen=True)
class _PlacedChange:
    start: int  # offsets in the input text
    end: int
    change: Change


@dataclass(frozen=True)
class _Doc:
    index: int
    label: str
    text: str
    result: Result
    placed: tuple[_PlacedChange, ...]

    @property
    def anchor(self) -> str:
        return f"doc-{self.index}"

    @classmethod
    def build(cls, index: int, label: str, text: str, result: Result) -> _Doc:
        return cls(index, str(label), text, result, _place(str(label), text, result.changes))

    @property
    def hits(self) -> Counter[str]:
        return Counter(c.rule_id for c in self.result.changes)


def _place(label: str, text: str, changes: Iterable[Change]) -> tuple[_PlacedChange, ...]:
    """Each change's offsets in the input, checked against the text and sorted."""
    starts = line_starts(text)
    placed = []
    for change in changes:
        if not 1 <= change.line <= len(starts) or change.col < 1:
            raise ValueError(f"{label}: change {change} is outside the input ({len(starts)} lines)")
        start = starts[change.line - 1] + change.col - 1
        end = start + len(change.before)
        if text[start:end] != change.before:
            raise ValueError(f"{label}: change {change} does not match the input at {change.line}:{change.col}")
        placed.append(_PlacedChange(start, end, change))
    placed.sort(key=lambda p: (p.start, p.end))
    for prev, cur in itertools.pairwise(placed):
        if cur.start < prev.end:
            raise ValueError(f"{label}: changes {prev.change} and {cur.change} overlap")
    return tuple(placed)


@dataclass(frozen=True)
class _RuleRow:
    rule_id: str
    anchor: str
    hits: int
    docs: tuple[tuple[_Doc, int], ...]  # (document, hits in it), in corpus order


def _rule_rows(docs: list[_Doc]) -> dict[str, _RuleRow]:
    """Every rule that fired, most hits first (then by id), with the documents it touched."""
    total: Counter[str] = Counter()
    touched: dict[str, list[tuple[_Doc, int]]] = {}
    for doc in docs:
        for rule_id, n in sorted(doc.hits.items()):
            total[rule_id] += n
            touched.setdefault(rule_id, []).append((doc, n))
    rows: dict[str, _RuleRow] = {}
    used: set[str] = set()
    for rule_id in sorted(total, key=lambda r: (-total[r], r)):
        anchor = base = "rule-" + (re.sub(r"[^A-Za-z0-9._-]+", "-", rule_id).strip("-") or "x")
        n = 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        rows[rule_id] = _RuleRow(rule_id, anchor, total[rule_id], tuple(touched[rule_id]))
    return rows


# ---------------------------------------------------------------------------
# HTML pieces

def _esc(text: str) -> str:
    """Escaped for text and attribute values; NUL and lone surrogates become U+FFFD."""
    return html.escape(_UNWRITABLE.sub("\ufffd", text), quote=True)


def _plain(text: str) -> str:
    """Unchanged input text: escaped, with control characters shown as markers."""
    out, pos = [], 0
    for m in _CONTROL.finditer(text):
        out.append(_esc(text[pos:m.start()]))
        out.append(_marker(m.group()))
        pos = m.end()
    out.append(_esc(text[pos:]))
    return "".join(out)


def _marker(ch: str) -> str:
    """A character that shows nothing, made visible by CSS-generated text (not copied,
    not part of the text content). NUL and lone surrogates are left out altogether."""
    name = _NAMES.get(ch) or f"U+{ord(ch):04X}"
    if ch == "\n":
        return f'<span class="mk" data-mk="{name}"></span>\n'
    inner = "" if _UNWRITABLE.fullmatch(ch) else html.escape(ch)
    return f'<span class="mk" data-mk="{_esc(name)}">{inner}</span>'


def _invisible(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp")


def _marked(text: str) -> str:
    """Removed or inserted text. When all of it is invisible (blank lines, spaces, a
    zero-width character), every character gets a marker; otherwise only line breaks
    (so a struck-out blank line shows) and control characters do."""
    if all(_invisible(ch) for ch in text):
        return "".join(_marker(ch) for ch in text)
    out, pos = [], 0
    for m in re.finditer("[\n\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]", text):
        out.append(_esc(text[pos:m.start()]))
        out.append(_marker(m.group()))
        pos = m.end()
    out.append(_esc(text[pos:]))
    return "".join(out)


def _split(before: str, after: str) -> tuple[str, str, str, str]:
    """(shared leading whitespace, removed, inserted, shared trailing whitespace): a line
    rule that turns "\\n\\nRead more: x\\n\\n" into "\\n\\n" removes "Read more: x\\n\\n"."""
    i, short = 0, min(len(before), len(after))
    while i < short and before[i] == after[i] and before[i].isspace():
        i += 1
    j = 0
    while j < short - i and before[-1 - j] == after[-1 - j] and before[-1 - j].isspace():
        j += 1
    return before[:i], before[i:len(before) - j], after[i:len(after) - j], before[len(before) - j:]


def _text_with_marks(doc: _Doc) -> str:
    text, out, pos = doc.text, [], 0
    for p in doc.placed:
        c = p.change
        out.append(_plain(text[pos:p.start]))
        lead, removed, inserted, trail = _split(c.before, c.after)
        attrs = f'data-rule="{_esc(c.rule_id)}" data-at="{c.line}:{c.col}" title="{_esc(c.rule_id)}"'
        out.append(_plain(lead))
        if removed:
            out.append(f"<del {attrs}>{_marked(removed)}</del>")
        if inserted:
            out.append(f"<ins {attrs}>{_marked(inserted)}</ins>")
        out.append(_plain(trail))
        pos = p.end
    out.append(_plain(text[pos:]))
    return "".join(out)


def _header(title: str, docs: list[_Doc], rules: dict[str, _RuleRow]) -> str:
    changes = sum(len(d.result.changes) for d in docs)
    changed = sum(1 for d in docs if d.result.changes)
    spun = sum(1 for d in docs if d.result.spun)
    guarded = sum(1 for d in docs if d.result.guarded)
    facts = [plural(len(docs), "document"), f"{changed:,} changed", f"{plural(changes, 'change')} "
             f"by {plural(len(rules), 'rule')}", f"{spun:,} spun", f"{guarded:,} guarded"]
    return (
        f'<header>\n<h1>{_esc(title)}</h1>\n'
        f'<p class="lede">{" · ".join(facts)}</p>\n'
        '<p class="legend">In the text: <del title="a rule id">removed</del> and '
        '<ins title="a rule id">inserted</ins> text; hover a change to see the rule that made it. '
        '<span class="mk" data-mk="\u21b5"></span> marks a removed line break.</p>\n</header>'
    )


def _bar(value: int, top: int) -> str:
    width = 100.0 * value / top if top else 0.0
    return (f'<span class="track" aria-hidden="true"><span class="bar" style="width:{width:.1f}%">'
            f'</span></span><span class="n">{value:,}</span>')


def _doc_link(doc: _Doc, n: int | None = None) -> str:
    count = "" if n is None else f' <span class="muted">({n:,})</span>'
    return f'<li><a href="#{doc.anchor}">{_esc(doc.label)}</a>{count}</li>'


def _summary(docs: list[_Doc], rules: dict[str, _RuleRow]) -> str:
    parts = ['<section id="summary" aria-labelledby="summary-h">', '<h2 id="summary-h">Rule hits</h2>']
    if not docs:
        parts.append('<p class="empty">No documents.</p>')
    elif not rules:
        parts.append('<p class="empty">No rule changed anything.</p>')
    else:
        top = max(r.hits for r in rules.values())
        parts.append('<table class="hits">\n<caption>Changes per rule across all documents, '
                     'and the documents each rule changed (with its changes in each)</caption>\n'
                     '<thead><tr><th scope="col">Rule</th><th scope="col">Changes</th>'
                     '<th scope="col">Documents</th></tr></thead>\n<tbody>')
        for row in rules.values():
            shown = "".join(_doc_link(d, n) for d, n in row.docs[:DOCS_SHOWN_PER_RULE])
            rest = row.docs[DOCS_SHOWN_PER_RULE:]
            more = ""
            if rest:
                more = (f'<details><summary>and {len(rest):,} more</summary><ul class="docs">'
                        + "".join(_doc_link(d, n) for d, n in rest) + "</ul></details>")
            parts.append(
                f'<tr id="{row.anchor}" data-rule="{_esc(row.rule_id)}" data-hits="{row.hits}">'
                f'<th scope="row"><code>{_esc(row.rule_id)}</code></th>'
                f'<td class="chart">{_bar(row.hits, top)}</td>'
                f'<td><ul class="docs">{shown}</ul>{more}</td></tr>')
        parts.append("</tbody>\n</table>")
    if docs:
        parts.append(_doc_table(docs))
    parts.append("</section>")
    return "\n".join(parts)


def _lang(result: Result) -> str:
    return result.lang if result.lang else "not detected"


def _spin(result: Result, badge: bool = True) -> str:
    if result.spin_score is None:
        return '<span class="muted">not scored</span>'
    text = f"{result.spin_score:.2f}"
    if badge and result.spun:
        text += ' <span class="badge spun">spun</span>'
    return text


def _doc_table(docs: list[_Doc]) -> str:
    rows = []
    for d in docs:
        r = d.result
        flags = []
        if r.guarded:
            flags.append('<span class="badge guard">guarded</span>')
        if r.notes:
            flags.append(plural(len(r.notes), "note"))
        rows.append(
            f'<tr><th scope="row"><a href="#{d.anchor}">{_esc(d.label)}</a></th>'
            f'<td>{_esc(_lang(r))}</td><td class="num">{_spin(r)}</td>'
            f'<td class="num">{len(r.changes):,}</td><td>{" ".join(flags)}</td></tr>')
    return ('<h2 id="documents-h">Documents</h2>\n<table class="doclist">\n'
            '<thead><tr><th scope="col">Document</th><th scope="col">Language</th>'
            '<th scope="col">Spin score</th><th scope="col">Changes</th><th scope="col">Notes</th>'
            '</tr></thead>\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>")


def _document(doc: _Doc, rules: dict[str, _RuleRow]) -> str:
    r = doc.result
    heading = f"{doc.anchor}-h"
    lang = r.lang if r.lang and _LANG_TAG.fullmatch(r.lang) else None
    lang_attr = f' lang="{_esc(lang)}"' if lang else ""
    facts = [
        f'<div><dt>Language</dt><dd>{_esc(_lang(r))}</dd></div>',
        f'<div><dt>Spin score</dt><dd>{_spin(r)}</dd></div>',
        f'<div><dt>Changes</dt><dd>{len(r.changes):,}</dd></div>',
    ]
    parts = [f'<section class="doc" id="{doc.anchor}" aria-labelledby="{heading}">',
             f'<h2 id="{heading}">{_esc(doc.label)}</h2>',
             f'<dl class="facts">{"".join(facts)}</dl>']
    if r.changes:
        chips = "".join(f'<li><a class="chip" href="#{rules[rid].anchor}"><code>{_esc(rid)}</code> '
                        f'<span class="muted">{n:,}</span></a></li>' for rid, n in sorted(doc.hits.items()))
        parts.append(f'<ul class="chips" aria-label="Rules that changed this document">{chips}</ul>')
    if r.guarded or r.notes:
        notes = "".join(f"<li>{_esc(n)}</li>" for n in r.notes)
        label = "Guard" if r.guarded else "Notes"
        parts.append(f'<div class="notes" role="note"><strong>{label}:</strong><ul>{notes}</ul></div>')
    if r.changes:
        parts.append(f'<div class="text" dir="auto"{lang_attr}>{_text_with_marks(doc)}</div>')
        parts.append(_change_list(doc))
    else:
        parts.append('<p class="empty">No changes.</p>')
        parts.append(f'<details><summary>Show the text</summary><div class="text" dir="auto"{lang_attr}>'
                     f'{_plain(doc.text)}</div></details>')
    parts.append('<p class="top"><a href="#summary">Back to the summary</a></p>\n</section>')
    return "\n".join(parts)


def _change_list(doc: _Doc) -> str:
    rows = "".join(
        f'<tr><td class="num">{p.change.line}:{p.change.col}</td><td><code>{_esc(p.change.rule_id)}</code>'
        f'{_esc(" (" + p.change.note + ")") if p.change.note else ""}</td>'
        f'<td class="q">{_quoted(p.change.before)}</td><td class="q">{_quoted(p.change.after)}</td></tr>'
        for p in doc.placed)
    return (f'<details class="changes"><summary>The {plural(len(doc.placed), "change")} as a list</summary>'
            '<table><thead><tr><th scope="col">Line:col</th><th scope="col">Rule</th>'
            f'<th scope="col">Before</th><th scope="col">After</th></tr></thead><tbody>{rows}</tbody></table>'
            '</details>')


def _quoted(text: str) -> str:
    if not text:
        return '<span class="muted">(nothing)</span>'
    return "".join(_marker(ch) if _invisible(ch) and ch != " " else _esc(ch) for ch in text)


# ---------------------------------------------------------------------------
# the page

_CSS = """
:root{--fg:#1f2328;--muted:#59636e;--bg:#fff;--panel:#f6f8fa;--line:#d1d9e0;--link:#0550ae;
--del-fg:#82071e;--del-bg:#ffebe9;--ins-fg:#0a3622;--ins-bg:#d2f4dc;--bar:#0969da;--track:#e8ecf0;
--spun:#8c2f00;--spun-bg:#fff1e5;--guard:#6e4b00;--guard-bg:#fff8c5;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--panel:#151b23;
--line:#3d444d;--link:#71b7ff;--del-fg:#ffc1c0;--del-bg:#5d0f12;--ins-fg:#aff5b4;--ins-bg:#033a16;
--bar:#4493f8;--track:#262c36;--spun:#ffb77c;--spun-bg:#4d2100;--guard:#f0d062;--guard-bg:#3b2e00}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",sans-serif}
main{max-width:76rem;margin:0 auto;padding:1.5rem 2rem 4rem}
a{color:var(--link)}
h1{font-size:1.8rem;margin:.2rem 0 .3rem}
h2{font-size:1.3rem;margin:2.2rem 0 .6rem;overflow-wrap:anywhere}
code{font:.88em/1.3 ui-monospace,"SFMono-Regular","DejaVu Sans Mono",Menlo,Consolas,monospace}
.lede{font-size:1.1rem;margin:.2rem 0}
.legend,.muted,caption{color:var(--muted)}
.legend{margin:.4rem 0 0}
table{border-collapse:collapse;width:100%}
caption{text-align:left;padding:0 0 .4rem;font-size:.92rem}
th,td{text-align:left;vertical-align:top;padding:.35rem .6rem;border-bottom:1px solid var(--line)}
thead th{font-size:.85rem;color:var(--muted);font-weight:600;border-bottom:2px solid var(--line)}
tbody th{font-weight:normal;overflow-wrap:anywhere}
td.num{font-variant-numeric:tabular-nums;white-space:nowrap}
table.hits th[scope=row]{width:1%;white-space:nowrap}
td.chart{width:1%;white-space:nowrap}
.track{display:inline-block;vertical-align:middle;width:14rem;height:.85rem;background:var(--track);
border-radius:3px;overflow:hidden}
.bar{display:block;height:100%;min-width:3px;background:var(--bar)}
.n{display:inline-block;min-width:3.5ch;margin-left:.5rem;text-align:right;font-weight:600;
font-variant-numeric:tabular-nums;vertical-align:middle}
ul.docs{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.1rem 1rem;font-size:.92rem}
ul.docs li{overflow-wrap:anywhere}
details summary{cursor:pointer;color:var(--link)}
.doc{border-top:3px solid var(--line);margin-top:2.5rem}
.doc h2{margin-top:1rem}
dl.facts{display:flex;flex-wrap:wrap;gap:.3rem 2rem;margin:.2rem 0 .6rem}
dl.facts div{display:flex;gap:.5rem;align-items:baseline}
dt{color:var(--muted);font-size:.9rem}
dd{margin:0;font-weight:600}
.badge{display:inline-block;padding:0 .5rem;border-radius:1rem;font-size:.8rem;font-weight:700;
text-transform:uppercase;letter-spacing:.04em;vertical-align:.1em}
.badge.spun{color:var(--spun);background:var(--spun-bg);border:1px solid currentColor}
.badge.guard{color:var(--guard);background:var(--guard-bg);border:1px solid currentColor}
ul.chips{list-style:none;display:flex;flex-wrap:wrap;gap:.4rem;margin:.4rem 0 .8rem;padding:0}
a.chip{display:inline-block;padding:.05rem .55rem;border:1px solid var(--line);border-radius:1rem;
text-decoration:none;color:var(--fg);background:var(--panel)}
a.chip:hover,a.chip:focus{border-color:var(--link)}
.notes{border-left:4px solid var(--guard);background:var(--guard-bg);padding:.5rem .9rem;margin:.6rem 0}
.notes ul{margin:.2rem 0 0;padding-left:1.2rem}
.text{white-space:pre-wrap;overflow-wrap:anywhere;max-width:52rem;margin:.6rem 0;padding:1rem 1.3rem;
font:1.05rem/1.65 Georgia,"Noto Serif","DejaVu Serif","Liberation Serif",serif;
background:var(--panel);border:1px solid var(--line);border-radius:6px}
del,ins{border-radius:2px;padding:0 1px}
del{color:var(--del-fg);background:var(--del-bg);text-decoration:line-through 1.5px}
ins{color:var(--ins-fg);background:var(--ins-bg);text-decoration:underline 1px;text-underline-offset:.2em}
del[title],ins[title]{cursor:help}
del::before,del::after,ins::before,ins::after{position:absolute;width:1px;height:1px;overflow:hidden;
clip-path:inset(100%);white-space:nowrap}
del::before{content:" [removed: "}
ins::before{content:" [inserted: "}
del::after,ins::after{content:"] "}
.mk::before{content:attr(data-mk);font:700 .8em/1 ui-monospace,"DejaVu Sans Mono",monospace;
padding:0 .15em;text-decoration:none}
.empty{color:var(--muted);font-style:italic}
details.changes{margin:.4rem 0;max-width:52rem}
details.changes table{margin-top:.4rem;font-size:.9rem}
details.changes td.num{width:5.5rem}
details.changes code{white-space:nowrap}
td.q{white-space:pre-wrap;overflow-wrap:break-word;width:40%}
.top{font-size:.9rem;margin:.4rem 0 0}
@media print{details{display:block}.top{display:none}}
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="cleantext">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""

"""Telling article text from chrome, and reading a site's pages (line shapes: cleantext.shapes)."""
from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Sequence

import regex

from ..prose import words
from ..shapes import squeeze
from ..sites import site_name
from ..wording import plural

DEFAULT_MIN_SHARE = 0.5
NEAR = 12  # a line always within this many non-chrome lines of the top (bottom) is head (tail) chrome
SLACK = 2  # extra room in `within` for pages a little different from the ones seen
MAX_TAIL = 300  # nonblank lines from the end considered for recurring tails
MAX_EXAMPLES = 2
MAX_COUNTEREXAMPLES = 2
MAX_ATTEMPTS = 40  # excerpts tried per rule before giving up on finding an example
MAX_SNIPPET = 320  # characters of an article paragraph kept in an example

Log = Callable[[str], None]

# ---------------------------------------------------------------------------
# What article text looks like (words and prose: cleantext.prose)

_LETTER = regex.compile(r"\p{L}")
_SENTENCE_END = regex.compile(r"[.!?…][\"”’»)\]]*\s+(?=[\"“‘«(\[]?\p{Lu})")
# Words after which a period does not end a sentence ("Gov. Patrick", "Nov. 9").
_ABBREVIATIONS = frozenset("""
mr mrs ms dr prof st jr sr gov sen rep gen col lt sgt capt rev hon pres no vs etc inc ltd co corp
jan feb mar apr jun jul aug sep sept oct nov dec ala ariz ark calif colo conn del fla ga ill ind kan
ky la md mass mich minn miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo
""".split())


def sentences(line: str) -> list[str]:
    """A paragraph's sentences (split after . ! ? before a capital, not after abbreviations)."""
    text, out, start = line.strip(), [], 0
    for m in _SENTENCE_END.finditer(text):
        last = words(text[start:m.start()])[-1:]
        if text[m.start()] == "." and last and (len(last[0]) == 1 or last[0].casefold() in _ABBREVIATIONS):
            continue
        out.append(text[start:m.end()].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def snippet(line: str, limit: int = MAX_SNIPPET) -> str:
    """A paragraph cut to its first sentences (at least one) within `limit` characters."""
    text = squeeze(line)
    if len(text) <= limit:
        return text
    out = ""
    for sentence in sentences(text):
        if out and len(out) + 1 + len(sentence) > limit:
            break
        out = f"{out} {sentence}" if out else sentence
    return out


# ---------------------------------------------------------------------------
# Reading pages


def on_site(url: object, site: str) -> bool:
    host = site_name(url) if isinstance(url, str) else ""
    return bool(host) and (host == site or host.endswith("." + site))


TEXT_SUFFIXES = (".txt", ".text")


def read_pages(paths: Sequence[str], site: str, text_field: str = "text", url_field: str = "url",
               delimiter: str | None = None, log: Log | None = None) -> list[str]:
    """The texts of the site's pages under the given files and folders. A text file is a
    page; a record (JSONL, CSV, TSV or Parquet, as `cleantext clean` reads them) is a page when
    its url is on the site or a subdomain. In folders, only text files (.txt, .text) and
    record files are read; files named on the command line are read whatever their name."""
    from ..decode import decode
    from ..errors import InputError
    from ..formats import Source, field_value, row_or_line
    from ..io import expand_inputs, format_of, open_binary

    say = log or _stderr
    docs: list[str] = []
    skipped: Counter = Counter()  # (noun, what follows it) -> how many
    for item in expand_inputs(list(paths)):
        fmt, line, before = format_of(item.path, None), 0, len(docs)
        name = item.path.name.lower().removesuffix(".gz").removesuffix(".zst")
        if item.in_folder and fmt == "txt" and not name.endswith(TEXT_SUFFIXES):
            continue
        try:
            if fmt != "txt":
                for record in Source(item.path, fmt, text_field, delimiter=delimiter).records():
                    line = record.line
                    if record.blank:
                        continue
                    if record.error is not None or record.data is None or record.text is None:
                        skipped[("unreadable record", "")] += 1
                    elif not on_site(field_value(record.data, url_field), site):
                        skipped[("record", f" not on {site}")] += 1
                    else:
                        docs.append(record.text)
                continue
            with open_binary(item.path) as stream:
                data = stream.read()
            docs.append(decode(data, str(item.path))[0])
        except (InputError, OSError, EOFError) as exc:  # decode's messages name the file
            if line:  # a record file cut short (a truncated .gz): the pages read up to there count
                say(f"cleantext learn: {item.path}: {exc}, after {row_or_line(fmt)} {line}; "
                    f"{plural(len(docs) - before, 'page')} of {site} read up to there")
                continue
            named = fmt == "txt" and isinstance(exc, InputError)
            say(f"cleantext learn: skipped {exc}" if named else f"cleantext learn: skipped {item.path}: {exc}")
            skipped[("unreadable file", "")] += 1
    if skipped:
        counted = (plural(n, noun) + rest for (noun, rest), n in sorted(skipped.items()))
        say("cleantext learn: skipped " + ", ".join(counted))
    return docs


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)

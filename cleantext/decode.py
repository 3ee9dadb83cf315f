"""Bytes to text: byte-order marks, UTF-8, then the legacy encodings web pages use."""
from __future__ import annotations

import codecs

from .errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Non-UTF-8 encodings that web pages actually use. Letting the detector choose among all
# codecs picks rarities (mac_latin2 for plain cp1252 French); this list keeps it honest.
LEGACY_WEB_ENCODINGS = (
    "cp1252", "cp1251", "koi8_r", "koi8_u", "cp1250", "iso8859_2", "iso8859_15", "cp1253", "cp1254",
    "cp1255", "cp1256", "cp1257", "cp1258", "cp874", "shift_jis", "euc_jp", "gb18030", "big5", "euc_kr",
)
# Central European code pages share most byte values with cp1252, so a short Western text
# ("naïve") decodes cleanly in both and the detector's tie goes to cp1250 ("naďve").
# Where cp1252 reads as well and gives only letters of Western European languages, it
# wins: it is by far the more common of the two on the web.
_CENTRAL = ("cp1250", "iso8859_2")
WESTERN_LETTERS = frozenset("àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßœšžƒ" + "àáâãäåæçèéêëìíîïñòóôõöøùúûüýœšž".upper() + "Ÿ")


def has_bom(data: bytes) -> bool:
    """Whether the bytes start with a byte-order mark: the output then starts with UTF-8's,
    which spreadsheets need to read it as UTF-8."""
    return data.startswith(tuple(bom for bom, _ in _BOMS))


def check_encoding(encoding: str) -> str:
    """The codec's canonical name, or InputError for a name Python does not know."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"--encoding {encoding}: unknown encoding") from None


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Text and encoding name of a file's bytes; InputError for binary or undecodable data.
    `encoding` given: exactly that codec (after any byte-order mark), no guessing."""
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(bom_encoding), bom_encoding
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: invalid {bom_encoding} after its byte order mark "
                                 f"at byte {exc.start}") from exc
    if encoding:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid {encoding} at byte {exc.start} (--encoding); not cleaned") from exc
    binary = looks_binary(data)
    if binary:
        raise InputError(f"{name}: {binary}; not cleaned")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        bad = exc.start
    from charset_normalizer import from_bytes

    matches = from_bytes(data, cp_isolation=list(LEGACY_WEB_ENCODINGS))
    best = matches.best()
    if best is None:
        raise InputError(f"{name}: not text in any encoding we recognise (invalid UTF-8 at byte {bad}); not cleaned")
    if best.encoding in _CENTRAL:
        western = next((m for m in matches if m.encoding == "cp1252" and m.chaos <= best.chaos), None)
        if western is not None and _western_letters_only(str(western)):
            return str(western), "cp1252"
    return str(best), best.encoding


def table_encoding(head: bytes, encoding: str | None) -> tuple[str, bool]:
    """The codec a CSV or TSV stream is read with, from its first bytes, and whether they
    are a byte-order mark. As for `decode`: a byte-order mark wins, then `encoding`, then
    UTF-8 (a record not valid in it is passed through, by name); NUL bytes are refused."""
    for bom, bom_encoding in _BOMS:
        if head.startswith(bom):
            return bom_encoding, True
    if encoding:
        return encoding, False
    binary = looks_binary(head)
    if binary:
        raise InputError(binary)
    return "utf-8", False


def looks_binary(data: bytes) -> str:
    """Why the bytes are not text in an encoding we detect (a NUL byte), or ""."""
    nul = data.find(b"\x00")
    if nul == -1:
        return ""
    codec = _bomless_utf16(data)
    hint = f"; UTF-16 without a byte-order mark? --encoding {codecs.lookup(codec).name} reads it" if codec else ""
    return f"looks binary (NUL byte at offset {nul}){hint}"


def unicode_not_utf8(head: bytes) -> str | None:
    """The UTF-16 or UTF-32 that a file's first bytes show (a byte-order mark, or a NUL in
    every other byte), as iconv names it; None for anything else."""
    for bom, codec in _BOMS:
        if codec != "utf-8-sig" and head.startswith(bom):
            return codec.upper()
    return _bomless_utf16(head)


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16-LE or UTF-16-BE for UTF-16 saved without a byte-order mark: mostly-ASCII
    text then has a NUL in every other byte (the odd ones little-endian, the even ones
    big-endian)."""
    head = data[:1024]
    pairs = len(head) // 2
    if pairs < 2:
        return None
    for codec, nul_at in (("UTF-16LE", 1), ("UTF-16BE", 0)):
        nuls = head[nul_at::2][:pairs].count(0)
        others = head[1 - nul_at::2][:pairs].count(0)
        if nuls >= 0.9 * pairs and others == 0:
            return codec
    return None


def _western_letters_only(text: str) -> bool:
    return all(ch in WESTERN_LETTERS for ch in text if ord(ch) > 127 and ch.isalpha())

"""Reading and writing: decoding any bytes, walking inputs, atomic writes, JSONL records."""
from __future__ import annotations

import codecs
import glob
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
# Non-UTF-8 encodings that web pages actually use. Letting the detector choose among all
# codecs picks rarities (mac_latin2 for plain cp1252 French); this list keeps it honest.
LEGACY_WEB_ENCODINGS = (
    "cp1252", "cp1251", "koi8_r", "koi8_u", "cp1250", "iso8859_2", "iso8859_15", "cp1253", "cp1254",
    "cp1255", "cp1256", "cp1257", "cp1258", "cp874", "shift_jis", "euc_jp", "gb18030", "big5", "euc_kr",
)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and encoding name of a file's bytes; InputError for binary or undecodable data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: invalid {encoding} after its byte order mark at byte {exc.start}") from exc
    nul = data.find(b"\x00")
    if nul != -1:
        raise InputError(f"{name}: looks binary (NUL byte at offset {nul}); not cleaned")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        bad = exc.start
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(LEGACY_WEB_ENCODINGS)).best()
    if best is None:
        raise InputError(f"{name}: not text in any encoding we recognise (invalid UTF-8 at byte {bad}); not cleaned")
    return str(best), best.encoding


@dataclass(frozen=True)
class InputFile:
    path: Path  # the file to read
    relative: Path  # where its output goes, relative to the output directory


def expand_inputs(args: list[str]) -> Iterator[InputFile]:
    """Files named on the command line: files, folders (recursively, symlinks not
    followed), and glob patterns; each with the relative path its output keeps."""
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    full = Path(root) / name
                    if not full.is_symlink() and not name.startswith("."):
                        yield InputFile(full, full.relative_to(path))
        elif path.exists():
            yield InputFile(path, Path(path.name))
        elif any(ch in arg for ch in "*?["):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                raise InputError(f"{arg}: no files match")
            for match in matches:
                if Path(match).is_file():
                    yield InputFile(Path(match), Path(Path(match).name))
        else:
            raise InputError(f"{arg}: no such file or directory")


def is_jsonl(path: Path, fmt: str | None) -> bool:
    if fmt:
        return fmt == "jsonl"
    return path.suffix.lower() in JSONL_SUFFIXES


class AtomicWriter:
    """A text file written through a temporary file in the same folder and renamed into
    place on `commit()`, so a reader never sees half a file and a failure or an
    interruption leaves any old file intact."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        self.file = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def write(self, data: str) -> None:
        self.file.write(data)

    def commit(self) -> None:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        if self.path.exists():
            os.chmod(self._tmp, self.path.stat().st_mode & 0o7777)
        os.replace(self._tmp, self.path)

    def discard(self) -> None:
        if not self.file.closed:
            self.file.close()
        try:
            os.unlink(self._tmp)
        except FileNotFoundError:
            pass


def write_atomic(path: Path, data: str) -> None:
    writer = AtomicWriter(path)
    try:
        writer.write(data)
        writer.commit()
    except BaseException:
        writer.discard()
        raise


@dataclass
class Record:
    """One JSONL record: its line number, the parsed object, and the text to clean."""

    line: int
    data: dict | None
    text: str | None
    error: str | None = None


def read_jsonl(lines: Iterable[bytes], name: str, field: str) -> Iterator[Record]:
    """Records of a JSONL stream, one line at a time; bad lines become error records."""
    for number, raw_bytes in enumerate(lines, start=1):
        try:
            raw = raw_bytes.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield Record(number, None, None, f"{name}:{number}: invalid UTF-8 at byte {exc.start}")
            continue
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield Record(number, None, None, f"{name}:{number}:{exc.colno} malformed JSON: {exc.msg}")
            continue
        if not isinstance(data, dict):
            yield Record(number, None, None, f"{name}:{number}: a record must be a JSON object")
            continue
        value = data.get(field)
        if not isinstance(value, str):
            problem = "missing" if field not in data else f"not a string ({type(value).__name__})"
            yield Record(number, data, None, f"{name}:{number}: field `{field}` is {problem}")
            continue
        yield Record(number, data, value)


def dump_record(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)

"""Reading and writing: walking inputs, compressed streams and atomic writes (decoding
bytes to text is in `cleantext.decode`)."""
from __future__ import annotations

import codecs
import contextlib
import errno
import glob
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

JSONL_SUFFIXES = (".jsonl", ".ndjson")
_UMASK = os.umask(0o022)
os.umask(_UMASK)


@dataclass(frozen=True)
class InputFile:
    path: Path  # the file to read
    relative: Path  # where its output goes, relative to the output directory
    in_folder: bool = False  # found by walking a folder named on the command line


def expand_inputs(args: list[str], output: Path | None = None) -> Iterator[InputFile]:
    """Files named on the command line: files, folders (recursively, regular files only,
    symlinks not followed), and glob patterns; each with the relative path its output keeps. A file
    named twice (or named and in a folder named) is read once, and a folder's walk skips
    the `output` folder inside it: `clean in -o in/out`, run again, cleaned its own output."""
    seen: set[Path] = set()
    skip = output.resolve() if output is not None and output.is_dir() else None
    for item in _named_files(args, skip):
        key = item.path.resolve()
        if key not in seen:
            seen.add(key)
            yield item


def _named_files(args: list[str], skip: Path | None) -> Iterator[InputFile]:
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            found = False
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if skip is None or (Path(root) / d).resolve() != skip)
                for name in sorted(files):
                    full = Path(root) / name
                    # A pipe, socket or device in a folder is no document: reading a pipe no one
                    # writes to would wait for ever (a file named on the command line is read).
                    if not full.is_symlink() and not name.startswith(".") and full.is_file():
                        found = True
                        yield InputFile(full, full.relative_to(path), in_folder=True)
            if not found:  # as a glob that matches nothing: "0 read", exit 0, hid a wrong path
                raise InputError(f"{arg}: no files in this folder (hidden files, symbolic links, pipes, sockets "
                                 "and devices are skipped)")
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


def refuse_overwriting_inputs(option: str, value: str, files: Iterable[InputFile]) -> None:
    """A file a command writes must not be one it reads: `--rejects docs.jsonl`, `--html
    a.txt` and `learn crawl.jsonl -o crawl.jsonl` each replaced their input."""
    target = Path(value).resolve()
    if any(item.path.resolve() == target for item in files):
        raise InputError(f"{option} {value} is one of the inputs, which it would replace: name another file")


def refuse_shared_outputs(files: list[InputFile], out: Path) -> None:
    """Two inputs with one output path (`a/x.txt b/x.txt -o out`, or two folders that hold the
    same name) used to leave only the second one's output, exit 0."""
    first: dict[Path, Path] = {}
    for item in files:
        earlier = first.setdefault(item.relative, item.path)
        if earlier != item.path:
            raise InputError(f"{earlier} and {item.path} would both be written to {out / item.relative}: "
                             "clean them in separate runs, or give the folder that holds both")


def read_file(path: Path) -> bytes:
    """A text file's bytes, decompressed when its name ends in .gz or .zst: `-o a.txt.gz`
    writes one compressed, so it reads back (it used to fail as binary)."""
    with open_binary(path) as stream:
        data: bytes = stream.read()
    return data


def format_of(path: Path, fmt: str | None) -> str:
    """txt, jsonl, json, csv, tsv or parquet: as given, else by the name (.jsonl.gz counts as jsonl)."""
    if fmt:
        return fmt
    name = path.name.lower()
    for compressed in (".gz", ".zst"):
        name = name.removesuffix(compressed)
    suffix = Path(name).suffix
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return {".json": "json", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".parquet": "parquet"}.get(suffix, "txt")


def _bytes_or_escape(error: UnicodeError) -> tuple[str | bytes, int]:
    """For outputs, standard output and error: a surrogate escape (a byte that was not UTF-8
    where it was read) goes out as that byte; any other character the stream cannot encode
    (a lone surrogate from a JSON escape, kept where ftfy does not run) as a backslash
    escape, which in a JSON string is that character, instead of failing the run."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    start = error.start
    code = ord(error.object[start])
    if 0xDC80 <= code <= 0xDCFF:
        return bytes([code - 0xDC00]), start + 1
    # one character at a time: the range may hold surrogate escapes too
    return codecs.backslashreplace_errors(UnicodeEncodeError(error.encoding, error.object, start, start + 1,
                                                             error.reason))


BYTES_OR_ESCAPES = "cleantext-bytes-or-escapes"
codecs.register_error(BYTES_OR_ESCAPES, _bytes_or_escape)


class AtomicWriter:
    """A file written through a temporary file in the same folder and renamed into place
    on `commit()`, so a reader never sees half a file and a failure or an interruption
    leaves any old file intact. `file` is a text stream (or binary with binary=True),
    compressed when the name ends in .gz or .zst."""

    def __init__(self, path: Path, binary: bool = False):
        self.path = path
        _make_folder(path.parent)
        fd, self.tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        self._raw = os.fdopen(fd, "wb")
        self._layers: list = [self._raw]
        stream = compressing(self._raw, path)
        if stream is not self._raw:
            self._layers.append(stream)
        if not binary:
            # Bytes that are not UTF-8 arrive as surrogate escapes and leave as the same bytes.
            stream = io.TextIOWrapper(stream, encoding="utf-8", errors=BYTES_OR_ESCAPES, newline="")
            self._layers.append(stream)
        self.file = stream

    def write(self, data: str) -> None:
        self.file.write(data)

    def commit(self) -> None:
        stream = self.file
        if isinstance(stream, io.TextIOWrapper):
            stream.flush()
            stream = stream.detach()
        if stream is not self._raw:
            stream.close()  # ends the compressed stream; the raw file stays open
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self._raw.close()
        # mkstemp makes the file private (0600) and the writer's: give it the mode a plain
        # open() would, or the replaced file's mode and owner (--in-place run as root
        # left every file it cleaned owned by root).
        old = self.path.stat() if self.path.exists() else None
        if old is not None:
            _give_owner(self.tmp, old)
        os.chmod(self.tmp, old.st_mode & 0o7777 if old is not None else 0o666 & ~_UMASK)
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        for layer in reversed(self._layers):
            with contextlib.suppress(Exception):  # a broken compressor must not keep the temp file alive
                layer.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.tmp)


def _give_owner(path: str, old: os.stat_result) -> None:
    """The owner and group of `old`, or its group alone (a user may give a group they are
    in), or neither: then the file is the writer's, as a new file is."""
    if not hasattr(os, "chown"):  # Windows
        return
    for uid in (old.st_uid, -1):
        with contextlib.suppress(PermissionError):
            os.chown(path, uid, old.st_gid)
            return


def _make_folder(folder: Path) -> None:
    """mkdir -p, saying which file stands where a folder must be (mkdir says "File exists")."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        blocking = exc.filename or folder
        raise NotADirectoryError(errno.ENOTDIR, f"{blocking} is a file, not a folder", str(blocking)) from None


def compression_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    return {".gz": "gz", ".zst": "zst"}.get(suffix)


def compressing(raw, path: Path):
    """A binary stream that compresses into `raw` as the file name asks."""
    kind = compression_of(path)
    if kind == "gz":
        import gzip

        return gzip.GzipFile(fileobj=raw, mode="wb", mtime=0)
    if kind == "zst":
        return _zstandard().ZstdCompressor().stream_writer(raw, closefd=False)
    return raw


def open_binary(path: Path) -> io.BufferedReader:
    """A binary stream of the file's content, decompressed as its name says."""
    kind = compression_of(path)
    if kind == "gz":
        import gzip
        import zlib

        return io.BufferedReader(_DecodingReader(gzip.open(path, "rb"), zlib.error, "gzip"))
    if kind == "zst":
        zstandard = _zstandard()
        reader = zstandard.ZstdDecompressor().stream_reader(open(path, "rb"), closefd=True)  # noqa: SIM115 - the reader closes it
        return io.BufferedReader(_DecodingReader(reader, zstandard.ZstdError, "zstd"))  # adds line iteration
    return open(path, "rb")


class _DecodingReader(io.RawIOBase):
    """A decompressing stream whose decoding errors are OSError (a .gz cut short stays an
    EOFError): a corrupt .gz (zlib.error) or .zst (ZstdError) fails its file by name instead
    of ending the whole run with a traceback."""

    def __init__(self, reader, error: type[Exception], kind: str):
        self._reader, self._error, self._kind = reader, error, kind
        # At most one read underneath, as a raw stream's: a full read of a .gz cut short would
        # raise EOFError and lose the lines it had read before the cut.
        self._read = getattr(reader, "readinto1", reader.readinto)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            return self._read(buffer)
        except self._error as exc:
            raise OSError(f"not valid {self._kind} data ({exc})") from None

    def close(self) -> None:
        self._reader.close()
        super().close()


def _zstandard():
    try:
        import zstandard
    except ImportError as exc:
        raise InputError(".zst files need the zstandard package: pip install 'cleantext-rules[formats]'") from exc
    return zstandard


def write_atomic(path: Path, data: str) -> None:
    writer = AtomicWriter(path)
    try:
        writer.write(data)
        writer.commit()
    except BaseException:
        writer.discard()
        raise

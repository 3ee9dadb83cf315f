"""Record formats for the CLI: JSONL (also .gz / .zst), JSON, CSV, TSV and Parquet.

Records stream in and out one at a time (Parquet by batches), so memory does not
grow with the file; a JSON file (an array of records, or one record) is read whole.
Every field but the text field is kept as it was (in JSONL and JSON byte for byte,
numbers and escapes as written). A record
that cannot be cleaned (malformed line, invalid UTF-8, missing or non-string text
field) becomes an error Record that keeps what was read (`raw` for a JSONL line,
`row` for a CSV row), so the CLI can write it through unchanged or to a rejects
file: nothing read is ever dropped. Bytes that are not UTF-8 are carried as
surrogate escapes and written back as the same bytes.
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from .decode import table_encoding, unicode_not_utf8
from .errors import InputError
from .io import AtomicWriter, open_binary
from .tables import RecordLines, UnreadLines

PARQUET_BATCH = 1024
# Python's csv refuses fields over 128 KiB by default; a scraped article can be larger.
CSV_FIELD_LIMIT = 2**31 - 1
_ESCAPED = "surrogateescape"  # how bytes that are not UTF-8 travel through text
# CSV and TSV are one table format with different separators (TSV quoted as pandas and
# spreadsheets write it); `--delimiter` gives another (";" from European spreadsheets).
TABLE_DELIMITERS = {"csv": ",", "tsv": "\t"}
_OTHER_DELIMITERS = ";\t|,"
_SNIFFED = 4096  # bytes a table's encoding is told from: a byte-order mark, or NULs (UTF-16)


DELIMITER_HELP = "CSV/TSV field separator (default: ',' for CSV, tab for TSV), such as ';'"


def delimiter_option(value: str) -> str:
    """`--delimiter C`: one character; `\\t` (as a shell passes it unexpanded) means a tab."""
    value = "\t" if value == "\\t" else value
    if len(value) != 1 or value in "\r\n\"":
        raise argparse.ArgumentTypeError(f"{value!r}: give one character that is not a quote or a line break")
    return value


@dataclass
class Record:
    """One record: where it came from, the parsed object, and the text to clean.

    `error` set: it cannot be cleaned. `data`, `raw` and `row` are what is written
    back in its place: `raw` (a JSONL line as read) wins, then `row` (CSV or TSV values in
    file order), then `data`. A blank JSONL line is a Record with no text and no error."""

    line: int
    data: dict | None
    text: str | None
    error: str | None = None
    raw: str | None = None
    row: list[str] | None = None
    gap: str = ""  # in a JSON array, what stands between the record before and this one (", ")
    unread: UnreadLines | None = None  # a table's lines from here to its end, which are not records

    @property
    def blank(self) -> bool:
        return self.error is None and self.text is None and self.data is None


class Source:
    """The records of one input, plus what a writer needs to reproduce its shape."""

    def __init__(self, path: Path | None, fmt: str, field: str, encoding: str | None = None,
                 delimiter: str | None = None, meta_field: str = ""):
        self.path, self.fmt, self.field, self.meta_field = path, fmt, field, meta_field
        self.given_encoding = encoding  # --encoding; a table's own byte-order mark wins over it
        self.encoding = encoding or "utf-8"  # a table's, once its first bytes are read
        self.bom = False  # a table's output starts with a byte-order mark, as its input did
        self.delimiter = delimiter or TABLE_DELIMITERS.get(fmt, ",")
        self.line_ending = "\r\n"  # a table's row ending; set from its header when read
        self.name = "<stdin>" if path is None else str(path)
        self.columns: list[str] | None = None  # CSV or TSV header
        self.schema: Any = None  # Parquet schema
        self.json_ends = ("", "")  # a JSON file's text before its first record ("[") and after its last ("]")
        self.json_object = False  # a JSON file of one record, not an array
        self.json_done = 0.0  # about how many of a JSON file's bytes its records so far took
        self._stream: Any = None

    def position(self) -> int | None:
        """Bytes read so far of an uncompressed file (for progress), else None."""
        from .io import compression_of

        if self._stream is None or self.path is None or compression_of(self.path) is not None:
            return None
        if self.fmt == "json":  # read whole: how far its records have come
            return round(self.json_done)
        try:
            return self._stream.tell()
        except (OSError, ValueError):
            return None

    def records(self) -> Iterator[Record]:
        if self.fmt == "jsonl":
            stream = self._open()
            try:
                self._refuse_utf16(stream.peek(_SNIFFED))
                yield from read_jsonl(stream, self.name, self.field)
            finally:
                if self.path is not None:
                    stream.close()
        elif self.fmt == "json":
            stream = self._open()
            try:
                data = stream.read()
            finally:
                if self.path is not None:
                    stream.close()
            self._refuse_utf16(data[:_SNIFFED])
            text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", _ESCAPED)
            bytes_per_char = len(data) / max(len(text), 1)
            for record, end in read_json(text, self, self.field):
                self.json_done = end * bytes_per_char
                yield record
        elif self.fmt in TABLE_DELIMITERS:
            yield from self._table()
        else:
            yield from self._parquet()

    def _open(self) -> io.BufferedReader:
        """The input's bytes (decompressed), for position() to follow."""
        self._stream = cast(io.BufferedReader, sys.stdin.buffer) if self.path is None else open_binary(self.path)
        return self._stream

    def _refuse_utf16(self, head: bytes) -> None:
        """JSON is UTF-8 by definition; a file saved as UTF-16 (PowerShell's `>` writes it)
        would otherwise pass every line through as malformed."""
        codec = unicode_not_utf8(head)
        if codec is not None:
            raise InputError(f"looks like {codec}, but {self.fmt.upper()} is UTF-8: convert it first "
                             f"(iconv -f {codec} -t UTF-8)")

    def _table(self) -> Iterator[Record]:
        csv.field_size_limit(CSV_FIELD_LIMIT)
        raw = self._open()
        self.encoding, self.bom = table_encoding(raw.peek(_SNIFFED), self.given_encoding)
        with io.TextIOWrapper(raw, encoding=self.encoding, errors=_ESCAPED, newline="") as text:
            lines = RecordLines(text)
            # strict: a quote left open would otherwise swallow every later record into one field
            reader = csv.reader(lines, delimiter=self.delimiter, strict=True)
            start = 1  # the line the record being read starts on; the header's is 1
            try:
                header = next(reader, None)
                self.columns = header or []
                if header is not None and header.count(self.field) != 1:
                    raise InputError(self._missing_column(header) if self.field not in header else
                                     f"{header.count(self.field)} columns are named `{self.field}`: "
                                     "rename all but the one to clean, or name another with --field")
                self.line_ending = lines.line_ending or self.line_ending
                start = reader.line_num + 1
                lines.record_read()
                for values in reader:
                    lines.record_read()
                    yield self._table_record(values, start)
                    start = reader.line_num + 1
            except UnicodeDecodeError as exc:  # bytes even surrogateescape cannot carry (UTF-16 cut short)
                raise InputError(f"line {start}: not valid {self.encoding} ({exc.reason})") from exc
            except csv.Error as exc:
                detail = _UNCLOSED_QUOTE if str(exc) == "unexpected end of data" else str(exc).replace("\t", "\\t")
                error = f"unreadable {self.fmt.upper()}: {detail}"
                if start == 1:  # no header: the file is no table at all
                    raise InputError(f"line 1: {error}") from exc
                yield self._unread_rest(start, error, lines)

    def _unread_rest(self, start: int, error: str, lines: RecordLines) -> Record:
        """The lines from the one the broken record starts on to the end of the file, kept
        as one record that cannot be cleaned (a break in the quoting leaves no sure place
        where the next record starts)."""
        rest = UnreadLines(start, lines.rest())
        span = f"line {start}" if rest.last == start else f"lines {start}-{rest.last}"
        return Record(start, None, None, f"{self.name}:{start}: {error}; {span}, the rest of the file, "
                                         "cannot be read as records", unread=rest)

    def _missing_column(self, header: list[str]) -> str:
        message = (f"no column `{self.field}` (columns: {', '.join(header) or 'none'}); "
                   "name the text column with --field")
        separator = next((d for d in _OTHER_DELIMITERS if len(header) == 1 and d in header[0]
                          and d != self.delimiter and self.field in header[0].split(d)), None)
        if separator is not None:
            shown = "\\t" if separator == "\t" else separator  # as --delimiter takes a tab
            message += f", or its separator with --delimiter '{shown}'"
        return message

    def _table_record(self, values: list[str], start: int) -> Record:
        where = f"{self.name}:{start}"
        columns = self.columns or []
        if len(values) != len(columns):
            return Record(start, None, None, f"{where}: {len(values)} fields, the header has {len(columns)}",
                          row=values)
        data = dict(zip(columns, values))
        bad = next((i for i, v in enumerate(values) if _has_escapes(v)), None)
        if bad is not None:
            hint = "" if self.given_encoding else " (a file in another encoding: name it with --encoding)"
            return Record(start, data, None, f"{where}: invalid {self.encoding.removesuffix('-sig')} "
                                             f"in column `{columns[bad]}`{hint}", row=values)
        record = _checked(data, self.field, where, start)
        record.row = values
        return record

    def _parquet(self) -> Iterator[Record]:
        if self.path is None:
            raise InputError("Parquet cannot be read from stdin: name the file")
        pq = _pyarrow_parquet()
        try:
            parquet = pq.ParquetFile(self.path)
        except Exception as exc:
            raise InputError(f"not a readable Parquet file ({exc})") from exc
        self.schema = parquet.schema_arrow
        repeated = sorted({name for name in self.schema.names if self.schema.names.count(name) > 1})
        if repeated:  # rows are read as dicts by name: a repeated name would lose cells
            raise InputError(f"more than one column is named {', '.join(f'`{n}`' for n in repeated)}; "
                             "Parquet rows are read by column name, so cells would be lost: rename them")
        if field_path(_shape(self.schema), self.field) is None:
            raise InputError(f"no column `{self.field}` (columns: {', '.join(self.schema.names)}); "
                             "name the text column with --field")
        meta = self.schema.field(self.meta_field) if self.meta_field in self.schema.names else None
        types = _pyarrow().types
        if meta is not None and not (types.is_string(meta.type) or types.is_large_string(meta.type)):
            raise InputError(f"column `{self.meta_field}` holds {meta.type}, not the JSON text cleantext "
                             "writes there: name another column with --meta-field, or '' for none")
        number = 0
        try:
            for batch in parquet.iter_batches(batch_size=PARQUET_BATCH):
                for row in batch.to_pylist():
                    number += 1
                    yield _checked(row, self.field, f"{self.name}:{number}", number)
        except _pyarrow().ArrowException as exc:  # damaged pages: an OSError, or ArrowInvalid
            if isinstance(exc, OSError):
                raise
            raise InputError(f"damaged Parquet data ({exc})") from exc


def row_or_line(fmt: str) -> str:
    """What a record's number counts in this format: a Parquet file has rows, not lines."""
    return "row" if fmt == "parquet" else "line"


def _shape(fields: Any) -> dict[str, Any]:
    """A Parquet schema's (or struct's) column names as a record, a struct column's fields
    as an object, for `field_path`."""
    types = _pyarrow().types
    return {f.name: _shape(list(f.type)) if types.is_struct(f.type) else True for f in fields}


# Python's parser recurses once per level of nesting: a record nested thousands deep is
# refused like malformed JSON, not a RecursionError that ends the run.
_TOO_DEEP = "JSON nested too deeply to read (about a thousand levels of arrays or objects)"
_UNCLOSED_QUOTE = "a quoted field opened in this record never closes (unexpected end of data)"


def _has_escapes(value: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in value)


def _first_bad_byte(line: bytes) -> int:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start + 1
    return 0


def read_jsonl(lines: Iterable[bytes], name: str, field: str) -> Iterator[Record]:
    """Records of a JSONL stream, one line at a time; bad lines become error records."""
    for number, raw_bytes in enumerate(lines, start=1):
        line = raw_bytes.removesuffix(b"\n")
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        raw = line.decode("utf-8", _ESCAPED)
        where = f"{name}:{number}"
        if _has_escapes(raw):
            yield Record(number, None, None, f"{where}: invalid UTF-8 at byte {_first_bad_byte(line)}", raw=raw)
            continue
        if not raw.strip():
            yield Record(number, None, None, raw=raw)
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield Record(number, None, None, f"{where}: malformed JSON at column {exc.colno}: {exc.msg}", raw=raw)
            continue
        except RecursionError:
            yield Record(number, None, None, f"{where}: {_TOO_DEEP}", raw=raw)
            continue
        yield _object_record(data, raw, field, where, number)


def read_json(text: str, source: Source, field: str) -> Iterator[tuple[Record, int]]:
    """Records of a JSON file, each with where it ends in the text: the elements of a
    top-level array, or one top-level object. Each keeps its text as written (`raw`) and
    what stood before it (`gap`); the text around them goes to `source.json_ends`, so a
    writer puts everything back in place."""
    spans, close = _json_spans(text)
    source.json_ends = (text[:spans[0][0]], text[spans[-1][1]:]) if spans else (text[:close], text[close:])
    source.json_object = bool(spans) and "[" not in source.json_ends[0]
    for number, (start, end, data) in enumerate(spans, start=1):  # numbered as Parquet rows: many share a line
        raw, where = text[start:end], f"{source.name}:{number}"
        record = (Record(number, None, None, f"{where}: invalid UTF-8 in this record", raw=raw)
                  if _has_escapes(raw) else _object_record(data, raw, field, where, number))
        record.gap = text[spans[number - 2][1]:start] if number > 1 else ""
        yield record, end


def _object_record(data: Any, raw: str, field: str, where: str, number: int) -> Record:
    """A parsed JSON value as a record that keeps its text (`raw`): written back byte for
    byte, or with only the cleaned fields spliced in."""
    if not isinstance(data, dict):
        return Record(number, None, None, f"{where}: a record must be a JSON object", raw=raw)
    record = _checked(data, field, where, number)
    record.raw = raw
    return record


def _json_spans(text: str) -> tuple[list[tuple[int, int, Any]], int]:
    """Where each record of a JSON file starts and ends, with its value, and where an empty array closes;
    InputError naming the line and column where the file stops being a JSON array of
    records or one record. A file of nothing but white space has no records."""
    def fail(pos: int, why: str) -> InputError:
        column = pos - text.rfind("\n", 0, pos)
        return InputError(f"line {text.count(chr(10), 0, pos) + 1} column {column}: not a JSON array of "
                          f"records or one record: {why}")

    def skip(pos: int) -> int:
        return _JSON_SPACE.match(text, pos).end()  # type: ignore[union-attr]

    def value(pos: int) -> tuple[int, int, Any]:
        try:
            data, end = _JSON.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise fail(exc.pos, exc.msg) from None
        except RecursionError:
            raise fail(pos, _TOO_DEEP) from None
        return pos, end, data

    pos = skip(0)
    spans: list[tuple[int, int, Any]] = []
    if pos == len(text):
        return spans, pos
    if text.startswith("{", pos):
        spans.append(value(pos))
        close = pos = spans[0][1]
    elif text.startswith("[", pos):
        pos = skip(pos + 1)
        more = not text.startswith("]", pos)
        while more:  # a value after every comma: JSON has no trailing comma
            spans.append(value(pos))
            pos = skip(spans[-1][1])
            more = text.startswith(",", pos)
            if more:
                pos = skip(pos + 1)
            elif not text.startswith("]", pos):
                raise fail(pos, "expecting ',' or ']'")
        close, pos = pos, pos + 1
    else:
        raise fail(pos, "it starts with neither '[' nor '{'")
    if skip(pos) != len(text):
        raise fail(skip(pos), "text after its end")
    return spans, close


def field_path(data: dict, name: str) -> tuple[str, ...] | None:
    """Where the field `name` is in a record: the key itself, else a path through objects
    by its dots (`metadata.url`, as crawl datasets often nest it), the shortest first key
    first. None: no such field."""
    if name in data:
        return (name,)
    for head in _dot_heads(name, data):
        rest = field_path(data[head], name[len(head) + 1:])
        if rest is not None:
            return (head, *rest)
    return None


def _dot_heads(name: str, data: dict) -> Iterator[str]:
    """The keys of `data` holding objects that `name` starts with, up to one of its dots."""
    dot = name.find(".")
    while dot != -1:
        if isinstance(data.get(name[:dot]), dict):
            yield name[:dot]
        dot = name.find(".", dot + 1)


def field_value(data: dict | None, name: str) -> Any:
    """The value of the field `name` (see `field_path`); None if it has none."""
    path = field_path(data, name) if data else None
    if path is None:
        return None
    for key in path:
        data = data[key]  # type: ignore[index]
    return data


def _with_paths(data: dict, values: dict[str, Any]) -> dict:
    """`data` with `values` set, each where `field_path` finds its name (else at the top);
    the objects on a path are copied, not changed."""
    result = dict(data)
    for name, value in values.items():
        path = field_path(result, name) or (name,)
        inner = result
        for key in path[:-1]:
            inner[key] = inner = dict(inner[key])
        inner[path[-1]] = value
    return result


def _checked(data: dict, field: str, where: str, number: int) -> Record:
    value = field_value(data, field)
    if isinstance(value, str):
        return Record(number, data, value)
    if value is None:
        problem = "null" if field_path(data, field) else "missing"
    else:
        problem = f"not a string ({type(value).__name__})"
    return Record(number, data, None, f"{where}: field `{field}` is {problem}")


_JSON_SPACE = re.compile(r"[ \t\n\r]*")  # what JSON allows between tokens
_JSON = json.JSONDecoder()


def with_fields(raw: str, values: dict[str, Any]) -> str:
    """The JSON object `raw` (one that `json.loads` reads) with `values` set.

    A key it has gets its new value where the value stood (at its last occurrence, the
    one JSON readers keep); the other keys are added before the closing brace. Every
    other byte stays: the other fields' numbers as written ("1.10", "1E400" would come
    back as 1.1 and Infinity from a parse and dump), their escapes, the key order,
    duplicate keys and spacing."""
    spans: dict[str, tuple[int, int]] = {}  # where each key's value stands (its last occurrence)
    data: dict[str, Any] = {}
    pos = _past_space(raw, _past_space(raw, 0) + 1)  # past "{"
    empty = raw[pos] == "}"
    while raw[pos] != "}":
        key, pos = _JSON.raw_decode(raw, pos)
        pos = _past_space(raw, _past_space(raw, pos) + 1)  # past ":"
        start = pos
        data[key], pos = _JSON.raw_decode(raw, pos)
        spans[key] = (start, pos)
        pos = _past_space(raw, pos)
        if raw[pos] == ",":
            pos = _past_space(raw, pos + 1)
    replaced: dict[str, str] = {}  # top-level key: its new value's JSON text
    for name, value in values.items():
        path = field_path(data, name) or (name,)
        if len(path) == 1:
            replaced[name] = _dumped(value)
        else:  # a nested field: its object is rewritten the same way, keeping its bytes too
            start, end = spans[path[0]]
            replaced[path[0]] = with_fields(replaced.get(path[0], raw[start:end]), {name[len(path[0]) + 1:]: value})
    pieces, done = [], 0
    for key, (start, end) in sorted(((k, spans[k]) for k in replaced if k in spans), key=lambda item: item[1]):
        pieces += [raw[done:start], replaced[key]]
        done = end
    added = [f"{_dumped(key)}: {text}" for key, text in replaced.items() if key not in spans]
    if added:
        pieces += [raw[done:pos], ", ".join(added) if empty else ", " + ", ".join(added)]
        done = pos
    pieces.append(raw[done:])
    return "".join(pieces)


def _past_space(raw: str, pos: int) -> int:
    match = _JSON_SPACE.match(raw, pos)
    assert match is not None  # a starred class matches everywhere, if only the empty string
    return match.end()


def _cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else value


def _dumped(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class RecordWriter:
    """Writes records in the source's format: to a file atomically, or to stdout."""

    def __init__(self, target: Path | None, source: Source, meta_field: str):
        self.target, self.source, self.meta_field = target, source, meta_field
        fmt = source.fmt
        if fmt == "parquet" and target is None:
            raise InputError("Parquet output needs -o OUT or --in-place")
        self.atomic = None if target is None else AtomicWriter(target, binary=fmt == "parquet")
        self.stream = sys.stdout if self.atomic is None else self.atomic.file
        self._table: Any = None
        self._parquet: Any = None
        self._rows: list[dict] = []
        self._json_written = False  # a JSON file's opening and first record are written

    def write(self, record: dict) -> None:
        fmt = self.source.fmt
        if fmt == "jsonl":
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif fmt in TABLE_DELIMITERS:
            self._table_row(record)
        else:
            self._rows.append(record)
            if len(self._rows) >= PARQUET_BATCH:
                self._flush_parquet()

    def write_cleaned(self, record: Record | None, values: dict[str, Any]) -> None:
        """A cleaned record: as read, with `values` set. A JSONL line or JSON record keeps
        every byte but the values it gets (`with_fields`); a table row keeps its cells in place."""
        if self.source.fmt == "json" and record is not None and record.raw is not None:
            self._json_record(record, with_fields(record.raw, values))
        elif self.source.fmt == "jsonl" and record is not None and record.raw is not None:
            self.stream.write(with_fields(record.raw, values) + "\n")
        elif record is not None and record.row is not None:
            self._table_writer().writerow(self._with_values(record.row, values))
        else:
            self.write(_with_paths(record.data or {}, values) if record is not None else values)

    def write_as_read(self, record: Record) -> None:
        """A record that was not cleaned, back in its place as it was read."""
        if self.source.fmt == "json" and record.raw is not None:
            self._json_record(record, record.raw)
        elif record.raw is not None:
            self.stream.write(record.raw + "\n")
        elif record.row is not None:
            self._table_writer().writerow(record.row)
        elif record.unread is not None:
            self._table_writer()  # the header first, if no row came before
            for _, _, text in record.unread.chunks():
                self.stream.write(text)
        elif record.data is not None:
            self.write(record.data)

    def _json_record(self, record: Record, text: str) -> None:
        """A JSON file's record in its place: the file's opening before the first one
        written, the separator it was read with before any other (a record left out, as
        to --rejects, takes its separator along)."""
        if self._json_written:
            self.stream.write(record.gap)
        else:
            self.stream.write(self.source.json_ends[0])
            self._json_written = True
        self.stream.write(text)

    def _columns(self) -> list[str]:
        columns = list(self.source.columns or [])
        if self.meta_field and self.meta_field not in columns:
            columns.append(self.meta_field)
        return columns

    def _table_writer(self) -> Any:
        if self._table is None:
            if self.source.bom:
                self.stream.write("\ufeff")
            self._table = csv.writer(self.stream, delimiter=self.source.delimiter,
                                     lineterminator=self.source.line_ending)
            self._table.writerow(self._columns())
        return self._table

    def _with_values(self, row: list[str], values: dict[str, Any]) -> list[str]:
        """The row with `values` set in their columns (the last of a name, the one a
        record's dict holds): by position, so cells under a repeated name keep theirs."""
        columns = self._columns()
        cells = row + [""] * (len(columns) - len(row))
        for key, value in values.items():
            cells[len(columns) - 1 - columns[::-1].index(key)] = _cell(value)
        return cells

    def _table_row(self, record: dict) -> None:
        self._table_writer().writerow([_cell(record.get(k, "")) for k in self._columns()])

    def _flush_parquet(self) -> None:
        pa = _pyarrow()
        if self._parquet is None:
            schema = self.source.schema
            if self.meta_field and schema.get_field_index(self.meta_field) == -1:
                schema = schema.append(pa.field(self.meta_field, pa.string()))
            self._schema = schema
            assert self.atomic is not None
            self._parquet = _pyarrow_parquet().ParquetWriter(self.atomic.file, schema)
        rows = [{**r, self.meta_field: json.dumps(r[self.meta_field], ensure_ascii=False)}
                if self.meta_field and isinstance(r.get(self.meta_field), dict) else r for r in self._rows]
        self._parquet.write_table(pa.Table.from_pylist(rows, schema=self._schema))
        self._rows = []

    def commit(self) -> None:
        if self.source.fmt in TABLE_DELIMITERS and self._table is None and self.source.columns:
            self._table_writer()  # a file without rows keeps its header
        if self.source.fmt == "json":
            self.stream.write(("" if self._json_written else self.source.json_ends[0]) + self.source.json_ends[1])
        if self.source.fmt == "parquet":
            if self._rows or (self._parquet is None and self.source.schema is not None):
                self._flush_parquet()
            if self._parquet is not None:
                self._parquet.close()
        if self.atomic is not None:
            self.atomic.commit()
        else:
            self.stream.flush()

    def discard(self) -> None:
        if self._parquet is not None:  # closed first: closing it later would write to a closed file
            with contextlib.suppress(Exception):
                self._parquet.close()
            self._parquet = None
        if self.atomic is not None:
            self.atomic.discard()


class RejectsWriter:
    """`--rejects FILE`: one JSON object a line for each record not cleaned, with where it
    was, why, and the record as read (`raw` line, CSV `row`, or `record`); the unreadable
    rest of a table, as read, in pieces (`unread`, with the `lines` each holds). Written
    atomically when the run ends; escapes keep invalid bytes recoverable."""

    def __init__(self, path: Path, keep: bool = False):
        self.path = path
        self.atomic = AtomicWriter(path)
        if keep and path.exists():  # a resumed run (--skip-existing) adds to the earlier rejects
            self.atomic.write(path.read_text(encoding="utf-8"))

    def write(self, where: str, error: str, record: Record) -> None:
        entry: dict[str, Any] = {"where": where, "error": error}
        if record.unread is not None:
            for first, last, text in record.unread.chunks():
                self.atomic.write(json.dumps({**entry, "lines": [first, last], "unread": text}) + "\n")
            return
        if record.raw is not None:
            entry["raw"] = record.raw
        elif record.row is not None:
            entry["row"] = record.row
        else:
            entry["record"] = record.data
        self.atomic.write(json.dumps(entry, default=str) + "\n")

    def commit(self) -> None:
        self.atomic.commit()

    def discard(self) -> None:
        self.atomic.discard()


def _pyarrow():
    try:
        import pyarrow
    except ImportError as exc:
        raise InputError("Parquet needs pyarrow: pip install 'cleantext-rules[formats]'") from exc
    return pyarrow


def _pyarrow_parquet():
    _pyarrow()
    import pyarrow.parquet as pq

    return pq

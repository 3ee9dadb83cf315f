"""Record formats for the CLI: JSONL (also .gz / .zst), CSV and Parquet.

Records stream in and out one at a time (Parquet by batches), so memory does not
grow with the file. Every field but the text field is kept as it was. A record
that cannot be cleaned (malformed line, missing or non-string field) becomes an
error Record naming `file:line`; the CLI reports it and keeps it unchanged where
it can be written back.
"""
from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError
from .io import AtomicWriter, open_binary

PARQUET_BATCH = 1024


@dataclass
class Record:
    """One record: where it came from, the parsed object, and the text to clean."""

    line: int
    data: dict | None
    text: str | None
    error: str | None = None


class Source:
    """The records of one input, plus what a writer needs to reproduce its shape."""

    def __init__(self, path: Path | None, fmt: str, field: str):
        self.path, self.fmt, self.field = path, fmt, field
        self.name = "<stdin>" if path is None else str(path)
        self.columns: list[str] | None = None  # CSV header
        self.schema: Any = None  # Parquet schema

    def records(self) -> Iterator[Record]:
        if self.fmt == "jsonl":
            stream = sys.stdin.buffer if self.path is None else open_binary(self.path)
            try:
                yield from read_jsonl(stream, self.name, self.field)
            finally:
                if self.path is not None:
                    stream.close()
        elif self.fmt == "csv":
            yield from self._csv()
        else:
            yield from self._parquet()

    def _csv(self) -> Iterator[Record]:
        import io

        raw = sys.stdin.buffer if self.path is None else open_binary(self.path)
        with io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text:
            reader = csv.DictReader(text)
            self.columns = list(reader.fieldnames or [])
            start = 2  # the header is line 1
            try:
                for row in reader:
                    yield _checked(row, self.field, f"{self.name}:{start}", start)
                    start = reader.line_num + 1
            except (csv.Error, UnicodeDecodeError) as exc:
                yield Record(start, None, None, f"{self.name}:{start}: unreadable CSV: {exc}")

    def _parquet(self) -> Iterator[Record]:
        if self.path is None:
            raise InputError("Parquet cannot be read from stdin: name the file")
        pq = _pyarrow_parquet()
        try:
            parquet = pq.ParquetFile(self.path)
        except Exception as exc:
            raise InputError(f"{self.name}: not a readable Parquet file ({exc})") from exc
        self.schema = parquet.schema_arrow
        number = 0
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH):
            for row in batch.to_pylist():
                number += 1
                yield _checked(row, self.field, f"{self.name}: row {number}", number)


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
        yield _checked(data, field, f"{name}:{number}", number)


def _checked(data: dict, field: str, where: str, number: int) -> Record:
    value = data.get(field)
    if isinstance(value, str):
        return Record(number, data, value)
    problem = "missing" if field not in data else f"not a string ({type(value).__name__})"
    return Record(number, data, None, f"{where}: field `{field}` is {problem}")


class RecordWriter:
    """Writes records in the source's format: to a file atomically, or to stdout."""

    def __init__(self, target: Path | None, source: Source, meta_field: str):
        self.target, self.source, self.meta_field = target, source, meta_field
        fmt = source.fmt
        if fmt == "parquet" and target is None:
            raise InputError("Parquet output needs -o OUT or --in-place")
        self.atomic = None if target is None else AtomicWriter(target, binary=fmt == "parquet")
        self.stream = sys.stdout if self.atomic is None else self.atomic.file
        self._csv: csv.DictWriter | None = None
        self._parquet: Any = None
        self._rows: list[dict] = []

    def write(self, record: dict) -> None:
        fmt = self.source.fmt
        if fmt == "jsonl":
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            self._csv_row(record)
        else:
            self._rows.append(record)
            if len(self._rows) >= PARQUET_BATCH:
                self._flush_parquet()

    def _csv_writer(self, first: dict) -> csv.DictWriter:
        if self._csv is None:
            columns = list(self.source.columns or first)
            if self.meta_field and self.meta_field not in columns:
                columns.append(self.meta_field)
            self._csv = csv.DictWriter(self.stream, fieldnames=columns, extrasaction="ignore")
            self._csv.writeheader()
        return self._csv

    def _csv_row(self, record: dict) -> None:
        row = {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v for k, v in record.items()}
        self._csv_writer(record).writerow(row)

    def _flush_parquet(self) -> None:
        pa = _pyarrow()
        if self._parquet is None:
            schema = self.source.schema
            if self.meta_field and schema.get_field_index(self.meta_field) == -1:
                schema = schema.append(pa.field(self.meta_field, pa.string()))
            self._schema = schema
            self._parquet = _pyarrow_parquet().ParquetWriter(self.atomic.file, schema)
        rows = [{**r, self.meta_field: json.dumps(r[self.meta_field], ensure_ascii=False)}
                if self.meta_field and isinstance(r.get(self.meta_field), dict) else r for r in self._rows]
        self._parquet.write_table(pa.Table.from_pylist(rows, schema=self._schema))
        self._rows = []

    def commit(self) -> None:
        if self.source.fmt == "csv" and self._csv is None and self.source.columns:
            self._csv_writer({})  # a file without rows keeps its header
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
        if self.atomic is not None:
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

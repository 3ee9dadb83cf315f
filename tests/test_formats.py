"""CLI formats: JSONL (.gz, .zst), CSV with embedded newlines, Parquet; and clean_batch."""
from __future__ import annotations

import csv
import errno
import gc
import gzip
import io
import itertools
import json
import re
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Cleaner, formats
from cleantext.errors import InputError

from .conftest import PACKS
from .test_cli import CLEAN, DEMO, DIRTY, run

ROWS = [{"id": 1, "text": DIRTY, "url": "https://example.org/a"}, {"id": 2, "text": "Plain text.\n"}]


def _jsonl(rows) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in rows).encode()


def test_jsonl_gz_and_zst_round_trip(tmp_path):
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(_jsonl(ROWS)))
    (tmp_path / "b.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(_jsonl(ROWS)))
    out = run("clean", str(tmp_path), "-o", str(tmp_path / "out"), "--meta-field", "", *DEMO)
    assert out.returncode == 0, out.stderr
    got_gz = [json.loads(x) for x in gzip.decompress((tmp_path / "out" / "a.jsonl.gz").read_bytes()).splitlines()]
    raw = zstandard.ZstdDecompressor().stream_reader(io.BytesIO((tmp_path / "out" / "b.jsonl.zst").read_bytes())).read()
    got_zst = [json.loads(x) for x in raw.splitlines()]
    assert got_gz == got_zst == [{**ROWS[0], "text": CLEAN}, ROWS[1]]


def test_a_truncated_gzip_keeps_the_records_before_the_cut_and_names_where(tmp_path):
    # The records read before the cut were counted cleaned, then left out of the output file
    # (while to stdout they were written), and the message said no output was written.
    data = gzip.compress(_jsonl(ROWS * 200))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    readable = len(gzip.GzipFile(fileobj=io.BytesIO(cut.read_bytes())).read1(10**8).split(b"\n")) - 1
    out = run("clean", str(cut), "-o", str(tmp_path / "out.jsonl.gz"), "--meta-field", "", *DEMO)
    err = out.stderr.decode()
    assert out.returncode == 3 and "cut.jsonl.gz: Compressed file ended" in err
    written = gzip.decompress((tmp_path / "out.jsonl.gz").read_bytes()).splitlines()
    assert 0 < len(written) <= readable and f"after line {len(written)}; the output keeps its records" in err
    assert [json.loads(x) for x in written] == ([{**ROWS[0], "text": CLEAN}, ROWS[1]] * 200)[: len(written)]
    changed = (len(written) + 1) // 2  # the dirty rows
    assert f"{len(written) + 1} read, {changed} changed, {len(written) - changed} unchanged, 0 passed" in err
    stdout = run("clean", str(cut), "--meta-field", "", *DEMO)
    assert stdout.returncode == 3 and stdout.stdout.splitlines() == written


def test_a_truncated_gzip_cleaned_in_place_is_left_as_it_was(tmp_path):
    data = gzip.compress(_jsonl(ROWS * 200))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    out = run("clean", str(cut), "--in-place", *DEMO)
    err = out.stderr.decode()
    assert out.returncode == 3 and "; the file is left as it was" in err
    assert cut.read_bytes() == data[: len(data) // 2]
    assert re.search(r"(\d+) read, 0 changed, 0 unchanged, (\d+) passed through, 1 failed", err)


def test_a_record_file_that_cannot_be_written_counts_every_record_failed(tmp_path, monkeypatch, capsys):
    # A write error at record 2 left record 1 counted changed and records 3 and 4 cleaned and
    # counted changed too, though the output file was discarded.
    from cleantext import cli

    write_cleaned, calls = formats.RecordWriter.write_cleaned, []

    def fails_second(self, *args):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(errno.EIO, "Input/output error")
        return write_cleaned(self, *args)

    monkeypatch.setattr(formats.RecordWriter, "write_cleaned", fails_second)
    (tmp_path / "docs.jsonl").write_bytes(_jsonl([{"text": DIRTY}] * 4))
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", str(tmp_path / "docs.jsonl"), "-o", str(out), "--meta-field", "", *DEMO]) == 3
    err = capsys.readouterr().err
    assert f"cannot write {out}: Input/output error; none of its records is written" in err
    assert "4 read, 0 changed, 0 unchanged, 0 passed through, 4 failed" in err and not out.exists()


def test_a_record_with_a_malformed_url_is_cleaned_without_a_site(tmp_path):
    # "http://[broken" (read as an IPv6 address) ended the whole run: "cleantext: Invalid IPv6
    # URL", exit 2, naming no file or record, and no output for any record.
    rows = [{"text": DIRTY, "url": "http://[broken/x"}, {"text": DIRTY, "url": "https://a.example/1"}]
    (tmp_path / "docs.jsonl").write_bytes(_jsonl(rows))
    out = run("clean", str(tmp_path / "docs.jsonl"), "-o", str(tmp_path / "out.jsonl"), "--meta-field", "", *DEMO)
    assert out.returncode == 0, out.stderr
    assert [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()] == \
        [{**row, "text": CLEAN} for row in rows]


def test_text_files_read_back_compressed_as_they_are_written(tmp_path):
    # -o a.txt.gz wrote a compressed file that cleantext then refused as binary.
    (tmp_path / "a.txt").write_text(DIRTY)
    for suffix in (".gz", ".zst"):
        written = tmp_path / f"a.txt{suffix}"
        assert run("clean", str(tmp_path / "a.txt"), "-o", str(written), *DEMO).returncode == 0
        again = run("clean", str(written), *DEMO)
        assert again.returncode == 0 and again.stdout.decode() == CLEAN, again.stderr


# A gzip member whose deflate data is invalid (zlib.error, not an OSError), after a good one.
_BAD_DEFLATE = gzip.compress(_jsonl(ROWS)) + gzip.compress(b"")[:10] + b"\x07\x00\x00\x00"


@pytest.mark.parametrize(("name", "data"), [
    ("bad.jsonl.zst", b"not compressed at all"), ("bad.csv.zst", b"not compressed at all"),
    ("bad.txt.zst", b"not compressed at all"), ("bad.txt.gz", b"not compressed at all"),
    ("deflate.jsonl.gz", _BAD_DEFLATE), ("deflate.txt.gz", _BAD_DEFLATE)])
def test_a_corrupt_compressed_file_fails_by_name_and_the_run_goes_on(tmp_path, name, data):
    # A corrupt .zst ended the whole run with a ZstdError traceback, exit 1; a .gz whose
    # deflate data is invalid, with a zlib.error traceback.
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_bytes(data)
    (tmp_path / "in" / "good.txt").write_text(DIRTY)
    out = run("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), *DEMO)
    err = out.stderr.decode()
    assert out.returncode == 3 and "Traceback" not in err and f"{tmp_path / 'in' / name}: " in err, err
    assert (tmp_path / "out" / "good.txt").read_text() == CLEAN and not (tmp_path / "out" / name).exists()


def test_csv_keeps_columns_and_embedded_newlines(tmp_path):
    path = tmp_path / "docs.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "text", "note"])
        writer.writeheader()
        writer.writerow({"id": "1", "text": DIRTY, "note": "multi\nline, quoted"})
        writer.writerow({"id": "2", "text": "", "note": ""})
    out = run("clean", str(path), "-o", str(tmp_path / "out.csv"), *DEMO)
    assert out.returncode == 0, out.stderr
    with open(tmp_path / "out.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["text"] for r in rows] == [CLEAN, ""]
    assert rows[0]["note"] == "multi\nline, quoted" and json.loads(rows[0]["cleantext"])["rules"]


def _table(rows: list[list[str]], delimiter: str, ending: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=ending).writerows(rows)
    return buffer.getvalue()


# A .tsv file was read as plain text (its text column never cleaned as a document), and a
# CSV with ";" between fields could not be read at all; rows came out ending in CRLF
# whatever the input's rows ended in, so every line of a cleaned file differed.
@pytest.mark.parametrize(("name", "options", "delimiter", "ending"), [
    ("docs.tsv", [], "\t", "\n"),
    ("docs.tab", [], "\t", "\r\n"),
    ("docs.txt", ["--format", "tsv"], "\t", "\n"),
    ("docs.csv", ["--delimiter", ";"], ";", "\n"),
    ("docs.csv", ["--delimiter", "\\t"], "\t", "\n"),
    ("docs.csv", [], ",", "\n"),
    ("docs.csv", [], ",", "\r\n"),
])
def test_a_table_keeps_its_separator_and_row_ending(tmp_path, name, options, delimiter, ending):
    rows = [["id", "text", "note"], ["1", DIRTY, f"a{delimiter}b"], ["2", "Plain text.", ""]]
    path = tmp_path / name
    path.write_bytes(_table(rows, delimiter, ending).encode())
    out = run("clean", str(path), "--meta-field", "", *options, *DEMO)
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode() == _table([rows[0], ["1", CLEAN, f"a{delimiter}b"], rows[2]], delimiter, ending)


@pytest.mark.parametrize(("header", "hint"), [
    ("id;text", "or its separator with --delimiter ';'"),
    ("id\ttext", "or its separator with --delimiter '\\t'"),
    ("id|text", "or its separator with --delimiter '|'"),
])
def test_a_table_read_with_the_wrong_separator_names_the_right_one(tmp_path, header, hint):
    path = tmp_path / "docs.csv"
    path.write_text(f"{header}\n1{header[2]}Plain text.\n", encoding="utf-8")
    err = run("clean", str(path), *DEMO).stderr.decode()
    assert f"name the text column with --field, {hint}" in err


@pytest.mark.parametrize("value", [";;", "", '"', "\n"])
def test_a_delimiter_must_be_one_character_that_is_not_a_quote_or_line_break(tmp_path, value):
    (tmp_path / "docs.csv").write_text("id,text\n1,a\n", encoding="utf-8")
    out = run("clean", str(tmp_path / "docs.csv"), "--delimiter", value, *DEMO)
    assert out.returncode == 2 and "argument --delimiter" in out.stderr.decode()


def test_parquet_keeps_schema_and_other_columns(tmp_path):
    table = pa.table({"id": [1, 2, 3], "text": [DIRTY, None, "Plain."], "score": [0.5, 1.5, 2.5]})
    pq.write_table(table, tmp_path / "docs.parquet")
    out = run("clean", str(tmp_path / "docs.parquet"), "-o", str(tmp_path / "out.parquet"), *DEMO)
    assert out.returncode == 3, out.stderr  # row 2 has no text to clean: kept, and reported
    got = pq.read_table(tmp_path / "out.parquet")
    assert got.column("text").to_pylist() == [CLEAN, None, "Plain."]
    assert got.column("score").to_pylist() == [0.5, 1.5, 2.5]
    assert got.schema.field("id").type == pa.int64()
    assert "docs.parquet:2: field `text` is null; passed through unchanged" in out.stderr.decode()


# A Parquet file damaged after its first batch said "after line 1024": a Parquet file has rows.
def test_a_parquet_file_damaged_part_way_names_the_row_it_read_up_to(tmp_path):
    table = pa.table({"id": list(range(5000)), "text": [f"Row {i} of the table." for i in range(5000)]})
    pq.write_table(table, tmp_path / "docs.parquet", row_group_size=1000, compression="none")
    data = bytearray((tmp_path / "docs.parquet").read_bytes())
    middle = len(data) // 2
    data[middle:middle + 2000] = b"A" * 2000  # the third row group's pages, after the first batch
    (tmp_path / "docs.parquet").write_bytes(bytes(data))
    out = run("clean", str(tmp_path / "docs.parquet"), "-o", str(tmp_path / "out.parquet"), *DEMO)
    err = out.stderr.decode()
    assert out.returncode == 3 and "Traceback" not in err, err
    assert re.search(r"docs\.parquet: .*, after row \d+; no output written for it", err), err
    assert not (tmp_path / "out.parquet").exists()


# Damage that pyarrow reports as ArrowInvalid (a ValueError: "Index not in dictionary bounds"
# from a corrupt dictionary page), not as an OSError, ended the run with exit 2 and a message
# naming neither the file nor the row.
def test_a_parquet_file_whose_pages_are_invalid_fails_by_name(tmp_path, monkeypatch):
    pq.write_table(pa.table({"text": [f"Row {i}." for i in range(3000)]}), tmp_path / "docs.parquet")

    def batches(self, batch_size):
        yield pa.record_batch({"text": pa.array(["Row 1."] * batch_size)})
        raise pa.ArrowInvalid("Index not in dictionary bounds")

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", batches)
    records = formats.Source(tmp_path / "docs.parquet", "parquet", "text").records()
    assert sum(1 for _ in itertools.islice(records, formats.PARQUET_BATCH)) == formats.PARQUET_BATCH
    with pytest.raises(InputError, match=r"damaged Parquet data \(Index not in dictionary bounds\)"):
        next(records)


# A cleaned row was rebuilt from a dict by column name, so of two columns with one name
# both came out holding the second's cell, exit 0; the same for Parquet.
@pytest.mark.parametrize("text", [DIRTY, "Plain text."], ids=["changed", "unchanged"])
def test_a_csv_with_a_repeated_column_name_keeps_every_cell(tmp_path, text):
    path = tmp_path / "docs.csv"
    path.write_text(_table([["id", "x", "text", "x"], ["1", "first", text, "second"]], ",", "\n"), encoding="utf-8")
    out = run("clean", str(path), "--meta-field", "", *DEMO)
    assert out.returncode == 0, out.stderr
    cleaned = CLEAN if text == DIRTY else text
    assert out.stdout.decode() == _table([["id", "x", "text", "x"], ["1", "first", cleaned, "second"]], ",", "\n")


def test_a_repeated_text_column_name_is_refused_as_ambiguous(tmp_path):
    path = tmp_path / "docs.csv"
    path.write_text("id,text,text\n1,a,b\n", encoding="utf-8")
    out = run("clean", str(path), "-o", str(tmp_path / "out.csv"), *DEMO)
    assert out.returncode == 3 and "2 columns are named `text`" in out.stderr.decode()
    assert not (tmp_path / "out.csv").exists()


def test_a_parquet_file_with_a_repeated_column_name_is_refused(tmp_path):
    table = pa.Table.from_arrays([pa.array([DIRTY]), pa.array(["first"]), pa.array(["second"])],
                                 names=["text", "x", "x"])
    pq.write_table(table, tmp_path / "docs.parquet")
    out = run("clean", str(tmp_path / "docs.parquet"), "-o", str(tmp_path / "out.parquet"), *DEMO)
    assert out.returncode == 3 and "more than one column is named `x`" in out.stderr.decode()
    assert not (tmp_path / "out.parquet").exists()


# A Parquet file with its own `cleantext` column of numbers stopped the whole run (exit 2,
# a pyarrow message naming no file) and printed an "Exception ignored" traceback.
def test_a_parquet_meta_column_that_cannot_take_the_metadata_fails_its_file_by_name(tmp_path):
    pq.write_table(pa.table({"text": [DIRTY], "cleantext": [5]}), tmp_path / "docs.parquet")
    out = run("clean", str(tmp_path / "docs.parquet"), "-o", str(tmp_path / "out.parquet"), *DEMO)
    err = out.stderr.decode()
    assert out.returncode == 3 and "Traceback" not in err and not (tmp_path / "out.parquet").exists()
    assert f"{tmp_path / 'docs.parquet'}: column `cleantext` holds int64, not the JSON text" in err
    renamed = run("clean", str(tmp_path / "docs.parquet"), "-o", str(tmp_path / "out.parquet"),
                  "--meta-field", "ct", *DEMO)
    assert renamed.returncode == 0, renamed.stderr
    assert pq.read_table(tmp_path / "out.parquet").column("cleantext").to_pylist() == [5]


# A record's own `cleantext` field (or a --meta-field naming the text) was replaced by the
# metadata, exit 0: the user's data was gone. Metadata an earlier run wrote is still replaced.
@pytest.mark.parametrize("name", ["docs.jsonl", "docs.csv", "docs.parquet"])
def test_a_field_the_metadata_would_replace_keeps_its_record(tmp_path, name):
    rows = [{"text": DIRTY, "cleantext": "the user's own"}, {"text": DIRTY, "cleantext": ""}]
    _write_rows(tmp_path / name, rows)
    out = run("clean", name, "-o", "out" + name[4:], *DEMO, cwd=tmp_path)
    err = out.stderr.decode()
    assert out.returncode == 3, err
    assert "field `cleantext` already holds data that cleantext did not write" in err and "--meta-field" in err
    first, second = _read_rows(tmp_path / ("out" + name[4:]))
    assert first == rows[0]  # passed through as it was
    assert second["text"] == CLEAN and "rules" in _as_dict(second["cleantext"])
    again = run("clean", "out" + name[4:], "-o", "again" + name[4:], "--rejects", "rejects.jsonl", *DEMO, cwd=tmp_path)
    assert again.returncode == 3  # the user's field still refused; the earlier metadata replaced
    assert [r["text"] for r in _read_rows(tmp_path / ("again" + name[4:]))] == [CLEAN]
    rejected = [json.loads(line) for line in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    assert [r["where"] for r in rejected] == [f"out{name[4:]}:{2 if name.endswith('csv') else 1}"]


@pytest.mark.parametrize("option", ["--field", "--url-field", "--lang-field"])
def test_a_meta_field_that_is_another_field_is_refused(tmp_path, option):
    (tmp_path / "docs.jsonl").write_bytes(_jsonl(ROWS))
    out = run("clean", "docs.jsonl", option, "body", "--meta-field", "body", *DEMO, cwd=tmp_path)
    assert out.returncode == 2 and f"--meta-field body is also {option}" in out.stderr.decode()


def _write_rows(path, rows) -> None:
    if path.suffix == ".parquet":
        pq.write_table(pa.Table.from_pylist(rows), path)
    elif path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        path.write_bytes(_jsonl(rows))


def _read_rows(path) -> list[dict]:
    if path.suffix == ".parquet":
        return pq.read_table(path).to_pylist()
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _as_dict(value) -> dict:
    return value if isinstance(value, dict) else json.loads(value)


def test_discarding_a_parquet_output_leaves_no_unraisable_error(tmp_path, monkeypatch):
    pq.write_table(pa.table({"text": ["Plain."]}), tmp_path / "docs.parquet")
    source = formats.Source(tmp_path / "docs.parquet", "parquet", "text")
    writer = formats.RecordWriter(tmp_path / "out.parquet", source, "")
    for record in source.records():
        writer.write_cleaned(record, {})
    writer._flush_parquet()  # a batch written, as in a run that fails later
    unraisable: list = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    writer.discard()
    del writer
    gc.collect()
    assert unraisable == [] and not (tmp_path / "out.parquet").exists()


def test_clean_batch_for_batched_maps():
    cleaner = Cleaner(rules=[PACKS / "demo.yml"], builtin=False)
    batch = {"text": [DIRTY, None, "x"], "id": [1, 2, 3]}
    mapped = {"text": cleaner.clean_batch(batch["text"])}  # what datasets.map(batched=True) receives back
    assert mapped["text"][1:] == [None, "x"] and mapped["text"][0].startswith("The council met in K")
    import pandas as pd

    frame = pd.DataFrame({"text": [DIRTY, float("nan")]})
    frame["text"] = cleaner.clean_batch(frame["text"])
    assert frame["text"][0].startswith("The council") and pd.isna(frame["text"][1])


def test_clean_batch_cleans_arrow_columns_and_refuses_what_is_not_a_column():
    # Arrow arrays iterate as scalars, which are not str: they came back uncleaned. A whole
    # batch (a dict) had its keys cleaned and returned; a string, its characters.
    cleaner = Cleaner(rules=[PACKS / "demo.yml"], builtin=False)
    table = pa.table({"text": [DIRTY, None], "url": ["https://a.example/1", None]})
    for column in (table["text"], table["text"].combine_chunks()):
        assert cleaner.clean_batch(column, urls=table["url"]) == [cleaner.clean(DIRTY).text, None] != [DIRTY, None]
    for wrong, hint in (({"text": [DIRTY]}, "batch['text']"), (DIRTY, "use clean() for one text")):
        with pytest.raises(TypeError, match=re.escape(hint)):
            cleaner.clean_batch(wrong)


# -- every record accounted for (issue 19: 1, 2, 3) --------------------------

def test_a_csv_field_over_128_kib_is_cleaned_and_the_rest_of_the_file_kept(tmp_path):
    path = tmp_path / "big.csv"
    big = "Skip to content\n\n" + "The council met in Kiev on Monday to vote. " * 5000 + "\n"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerows([["id", "text"], ["1", "Short one."], ["2", big], ["3", DIRTY]])
    out = run("clean", str(path), "-o", str(tmp_path / "out.csv"), "--meta-field", "", *DEMO)
    assert out.returncode == 0, out.stderr
    csv.field_size_limit(1 << 30)  # for reading it back here
    with open(tmp_path / "out.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert rows[1]["text"].startswith("The council met in Kyiv") and rows[2]["text"] == CLEAN


def _twelve_lines() -> list[bytes]:
    lines = [json.dumps({"id": i, "text": DIRTY}).encode() for i in range(10)]
    lines.insert(3, b'{"id": "broken", "text": "unterminated')
    lines.insert(7, b'{"id": "latin", "text": "caf\xe9"}')
    return lines


def test_in_place_jsonl_keeps_malformed_and_invalid_utf8_lines_byte_for_byte(tmp_path):
    path = tmp_path / "docs.jsonl"
    lines = _twelve_lines()
    path.write_bytes(b"\n".join(lines) + b"\n")
    out = run("clean", "--in-place", str(path), "--meta-field", "", *DEMO)
    err = out.stderr.decode()
    assert out.returncode == 3, err
    got = path.read_bytes().split(b"\n")[:-1]
    assert len(got) == 12 and got[3] == lines[3] and got[7] == lines[7]
    assert all(json.loads(got[i])["text"] == CLEAN for i in range(12) if i not in (3, 7))
    assert f"{path}:4: malformed JSON" in err and f"{path}:8: invalid UTF-8" in err
    assert "passed through unchanged" in err
    assert "12 read, 10 changed, 0 unchanged, 2 passed through, 0 failed" in err


def test_rejects_file_gets_the_records_that_cannot_be_cleaned(tmp_path):
    path = tmp_path / "docs.jsonl"
    lines = _twelve_lines()
    path.write_bytes(b"\n".join(lines) + b"\n")
    rejects = tmp_path / "rejects.jsonl"
    out = run("clean", str(path), "-o", str(tmp_path / "out.jsonl"), "--rejects", str(rejects), *DEMO)
    err = out.stderr.decode()
    assert out.returncode == 3 and f"written to {rejects}" in err
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 10
    entries = [json.loads(x) for x in rejects.read_text().splitlines()]
    assert [e["where"] for e in entries] == [f"{path}:4", f"{path}:8"]
    assert [e["raw"].encode("utf-8", "surrogateescape") for e in entries] == [lines[3], lines[7]]
    assert "12 read, 10 changed, 0 unchanged, 2 rejected, 0 failed" in err


def test_a_csv_without_the_text_column_is_one_file_level_error(tmp_path):
    path = tmp_path / "docs.csv"
    path.write_text("id,body\n" + "".join(f"{i},words\n" for i in range(5)), encoding="utf-8")
    out = run("clean", str(path), "-o", str(tmp_path / "out.csv"), *DEMO)
    err = out.stderr.decode()
    assert out.returncode == 3
    assert len(err.splitlines()) == 2 and "no column `text` (columns: id, body)" in err  # the error, the summary
    assert "1 read, 0 changed, 0 unchanged, 0 passed through, 1 failed" in err
    assert not (tmp_path / "out.csv").exists()


# Read leniently, a quote left open took every later line into its field (the file came out
# as fewer records, exit 0), text after a closing quote was joined to the field, and a header
# with an open quote ended in a traceback. Read strictly, the whole file then failed: its
# readable records were not written, and the rest was in neither the output nor --rejects.
BROKEN_CSV = [
    ('id,text\n1,Plain text.\n2,"He said it\n3,Plain text.\n4,Plain text.\n', 3,
     "a quoted field opened in this record never closes"),
    ('id,text\r\n1,Plain text.\r\n2,"quoted" then more\r\n', 3, "',' expected after '\"'"),
    ('id,text\n1,"He said it\n2,Plain text.\n', 2, "a quoted field opened in this record never closes"),
]


@pytest.mark.parametrize(("text", "line", "why"), BROKEN_CSV)
def test_a_csv_whose_quoting_breaks_keeps_its_rest_as_read(tmp_path, text, line, why):
    path, output = tmp_path / "docs.csv", tmp_path / "out.csv"
    path.write_bytes(text.encode("utf-8") + b"caf\xe9\n")  # not UTF-8: the same bytes come back
    out = run("clean", str(path), "-o", str(output), "--meta-field", "", *DEMO)
    err = out.stderr.decode()
    assert out.returncode == 3 and "Traceback" not in err, err
    assert f"{path}:{line}: unreadable CSV: {why}" in err
    last = len(text.splitlines()) + 1
    assert f"; lines {line}-{last}, the rest of the file, cannot be read as records; passed through unchanged" in err
    assert output.read_bytes() == path.read_bytes()  # the records before, cleaned (plain here), then the rest
    assert f"{line - 1} read, 0 changed, {line - 2} unchanged, 1 passed through, 0 failed" in err


@pytest.mark.parametrize(("text", "line", "why"), BROKEN_CSV)
def test_with_rejects_the_unreadable_rest_of_a_csv_goes_there(tmp_path, text, line, why):
    path, output, rejects = tmp_path / "docs.csv", tmp_path / "out.csv", tmp_path / "rejects.jsonl"
    path.write_text(text, encoding="utf-8")
    out = run("clean", str(path), "-o", str(output), "--meta-field", "", "--rejects", str(rejects), *DEMO)
    err = out.stderr.decode()
    assert out.returncode == 3 and f"; written to {rejects}" in err, err
    lines = text.splitlines(keepends=True)
    assert output.read_bytes().decode("utf-8") == "".join(lines[:line - 1])
    entries = [json.loads(e) for e in rejects.read_text(encoding="utf-8").splitlines()]
    assert "".join(e["unread"] for e in entries) == "".join(lines[line - 1:])
    assert entries[0]["where"] == f"{path}:{line}" and entries[0]["lines"] == [line, len(lines)]


# Its temporary file is closed, not left to the collector (which warns of an unclosed file).
@pytest.mark.filterwarnings("error::ResourceWarning", "error::pytest.PytestUnraisableExceptionWarning")
# A UTF-16 table cut short by one byte raised a UnicodeDecodeError (surrogateescape cannot
# carry it): exit 2, "'utf-16-le' codec can't decode byte 0x41", no file named, and the last
# record read was never written.
def test_a_utf16_csv_cut_short_fails_by_name_keeping_the_records_before(tmp_path):
    path = tmp_path / "docs.csv"
    path.write_bytes("id,text\n1,Plain text.\n2,More plain text.\n".encode("utf-16") + b"A")
    out = run("clean", str(path), "--meta-field", "", *DEMO)
    err = out.stderr.decode()
    assert out.returncode == 3 and "Traceback" not in err, err
    assert f"{path}: line 4: not valid utf-16 (truncated data), after line 3" in err
    assert out.stdout.decode("utf-8-sig").splitlines() == ["id,text", "1,Plain text.", "2,More plain text."]


def test_a_tsv_whose_quoting_breaks_names_the_tab_as_written_in_options(tmp_path):
    path = tmp_path / "docs.tsv"
    path.write_text('id\ttext\n1\tPlain text.\n2\t"quoted" then more\n', encoding="utf-8")
    err = run("clean", str(path), "-o", str(tmp_path / "out.tsv"), *DEMO).stderr.decode()
    assert f"{path}:3: unreadable TSV: '\\t' expected after '\"'" in err, err  # not a raw tab


def test_a_huge_unreadable_rest_reaches_rejects_in_pieces(tmp_path, monkeypatch):
    monkeypatch.setattr(formats.UnreadLines, "CHUNK", 10)
    monkeypatch.setattr(formats.UnreadLines, "IN_MEMORY", 20)
    path = tmp_path / "docs.csv"
    path.write_text('id,text\n1,"open\n' + "".join(f"{i},more text\n" for i in range(5)), encoding="utf-8")
    record = list(formats.Source(path, "csv", "text").records())[-1]
    assert record.unread is not None and record.line == 2
    pieces = list(record.unread.chunks())
    assert len(pieces) > 2 and pieces[0][0] == 2 and pieces[-1][1] == 7
    assert all(a == b[1] + 1 for (a, _, _), b in zip(pieces[1:], pieces))  # consecutive line ranges
    assert "".join(p[2] for p in pieces) == path.read_text(encoding="utf-8").split("\n", 1)[1]
    del record, pieces
    gc.collect()


def test_a_csv_whose_header_quoting_breaks_fails_whole(tmp_path):
    path = tmp_path / "docs.csv"
    path.write_text('"id,text\n1,Plain text.\n', encoding="utf-8")
    out = run("clean", str(path), "-o", str(tmp_path / "out.csv"), *DEMO)
    err = out.stderr.decode()
    assert out.returncode == 3 and "Traceback" not in err, err
    assert f"{path}: line 1: unreadable CSV: a quoted field opened in this record never closes" in err
    assert not (tmp_path / "out.csv").exists()


# Python's JSON parser recurses per level: a record nested 100,000 deep ended the whole run
# with a RecursionError traceback (exit 1), in JSONL and JSON alike.
def test_json_nested_too_deeply_is_a_malformed_record_not_a_crash(tmp_path):
    deep = '{"text": "x", "a": ' + "[" * 100_000 + "]" * 100_000 + "}"
    good = json.dumps({"text": DIRTY})
    path = tmp_path / "in.jsonl"
    path.write_text(f"{good}\n{deep}\n{good}\n", encoding="utf-8")
    out = run("clean", str(path), "-o", str(tmp_path / "out.jsonl"), "--meta-field", "", *DEMO)
    err = out.stderr.decode()
    assert out.returncode == 3 and "Traceback" not in err, err
    assert f"{path}:2: JSON nested too deeply to read" in err and "2 changed, 0 unchanged, 1 passed through" in err
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines[1] == deep and json.loads(lines[0])["text"] == json.loads(lines[2])["text"] == CLEAN
    whole = tmp_path / "in.json"
    whole.write_text(f"[{good}, {deep}]", encoding="utf-8")
    out = run("clean", str(whole), "-o", str(tmp_path / "out.json"), *DEMO)
    err = out.stderr.decode()
    assert out.returncode == 3 and "Traceback" not in err and f"{whole}: line 1 column " in err, err
    table = tmp_path / "in.csv"  # a --meta-field cell is read as JSON to see whether it is cleantext's
    table.write_text("id,text,cleantext\n1,Plain text.," + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    out = run("clean", str(table), "-o", str(tmp_path / "out.csv"), *DEMO)
    err = out.stderr.decode()
    assert out.returncode == 3 and "Traceback" not in err and "already holds data that cleantext did not write" in err


def test_a_jsonl_record_keeps_every_byte_but_the_fields_cleaning_sets(tmp_path):
    # Parsed and dumped again, 1.10 came back as 1.1, 1E400 as Infinity (not JSON), "\u00e9"
    # as "é", the first of two equal keys was dropped, and the spacing was changed.
    plain = '{"x": 1.10, "text": "Plain text.\\n", "y":"caf\\u00e9",  "a": 1, "a": 2}'
    dirty = '{ "n" : 1E400 , "text" : ' + json.dumps(DIRTY) + ', "z": [1, 2.50] }'
    path = tmp_path / "docs.jsonl"
    path.write_text(plain + "\n" + dirty + "\n", encoding="utf-8")
    out = run("clean", str(path), "-o", str(tmp_path / "out.jsonl"), "--meta-field", "", *DEMO)
    assert out.returncode == 0, out.stderr
    got = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert got[0] == plain  # nothing to clean: the line as read
    assert got[1] == '{ "n" : 1E400 , "text" : ' + json.dumps(CLEAN) + ', "z": [1, 2.50] }'
    with_meta = run("clean", str(path), "-o", str(tmp_path / "meta.jsonl"), *DEMO)
    first = (tmp_path / "meta.jsonl").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(plain[:-1] + ', "cleantext": {') and with_meta.returncode == 0


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8)
_spacing = st.sampled_from(["", " ", "\t", "\n ", "\r\n"])


@st.composite
def _json_objects(draw):
    """A JSON object's text as some writer spaced it (duplicate keys allowed), and its value."""
    items = draw(st.lists(st.tuples(st.sampled_from(["text", "cleantext", "id", "k", "é"]), _json_values),
                          max_size=6))
    s = [draw(_spacing) for _ in range(4)]
    fields = [f"{json.dumps(k, ensure_ascii=draw(st.booleans()))}{s[0]}:{s[1]}{json.dumps(v)}" for k, v in items]
    raw = s[2] + "{" + s[3] + f"{s[1]},{s[0]}".join(fields) + s[3] + "}" + s[2]
    return raw, json.loads(raw)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_json_objects(), st.dictionaries(st.sampled_from(["text", "cleantext", "new"]), _json_values, max_size=3))
def test_setting_fields_in_a_json_line_is_setting_them_in_its_object(obj, values):
    raw, parsed = obj
    assert json.loads(formats.with_fields(raw, values)) == {**parsed, **values}
    assert formats.with_fields(raw, {}) == raw


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.dictionaries(st.sampled_from(["k", "k.text", "id"]),
                       _json_values | st.dictionaries(st.sampled_from(["text", "n"]), _json_values, max_size=2),
                       max_size=3), _json_values)
def test_a_dotted_field_is_set_where_it_is_found_else_added_under_its_whole_name(parsed, value):
    expected = json.loads(json.dumps(parsed))
    if "k.text" not in expected and isinstance(expected.get("k"), dict) and "text" in expected["k"]:
        expected["k"]["text"] = value
    else:
        expected["k.text"] = value
    raw = json.dumps(parsed, indent=1)
    assert json.loads(formats.with_fields(raw, {"k.text": value})) == expected
    assert formats.field_value(expected, "k.text") == value


# --field content.text, --url-field metadata.url: nested fields, as crawl datasets store
# their metadata, read as missing; a nested record could not be cleaned at all.
def test_dotted_field_names_reach_into_objects(tmp_path):
    record = '{"content": {"text": %s, "n": 1.10}, "meta": {"lang": "de", "url": "https://x.org/a"}}'
    (tmp_path / "docs.jsonl").write_text(record % json.dumps(DIRTY) + "\n", encoding="utf-8")
    out = run("clean", "docs.jsonl", "--field", "content.text", "--lang-field", "meta.lang",
              "--url-field", "meta.url", *DEMO, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    line = out.stdout.decode()
    german = CLEAN.replace("Kyiv", "Kiev")  # names are respelt in English text only
    assert line.startswith((record % json.dumps(german))[:-1] + ', "cleantext"')  # every other byte kept
    assert json.loads(line)["cleantext"]["lang"] == "de"
    pq.write_table(pa.Table.from_pylist([{"content": {"text": DIRTY, "n": 1}, "id": 7}]), tmp_path / "docs.parquet")
    out = run("clean", "docs.parquet", "-o", "out.parquet", "--field", "content.text", "--meta-field", "", *DEMO,
              cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert pq.read_table(tmp_path / "out.parquet").to_pylist() == [{"content": {"text": CLEAN, "n": 1}, "id": 7}]
    missing = run("clean", "docs.parquet", "-o", "out.parquet", "--field", "content.body", *DEMO, cwd=tmp_path)
    assert missing.returncode == 3 and "no column `content.body`" in missing.stderr.decode()


@pytest.mark.parametrize("rejects", ["docs.jsonl", "out.jsonl"])
def test_a_rejects_file_that_is_an_input_or_the_output_is_refused(tmp_path, rejects):
    # --rejects docs.jsonl used to replace the input with the one record it could not clean.
    path = tmp_path / "docs.jsonl"
    lines = _twelve_lines()
    path.write_bytes(b"\n".join(lines) + b"\n")
    out = run("clean", str(path), "-o", str(tmp_path / "out.jsonl"), "--rejects", str(tmp_path / rejects), *DEMO)
    assert out.returncode == 2 and f"--rejects {tmp_path / rejects} is" in out.stderr.decode()
    assert path.read_bytes() == b"\n".join(lines) + b"\n" and not (tmp_path / "out.jsonl").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs.jsonl"]  # no temporary file left


# --encoding was ignored for JSONL without a word, so cp1252 records came out as "invalid UTF-8".
def test_encoding_given_for_a_record_format_it_does_not_apply_to_is_noted_once(tmp_path):
    for name in ("a.jsonl", "b.jsonl"):
        (tmp_path / name).write_bytes(_jsonl(ROWS))
    out = run("clean", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl"), "--encoding", "cp1252",
              "-o", str(tmp_path / "out"), *DEMO)
    notes = [line for line in out.stderr.decode().splitlines() if "--encoding is for text, CSV and TSV" in line]
    assert out.returncode == 0 and len(notes) == 1 and str(tmp_path / "a.jsonl") in notes[0]
    quiet = run("clean", str(tmp_path / "a.jsonl"), "--encoding", "cp1252", "-q", *DEMO)
    assert quiet.returncode == 0 and quiet.stderr == b""


def _document(name: str, text: str) -> str:
    """A file of one text: `text` itself, or a CSV or TSV record holding it (by `name`)."""
    if name.endswith(".txt"):
        return text
    return _table([["text", "id"], [text.rstrip("\n"), "1"]], formats.TABLE_DELIMITERS[name[-3:]], "\n")


@pytest.mark.parametrize("name", ["a.txt", "a.csv", "a.tsv"])
@pytest.mark.parametrize("encoding", [[], ["--encoding", "utf-8"]])
def test_a_byte_order_mark_is_kept_so_spreadsheets_still_read_the_output_as_utf8(tmp_path, name, encoding):
    # The output lost it: Excel then read the cleaned UTF-8 as cp1252 ("cafÃ©"). And with
    # --encoding utf-8 a CSV's header became "\ufefftext", so no column `text` was found.
    body = _document(name, "The caf\u00e9 council met in Kiev on Monday to vote.\n")
    (tmp_path / name).write_bytes(b"\xef\xbb\xbf" + body.encode())
    expected = b"\xef\xbb\xbf" + body.replace("Kiev", "Kyiv").encode()
    out = run("clean", name, "-o", "out" + name[1:], "--meta-field", "", *encoding, *DEMO, cwd=tmp_path)
    assert out.returncode == 0 and "1 changed" in out.stderr.decode(), out.stderr
    assert (tmp_path / ("out" + name[1:])).read_bytes() == expected
    assert run("clean", name, "--meta-field", "", *encoding, *DEMO, cwd=tmp_path).stdout == expected


@pytest.mark.parametrize("name", ["a.txt", "a.csv", "a.tsv"])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_a_utf16_or_utf32_byte_order_mark_is_honoured_in_tables_as_in_text(tmp_path, name, encoding):
    # A UTF-16 CSV was read as UTF-8: "no column `text` (columns: \udcff\udcfei d ,  t e x t )".
    body = _document(name, "The caf\u00e9 council met in Kiev on Monday to vote.\n")
    (tmp_path / name).write_bytes(body.encode(encoding))  # Python writes the byte-order mark
    expected = b"\xef\xbb\xbf" + body.replace("Kiev", "Kyiv").encode()
    for option in ([], ["--encoding", "cp1252"]):  # the file's own mark wins over --encoding
        out = run("clean", name, "--meta-field", "", *option, *DEMO, cwd=tmp_path)
        assert out.returncode == 0 and out.stdout == expected, out.stderr


@pytest.mark.parametrize("name", ["a.txt", "a.csv", "a.tsv"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_refused_with_the_encoding_that_reads_it(tmp_path, name, codec):
    body = _document(name, "The council met in Kiev on Monday to vote.\n")
    (tmp_path / name).write_bytes(body.encode(codec))
    out = run("clean", name, "--meta-field", "", *DEMO, cwd=tmp_path)
    assert out.returncode == 3 and out.stdout == b""
    assert f"{name}: looks binary (NUL byte at offset " in out.stderr.decode()
    assert f"UTF-16 without a byte-order mark? --encoding {codec} reads it" in out.stderr.decode()
    named = run("clean", name, "--meta-field", "", "--encoding", codec, *DEMO, cwd=tmp_path)
    assert named.returncode == 0 and named.stdout == body.replace("Kiev", "Kyiv").encode(), named.stderr


def test_a_table_record_not_valid_utf8_is_passed_through_with_a_hint_to_name_the_encoding(tmp_path):
    data = b"text,id\nThe na\xefve council met in Kiev.,1\n"
    (tmp_path / "a.csv").write_bytes(data)
    out = run("clean", "a.csv", "--meta-field", "", *DEMO, cwd=tmp_path)
    assert out.returncode == 3 and out.stdout == data
    assert "a.csv:2: invalid utf-8 in column `text` (a file in another encoding: name it with --encoding); " \
        "passed through unchanged" in out.stderr.decode()
    named = run("clean", "a.csv", "--meta-field", "", "--encoding", "cp1252", *DEMO, cwd=tmp_path)
    assert named.returncode == 0 and named.stdout == "text,id\nThe na\u00efve council met in Kyiv.,1\n".encode()


@pytest.mark.parametrize("name", ["a.jsonl", "a.json", "a.jsonl.gz"])
@pytest.mark.parametrize(("codec", "named"), [("utf-16", "UTF-16"), ("utf-32", "UTF-32"), ("utf-16-le", "UTF-16LE")])
def test_json_saved_as_utf16_fails_by_name_with_how_to_convert_it(tmp_path, name, codec, named):
    # PowerShell's `>` writes UTF-16: every line was passed through as "malformed JSON", and
    # a null after the last line break was counted as a record of its own.
    body = _jsonl(ROWS) if ".jsonl" in name else json.dumps(ROWS).encode()
    data = body.decode().encode(codec)
    (tmp_path / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    out = run("clean", name, "-o", "out" + name[1:], *DEMO, cwd=tmp_path)
    kind = "JSONL" if ".jsonl" in name else "JSON"
    assert out.returncode == 3 and not (tmp_path / ("out" + name[1:])).exists()
    assert f"{name}: looks like {named}, but {kind} is UTF-8: convert it first (iconv -f {named} -t UTF-8); " \
        "no output written for it" in out.stderr.decode(), out.stderr


def test_a_jsonl_byte_order_mark_is_dropped_as_json_allows_none(tmp_path):
    (tmp_path / "a.jsonl").write_bytes(b"\xef\xbb\xbf" + _jsonl(ROWS))
    out = run("clean", "a.jsonl", "--meta-field", "", *DEMO, cwd=tmp_path)
    assert out.returncode == 0 and out.stdout.startswith(b'{"id": 1'), out.stdout[:20]


# -- JSON files: an array of records, or one record ------------------------------------

_PRETTY = ('[\n  {\n    "id": 1,\n    "n": 1E400,\n    "text": ' + json.dumps(DIRTY) + ',\n    "x": "caf\\u00e9"\n  },\n'
           '  {"id": 2, "text": "Plain text.\\n", "z": [1, 2.50]}\n]\n')


def test_a_json_array_is_cleaned_record_by_record_and_keeps_every_other_byte(tmp_path):
    # A .json file was cleaned as plain text: names respelt inside the JSON, chrome left in its strings.
    (tmp_path / "docs.json").write_text(_PRETTY)
    out = run("clean", "docs.json", "-o", "out.json", "--meta-field", "", *DEMO, cwd=tmp_path)
    assert out.returncode == 0 and "2 read, 1 changed, 1 unchanged" in out.stderr.decode(), out.stderr
    assert (tmp_path / "out.json").read_text() == _PRETTY.replace(json.dumps(DIRTY), json.dumps(CLEAN))
    with_meta = run("clean", "docs.json", *DEMO, cwd=tmp_path)
    records = json.loads(with_meta.stdout)
    assert [r["text"] for r in records] == [CLEAN, "Plain text.\n"] and records[0]["cleantext"]["rules"]


def test_a_json_file_of_one_record_and_empty_ones_come_back_in_their_shape(tmp_path):
    one = '{\n  "url": "https://example.org/a",\n  "text": ' + json.dumps(DIRTY) + '\n}\n'
    for name, text, expected in (("one.json", one, one.replace(json.dumps(DIRTY), json.dumps(CLEAN))),
                                 ("empty.json", " [ ]\n", " [ ]\n"), ("blank.json", "", "")):
        (tmp_path / name).write_text(text)
        out = run("clean", name, "--meta-field", "", *DEMO, cwd=tmp_path)
        assert out.returncode == 0 and out.stdout.decode() == expected, (name, out.stderr)


def test_json_records_that_cannot_be_cleaned_stay_in_place_or_go_to_rejects_leaving_valid_json(tmp_path):
    (tmp_path / "docs.json").write_text('[7, {"text": ' + json.dumps(DIRTY) + '}, {"t": 1}, {"text": "ok"}]')
    kept = run("clean", "docs.json", "--meta-field", "", *DEMO, cwd=tmp_path)
    assert kept.returncode == 3 and json.loads(kept.stdout) == [7, {"text": CLEAN}, {"t": 1}, {"text": "ok"}]
    err = kept.stderr.decode()  # numbered by position: a one-line array has every record on line 1
    assert "docs.json:1: a record must be a JSON object" in err and "docs.json:3: field `text` is missing" in err
    rejected = run("clean", "docs.json", "-o", "out.json", "--rejects", "bad.jsonl", "--meta-field", "", *DEMO,
                   cwd=tmp_path)
    assert rejected.returncode == 3
    assert json.loads((tmp_path / "out.json").read_text()) == [{"text": CLEAN}, {"text": "ok"}]
    assert [json.loads(line)["raw"] for line in (tmp_path / "bad.jsonl").read_text().splitlines()] == ["7", '{"t": 1}']


# A JSON file of one record that went to --rejects left an output of one line break: not
# JSON at all. The record now also stays in the output, as with --in-place.
def test_a_one_record_json_file_sent_to_rejects_keeps_valid_json(tmp_path):
    (tmp_path / "doc.json").write_text('{"text": 5}\n')
    out = run("clean", "doc.json", "-o", "out.json", "--rejects", "bad.jsonl", *DEMO, cwd=tmp_path)
    assert out.returncode == 3
    assert (tmp_path / "out.json").read_text() == '{"text": 5}\n'
    assert [json.loads(line)["raw"] for line in (tmp_path / "bad.jsonl").read_text().splitlines()] == ['{"text": 5}']
    assert "written to bad.jsonl, and kept in the output" in out.stderr.decode()


@pytest.mark.parametrize(("text", "where"), [
    ('[{"text": "a"},]', "line 1 column 16: not a JSON array of records or one record: Expecting value"),
    ('[{"text": "a"}\n {"text": "b"}]', "line 2 column 2: not a JSON array of records or one record: expecting ','"),
    ('{"text": "a"} {"text": "b"}', "line 1 column 15: not a JSON array of records or one record: text after"),
    ('"just a string"', "line 1 column 1: not a JSON array of records or one record: it starts with neither"),
])
def test_a_json_file_that_is_not_an_array_of_records_fails_by_name_and_place(tmp_path, text, where):
    (tmp_path / "docs.json").write_text(text)
    out = run("clean", "docs.json", "-o", "out.json", *DEMO, cwd=tmp_path)
    assert out.returncode == 3 and f"docs.json: {where}" in out.stderr.decode(), out.stderr
    assert not (tmp_path / "out.json").exists()


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(_json_objects() | st.tuples(st.just("3"), st.just(3)), max_size=5), st.lists(_spacing, min_size=3,
                                                                                              max_size=3))
def test_a_json_array_written_back_as_read_is_the_same_text(tmp_path_factory, items, spacing):
    folder = tmp_path_factory.mktemp("json")
    text = spacing[0] + "[" + spacing[1] + ("," + spacing[2]).join(raw for raw, _ in items) + "]" + spacing[0]
    (folder / "in.json").write_bytes(text.encode())
    source = formats.Source(folder / "in.json", "json", "text")
    writer = formats.RecordWriter(folder / "out.json", source, "")
    records = list(source.records())
    for record in records:
        writer.write_as_read(record)
    writer.commit()
    assert (folder / "out.json").read_bytes() == text.encode()
    assert [json.loads(r.raw or "") for r in records] == [value for _, value in items]


@pytest.mark.parametrize("name", ["docs.jsonl", "docs.csv"])
def test_lang_field_gives_each_records_language(tmp_path, name):
    # A crawl's per-record language (Common Crawl's "eng", FineWeb's "eng_Latn") could not be given:
    # --lang is one for the whole run, and detection gives up on short texts.
    kiev = "The council met in Kiev on Monday to vote.\n"
    rows = [{"lang": lang, "text": kiev} for lang in ("eng_Latn", "de", "english", "", "en-GB")]
    if name.endswith(".jsonl"):
        (tmp_path / name).write_text("".join(json.dumps(r) + "\n" for r in rows) + '{"text": "Kiev.", "lang": 5}\n')
    else:
        with open(tmp_path / name, "w", newline="") as fh:
            csv.writer(fh).writerows([["lang", "text"], *([r["lang"], r["text"]] for r in rows)])
    out = run("clean", name, "--lang-field", "lang", "--meta-field", "", *DEMO[:3], cwd=tmp_path)
    err = out.stderr.decode()
    assert out.returncode == 0, err
    texts = [r["text"] for r in (map(json.loads, out.stdout.decode().splitlines()) if name.endswith(".jsonl")
                                 else csv.DictReader(io.StringIO(out.stdout.decode())))]
    kyiv = kiev.replace("Kiev", "Kyiv")
    assert texts[:5] == [kyiv, kiev, kiev, kiev, kyiv]  # "english" and "" are cleaned as records without one
    line = 3 if name.endswith(".jsonl") else 6  # a CSV row of this text spans two lines, after the header
    assert err.count("note:") == 1, err
    assert f"{name}:{line}: --lang-field `lang` holds 'english', not a language code" in err, err
    with_default = run("clean", name, "--lang-field", "lang", "--lang", "en", "--meta-field", "", *DEMO[:3],
                       cwd=tmp_path).stdout.decode()
    assert with_default.count("Kyiv") == (5 if name.endswith(".jsonl") else 4)  # all but the one marked de


def test_a_json_files_progress_follows_its_records(tmp_path):
    # Read whole, its stream was closed before the first record: the bar stayed at 0 bytes.
    path = tmp_path / "docs.json"
    path.write_text(json.dumps([{"text": f"caf\u00e9 {k} " * 50} for k in range(20)], ensure_ascii=False))
    source = formats.Source(path, "json", "text")
    positions = []
    for _ in source.records():
        positions.append(source.position())
    size = path.stat().st_size
    assert positions == sorted(positions) and 0 < positions[0] < size / 10 and size - 2 <= positions[-1] <= size

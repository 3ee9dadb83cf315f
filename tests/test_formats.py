"""CLI formats: JSONL (.gz, .zst), CSV with embedded newlines, Parquet; and clean_batch."""
from __future__ import annotations

import csv
import gzip
import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

from cleantext import Cleaner

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


def test_truncated_gzip_is_reported_and_leaves_no_output(tmp_path):
    data = gzip.compress(_jsonl(ROWS * 200))
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    out = run("clean", str(tmp_path / "cut.jsonl.gz"), "-o", str(tmp_path / "out.jsonl.gz"), *DEMO)
    assert out.returncode == 3 and "cut.jsonl.gz" in out.stderr.decode()
    assert not (tmp_path / "out.jsonl.gz").exists()


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


def test_parquet_keeps_schema_and_other_columns(tmp_path):
    table = pa.table({"id": [1, 2, 3], "text": [DIRTY, None, "Plain."], "score": [0.5, 1.5, 2.5]})
    pq.write_table(table, tmp_path / "docs.parquet")
    out = run("clean", str(tmp_path / "docs.parquet"), "-o", str(tmp_path / "out.parquet"), *DEMO)
    assert out.returncode == 0, out.stderr
    got = pq.read_table(tmp_path / "out.parquet")
    assert got.column("text").to_pylist() == [CLEAN, None, "Plain."]
    assert got.column("score").to_pylist() == [0.5, 1.5, 2.5]
    assert got.schema.field("id").type == pa.int64()
    assert "row 2: field `text` is not a string" in out.stderr.decode()


def test_clean_batch_for_batched_maps():
    cleaner = Cleaner(rules=[PACKS / "demo.yml"], builtin=False)
    batch = {"text": [DIRTY, None, "x"], "id": [1, 2, 3]}
    mapped = {"text": cleaner.clean_batch(batch["text"])}  # what datasets.map(batched=True) receives back
    assert mapped["text"][1:] == [None, "x"] and mapped["text"][0].startswith("The council met in K")
    import pandas as pd

    frame = pd.DataFrame({"text": [DIRTY, float("nan")]})
    frame["text"] = cleaner.clean_batch(frame["text"])
    assert frame["text"][0].startswith("The council") and pd.isna(frame["text"][1])

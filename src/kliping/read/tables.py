"""Tabular pages: Parquet (streamed by row batch) and CSV as Indonesian news scrapers write it."""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import Iterator

from ..model import Document, Rejection
from .common import MAX_PAGE_BYTES, document_from_record
from .jsonl import open_binary


def read_parquet(path: Path, batch_rows: int = 512) -> Iterator[Document | Rejection]:
    import pyarrow.parquet as pq

    stem = path.name.split(".")[0]
    try:
        pf = pq.ParquetFile(path)
    except Exception as e:  # pyarrow raises several types for a broken file
        yield Rejection(stem, "unreadable", f"not a readable Parquet file: {e}", str(path))
        return
    row = 0
    for batch in pf.iter_batches(batch_size=batch_rows):
        for record in batch.to_pylist():
            row += 1
            yield document_from_record(record, f"{stem}:{row}", f"{path}:{row}")


def read_csv(path: Path) -> Iterator[Document | Rejection]:
    stem = path.name.split(".")[0]
    csv.field_size_limit(min(sys.maxsize, MAX_PAGE_BYTES * 4))
    with open_binary(path) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
        sample = text.read(64 * 1024)
        # Only the delimiter is sniffed, from the header: a header has no quotes, so a sniffed
        # dialect would say doublequote=False and misread every "" inside a quoted page.
        try:
            delimiter = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
        rest = io.StringIO(sample)
        reader = csv.DictReader(_chain(rest, text), dialect=csv.excel, delimiter=delimiter)
        row = 0
        while True:
            row += 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                yield Rejection(f"{stem}:{row}", "bad_csv", str(e), f"{path}:{row}")
                continue
            yield document_from_record(record, f"{stem}:{row}", f"{path}:{row}")


def _chain(first: io.StringIO, rest: io.TextIOBase) -> Iterator[str]:
    """Lines of the sniffed sample followed by the rest of the stream."""
    buffered = first.getvalue()
    tail = rest.readline()
    # the sample may have cut a line in two: join it with the stream's next line
    # split as the stream itself does (\n, \r, \r\n only): str.splitlines() also breaks at
    # U+2028, \x1c, \x0c ..., which cuts an unquoted field in two
    yield from io.StringIO(buffered + tail, newline="")
    yield from rest

"""Tabular pages: Parquet (streamed by row batch) and CSV as Indonesian news scrapers write it."""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import Iterator

from ..model import Document, Rejection
from .common import MAX_PAGE_BYTES, TEXT_KEYS, document_from_record, open_binary, pick


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
    # a field longer than a page may be is refused as soon as it passes that length: the csv
    # module then holds at most one page-sized field (4 bytes a character), not the whole line
    csv.field_size_limit(min(sys.maxsize, FIELD_LIMIT))
    with open_binary(path) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
        sample = text.read(64 * 1024)
        # Only the delimiter is sniffed, from the header: a header has no quotes, so a sniffed
        # dialect would say doublequote=False and misread every "" inside a quoted page.
        try:
            delimiter = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
        lines = _Lines(io.StringIO(sample), text)
        reader = csv.DictReader(lines, dialect=csv.excel, delimiter=delimiter)
        row, last = 0, None
        while True:
            row += 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except (OSError, EOFError, ValueError) as e:
                if isinstance(e, csv.Error):
                    raise
                # the file fails under the reader (cut short, a decompression bomb): the row held
                # back for the unclosed-quote check is whole, so it is handed over first
                if last is not None:
                    yield document_from_record(last[1], f"{stem}:{last[0]}", f"{path}:{last[0]}")
                raise
            except csv.Error as e:
                if "field larger than field limit" in str(e):
                    lines.drain()     # the rest of the oversized field's line is not read as rows
                    yield Rejection(f"{stem}:{row}", "too_large", f"a field of more than {MAX_PAGE_BYTES:,} "
                                    "characters: longer than a page may be", f"{path}:{row}")
                else:
                    yield Rejection(f"{stem}:{row}", "bad_csv", str(e), f"{path}:{row}")
                continue
            if last is not None:
                yield document_from_record(last[1], f"{stem}:{last[0]}", f"{path}:{last[0]}")
            last = (row, record)
        names = [n for n in reader.fieldnames or [] if n is not None]
        if last is None:
            hint = "" if pick(dict.fromkeys(names, "x"), TEXT_KEYS) else \
                f" and that row names no text column ({', '.join(TEXT_KEYS[:4])}, ...): is the header row missing?"
            yield Rejection(stem, "no_rows", f"the CSV has only its first row{hint}", str(path))
            return
        lost = _unclosed_quote_rows(last[1], names, delimiter)
        if lost is None:
            yield document_from_record(last[1], f"{stem}:{last[0]}", f"{path}:{last[0]}")
            return
        n = last[0]
        yield Rejection(f"{stem}:{n}", "bad_csv", f"an unclosed quote: this row's field runs to the end of the file, "
                        f"over the {len(lost)} rows after it, which are read on their own", f"{path}:{n}")
        for k, cells in enumerate(lost, n + 1):
            yield document_from_record(dict(zip(names, cells)), f"{stem}:{k}", f"{path}:{k}")


def _unclosed_quote_rows(record: dict, names: list[str], delimiter: str) -> list[list[str]] | None:
    """The rows swallowed by a quote left open in the file's last row, or None when it has none. A
    field left open runs to the end of the file: it ends with the file's last line break, the fields
    after it are missing, and the lines it swallowed read as whole rows of the header's width."""
    values = [record.get(n) for n in names]
    filled = [v for v in values if v is not None]
    if not filled or not isinstance(filled[-1], str) or "\n" not in filled[-1] or not filled[-1].endswith("\n"):
        return None
    tail = filled[-1].split("\n", 1)[1]
    try:
        rows = [r for r in csv.reader(io.StringIO(tail, newline=""), dialect=csv.excel, delimiter=delimiter) if r]
    except csv.Error:
        return None
    if not rows or any(len(r) != len(names) for r in rows):
        return None
    record[names[len(filled) - 1]] = filled[-1].split("\n", 1)[0]
    return rows


# the longest piece of a line handed to the csv module at once (characters)
LINE_PIECE = MAX_PAGE_BYTES
FIELD_LIMIT = MAX_PAGE_BYTES + 1


class _Lines:
    """Lines of the sniffed sample followed by the rest of the stream, a line longer than
    LINE_PIECE handed over in pieces (the csv module joins the pieces of a quoted field as one;
    a field that long is refused anyway), so that no line is held whole in memory.

    Lines are split as the stream itself splits them (\n, \r, \r\n only): str.splitlines() also
    breaks at U+2028, \x1c, \x0c ..., which cuts an unquoted field in two."""

    def __init__(self, sample: io.StringIO, rest: io.TextIOBase) -> None:
        self._sample, self._rest = sample.getvalue(), rest
        self._it = self._pieces()
        self._open = False        # the last piece handed over did not end its line

    def _pieces(self) -> Iterator[str]:
        # the sample may have cut a line in two: join it with the stream's next line
        first = io.StringIO(self._sample + self._rest.readline(LINE_PIECE), newline="")
        while piece := first.readline(LINE_PIECE):
            yield piece
        while piece := self._rest.readline(LINE_PIECE):
            yield piece

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        piece = next(self._it)
        self._open = not piece.endswith(("\n", "\r"))
        return piece

    def drain(self) -> None:
        """Skip what is left of the current line."""
        while self._open:
            try:
                next(self)
            except StopIteration:
                return

"""JSON Lines pages (plain, .gz, .zst), streamed line by line with a size cap."""
from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import BinaryIO, Iterator

from ..model import Document, Rejection
from .common import MAX_PAGE_BYTES, decode, document_from_record


def open_binary(path: Path) -> BinaryIO:
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if name.endswith(".zst") or name.endswith(".zstd"):
        import zstandard

        raw = open(path, "rb")
        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(raw, closefd=True))  # type: ignore[arg-type]
    return open(path, "rb")


def _lines(f: BinaryIO) -> Iterator[tuple[bytes | None, int]]:
    """Yield (line, size); a line over the cap is skipped in chunks and yields (None, size)."""
    while True:
        chunk = f.readline(MAX_PAGE_BYTES + 1)
        if not chunk:
            return
        if len(chunk) > MAX_PAGE_BYTES and not chunk.endswith(b"\n"):
            size = len(chunk)
            while True:  # drain the rest of the oversized line without keeping it
                more = f.readline(1 << 20)
                size += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield None, size
        else:
            yield chunk, len(chunk)


def read_jsonl(path: Path | None, stream: BinaryIO | None = None) -> Iterator[Document | Rejection]:
    source_name = str(path) if path is not None else "-"
    stem = path.name.split(".")[0] if path is not None else "stdin"
    try:
        f = stream if stream is not None else open_binary(path)  # type: ignore[arg-type]
    except OSError as e:
        yield Rejection(stem, "unreadable", str(e), source_name)
        return
    try:
        lineno = 0
        for raw, size in _lines(f):
            lineno += 1
            where = f"{source_name}:{lineno}"
            default_id = f"{stem}:{lineno}"
            if raw is None:
                yield Rejection(default_id, "too_large", f"a JSON line of {size:,} bytes", where)
                continue
            if not raw.strip():
                continue
            text, rejection, lossy = decode(raw, default_id, where)
            if rejection is not None:
                yield rejection
                continue
            try:
                record = json.loads(text)  # type: ignore[arg-type]
            except json.JSONDecodeError as e:
                yield Rejection(default_id, "bad_json", f"malformed JSON: {e.msg} at column {e.colno}", where)
                continue
            if not isinstance(record, dict):
                yield Rejection(default_id, "bad_json", f"a JSON {type(record).__name__}, not an object", where)
                continue
            item = document_from_record(record, default_id, where)
            if lossy and isinstance(item, Document):
                item.source += "#lossy-decode"  # as the text reader does: the article is flagged
            yield item
    except (OSError, EOFError, ValueError) as e:  # truncated gzip / zstd stream
        yield Rejection(f"{stem}:{lineno + 1}", "truncated", f"compressed stream ends early: {e}", source_name)
    finally:
        if stream is None:
            f.close()

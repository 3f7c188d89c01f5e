"""JSON Lines pages (plain, .gz, .zst), streamed line by line with a size cap."""
from __future__ import annotations

import gzip
import io
import json
import re
from pathlib import Path
from typing import BinaryIO, Iterator

from ..model import Document, Rejection
from .common import MAX_PAGE_BYTES, decode, document_from_record
from .html import document_from_html_record


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _scrub_surrogates(record: dict) -> tuple[dict, bool]:
    """The record with lone UTF-16 surrogates in its string fields replaced by U+FFFD."""
    changed = False
    out = {}
    for k, v in record.items():
        if isinstance(v, str) and _SURROGATE.search(v):
            v, changed = _SURROGATE.sub("\ufffd", v), True
        out[k] = v
    return out, changed


def open_binary(path: Path) -> BinaryIO:
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if name.endswith(".zst") or name.endswith(".zstd"):
        import zstandard

        return io.BufferedReader(_ZstdFrames(open(path, "rb"), zstandard.ZstdDecompressor()), 1 << 16)
    return open(path, "rb")


class _ZstdFrames(io.RawIOBase):
    """Decompresses a (multi-frame) zstd file and raises EOFError if the last frame is cut off.

    zstandard's own stream_reader ends quietly on a truncated file, which would lose
    pages without a word; the decompressobj API tells a finished frame from a cut one.
    """

    def __init__(self, raw: BinaryIO, dctx) -> None:
        self._raw, self._dctx = raw, dctx
        self._obj = dctx.decompressobj()
        self._pending = b""
        self._started = False

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        while not self._pending:
            chunk = self._raw.read(1 << 16)
            if not chunk:
                if self._started and not self._obj.eof:
                    raise EOFError("zstd frame ends early")
                return 0
            self._started = True
            out = self._obj.decompress(chunk)
            while self._obj.eof and self._obj.unused_data:  # a new frame follows
                rest = self._obj.unused_data
                self._obj = self._dctx.decompressobj()
                out += self._obj.decompress(rest)
            self._pending = out
        n = min(len(buf), len(self._pending))
        buf[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


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
            if _SURROGATE_ESCAPE.search(text):  # type: ignore[arg-type]
                # "\ud800" alone is valid JSON but no character: nothing downstream can encode it
                record, scrubbed = _scrub_surrogates(record)
                lossy = lossy or scrubbed
            if isinstance(record.get("html"), str) and not isinstance(record.get("text"), str):
                item = document_from_html_record(record, default_id, where)
            else:
                item = document_from_record(record, default_id, where)
            if lossy and isinstance(item, Document):
                item.source += "#lossy-decode"  # as the text reader does: the article is flagged
            yield item
    except (OSError, EOFError, ValueError) as e:  # truncated gzip / zstd stream
        yield Rejection(f"{stem}:{lineno + 1}", "truncated", f"compressed stream ends early: {e}", source_name)
    finally:
        if stream is None:
            f.close()

"""JSON Lines pages (plain, .gz, .zst), streamed line by line with a size cap."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import BinaryIO, Iterator

from ..model import Document, Rejection
from .common import MAX_PAGE_BYTES, ExpansionError, decode, document_from_record, open_binary
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


# Reading is by blocks, blank stretches skipped at C speed: a compressed file of nothing but line
# breaks (255 KB of gzip holds 250 MB of them) costs what decompressing it costs, not a Python step
# per line.
BLOCK = 1 << 20
_NON_BLANK = re.compile(rb"[^ \t\r\n\x0b\x0c]")


def _lines(f: BinaryIO) -> Iterator[tuple[bytes | None, int, int]]:
    """(line, size, line number) for each non-blank line; a line over the cap is skipped without
    being held and yields (None, size, line number). Lines are cut out of the block by position
    (the block itself is copied only when it is refilled)."""
    # read1: what one decompression step gives, so that a stream cut short has yielded every whole
    # line before it raises
    read = getattr(f, "read1", f.read)
    buf, pos, lineno, eof = b"", 0, 1, False   # lineno: the number of the line starting at buf[pos]
    while True:
        if not eof and len(buf) - pos < BLOCK:
            chunk = read(BLOCK)
            buf, pos = buf[pos:] + chunk, 0
            eof = not chunk
        m = _NON_BLANK.search(buf, pos)
        if m is None:  # nothing but blank lines: count them, keep nothing
            lineno += buf.count(b"\n", pos)
            buf, pos = b"", 0
            if eof:
                return
            continue
        start = buf.rfind(b"\n", pos, m.start()) + 1 or pos
        lineno += buf.count(b"\n", pos, start)
        end = buf.find(b"\n", m.start())
        while end < 0 and not eof and len(buf) - start <= MAX_PAGE_BYTES:  # the line goes on in the next block
            chunk = read(BLOCK)
            if not chunk:
                eof = True
                break
            buf, start = buf[start:] + chunk, 0
            end = buf.find(b"\n")
        if end < 0 and len(buf) - start > MAX_PAGE_BYTES:
            size = len(buf) - start
            buf, pos = b"", 0
            while True:  # drain the rest of the oversized line without keeping it
                chunk = read(BLOCK)
                if not chunk:
                    eof = True
                    break
                nl = chunk.find(b"\n")
                if nl >= 0:
                    size += nl + 1
                    buf = chunk[nl + 1:]
                    break
                size += len(chunk)
            yield None, size, lineno
            lineno += 1
            continue
        if end < 0:  # the last line, with no line break after it
            yield buf[start:], len(buf) - start, lineno
            return
        size = end + 1 - start
        yield (None if size > MAX_PAGE_BYTES else buf[start:end + 1]), size, lineno
        pos = end + 1
        lineno += 1


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
        for raw, size, lineno in _lines(f):
            where = f"{source_name}:{lineno}"
            default_id = f"{stem}:{lineno}"
            if raw is None:
                yield Rejection(default_id, "too_large", f"a JSON line of {size:,} bytes", where)
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
    except ExpansionError as e:   # a decompression bomb
        yield Rejection(f"{stem}:{lineno + 1}", "too_large", f"{e}; the rest of the file is unread", source_name)
    except (OSError, EOFError, ValueError) as e:  # truncated gzip / zstd stream
        yield Rejection(f"{stem}:{lineno + 1}", "truncated", f"compressed stream ends early: {e}", source_name)
    finally:
        if stream is None:
            f.close()

"""WARC and WARC.gz archives (Common Crawl, Heritrix, wget --warc-file), read with warcio.

Every record becomes a Document (an HTML response) or a Rejection saying why not: request,
metadata and other record types, non-HTML or failed responses, records cut short, and
unreadable bytes. After an unreadable stretch the reader looks for the next record header
(or gzip member) and goes on, so one bad record does not lose the rest of the archive.
"""
from __future__ import annotations

import contextlib
import io
import mmap
import re
from pathlib import Path
from typing import BinaryIO, Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..model import Document, Rejection
from .html import MAX_HTML_BYTES, document_from_html

HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w:.-]+)", re.I)
# How far past a failure to look for the next record before giving up on the file.
MAX_RESYNCS = 10_000
_WARC_HEAD = re.compile(rb"WARC/1\.[01]\r?\n")
_GZIP_HEAD = b"\x1f\x8b\x08"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def is_warc_name(name: str) -> bool:
    return name.lower().endswith((".warc", ".warc.gz"))


def read_warc(path: Path) -> Iterator[Document | Rejection]:
    source = str(path)
    stem = path.name.split(".")[0]
    try:
        f = open(path, "rb")
    except OSError as e:
        yield Rejection(stem, "unreadable", str(e), source)
        return
    with f:
        gz = f.read(3) == _GZIP_HEAD
        f.seek(0)
        yield from (_records(f, stem, source) if gz else _plain_records(f, stem, source))


def _records(f: BinaryIO, stem: str, source: str) -> Iterator[Document | Rejection]:
    offset, n, resyncs = 0, 0, 0
    gz = f.read(3) == _GZIP_HEAD
    f.seek(0, 2)
    size = f.tell()
    while offset < size:
        f.seek(offset)
        it = ArchiveIterator(f)
        try:
            for record in it:
                n += 1
                yield _record(record, f"{stem}:{n}", f"{source}@{_pos(it, offset)}")
            end = _pos(it, offset)
            if end >= size or not _has_data(f, end, size):
                return
            # the iterator stopped before the end of the file: a record cut off in its header
            # or a compressed member that ends early
            n += 1
            nxt = _next_record_start(f, end + 1, gz)
            yield Rejection(f"{stem}:{n}", "warc_truncated" if nxt is None else "warc_malformed",
                            f"{size - end:,} bytes at byte {end} are not a whole WARC record", source)
        # warcio (and zlib under it) raise many kinds of errors on bad bytes; any of them
        # makes this stretch a rejection and the reader looks for the next record.
        except Exception as e:  # noqa: BLE001
            n += 1
            failed_at = _pos(it, offset)
            nxt = _next_record_start(f, failed_at + 1, gz)
            kind = "truncated" if nxt is None else "malformed"
            yield Rejection(f"{stem}:{n}", f"warc_{kind}", f"unreadable WARC data at byte {failed_at}: "
                            f"{type(e).__name__}: {_printable(str(e))}", source)
        resyncs += 1
        if nxt is None or resyncs > MAX_RESYNCS:
            return
        offset = nxt


# A record starts at the file's start or at a line start after a blank line: "WARC/1.0" or "1.1".
_RECORD_START = re.compile(rb"(?:\A|(?<=\n))WARC/1\.[01]\r?\n")
_CONTENT_LENGTH = re.compile(rb"\ncontent-length:[ \t]*(-?\d+)[ \t]*\r?\n", re.I)
MAX_WARC_HEADER = 1 << 16


def _plain_records(f: BinaryIO, stem: str, source: str) -> Iterator[Document | Rejection]:
    """An uncompressed WARC record by record, each checked against its neighbours: a record whose
    Content-Length does not end where a record boundary is (too long, too short, negative) is a
    rejection, and reading goes on at the next record header after its start, so one wrong length
    never hides the records after it."""
    try:
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (ValueError, OSError):  # an empty file
        return
    with mm:
        size, n = len(mm), 0
        pos = _skip_blank(mm, 0)
        if pos < size and not _RECORD_START.match(mm, pos):
            n += 1
            nxt = _next_start(mm, pos)
            yield Rejection(f"{stem}:{n}", "warc_malformed" if nxt is not None else "warc_truncated",
                            f"{(nxt if nxt is not None else size) - pos:,} bytes at byte {pos} are no WARC record",
                            source)
            pos = nxt if nxt is not None else size
        while pos < size:
            n += 1
            end, problem = _declared_end(mm, pos)
            nxt = _next_start(mm, pos + 1)
            if problem is None and end > size:
                problem = f"its Content-Length runs {end - size:,} bytes past the end of the file"
            if problem is not None:
                rid = _record_id(mm, pos) or f"{stem}:{n}"
                kind = "warc_truncated" if nxt is None and end > size else "warc_malformed"
                yield Rejection(rid, kind, f"the record at byte {pos} is unreadable: {problem}", source)
                if nxt is None:
                    return
                pos = nxt
                continue
            f.seek(pos)
            try:
                with contextlib.redirect_stderr(io.StringIO()):  # warcio's own warnings: this check says more
                    record = next(iter(ArchiveIterator(f)))
                    item = _record(record, f"{stem}:{n}", f"{source}@{pos}")
            except Exception as e:  # noqa: BLE001 - warcio and zlib raise many kinds on bad bytes
                item = Rejection(_record_id(mm, pos) or f"{stem}:{n}", "warc_malformed",
                                 f"unreadable WARC data at byte {pos}: {type(e).__name__}: {_printable(str(e))}",
                                 source)
            yield item
            pos = _skip_blank(mm, end)


_BLANK = re.compile(rb"[\r\n \t\x00]*")


def _skip_blank(mm: mmap.mmap, pos: int) -> int:
    return _BLANK.match(mm, pos).end()  # type: ignore[union-attr]


def _next_start(mm: mmap.mmap, pos: int) -> int | None:
    m = _RECORD_START.search(mm, pos)
    return None if m is None else m.start()


def _declared_end(mm: mmap.mmap, pos: int) -> tuple[int, str | None]:
    """Where the record at pos ends by its own header (its block plus the blank line after it), and
    what is wrong with it, if anything."""
    head_end = mm.find(b"\r\n\r\n", pos, pos + MAX_WARC_HEADER)
    sep = 4
    if head_end < 0:
        head_end, sep = mm.find(b"\n\n", pos, pos + MAX_WARC_HEADER), 2
    if head_end < 0:
        return len(mm) + 1, "no end of its header"
    m = _CONTENT_LENGTH.search(mm, pos, head_end + 2)
    if m is None:
        return head_end + sep, "no Content-Length"
    length = int(m.group(1))
    if length < 0:
        return head_end + sep, f"a negative Content-Length ({length})"
    end = head_end + sep + length
    if end > len(mm):
        return end, None
    # a record's block is followed by a blank line (CRLF CRLF); lenient readers also take the end of
    # the file or the next record's header after some blank space
    after = _skip_blank(mm, end)
    if mm[end:end + 4] == b"\r\n\r\n" or after == len(mm) or (after > end and _RECORD_START.match(mm, after)):
        return end, None
    return end, f"its Content-Length ({length:,}) does not end where a record does"


_RECORD_ID = re.compile(rb"\nWARC-Record-ID:[ \t]*<?([^>\r\n]{1,200})>?", re.I)


def _record_id(mm: mmap.mmap, pos: int) -> str | None:
    head_end = mm.find(b"\r\n\r\n", pos, pos + MAX_WARC_HEADER)
    m = _RECORD_ID.search(mm, pos, head_end if head_end > 0 else min(len(mm), pos + MAX_WARC_HEADER))
    return _printable(m.group(1).decode("ascii", "replace")) if m else None


def _printable(message: str) -> str:
    """An error message that may quote raw archive bytes, as plain ASCII without control characters."""
    return _CONTROL.sub(" ", message[:200].encode("ascii", "backslashreplace").decode("ascii"))


def _pos(it: ArchiveIterator, start: int) -> int:
    """Absolute file offset the iterator has reached (warcio keeps 0 until its first record ends,
    then the file position)."""
    return it.offset if it.offset else start


def _has_data(f: BinaryIO, start: int, size: int) -> bool:
    f.seek(start)
    return bool(f.read(min(size - start, 1 << 16)).strip(b"\r\n \t\x00"))


def _next_record_start(f: BinaryIO, pos: int, gz: bool) -> int | None:
    """Offset of the next WARC header (or gzip member) at or after pos, else None."""
    try:
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (ValueError, OSError):  # empty file
        return None
    with mm:
        if gz:
            i = mm.find(_GZIP_HEAD, pos)
            return None if i < 0 else i
        m = _WARC_HEAD.search(mm, pos)
        return None if m is None else m.start()


def _header(record, name: str) -> str | None:
    return record.rec_headers.get_header(name)


def _record(record, default_id: str, where: str) -> Document | Rejection:
    rtype = record.rec_type or "unknown"
    url = _header(record, "WARC-Target-URI")
    rid = (_header(record, "WARC-Record-ID") or default_id).strip("<>")
    if rtype not in ("response", "resource"):
        missing = _drain(record)
        if missing:
            return Rejection(rid, "warc_truncated", f"a WARC {rtype} record ending {missing:,} bytes early", where, url)
        return Rejection(rid, "warc_not_response", f"a WARC {rtype} record", where, url)
    ctype = ""
    status = None
    if record.http_headers is not None:
        ctype = record.http_headers.get_header("Content-Type") or ""
        code = record.http_headers.get_statuscode()
        status = int(code) if code and code.isdigit() else None
    elif rtype == "resource":
        ctype = _header(record, "Content-Type") or ""
    if status is not None and not 200 <= status < 300:
        _drain(record)
        return Rejection(rid, "warc_http_status", f"HTTP status {status}", where, url)
    if ctype and not ctype.split(";")[0].strip().lower() in HTML_TYPES:
        _drain(record)
        return Rejection(rid, "not_html", f"content type {ctype.split(';')[0].strip()}", where, url)
    try:
        data = record.content_stream().read(MAX_HTML_BYTES + 1)
    except Exception as e:  # noqa: BLE001 - a cut-off or badly encoded payload (zlib, chunking)
        _drain(record)
        return Rejection(rid, "warc_truncated", f"payload unreadable: {type(e).__name__}: {e}", where, url)
    missing = _drain(record)
    if missing:  # the archive ends inside this record
        return Rejection(rid, "warc_truncated", f"the record ends {missing:,} bytes early", where, url)
    truncated = _header(record, "WARC-Truncated")
    if not ctype and not data.lstrip()[:200].lower().startswith((b"<!doctype html", b"<html", b"<head", b"<!--")):
        return Rejection(rid, "not_html", "no content type and the payload is not HTML", where, url)
    m = _CHARSET.search(ctype)
    doc = document_from_html(data, rid, where, url=url, charset=m.group(1) if m else None,
                             fetched=_header(record, "WARC-Date"))
    if isinstance(doc, Document) and truncated:
        doc.source += f"#warc-truncated-{truncated}"
    return doc


def _drain(record) -> int:
    """Read the rest of a record so the iterator can find the next one; the bytes its
    header promised that the archive does not hold (0 for a whole record)."""
    stream = record.raw_stream
    try:
        while stream.read(1 << 16):
            pass
    except Exception:  # noqa: BLE001 - a cut-off compressed member
        return max(1, getattr(stream, "limit", 1))
    return max(0, getattr(stream, "limit", 0) or 0)

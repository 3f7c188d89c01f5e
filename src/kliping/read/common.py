"""Shared limits and decoding for all readers: bad bytes become data, not crashes."""
from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import BinaryIO

from ..model import Document, Rejection

# A page over this size is not a news page (a dump, a binary, a log): it is
# rejected without being held in memory. 5 MB is ~100x the largest real page.
MAX_PAGE_BYTES = 5_000_000

# Column / key names scrapers use for each field, in order of preference.
TEXT_KEYS = ("text", "content", "isi", "konten", "body", "article", "artikel", "berita")
URL_KEYS = ("url", "link", "source_url", "href")
ID_KEYS = ("id", "doc_id", "uid")
TITLE_KEYS = ("title", "judul", "headline")
DATE_KEYS = ("date", "publish_date", "published", "published_at", "date_published",
             "tanggal", "waktu", "datetime", "pubdate")


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 4 KB mean a binary file."""
    head = data[:4096]
    if b"\x00" in head:
        return True
    if not head:
        return False
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return ctrl / len(head) > 0.05


def decode(data: bytes, doc_id: str, source: str) -> tuple[str | None, Rejection | None, bool]:
    """Bytes to text: UTF-8 (with BOM), else cp1252 when plausible.

    Returns (text, rejection, lossy). Undecodable bytes in an otherwise readable
    page are replaced and flagged; a page that is mostly undecodable is rejected.
    """
    if looks_binary(data):
        return None, Rejection(doc_id, "binary", "the input holds binary data, not page text", source), False
    try:
        return data.decode("utf-8-sig"), None, False
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad / max(1, len(text)) > 0.02:
        try:  # legacy Windows encoding, still common on old Indonesian sites
            return data.decode("cp1252"), None, True
        except UnicodeDecodeError:
            return None, Rejection(doc_id, "undecodable", f"{bad} undecodable bytes", source), False
    return text, None, True


def pick(record: dict, keys: tuple[str, ...]) -> object | None:
    """The first present, non-empty value under any of keys (case-insensitive)."""
    lowered = {str(k).lower(): v for k, v in record.items()}
    for k in keys:
        v = lowered.get(k)
        if v is not None and v != "":
            return v
    return None


def document_from_record(record: dict, default_id: str, source: str) -> Document | Rejection:
    """A JSON / CSV / Parquet row to a Document, or a rejection saying what is missing."""
    rid = pick(record, ID_KEYS)
    doc_id = str(rid) if rid is not None else default_id
    url = pick(record, URL_KEYS)
    url = str(url) if url is not None else None
    text = pick(record, TEXT_KEYS)
    if text is None:
        return Rejection(doc_id, "no_text", "the record has no text or content field", source, url)
    if not isinstance(text, str):
        return Rejection(doc_id, "no_text", f"the text field is a {type(text).__name__}, not a string", source, url)
    if len(text) > MAX_PAGE_BYTES:
        return Rejection(doc_id, "too_large", f"page text of {len(text):,} characters", source, url)
    date = pick(record, DATE_KEYS)
    title = pick(record, TITLE_KEYS)
    return Document(id=doc_id, text=text, url=url,
                    date=str(date) if date is not None else None,
                    title_hint=str(title) if isinstance(title, str) else None,
                    source=source)


GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def open_binary(path: Path) -> BinaryIO:
    """The file's bytes, decompressed when its first bytes say gzip or zstd, whatever its name says
    (a plain file named `.jsonl.gz` is read as it is; a gzip named `.jsonl` is decompressed)."""
    raw = open(path, "rb")
    try:
        magic = raw.read(4)
        raw.seek(0)
    except OSError:
        raw.close()
        raise
    if magic.startswith(GZIP_MAGIC):
        return io.BufferedReader(_Expansion(gzip.GzipFile(fileobj=raw, mode="rb"), raw), 1 << 16)
    if magic == ZSTD_MAGIC:
        import zstandard

        return io.BufferedReader(_Expansion(_ZstdFrames(raw, zstandard.ZstdDecompressor()), raw), 1 << 16)
    return raw


# A compressed stream may expand this many times its compressed bytes once past EXPANSION_FREE
# bytes: news text compresses 3 to 10 times; a file of zeros or blank lines a thousand times.
MAX_EXPANSION = 200
EXPANSION_FREE = 256 << 20


class ExpansionError(ValueError):
    """A compressed file that expands far beyond what pages compress to (a decompression bomb)."""


class _Expansion(io.RawIOBase):
    """A decompressed stream that stops with ExpansionError past MAX_EXPANSION times the
    compressed bytes read (after the first EXPANSION_FREE bytes): reading such a file would take
    minutes to hours and give no page."""

    def __init__(self, stream, raw: BinaryIO) -> None:
        self._stream, self._raw, self._out = stream, raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        if isinstance(self._stream, gzip.GzipFile):
            # one decompression step at a time: what came before a cut-off end is handed over
            # before the EOFError (a read that fills the whole buffer would lose it)
            data = self._stream.read1(len(buf))
            n = len(data)
            buf[:n] = data
        else:
            n = self._stream.readinto(buf)
        if n:
            self._out += n
            if self._out > EXPANSION_FREE and self._out > MAX_EXPANSION * max(1, self._raw.tell()):
                raise ExpansionError(f"the file expands to over {self._out >> 20:,} MB from "
                                     f"{self._raw.tell() >> 10:,} kB compressed (more than {MAX_EXPANSION} times): "
                                     "not pages")
        return n

    def close(self) -> None:
        try:
            self._stream.close()
        finally:
            self._raw.close()
            super().close()


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

"""Readers: every input format streams Documents (or Rejections) one at a time."""
from __future__ import annotations

import gzip
import sys
import zlib
from pathlib import Path
from typing import Iterable, Iterator

from ..model import Document, Rejection
from .jsonl import read_jsonl
from .tables import read_csv, read_parquet
from .common import ExpansionError
from .html import is_html_name, read_html_file
from .text import read_stdin_text, read_text_file
from .warc import is_warc_name, read_warc

FORMATS = ("auto", "text", "jsonl")


def format_of(path: Path) -> str | None:
    name = path.name.lower()
    if is_warc_name(name):
        return "warc"
    if is_html_name(name):
        return "html"
    for suffix in (".gz", ".zst", ".zstd"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".txt") or "." not in name:
        return "text"
    return None


def read_path(path: Path) -> Iterator[Document | Rejection]:
    """Every document of one file, or a rejection for each part that could not be read: whatever
    goes wrong in a file (unreadable, not the compression its name or bytes say, cut short, a parser
    error) ends that file with a rejection saying how much was read, and the run goes on with the
    next input. A file that holds nothing is a rejection too, so that it is never silently lost."""
    stem = path.name.split(".")[0] or path.name
    n = 0
    try:
        for item in _read_path(path):
            n += 1
            yield item
    except Exception as e:  # noqa: BLE001 - any reader failure is this file's rejection, not the run's end
        yield Rejection(f"{stem}:{n + 1}", _failure_reason(e),
                        f"{_message(e)}; {n:,} documents read before it, the rest of the file is unread", str(path))
        return
    if n == 0:
        yield Rejection(stem, "empty", "the file holds no page or record", str(path))


def _failure_reason(e: Exception) -> str:
    if isinstance(e, (EOFError, zlib.error)) or "end of stream" in str(e).lower() or "ends early" in str(e).lower():
        return "truncated"
    if isinstance(e, gzip.BadGzipFile) or type(e).__name__ == "ZstdError":
        return "bad_compression"
    if isinstance(e, (MemoryError, ExpansionError)):
        return "too_large"
    return "unreadable"


def _message(e: Exception) -> str:
    text = " ".join(str(e).split())[:200]
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


def _read_path(path: Path) -> Iterator[Document | Rejection]:
    if path.is_dir():
        yield Rejection(path.name, "unsupported_format", "a folder where a file was expected", str(path))
        return
    fmt = format_of(path)
    if fmt == "jsonl":
        yield from read_jsonl(path)
    elif fmt == "parquet":
        yield from read_parquet(path)
    elif fmt == "csv":
        yield from read_csv(path)
    elif fmt == "text":
        yield from read_text_file(path)
    elif fmt == "html":
        yield from read_html_file(path)
    elif fmt == "warc":
        yield from read_warc(path)
    else:
        yield Rejection(path.name, "unsupported_format", f"no reader for {path.suffix or 'this file'}", str(path))


def read_inputs(inputs: Iterable[str], stdin_format: str = "auto") -> Iterator[Document | Rejection]:
    """Stream documents from files, folders (recursively, sorted) and '-' for standard input."""
    for spec in inputs:
        if spec == "-":
            yield from _read_stdin(stdin_format)
            continue
        path = Path(spec)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                yield from read_path(child)
        else:
            yield from read_path(path)


def _read_stdin(fmt: str) -> Iterator[Document | Rejection]:
    stream = sys.stdin.buffer
    if fmt == "auto":
        head = stream.peek(64)[:64] if hasattr(stream, "peek") else b""
        fmt = "jsonl" if head.lstrip().startswith(b"{") else "text"
    if fmt == "jsonl":
        yield from read_jsonl(None, stream=stream)
    else:
        yield from read_stdin_text()


def check_inputs(inputs: Iterable[str]) -> str | None:
    """A one-line message for the first input that does not exist, else None."""
    for spec in inputs:
        if spec != "-" and not Path(spec).exists():
            return f"input not found: {spec}"
    return None

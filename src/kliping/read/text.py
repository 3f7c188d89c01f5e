"""Plain text pages: one file is one page; standard input is one page."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

from ..model import Document, Rejection
from .common import MAX_PAGE_BYTES, decode


def read_text_file(path: Path) -> Iterator[Document | Rejection]:
    doc_id = path.stem
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            yield Rejection(doc_id, "too_large", f"{size:,} bytes is over the {MAX_PAGE_BYTES:,}-byte page limit", source)
            return
        data = path.read_bytes()
    except OSError as e:
        yield Rejection(doc_id, "unreadable", str(e), source)
        return
    yield from _document(data, doc_id, source)


def read_stdin_text() -> Iterator[Document | Rejection]:
    data = sys.stdin.buffer.read(MAX_PAGE_BYTES + 1)
    if len(data) > MAX_PAGE_BYTES:
        yield Rejection("stdin", "too_large", f"over the {MAX_PAGE_BYTES:,}-byte page limit", "-")
        return
    yield from _document(data, "stdin", "-")


def _document(data: bytes, doc_id: str, source: str) -> Iterator[Document | Rejection]:
    text, rejection, lossy = decode(data, doc_id, source)
    if rejection is not None:
        yield rejection
        return
    doc = Document(id=doc_id, text=text or "", source=source)
    if lossy:
        doc.source += "#lossy-decode"
    yield doc

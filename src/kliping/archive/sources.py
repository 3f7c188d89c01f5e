"""What the archive keeps of each page so that it can be extracted again: the read `Document`
(text, URL, and for HTML pages the DOM features of every line and the head metadata), its lines'
outlet-template keys, and the template features it was tagged with.

An article's roles depend on the outlet's other pages (`clean/templates.py`), and an archive grows
build by build. A page stored early saw fewer pages of its outlet than it would in a build of the
whole collection; `reconcile` (archive/templates.py) re-extracts it once what it would see has
changed, so that any split of the same pages into builds, or a crash and a resume, ends in the same
archive. The document is stored as zstd-compressed JSON: no pickle, so an archive from elsewhere
cannot run code when it is opened.
"""
from __future__ import annotations

import json
from array import array
from dataclasses import fields

import zstandard

from ..model import Document, HtmlLine

_HTML_FIELDS = tuple(f.name for f in fields(HtmlLine))
_SETS = {"cues", "near_cues"}
_FORMAT = 1
_LEVEL = 3


def _line_row(h: HtmlLine) -> list:
    return [sorted(v) if name in _SETS else list(v) if name == "path" else v
            for name, v in zip(_HTML_FIELDS, (getattr(h, f) for f in _HTML_FIELDS))]


def _line_from_row(row: list) -> HtmlLine:
    return HtmlLine(*(frozenset(v) if name in _SETS else tuple(v) if name == "path" else v
                      for name, v in zip(_HTML_FIELDS, row)))


def encode_document(doc: Document) -> bytes:
    """The document as compressed JSON (what `decode_document` reads back to an equal Document)."""
    record = {"v": _FORMAT, "id": doc.id, "text": doc.text, "url": doc.url, "date": doc.date,
              "title_hint": doc.title_hint, "source": doc.source, "outlet_hint": doc.outlet_hint,
              "fetched": doc.fetched, "head_meta": doc.head_meta,
              "html_fields": list(_HTML_FIELDS) if doc.html_lines is not None else None,
              "html_lines": [_line_row(h) for h in doc.html_lines] if doc.html_lines is not None else None}
    raw = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    return zstandard.ZstdCompressor(level=_LEVEL).compress(raw)


class SourceError(ValueError):
    """A stored page that cannot be read back (written by a newer kliping, or damaged)."""


def decode_document(blob: bytes) -> Document:
    try:
        record = json.loads(zstandard.ZstdDecompressor().decompress(blob).decode("utf-8", "surrogatepass"))
    except (zstandard.ZstdError, ValueError) as e:
        raise SourceError(f"stored page unreadable: {e}") from None
    if record.get("v") != _FORMAT:
        raise SourceError(f"stored page in format {record.get('v')!r}; this kliping reads format {_FORMAT}")
    html = None
    if record["html_lines"] is not None:
        if tuple(record["html_fields"]) != _HTML_FIELDS:
            raise SourceError("stored page's HTML line features differ from this kliping's; rebuild the archive")
        html = [_line_from_row(r) for r in record["html_lines"]]
    return Document(id=record["id"], text=record["text"], url=record["url"], date=record["date"],
                    title_hint=record["title_hint"], source=record["source"], outlet_hint=record["outlet_hint"],
                    html_lines=html, head_meta=record["head_meta"], fetched=record["fetched"])


def pack_keys(keys: list[int | None]) -> bytes:
    """Template keys as signed 64-bit integers (0 for a line with none)."""
    return array("q", (k or 0 for k in keys)).tobytes()


def unpack_keys(blob: bytes) -> list[int | None]:
    a = array("q")
    a.frombytes(blob)
    return [k or None for k in a]

"""Exports from the archive: JSON Lines records, a Parquet table, and a clean-text corpus."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import IO, Iterator

from ..model import Article
from .store import iter_articles

# One row per article in Parquet: the fields a reader of a table wants, lists kept as lists.
PARQUET_BATCH = 1000


def _articles(db: sqlite3.Connection, kind: str | None, dedup: bool) -> Iterator[Article]:
    for art in iter_articles(db, kind=kind):
        if dedup and art.duplicate_of:
            continue
        yield art


def export_jsonl(db: sqlite3.Connection, out: IO[str], kind: str | None = None, dedup: bool = False) -> int:
    """One JSON record per article (the `kliping extract` record, docs/schema.md); returns the count."""
    n = 0
    for art in _articles(db, kind, dedup):
        out.write(json.dumps(art.to_record(), ensure_ascii=False) + "\n")
        n += 1
    return n


def export_text(db: sqlite3.Connection, out: IO[str], kind: str | None = "article", dedup: bool = True) -> int:
    """A clean-text corpus: title and body paragraphs, one per line, a blank line between articles."""
    n = 0
    for art in _articles(db, kind, dedup):
        if not art.body:
            continue
        out.write("\n".join(([art.title] if art.title else []) + art.body) + "\n\n")
        n += 1
    return n


def _parquet_schema():
    import pyarrow as pa

    strings = pa.list_(pa.string())
    return pa.schema([
        ("id", pa.string()), ("url", pa.string()), ("outlet", pa.string()), ("kind", pa.string()),
        ("lang", pa.string()), ("title", pa.string()), ("deck", pa.string()), ("published", pa.string()),
        ("updated", pa.string()), ("category", pa.string()), ("dateline", pa.string()),
        ("authors", strings), ("editors", strings), ("agencies", strings), ("credits", strings),
        ("related_links", strings), ("captions", strings), ("text", pa.string()), ("entities", strings),
        ("content_hash", pa.string()), ("duplicate_of", pa.string()), ("duplicate_group", pa.string()),
        ("story", pa.string()), ("published_estimate", pa.string()), ("estimate_evidence", pa.string()),
    ])


def _row(art: Article) -> dict:
    return {"id": art.id, "url": art.url, "outlet": art.outlet, "kind": art.kind, "lang": art.lang,
            "title": art.title, "deck": art.deck, "published": art.published, "updated": art.updated,
            "category": art.category, "dateline": art.dateline, "authors": art.authors, "editors": art.editors,
            "agencies": art.agencies, "credits": art.credits, "related_links": art.related_links,
            "captions": art.captions, "text": art.text, "entities": [e.key for e in art.entities],
            "content_hash": art.content_hash, "duplicate_of": art.duplicate_of,
            "duplicate_group": art.duplicate_group, "story": art.story,
            "published_estimate": art.published_estimate, "estimate_evidence": art.estimate_evidence}


def export_parquet(db: sqlite3.Connection, path: str | Path, kind: str | None = None, dedup: bool = False) -> int:
    """A Parquet file, one row per article, written in row groups of PARQUET_BATCH."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    n = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        rows: list[dict] = []
        for art in _articles(db, kind, dedup):
            rows.append(_row(art))
            if len(rows) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                n += len(rows)
                rows = []
        if rows or n == 0:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            n += len(rows)
    return n

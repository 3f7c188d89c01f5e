"""Exports from the archive, of every article or of every hit of a search (the reader's query
and filters): CSV a spreadsheet opens, JSON Lines records, a Parquet table, a clean-text corpus.

The articles are chosen by `search.every_match` (no ranking cap: every hit, newest first) or,
without a query or filter, taken in the order they were archived. Streamed: a batch of
EXPORT_BATCH articles at a time, so memory stays flat however many are written.

- CSV (`export_csv`): UTF-8 with a byte-order mark (so spreadsheet programs read it as UTF-8),
  one article per row, the columns of CSV_COLUMNS; lists joined by "; ".
- JSON Lines (`export_jsonl`): the whole article, the `kliping extract` record (docs/schema.md):
  fields, entities, mentions, time expressions, quotes, related articles, duplicate group, story.
- Parquet (`export_parquet`): the same record as a typed table (kliping.records, the layout of
  `kliping spark`'s article table; `kliping build --from-parquet` reads it back).
- text (`export_text`): title and paragraphs, a blank line between articles, duplicates left out.
"""
from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import IO, Iterable, Iterator

from ..model import Article
from .search import Filters, every_match
from .store import article_by_rowid

EXPORT_BATCH = 500
PARQUET_BATCH = 1000
CSV_COLUMNS = ("id", "url", "outlet", "published", "published_estimate", "title", "authors", "editors", "category",
               "lang", "kind", "entities", "story", "duplicate_of", "words", "text")


class Selection:
    """Which articles an export writes: a search's hits (query and filters, as in the reader), or
    every article; of one kind; without the non-canonical members of duplicate groups (`dedup`)."""

    def __init__(self, query: str = "", filters: Filters | None = None, kind: str | None = None,
                 dedup: bool = False, aliases: bool = True) -> None:
        self.query = query
        self.filters = filters or Filters()
        if kind:
            self.filters.kind = kind
        self.dedup = dedup
        self.aliases = aliases

    def rowids(self, db: sqlite3.Connection) -> Iterator[int]:
        f = self.filters
        if not self.query and not any(vars(f).values()):
            cur = db.execute("SELECT rowid FROM articles ORDER BY rowid")
        else:
            yield from self._kept(db, every_match(db, self.query, f, aliases=self.aliases))
            return
        yield from self._kept(db, (r for rows in iter(lambda: cur.fetchmany(1000), []) for (r,) in rows))

    def _kept(self, db: sqlite3.Connection, rowids: Iterable[int]) -> Iterator[int]:
        if not self.dedup:
            yield from rowids
            return
        for batch in _batches(rowids, EXPORT_BATCH):
            copies = {r for (r,) in db.execute(
                "SELECT rowid FROM articles WHERE duplicate_of IS NOT NULL AND rowid IN "
                "(SELECT value FROM json_each(?))", (json.dumps(batch),))}
            yield from (r for r in batch if r not in copies)


def _batches(items: Iterable[int], size: int) -> Iterator[list[int]]:
    batch: list[int] = []
    for x in items:
        batch.append(x)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def articles(db: sqlite3.Connection, selection: Selection) -> Iterator[Article]:
    for rowid in selection.rowids(db):
        art = article_by_rowid(db, rowid)
        if art is not None:
            yield art


def export_jsonl(db: sqlite3.Connection, out: IO[str], selection: Selection | None = None) -> int:
    """One JSON record per article (the `kliping extract` record, docs/schema.md); returns the count."""
    n = 0
    for art in articles(db, selection or Selection()):
        out.write(json.dumps(art.to_record(), ensure_ascii=False) + "\n")
        n += 1
    return n


def export_text(db: sqlite3.Connection, out: IO[str], selection: Selection | None = None) -> int:
    """A clean-text corpus: title and body paragraphs, one per line, a blank line between articles."""
    n = 0
    for art in articles(db, selection or Selection(kind="article", dedup=True)):
        if not art.body:
            continue
        out.write("\n".join(([art.title] if art.title else []) + art.body) + "\n\n")
        n += 1
    return n


def csv_rows(db: sqlite3.Connection, selection: Selection) -> Iterator[list[str]]:
    """The header, then one row of CSV_COLUMNS per article (read a batch at a time, straight from
    the tables: no article objects). `entities`: canonical names, places, then organisations, then
    people (their keys' order), each name read once per export."""
    yield list(CSV_COLUMNS)
    names: dict[str, str] = {}
    for batch in _batches(selection.rowids(db), EXPORT_BATCH):
        ids = json.dumps(batch)
        # an article's keys in one string (the table's own order: no sort), names from the cache
        keys = {rid: k.split("\x1f") for rid, k in db.execute(
            "SELECT ae.article, group_concat(ae.entity, char(31)) FROM json_each(?) j "
            "CROSS JOIN article_entities ae ON ae.article = j.value GROUP BY ae.article", (ids,))}
        unknown = sorted({k for ks in keys.values() for k in ks if k not in names})
        if unknown:
            names.update(db.execute("SELECT key, name FROM entities WHERE key IN (SELECT value FROM json_each(?))",
                                    (json.dumps(unknown),)))
        rows = {r[0]: r for r in db.execute(
            "SELECT a.rowid, a.id, a.url, a.outlet, a.published, a.published_estimate, a.title, a.authors, a.editors, "
            "a.category, a.lang, a.kind, a.story, a.duplicate_of, a.body FROM json_each(?) j "
            "CROSS JOIN articles a ON a.rowid = j.value", (ids,))}
        for rid in batch:
            r = rows.get(rid)
            if r is None:
                continue
            body = r[14] or ""
            yield [r[1], r[2] or "", r[3] or "", r[4] or "", r[5] or "", r[6] or "",
                   "; ".join(json.loads(r[7])), "; ".join(json.loads(r[8])), r[9] or "", r[10] or "", r[11],
                   "; ".join(names.get(k, k) for k in keys.get(rid, ())), r[12] or "", r[13] or "",
                   str(len(body.split())), body.replace("\n\n", "\n")]


class _Line:
    """A file-like sink that keeps what csv.writer writes, for streaming it out row by row."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, s: str) -> int:
        self.parts.append(s)
        return len(s)

    def take(self) -> str:
        out = "".join(self.parts)
        self.parts.clear()
        return out


def csv_chunks(db: sqlite3.Connection, selection: Selection, rows_per_chunk: int = 200) -> Iterator[str]:
    """The CSV file as text chunks (the byte-order mark first): what the reader streams."""
    sink = _Line()
    writer = csv.writer(sink, lineterminator="\r\n")
    yield "\ufeff"
    n = 0
    for row in csv_rows(db, selection):
        writer.writerow(row)
        n += 1
        if n % rows_per_chunk == 0:
            yield sink.take()
    rest = sink.take()
    if rest:
        yield rest


def export_csv(db: sqlite3.Connection, out: IO[str], selection: Selection | None = None) -> int:
    """CSV of the selected articles (CSV_COLUMNS); returns the count."""
    n = -1
    sink = _Line()
    writer = csv.writer(sink, lineterminator="\r\n")
    out.write("\ufeff")
    for row in csv_rows(db, selection or Selection()):
        writer.writerow(row)
        out.write(sink.take())
        n += 1
    return n


def export_parquet(db: sqlite3.Connection, path: str | Path, selection: Selection | None = None) -> int:
    """A Parquet file, one row per article (the whole record: kliping.records), in row groups of
    PARQUET_BATCH."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..records import article_arrow_row, article_arrow_schema

    schema = article_arrow_schema()
    n = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        rows: list[dict] = []
        for art in articles(db, selection or Selection()):
            rows.append(article_arrow_row(art.to_record()))
            if len(rows) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                n += len(rows)
                rows = []
        if rows or n == 0:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            n += len(rows)
    return n

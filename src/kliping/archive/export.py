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

import json
import re
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
    the tables in one query: no article objects). `entities`: canonical names, places, then
    organisations, then people (their keys' order), each name read once per export."""
    yield list(CSV_COLUMNS)
    names: dict[str, str] = {}
    cur = db.cursor()
    cur.row_factory = None      # plain tuples: sqlite3.Row costs more than the rest of a row
    for batch in _batches(selection.rowids(db), EXPORT_BATCH):
        # an article's entity keys in one string, walked in its primary key's order (a correlated
        # subquery: a GROUP BY over the join sorted every key again)
        rows = cur.execute(
            "SELECT a.rowid, a.id, a.url, a.outlet, a.published, a.published_estimate, a.title, a.authors, a.editors, "
            "a.category, a.lang, a.kind, a.story, a.duplicate_of, a.body, "
            "(SELECT group_concat(ae.entity, char(31)) FROM article_entities ae WHERE ae.article = a.rowid) "
            "FROM json_each(?) j CROSS JOIN articles a ON a.rowid = j.value",
            (json.dumps(sorted(batch)),)).fetchall()
        # read in rowid order (neighbouring rows share pages: fewer reads when the archive is larger
        # than the page cache), written in the batch's order (removed rows left out)
        by_rowid = {r[0]: r for r in rows}
        rows = [by_rowid[b] for b in batch if b in by_rowid]
        keys = [k.split("\x1f") if k else [] for k in (r[15] for r in rows)]
        unknown: set[str] = set()
        for ks in keys:
            unknown.update(ks)
        unknown -= names.keys()
        if unknown:
            names.update(cur.execute("SELECT key, name FROM entities WHERE key IN (SELECT value FROM json_each(?))",
                                     (json.dumps(sorted(unknown)),)))
        for r, ks in zip(rows, keys):
            body = r[14] or ""
            yield [r[1], r[2] or "", r[3] or "", r[4] or "", r[5] or "", r[6] or "",
                   _joined(r[7]), _joined(r[8]), r[9] or "", r[10] or "", r[11],
                   "; ".join(map(names.get, ks, ks)), r[12] or "", r[13] or "",
                   str(len(body.split())), body.replace("\n\n", "\n")]


def _joined(names_json: str | None) -> str:
    """A stored JSON list of names as "A; B" (no parse for the empty list most editors are)."""
    if not names_json or names_json == "[]":
        return ""
    return "; ".join(json.loads(names_json))


# csv.writer decides quoting character by character (about 20 us for a row holding
# 2 kB of text); the same quoting decided with one regex search and str.replace takes 3 us, and
# the body is most of an export. Same output as csv.writer(lineterminator="\r\n") with
# QUOTE_MINIMAL (tests/test_archive_export.py checks it on arbitrary rows).
_NEEDS_QUOTES = re.compile(r'[",\r\n]')


def _csv_field(value: str) -> str:
    if _NEEDS_QUOTES.search(value) is None:
        return value
    return '"' + value.replace('"', '""') + '"'


def csv_line(row: list[str]) -> str:
    """One CSV record (RFC 4180: fields with a comma, a quote or a line break quoted, quotes doubled),
    ended by CRLF."""
    if len(row) == 1 and row[0] == "":
        return '""\r\n'          # a lone empty field is quoted, or the record would read as no field
    return ",".join(map(_csv_field, row)) + "\r\n"


def csv_chunks(db: sqlite3.Connection, selection: Selection, rows_per_chunk: int = 200) -> Iterator[str]:
    """The CSV file as text chunks (the byte-order mark first): what the reader streams."""
    yield "\ufeff"
    lines: list[str] = []
    for row in csv_rows(db, selection):
        lines.append(csv_line(row))
        if len(lines) >= rows_per_chunk:
            yield "".join(lines)
            lines.clear()
    if lines:
        yield "".join(lines)


def export_csv(db: sqlite3.Connection, out: IO[str], selection: Selection | None = None) -> int:
    """CSV of the selected articles (CSV_COLUMNS); returns the count."""
    n = -1
    out.write("\ufeff")
    for row in csv_rows(db, selection or Selection()):
        out.write(csv_line(row))
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

"""What a crawl remembers in the archive, beside the articles: every canonical URL it met and
what became of it, the validators (ETag, Last-Modified) of each feed and sitemap, and its WARC
files. Tables of their own (created when missing; the archive's other tables do not change), so
an archive that was never crawled into stays as it is.

URL states: `queued` (discovered, not yet stored), `stored` (an article), `rejected` (fetched,
but no article: not HTML, a listing page, ...), `failed` (the fetch failed; a 4xx is final, a
5xx or a timeout is tried again by the next run, up to MAX_TRIES runs).
"""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from typing import Iterable

MAX_TRIES = 3

SCHEMA = """
CREATE TABLE IF NOT EXISTS crawl_urls (
    url TEXT PRIMARY KEY, outlet TEXT NOT NULL, state TEXT NOT NULL, tries INTEGER NOT NULL DEFAULT 0,
    discovered TEXT NOT NULL, updated TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS crawl_sources (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, checked TEXT NOT NULL, children TEXT NOT NULL DEFAULT '[]');
CREATE TABLE IF NOT EXISTS crawl_warcs (path TEXT PRIMARY KEY, settled INTEGER NOT NULL DEFAULT 0);
"""


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def ensure(db: sqlite3.Connection) -> None:
    db.executescript(SCHEMA)


class Known:
    """The crawl's memory read at the start of a run: URLs not to fetch again, URLs to fetch
    (queued by an earlier run, or failed and worth another try), feed and sitemap validators."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.done: set[str] = set()
        self.pending: list[tuple[str, str]] = []      # (url, outlet)
        for url, outlet, st, tries, detail in db.execute(
                "SELECT url, outlet, state, tries, detail FROM crawl_urls"):
            if st == "queued" or (st == "failed" and tries < MAX_TRIES
                                         and not detail.startswith(("HTTP 4", "robots"))):
                self.pending.append((url, outlet))
            else:
                self.done.add(url)
        # a sitemap index answered "not modified" still has children that may have changed
        self.validators: dict[str, tuple[str | None, str | None, list[str]]] = {
            url: (etag, lm, json.loads(children)) for url, etag, lm, children in db.execute(
                "SELECT url, etag, last_modified, children FROM crawl_sources")}


def queue(db: sqlite3.Connection, outlet: str, urls: Iterable[str]) -> None:
    t = now()
    db.executemany("INSERT OR IGNORE INTO crawl_urls (url, outlet, state, discovered, updated) "
                   "VALUES (?, ?, 'queued', ?, ?)", [(u, outlet, t, t) for u in urls])


def set_validators(db: sqlite3.Connection, url: str, etag: str | None, last_modified: str | None,
                   children: list[str] = ()) -> None:
    db.execute("INSERT OR REPLACE INTO crawl_sources (url, etag, last_modified, checked, children) "
               "VALUES (?, ?, ?, ?, ?)", (url, etag, last_modified, now(), json.dumps(list(children))))


def mark(db: sqlite3.Connection, outlet: str, url: str, state: str, detail: str = "") -> None:
    """Record what became of a URL (a fetch counts as a try when it failed)."""
    t = now()
    db.execute("INSERT INTO crawl_urls (url, outlet, state, tries, discovered, updated, detail) "
               "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET state = excluded.state, "
               "tries = crawl_urls.tries + excluded.tries, updated = excluded.updated, detail = excluded.detail",
               (url, outlet, state, 1 if state == "failed" else 0, t, t, detail))


def warc_files(db: sqlite3.Connection, settled: bool) -> list[str]:
    return [p for (p,) in db.execute("SELECT path FROM crawl_warcs WHERE settled = ? ORDER BY path", (int(settled),))]


def add_warc(db: sqlite3.Connection, path: str) -> None:
    db.execute("INSERT OR IGNORE INTO crawl_warcs (path) VALUES (?)", (path,))


def settle_warc(db: sqlite3.Connection, path: str) -> None:
    db.execute("UPDATE crawl_warcs SET settled = 1 WHERE path = ?", (path,))

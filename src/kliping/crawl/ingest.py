"""Fetched pages into the archive: the same pipeline as `kliping build` (HTML reader, line
model, fields, enrichment, outlet templates), a batch at a time, on a thread of its own so the
crawl goes on fetching while pages are processed; every URL's fate recorded (state.py)."""
from __future__ import annotations

import queue
import re
import sqlite3
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..archive.schema import connect
from ..archive.store import BuildReport, _transaction, page_hash, store_items
from ..model import Article, Document, Rejection
from ..read.html import document_from_html
from ..read.warc import HTML_TYPES
from . import state
from .urls import page_id
from .warcfile import Fetched

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w:.-]+)", re.I)


def page_item(page: Fetched) -> Document | Rejection:
    """A fetched article page as the pipeline's input: a Document, or a Rejection saying why not.
    The same for a response fetched now and one read back from the WARC file, so a page replayed
    after a kill has the page hash it would have had."""
    pid, source = page_id(page.url), f"crawl {page.outlet}"
    if not 200 <= page.status < 300:
        return Rejection(pid, "fetch_failed", f"HTTP {page.status}", source, page.url)
    ctype = (page.header("Content-Type") or "").split(";")[0].strip().lower()
    if ctype and ctype not in HTML_TYPES:
        return Rejection(pid, "not_html", f"content type {ctype}", source, page.url)
    m = _CHARSET.search(page.header("Content-Type") or "")
    return document_from_html(page.body, pid, source, url=page.url, charset=m.group(1) if m else None,
                              fetched=page.date)


@dataclass
class Tally:
    """Per outlet: what the run did with its URLs."""

    fetched: Counter = field(default_factory=Counter)
    stored: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)      # already in the archive
    rejected: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    failed: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    recovered: Counter = field(default_factory=Counter)    # stored from an earlier run's WARC file


class Ingest:
    """A thread that owns the archive's write connection while the crawl runs. Messages:
    ("page", Fetched, [canonical URLs]), ("discovered", outlet, [URLs], source URL, etag,
    last-modified, [child sitemaps]), ("failed", outlet, [URLs], reason, detail, URL), ("replay", WARC path),
    ("sync", threading.Event)."""

    def __init__(self, archive: str | Path, batch: int = 50, enrich: bool = True, templates: bool = True,
                 idle_flush: float = 1.0) -> None:
        self.archive, self.batch, self.enrich, self.templates = archive, batch, enrich, templates
        self.idle_flush = idle_flush
        self.q: queue.Queue = queue.Queue(maxsize=4 * batch)
        self.tally = Tally()
        self.report = BuildReport()
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="kliping-ingest", daemon=True)
        self._extractor = None

    def start(self) -> None:
        self._thread.start()

    def put(self, message: tuple) -> None:
        if self.error is not None:
            raise RuntimeError(f"storing pages failed: {self.error}") from self.error
        self.q.put(message)

    def close(self) -> None:
        """Store what is left and stop; re-raises what went wrong in the thread."""
        self.q.put(None)
        self._thread.join()
        if self.error is not None:
            raise self.error

    # ------------------------------------------------------------------ the thread

    def _run(self) -> None:
        db = connect(self.archive)
        pages: list[tuple[Fetched, list[str]]] = []
        try:
            state.ensure(db)
            while True:
                try:
                    msg = self.q.get(timeout=self.idle_flush)
                except queue.Empty:
                    if pages:
                        self._store(db, pages)
                        pages = []
                    continue
                if msg is None:
                    break
                kind = msg[0]
                if kind == "page":
                    pages.append((msg[1], msg[2]))
                    if len(pages) >= self.batch:
                        self._store(db, pages)
                        pages = []
                elif kind == "discovered":
                    _, outlet, urls, src, etag, lm, children = msg
                    _transaction(db, lambda: (state.queue(db, outlet, urls),
                                          src and state.set_validators(db, src, etag, lm, children)))
                elif kind == "failed":
                    self._failed(db, *msg[1:])
                elif kind == "replay":
                    self._replay(db, msg[1])
                elif kind == "sync":
                    if pages:
                        self._store(db, pages)
                        pages = []
                    msg[1].set()
            if pages:
                self._store(db, pages)
        except BaseException as e:  # noqa: BLE001 - handed to the crawl, which stops and reports it
            self.error = e
            # keep draining so the crawl's puts never block on a dead consumer
            while True:
                try:
                    if self.q.get(timeout=0.5) is None:
                        break
                except queue.Empty:
                    continue
        finally:
            db.close()

    def _failed(self, db: sqlite3.Connection, outlet: str, urls: list[str], reason: str, detail: str,
                url: str) -> None:
        """An article URL that could not be fetched: a rejection in the archive (as for an unreadable
        file), and the URL's state (a 4xx or robots.txt is final; other failures are tried again)."""
        self.tally.failed[outlet][reason] += 1
        rej = Rejection(page_id(url), reason, detail, f"crawl {outlet}", url)
        h = page_hash(rej)
        if db.execute("SELECT 1 FROM pages WHERE hash = ?", (h,)).fetchone() is None:
            store_items(db, [(h, rej)], batch=1, report=self.report)
        _transaction(db, lambda: [state.mark(db, outlet, u, "failed", detail) for u in urls])

    def _replay(self, db: sqlite3.Connection, path: str) -> None:
        """The article pages of a WARC file an earlier run wrote: those not in the archive yet (the
        run was killed before storing them) go in now; then the file is settled."""
        from .urls import canonical_url
        from .warcfile import replay

        pages: list[tuple[Fetched, list[str]]] = []
        if Path(path).exists():
            for page in replay(path):
                if not 200 <= page.status < 300:
                    continue        # a redirect, or a failure its URL's state already tells (or a retry will)
                pages.append((page, sorted({page.via or canonical_url(page.url), canonical_url(page.url)})))
                if len(pages) >= self.batch:
                    self._store(db, pages, replayed=True)
                    pages = []
            if pages:
                self._store(db, pages, replayed=True)
        _transaction(db, lambda: state.settle_warc(db, path))

    def extractor(self, db: sqlite3.Connection):
        if self._extractor is None:
            from ..archive.templates import loader as template_loader
            from ..clean.templates import TemplateIndex
            from ..run.extract import Extractor

            self._extractor = Extractor(templates=self.templates, enrich=self.enrich, collection=False)
            if self.templates:
                self._extractor.templates = TemplateIndex(loader=template_loader(db))
        return self._extractor

    def store(self, db: sqlite3.Connection, pages: list[tuple[Fetched, list[str]]]) -> None:
        """Process and write a batch of fetched pages (also used to replay a WARC file)."""
        self._store(db, pages)

    def _store(self, db: sqlite3.Connection, pages: list[tuple[Fetched, list[str]]], replayed: bool = False) -> None:
        items, fates, fresh = [], [], []
        for page, urls in pages:
            item = page_item(page)
            h = page_hash(item)
            self.report.read += 1
            if db.execute("SELECT 1 FROM pages WHERE hash = ?", (h,)).fetchone() is not None:
                self.report.skipped += 1
                if not replayed:
                    self.tally.skipped[page.outlet] += 1
                fates.append((page.outlet, urls, None))
                continue
            items.append(item)
            fresh.append((h, page.outlet, urls))
        entries = []
        for (h, outlet, urls), (doc, out, use) in zip(fresh, self.extractor(db).process_sourced(items)):
            if isinstance(out, Article) and out.kind != "article":
                # listing, tag and search pages tell where articles are; they are not articles
                out = Rejection(out.id, "not_article", f"a {out.kind} page", out.source, out.url)
                use = None
            entries.append((h, out, (doc, use) if isinstance(out, Article) and use is not None else None))
            fates.append((outlet, urls, out))
        if entries:
            store_items(db, entries, batch=len(entries), report=self.report)

        def work() -> None:
            for outlet, urls, out in fates:
                if out is None:
                    st, detail = "stored", "already in the archive"
                elif isinstance(out, Article):
                    st, detail = "stored", out.id
                    (self.tally.recovered if replayed else self.tally.stored)[outlet] += 1
                else:
                    st, detail = "rejected", f"{out.reason}: {out.detail}"
                    self.tally.rejected[outlet][out.reason] += 1
                for u in urls:
                    state.mark(db, outlet, u, st, detail)
        _transaction(db, work)

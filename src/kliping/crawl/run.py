"""`crawl()`: one run of `kliping crawl`.

1. The archive's crawl tables are read; WARC files of earlier runs that were not settled (a run
   killed before its pages reached the archive) are replayed into the archive first.
2. Scrapy fetches (spider.py): feeds, sitemaps and sections of each outlet, then the article
   URLs they list that the archive does not hold yet; each response goes to the run's WARC file
   first, article pages then to the ingest thread (ingest.py), a batch at a time.
3. The WARC file is settled; outlet templates reconciled and the archive linked, as after
   `kliping build`.
"""
from __future__ import annotations

import logging
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..archive.schema import connect
from ..archive.store import BuildReport, _transaction
from . import state
from .ingest import Ingest, Tally
from .outlets import Outlet, load_outlets


@dataclass
class CrawlReport:
    outlets: list[str]
    tally: Tally
    fetched: dict[str, int]
    held: dict[str, int]            # article URLs listed again that the archive holds: not fetched
    build: BuildReport
    warc: str
    source_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def default_warc_dir(archive: str | Path) -> Path:
    archive = Path(archive)
    return archive.with_name(archive.name + ".warc")


def scrapy_settings(outlets: list[Outlet], verbose: bool = False) -> dict:
    """Polite defaults, each host's slot at its outlet's concurrency and delay floor."""
    slots = {}
    for o in outlets:
        for h in o.all_hosts():
            slots[h] = {"concurrency": o.polite.concurrency, "delay": o.polite.delay, "jitter": 0}
    floor = min(o.polite.delay for o in outlets)
    return {
        "ROBOTSTXT_OBEY": True,
        "USER_AGENT": outlets[0].polite.user_agent,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
        "DOWNLOAD_SLOTS": slots,
        "DOWNLOAD_DELAY": floor,
        "DOWNLOAD_DELAY_JITTER": 0,
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_START_DELAY": max(floor, 0.01),
        "AUTOTHROTTLE_MAX_DELAY": 60.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "RETRY_ENABLED": True,
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
        "REDIRECT_MAX_TIMES": 5,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "INFO" if verbose else "ERROR",
        "DOWNLOADER_MIDDLEWARES": {"kliping.crawl.spider.WarcFirstMiddleware": 950},
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }


def crawl(outlets_file: str | Path, archive: str | Path, warc_dir: str | Path | None = None, batch: int = 50,
          enrich: bool = True, link: bool = True, only: list[str] | None = None, max_pages: int | None = None,
          progress: bool = False, verbose: bool = False) -> CrawlReport:
    from scrapy.crawler import CrawlerProcess

    from .spider import NewsSpider
    from .warcfile import WarcLog

    t0 = time.monotonic()
    outlets = load_outlets(outlets_file)
    if only:
        missing = set(only) - {o.name for o in outlets}
        if missing:
            from .outlets import OutletsError

            raise OutletsError(f"no outlet named {', '.join(sorted(missing))} in {outlets_file}")
        outlets = [o for o in outlets if o.name in only]
    if max_pages is not None:
        for o in outlets:
            o.polite.max_pages = max_pages
    warc_dir = Path(warc_dir) if warc_dir else default_warc_dir(archive)

    db = connect(archive)
    try:
        state.ensure(db)
        unsettled = state.warc_files(db, settled=False)
    finally:
        db.close()

    ingest = Ingest(archive, batch=batch, enrich=enrich)
    ingest.start()
    for path in unsettled:           # pages a killed run fetched but did not store
        ingest.put(("replay", path))
    done = threading.Event()
    ingest.put(("sync", done))
    done.wait()
    if ingest.error is not None:
        ingest.close()

    warc = WarcLog(warc_dir)
    db = connect(archive)
    try:
        _transaction(db, lambda: state.add_warc(db, str(warc.path)))   # registered before its first record
        known = state.Known(db)
    finally:
        db.close()

    stop_progress = threading.Event()
    if progress:
        threading.Thread(target=_progress, args=(ingest, stop_progress), daemon=True).start()
    process = CrawlerProcess(settings={**scrapy_settings(outlets, verbose), "LOG_INSTALL_ROOT_HANDLER": verbose})
    if not verbose:
        logging.getLogger("scrapy").setLevel(logging.ERROR)
    crawler = process.create_crawler(NewsSpider)
    process.crawl(crawler, outlets=outlets, known=known, ingest=ingest, warc=warc)
    try:
        process.start()
    finally:
        stop_progress.set()
        warc.close()
        ingest.close()
    spider = crawler.spider
    db = connect(archive)
    try:
        _transaction(db, lambda: state.settle_warc(db, str(warc.path)))
        report = ingest.report
        if db.execute("SELECT 1 FROM template_dirty LIMIT 1").fetchone() is not None:
            from ..archive.templates import reconcile
            from ..run.extract import Extractor

            rec = reconcile(db, Extractor(templates=True, enrich=enrich, collection=False))
            report.reextracted, report.reextract_failed = rec.reextracted, rec.failed
        from ..archive.build import _finish

        _finish(db, report, link)
    finally:
        db.close()
    return CrawlReport(outlets=[o.name for o in outlets], tally=ingest.tally, fetched=dict(spider.fetched),
                       held={k: len(v) for k, v in spider.held.items()},
                       build=report, warc=str(warc.path), source_errors=spider.source_errors,
                       seconds=time.monotonic() - t0)


def _progress(ingest: Ingest, stop: threading.Event) -> None:
    while not stop.wait(5.0):
        t = ingest.tally
        print(f"crawl: stored {sum(t.stored.values())}, already held {sum(t.skipped.values())}, "
              f"rejected {sum(sum(c.values()) for c in t.rejected.values())}, "
              f"failed {sum(sum(c.values()) for c in t.failed.values())}", file=sys.stderr, flush=True)

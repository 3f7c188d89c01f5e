"""The Scrapy side of `kliping crawl`: one spider for every outlet of the file, and a downloader
middleware that writes each response to WARC before anything else reads it and keeps each
host's delay at its outlet's floor (backing off on 5xx and 429).

Scrapy does what a polite crawler needs: robots.txt through Protego, AutoThrottle, retries,
redirects, a size cap, per-host concurrency (its download slots). kliping adds discovery from
feeds, news sitemaps and section pages, URL canonicalisation against the archive's memory, and
the hand-over of article pages to the archive (ingest.py).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Iterator
from urllib.parse import urljoin

import scrapy
from parsel import Selector
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip

from .outlets import Outlet
from .state import Known
from .urls import canonical_url, host_of
from .warcfile import Fetched, WarcLog

BACKOFF_STATUSES = {429, 500, 502, 503, 504, 522, 524}
MAX_BACKOFF_DELAY = 60.0


def _utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _headers(response) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, vs in response.headers.items() for v in vs]


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        d = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)


class NewsSpider(scrapy.Spider):
    name = "kliping"

    def __init__(self, outlets: list[Outlet], known: Known, ingest, warc: WarcLog, **kw: Any) -> None:
        super().__init__(**kw)
        self.outlets = {o.name: o for o in outlets}
        self.known, self.ingest, self.warc = known, ingest, warc
        self.seen: set[str] = set(known.done)      # canonical URLs requested or stored: never again
        self.scheduled: dict[str, int] = {o.name: 0 for o in outlets}
        self.fetched: dict[str, int] = {o.name: 0 for o in outlets}
        self.held: dict[str, set[str]] = {o.name: set() for o in outlets}   # listed, already in the archive
        self.source_errors: list[str] = []
        self.floors = {}
        for o in outlets:
            for h in o.all_hosts():
                self.floors[h] = max(self.floors.get(h, 0.0), o.polite.delay)

    # ------------------------------------------------------------------ requests

    def _meta(self, outlet: Outlet, role: str, via: str, **more: Any) -> dict:
        p = outlet.polite
        meta = {"kliping": {"outlet": outlet.name, "role": role, "via": via}, "download_timeout": p.timeout,
                "download_maxsize": p.max_bytes, "max_retry_times": p.retries, **more}
        if not p.obey_robots:
            meta["dont_obey_robotstxt"] = True
        return meta

    def _source_request(self, outlet: Outlet, url: str, role: str, callback) -> scrapy.Request:
        headers = {"User-Agent": outlet.polite.user_agent}
        etag, lm, _ = self.known.validators.get(url, (None, None, []))
        if etag:
            headers["If-None-Match"] = etag
        if lm:
            headers["If-Modified-Since"] = lm
        return scrapy.Request(url, callback=callback, errback=self.source_failed, headers=headers, dont_filter=True,
                              meta=self._meta(outlet, role, url, handle_httpstatus_list=[304]))

    def article_request(self, outlet: Outlet, url: str) -> scrapy.Request | None:
        p = outlet.polite
        if p.max_pages and self.scheduled[outlet.name] >= p.max_pages:
            return None
        self.scheduled[outlet.name] += 1
        self.seen.add(url)
        return scrapy.Request(url, callback=self.parse_article, errback=self.article_failed, dont_filter=True,
                              headers={"User-Agent": p.user_agent}, meta=self._meta(outlet, "article", url))

    async def start(self):
        for outlet in self.outlets.values():
            for url in outlet.feeds:
                yield self._source_request(outlet, url, "feed", self.parse_feed)
            for url in outlet.sitemaps:
                yield self._source_request(outlet, url, "sitemap", self.parse_sitemap)
            for url in outlet.sections:
                yield self._source_request(outlet, url, "section", self.parse_section)
            if outlet.robots_sitemaps:
                for host_url in sorted({f"{u.split('://')[0]}://{u.split('/')[2]}/robots.txt"
                                        for u in outlet.feeds + outlet.sitemaps + outlet.sections}):
                    yield scrapy.Request(host_url, callback=self.parse_robots, errback=self.source_failed,
                                         dont_filter=True, meta=self._meta(outlet, "robots", host_url))
        # URLs an earlier run discovered but did not store (killed, or failed for a while)
        for url, name in self.known.pending:
            outlet = self.outlets.get(name)
            if outlet is not None and url not in self.seen:
                req = self.article_request(outlet, url)
                if req is not None:
                    yield req

    # ------------------------------------------------------------------ discovery

    def _discovered(self, response, links: Iterator[str], children: list[str] = ()) -> Iterator[scrapy.Request]:
        info = response.meta["kliping"]
        outlet = self.outlets[info["outlet"]]
        new: list[str] = []
        for link in links:
            url = canonical_url(urljoin(response.url, link.strip()))
            if url in self.known.done and outlet.wants(url):
                self.held[outlet.name].add(url)
            if url in self.seen or url in new or not outlet.wants(url):
                continue
            new.append(url)
        src = info["via"] if info["role"] in ("feed", "sitemap", "section") else None
        etag = response.headers.get("ETag")
        lm = response.headers.get("Last-Modified")
        # remembered before they are requested: a run killed now fetches them next time
        self.ingest.put(("discovered", outlet.name, new, src, etag.decode("latin-1") if etag else None,
                         lm.decode("latin-1") if lm else None, list(children)))
        for url in new:
            req = self.article_request(outlet, url)
            if req is not None:
                yield req

    def parse_feed(self, response):
        if response.status == 304:
            return
        sel = Selector(body=response.body, type="xml")
        sel.remove_namespaces()
        links = sel.xpath("//item/link/text()").getall() + sel.xpath("//item/guid[not(@isPermaLink='false')]/text()").getall()
        for entry in sel.xpath("//entry"):
            href = (entry.xpath("link[@rel='alternate' or not(@rel)]/@href").get()
                    or entry.xpath("link/@href").get())
            if href:
                links.append(href)
        yield from self._discovered(response, (u for u in links if u.strip().startswith(("http", "/"))))

    def parse_sitemap(self, response):
        outlet = self.outlets[response.meta["kliping"]["outlet"]]
        if response.status == 304:
            # an unchanged sitemap index: its children may have changed all the same
            for child in self.known.validators.get(response.meta["kliping"]["via"], (None, None, []))[2]:
                yield self._source_request(outlet, child, "sitemap", self.parse_sitemap)
            return
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gunzip(body, max_size=10 * response.meta.get("download_maxsize", 0))
        sel = Selector(body=body, type="xml")
        sel.remove_namespaces()
        max_age = outlet.polite.max_age_days
        oldest = datetime.now(timezone.utc) - timedelta(days=max_age) if max_age else None

        def fresh(node) -> bool:
            when = _when(node.xpath("news/publication_date/text()").get() or node.xpath("lastmod/text()").get())
            return oldest is None or when is None or when >= oldest
        children = [urljoin(response.url, c.strip()) for c in (n.xpath("loc/text()").get() for n in
                                                                sel.xpath("//sitemap") if fresh(n)) if c]
        for child in children:
            yield self._source_request(outlet, child, "sitemap", self.parse_sitemap)
        links = [n.xpath("loc/text()").get() or "" for n in sel.xpath("//url") if fresh(n)]
        yield from self._discovered(response, (u for u in links if u), children)

    def parse_section(self, response):
        if response.status == 304:
            return
        links = response.css("a::attr(href)").getall() if hasattr(response, "css") else []
        yield from self._discovered(response, (u for u in links if not u.startswith(("#", "mailto:", "javascript:"))))

    def parse_robots(self, response):
        from scrapy.utils.sitemap import sitemap_urls_from_robots

        outlet = self.outlets[response.meta["kliping"]["outlet"]]
        for url in sitemap_urls_from_robots(response.text, base_url=response.url):
            if host_of(url) in outlet.all_hosts():
                yield self._source_request(outlet, url, "sitemap", self.parse_sitemap)

    # ------------------------------------------------------------------ articles

    def parse_article(self, response):
        info = response.meta["kliping"]
        urls = sorted({info["via"], canonical_url(response.url)})
        self.seen.update(urls)
        page = Fetched(url=response.url, status=response.status, headers=_headers(response), body=response.body,
                       date=response.meta.get("kliping_date") or _utc_now(), outlet=info["outlet"], role="article",
                       via=info["via"])
        self.ingest.put(("page", page, urls))

    def article_failed(self, failure):
        request = failure.request
        info = request.meta["kliping"]
        reason = "fetch_failed"
        if failure.check(HttpError):
            detail = f"HTTP {failure.value.response.status}"
        elif failure.check(IgnoreRequest):
            reason, detail = "robots_disallowed", "robots.txt forbids it"
        else:
            detail = f"{failure.type.__name__}: {failure.getErrorMessage()}"[:300]
        self.ingest.put(("failed", info["outlet"], [info["via"]], reason, detail, request.url))

    def source_failed(self, failure):
        info = failure.request.meta["kliping"]
        what = (f"HTTP {failure.value.response.status}" if failure.check(HttpError)
                else f"{failure.type.__name__}: {failure.getErrorMessage()}")
        self.source_errors.append(f"{info['outlet']}: {info['role']} {failure.request.url}: {what}"[:300])


class WarcFirstMiddleware:
    """Closest to the downloader: every response (robots.txt, redirects and errors too) is written
    to the run's WARC file as it came off the wire, before retries, redirects, decompression or the
    spider see it; each host's download delay is kept at or above its outlet's floor and doubled
    (up to MAX_BACKOFF_DELAY) after a 5xx or 429, for AutoThrottle to bring down again."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _slot(self, request):
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        return downloader.slots.get(key)

    def process_request(self, request, spider=None):
        spider = spider or self.crawler.spider
        slot = self._slot(request)
        floor = spider.floors.get(host_of(request.url), 0.0)
        if slot is not None and slot.delay < floor:
            slot.delay = floor
        return None

    def process_response(self, request, response, spider=None):
        spider = spider or self.crawler.spider
        date = _utc_now()
        request.meta["kliping_date"] = date
        info = request.meta.get("kliping") or {"outlet": "", "role": "robots", "via": request.url}
        if info["role"] == "article" and info["outlet"] in spider.fetched:
            spider.fetched[info["outlet"]] += 1
        spider.warc.write(Fetched(url=response.url, status=response.status, headers=_headers(response),
                                  body=response.body, date=date, outlet=info["outlet"], role=info["role"],
                                  via=info["via"]))
        if response.status in BACKOFF_STATUSES:
            slot = self._slot(request)
            if slot is not None:
                floor = spider.floors.get(host_of(request.url), 0.0)
                slot.delay = min(MAX_BACKOFF_DELAY, max(slot.delay, floor, 0.5) * 2)
        return response

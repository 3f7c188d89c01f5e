"""The archive reader: server-rendered pages and a JSON API over a read-only SQLite archive.

`create_app(db_path, lang="id")` builds the FastAPI application. Every request opens the archive
read-only (`mode=ro`); nothing in the app writes. Scraped text is only ever rendered through
Jinja2 with autoescaping, and pages carry a Content-Security-Policy that allows no script at all.
"""
from __future__ import annotations

import json
import logging
import os
import queue
import re
import sqlite3
import threading
from collections import OrderedDict
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote, urlencode

import anyio.to_thread
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import (HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response,
                               StreamingResponse)
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from ..archive.schema import ArchiveError, connect
from ..archive import outlet_groups
from ..archive.search import SORTS, Filters, QueryError, parse_query, search
from . import queries as qv
from .chart import month_chart, month_range, spread_chart
from .i18n import LANGS, human_date, translator

TEMPLATES = Path(__file__).with_name("templates")
CSP = ("default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")


# Bidirectional overrides and isolates in page data (`\u202eevil.com` shows as `moc.live`): never shown.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _no_bidi_controls(value: Any) -> Any:
    if isinstance(value, Markup):  # markup made safe already (snippets): it stays markup
        return Markup(_BIDI_CONTROLS.sub("", str(value)))
    return _BIDI_CONTROLS.sub("", value) if isinstance(value, str) else value


# Paging stops here: SQLite takes offsets below 2**63, and no archive holds a billion rows.
MAX_OFFSET = 1_000_000_000


def _page_offset(offset: int) -> int:
    """A reader page's offset, whatever the address says: from 0 to MAX_OFFSET."""
    return min(max(0, offset), MAX_OFFSET)


THREADS = 4     # request threads per server process


def atom_feed(res, q: str, f: Filters, self_url: str, base: str, t) -> bytes:
    """The hits of a search as an Atom 1.0 feed (RFC 4287), newest first: what a feed reader or a
    team chat follows. Built with ElementTree, so every value is escaped as XML."""
    import xml.etree.ElementTree as ET
    from datetime import datetime, timezone

    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)

    def el(parent, tag: str, text: str | None = None, **attrs: str):
        node = ET.SubElement(parent, f"{{{ns}}}{tag}", attrs)
        if text is not None:
            node.text = _no_bidi_controls(text)
        return node

    def when(value: str | None) -> str:
        if not value:
            return "1970-01-01T00:00:00Z"
        if len(value) == 10:
            return value + "T00:00:00Z"
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc).strftime(
                "%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            return value[:10] + "T00:00:00Z"

    feed = ET.Element(f"{{{ns}}}feed")
    parts = [q] + [f"{k}: {v if isinstance(v, str) else ', '.join(v)}"
                   for k, v in (("outlet", f.outlet), ("entity", f.entity), ("story", f.story),
                                ("from", f.date_from), ("to", f.date_to), ("lang", f.lang), ("kind", f.kind)) if v]
    el(feed, "title", f"{t('site')}: " + (" · ".join(p for p in parts if p) or t("search")))
    el(feed, "id", self_url)
    el(feed, "link", rel="self", href=self_url)
    el(feed, "link", rel="alternate", type="text/html", href=self_url.replace("/feed", "/", 1))
    dates = [when(h.published or h.published_estimate) for h in res.hits]
    el(feed, "updated", max(dates) if dates else datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    el(el(feed, "author"), "name", "kliping")
    el(feed, "generator", "kliping")
    for h, stamp in zip(res.hits, dates):
        entry = el(feed, "entry")
        url = f"{base}/article/{quote(h.id, safe='')}"
        el(entry, "title", h.title or h.id)
        el(entry, "id", url)
        el(entry, "link", rel="alternate", type="text/html", href=url)
        el(entry, "updated", stamp)
        if h.published:
            el(entry, "published", stamp)
        if h.outlet:
            el(el(entry, "author"), "name", h.outlet)
        el(entry, "summary", str(h.snippet), type="html")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _month_end(month: str) -> str:
    """The last day of a "YYYY-MM" month ("2025-02" -> "2025-02-28"); the value itself if it is none."""
    import calendar

    try:
        y, m = int(month[:4]), int(month[5:7])
        return f"{month[:7]}-{calendar.monthrange(y, m)[1]:02d}"
    except (ValueError, IndexError, calendar.IllegalMonthError):
        return month


def create_app(db_path: str | Path, lang: str = "id", search_cache: int = 256) -> FastAPI:
    """The reader and API over the archive at `db_path` (checked now: ArchiveError if unusable).
    `search_cache`: how many search results are kept for a repeated search (0: none); the cache
    is emptied whenever the archive file changes."""
    db_path = Path(db_path)
    connect(db_path, readonly=True).close()   # fail at start with a clear message, not per request
    default_lang = lang if lang in LANGS else "id"
    @asynccontextmanager
    async def lifespan(_: FastAPI):
        # the routes are plain functions: Starlette runs them on a thread pool, off the event loop.
        # A few threads overlap SQLite's waits (it releases the GIL); forty (AnyIO's default) only
        # take turns on the GIL and answer every request later under load
        threads = int(os.environ.get("KLIPING_THREADS", THREADS))
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    app = FastAPI(title="kliping archive API", version="1", lifespan=lifespan,
                  description="Articles, search, stories and entities of a kliping archive (read-only).",
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, trim_blocks=True, lstrip_blocks=True,
                      finalize=_no_bidi_controls)
    plain_urlencode = env.filters["urlencode"]
    # a path segment: "/" encoded too, so an id like "a/../b" stays one segment a browser cannot resolve away
    env.filters["urlencode"] = lambda v: quote(v, safe="") if isinstance(v, str) else plain_urlencode(v)
    env.filters["month_end"] = _month_end
    env.filters["slug_title"] = qv.slug_title
    templates = Jinja2Templates(env=env)

    idle: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
    stats_cache: dict[tuple[int, int], dict[str, Any]] = {}

    def get_db() -> Iterator[sqlite3.Connection]:
        # A read-only connection of the pool, held by this request alone and given back after it:
        # kept between requests (opening one costs a schema read, and its page cache stays warm;
        # SQLite shows each request the latest commit). Not one per thread: FastAPI may resolve a
        # dependency on another thread than the one running the route, and two requests sharing a
        # connection deadlock once one of them waits in SQLite's progress handler for the GIL.
        try:
            db = idle.get_nowait()
        except queue.Empty:
            db = connect(db_path, readonly=True)
        try:
            yield db
        finally:
            idle.put(db)

    cache: OrderedDict[tuple, Any] = OrderedDict()
    cache_lock = threading.Lock()

    def file_state() -> tuple[int, int]:
        st = db_path.stat()
        return st.st_mtime_ns, st.st_size

    def cached_search(db: sqlite3.Connection, q: str, f: Filters, **kw: Any) -> Any:
        """search(), or its result for the same search on the same state of the archive."""
        if search_cache <= 0:
            return search(db, q, f, **kw)
        key = (file_state(), q, tuple(vars(f).items()), tuple(sorted(kw.items())))
        with cache_lock:
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
        res = search(db, q, f, **kw)     # QueryError is not cached: it costs nothing to raise again
        with cache_lock:
            cache[key] = res
            while len(cache) > search_cache:
                cache.popitem(last=False)
        return res

    def archive_stats(db: sqlite3.Connection) -> dict[str, Any]:
        # counted once per state of the archive file: on a million articles the counts take a second
        key = file_state()
        if key not in stats_cache:
            stats_cache.clear()
            stats_cache[key] = qv.archive_stats(db)
        return stats_cache[key]

    def ui_lang(request: Request) -> str:
        wanted = request.query_params.get("lang") or request.cookies.get("lang") or default_lang
        return wanted if wanted in LANGS else default_lang

    def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        lang_ = ui_lang(request)

        def _url(params: list[tuple[str, str]]) -> str:
            return str(request.url.path) + ("?" + urlencode(params) if params else "")

        def url_with(**changes: Any) -> str:
            # a changed key loses all its values (a repeated filter too); None or "" removes it
            params = [(k, v) for k, v in request.query_params.multi_items()
                      if k not in ("lang", "offset") and k not in changes]
            params += [(k, str(v)) for k, v in changes.items() if v is not None and v != ""]
            return _url(params)

        def url_add(key: str, value: str) -> str:
            """The page with one more value of a repeatable filter (an entity: all of them)."""
            params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("lang", "offset")]
            if (key, value) not in params:
                params.append((key, value))
            return _url(params)

        def url_without(key: str, value: str) -> str:
            return _url([(k, v) for k, v in request.query_params.multi_items()
                         if k not in ("lang", "offset") and (k, v) != (key, value)])

        def when(value: str | None) -> Markup:
            # the date as a reader writes it, the ISO value kept for machines
            if not value:
                return Markup("")
            return Markup('<time datetime="{}">{}</time>').format(value, human_date(value, lang_))

        resp = templates.TemplateResponse(request, name, {"t": translator(lang_), "ui": lang_, "url_with": url_with,
                                                          "url_add": url_add, "url_without": url_without,
                                                          "when": when,
                                                          **context}, status_code=status)
        if request.query_params.get("lang") in LANGS:
            resp.set_cookie("lang", lang_, max_age=365 * 86400, samesite="lax", httponly=True)
        return resp

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        if request.scope["method"] == "HEAD":  # answered as GET; the server sends no body for HEAD
            request.scope["method"] = "GET"
        try:
            resp = await call_next(request)
        except Exception:  # noqa: BLE001 - a bug: logged by the server, answered plainly, headers still set
            logging.getLogger("kliping.web").exception("error answering %s", request.url.path)
            resp = PlainTextResponse("internal error", status_code=500)
        resp.headers.setdefault("Content-Security-Policy", CSP)
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["X-Frame-Options"] = "DENY"
        return resp

    def many(value: str | list[str] | None) -> str | tuple[str, ...] | None:
        """A filter given once or repeated (`outlet=a&outlet=b`): None, one value, or a tuple."""
        values = [value] if isinstance(value, str) else [v for v in (value or []) if v]
        values = list(dict.fromkeys(v for v in values if v))
        return None if not values else values[0] if len(values) == 1 else tuple(values)

    outlets_seen: dict[Any, list[str]] = {}

    def archive_outlets(db: sqlite3.Connection) -> list[str]:
        state = file_state()
        if state not in outlets_seen:
            outlets_seen.clear()
            outlets_seen[state] = [r[0] for r in db.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL")]
        return outlets_seen[state]

    def unknown_groups(db: sqlite3.Connection, group: list[str]) -> list[tuple[str, str]]:
        return [("group", g) for g in group
                if g and not outlet_groups.members(g, archive_outlets(db), outlet_groups.load_groups())]

    def filters(outlet, date_from, date_to, entity, story, language, kind, group=None, db=None) -> Filters:
        outlets = [outlet] if isinstance(outlet, str) else list(outlet or [])
        for g in ([group] if isinstance(group, str) else (group or [])):
            if g and db is not None:
                # a group (network or collection) is its outlets in the archive: any of them; none
                # at all keeps a value no article has, so the search says it found nothing
                found = outlet_groups.members(g, archive_outlets(db), outlet_groups.load_groups())
                outlets += found or [f"group:{g}"]
        return Filters(outlet=many(outlets), date_from=date_from or None, date_to=date_to or None,
                       entity=many(entity), story=story or None, lang=language or None, kind=kind or None)

    # ------------------------------------------------------------------ pages
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, q: str = "", outlet: list[str] = Query([]), date_from: str = "", date_to: str = "",
             entity: list[str] = Query([]), story: str = "", language: str = "", kind: str = "", sort: str = "relevance",
             offset: int = 0, aliases: str = "1", undated: str = "", group: list[str] = Query([]),
             db: sqlite3.Connection = Depends(get_db)):
        f = filters(outlet, date_from, date_to, entity, story, language, kind, group, db)
        f.undated = undated == "1"
        error = None
        try:
            results = cached_search(db, q, f, sort=sort if sort in SORTS else "relevance", limit=20,
                                    offset=_page_offset(offset), aliases=aliases != "0")
        except QueryError as e:
            error, results = e.in_language(ui_lang(request)), None
        names = {}
        for key in entity:
            row = db.execute("SELECT name FROM entities WHERE key = ?", (key,)).fetchone()
            names[key] = row[0] if row else key
        sizes = qv.story_sizes(db, [h.story for h in results.hits]) if results else {}
        feed_params = [(k, v) for k, vs in (("q", q), ("outlet", outlet), ("date_from", date_from),
                                             ("date_to", date_to), ("entity", entity), ("story", story),
                                             ("language", language), ("kind", kind), ("group", group),
                                             ("aliases", "0" if aliases == "0" else ""),
                                             ("undated", "1" if f.undated else ""))
                       for v in ([vs] if isinstance(vs, str) else vs) if v]
        return page(request, "search.html", {"q": q, "f": f, "sort": sort, "results": results, "error": error,
                                             "feed_url": "/feed" + ("?" + urlencode(feed_params) if feed_params else ""),
                                             "export_query": urlencode(feed_params),
                                             "outlets": [o for o in outlet if o], "entities": [e for e in entity if e],
                                             "groups": [(g, outlet_groups.load_groups().get(g).name
                                                         if g in outlet_groups.load_groups() else g) for g in group if g],
                                             "story_sizes": sizes,
                                             "unknown": qv.unknown_filters(db, outlet, entity, story) + unknown_groups(db, group),
                                             "offset": _page_offset(offset), "sorts": SORTS, "entity_names": names,
                                             "aliases_off": aliases == "0",
                                             "stats": archive_stats(db)}, status=400 if error else 200)

    @app.get("/feed", tags=["search"], summary="An Atom feed of a search: its 50 newest hits",
             response_class=Response)
    def feed(request: Request, q: str = "", outlet: list[str] = Query([]), date_from: str = "", date_to: str = "",
             entity: list[str] = Query([]), story: str = "", language: str = "", kind: str = "", aliases: str = "1",
             db: sqlite3.Connection = Depends(get_db)):
        f = filters(outlet, date_from, date_to, entity, story, language, kind)
        try:
            res = cached_search(db, q, f, sort="newest", limit=50, offset=0, facets=False, aliases=aliases != "0")
        except QueryError as e:
            return bad_request(str(e))
        base = str(request.base_url).rstrip("/")
        here = base + str(request.url.path) + ("?" + request.url.query if request.url.query else "")
        return Response(atom_feed(res, q, f, here, base, translator(ui_lang(request))),
                        media_type="application/atom+xml; charset=utf-8")

    def export_stream(fmt: str, q: str, f: Filters, aliases: bool):
        """Every hit of the search, streamed from a connection of its own (the response outlives
        the request's pooled one)."""
        from ..archive.export import Selection, articles, csv_chunks

        f.check()
        parse_query(q)                      # a query that cannot be read is a 400 now, not mid-stream
        selection = Selection(q, f, aliases=aliases)

        def chunks():
            db = connect(db_path, readonly=True)
            try:
                if fmt == "csv":
                    yield from csv_chunks(db, selection)
                else:
                    buf = []
                    for art in articles(db, selection):
                        buf.append(json.dumps(art.to_record(), ensure_ascii=False) + "\n")
                        if len(buf) >= 50:
                            yield "".join(buf)
                            buf = []
                    if buf:
                        yield "".join(buf)
            finally:
                db.close()

        media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
        name = "kliping-" + (re.sub(r"[^a-z0-9]+", "-", q.lower()).strip("-")[:40] or "arsip") + "." + fmt
        return StreamingResponse(chunks(), media_type=media,
                                 headers={"Content-Disposition": f'attachment; filename="{name}"'})

    def _series(db, qs: list[str], f: Filters, interval: str, aliases: bool):
        from ..archive.series import attention

        return attention(db, [q for q in qs if q.strip()][:5] or [""], f, interval, aliases, state=file_state())

    @app.get("/attention", response_class=HTMLResponse, include_in_schema=False)
    def attention_page(request: Request, q: list[str] = Query([]), outlet: list[str] = Query([]), date_from: str = "",
                       date_to: str = "", entity: list[str] = Query([]), language: str = "", kind: str = "",
                       interval: str = "auto", measure: str = "count", aliases: str = "1",
                       db: sqlite3.Connection = Depends(get_db)):
        from .chart import lines_chart

        f = filters(outlet, date_from, date_to, entity, "", language, kind)
        queries = [x for x in q if x.strip()][:5]
        error, series, chart, labels, narrow, top = None, [], None, [], [], ""
        try:
            series = _series(db, queries, f, interval, aliases != "0")
        except QueryError as e:
            error = e.in_language(ui_lang(request))
        if series and series[0].periods:
            unit = series[0].interval
            labels = [p.start[:7] if unit == "month" else p.start for p in series[0].periods]
            share = measure == "share"
            values = [[p.share * 100 if share else p.count for p in s.periods] for s in series]
            chart = lines_chart(values, [s.query or "*" for s in series], labels)
            top = f"{chart.max_value:.1f}%" if share else str(int(chart.max_value))
            base = [(k, v) for k, vs in (("outlet", outlet), ("entity", entity), ("language", language),
                                         ("kind", kind)) for v in ([vs] if isinstance(vs, str) else vs) if v]
            narrow = [["/?" + urlencode(([("q", s.query)] if s.query else []) + base +
                                        [("date_from", p.start), ("date_to", p.end)]) for p in s.periods]
                      for s in series]
        params = [(k, v) for k, vs in (("outlet", outlet), ("entity", entity), ("language", language), ("kind", kind),
                                       ("date_from", date_from), ("date_to", date_to))
                  for v in ([vs] if isinstance(vs, str) else vs) if v]
        return page(request, "attention.html", {"queries": queries, "series": series, "chart": chart,
                                                "labels": labels, "narrow": narrow, "max_label": top,
                                                "measure": measure, "params": params, "error": error},
                    status=400 if error else 200)

    @app.get("/api/attention", tags=["search"],
             summary="Articles per day, week or month for up to five searches, with their share of all articles")
    def api_attention(q: list[str] = Query([], description="up to five searches (repeat q); none: every article"),
                      outlet: list[str] = Query([]), date_from: str = "", date_to: str = "", entity: list[str] = Query([]), lang: str = "",
                      kind: str = "", interval: str = Query("auto", description="auto | day | week | month"),
                      aliases: bool = True, db: sqlite3.Connection = Depends(get_db)):
        try:
            res = _series(db, q, filters(outlet, date_from, date_to, entity, "", lang, kind), interval, aliases)
        except QueryError as e:
            return bad_request(str(e))
        return {"series": [s.to_dict() for s in res]}

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def quotes_page(request: Request, q: str = "", speaker: str = "", entity: str = "", outlet: str = "",
                    date_from: str = "", date_to: str = "", offset: int = 0,
                    db: sqlite3.Connection = Depends(get_db)):
        from ..archive.quotes import search_quotes

        error, results = None, None
        try:
            results = search_quotes(db, q, speaker, entity, outlet, date_from, date_to, limit=20,
                                    offset=_page_offset(offset))
        except QueryError as e:
            error = e.in_language(ui_lang(request))
        row = db.execute("SELECT name FROM entities WHERE key = ?", (entity,)).fetchone() if entity else None
        return page(request, "quotes.html", {"q": q, "speaker": speaker, "entity": entity, "outlet": outlet,
                                             "date_from": date_from, "date_to": date_to, "results": results,
                                             "error": error, "offset": _page_offset(offset),
                                             "entity_name": row[0] if row else entity}, status=400 if error else 200)

    @app.get("/api/quotes", tags=["quotes"], summary="Quote search: words, speaker, speaker entity, outlet, dates")
    def api_quotes(q: str = Query("", description='words of the quote: words, "phrases", OR, -word, prefix*'),
                   speaker: str = Query("", description="words of the speaker's name as written"),
                   entity: str = Query("", description="the speaker's entity key"), outlet: str = "",
                   date_from: str = Query("", description="YYYY-MM-DD"), date_to: str = Query("", description="YYYY-MM-DD"),
                   limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                   db: sqlite3.Connection = Depends(get_db)):
        from ..archive.quotes import search_quotes

        try:
            return search_quotes(db, q, speaker, entity, outlet, date_from, date_to, limit, offset).to_dict()
        except QueryError as e:
            return bad_request(str(e))

    @app.get("/export.{fmt}", tags=["export"], response_class=Response,
             summary="Every hit of a search, streamed: /export.csv (UTF-8, one article a row) or /export.jsonl "
                     "(whole articles); the search page's parameters")
    def export_route(fmt: str, q: str = "", outlet: list[str] = Query([]), date_from: str = "", date_to: str = "",
                     entity: list[str] = Query([]), story: str = "", language: str = "", kind: str = "", aliases: str = "1"):
        if fmt not in ("csv", "jsonl"):
            raise HTTPException(404, "exports are /export.csv and /export.jsonl")
        try:
            return export_stream(fmt, q, filters(outlet, date_from, date_to, entity, story, language, kind),
                                 aliases != "0")
        except QueryError as e:
            return bad_request(str(e))

    @app.get("/article/{art_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, art_id: str, view: str = "clean", db: sqlite3.Connection = Depends(get_db)):
        data = qv.article_view(db, art_id)
        if data is None:
            return page(request, "error.html", {"message": art_id}, status=404)
        return page(request, "article.html", {**data, "raw": view == "raw"})

    @app.get("/story/{story_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str, offset: int = 0, db: sqlite3.Connection = Depends(get_db)):
        data = qv.story_view(db, story_id, qv.STORY_PAGE, _page_offset(offset))
        if data is None:
            return page(request, "error.html", {"message": story_id}, status=404)
        data["chart"], data["unit"] = spread_chart(data["days"])
        return page(request, "story.html", data)

    def story_filters(date_from: str, date_to: str, lang: str = "en") -> str | None:
        """The search's own date checks (format, a reversed range), in the page's language."""
        try:
            Filters(date_from=date_from or None, date_to=date_to or None).check()
        except QueryError as e:
            return e.in_language(lang)
        return None

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request, offset: int = 0, sort: str = "size", date_from: str = "", date_to: str = "",
                     entity: str = "", outlet: str = "", db: sqlite3.Connection = Depends(get_db)):
        sort = sort if sort in qv.STORY_SORTS else "size"
        error = story_filters(date_from, date_to, ui_lang(request))
        entity = qv.entity_key(db, entity) if entity else ""      # a key, or a name typed in the form
        stories, total = ([], 0) if error else qv.list_stories(
            db, 50, _page_offset(offset), sort, date_from, date_to, entity, outlet)
        entity_name = None
        if entity:
            row = db.execute("SELECT name FROM entities WHERE key = ?", (entity,)).fetchone()
            entity_name = row[0] if row else None       # no such entity: the typed name stays editable
        return page(request, "stories.html", {"stories": stories, "total": total, "offset": _page_offset(offset),
                                              "sort": sort, "sorts": qv.STORY_SORTS, "error": error,
                                              "f": {"date_from": date_from, "date_to": date_to, "entity": entity,
                                                    "outlet": outlet}, "entity_name": entity_name},
                    status=400 if error else 200)

    @app.get("/entity/{key:path}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, key: str, db: sqlite3.Connection = Depends(get_db)):
        data = qv.entity_view(db, key)
        if data is None:
            return page(request, "error.html", {"message": key}, status=404)
        counts = {m["month"]: m["mentions"] for m in data["months"]}
        chart = month_chart([(m, counts.get(m, 0)) for m in month_range(sorted(counts))])
        top = max((c["articles"] for c in data["co_mentioned"]), default=1)
        from ..archive.quotes import search_quotes
        from ..archive.stem import words

        # what the entity said (quotes it is the speaker of), what was said about it (quotes naming it)
        said_by = search_quotes(db, entity=key, limit=5)
        name_words = [w for _, _, w in words(data["entity"]["name"])]
        about_q = '"' + " ".join(name_words) + '"' if name_words else ""
        said_about = search_quotes(db, about_q, limit=5) if about_q else None
        return page(request, "entity.html", {**data, "chart": chart, "co_max": top, "said_by": said_by,
                                             "said_about": said_about,
                                             "said_by_url": "/quotes?" + urlencode({"entity": key}),
                                             "said_about_url": "/quotes?" + urlencode({"q": about_q})})

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_page(request: Request, prefix: str = "", db: sqlite3.Connection = Depends(get_db)):
        return page(request, "entities.html", {"entities": qv.list_entities(db, prefix, 200), "prefix": prefix})

    @app.get("/outlet/{outlet:path}", response_class=HTMLResponse, include_in_schema=False)
    def outlet_page(request: Request, outlet: str, offset: int = 0, db: sqlite3.Connection = Depends(get_db)):
        data = qv.outlet_view(db, outlet, 50, _page_offset(offset))
        if data is None:
            return page(request, "error.html", {"message": outlet}, status=404)
        return page(request, "outlet.html", {**data, "offset": _page_offset(offset)})

    @app.get("/outlets", response_class=HTMLResponse, include_in_schema=False)
    def outlets_page(request: Request, db: sqlite3.Connection = Depends(get_db)):
        return page(request, "outlets.html", {"outlets": qv.list_outlets(db)})

    # ------------------------------------------------------------------ JSON API
    def bad_request(message: str) -> JSONResponse:
        return JSONResponse({"error": message}, status_code=400)

    @app.get("/api/search", tags=["search"], summary="Full-text search with filters, facets and snippets")
    def api_search(q: str = Query("", description='words, "phrases", OR, -excluded, prefix*'),
                   outlet: list[str] = Query([]), date_from: str = Query("", description="YYYY-MM-DD"),
                   date_to: str = Query("", description="YYYY-MM-DD"), entity: list[str] = Query([], description="entity key (repeat: articles naming all of them)"),
                   story: str = "", lang: str = Query("", description="article language"), kind: str = "",
                   sort: str = Query("relevance", description=" | ".join(SORTS)),
                   limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                   aliases: bool = Query(True, description="a word naming a known entity also searches its other "
                                                           "names (listed in `also_searched`)"),
                   undated: bool = Query(False, description="a date range also takes articles with no date "
                                                            "(`undated_left_out` counts those it leaves out)"),
                   group: list[str] = Query([], description="an outlet group or collection (outlet_groups.tsv), or "
                                                             "a registered domain: its outlets, any of them"),
                   db: sqlite3.Connection = Depends(get_db)):
        f = filters(outlet, date_from, date_to, entity, story, lang, kind, group, db)
        f.undated = undated
        try:
            res = cached_search(db, q, f, sort=sort, limit=limit, offset=offset, aliases=aliases)
        except QueryError as e:
            return bad_request(str(e))
        out = res.to_dict()
        out["unknown"] = [{"filter": k, "value": v}
                          for k, v in qv.unknown_filters(db, outlet, entity, story) + unknown_groups(db, group)]
        return out

    @app.get("/api/articles", tags=["articles"], summary="Articles, newest first, with the search filters")
    def api_articles(outlet: list[str] = Query([]), date_from: str = "", date_to: str = "", entity: list[str] = Query([]), story: str = "",
                     lang: str = "", kind: str = "", limit: int = Query(20, ge=1, le=100),
                     offset: int = Query(0, ge=0, le=MAX_OFFSET), db: sqlite3.Connection = Depends(get_db)):
        try:
            res = cached_search(db, "", filters(outlet, date_from, date_to, entity, story, lang, kind), sort="newest",
                         limit=limit, offset=offset, facets=False)
        except QueryError as e:
            return bad_request(str(e))
        return {"total": res.total, "articles": [{k: v for k, v in h.to_dict().items() if k not in ("score",)}
                                                 for h in res.hits]}

    @app.get("/api/articles/{art_id:path}", tags=["articles"], summary="One article with its links")
    def api_article(art_id: str, lines: bool = Query(False, description="add every line with its role"),
                    db: sqlite3.Connection = Depends(get_db)):
        data = qv.article_view(db, art_id)
        if data is None:
            raise HTTPException(404, "no such article")
        return qv.article_json(data, with_lines=lines)

    @app.get("/api/stories", tags=["stories"], summary="Stories, largest or most recent first, with filters")
    def api_stories(limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                    sort: str = Query("size", description=" | ".join(qv.STORY_SORTS)),
                    date_from: str = Query("", description="YYYY-MM-DD (stories that last until then or later)"),
                    date_to: str = Query("", description="YYYY-MM-DD (stories that began by then)"),
                    entity: str = Query("", description="entity key (or name) among the story's key entities"),
                    outlet: str = Query("", description="an outlet that reported the story"),
                    db: sqlite3.Connection = Depends(get_db)):
        if sort not in qv.STORY_SORTS:
            return bad_request(f"sort must be one of {', '.join(qv.STORY_SORTS)}")
        error = story_filters(date_from, date_to)
        if error:
            return bad_request(error)
        entity = qv.entity_key(db, entity) if entity else ""
        stories, total = qv.list_stories(db, limit, offset, sort, date_from, date_to, entity, outlet)
        return {"total": total, "stories": stories}

    @app.get("/api/stories/{story_id:path}", tags=["stories"], summary="One story with its timeline")
    def api_story(story_id: str, limit: int = Query(200, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                  db: sqlite3.Connection = Depends(get_db)):
        data = qv.story_view(db, story_id, limit, offset)
        if data is None:
            raise HTTPException(404, "no such story")
        return qv.story_json(data)

    @app.get("/api/entities", tags=["entities"], summary="Entities by the number of articles naming them")
    def api_entities(prefix: str = Query("", description="names starting with this"),
                     limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                     db: sqlite3.Connection = Depends(get_db)):
        return {"entities": qv.list_entities(db, prefix, limit, offset)}

    @app.get("/api/entities/{key:path}", tags=["entities"],
             summary="One entity: mentions per month, co-mentioned entities, articles")
    def api_entity(key: str, db: sqlite3.Connection = Depends(get_db)):
        data = qv.entity_view(db, key)
        if data is None:
            raise HTTPException(404, "no such entity")
        return data

    @app.get("/api/outlets", tags=["outlets"], summary="Outlets and their article counts")
    def api_outlets(db: sqlite3.Connection = Depends(get_db)):
        return {"outlets": qv.list_outlets(db)}

    @app.get("/api/outlets/{outlet:path}", tags=["outlets"], summary="One outlet")
    def api_outlet(outlet: str, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET),
                   db: sqlite3.Connection = Depends(get_db)):
        data = qv.outlet_view(db, outlet, limit, offset)
        if data is None:
            raise HTTPException(404, "no such outlet")
        return data

    @app.get("/api", include_in_schema=False)
    def api_root():
        return RedirectResponse("/docs")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request):
        # the API described from its own OpenAPI schema, rendered here: no script, no CDN
        routes = []
        for path, ops in app.openapi()["paths"].items():
            for method, op in ops.items():
                params = [{"name": p["name"], "where": p.get("in", ""), "about": p.get("description", ""),
                           "default": (p.get("schema") or {}).get("default")} for p in op.get("parameters", [])]
                routes.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                               "params": params})
        return page(request, "api.html", {"routes": routes})

    return app

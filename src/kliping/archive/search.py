"""Full-text search over the archive: the user's query parsed into a safe FTS5 expression,
filters, BM25 ranking (with recency as an option), facets, and highlighted snippets.

Query syntax (parsed here, never passed to FTS5 as typed, so no user text is FTS5 syntax):
    banjir kendari          both words (any form: `perundingan` also finds `berunding`)
    "harga beras"           the words in this order
    banjir OR longsor       either
    -kendari                without this word
    runding*                words starting with this (not stemmed)
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from .stem import stem_word, words

SORTS = ("relevance", "recent", "newest", "oldest")


class QueryError(ValueError):
    """A search the user typed that cannot be understood; the message says why, for the user."""


@dataclass
class Term:
    words: list[str]            # lower-cased words as typed (a phrase has several)
    prefix: bool = False
    negated: bool = False

    def fts(self) -> str:
        if self.prefix:
            return '"' + self.words[0] + '"*'
        return '"' + " ".join(stem_word(w) for w in self.words) + '"'

    def stems(self) -> set[str]:
        return set() if self.prefix else {stem_word(w) for w in self.words}


@dataclass
class Query:
    groups: list[list[Term]] = field(default_factory=list)   # AND of ORs
    excluded: list[Term] = field(default_factory=list)

    def fts(self) -> str:
        parts = []
        for group in self.groups:
            alts = [t.fts() for t in group]
            parts.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
        expr = " AND ".join(parts)
        if self.excluded:
            expr = f"({expr}) NOT (" + " OR ".join(t.fts() for t in self.excluded) + ")"
        return expr

    def stems(self) -> set[str]:
        return {s for g in self.groups for t in g for s in t.stems()}

    def prefixes(self) -> list[str]:
        return [t.words[0] for g in self.groups for t in g if t.prefix]


_TOKEN = re.compile(r'\s*(?:(-?)"([^"]*)("?)|(\S+))')


def parse_query(text: str) -> Query:
    """The user's query as a Query; QueryError with a plain message when it cannot be read."""
    text = text.strip()
    if len(text) > 500:
        raise QueryError("the search is too long (500 characters at most)")
    q = Query()
    pending_or = False
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            break
        pos = m.end()
        neg, phrase, closed, bare = m.group(1), m.group(2), m.group(3), m.group(4)
        if phrase is not None:
            if not closed:
                raise QueryError('a quotation mark is not closed: write phrases as "harga beras"')
            ws = [w for _, _, w in words(phrase)]
            if not ws:
                raise QueryError('an empty phrase ("") finds nothing: put words between the quotation marks')
            term = Term(ws, negated=bool(neg))
        else:
            if bare == "OR":
                if not q.groups or pending_or:
                    raise QueryError("OR needs a word on each side, as in: banjir OR longsor")
                pending_or = True
                continue
            negated = bare.startswith("-") and len(bare) > 1
            raw = bare[1:] if negated else bare
            prefix = raw.endswith("*")
            if '"' in raw:
                raise QueryError('a quotation mark is not closed: write phrases as "harga beras"')
            ws = [w for _, _, w in words(raw.rstrip("*"))]
            if not ws:
                if prefix:
                    raise QueryError("* goes at the end of a word, as in: runding*")
                continue   # punctuation alone: nothing to search for
            if prefix and len(ws) > 1:
                raise QueryError("* goes at the end of a single word, as in: runding*")
            term = Term(ws, prefix=prefix, negated=negated)
        if term.negated:
            if pending_or:
                raise QueryError("OR cannot join an excluded word (-word)")
            q.excluded.append(term)
        elif pending_or:
            q.groups[-1].append(term)
            pending_or = False
        else:
            q.groups.append([term])
    if pending_or:
        raise QueryError("OR needs a word on each side, as in: banjir OR longsor")
    if q.excluded and not q.groups:
        raise QueryError("a search cannot only exclude words (-word): add a word to look for")
    return q


@dataclass
class Filters:
    outlet: str | None = None
    date_from: str | None = None    # YYYY-MM-DD, inclusive
    date_to: str | None = None
    entity: str | None = None       # Entity.key
    story: str | None = None
    lang: str | None = None
    kind: str | None = None

    def check(self) -> None:
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
                raise QueryError(f"{name.replace('_', ' ')} must be a date written YYYY-MM-DD, not {value!r}")

    def sql(self) -> tuple[list[str], list[Any]]:
        self.check()
        where, args = [], []
        for col, value in (("a.outlet", self.outlet), ("a.story", self.story), ("a.lang", self.lang),
                           ("a.kind", self.kind)):
            if value:
                where.append(f"{col} = ?")
                args.append(value)
        if self.date_from:
            where.append("a.published_day >= ?")
            args.append(self.date_from)
        if self.date_to:
            where.append("a.published_day <= ?")
            # a month or year "to" includes all of it
            args.append(self.date_to + ("-99" if len(self.date_to) < 10 else ""))
        if self.entity:
            where.append("a.rowid IN (SELECT article FROM article_entities WHERE entity = ?)")
            args.append(self.entity)
        return where, args


@dataclass
class Hit:
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    kind: str
    lang: str | None
    story: str | None
    url: str | None
    score: float | None
    snippet: Markup            # escaped text with <mark> around matching words

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "outlet": self.outlet, "published": self.published,
                "kind": self.kind, "lang": self.lang, "story": self.story, "url": self.url,
                "score": self.score, "snippet": str(self.snippet)}


@dataclass
class Results:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, str, int]]]    # facet -> (value, label, count)

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "hits": [h.to_dict() for h in self.hits],
                "facets": {k: [{"value": v, "label": lab, "count": n} for v, lab, n in rows]
                           for k, rows in self.facets.items()}}


def search(db: sqlite3.Connection, text: str = "", filters: Filters | None = None, sort: str = "relevance",
           limit: int = 20, offset: int = 0, facets: bool = True) -> Results:
    """Articles matching the query and filters. An empty query lists the filtered articles, newest first."""
    filters = filters or Filters()
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}")
    limit = max(1, min(int(limit), 100))
    offset = max(0, int(offset))
    query = parse_query(text)
    where, args = filters.sql()
    if query.groups:
        base = "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        where = ["articles_fts MATCH ?"] + where
        args = [query.fts()] + args
        # title and deck weigh more than the body; bm25() is lower for better matches
        score = "bm25(articles_fts, 8.0, 4.0, 1.0)"
    else:
        base = "FROM articles a"
        score = "NULL"
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    if sort == "recent" and query.groups:
        # recency as an option: the BM25 score shrinks by half for every year an article is
        # older than the newest one in the archive (undated articles count as a year old)
        order = (f"{score} * (1.0 / (1.0 + coalesce((SELECT julianday(max(published_day)) FROM articles)"
                 " - julianday(a.published_day), 365) / 365.0)) ASC")
    elif sort == "oldest":
        order = "a.published_day IS NULL, a.published_day ASC, a.rowid"
    elif sort == "newest" or not query.groups:
        order = "a.published_day IS NULL, a.published_day DESC, a.published DESC, a.rowid"
    else:
        order = f"{score} ASC"
    try:
        total = db.execute(f"SELECT count(*) {base}{cond}", args).fetchone()[0]  # noqa: S608 - fixed SQL, args bound
        rows = db.execute(
            f"SELECT a.rowid, a.id, a.title, a.deck, a.body, a.outlet, a.published, a.kind, a.lang, a.story, a.url,"
            f" {score} AS score {base}{cond} ORDER BY {order} LIMIT ? OFFSET ?", args + [limit, offset]).fetchall()
        facet_rows = _facets(db, base, cond, args) if facets else {}
    except sqlite3.OperationalError as e:   # our expression is always valid; keep any surprise readable
        raise QueryError(f"this search cannot be run ({e})") from None
    stems, prefixes = query.stems(), query.prefixes()
    hits = [Hit(r["id"], r["title"], r["outlet"], r["published"], r["kind"], r["lang"], r["story"], r["url"],
                round(-r["score"], 4) if r["score"] is not None else None,
                snippet(r["deck"] or "", r["body"] or "", stems, prefixes)) for r in rows]
    return Results(text, total, hits, facet_rows)


def _facets(db: sqlite3.Connection, base: str, cond: str, args: list) -> dict[str, list[tuple[str, str, int]]]:
    sub = f"SELECT a.rowid {base}{cond}"
    out: dict[str, list[tuple[str, str, int]]] = {}
    out["outlet"] = [(r[0], r[0], r[1]) for r in db.execute(
        f"SELECT outlet, count(*) n FROM articles WHERE rowid IN ({sub}) AND outlet IS NOT NULL "
        "GROUP BY outlet ORDER BY n DESC, outlet LIMIT 15", args)]
    out["month"] = [(r[0], r[0], r[1]) for r in db.execute(
        f"SELECT substr(published_day, 1, 7) m, count(*) n FROM articles WHERE rowid IN ({sub}) "
        "AND published_day IS NOT NULL GROUP BY m ORDER BY m DESC LIMIT 24", args)]
    out["entity"] = [(r[0], r[1], r[2]) for r in db.execute(
        f"SELECT ae.entity, e.name, count(*) n FROM article_entities ae JOIN entities e ON e.key = ae.entity "
        f"WHERE ae.article IN ({sub}) GROUP BY ae.entity ORDER BY n DESC, e.name LIMIT 15", args)]
    out["lang"] = [(r[0], r[0], r[1]) for r in db.execute(
        f"SELECT lang, count(*) n FROM articles WHERE rowid IN ({sub}) AND lang IS NOT NULL "
        "GROUP BY lang ORDER BY n DESC", args)]
    out["kind"] = [(r[0], r[0], r[1]) for r in db.execute(
        f"SELECT kind, count(*) n FROM articles WHERE rowid IN ({sub}) GROUP BY kind ORDER BY n DESC", args)]
    return out


def snippet(deck: str, body: str, stems: set[str], prefixes: list[str] = (), width: int = 30) -> Markup:
    """About `width` words of the original text around the most matching words, HTML-escaped,
    each matching word in <mark>. Computed on the original text (the index holds stems)."""
    text = body or deck
    if not text:
        return Markup("")
    ws = words(text)
    if not ws:
        return escape(text[:200])

    def matches(w: str) -> bool:
        return stem_word(w) in stems or any(w.startswith(p) for p in prefixes)

    hit = [matches(w) for _, _, w in ws] if (stems or prefixes) else [False] * len(ws)
    if not any(hit) and deck and text is body:
        dws = words(deck)
        if any(matches(w) for _, _, w in dws):
            text, ws = deck, dws
            hit = [matches(w) for _, _, w in ws]
    # the window of `width` words with the most hits (first one on ties)
    best, best_n, n = 0, -1, 0
    for i in range(len(ws)):
        n += hit[i]
        if i >= width:
            n -= hit[i - width]
        start = max(0, i - width + 1)
        if n > best_n:
            best, best_n = start, n
    lo, hi = best, min(len(ws), best + width)
    start, end = ws[lo][0], ws[hi - 1][1]
    out = [Markup("… ") if start > 0 else Markup("")]
    cursor = start
    for i in range(lo, hi):
        s, e, _ = ws[i]
        if hit[i]:
            out.append(escape(text[cursor:s]))
            out.append(Markup("<mark>") + escape(text[s:e]) + Markup("</mark>"))
            cursor = e
    out.append(escape(text[cursor:end]))
    if end < len(text):
        out.append(Markup(" …"))
    return Markup("").join(out)

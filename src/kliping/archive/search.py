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

import json
import re
import sqlite3
import itertools
import time
from collections import Counter, OrderedDict
from itertools import accumulate
from dataclasses import dataclass, field
from typing import Any, Iterator

from markupsafe import Markup, escape

from . import expand, outlet_groups, rank, suggest
from .schema import IRREGULAR_DAY_TAG, SHORT_TAG, kind_tag, lang_tag, month_tag, outlet_tag, year_tag
from .stem import stem_word, words

SORTS = ("relevance", "recent", "newest", "oldest")
# a query is counted and ranked among at most this many matches, its most recently archived
MATCH_LIMIT = 3000


class QueryError(ValueError):
    """A search the user typed that cannot be understood; the message says why, for the user, in
    English (`str(e)`, what the API answers) and in Indonesian (`in_language("id")`, the reader)."""

    def __init__(self, message: str, indonesian: str | None = None) -> None:
        super().__init__(message)
        self.indonesian = indonesian or message

    def in_language(self, lang: str) -> str:
        return self.indonesian if lang == "id" else str(self)


class QueryTooCostly(QueryError):
    """A search refused for what it would cost (too many or too short prefixes, or over the time
    budget); the message says how to narrow it."""


_UNCLOSED_ID = 'tanda kutip belum ditutup: tulis frasa seperti "harga beras"'
_OR_ID = "OR perlu kata di kedua sisinya, seperti: banjir OR longsor"

# Bounds on what one search may cost: a prefix expands to every indexed word that starts with it,
# so short ones and many of them walk most of the index; and a time budget for whatever is left.
MIN_PREFIX_CHARS = 3
MAX_PREFIX_TERMS = 4
MAX_TERMS = 32
SEARCH_BUDGET_S = 2.0
PROGRESS_STEPS = 20_000     # SQLite virtual-machine steps between two looks at the clock


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
        raise QueryError("the search is too long (500 characters at most)",
                         "pencarian terlalu panjang (paling banyak 500 karakter)")
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
                raise QueryError('a quotation mark is not closed: write phrases as "harga beras"', _UNCLOSED_ID)
            ws = [w for _, _, w in words(phrase)]
            if not ws:
                raise QueryError('an empty phrase ("") finds nothing: put words between the quotation marks',
                                 'frasa kosong ("") tidak menemukan apa pun: tulis kata di antara tanda kutip')
            term = Term(ws, negated=bool(neg))
        else:
            if bare == "OR":
                if not q.groups or pending_or:
                    raise QueryError("OR needs a word on each side, as in: banjir OR longsor", _OR_ID)
                pending_or = True
                continue
            negated = bare.startswith("-") and len(bare) > 1
            raw = bare[1:] if negated else bare
            prefix = raw.endswith("*")
            if '"' in raw:
                raise QueryError('a quotation mark is not closed: write phrases as "harga beras"', _UNCLOSED_ID)
            ws = [w for _, _, w in words(raw.rstrip("*"))]
            if not ws:
                if prefix:
                    raise QueryError("* goes at the end of a word, as in: runding*",
                                     "* ditulis di akhir kata, seperti: runding*")
                continue   # punctuation alone: nothing to search for
            if prefix and len(ws) > 1:
                raise QueryError("* goes at the end of a single word, as in: runding*",
                                 "* ditulis di akhir satu kata, seperti: runding*")
            term = Term(ws, prefix=prefix, negated=negated)
        if term.negated:
            if pending_or:
                raise QueryError("OR cannot join an excluded word (-word)",
                                 "OR tidak bisa menggabungkan kata yang dikecualikan (-kata)")
            q.excluded.append(term)
        elif pending_or:
            q.groups[-1].append(term)
            pending_or = False
        else:
            q.groups.append([term])
    if pending_or:
        raise QueryError("OR needs a word on each side, as in: banjir OR longsor", _OR_ID)
    terms = [t for g in q.groups for t in g] + q.excluded
    prefixes = [t for t in terms if t.prefix]
    if any(len(t.words[0]) < MIN_PREFIX_CHARS for t in prefixes):
        raise QueryTooCostly(f"a word with * needs at least {MIN_PREFIX_CHARS} letters before it, as in: runding*",
                             f"kata dengan * perlu paling sedikit {MIN_PREFIX_CHARS} huruf sebelumnya, seperti: runding*")
    if len(prefixes) > MAX_PREFIX_TERMS:
        raise QueryTooCostly(f"at most {MAX_PREFIX_TERMS} words with * in one search",
                             f"paling banyak {MAX_PREFIX_TERMS} kata dengan * dalam satu pencarian")
    if len(terms) > MAX_TERMS:
        raise QueryTooCostly(f"at most {MAX_TERMS} words or phrases in one search",
                             f"paling banyak {MAX_TERMS} kata atau frasa dalam satu pencarian")
    if q.excluded and not q.groups:
        raise QueryError("a search cannot only exclude words (-word): add a word to look for",
                         "pencarian tidak bisa hanya mengecualikan kata (-kata): tambahkan kata yang dicari")
    return q


@dataclass
class Filters:
    outlet: str | tuple[str, ...] | None = None     # one outlet, or several: any of them
    date_from: str | None = None    # YYYY-MM-DD, inclusive
    date_to: str | None = None
    entity: str | tuple[str, ...] | None = None     # Entity.key, or several: all of them
    story: str | None = None
    lang: str | None = None
    kind: str | None = None
    undated: bool = False           # a date range also takes the articles with no date at all

    def check(self) -> None:
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
                raise QueryError(f"{name.replace('_', ' ')} must be a date written YYYY-MM-DD, not {value!r}",
                                 f"{'tanggal awal' if name == 'date_from' else 'tanggal akhir'} ditulis TTTT-BB-HH, "
                                 f"bukan {value!r}")
        # a range whose start is after its end finds nothing: say so instead of a silent zero
        if self.date_from and self.date_to and self.date_from[:len(self.date_to)] > self.date_to:
            raise QueryError(f"the date range is reversed: from {self.date_from} is after to {self.date_to}",
                             f"rentang tanggal terbalik: dari {self.date_from} jatuh setelah sampai {self.date_to}")

    def sql(self, per_row: bool = False, entity_tables: dict[str, str] | None = None) -> tuple[list[str], list[Any]]:
        """WHERE conditions on `articles a`. `per_row`: the entity test looks up each candidate
        article (what a text query wants: its matches are few, where an entity can be named in
        hundreds of thousands of articles). `entity_tables`: temporary tables holding the
        articles of some of the entities (`entity_set`), used instead of reading their lists."""
        self.check()
        where, args = [], []
        outlets = _values(self.outlet)
        if outlets:
            where.append("a.outlet = ?" if len(outlets) == 1 else f"a.outlet IN ({','.join('?' * len(outlets))})")
            args += outlets
        for col, value in (("a.story", self.story), ("a.lang", self.lang), ("a.kind", self.kind)):
            if value:
                where.append(f"{col} = ?")
                args.append(value)
        dates, dargs = [], []
        if self.date_from:
            dates.append("a.published_day >= ?")
            dargs.append(self.date_from)
        if self.date_to:
            dates.append("a.published_day <= ?")
            # a month or year "to" includes all of it
            dargs.append(self.date_to + ("-99" if len(self.date_to) < 10 else ""))
        if dates and self.undated:
            where.append("(" + " AND ".join(dates) + " OR a.published_day IS NULL)")
        else:
            where += dates
        args += dargs
        for key in _values(self.entity):       # every entity named: all of them
            if entity_tables and key in entity_tables:
                where.append(f"a.rowid IN temp.{entity_tables[key]}")
                continue
            where.append("EXISTS (SELECT 1 FROM article_entities WHERE article = a.rowid AND entity = ?)" if per_row
                         else "a.rowid IN (SELECT article FROM article_entities WHERE entity = ?)")
            args.append(key)
        return where, args


    def tags(self, db: sqlite3.Connection) -> str | None:
        """Filter tokens for the FTS5 MATCH expression (schema v4 `tags` column), or None. They are
        a necessary condition: every article that passes the SQL conditions of sql() carries
        them, so ANDing them to the query only lets FTS5 skip rows that would fail anyway
        (results are those of the SQL conditions alone, found without walking every match)."""
        self.check()
        outlets = _values(self.outlet)
        parts = [_quote(t) for t in (lang_tag(self.lang) if self.lang else None,
                                     kind_tag(self.kind) if self.kind else None) if t]
        if outlets:
            parts.insert(0, "(" + " OR ".join(_quote(outlet_tag(o)) for o in outlets) + ")" if len(outlets) > 1
                         else _quote(outlet_tag(outlets[0])))
        dates = self._date_tags(db)
        if dates:
            parts.append("(" + " OR ".join(_quote(t) for t in dates) + ")")
        # a value most articles have (the archive's main language, kind `article`) would only slow
        # the walk: FTS5 would step through its long list beside the query's
        parts = [p for p in parts if not _dense(db, p)]
        if not parts:
            return None
        # rows with fewer words than tags carry only SHORT_TAG: the SQL conditions decide for them
        return "(" + " AND ".join(parts) + ") OR " + _quote(SHORT_TAG)

    def _date_tags(self, db: sqlite3.Connection) -> list[str] | None:
        """Month (or year) tokens covering the date range, plus the token of irregular days;
        None when the range covers most of the archive (the tokens would not narrow the walk), or
        takes undated articles too (they carry no date token)."""
        if not (self.date_from or self.date_to) or self.undated:
            return None
        # the bounds the SQL compares with (a month or year "to" includes all of it)
        lo = self.date_from
        hi = self.date_to + ("-99" if len(self.date_to) < 10 else "") if self.date_to else None
        first = db.execute("SELECT min(published_day) FROM articles").fetchone()[0]
        last = db.execute("SELECT max(published_day) FROM articles").fetchone()[0]
        if first is None:
            return None
        # every dated article lies between the first and the last day: clamp the range to them
        lo = max(lo, first) if lo else first
        hi = min(hi, last) if hi else last
        lo_ym, hi_ym, first_ym, last_ym = (_year_month(x) for x in (lo, hi, first, last))
        if lo > hi or lo_ym is None or hi_ym is None or hi_ym[0] - lo_ym[0] > 100:
            return None
        # a day d with lo <= d <= hi (as text) has lo[:7] <= d[:7] <= hi[:7]; a real day's month
        # is one of these
        months = [f"{y:04d}-{m:02d}" for y in range(lo_ym[0], hi_ym[0] + 1) for m in range(1, 13)]
        months = [ym for ym in months if lo[:7] <= ym <= hi[:7]]
        if first_ym and last_ym and len(months) * 2 > (last_ym[0] - first_ym[0]) * 12 + last_ym[1] - first_ym[1] + 1:
            return None      # half the archive's months or more: checking each match costs less
        by_year: dict[int, list[int]] = {}
        for ym in months:
            by_year.setdefault(int(ym[:4]), []).append(int(ym[5:7]))
        if len(months) <= 24:      # whole years as one token, the rest month by month
            tags = [year_tag(y) if len(ms) == 12 else month_tag(y, m)
                    for y, ms in by_year.items() for m in (ms[:1] if len(ms) == 12 else ms)]
        elif len(by_year) <= 12:
            tags = [year_tag(y) for y in by_year]
        else:
            return None
        return tags + [IRREGULAR_DAY_TAG]


def _values(value: str | tuple[str, ...] | list[str] | None) -> list[str]:
    """A filter's values: none, one, or several."""
    if not value:
        return []
    return [value] if isinstance(value, str) else [v for v in value if v]


def _year_month(day: str) -> tuple[int, int] | None:
    """(year, month) of a day's text when it starts with an ASCII year (month 1 when none is
    written or it is not two digits)."""
    if not re.match(r"[0-9]{4}", day):
        return None
    return int(day[:4]), int(day[5:7]) if re.fullmatch(r"[0-9]{2}", day[5:7]) else 1


# a filter token goes into the MATCH expression when fewer than this share of the most recently
# archived articles carry it
DENSE = 0.25
ENTITY_SET_SHARE = 0.05
_PROBE = 256


def _dense(db: sqlite3.Connection, tags: str, share: float | None = None) -> bool:
    """Whether the rows with these filter tokens are DENSE or more of the most recently archived
    ones (the last _PROBE of them, found by FTS5 in a fraction of a millisecond)."""
    n, low = db.execute(f"SELECT count(*), min(rowid) FROM (SELECT rowid FROM articles_fts WHERE articles_fts "
                        f"MATCH ? ORDER BY rowid DESC LIMIT {_PROBE})", (tags,)).fetchone()
    if n < _PROBE:
        return False
    high = db.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 0
    return n >= (DENSE if share is None else share) * (high - low + 1)


def _quote(token: str) -> str:
    return '"' + token + '"'


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
    published_estimate: str | None = None   # the estimated day of an undated article

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "outlet": self.outlet, "published": self.published,
                "published_estimate": self.published_estimate,
                "kind": self.kind, "lang": self.lang, "story": self.story, "url": self.url,
                "score": self.score, "snippet": str(self.snippet)}


@dataclass
class Results:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, str, int]]]    # facet -> (value, label, count)
    total_capped: bool = False     # more than MATCH_LIMIT matches: total is MATCH_LIMIT, the rest unranked
    suggestions: list[str] = field(default_factory=list)   # other searches, for one that found (next to) nothing
    expansions: list[Any] = field(default_factory=list)    # expand.Expansion: other names of entities searched too
    undated_left_out: int = 0      # matches with no date at all that a date range left out (up to MATCH_LIMIT)

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "total_capped": self.total_capped,
                "suggestions": self.suggestions, "also_searched": [e.to_dict() for e in self.expansions],
                "undated_left_out": self.undated_left_out,
                "hits": [h.to_dict() for h in self.hits],
                "facets": {k: [{"value": v, "label": lab, "count": n} for v, lab, n in rows]
                           for k, rows in self.facets.items()}}


def search(db: sqlite3.Connection, text: str = "", filters: Filters | None = None, sort: str = "relevance",
           limit: int = 20, offset: int = 0, facets: bool = True, budget: float | None = SEARCH_BUDGET_S,
           aliases: bool = True) -> Results:
    """Articles matching the query and filters. An empty query lists the filtered articles, newest first.
    `budget`: seconds of SQLite work the search may take before it is stopped (QueryTooCostly).
    `aliases`: a word or phrase naming a known entity also searches its other names (expand.py)."""
    filters = filters or Filters()
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}", f"urutan harus salah satu dari {', '.join(SORTS)}")
    limit = max(1, min(int(limit), 100))
    offset = max(0, int(offset))
    query = parse_query(text)
    expansions = expand.expand(db, query) if aliases and query.groups else []
    where, args = filters.sql(per_row=bool(query.groups))
    if budget is not None:
        deadline = time.monotonic() + budget
        # SQLite calls this every PROGRESS_STEPS steps; a true answer stops the statement
        db.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)
    try:
        if query.groups:
            rows, total, capped, facet_rows = _ranked_matches(db, query, filters, where, args, sort, limit, offset,
                                                              facets)
        else:
            rows, total, facet_rows = _listed(db, where, args, sort, limit, offset, facets)
            capped = False
    except sqlite3.OperationalError as e:   # our expression is always valid; keep any surprise readable
        if "interrupted" in str(e):
            raise QueryTooCostly(f"this search takes too long on this archive (over {budget:g} s): use rarer "
                                 "words, fewer words with * or OR, or a filter (outlet, dates)",
                                 f"pencarian ini terlalu lama untuk arsip ini (lebih dari {budget:g} detik): pakai kata "
                                 "yang lebih jarang, lebih sedikit kata dengan * atau OR, atau saringan (media, tanggal)"
                                 ) from None
        raise QueryError(f"this search cannot be run ({e})", f"pencarian ini tidak bisa dijalankan ({e})") from None
    finally:
        if budget is not None:
            db.set_progress_handler(None, 0)
    suggestions: list[str] = []
    if query.groups and total <= suggest.FEW:
        try:
            suggestions = suggest.suggest(db, text, [w for g in query.groups for t in g if not t.prefix
                                                     for w in t.words], total)
        except sqlite3.OperationalError:      # an index without a vocabulary to read: no suggestion
            suggestions = []
    left_out = 0
    if (filters.date_from or filters.date_to) and not filters.undated and _has_undated(db):
        # the articles a date range cannot place: counted, so the reader can offer them
        undated = Filters(**{**vars(filters), "date_from": None, "date_to": None})
        uw, ua = undated.sql(per_row=bool(query.groups))
        uw.append("a.published_day IS NULL")
        if query.groups:
            left_out = db.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM articles_fts "
                f"{'JOIN articles' if filters.story else 'CROSS JOIN article_facts'} a "
                f"ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ? AND {' AND '.join(uw)} "
                f"LIMIT {MATCH_LIMIT})", [query.fts()] + ua).fetchone()[0]
        else:
            left_out = db.execute(f"SELECT count(*) FROM articles a WHERE {' AND '.join(uw)}", ua).fetchone()[0]
    stems, prefixes = query.stems(), query.prefixes()
    hits = [Hit(r["id"], r["title"], r["outlet"], r["published"], r["kind"], r["lang"], r["story"], r["url"],
                round(-score, 4) if score is not None else None,
                snippet(r["deck"] or "", r["body"] or "", stems, prefixes), r["published_estimate"])
            for r, score in rows]
    return Results(text, total, hits, facet_rows, capped, suggestions, expansions, left_out)


_ARTICLE_COLS = ("a.rowid, a.id, a.title, a.deck, a.body, a.outlet, a.published, a.kind, a.lang, a.story, a.url, "
                 "a.published_estimate")


def match_source(db: sqlite3.Connection, text: str = "", filters: Filters | None = None,
                 aliases: bool = True) -> tuple[str, list[Any]]:
    """`FROM ... WHERE ...` (alias `a` for the article's narrow row) of every article a search
    finds, with its parameters: no ranking and no MATCH_LIMIT (exports, attention over time)."""
    filters = filters or Filters()
    query = parse_query(text)
    if aliases and query.groups:
        expand.expand(db, query)
    # an entity filter is tested per match for a rare query; a query matching a twentieth or more
    # of the archive reads the entity's article list once per connection instead (at 1M articles:
    # 'dikatakan', 424k matches, 675 -> 230 ms; a rare word stays at 2-12 ms instead of 95), and
    # once it is read every query under that filter uses it
    keys = _values(filters.entity)
    per_row = bool(query.groups) and not (keys and (all(_entity_set_kept(db, k) for k in keys)
                                                    or _dense(db, query.fts(), ENTITY_SET_SHARE)))
    tables = None
    if query.groups and not per_row:
        # compared queries (attention) and repeated exports under one entity filter read its
        # article list once per connection: 'banjir' under LOC:jakarta at 1M, 207 -> 126 ms
        tables = {key: entity_set(db, key) for key in keys}
    where, args = filters.sql(per_row=per_row, entity_tables=tables)
    if query.groups:
        expr = query.fts()
        tags = filters.tags(db)
        if tags:
            expr = f"({expr}) AND ({tags})"
        join = "JOIN articles" if filters.story else "CROSS JOIN article_facts"
        return (f"FROM articles_fts {join} a ON a.rowid = articles_fts.rowid WHERE "
                + " AND ".join(["articles_fts MATCH ?"] + where), [expr] + args)
    src = "articles" if filters.story else "article_facts"
    return f"FROM {src} a" + (" WHERE " + " AND ".join(where) if where else ""), args


class _EntitySets:
    """One connection's temporary entity tables: key -> (table, archive state when made)."""

    def __init__(self) -> None:
        self.tables: OrderedDict[str, tuple[str, tuple[int, int]]] = OrderedDict()
        self.own_changes = 0      # rows this cache inserted (they count in total_changes too)

    def state(self, db: sqlite3.Connection) -> tuple[int, int]:
        return db.execute("PRAGMA data_version").fetchone()[0], db.total_changes - self.own_changes


# per connection (sqlite3 connections take no weak references: the latest CONNECTIONS_KEPT are
# held, so an id is never reused while its entry lives)
_ENTITY_SETS: OrderedDict[int, tuple[sqlite3.Connection, _EntitySets]] = OrderedDict()
ENTITY_SETS_KEPT = 8
CONNECTIONS_KEPT = 64


def _entity_set_kept(db: sqlite3.Connection, key: str) -> bool:
    held = _ENTITY_SETS.get(id(db))
    got = held[1].tables.get(key) if held is not None and held[0] is db else None
    return got is not None and got[1] == held[1].state(db)


def entity_set(db: sqlite3.Connection, key: str) -> str:
    """The name of a temporary table (this connection's own) of the rowids of the articles that
    name the entity, made once and kept while the archive is unchanged (`PRAGMA data_version`
    for other connections' commits, `total_changes` for this one's), the ENTITY_SETS_KEPT latest
    per connection."""
    held = _ENTITY_SETS.get(id(db))
    if held is None:
        held = _ENTITY_SETS[id(db)] = (db, _EntitySets())
        while len(_ENTITY_SETS) > CONNECTIONS_KEPT:
            _ENTITY_SETS.popitem(last=False)
    _ENTITY_SETS.move_to_end(id(db))
    sets = held[1]
    state = sets.state(db)
    got = sets.tables.get(key)
    if got is not None and got[1] == state:
        sets.tables.move_to_end(key)
        return got[0]
    if got is not None:
        del sets.tables[key]
        db.execute(f"DROP TABLE IF EXISTS temp.{got[0]}")
    name = f"kliping_entity_set_{next(_SET_NAMES)}"
    was_open = db.in_transaction
    db.execute(f"CREATE TEMP TABLE {name} (rowid INTEGER PRIMARY KEY)")
    before = db.total_changes
    db.execute(f"INSERT INTO temp.{name} SELECT article FROM article_entities WHERE entity = ?", (key,))
    sets.own_changes += db.total_changes - before
    if not was_open and db.in_transaction:
        # the module's implicit transaction around the INSERT would keep a read lock on the
        # archive: a build or crawl could not write while a reader's connection sits in the pool
        db.commit()
    sets.tables[key] = (name, state)
    while len(sets.tables) > ENTITY_SETS_KEPT:
        _, (old, _) = sets.tables.popitem(last=False)
        db.execute(f"DROP TABLE IF EXISTS temp.{old}")
    return name


_SET_NAMES = itertools.count(1)

_UNDATED: OrderedDict[int, tuple[sqlite3.Connection, tuple[int, int], bool]] = OrderedDict()


def _has_undated(db: sqlite3.Connection) -> bool:
    """Whether the archive holds any article without a day (read once per connection while the
    archive is unchanged): a date-filtered search then need not walk its matches to count the
    undated ones it leaves out (at 1M dated articles, 70 of a search's 90 ms for a common word)."""
    state = (db.execute("PRAGMA data_version").fetchone()[0], db.total_changes)
    got = _UNDATED.get(id(db))
    if got is not None and got[0] is db and got[1] == state:
        return got[2]
    found = db.execute("SELECT 1 FROM article_facts WHERE published_day IS NULL LIMIT 1").fetchone() is not None
    _UNDATED[id(db)] = (db, state, found)
    _UNDATED.move_to_end(id(db))
    while len(_UNDATED) > CONNECTIONS_KEPT:
        _UNDATED.popitem(last=False)
    return found


def every_match(db: sqlite3.Connection, text: str = "", filters: Filters | None = None,
                aliases: bool = True) -> Iterator[int]:
    """The rowids of every article the search finds (no MATCH_LIMIT: what an export writes), newest
    first (by day, then time; undated last), streamed from SQLite."""
    source, args = match_source(db, text, filters, aliases)
    cur = db.execute(f"SELECT a.rowid {source} ORDER BY a.published_day IS NULL, a.published_day DESC, "
                     f"a.published DESC, a.rowid", args)
    while rows := cur.fetchmany(1000):
        for (rowid,) in rows:
            yield rowid


def _read_articles(db: sqlite3.Connection, ranked: list[tuple[int, float | None]]) -> list[tuple[sqlite3.Row, float | None]]:
    """The page of results, chosen on narrow rows first (no body: an article's text lies in
    overflow pages that ranking never needs), read whole."""
    by_rowid = {r["rowid"]: r for r in db.execute(
        f"SELECT {_ARTICLE_COLS} FROM articles a WHERE a.rowid IN ({','.join('?' * len(ranked))})",
        [r[0] for r in ranked])}
    return [(by_rowid[rid], score) for rid, score in ranked]


def _ranked_matches(db: sqlite3.Connection, query: Query, filters: Filters, where: list[str], args: list,
                    sort: str, limit: int, offset: int, facets: bool):
    """A text query: its MATCH_LIMIT + 1 most recently archived matches that pass the filters,
    in one FTS5 walk (the filter tokens in the MATCH expression let FTS5 skip to rows that can
    pass; the SQL conditions decide), ranked here; the facets count the first of them."""
    expr = query.fts()
    tags = filters.tags(db)
    if tags:
        expr = f"({expr}) AND ({tags})"
    # title and deck weigh more than the body, the filter tokens not at all; bm25() is lower for
    # better matches (rank.py: the same score, with each phrase's document count remembered)
    score, score_args = rank.score_sql(db, expr, (8.0, 4.0, 1.0, 0.0))
    # a query is ranked among its MATCH_LIMIT most recently archived matches (FTS5 walks its
    # matches in rowid order and stops there): on a large archive a common word matches
    # hundreds of thousands of articles, and scoring them all would take seconds
    if not where and sort == "relevance":
        # nothing to check or order by but the score: the index alone, and the facts of the
        # facet sample read after
        rows = rank.execute(db, f"SELECT rowid, {score} FROM articles_fts WHERE articles_fts MATCH ? "
                                f"ORDER BY rowid DESC LIMIT {MATCH_LIMIT + 1}", score_args + [expr])
        order = sorted(rows, key=lambda r: r[1])      # ties keep the most recently archived first
    else:
        # FTS5 first (the filter tokens make it the cheap side), each match checked on its narrow
        # facts row; except for a story: a story has a few articles, found by its index, and each
        # is checked against the match
        join = "JOIN articles" if filters.story else "CROSS JOIN article_facts"
        cond = " AND ".join(["articles_fts MATCH ?"] + where)
        # only the columns the sort reads come back (each value is a Python object to make)
        if sort == "relevance":
            cols = "rid, s"
        elif sort == "recent":
            # recency as an option: the BM25 score shrinks by half for every year an article is
            # older than the newest one in the archive (undated articles count as a year old)
            cols = ("rid, s, s * (1.0 / (1.0 + coalesce((SELECT julianday(max(published_day)) FROM articles)"
                    " - julianday(d), 365) / 365.0))")
        else:
            cols = "rid, s, NULL, d, p"
        rows = rank.execute(
            db, f"SELECT {cols} FROM (SELECT a.rowid AS rid, {score} AS s, a.published_day AS d, "
                f"a.published AS p FROM articles_fts {join} a ON a.rowid = articles_fts.rowid WHERE {cond} "
                f"ORDER BY articles_fts.rowid DESC LIMIT {MATCH_LIMIT + 1}) ORDER BY rid DESC",
            score_args + [expr] + args)
        order = list(rows)      # most recently archived first: ties keep that order
        if sort == "relevance":
            order.sort(key=lambda r: r[1])
        elif sort == "recent":
            order.sort(key=lambda r: r[2])
        elif sort == "oldest":
            order.sort(key=lambda r: r[0])
            order.sort(key=lambda r: (r[3] is None, r[3] or ""))
        else:   # newest: dated first, by day, then by time, newest first
            order.sort(key=lambda r: r[0])
            order.sort(key=lambda r: (r[4] is not None, r[4] or ""), reverse=True)
            order.sort(key=lambda r: (r[3] is not None, r[3] or ""), reverse=True)
    total = len(rows)
    page = _read_articles(db, [(r[0], r[1]) for r in order[offset:offset + limit]])
    facet_rows = _facet_counts(db, [r[0] for r in rows[:FACET_SAMPLE]]) if facets else {}
    return page, min(total, MATCH_LIMIT), total > MATCH_LIMIT, facet_rows


def _listed(db: sqlite3.Connection, where: list[str], args: list, sort: str, limit: int, offset: int,
            facets: bool):
    """No query: the filtered articles, newest (or oldest) first, all counted."""
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    order = ("a.published_day IS NULL, a.published_day ASC, a.rowid" if sort == "oldest"
             else "a.published_day IS NULL, a.published_day DESC, a.published DESC, a.rowid")
    ranked = db.execute(f"SELECT a.rowid, NULL FROM articles a{cond} ORDER BY {order} LIMIT ? OFFSET ?",
                        args + [limit, offset]).fetchall()
    total = db.execute(f"SELECT count(*) FROM articles a{cond}", args).fetchone()[0]  # noqa: S608 - fixed SQL
    facet_rows = {}
    if facets:
        facet_rows = _facet_counts(db, [r[0] for r in db.execute(
            f"SELECT a.rowid FROM articles a{cond} ORDER BY a.rowid DESC LIMIT {FACET_SAMPLE}", args)])
    return _read_articles(db, [tuple(r) for r in ranked]), total, facet_rows


# Facets are counted over at most this many matches (the most recently archived ones): on a
# large archive a common word matches hundreds of thousands of articles, and counting all of
# them would take seconds. Below it (every small archive) the counts are exact.
FACET_SAMPLE = 1000
ENTITY_SAMPLE = 250     # entities: over the first 250 of those (an article names tens of them)


def _facet_counts(db: sqlite3.Connection, rowids: list[int]) -> dict[str, list[tuple[str, str, int]]]:
    """Facets of these articles (the sampled matches, most recently archived first): outlet,
    month, language and kind counted over all of them, entities over the first ENTITY_SAMPLE.
    The values come from the narrow `article_facts` rows as one JSON array a facet (the ids
    walked in their list: an `IN (...)` would first sort them into a temporary index), counted
    here: turning each row into Python objects, or SQLite's GROUP BY sorting them, cost more."""
    ids = json.dumps(rowids)
    arrays = db.execute(
        "SELECT json_group_array(outlet), json_group_array(substr(published_day, 1, 7)), json_group_array(lang), "
        "json_group_array(kind) FROM json_each(?) j CROSS JOIN article_facts f ON f.rowid = j.value", (ids,)).fetchone()
    outlets, months, langs, kinds = (Counter(v for v in json.loads(a) if v is not None) for a in arrays)
    out: dict[str, list[tuple[str, str, int]]] = {}
    out["outlet"] = [(v, v, n) for v, n in sorted(outlets.items(), key=lambda x: (-x[1], x[0]))[:15]]
    # networks: the groups holding two or more of the sampled outlets (outlet_groups.py)
    out["network"] = [(k, name, n) for k, name, n, _ in outlet_groups.counted(outlets, outlet_groups.load_groups())[:10]]
    out["month"] = [(v, v, n) for v, n in sorted(months.items(), reverse=True)[:24]]
    named = Counter(json.loads(db.execute(
        "SELECT json_group_array(entity) FROM json_each(?) j CROSS JOIN article_entities ae ON ae.article = j.value",
        (json.dumps(rowids[:ENTITY_SAMPLE]),)).fetchone()[0]))
    top: list[tuple[str, str, int]] = []
    if named:
        # the 15 most named, ties by name: names are read for the ones that can make the cut
        ranked = named.most_common()
        cut = ranked[min(15, len(ranked)) - 1][1]
        keys = [k for k, n in ranked if n >= cut]
        names = dict(db.execute("SELECT key, name FROM entities WHERE key IN (SELECT value FROM json_each(?))",
                                (json.dumps(keys),)).fetchall())
        top = sorted(((k, names[k], n) for k, n in ranked if n >= cut and k in names), key=lambda x: (-x[2], x[1]))[:15]
    out["entity"] = top
    out["lang"] = [(v, v, n) for v, n in sorted(langs.items(), key=lambda x: (-x[1], x[0]))]
    out["kind"] = [(v, v, n) for v, n in sorted(kinds.items(), key=lambda x: (-x[1], x[0]))]
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

    def hits_of(ws: list[tuple[int, int, str]]) -> list[bool]:
        # each distinct word is stemmed once, then every occurrence looked up in a set (the loop
        # per word of a long body in Python was most of a search's snippet time)
        found = {w for w in {w for _, _, w in ws} if stem_word(w) in stems or any(w.startswith(p) for p in prefixes)}
        return [w in found for _, _, w in ws]

    hit = hits_of(ws) if (stems or prefixes) else [False] * len(ws)
    if not any(hit) and deck and text is body:
        dws = words(deck)
        dhit = hits_of(dws) if (stems or prefixes) else []
        if any(dhit):
            text, ws, hit = deck, dws, dhit
    # the window of `width` words with the most hits (first one on ties): hits in the window that
    # ends at word i, for every i, from running totals
    sums = list(accumulate(hit, initial=0))
    counts = [sums[i + 1] - sums[max(0, i - width + 1)] for i in range(len(ws))]
    i = counts.index(max(counts))
    best = max(0, i - width + 1)
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

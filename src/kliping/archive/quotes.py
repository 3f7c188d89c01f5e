"""Who said what: search over the archive's direct quotes (enrich/quotes.py found them; schema
v9 indexes their stemmed words and speakers in `quotes_fts`).

A quote search takes the words of the quote (the search syntax of search.py: words, "phrases",
OR, -word, prefix*; stemmed the same way), a speaker as written (`speaker`: words of the name,
searched in the speaker column), a speaker entity (`entity`: its key, e.g. PER:joko_widodo),
an outlet and a date range (of the article). Hits come newest first (the article's day, then
the article, then the quote's place in it); `speakers` counts who said the matching quotes
(entity display names where the speaker is one), over the first SPEAKER_SAMPLE matches.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from .search import Filters, QueryError, parse_query
from .stem import stem_text

SPEAKER_SAMPLE = 2000
MAX_LIMIT = 100


@dataclass
class QuoteHit:
    text: str
    speaker: str | None
    speaker_entity: str | None
    speaker_name: str | None      # the entity's display name, where the speaker is an entity
    article: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    published_estimate: str | None

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass
class QuoteResults:
    total: int
    hits: list[QuoteHit]
    speakers: list[tuple[str, str, int]] = field(default_factory=list)   # (entity key or name, label, count)

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "hits": [h.to_dict() for h in self.hits],
                "speakers": [{"value": v, "label": lab, "count": n} for v, lab, n in self.speakers]}


def search_quotes(db: sqlite3.Connection, text: str = "", speaker: str = "", entity: str = "", outlet: str = "",
                  date_from: str = "", date_to: str = "", limit: int = 20, offset: int = 0) -> QuoteResults:
    """Quotes matching the words, speaker, speaker entity, outlet and dates; QueryError for a
    search that cannot be read."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    parts = []
    query = parse_query(text)
    if query.groups:
        parts.append("{text} : (" + query.fts() + ")")
    if speaker.strip():
        words = stem_text(speaker).split()
        if not words:
            raise QueryError("the speaker has no letters or digits", "nama pembicara tidak memuat huruf atau angka")
        parts.append("{speaker} : (" + " AND ".join('"' + w + '"' for w in words) + ")")
    # the article's filters (outlet, dates) checked on its narrow facts row
    where, args = Filters(outlet=outlet or None, date_from=date_from or None, date_to=date_to or None).sql()
    if entity:
        where.append("q.speaker_entity = ?")
        args.append(entity)
    if parts:
        src = "quotes_fts f CROSS JOIN quotes q ON q.rowid = f.rowid"
        where.insert(0, "quotes_fts MATCH ?")
        args.insert(0, " AND ".join(parts))
    else:
        src = "quotes q"
    cond = " WHERE " + " AND ".join(where) if where else ""
    joins = f"FROM {src} JOIN article_facts a ON a.rowid = q.article"
    base = joins + cond
    total = db.execute(f"SELECT count(*) {base}", args).fetchone()[0]  # noqa: S608 - fixed SQL, bound values
    rows = db.execute(
        f"SELECT q.text, q.speaker, q.speaker_entity, e.name, x.id, x.title, x.url, x.outlet, x.published, "
        f"x.published_estimate {joins} JOIN articles x ON x.rowid = q.article "
        f"LEFT JOIN entities e ON e.key = q.speaker_entity{cond} "
        f"ORDER BY a.published_day IS NULL, a.published_day DESC, a.published DESC, q.article DESC, q.rowid "
        f"LIMIT ? OFFSET ?", args + [limit, offset]).fetchall()
    hits = [QuoteHit(*r) for r in rows]
    counts = db.execute(
        f"SELECT coalesce(q.speaker_entity, q.speaker), coalesce(e.name, q.speaker), count(*) FROM "
        f"(SELECT q.rowid AS rid {base} LIMIT {SPEAKER_SAMPLE}) s JOIN quotes q ON q.rowid = s.rid "
        f"LEFT JOIN entities e ON e.key = q.speaker_entity WHERE q.speaker IS NOT NULL "
        f"GROUP BY 1 ORDER BY 3 DESC, 2 LIMIT 15", args).fetchall()
    return QuoteResults(total, hits, [tuple(r) for r in counts])

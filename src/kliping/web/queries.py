"""What the pages and the JSON API show, read from the archive (the same data for both)."""
from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from rapidfuzz import fuzz

from ..archive.schema import title_key
from ..clean.features import url_path
from ..archive.stem import stem_word, words
from ..archive.store import load_article, load_group, load_story
from ..model import Article, Mention


_SLUG_SPLIT = re.compile(r"[-_+]+")
_SLUG_EXT = re.compile(r"\.(s?html?|php|aspx?|jsp)$", re.I)


def slug_title(url: str | None) -> str | None:
    """A readable title from the URL's slug, for an article whose page printed none
    (`/read/2021/04/10/banjir-rendam-tiga-desa` -> "Banjir Rendam Tiga Desa"): the last path
    segment of three or more words, numbers and ids dropped. The reader marks it as such."""
    path = url_path(url) if url else ""
    for seg in reversed([p for p in path.split("/") if p]):
        words = [w for w in _SLUG_SPLIT.split(_SLUG_EXT.sub("", unquote(seg)))
                 if w and not w.isdigit() and w.isalnum() and not (len(w) >= 8 and any(c.isdigit() for c in w))]
        if len(words) >= 3:
            return " ".join(w[:1].upper() + w[1:] for w in words)
    return None


def safe_url(url: str | None) -> str | None:
    """The URL when it is an http(s) address, else None: a scraped `javascript:` URL is never a link."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


@dataclass
class Segment:
    text: str
    entity: str | None = None      # Entity.key the words refer to
    type: str | None = None


def paragraphs_with_entities(article: Article) -> list[list[Segment]]:
    """The body's paragraphs cut into plain and entity segments (mention offsets are into
    `article.text`, paragraphs joined by a blank line)."""
    mentions = sorted((m for m in article.mentions if m.field == "body" and m.entity), key=lambda m: m.start)
    out: list[list[Segment]] = []
    offset = 0
    for para in article.body:
        start, end = offset, offset + len(para)
        segs: list[Segment] = []
        cursor = start
        for m in mentions:
            if m.start < cursor or m.end > end or m.start < start:
                continue
            if m.start > cursor:
                segs.append(Segment(para[cursor - start:m.start - start]))
            segs.append(Segment(para[m.start - start:m.end - start], m.entity, m.type))
            cursor = m.end
        if cursor < end:
            segs.append(Segment(para[cursor - start:]))
        out.append(segs)
        offset = end + 2
    return out


def resolve_title(db: sqlite3.Connection, title: str, exclude: str | None = None) -> str | None:
    """The archived article a "Baca juga" title names: the same title (case, accents and
    punctuation aside), else the closest archived title (rapidfuzz token-set ratio >= 90) among
    those the full-text index finds for its words (a link text is often cut short or retouched)."""
    key = title_key(title)
    if not key:
        return None
    row = db.execute("SELECT id FROM articles WHERE title_key = ? AND id IS NOT ? ORDER BY rowid LIMIT 1",
                     (key, exclude)).fetchone()
    if row is not None:
        return row["id"]
    stems = sorted({stem_word(w) for _, _, w in words(title) if len(w) > 3})
    if not stems:
        return None
    expr = "title : (" + " OR ".join('"' + s + '"' for s in stems) + ")"
    rows = db.execute("""SELECT a.id, a.title_key FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
                         WHERE articles_fts MATCH ? AND a.id IS NOT ? ORDER BY bm25(articles_fts) LIMIT 10""",
                      (expr, exclude)).fetchall()
    best, best_score = None, 90.0
    n_words = len(key.split())
    if n_words < 5:          # too few words to name one article by similarity
        return None
    for r in rows:
        other = r["title_key"] or ""
        if n_words < 0.6 * len(other.split()):   # a few shared words are not the same title
            continue
        score = fuzz.token_set_ratio(key, other)
        if score >= best_score:
            best, best_score = r["id"], score
    return best


def _titles(db: sqlite3.Connection, ids: list[str]) -> dict[str, sqlite3.Row]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {r["id"]: r for r in db.execute(
        f"SELECT id, title, outlet, published, url FROM articles WHERE id IN ({marks})", ids)}  # noqa: S608


def article_view(db: sqlite3.Connection, art_id: str) -> dict[str, Any] | None:
    """The article with what its page shows beside it."""
    art = load_article(db, art_id)
    if art is None:
        return None
    baca_juga = [{"title": title, "id": resolve_title(db, title, art.id)} for title in art.related_links]
    rel_titles = _titles(db, [r.id for r in art.related])
    related = [{"id": r.id, "score": r.score, "reasons": r.reasons,
                "title": rel_titles[r.id]["title"] if r.id in rel_titles else None,
                "outlet": rel_titles[r.id]["outlet"] if r.id in rel_titles else None,
                "published": rel_titles[r.id]["published"] if r.id in rel_titles else None,
                "url": rel_titles[r.id]["url"] if r.id in rel_titles else None} for r in art.related]
    group = load_group(db, art.duplicate_group) if art.duplicate_group else None
    group_rows = _titles(db, group.members) if group else {}
    duplicates = [{"id": m, "title": group_rows[m]["title"] if m in group_rows else None,
                   "outlet": group_rows[m]["outlet"] if m in group_rows else None,
                   "url": group_rows[m]["url"] if m in group_rows else None,
                   "canonical": m == group.canonical} for m in group.members if m != art.id] if group else []
    story = db.execute("""SELECT id, label, terms, (SELECT count(*) FROM story_articles WHERE story = id) AS n
                          FROM stories WHERE id = ?""", (art.story,)).fetchone() if art.story else None
    if story is not None and story["n"] > 1:     # a story of one article is no story to follow
        story = {"id": story["id"], "label": story_label(story["label"], json.loads(story["terms"] or "[]"),
                                                          story["id"], db), "articles": story["n"]}
    else:
        story = None
    return {"article": art, "paragraphs": paragraphs_with_entities(art), "baca_juga": baca_juga,
            "related": related, "group": group, "duplicates": duplicates,
            "story": story, "url": safe_url(art.url)}


def article_json(view: dict[str, Any], with_lines: bool = False) -> dict[str, Any]:
    art: Article = view["article"]
    rec = art.to_record()
    rec.pop("schema", None)
    rec["text"] = art.text
    rec["baca_juga"] = view["baca_juga"]
    rec["related"] = view["related"]
    rec["duplicates"] = view["duplicates"]
    if with_lines:
        rec["lines"] = [{"index": ln.index, "text": ln.text, "role": ln.role, "confidence": ln.confidence}
                        for ln in art.lines]
    return rec


def unknown_filters(db: sqlite3.Connection, outlet: str | list[str] | None, entity: str | list[str] | None,
                    story: str | None = None) -> list[tuple[str, str]]:
    """(filter, value) for filter values the archive holds nothing under: shown as such, so that
    a misspelt outlet is not mistaken for an outlet that printed nothing (each value of a
    repeated filter on its own)."""
    out = []
    for o in [outlet] if isinstance(outlet, str) else (outlet or []):
        if o and db.execute("SELECT 1 FROM articles WHERE outlet = ? LIMIT 1", (o,)).fetchone() is None:
            out.append(("outlet", o))
    for e in [entity] if isinstance(entity, str) else (entity or []):
        if e and db.execute("SELECT 1 FROM entities WHERE key = ?", (e,)).fetchone() is None:
            out.append(("entity", e))
    if story and db.execute("SELECT 1 FROM stories WHERE id = ?", (story,)).fetchone() is None:
        out.append(("story", story))
    return out


STORY_PAGE = 200


def story_label(label: str | None, terms: list[str] | None, story_id: str,
                db: sqlite3.Connection | None = None, words: list[str] | None = None) -> str:
    """What a story is called: its label (its central headline), else its heaviest terms, else its id
    (archives linked before stories always had a label). A label of terms is stems (`subsid ·
    motor`); with `db` each is shown as the word its articles write most (`subsidi · motor`), or
    with `words`, the terms already read so (readable_terms)."""
    terms = terms or []
    stems = " · ".join(terms[:4])
    if terms and (not label or label == stems) and (words or db is not None):
        return " · ".join(words[:4] if words else readable_terms(db, story_id, terms[:4]))
    return label or stems or story_id


READABLE_ARTICLES = 5       # a story's articles read for the words behind its stems
READABLE_WORDS = 400        # words read of each


def readable_terms(db: sqlite3.Connection, story_id: str, stems: list[str]) -> list[str]:
    """Each stem as the word the story's first articles write most for it (the shortest on a tie),
    the stem itself when none does. Read when shown (a few articles' leads), so an archive linked
    before shows its stories in words too."""
    from ..link.terms import Stemmer, tokens

    wanted = set(stems)
    seen: dict[str, Counter] = {s: Counter() for s in stems}
    stemmer = Stemmer()
    rows = db.execute("SELECT a.title, a.deck, a.body FROM story_articles sa JOIN articles a ON a.id = sa.article "
                      "WHERE sa.story = ? ORDER BY sa.position LIMIT ?", (story_id, READABLE_ARTICLES)).fetchall()
    for row in rows:
        text = " ".join(x for x in (row[0], row[1], row[2]) if x)
        for w in tokens(text)[:READABLE_WORDS]:
            st = stemmer.stem(w)
            if st in wanted:
                seen[st][w] += 1
    return [min(seen[s].items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0] if seen[s] else s for s in stems]


def story_sizes(db: sqlite3.Connection, story_ids: list[str]) -> dict[str, int]:
    """Articles per story, for the given stories (a one-article story gets no link)."""
    ids = sorted({s for s in story_ids if s})
    if not ids:
        return {}
    return dict(db.execute(f"SELECT story, count(*) FROM story_articles WHERE story IN ({','.join('?' * len(ids))}) "  # noqa: S608
                           "GROUP BY story", ids).fetchall())


def story_view(db: sqlite3.Connection, story_id: str, limit: int = STORY_PAGE, offset: int = 0) -> dict[str, Any] | None:
    """A story as an analyst reads it: its label, first report, outlets with counts, spread over
    time, key entities and quotes, and `limit` entries of its timeline from `offset`, copies of a
    wire story folded into their canonical article's row ("juga dimuat di ...")."""
    story = load_story(db, story_id, limit, offset)
    if story is None:
        return None
    total = db.execute("SELECT count(*) FROM story_articles WHERE story = ?", (story_id,)).fetchone()[0]
    names = {r["key"]: r["name"] for r in db.execute(
        f"SELECT key, name FROM entities WHERE key IN ({','.join('?' * len(story.entities))})",  # noqa: S608
        story.entities)} if story.entities else {}
    first = db.execute("""SELECT sa.article, sa.outlet, sa.published, sa.title, a.url FROM story_articles sa
                          LEFT JOIN articles a ON a.id = sa.article
                          WHERE sa.story = ? AND sa.published IS NOT NULL ORDER BY sa.position LIMIT 1""",
                       (story_id,)).fetchone()
    outlets = [(r[0] or "—", r[1]) for r in db.execute(
        """SELECT outlet, count(*) AS n FROM story_articles WHERE story = ? GROUP BY outlet
           ORDER BY n DESC, outlet LIMIT 12""", (story_id,))]
    days = [(r[0], r[1]) for r in db.execute(
        """SELECT substr(coalesce(a.published_day, sa.published), 1, 10) AS d, count(*) FROM story_articles sa
           JOIN articles a ON a.id = sa.article WHERE sa.story = ? AND d IS NOT NULL GROUP BY d ORDER BY d""",
        (story_id,))]
    quotes = [dict(r) for r in db.execute(
        """SELECT q.text, q.speaker, q.speaker_entity, a.id AS article, a.outlet FROM story_articles sa
           JOIN articles a ON a.id = sa.article JOIN quotes q ON q.article = a.rowid
           WHERE sa.story = ? AND q.speaker IS NOT NULL AND length(q.text) BETWEEN 40 AND 400
           ORDER BY sa.position, q.start LIMIT 6""", (story_id,))]
    ids = [e.article for e in story.timeline]
    info = {r["id"]: r for r in db.execute(
        f"SELECT id, duplicate_of, published_estimate, url FROM articles WHERE id IN ({','.join('?' * len(ids))})",  # noqa: S608
        ids)} if ids else {}
    on_page = set(ids)
    rows, folded = [], {}
    for e in story.timeline:
        r = info.get(e.article)
        canon = r["duplicate_of"] if r is not None else None
        if canon and canon in on_page:       # a copy of an article shown on this page: named in its row
            folded.setdefault(canon, []).append(e.outlet or e.article)
            continue
        rows.append({"article": e.article, "title": e.title, "outlet": e.outlet, "published": e.published,
                     "url": r["url"] if r is not None else None,
                     "estimate": r["published_estimate"] if r is not None and not e.published else None})
    for row in rows:
        row["also_in"] = sorted(set(folded.get(row["article"], [])))
    terms = getattr(story, "terms", []) or []
    words = readable_terms(db, story.id, terms) if terms else []     # read once: the label and the term line
    return {"story": story, "label": story_label(story.label, terms, story.id, words=words),
            "words": words,
            "entities": [{"key": k, "name": names.get(k, k)} for k in story.entities],
            "total": total, "offset": offset, "limit": limit, "rows": rows,
            "first_report": dict(first) if first else None, "outlets": outlets, "days": days, "quotes": quotes}


def story_json(view: dict[str, Any]) -> dict[str, Any]:
    s = view["story"]
    return {"id": s.id, "label": view["label"], "first": s.first, "last": s.last, "entities": view["entities"],
            "terms": getattr(s, "terms", []), "words": view["words"], "articles": view["total"], "offset": view["offset"],
            "first_report": view["first_report"], "outlets": [{"outlet": o, "articles": n} for o, n in view["outlets"]],
            "days": [{"day": d, "articles": n} for d, n in view["days"]], "quotes": view["quotes"],
            "timeline": [{"article": e.article, "published": e.published, "outlet": e.outlet, "title": e.title}
                         for e in s.timeline]}


STORY_SORTS = ("size", "recent")


def entity_key(db: sqlite3.Connection, value: str) -> str:
    """An entity key as given, else the key of the entity of that name (case and spacing aside; the
    most mentioned one when several share it), else the value itself (it then matches no story)."""
    value = value.strip()
    if db.execute("SELECT 1 FROM entities WHERE key = ?", (value,)).fetchone():
        return value
    row = db.execute("""SELECT e.key FROM entities e LEFT JOIN article_entities ae ON ae.entity = e.key
                        WHERE lower(e.name) = lower(?) GROUP BY e.key ORDER BY count(ae.entity) DESC, e.key
                        LIMIT 1""", (" ".join(value.split()),)).fetchone()
    return row[0] if row else value


def list_stories(db: sqlite3.Connection, limit: int = 50, offset: int = 0, sort: str = "size",
                 date_from: str = "", date_to: str = "", entity: str = "", outlet: str = "",
                 min_articles: int = 1) -> tuple[list[dict[str, Any]], int]:
    """Stories (id, label, first, last, articles), largest or most recent first, with the filters:
    a date range the story overlaps, an entity among its key entities, an outlet that reported it;
    and how many stories pass the filters."""
    where, args = ["n >= ?"], [min_articles]
    if date_from:
        where.append("coalesce(s.last, s.first) >= ?")
        args.append(date_from)
    if date_to:
        where.append("s.first <= ?")
        args.append(date_to + "\uffff")
    if entity:
        where.append("EXISTS (SELECT 1 FROM json_each(s.entities) WHERE value = ?)")
        args.append(entity)
    if outlet:
        where.append("EXISTS (SELECT 1 FROM story_articles o WHERE o.story = s.id AND o.outlet = ?)")
        args.append(outlet)
    order = "s.last DESC, n DESC, s.id" if sort == "recent" else "n DESC, s.last DESC, s.id"
    base = f"""FROM (SELECT s.*, (SELECT count(*) FROM story_articles sa WHERE sa.story = s.id) AS n
                     FROM stories s) s WHERE {' AND '.join(where)}"""
    total = db.execute(f"SELECT count(*) {base}", args).fetchone()[0]  # noqa: S608 - fixed SQL
    rows = db.execute(f"SELECT s.id, s.label, s.terms, s.first, s.last, n AS articles {base} "  # noqa: S608
                      f"ORDER BY {order} LIMIT ? OFFSET ?", (*args, limit, offset)).fetchall()
    out = []
    for r in rows:
        d = dict(r)
        d["label"] = story_label(d["label"], json.loads(d.pop("terms") or "[]"), d["id"], db)
        out.append(d)
    return out, total


def entity_view(db: sqlite3.Connection, key: str, limit: int = 50) -> dict[str, Any] | None:
    ent = db.execute("SELECT key, name, type FROM entities WHERE key = ?", (key,)).fetchone()
    if ent is None:
        return None
    months = [(r[0], r[1], r[2]) for r in db.execute(
        """SELECT substr(a.published_day, 1, 7) m, count(*), sum(ae.mentions) FROM article_entities ae
           JOIN articles a ON a.rowid = ae.article WHERE ae.entity = ? AND a.published_day IS NOT NULL
           GROUP BY m ORDER BY m""", (key,))]
    undated = db.execute("""SELECT count(*) FROM article_entities ae JOIN articles a ON a.rowid = ae.article
                            WHERE ae.entity = ? AND a.published_day IS NULL""", (key,)).fetchone()[0]
    co = [dict(r) for r in db.execute(
        """SELECT e.key, e.name, e.type, count(*) AS articles FROM article_entities x
           JOIN article_entities y ON y.article = x.article AND y.entity != x.entity
           JOIN entities e ON e.key = y.entity WHERE x.entity = ?
           GROUP BY e.key ORDER BY articles DESC, e.name LIMIT 15""", (key,))]
    articles = [dict(r) for r in db.execute(
        """SELECT a.id, a.title, a.outlet, a.published, a.url, ae.mentions FROM article_entities ae
           JOIN articles a ON a.rowid = ae.article WHERE ae.entity = ?
           ORDER BY a.published_day IS NULL, a.published_day DESC, a.rowid LIMIT ?""", (key, limit))]
    total = db.execute("SELECT count(*) FROM article_entities WHERE entity = ?", (key,)).fetchone()[0]
    return {"entity": dict(ent), "months": [{"month": m, "articles": n, "mentions": k} for m, n, k in months],
            "undated": undated, "co_mentioned": co, "articles": articles, "total": total}


def list_entities(db: sqlite3.Connection, prefix: str = "", limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return [dict(r) for r in db.execute(
        """SELECT e.key, e.name, e.type, count(ae.article) AS articles FROM entities e
           JOIN article_entities ae ON ae.entity = e.key WHERE e.name LIKE ? ESCAPE '\\'
           GROUP BY e.key ORDER BY articles DESC, e.name LIMIT ? OFFSET ?""", (like, limit, offset))]


def outlet_view(db: sqlite3.Connection, outlet: str, limit: int = 50, offset: int = 0) -> dict[str, Any] | None:
    row = db.execute("SELECT count(*) n, min(published_day) first, max(published_day) last FROM articles "
                     "WHERE outlet = ?", (outlet,)).fetchone()
    if not row["n"]:
        return None
    kinds = {r[0]: r[1] for r in db.execute("SELECT kind, count(*) FROM articles WHERE outlet = ? GROUP BY kind",
                                            (outlet,))}
    articles = [dict(r) for r in db.execute(
        """SELECT id, title, published, kind, url FROM articles WHERE outlet = ?
           ORDER BY published_day IS NULL, published_day DESC, rowid LIMIT ? OFFSET ?""", (outlet, limit, offset))]
    entities = [dict(r) for r in db.execute(
        """SELECT e.key, e.name, count(*) AS articles FROM article_entities ae JOIN articles a ON a.rowid = ae.article
           JOIN entities e ON e.key = ae.entity WHERE a.outlet = ? GROUP BY e.key
           ORDER BY articles DESC, e.name LIMIT 15""", (outlet,))]
    return {"outlet": outlet, "total": row["n"], "first": row["first"], "last": row["last"], "kinds": kinds,
            "articles": articles, "entities": entities}


def list_outlets(db: sqlite3.Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in db.execute(
        "SELECT outlet, count(*) AS articles FROM articles WHERE outlet IS NOT NULL GROUP BY outlet "
        "ORDER BY articles DESC, outlet")]


def archive_stats(db: sqlite3.Connection) -> dict[str, Any]:
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    return {"articles": one("SELECT count(*) FROM articles"), "outlets": one(
        "SELECT count(DISTINCT outlet) FROM articles"), "stories": one("SELECT count(*) FROM stories"),
        "entities": one("SELECT count(*) FROM entities"), "rejections": one("SELECT count(*) FROM rejections"),
        "schema_version": int(one("SELECT value FROM meta WHERE key = 'schema_version'"))}


def loads(value: str) -> Any:
    return json.loads(value)

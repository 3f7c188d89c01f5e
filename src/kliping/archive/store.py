"""Writing articles into the archive and reading them back as the shared data model.

A build is incremental and idempotent: every input item is keyed by the hash of its content
(`page_hash`); items already in the archive are skipped before the pipeline sees them, and each
batch of new items is written in one transaction together with its ledger rows. A build killed
at any moment leaves whole batches only, and running it again writes the rest.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, TypeVar

from ..model import (Article, DuplicateGroup, Entity, Line, Mention, Quote, RelatedLink, Rejection, Story,
                     TimeExpr, TimelineEntry, Document)
from .schema import fts_tags, title_key, token_count
from .stem import stem_text

if TYPE_CHECKING:
    from .templates import BuildEvidence

_LIST_FIELDS = ("authors", "editors", "agencies", "credits", "related_links", "captions", "sources", "flags")


T = TypeVar("T")


def page_hash(item: Document | Rejection) -> str:
    """The key of an input item: a hash of what it holds (id, url, text; a rejection's reason)."""
    h = hashlib.sha256()
    if isinstance(item, Document):
        parts = ("doc", item.id, item.url or "", item.date or "", item.title_hint or "", item.text)
    else:
        parts = ("rejection", item.id, item.url or "", item.reason, item.detail, item.source)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _published_day(value: str | None) -> str | None:
    return value[:10] if value and len(value) >= 10 and value[4] == "-" else None


def article_day(art: Article) -> str | None:
    """The day an article is filed under: its publication day, else its estimated day."""
    return _published_day(art.published) or (_published_day(art.published_estimate) if not art.published else None)


def _unique_id(db: sqlite3.Connection, wanted: str, hash_: str) -> str:
    """The article id, or, when another page already holds it, the id with the hash's head added.
    An id that a link cannot hold as a path segment ("", ".", "..": a browser resolves `/article/..`
    to `/`, and `%2E%2E` alike) gets the hash's head too."""
    if wanted not in ("", ".", "..") and \
            db.execute("SELECT 1 FROM articles WHERE id = ?", (wanted,)).fetchone() is None:
        return wanted
    return f"{wanted}~{hash_[:10]}"


_ARTICLE_COLUMNS = ("url", "outlet", "kind", "lang", "title", "deck", "published", "published_day", "updated",
                    "category", "dateline", *_LIST_FIELDS, "provenance", "body", "content_hash", "source",
                    "fetched", "duplicate_of", "duplicate_group", "story", "title_key", "published_estimate",
                    "estimate_evidence")


def _article_values(art: Article) -> tuple:
    """The article's values for `_ARTICLE_COLUMNS`."""
    return (art.url, art.outlet, art.kind, art.lang, art.title, art.deck, art.published,
            article_day(art), art.updated, art.category, art.dateline,
            *(json.dumps(getattr(art, f), ensure_ascii=False) for f in _LIST_FIELDS),
            json.dumps(art.provenance, ensure_ascii=False, default=str), art.text, art.content_hash, art.source,
            art.fetched, art.duplicate_of, art.duplicate_group, art.story, title_key(art.title),
            art.published_estimate if art.published is None else None,
            art.estimate_evidence if art.published is None else None)


def write_article(db: sqlite3.Connection, art: Article, hash_: str, added: str) -> int:
    """One article with its lines, entities, mentions, times and quotes; returns its rowid."""
    art_id = _unique_id(db, art.id, hash_)
    db.execute("INSERT INTO pages (hash, doc_id, type, added) VALUES (?, ?, 'article', ?)", (hash_, art.id, added))
    cur = db.execute(
        f"INSERT INTO articles (id, page_hash, added, {', '.join(_ARTICLE_COLUMNS)}) "  # noqa: S608 - fixed names
        f"VALUES ({', '.join('?' * (len(_ARTICLE_COLUMNS) + 3))})",
        (art_id, hash_, added, *_article_values(art)))
    rowid = cur.lastrowid
    _write_parts(db, rowid, art)
    return rowid


def rewrite_article(db: sqlite3.Connection, rowid: int, art: Article) -> list[tuple[str, str]]:
    """Replace what an archived article holds (fields, lines, entities, mentions, times, quotes,
    search index) by a new extraction of its page; its id, page and link fields stay. Returns the
    entities it held (key, name), for `refresh_entities` once the rewrites are done."""
    old = {k: (n, m) for k, n, m in db.execute(
        "SELECT entity, name, mentions FROM article_entities WHERE article = ?", (rowid,))}
    row = db.execute("SELECT duplicate_of, duplicate_group, story FROM articles WHERE rowid = ?", (rowid,)).fetchone()
    art.duplicate_of, art.duplicate_group, art.story = row[0], row[1], row[2]
    db.execute(f"UPDATE articles SET {', '.join(c + ' = ?' for c in _ARTICLE_COLUMNS)} WHERE rowid = ?",  # noqa: S608
               (*_article_values(art), rowid))
    db.execute("DELETE FROM quotes_fts WHERE rowid IN (SELECT rowid FROM quotes WHERE article = ?)", (rowid,))
    for table in ("lines", "mentions", "times", "quotes"):
        db.execute(f"DELETE FROM {table} WHERE article = ?", (rowid,))  # noqa: S608 - fixed table names
    db.execute("DELETE FROM articles_fts WHERE rowid = ?", (rowid,))
    # entity rows only where they differ: the linking state (schema v11 triggers) outlives a
    # re-extraction that leaves an article's entities as they were
    new: dict[str, tuple[str, int]] = {}
    for ent in art.entities:
        _offer_name(db, ent.key, ent.name, ent.type)
        new.setdefault(ent.key, (ent.name, ent.mentions))      # the first row of a key, as INSERT OR IGNORE kept
    db.executemany("DELETE FROM article_entities WHERE article = ? AND entity = ?",
                   [(rowid, k) for k in old if k not in new])
    db.executemany("INSERT INTO article_entities VALUES (?, ?, ?, ?)",
                   [(rowid, k, n, m) for k, (n, m) in new.items() if k not in old])
    db.executemany("UPDATE article_entities SET name = ?, mentions = ? WHERE article = ? AND entity = ?",
                   [(n, m, rowid, k) for k, (n, m) in new.items() if k in old and old[k] != (n, m)])
    _write_parts(db, rowid, art, entities=False)
    return [(k, n) for k, (n, _) in old.items()]


def _write_parts(db: sqlite3.Connection, rowid: int, art: Article, entities: bool = True) -> None:
    db.executemany("INSERT INTO lines VALUES (?, ?, ?, ?, ?)",
                   [(rowid, ln.index, ln.text, ln.role, ln.confidence) for ln in art.lines])
    if entities:
        for ent in art.entities:
            _offer_name(db, ent.key, ent.name, ent.type)
        db.executemany("INSERT OR IGNORE INTO article_entities VALUES (?, ?, ?, ?)",
                       [(rowid, ent.key, ent.name, ent.mentions) for ent in art.entities])
    db.executemany('INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?)',
                   [(rowid, m.field, m.start, m.end, m.text, m.type, m.entity) for m in art.mentions])
    db.executemany('INSERT INTO times VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
                   [(rowid, t.field, t.start, t.end, t.text, t.value, t.end_value, t.granularity) for t in art.times])
    for q in art.quotes:      # each quote with its full-text row (schema v9: quote search)
        cur = db.execute('INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
                         (rowid, q.field, q.start, q.end, q.text, q.speaker, q.speaker_entity, q.cue))
        db.execute("INSERT INTO quotes_fts (rowid, text, speaker) VALUES (?, ?, ?)",
                   (cur.lastrowid, stem_text(q.text), stem_text(q.speaker)))
    stems = (stem_text(art.title), stem_text(art.deck), stem_text(art.text))
    db.execute("INSERT INTO articles_fts (rowid, title, deck, body, tags) VALUES (?, ?, ?, ?, ?)",
               (rowid, *stems, fts_tags(art.outlet, art.lang, art.kind, article_day(art),
                                         sum(token_count(x) for x in stems))))


def _name_rank(name: str) -> tuple[int, str]:
    """Which of an entity's spellings names it: mixed case before all capitals or all lower case,
    then the first in code-point order. A total order, so the choice does not depend on which
    article came first."""
    return (0 if name != name.upper() and name != name.lower() else 1, name)


def _offer_name(db: sqlite3.Connection, key: str, name: str, type_: str) -> None:
    row = db.execute("SELECT name FROM entities WHERE key = ?", (key,)).fetchone()
    if row is None:
        db.execute("INSERT INTO entities (key, name, type) VALUES (?, ?, ?)", (key, name, type_))
    elif _name_rank(name) < _name_rank(row[0]):
        db.execute("UPDATE entities SET name = ? WHERE key = ?", (name, key))


def refresh_entities(db: sqlite3.Connection, dropped: dict[str, set[str]]) -> None:
    """After articles were rewritten: each entity they held (key -> the names they gave it) named
    again from the articles that hold it now, or dropped when none does."""
    for key, old_names in sorted(dropped.items()):
        row = db.execute("SELECT name FROM entities WHERE key = ?", (key,)).fetchone()
        if row is None or row[0] not in old_names:
            continue   # the name it shows came from an article still held, or a better one
        names = [r[0] for r in db.execute("SELECT DISTINCT name FROM article_entities WHERE entity = ?", (key,))]
        if not names:
            db.execute("DELETE FROM entities WHERE key = ?", (key,))
        else:
            db.execute("UPDATE entities SET name = ? WHERE key = ?", (min(names, key=_name_rank), key))


def write_rejection(db: sqlite3.Connection, rej: Rejection, hash_: str, added: str) -> None:
    db.execute("INSERT INTO pages (hash, doc_id, type, added) VALUES (?, ?, 'rejection', ?)", (hash_, rej.id, added))
    db.execute("INSERT INTO rejections VALUES (?, ?, ?, ?, ?, ?)",
               (hash_, rej.id, rej.reason, rej.detail, rej.source, rej.url))


@dataclass
class BuildReport:
    read: int = 0           # input items read
    skipped: int = 0        # already in the archive
    articles: int = 0       # new articles written
    rejections: int = 0     # new rejections written
    batches: int = 0
    reextracted: int = 0    # stored pages extracted again because their outlet's templates changed
    reextract_failed: int = 0  # stored pages that could not be read back for that
    linked: bool = False    # the linking stage ran
    link_note: str = ""
    counts: dict[str, int] = field(default_factory=dict)


# pages written per transaction by a build. Each commit also writes the full-text index's pending
# terms as a new segment and merges segments: on a 1M-article archive, adding 10,000 pages 200 a
# transaction spent 8-9 s in commits, 1,000 a transaction 5 s (and less in the statements); a
# build killed halfway loses at most one batch, which the next build extracts again
BATCH = 1000


def _transaction(db: sqlite3.Connection, work: Callable[[], None]) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        work()
    except BaseException:
        # SQLite may have rolled the transaction back itself (a full disk in some statements)
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def store_items(db: sqlite3.Connection, items: Iterable[tuple], batch: int = BATCH,
                after_batch: Callable[[int], None] | None = None, report: BuildReport | None = None,
                evidence_added: BuildEvidence | None = None) -> BuildReport:
    """Write (hash, article or rejection) pairs, `batch` per transaction; a third member, when
    given and not None, is the article's (document, TemplateUse): its page and template evidence
    are kept with it (archive/templates.py). `after_batch(n)` is called after the n-th batch is
    committed (progress; tests use it to break a build). `evidence_added`: a
    templates.BuildEvidence told each committed batch's template evidence."""
    from .templates import EvidenceBatch, record_source

    report = report or BuildReport()
    pending: list[tuple] = []
    seen: set[str] = set()

    def flush() -> None:
        added = _now()
        evidence = EvidenceBatch()

        def work() -> None:
            for h, item, *source in pending:
                if isinstance(item, Article):
                    rowid = write_article(db, item, h, added)
                    if source and source[0] is not None:
                        doc, use = source[0]
                        record_source(db, rowid, doc, use.outlet, use.keys, use.signature, evidence)
                    report.articles += 1
                else:
                    write_rejection(db, item, h, added)
                    report.rejections += 1
            evidence.write(db)
        _transaction(db, work)
        if evidence_added is not None:
            evidence_added.add(evidence)
        pending.clear()
        report.batches += 1
        if after_batch is not None:
            after_batch(report.batches)

    for entry in items:
        h = entry[0]
        if h in seen:      # the same page twice in one run: stored once
            report.skipped += 1
            continue
        seen.add(h)
        pending.append(entry)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return report


def unseen(db: sqlite3.Connection, items: Iterable[T], key: Callable[[T], str],
           report: BuildReport) -> Iterator[tuple[str, T]]:
    """(key, item) for the items whose key is not in the archive yet; `report` counts what was
    read and what was skipped (a repeat within one run is skipped by store_items). One indexed
    look-up an item: the set of every stored hash took a 1M-page archive 1.4 s and 200 MB to read
    for each build, however few its inputs."""
    for item in items:
        report.read += 1
        h = key(item)
        if db.execute("SELECT 1 FROM pages WHERE hash = ?", (h,)).fetchone() is not None:
            report.skipped += 1
            continue
        yield h, item


def new_items(db: sqlite3.Connection, items: Iterable[Document | Rejection], process: Callable[
        [Iterable[Document | Rejection]], Iterator[tuple]], report: BuildReport,
        ) -> Iterator[tuple[str, Article | Rejection, tuple | None]]:
    """The input items not yet in the archive, through the pipeline (an Extractor's
    `process_sourced`), each with its page hash and, for an article tagged under outlet templates,
    its (document, TemplateUse)."""
    hashes: deque[str] = deque()

    def fresh() -> Iterator[Document | Rejection]:
        for h, item in unseen(db, items, page_hash, report):
            hashes.append(h)
            yield item

    # process_sourced() yields exactly one output per input item, in input order
    for doc, out, use in process(fresh()):
        h = hashes.popleft()
        yield h, out, ((doc, use) if isinstance(out, Article) and use is not None else None)


# ---------------------------------------------------------------- links (duplicates, related, stories)

def write_links(db: sqlite3.Connection, groups: Iterable[DuplicateGroup] = (), stories: Iterable[Story] = (),
                related: dict[str, list[RelatedLink]] | None = None, replace: bool = True,
                check: Callable[[], None] | None = None, after: Callable[[], None] | None = None) -> None:
    """Store the linking stage's output (in one transaction) and set each article's
    duplicate_of / duplicate_group / story. `replace`: the tables are the collection's whole
    current linking, so the old rows go first. `check`: called first inside the transaction; what
    it raises rolls the transaction back. `after`: called last inside it (to read what was written)."""
    def work() -> None:
        if check is not None:
            check()
        if replace:
            for table in ("duplicate_members", "duplicate_groups", "related", "story_articles", "stories"):
                db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
            db.execute("UPDATE articles SET duplicate_of = NULL, duplicate_group = NULL, story = NULL")
        for g in groups:
            _write_group(db, g)
        for s in stories:
            _write_story(db, s)
        for art_id, links in (related or {}).items():
            _write_related(db, art_id, links)
        if after is not None:
            after()
    _transaction(db, work)


def write_link_changes(db: sqlite3.Connection, groups: Iterable[DuplicateGroup] = (), stories: Iterable[Story] = (),
                       related: Iterable[tuple[str, list[RelatedLink]]] = (), check: Callable[[], None] | None = None,
                       after: Callable[[], None] | None = None) -> None:
    """Store what linking new articles changed (in one transaction), leaving the rest of the links:
    each group given replaces the groups its members were in, each story given its own rows, each
    related list given the article's old list."""
    def work() -> None:
        if check is not None:
            check()
        for g in groups:
            _replace_group(db, g)
        for st in stories:
            _replace_story(db, st)
        for art_id, links in related:
            db.execute("DELETE FROM related WHERE article = ?", (art_id,))
            _write_related(db, art_id, links)
        if after is not None:
            after()
    _transaction(db, work)


def _column_pairs(db: sqlite3.Connection, sql: str, ids: list[str], batch: int = 900) -> dict[str, tuple]:
    """id -> the other selected columns, for many ids (`sql` selects id first and ends in `IN`)."""
    out: dict[str, tuple] = {}
    for k in range(0, len(ids), batch):
        part = ids[k:k + batch]
        out.update((r[0], tuple(r[1:])) for r in db.execute(f"{sql} ({','.join('?' * len(part))})", part))
    return out


def _replace_group(db: sqlite3.Connection, g: DuplicateGroup) -> None:
    """Group g in place of the groups its members were in, writing only the rows that change: a
    day's new copy joins a group of thousands without its other members being rewritten."""
    wanted = {m: (g.id, None if m == g.canonical else g.canonical) for m in g.members}
    row = db.execute("SELECT canonical FROM duplicate_groups WHERE id = ?", (g.id,)).fetchone()
    mine = {r[0] for r in db.execute("SELECT article FROM duplicate_members WHERE grp = ?", (g.id,))}
    # the group's members under the same canonical already hold these values: read only the others
    unknown = [m for m in wanted if not (row is not None and row[0] == g.canonical and m in mine)]
    now = _column_pairs(db, "SELECT id, duplicate_group, duplicate_of FROM articles WHERE id IN", unknown)
    now.update((m, wanted[m]) for m in wanted.keys() - set(unknown))
    gids = {v[0] for v in now.values() if v[0] is not None} | {g.id}
    held: dict[str, set[str]] = {gid: mine if gid == g.id else {r[0] for r in db.execute(
        "SELECT article FROM duplicate_members WHERE grp = ?", (gid,))} for gid in gids}
    others = sorted({m for ms in held.values() for m in ms} - wanted.keys())
    now.update(_column_pairs(db, "SELECT id, duplicate_group, duplicate_of FROM articles WHERE id IN", others))
    db.executemany("UPDATE articles SET duplicate_group = NULL, duplicate_of = NULL WHERE id = ?",
                   [(m,) for m in others if now.get(m, (None, None)) != (None, None)])
    db.executemany("UPDATE articles SET duplicate_group = ?, duplicate_of = ? WHERE id = ?",
                   [(*v, m) for m, v in wanted.items() if now.get(m) != v])
    for gid in gids - {g.id}:
        db.execute("DELETE FROM duplicate_members WHERE grp = ?", (gid,))
        db.execute("DELETE FROM duplicate_groups WHERE id = ?", (gid,))
    db.executemany("DELETE FROM duplicate_members WHERE grp = ? AND article = ?",
                   [(g.id, m) for m in held[g.id] - wanted.keys()])
    _group_row(db, g)
    db.executemany("INSERT INTO duplicate_members VALUES (?, ?)", [(g.id, m) for m in wanted if m not in held[g.id]])


def _replace_story(db: sqlite3.Connection, s: Story) -> None:
    """A story's rows as they are now, writing only the timeline rows that change and the story
    column of the articles new to it (a story of thousands that one article joins)."""
    _story_row(db, s)
    old = {r[0]: tuple(r[1:]) for r in db.execute(
        "SELECT article, position, published, outlet, title FROM story_articles WHERE story = ?", (s.id,))}
    new = {e.article: (i, e.published, e.outlet, e.title) for i, e in enumerate(s.timeline)}
    db.executemany("DELETE FROM story_articles WHERE story = ? AND article = ?",
                   [(s.id, a) for a in old if a not in new])
    db.executemany("INSERT OR REPLACE INTO story_articles VALUES (?, ?, ?, ?, ?, ?)",
                   [(s.id, a, *v) for a, v in new.items() if old.get(a) != v])
    db.executemany("UPDATE articles SET story = ? WHERE id = ? AND story IS NOT ?",
                   [(s.id, a, s.id) for a in new if a not in old])


def _group_row(db: sqlite3.Connection, g: DuplicateGroup) -> None:
    # an upsert, not a REPLACE: a group's member rows (foreign keys) stay
    db.execute("INSERT INTO duplicate_groups VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, "
               "canonical = excluded.canonical", (g.id, g.kind, g.canonical))


def _story_row(db: sqlite3.Connection, s: Story) -> None:
    # an upsert, not a REPLACE: a story's timeline rows (foreign keys) stay
    db.execute("INSERT INTO stories (id, label, first, last, entities, terms) VALUES (?, ?, ?, ?, ?, ?) "
               "ON CONFLICT(id) DO UPDATE SET label = excluded.label, first = excluded.first, last = excluded.last, "
               "entities = excluded.entities, terms = excluded.terms",
               (s.id, s.label, s.first, s.last, json.dumps(s.entities, ensure_ascii=False),
                json.dumps(getattr(s, "terms", []), ensure_ascii=False)))


def _write_group(db: sqlite3.Connection, g: DuplicateGroup) -> None:
    _group_row(db, g)
    db.executemany("INSERT OR IGNORE INTO duplicate_members VALUES (?, ?)", [(g.id, m) for m in g.members])
    db.executemany("UPDATE articles SET duplicate_group = ?, duplicate_of = ? WHERE id = ?",
                   [(g.id, None if m == g.canonical else g.canonical, m) for m in g.members])


def _write_story(db: sqlite3.Connection, s: Story) -> None:
    _story_row(db, s)
    db.executemany("INSERT OR REPLACE INTO story_articles VALUES (?, ?, ?, ?, ?, ?)",
                   [(s.id, e.article, i, e.published, e.outlet, e.title) for i, e in enumerate(s.timeline)])
    db.executemany("UPDATE articles SET story = ? WHERE id = ?", [(s.id, e.article) for e in s.timeline])


def _write_related(db: sqlite3.Connection, art_id: str, links: list[RelatedLink]) -> None:
    db.executemany("INSERT OR REPLACE INTO related VALUES (?, ?, ?, ?, ?)",
                   [(art_id, r.id, i, r.score, json.dumps(r.reasons, ensure_ascii=False)) for i, r in enumerate(links)])


# ---------------------------------------------------------------- reading back

def _article_from_row(db: sqlite3.Connection, row: sqlite3.Row, with_lines: bool = True) -> Article:
    rid = row["rowid"]
    art = Article(id=row["id"], url=row["url"], outlet=row["outlet"], kind=row["kind"], lang=row["lang"],
                  title=row["title"], deck=row["deck"], published=row["published"], updated=row["updated"],
                  category=row["category"], dateline=row["dateline"],
                  body=row["body"].split("\n\n") if row["body"] else [],
                  content_hash=row["content_hash"] or "", source=row["source"] or "",
                  provenance=json.loads(row["provenance"]), fetched=row["fetched"],
                  published_estimate=row["published_estimate"], estimate_evidence=row["estimate_evidence"],
                  duplicate_of=row["duplicate_of"], duplicate_group=row["duplicate_group"], story=row["story"])
    for f in _LIST_FIELDS:
        setattr(art, f, json.loads(row[f]))
    art.entities = [Entity(r["entity"], r["ename"] or r["name"], r["type"], r["mentions"]) for r in db.execute(
        """SELECT ae.entity, ae.name, e.name AS ename, e.type, ae.mentions FROM article_entities ae
           JOIN entities e ON e.key = ae.entity WHERE ae.article = ? ORDER BY ae.mentions DESC, ae.entity""",
        (rid,))]
    art.mentions = [Mention(*r) for r in db.execute(
        'SELECT field, start, "end", text, type, entity FROM mentions WHERE article = ? ORDER BY rowid', (rid,))]
    art.times = [TimeExpr(*r) for r in db.execute(
        'SELECT field, start, "end", text, value, end_value, granularity FROM times WHERE article = ? ORDER BY rowid',
        (rid,))]
    art.quotes = [Quote(*r) for r in db.execute(
        'SELECT field, start, "end", text, speaker, speaker_entity, cue FROM quotes WHERE article = ? ORDER BY rowid',
        (rid,))]
    art.related = [RelatedLink(r[0], r[1], json.loads(r[2])) for r in db.execute(
        "SELECT other, score, reasons FROM related WHERE article = ? ORDER BY rank", (art.id,))]
    if with_lines:
        art.lines = [Line(*r) for r in db.execute(
            "SELECT idx, text, role, confidence FROM lines WHERE article = ? ORDER BY idx", (rid,))]
    return art


def load_article(db: sqlite3.Connection, art_id: str, with_lines: bool = True) -> Article | None:
    row = db.execute("SELECT * FROM articles WHERE id = ?", (art_id,)).fetchone()
    return _article_from_row(db, row, with_lines) if row is not None else None


def article_by_rowid(db: sqlite3.Connection, rowid: int, with_lines: bool = False) -> Article | None:
    row = db.execute("SELECT * FROM articles WHERE rowid = ?", (rowid,)).fetchone()
    return _article_from_row(db, row, with_lines) if row is not None else None


def iter_articles(db: sqlite3.Connection, with_lines: bool = False, kind: str | None = None) -> Iterator[Article]:
    """Every archived article in the order it was added (streamed, a few hundred rows at a time)."""
    sql = "SELECT * FROM articles" + (" WHERE kind = ?" if kind else "") + " ORDER BY rowid"
    cur = db.execute(sql, (kind,) if kind else ())
    while rows := cur.fetchmany(256):
        for row in rows:
            yield _article_from_row(db, row, with_lines)


def iter_link_articles(db: sqlite3.Connection, batch: int = 2000, after_rowid: int = 0) -> Iterator[Article]:
    """The news articles, with only what the linking stage reads (id, URL, outlet, title, deck,
    body, dates, entities), in the link stage's canonical order (collection.canonical_order: day,
    undated last, then id; SQLite compares text by its UTF-8 bytes, which is Python's code-point
    order). Streamed: the linker keeps its own compact state, never every article at once.
    `after_rowid`: only the articles added after that one (what an incremental link adds)."""
    order = "ORDER BY substr(coalesce(nullif(published, ''), nullif(published_estimate, ''), char(65535)), 1, 10), id"
    cur = db.execute(f"SELECT rowid, id, url, outlet, title, deck, body, published, updated, published_estimate "
                     f"FROM articles WHERE kind = 'article' AND rowid > ? {order}", (after_rowid,))  # noqa: S608
    while rows := cur.fetchmany(batch):
        ents: dict[int, list[Entity]] = {}
        rowids = [r[0] for r in rows]
        for rid, key, name, ename, type_, mentions in db.execute(
                f"""SELECT ae.article, ae.entity, ae.name, e.name, e.type, ae.mentions FROM article_entities ae
                    JOIN entities e ON e.key = ae.entity WHERE ae.article IN ({','.join('?' * len(rowids))})
                    ORDER BY ae.article, ae.mentions DESC, ae.entity""", rowids):  # noqa: S608
            ents.setdefault(rid, []).append(Entity(key, ename or name, type_, mentions))
        for rid, id_, url, outlet, title, deck, body, published, updated, estimate in rows:
            yield Article(id=id_, url=url, outlet=outlet, kind="article", lang=None, title=title, deck=deck,
                          body=body.split("\n\n") if body else [], published=published, updated=updated,
                          published_estimate=estimate, entities=ents.get(rid, []))


def load_story(db: sqlite3.Connection, story_id: str, limit: int | None = None, offset: int = 0) -> Story | None:
    """A story with its timeline, or `limit` entries of it from `offset` (a story can hold
    100,000 articles)."""
    row = db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    timeline = [TimelineEntry(r["article"], r["published"], r["outlet"], r["title"]) for r in db.execute(
        "SELECT * FROM story_articles WHERE story = ? AND position >= ? ORDER BY position LIMIT ?",
        (story_id, offset, -1 if limit is None else limit))]
    story = Story(row["id"], row["label"], row["first"], row["last"], json.loads(row["entities"]), timeline)
    if hasattr(story, "terms"):
        story.terms = json.loads(row["terms"])
    return story


def load_group(db: sqlite3.Connection, group_id: str) -> DuplicateGroup | None:
    row = db.execute("SELECT * FROM duplicate_groups WHERE id = ?", (group_id,)).fetchone()
    if row is None:
        return None
    members = [r[0] for r in db.execute("SELECT article FROM duplicate_members WHERE grp = ? ORDER BY article",
                                        (group_id,))]
    return DuplicateGroup(row["id"], row["kind"], row["canonical"], members)


ALL_TABLES = ("pages", "articles", "rejections", "lines", "entities", "article_entities", "mentions", "times",
              "quotes", "duplicate_groups", "related", "stories", "articles_fts")
# what a build's summary reports: counting the tables of every line and mention of a 1M-page
# archive takes seconds that an incremental build does not have
SUMMARY_TABLES = ("pages", "articles", "rejections", "entities", "duplicate_groups", "stories")


def counts(db: sqlite3.Connection, tables: tuple[str, ...] = ALL_TABLES) -> dict[str, int]:
    """Rows per table (what tests and `kliping build` report)."""
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}  # noqa: S608

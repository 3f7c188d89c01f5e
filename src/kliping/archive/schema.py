"""The archive's SQLite schema: tables, the schema version in `meta`, and ordered migrations.

`MIGRATIONS[n]` takes an archive at version n to version n + 1; `migrate()` runs the ones an
archive lacks, each in its own transaction, and records the new version after each one. The
schema is documented in docs/archive.md.
"""
from __future__ import annotations

import re
import sqlite3
import unicodedata
from pathlib import Path
from typing import Callable

from ..stemming import STEMMER_VERSION

SCHEMA_VERSION = 12
APP_ID = "kliping-archive"


class ArchiveError(Exception):
    """An archive that cannot be opened as asked, with a message saying what to do."""


def _v0_to_v1(db: sqlite3.Connection) -> None:
    """The first schema: input ledger, articles and what enrichment and linking give them."""
    _run_script(db, """
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    -- every input item ever stored, by the hash of its content: what makes builds incremental
    CREATE TABLE pages (
        hash TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('article', 'rejection')),
        added TEXT NOT NULL
    );
    CREATE TABLE articles (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        page_hash TEXT NOT NULL UNIQUE REFERENCES pages(hash),
        url TEXT, outlet TEXT, kind TEXT NOT NULL, lang TEXT,
        title TEXT, deck TEXT,
        published TEXT, published_day TEXT, updated TEXT,
        category TEXT, dateline TEXT,
        authors TEXT NOT NULL DEFAULT '[]', editors TEXT NOT NULL DEFAULT '[]',
        agencies TEXT NOT NULL DEFAULT '[]', credits TEXT NOT NULL DEFAULT '[]',
        related_links TEXT NOT NULL DEFAULT '[]', captions TEXT NOT NULL DEFAULT '[]',
        sources TEXT NOT NULL DEFAULT '[]', flags TEXT NOT NULL DEFAULT '[]',
        provenance TEXT NOT NULL DEFAULT '{}',
        body TEXT NOT NULL DEFAULT '',
        content_hash TEXT, source TEXT, fetched TEXT,
        duplicate_of TEXT, duplicate_group TEXT, story TEXT,
        added TEXT NOT NULL
    );
    CREATE INDEX articles_outlet ON articles(outlet, published_day);
    CREATE INDEX articles_day ON articles(published_day);
    CREATE INDEX articles_story ON articles(story);
    CREATE INDEX articles_content ON articles(content_hash);
    CREATE TABLE lines (
        article INTEGER NOT NULL REFERENCES articles(rowid),
        idx INTEGER NOT NULL, text TEXT NOT NULL, role TEXT NOT NULL, confidence REAL,
        PRIMARY KEY (article, idx)
    ) WITHOUT ROWID;
    CREATE TABLE entities (key TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL);
    CREATE TABLE article_entities (
        article INTEGER NOT NULL REFERENCES articles(rowid),
        entity TEXT NOT NULL REFERENCES entities(key),
        name TEXT NOT NULL, mentions INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (article, entity)
    ) WITHOUT ROWID;
    CREATE INDEX article_entities_entity ON article_entities(entity);
    CREATE TABLE mentions (
        article INTEGER NOT NULL REFERENCES articles(rowid),
        field TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        text TEXT NOT NULL, type TEXT NOT NULL, entity TEXT
    );
    CREATE INDEX mentions_article ON mentions(article);
    CREATE TABLE times (
        article INTEGER NOT NULL REFERENCES articles(rowid),
        field TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
        value TEXT, end_value TEXT, granularity TEXT
    );
    CREATE INDEX times_article ON times(article);
    CREATE TABLE quotes (
        article INTEGER NOT NULL REFERENCES articles(rowid),
        field TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
        speaker TEXT, speaker_entity TEXT, cue TEXT
    );
    CREATE INDEX quotes_article ON quotes(article);
    CREATE TABLE rejections (
        page_hash TEXT PRIMARY KEY REFERENCES pages(hash),
        id TEXT NOT NULL, reason TEXT NOT NULL, detail TEXT, source TEXT, url TEXT
    );
    -- the linking stage's output, rewritten whole after each build
    CREATE TABLE duplicate_groups (id TEXT PRIMARY KEY, kind TEXT NOT NULL, canonical TEXT NOT NULL);
    CREATE TABLE duplicate_members (
        grp TEXT NOT NULL REFERENCES duplicate_groups(id), article TEXT NOT NULL,
        PRIMARY KEY (grp, article)
    ) WITHOUT ROWID;
    CREATE TABLE related (
        article TEXT NOT NULL, other TEXT NOT NULL, rank INTEGER NOT NULL, score REAL NOT NULL,
        reasons TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (article, other)
    ) WITHOUT ROWID;
    CREATE TABLE stories (
        id TEXT PRIMARY KEY, label TEXT NOT NULL, first TEXT, last TEXT,
        entities TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE story_articles (
        story TEXT NOT NULL REFERENCES stories(id), article TEXT NOT NULL, position INTEGER NOT NULL,
        published TEXT, outlet TEXT, title TEXT,
        PRIMARY KEY (story, article)
    ) WITHOUT ROWID;
    -- full-text index of the stemmed title, deck and body (rowid = articles.rowid; Sastrawi's stems until v8)
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, deck, body, tokenize = 'unicode61 remove_diacritics 2');
    """)


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Statement by statement, inside the caller's transaction (executescript() would commit it)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            db.execute(buf)
            buf = ""
    if buf.strip():
        db.execute(buf)


def title_key(title: str | None) -> str | None:
    """A title folded for matching a "Baca juga" link to an archived article: case, accents,
    punctuation and spacing ignored."""
    if not title:
        return None
    folded = unicodedata.normalize("NFKD", title.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.findall(r"[^\W_]+", folded)) or None


def _v1_to_v2(db: sqlite3.Connection) -> None:
    """Version 2: a folded title key, so "Baca juga" links resolve to archived articles."""
    db.execute("ALTER TABLE articles ADD COLUMN title_key TEXT")
    db.execute("CREATE INDEX articles_title_key ON articles(title_key)")
    rows = db.execute("SELECT rowid, title FROM articles WHERE title IS NOT NULL").fetchall()
    db.executemany("UPDATE articles SET title_key = ? WHERE rowid = ?", [(title_key(t), r) for r, t in rows])


def _v2_to_v3(db: sqlite3.Connection) -> None:
    """Version 3: a story's heaviest terms (what it is about when it names no entity)."""
    db.execute("ALTER TABLE stories ADD COLUMN terms TEXT NOT NULL DEFAULT '[]'")


# ---------------------------------------------------------------- filter tokens (v4)
# The full-text row of an article also holds one token per filterable value in a fourth
# column, `tags`, so a filtered search is one FTS5 MATCH (`banjir AND "_onews_2e_com"`) that
# skips to the rows of that outlet or month instead of walking every match of the word. Tags
# start with `_`, which the tokenizer keeps inside a token (`tokenchars '_'`) and which no word
# of the stemmed text or of a user's query holds (`stem.WORD` excludes it), so a query word can
# never match a tag. bm25() gives the tags column weight 0.
#
# bm25() also divides each row's length in tokens (all columns) by the average length. So that
# scores stay exactly those of title, deck and body alone, the tags column holds as many tokens
# as those three together: the tags, then the padding token `_` up to that length. Every row's
# length and the average are then both doubled, their ratio is the same floating-point number,
# and the scores are bit for bit those of schema v3. A row with fewer words than tags holds
# `_s` instead (plus padding), which every filter expression accepts (the SQL conditions decide).

FTS_TOKENIZER = "unicode61 remove_diacritics 2 tokenchars '_'"
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def _esc(value: str) -> str:
    """A value as token characters: a-z and 0-9 kept, every other character as _<hex>_
    (one-to-one, and nothing the tokenizer folds or splits)."""
    return "".join(c if c in "abcdefghijklmnopqrstuvwxyz0123456789" else f"_{ord(c):x}_" for c in value)


def outlet_tag(outlet: str) -> str:
    return "_o" + _esc(outlet)


def lang_tag(lang: str) -> str:
    return "_l" + _esc(lang)


def kind_tag(kind: str) -> str:
    return "_k" + _esc(kind)


def year_tag(year: int) -> str:
    return f"_y{year:04d}"


def month_tag(year: int, month: int) -> str:
    return f"_m{year:04d}{month:02d}"


IRREGULAR_DAY_TAG = "_dx"    # a published_day that is not a real YYYY-MM-DD date: every date filter looks at it


def real_day(day: str | None) -> tuple[int, int] | None:
    """(year, month) of a published_day that is a real date written YYYY-MM-DD, else None."""
    m = _DAY.fullmatch(day or "")
    if m is None or not 1 <= int(m.group(2)) <= 12 or not 1 <= int(m.group(3)) <= 31:
        return None
    return int(m.group(1)), int(m.group(2))


PAD_TAG = "_"
SHORT_TAG = "_s"


def token_count(stemmed: str | None) -> int:
    """Tokens of a stemmed text (`stem.stem_text`: words of letters and digits joined by spaces)."""
    return len(stemmed.split()) if stemmed else 0


def fts_tags(outlet: str | None, lang: str | None, kind: str | None, published_day: str | None,
             length: int) -> str:
    """The `tags` column of an article's full-text row: outlet, language, kind, year and month,
    padded to `length` tokens (the tokens of its stemmed title, deck and body)."""
    tags = _tags(outlet, lang, kind, published_day)
    if length < len(tags):
        tags = [SHORT_TAG] if length else []
    return " ".join(tags) + (" " + PAD_TAG) * (length - len(tags))


def _tags(outlet: str | None, lang: str | None, kind: str | None, published_day: str | None) -> list[str]:
    tags = []
    if outlet:
        tags.append(outlet_tag(outlet))
    if lang:
        tags.append(lang_tag(lang))
    if kind:
        tags.append(kind_tag(kind))
    if published_day:
        ym = real_day(published_day)
        tags += [year_tag(ym[0]), month_tag(*ym)] if ym else [IRREGULAR_DAY_TAG]
    return tags


_FTS_V4 = f"CREATE VIRTUAL TABLE {{name}} USING fts5(title, deck, body, tags, tokenize = \"{FTS_TOKENIZER}\")"


def _v3_to_v4(db: sqlite3.Connection) -> None:
    """Version 4: filter tokens in the full-text rows (a `tags` column). FTS5 cannot add a
    column, so the index is written again from its stored stemmed text (no stemming needed),
    in rowid order, and takes the old table's name."""
    db.execute(_FTS_V4.format(name="articles_fts_v4"))
    cur = db.execute("""SELECT f.rowid, f.title, f.deck, f.body, a.outlet, a.lang, a.kind, a.published_day
                        FROM articles_fts f LEFT JOIN articles a ON a.rowid = f.rowid ORDER BY f.rowid""")
    while True:
        rows = cur.fetchmany(2000)
        if not rows:
            break
        db.executemany("INSERT INTO articles_fts_v4 (rowid, title, deck, body, tags) VALUES (?, ?, ?, ?, ?)",
                       [(r[0], r[1], r[2], r[3], fts_tags(r[4], r[5], r[6], r[7], token_count(r[1]) +
                                                           token_count(r[2]) + token_count(r[3]))) for r in rows])
    db.execute("DROP TABLE articles_fts")
    db.execute("ALTER TABLE articles_fts_v4 RENAME TO articles_fts")


def _v4_to_v5(db: sqlite3.Connection) -> None:
    """Version 5: the estimated publication day of an undated article (clean/estimate.py) and its
    evidence. `published_day` holds the estimate where `published` is null, so date filters, the
    month facet and charts count such articles (the reader marks them); the articles already
    archived are estimated here from their stored body, and their filter tokens written again."""
    from ..clean.estimate import estimate_published

    db.execute("ALTER TABLE articles ADD COLUMN published_estimate TEXT")
    db.execute("ALTER TABLE articles ADD COLUMN estimate_evidence TEXT")
    rows = db.execute("""SELECT a.rowid, a.body, a.outlet, a.lang, a.kind, f.title, f.deck, f.body FROM articles a
                         LEFT JOIN articles_fts f ON f.rowid = a.rowid
                         WHERE a.published IS NULL AND a.kind = 'article'""").fetchall()
    for rowid, body, outlet, lang, kind, s_title, s_deck, s_body in rows:
        est = estimate_published(body.split("\n\n") if body else [])
        if est is None:
            continue
        db.execute("UPDATE articles SET published_estimate = ?, estimate_evidence = ?, published_day = ? "
                   "WHERE rowid = ?", (est.day, est.evidence, est.day, rowid))
        tokens = token_count(s_title) + token_count(s_deck) + token_count(s_body)
        db.execute("UPDATE articles_fts SET tags = ? WHERE rowid = ?",
                   (fts_tags(outlet, lang, kind, est.day, tokens), rowid))


def _v5_to_v6(db: sqlite3.Connection) -> None:
    """Version 6: outlet templates kept in the archive (archive/templates.py), so that any split of
    the same pages into builds gives the same archive; counts of the articles already archived are
    taken from their stored lines (their pages were not kept, so they are not extracted again)."""
    from .templates import SCHEMA, backfill

    _run_script(db, SCHEMA)
    backfill(db)


# Version 7: the columns a search ranks, filters and counts facets by, one narrow row an article
# (about 70 bytes: a million articles in 70 MB, which stays in the page cache), kept equal to
# `articles` by triggers. An `articles` row holds the article's text and fields in most of a
# page, so reading those few columns for a search's thousands of matches read thousands of pages.
FACTS_COLUMNS = ("published_day", "published", "outlet", "lang", "kind")
FACTS_SCHEMA = f"""
    CREATE TABLE IF NOT EXISTS article_facts (rowid INTEGER PRIMARY KEY, {', '.join(c + ' TEXT' for c in FACTS_COLUMNS)});
    CREATE TRIGGER IF NOT EXISTS article_facts_insert AFTER INSERT ON articles BEGIN
        INSERT OR REPLACE INTO article_facts VALUES (new.rowid, {', '.join('new.' + c for c in FACTS_COLUMNS)});
    END;
    CREATE TRIGGER IF NOT EXISTS article_facts_update AFTER UPDATE OF rowid, {', '.join(FACTS_COLUMNS)} ON articles BEGIN
        DELETE FROM article_facts WHERE rowid = old.rowid;
        INSERT OR REPLACE INTO article_facts VALUES (new.rowid, {', '.join('new.' + c for c in FACTS_COLUMNS)});
    END;
    CREATE TRIGGER IF NOT EXISTS article_facts_delete AFTER DELETE ON articles BEGIN
        DELETE FROM article_facts WHERE rowid = old.rowid;
    END;
"""


def _v6_to_v7(db: sqlite3.Connection) -> None:
    """Version 7: `article_facts`, the narrow copy of what searches rank, filter and count by."""
    _run_script(db, FACTS_SCHEMA)
    db.execute(f"INSERT OR REPLACE INTO article_facts SELECT rowid, {', '.join(FACTS_COLUMNS)} FROM articles")


def restem(db: sqlite3.Connection) -> None:
    """Write the full-text index again with the stems of the installed stemmer (kliping.stemming),
    from each article's stored title, deck and body, in rowid order, into a new index that then
    takes the old one's name (as version 4 did); records the stemmer's version in `meta`."""
    from .stem import stem_text

    db.execute("DROP TABLE IF EXISTS articles_fts_new")
    db.execute(_FTS_V4.format(name="articles_fts_new"))
    cur = db.execute("SELECT rowid, title, deck, body, outlet, lang, kind, published_day FROM articles ORDER BY rowid")
    while True:
        rows = cur.fetchmany(2000)
        if not rows:
            break
        out = []
        for rowid, title, deck, body, outlet, lang, kind, day in rows:
            stems = (stem_text(title), stem_text(deck), stem_text(body))
            out.append((rowid, *stems, fts_tags(outlet, lang, kind, day, sum(token_count(x) for x in stems))))
        db.executemany("INSERT INTO articles_fts_new (rowid, title, deck, body, tags) VALUES (?, ?, ?, ?, ?)", out)
    db.execute("DROP TABLE articles_fts")
    db.execute("ALTER TABLE articles_fts_new RENAME TO articles_fts")
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'quotes_fts'").fetchone():
        _fill_quotes_fts(db)
    db.execute("INSERT OR REPLACE INTO meta VALUES ('stemmer', ?)", (STEMMER_VERSION,))


_QUOTES_FTS = f"CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(text, speaker, tokenize = \"{FTS_TOKENIZER}\")"


def _fill_quotes_fts(db: sqlite3.Connection) -> None:
    """The quotes' full-text rows (rowid = quotes.rowid), written again from the quotes."""
    from .stem import stem_text

    db.execute("DELETE FROM quotes_fts")
    cur = db.execute("SELECT rowid, text, speaker FROM quotes ORDER BY rowid")
    while rows := cur.fetchmany(2000):
        db.executemany("INSERT INTO quotes_fts (rowid, text, speaker) VALUES (?, ?, ?)",
                       [(r, stem_text(t), stem_text(sp)) for r, t, sp in rows])


def index_stemmer(db: sqlite3.Connection) -> str | None:
    """The version of the stemmer the archive's index was written with (None: Sastrawi, before v8)."""
    row = db.execute("SELECT value FROM meta WHERE key = 'stemmer'").fetchone()
    return row[0] if row else None


def _v7_to_v8(db: sqlite3.Connection) -> None:
    """Version 8: the full-text index stemmed with kliping's own stemmer (kliping.stemming:
    Snowball's Indonesian stemmer and kliping's tables) instead of Sastrawi, whose root dictionary
    forbids commercial use (restem)."""
    restem(db)


def _v8_to_v9(db: sqlite3.Connection) -> None:
    """Version 9: quote search. `quotes_fts` holds each quote's stemmed text and speaker (rowid =
    quotes.rowid), filled from the quotes already archived."""
    db.execute(_QUOTES_FTS)
    _fill_quotes_fts(db)


# what the linking stage reads of an article (archive/store.py: iter_link_articles)
_LINKED_COLUMNS = "id, url, outlet, kind, title, deck, body, published, updated, published_estimate"


def _v9_to_v10(db: sqlite3.Connection) -> None:
    """Version 10: incremental linking (link/state.py). `meta.link_state` names the linking state
    kept beside the archive; any change to what linking read of an article already in the archive
    (its fields, its entities, its removal) forgets it, so the next build links everything again."""
    # an article added after the linking (a higher rowid than the state's last one) is not linked
    # yet: rewriting it (a re-extraction in the build that added it) leaves the state as it is
    linked = "(SELECT json_extract(value, '$.max_rowid') FROM meta WHERE key = 'link_state')"
    for name, when, row in (("articles_link_update", f"AFTER UPDATE OF {_LINKED_COLUMNS} ON articles", "OLD.rowid"),
                            ("articles_link_delete", "AFTER DELETE ON articles", "OLD.rowid"),
                            ("article_entities_link_delete", "AFTER DELETE ON article_entities", "OLD.article"),
                            ("article_entities_link_update", "AFTER UPDATE ON article_entities", "OLD.article")):
        db.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {when} WHEN {row} <= {linked} BEGIN "  # noqa: S608
                   "DELETE FROM meta WHERE key = 'link_state'; END")


def _v10_to_v11(db: sqlite3.Connection) -> None:
    """Version 11: the linking state is forgotten only when what linking read of an article already
    linked really changes. A re-extraction (archive/templates.py) rewrites every field of a stored
    page when one of its lines changes role, also one linking never reads (a caption, a related
    link); under version 10 that forgot the state and the next build linked the whole archive again,
    however few pages had changed. Now the fields are compared with their old values, an
    article's entity rows are rewritten only where they differ (store.rewrite_article), and an
    entity added to an article already linked counts as well."""
    for name in ("articles_link_update", "articles_link_delete", "article_entities_link_delete",
                 "article_entities_link_update", "article_entities_link_insert"):
        db.execute(f"DROP TRIGGER IF EXISTS {name}")  # noqa: S608 - fixed names
    linked = "(SELECT json_extract(value, '$.max_rowid') FROM meta WHERE key = 'link_state')"
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _LINKED_COLUMNS.split(", "))
    entity_changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in ("article", "entity", "name", "mentions"))
    for name, when, cond in (
            ("articles_link_update", f"AFTER UPDATE OF {_LINKED_COLUMNS} ON articles",
             f"OLD.rowid <= {linked} AND ({changed})"),
            ("articles_link_delete", "AFTER DELETE ON articles", f"OLD.rowid <= {linked}"),
            ("article_entities_link_delete", "AFTER DELETE ON article_entities", f"OLD.article <= {linked}"),
            ("article_entities_link_insert", "AFTER INSERT ON article_entities", f"NEW.article <= {linked}"),
            ("article_entities_link_update", "AFTER UPDATE ON article_entities",
             f"OLD.article <= {linked} AND ({entity_changed})")):
        db.execute(f"CREATE TRIGGER {name} {when} WHEN {cond} BEGIN "  # noqa: S608 - fixed names
                   "DELETE FROM meta WHERE key = 'link_state'; END")


def _v11_to_v12(db: sqlite3.Connection) -> None:
    """Version 12: the template check of stored pages (archive/templates.py reconcile) reads each
    page's line keys and signature from an index that holds them, not from the rows that also hold
    the compressed page: on a million pages that scan read the whole table (6 of the 65 seconds of
    adding 10,000 pages). The index replaces the one on the outlet alone."""
    db.execute("CREATE INDEX IF NOT EXISTS page_sources_check ON page_sources(outlet, article, keys, signature)")
    db.execute("DROP INDEX IF EXISTS page_sources_outlet")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v0_to_v1, _v1_to_v2, _v2_to_v3, _v3_to_v4, _v4_to_v5,
                                                          _v5_to_v6, _v6_to_v7, _v7_to_v8, _v8_to_v9, _v9_to_v10,
                                                          _v10_to_v11, _v11_to_v12]
assert len(MIGRATIONS) == SCHEMA_VERSION


def read_version(db: sqlite3.Connection) -> int:
    """The archive's schema version: 0 for an empty file; ArchiveError for a file that is not an archive."""
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return 0
    if "meta" not in tables:
        raise ArchiveError("not a kliping archive (no meta table)")
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    app = db.execute("SELECT value FROM meta WHERE key = 'application'").fetchone()
    if row is None or app is None or app[0] != APP_ID:
        raise ArchiveError("not a kliping archive (no schema version)")
    return int(row[0])


def migrate(db: sqlite3.Connection, target: int = SCHEMA_VERSION) -> tuple[int, int]:
    """Bring the archive to `target`; returns (version before, version after)."""
    before = read_version(db)
    if before > SCHEMA_VERSION:
        raise ArchiveError(f"this archive has schema version {before}, newer than this kliping knows "
                           f"({SCHEMA_VERSION}): upgrade kliping to read it")
    for version in range(before, target):
        # one transaction per step: a crash leaves the archive at a whole version
        db.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version](db)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('application', ?)", (APP_ID,))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(version + 1),))
        except BaseException:
            if db.in_transaction:     # SQLite may have rolled back itself (a full disk)
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    return before, max(before, target)


def connect(path: str | Path, readonly: bool = False, upgrade: bool = True) -> sqlite3.Connection:
    """Open an archive. Writable: created when missing and migrated to the current schema.
    Read-only (`mode=ro`): must exist and be current, else ArchiveError says what to do."""
    path = Path(path)
    if path.is_dir():
        raise ArchiveError(f"{path} is a folder: give the archive's file (for example {path / 'news.db'})")
    if readonly:
        if not path.exists():
            raise ArchiveError(f"archive not found: {path}")
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        try:
            version = read_version(db)
        except sqlite3.DatabaseError as e:
            db.close()
            raise ArchiveError(f"{path} is not a kliping archive ({e})") from None
        except ArchiveError as e:
            db.close()
            raise ArchiveError(f"{path}: {e}") from None
        if version != SCHEMA_VERSION:
            db.close()
            if version > SCHEMA_VERSION:
                raise ArchiveError(f"{path} has schema version {version}, newer than this kliping knows "
                                   f"({SCHEMA_VERSION}): upgrade kliping to read it")
            raise ArchiveError(f"{path} has schema version {version}, older than {SCHEMA_VERSION}: "
                               f"upgrade it with `kliping build --archive {path}` (no inputs needed)")
        if index_stemmer(db) != STEMMER_VERSION:
            # queries would be stemmed otherwise than the index: words would miss their articles
            db.close()
            raise ArchiveError(f"{path} was indexed with another stemmer than this kliping's ({STEMMER_VERSION}): "
                               f"index it again with `kliping build --archive {path}` (no inputs needed)")
        db.row_factory = sqlite3.Row
        return db
    # autocommit mode: the store opens and commits its own transactions (BEGIN IMMEDIATE ... COMMIT)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        if upgrade:
            migrate(db)
            if index_stemmer(db) != STEMMER_VERSION:     # the stemmer changed since the index was written
                db.execute("BEGIN IMMEDIATE")
                try:
                    restem(db)
                except BaseException:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
        elif read_version(db) != SCHEMA_VERSION:
            raise ArchiveError(f"{path}: schema version {read_version(db)}, expected {SCHEMA_VERSION}")
    except sqlite3.DatabaseError as e:
        db.close()
        raise ArchiveError(f"{path} is not a kliping archive ({e})") from None
    except ArchiveError:
        db.close()
        raise
    db.row_factory = sqlite3.Row
    return db

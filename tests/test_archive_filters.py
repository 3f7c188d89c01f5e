"""Filtered search against a brute force: on a small synthetic archive, every query with every
filter must give what ranking all matches and filtering them in Python gives (the filter tokens
of schema v4 only let FTS5 skip rows, never change a result); and a v3 archive upgrades to v4."""
from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from kliping.archive import schema
from kliping.archive import search as search_mod
from kliping.archive.schema import connect, fts_tags, token_count
from kliping.archive.search import Filters, parse_query, search
from kliping.archive.store import store_items
from kliping.model import Article, Entity

WORDS = ("banjir longsor harga beras nelayan perundingan berunding pemerintah jakarta sekolah gempa "
         "pasar zona tangkap kapal pantai ekonomi korupsi suap polisi Rp500 2024 kafé Müller naïf").split()
OUTLETS = ["kabarsanda.id", "warta-wonoraya.com", "Nusa.Herald.COM", "berita_ü.id", "makassar.tribun.id", None]
LANGS = ["id", "id", "id", "en", None]
KINDS = ["article", "article", "article", "listing", "other"]
ENTITIES = [Entity("PER:yosef_manopo", "Yosef Manopo", "PER"), Entity("LOC:jakarta", "Jakarta", "LOC"),
            Entity("ORG:serikat_nelayan", "Serikat Nelayan", "ORG"), Entity("LOC:sanda", "Sanda", "LOC")]


def _published(rng: random.Random) -> str | None:
    r = rng.random()
    if r < 0.08:
        return None
    if r < 0.11:     # irregular days a scraper can leave: compared as text by the date filters
        return rng.choice(["2024-05-40T10:00", "2024-5-6T10:00", "2023-13-02", "2024-05", "2022-02-30"])
    y, m, d = rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)
    return f"{y:04d}-{m:02d}-{d:02d}T{rng.randint(0, 23):02d}:{rng.choice(['00', '30'])}+07:00"


def _articles(n: int, seed: int = 3):
    rng = random.Random(seed)
    for i in range(n):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7))).capitalize()
        body = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 40))) + "." for _ in range(rng.randint(1, 4))]
        if i % 7 == 0:
            body = list(body) + ["Harga beras naik di pasar Jakarta."]
        art = Article(id=f"f{i:04d}", url=f"https://example.id/{i}", outlet=rng.choice(OUTLETS),
                      kind=rng.choice(KINDS), lang=rng.choice(LANGS), title=title,
                      deck=rng.choice([None, "Nelayan dan pemerintah berunding."]), published=_published(rng),
                      body=body, entities=rng.sample(ENTITIES, rng.randint(0, 3)), source="test")
        yield f"hash-{i}", art


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("filters") / "f.db"
    db = connect(path)
    store_items(db, _articles(700), batch=100)
    # two stories (the linking stage is not run here): a large one and a small one
    db.execute("UPDATE articles SET story = 'story:a' WHERE rowid % 9 = 0")
    db.execute("UPDATE articles SET story = 'story:b' WHERE rowid % 97 = 1")
    db.close()
    return path


@pytest.fixture()
def ro(archive):
    db = connect(archive, readonly=True)
    yield db
    db.close()


QUERIES = ["banjir", "harga", "perundingan", '"harga beras"', "banjir OR longsor", "nelayan -jakarta", "korup*",
           "zona tangkap", "beras OR suap -polisi"]
FILTERS = [Filters(outlet=o) for o in OUTLETS if o] + [
    Filters(lang="id"), Filters(lang="en"), Filters(kind="listing"), Filters(kind="article"),
    Filters(date_from="2023-03-01", date_to="2023-08-31"), Filters(date_from="2024-05-01", date_to="2024-05-31"),
    Filters(date_from="2024-05"), Filters(date_to="2020"), Filters(date_from="2024", date_to="2024"),
    Filters(date_from="2021-11-15", date_to="2022-02-03"), Filters(date_from="2019-01-01", date_to="2025-12-31"),
    Filters(date_from="2020-06", date_to="2024-02"), Filters(date_from="2030-01-01"), Filters(date_to="2000"),
    Filters(entity="PER:yosef_manopo"), Filters(entity="LOC:sanda"),
    Filters(outlet="kabarsanda.id", date_from="2024-01-01", date_to="2024-12-31"),
    Filters(outlet="warta-wonoraya.com", lang="id", kind="article"),
    Filters(outlet="Nusa.Herald.COM", entity="LOC:jakarta", date_from="2022"),
    Filters(outlet="no-such-outlet.id"), Filters(lang="xx"), Filters(story="story:a"), Filters(story="story:b"),
    Filters(story="story:a", outlet="kabarsanda.id", date_from="2021"),
    # several outlets (any of them), several entities (all of them)
    Filters(outlet=("kabarsanda.id", "warta-wonoraya.com")), Filters(outlet=("kabarsanda.id", "no-such-outlet.id"),
                                                                     date_from="2022"),
    Filters(entity=("PER:yosef_manopo", "LOC:sanda")), Filters(entity=("LOC:sanda", "LOC:jakarta"), lang="id"),
    Filters(outlet=("warta-wonoraya.com", "Nusa.Herald.COM"), entity=("LOC:sanda",), undated=True,
            date_from="2023-01-01", date_to="2024-12-31"),
]


def _passes(row: sqlite3.Row, ents: set[str], f: Filters) -> bool:
    """The filters in Python, as the SQL compares: equal values, days compared as text."""
    outlets = [f.outlet] if isinstance(f.outlet, str) else list(f.outlet or ())
    entities = [f.entity] if isinstance(f.entity, str) else list(f.entity or ())
    if outlets and row["outlet"] not in outlets or f.lang and row["lang"] != f.lang or f.kind and row["kind"] != f.kind:
        return False
    if f.story and row["story"] != f.story or any(e not in ents for e in entities):
        return False
    day = row["published_day"]
    if day is None and f.undated:
        return True
    if f.date_from and (day is None or day < f.date_from):
        return False
    if f.date_to and (day is None or day > f.date_to + ("-99" if len(f.date_to) < 10 else "")):
        return False
    return True


def _brute(db: sqlite3.Connection, text: str, f: Filters, sort: str, limit: int, offset: int):
    """Every match of the query, scored, no filter in SQL; filtered, cut and ranked in Python."""
    expr = parse_query(text).fts()
    rows = db.execute(
        "SELECT f.rowid, bm25(articles_fts, 8.0, 4.0, 1.0, 0.0) AS score, bm25(articles_fts, 8.0, 4.0, 1.0, 0.0) * "
        "(1.0 / (1.0 + coalesce((SELECT julianday(max(published_day)) FROM articles) - julianday(a.published_day), "
        "365) / 365.0)) AS recent, a.* FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
        "WHERE articles_fts MATCH ?", (expr,)).fetchall()
    ents: dict[int, set[str]] = {}
    for art, ent in db.execute("SELECT article, entity FROM article_entities"):
        ents.setdefault(art, set()).add(ent)
    kept = sorted((r for r in rows if _passes(r, ents.get(r["rowid"], set()), f)), key=lambda r: -r["rowid"])
    total = len(kept)
    cand = kept[:search_mod.MATCH_LIMIT + 1]
    if sort == "relevance":
        ranked = sorted(cand, key=lambda r: r["score"])
    elif sort == "recent":
        ranked = sorted(cand, key=lambda r: r["recent"])
    elif sort == "oldest":
        ranked = sorted(cand, key=lambda r: (r["published_day"] is None, r["published_day"] or "", r["rowid"]))
    else:
        ranked = sorted(sorted(sorted(cand, key=lambda r: r["rowid"]),
                               key=lambda r: (r["published"] is not None, r["published"] or ""), reverse=True),
                        key=lambda r: (r["published_day"] is not None, r["published_day"] or ""), reverse=True)
    sample = cand[:search_mod.FACET_SAMPLE]
    facets = {}
    for name, get in (("outlet", lambda r: r["outlet"]), ("lang", lambda r: r["lang"]), ("kind", lambda r: r["kind"]),
                      ("month", lambda r: r["published_day"][:7] if r["published_day"] else None)):
        counts: dict[str, int] = {}
        for r in sample:
            if get(r) is not None:
                counts[get(r)] = counts.get(get(r), 0) + 1
        facets[name] = counts
    return ([(r["id"], round(-r["score"], 4)) for r in ranked[offset:offset + limit]],
            min(total, search_mod.MATCH_LIMIT), total > search_mod.MATCH_LIMIT, facets)


def _compare(db, text, f, sort, limit=20, offset=0):
    res = search(db, text, f, sort=sort, limit=limit, offset=offset)
    hits, total, capped, facets = _brute(db, text, f, sort, limit, offset)
    label = (text, {k: v for k, v in vars(f).items() if v}, sort, offset)
    assert [(h.id, h.score) for h in res.hits] == hits, label
    assert (res.total, res.total_capped) == (total, capped), label
    for name in ("lang", "kind"):
        assert {v: n for v, _, n in res.facets[name]} == facets[name], label
    assert res.facets["outlet"] == [(v, v, n) for v, n in sorted(facets["outlet"].items(), key=lambda x: (-x[1], x[0]))[:15]], label
    assert res.facets["month"] == [(v, v, n) for v, n in sorted(facets["month"].items(), reverse=True)[:24]], label
    return res


def test_the_archive_has_what_the_filters_need(ro):
    # every outlet, both languages, every kind, irregular and missing days, each filter finds something
    assert ro.execute("SELECT count(DISTINCT outlet), count(DISTINCT lang), count(DISTINCT kind) FROM articles").fetchone()[:] == (5, 2, 3)
    days = [r[0] for r in ro.execute("SELECT published_day FROM articles")]
    assert None in days and "2024-05-40" in days and "2024-5-6T1" in days
    for f in FILTERS[:12]:
        assert search(ro, "", f).total > 0, f


@pytest.fixture(params=["dense values left out", "every filter token used"])
def dense(request, monkeypatch):
    """Both ways of running a filter: tokens of values most articles have left to the SQL
    conditions (the default), and every filter token in the MATCH expression."""
    if request.param == "every filter token used":
        monkeypatch.setattr(search_mod, "DENSE", 2.0)
    return request.param


@pytest.mark.parametrize("sort", ["relevance", "recent", "newest", "oldest"])
def test_filtered_search_equals_brute_force(ro, sort, dense):
    for text in QUERIES:
        for f in [Filters()] + FILTERS:
            _compare(ro, text, f, sort)
    _compare(ro, "banjir", Filters(kind="article"), sort, limit=7, offset=14)   # a later page


def test_search_equals_brute_force_with_fts5s_own_bm25(ro, monkeypatch):
    # where the _ftsrank extension is missing (or refused), search ranks by FTS5's bm25() itself
    from kliping.archive import rank
    monkeypatch.setattr(rank, "available", lambda: False)
    for sort in ("relevance", "recent"):
        for text in QUERIES:
            for f in [Filters()] + FILTERS[:6]:
                _compare(ro, text, f, sort)


def test_filtered_search_equals_brute_force_past_the_match_limit(ro, monkeypatch, dense):
    # with a low limit every common word is capped: a filtered query ranks the first matches
    # that pass the filter (most recently archived first), as a brute force over all matches does
    monkeypatch.setattr(search_mod, "MATCH_LIMIT", 25)
    monkeypatch.setattr(search_mod, "FACET_SAMPLE", 12)
    capped = 0
    for text in QUERIES:
        for f in [Filters()] + FILTERS:
            for sort in ("relevance", "newest"):
                capped += _compare(ro, text, f, sort).total_capped
    assert capped > 50


def test_an_index_stemmed_by_another_stemmer_is_indexed_again(archive, tmp_path):
    import shutil

    from kliping.stemming import STEMMER_VERSION

    old = tmp_path / "old.db"
    shutil.copy(archive, old)
    db = sqlite3.connect(old)
    before = {q: [h.id for h in search(connect(archive, readonly=True), q).hits] for q in QUERIES}
    # as an archive indexed by an older stemmer: other stems in the index and in `meta`
    db.execute("UPDATE meta SET value = 'sastrawi' WHERE key = 'stemmer'")
    db.execute("UPDATE articles_fts SET body = 'lain', deck = 'lain', title = 'lain'")
    db.commit()
    db.close()
    with pytest.raises(schema.ArchiveError, match="indexed with another stemmer"):
        connect(old, readonly=True)
    connect(old).close()        # a writable open indexes it again
    db = connect(old, readonly=True)
    assert schema.index_stemmer(db) == STEMMER_VERSION
    assert {q: [h.id for h in search(db, q).hits] for q in QUERIES} == before
    assert search(db, "berunding").total == search(db, "perundingan").total > 0
    db.close()
    sqlite3.connect(old).execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")


def test_a_date_range_counts_the_undated_it_leaves_out_and_can_take_them(ro):
    checked = 0
    for text in ["", "banjir", "harga", "zona tangkap"]:
        for f in (Filters(date_from="2023-03-01", date_to="2023-08-31"), Filters(date_from="2024-05"),
                  Filters(date_to="2020", outlet=OUTLETS[1])):
            without = search(ro, text, f)
            with_them = search(ro, text, Filters(**{**vars(f), "undated": True}))
            undated_only = [r for r in ro.execute("SELECT rowid FROM articles WHERE published_day IS NULL")]
            assert with_them.total == without.total + without.undated_left_out, (text, f)
            assert with_them.undated_left_out == 0
            checked += without.undated_left_out > 0 and bool(undated_only)
    assert checked >= 6
    # no date range: nothing is left out
    assert search(ro, "banjir").undated_left_out == 0


def test_irregular_days_are_found_by_date_filters(ro):
    # "2024-05-40" sorts inside May 2024 and "2024-5-6T1" inside 2024 (text comparison, as the SQL does)
    may = {h.id for h in search(ro, "", Filters(date_from="2024-05", date_to="2024-05"), limit=100).hits}
    may_q = search(ro, "nelayan OR banjir OR harga OR pasar OR zona OR gempa", Filters(date_from="2024-05", date_to="2024-05"), limit=100)
    irregular = {r[0] for r in ro.execute("SELECT id FROM articles WHERE published_day = '2024-05-40'")}
    assert irregular and irregular <= may
    assert {h.id for h in may_q.hits} <= may and irregular & {h.id for h in may_q.hits}


def test_filter_tokens_in_the_index(ro, monkeypatch):
    rows = {r[0]: r[1:] for r in ro.execute("SELECT rowid, title, deck, body, tags FROM articles_fts")}
    for r in ro.execute("SELECT rowid, outlet, lang, kind, published_day FROM articles"):
        title, deck, body, tags = rows[r[0]]
        length = sum(token_count(x) for x in (title, deck, body))
        assert tags == fts_tags(r[1], r[2], r[3], r[4], length) and token_count(tags) == length
    # the tags, padded to the length of title, deck and body (so bm25 scores stay those of v3)
    assert fts_tags("Nusa.Herald.COM", "id", "article", "2024-05-06", 7) == \
        "_o_4e_usa_2e__48_erald_2e__43__4f__4d_ _lid _karticle _y2024 _m202405 _ _"
    assert fts_tags(None, None, "other", "2024-05-40", 2) == "_kother _dx"
    assert fts_tags("a.id", "id", "other", "2024-05-04", 3) == "_s _ _"      # fewer words than tags
    assert fts_tags("a.id", "id", "other", None, 0) == ""
    # a value most recent articles have is left to the SQL conditions: FTS5 would only step
    # through its long list beside the query's
    assert Filters(outlet="kabarsanda.id", lang="id", kind="article").tags(ro) == '("_okabarsanda_2e_id") OR "_s"'
    assert Filters(lang="en").tags(ro) == '("_len") OR "_s"'
    # what a filter adds to the MATCH expression (the archive runs from 2019 to 2025)
    monkeypatch.setattr(search_mod, "DENSE", 2.0)
    assert Filters(outlet="kabarsanda.id", lang="id", kind="article").tags(ro) == \
        '("_okabarsanda_2e_id" AND "_lid" AND "_karticle") OR "_s"'
    assert Filters(date_from="2023-03-01", date_to="2023-05-31").tags(ro) == \
        '(("_m202303" OR "_m202304" OR "_m202305" OR "_dx")) OR "_s"'
    assert Filters(date_from="2023-11-15", date_to="2024").tags(ro) == \
        '(("_m202311" OR "_m202312" OR "_y2024" OR "_dx")) OR "_s"'
    assert Filters(date_from="2025-03").tags(ro) == \
        "((" + " OR ".join(f'"_m2025{m:02d}"' for m in range(3, 13)) + ' OR "_dx")) OR "_s"'
    assert Filters(date_from="2020", date_to="2022").tags(ro) == '(("_y2020" OR "_y2021" OR "_y2022" OR "_dx")) OR "_s"'
    assert Filters(date_from="2020-01", date_to="2024-12").tags(ro) is None     # most of the archive
    assert Filters(date_from="2030").tags(ro) is None and Filters().tags(ro) is None
    # a query word never reaches the tags column: tags start with "_", which no word holds
    assert search(ro, "karticle").total == 0 and search(ro, "_karticle").total == 0
    assert search(ro, "lid*").total == 0


def _downgrade_to_v3(path: Path) -> None:
    """The archive as schema v3 held it: the full-text table without the tags column."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    db.execute("CREATE VIRTUAL TABLE fts_v3 USING fts5(title, deck, body, tokenize = 'unicode61 remove_diacritics 2')")
    db.execute("INSERT INTO fts_v3 (rowid, title, deck, body) SELECT rowid, title, deck, body FROM articles_fts")
    db.execute("DROP TABLE articles_fts")
    db.execute("ALTER TABLE fts_v3 RENAME TO articles_fts")
    for trigger in ("articles_link_update", "articles_link_delete", "article_entities_link_delete",
                    "article_entities_link_insert", "article_entities_link_update"):     # v10's and v11's
        db.execute(f"DROP TRIGGER {trigger}")
    db.execute("ALTER TABLE articles DROP COLUMN published_estimate")   # v5's columns
    db.execute("ALTER TABLE articles DROP COLUMN estimate_evidence")
    for table in ("page_sources", "template_lines", "template_outlets", "template_dirty"):   # v6's tables
        db.execute(f"DROP TABLE {table}")
    db.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    db.execute("COMMIT")
    db.close()


def test_v3_archive_upgrades_to_v4_with_the_same_results(archive, tmp_path):
    old = tmp_path / "v3.db"
    shutil.copy(archive, old)
    _downgrade_to_v3(old)
    with pytest.raises(schema.ArchiveError, match="version 3, older than 12"):
        connect(old, readonly=True)
    v3 = sqlite3.connect(old)
    v3_text = v3.execute("SELECT rowid, title, deck, body FROM articles_fts ORDER BY rowid").fetchall()
    exprs = [parse_query(q).fts() for q in QUERIES] + ['"kafe" OR "muller"', "rp500 OR 2024"]
    v3_scores = [v3.execute("SELECT rowid, bm25(articles_fts, 8.0, 4.0, 1.0), bm25(articles_fts) FROM articles_fts "
                            "WHERE articles_fts MATCH ? ORDER BY rowid", (e,)).fetchall() for e in exprs]
    assert all(v3_scores) and sum(map(len, v3_scores)) > 1000
    assert [c[1] for c in v3.execute("PRAGMA table_info(articles_fts)")] == ["title", "deck", "body"]
    v3.close()
    db = connect(old)        # a writable open upgrades
    assert schema.read_version(db) == 12
    assert [c[1] for c in db.execute("PRAGMA table_info(articles_fts)")] == ["title", "deck", "body", "tags"]
    assert [tuple(r) for r in db.execute("SELECT rowid, title, deck, body FROM articles_fts ORDER BY rowid")] == v3_text
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    # the same bm25 scores, bit for bit, with the ranking weights and with the default ones (the
    # padded tags double every row's length and the average alike)
    assert [[tuple(r) for r in db.execute(
        "SELECT rowid, bm25(articles_fts, 8.0, 4.0, 1.0, 0.0), bm25(articles_fts) FROM articles_fts "
        "WHERE articles_fts MATCH ? ORDER BY rowid", (e,))] for e in exprs] == v3_scores
    # with the filter tokens in the expression too
    f = Filters(outlet="kabarsanda.id", date_from="2023-03", date_to="2024-05")
    tags = f.tags(db)
    assert tags and "_okabarsanda_2e_id" in tags and "_m2023" in tags
    for e, scores in zip(exprs, v3_scores):
        got = dict(db.execute("SELECT rowid, bm25(articles_fts, 8.0, 4.0, 1.0, 0.0) FROM articles_fts "
                              "WHERE articles_fts MATCH ?", (f"({e}) AND ({tags})",)).fetchall())
        assert got and all(got[r] == s for r, s, _ in scores if r in got)
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'articles_fts_v4%'").fetchone()[0] == 0
    db.close()
    fresh, upgraded = connect(archive, readonly=True), connect(old, readonly=True)
    for text in QUERIES:
        for f in [Filters()] + FILTERS[:8]:
            a, b = search(fresh, text, f), search(upgraded, text, f)
            assert (a.to_dict() == b.to_dict()), (text, f)
    fresh.close()
    upgraded.close()


@pytest.mark.parametrize("share", [0.0, 2.0], ids=["entity list read once", "entity tested per match"])
def test_every_match_under_entity_filters_follows_the_archive(archive, tmp_path, monkeypatch, share):
    """Exports and attention over time (`every_match`, `match_source`): under one or two entity
    filters, the hits are those a brute force finds, whether the entity's articles are read once
    into a connection's temporary table or tested match by match; and a table made before another
    connection changed the archive is not used after."""
    monkeypatch.setattr(search_mod, "ENTITY_SET_SHARE", share)
    path = tmp_path / "f.db"
    shutil.copy(archive, path)
    ro = connect(path, readonly=True)

    def brute(text: str, keys: list[str]) -> set[int]:
        # every match of the query (no filter in SQL), the entities checked in Python
        matches = {r for (r,) in ro.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?",
                                            (parse_query(text).fts(),))}
        ents: dict[int, set[str]] = {}
        for art, ent in ro.execute("SELECT article, entity FROM article_entities"):
            ents.setdefault(art, set()).add(ent)
        return {r for r in matches if set(keys) <= ents.get(r, set())}

    for text, keys in [("harga", ["LOC:jakarta"]), ("banjir", ["LOC:jakarta", "PER:yosef_manopo"]),
                       ("nelayan", ["LOC:sanda"])]:
        got = list(search_mod.every_match(ro, text, Filters(entity=keys[0] if len(keys) == 1 else tuple(keys))))
        assert set(got) == brute(text, keys) and len(got) == len(set(got)), (text, keys)
    before = set(search_mod.every_match(ro, "harga", Filters(entity="LOC:jakarta")))
    assert before
    gone = min(before)
    rw = connect(path)
    rw.execute("DELETE FROM article_entities WHERE article = ? AND entity = 'LOC:jakarta'", (gone,))
    rw.close()
    after = set(search_mod.every_match(ro, "harga", Filters(entity="LOC:jakarta")))
    assert after == before - {gone}
    ro.close()


def test_undated_matches_left_out_follow_the_archive(archive, tmp_path):
    """A date-filtered search counts the undated matches it leaves out; whether the archive holds
    any undated article is read once per connection, and read again after another connection
    changed the archive."""
    path = tmp_path / "u.db"
    shutil.copy(archive, path)
    rw = connect(path)
    rw.execute("UPDATE articles SET published = '2024-01-01T10:00+07:00', published_day = '2024-01-01' "
               "WHERE published_day IS NULL")
    rw.close()
    ro = connect(path, readonly=True)
    f = Filters(date_from="2024-01-01", date_to="2024-12-31")
    assert search(ro, "harga", f).undated_left_out == 0
    rw = connect(path)
    ids = [r for (r,) in rw.execute("SELECT a.rowid FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
                                    "WHERE articles_fts MATCH 'harga' LIMIT 2")]
    rw.execute(f"UPDATE articles SET published = NULL, published_day = NULL WHERE rowid IN ({ids[0]}, {ids[1]})")
    rw.close()
    assert search(ro, "harga", f).undated_left_out == 2
    ro.close()

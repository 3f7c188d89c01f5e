"""The SQLite archive: build, incremental and idempotent reruns, a build broken mid-way,
migrations, stemmed full-text search, filters and query errors. Real SQLite files in tmp_path."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kliping.archive import schema
from kliping.archive.build import build_archive
from kliping.archive.export import export_jsonl, export_parquet, export_text
from kliping.archive.schema import ArchiveError, connect, migrate
from kliping.archive.search import Filters, QueryError, parse_query, search
from kliping.archive.store import SUMMARY_TABLES, counts, iter_articles, load_article, load_story, write_links

sys.path.insert(0, str(Path(__file__).parent))
from archive_fixtures import PAGES, many_pages, story_links, write_pages  # noqa: E402
from clihelp import kliping_cmd  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pages.jsonl"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("archive")
    pages = write_pages(tmp / "pages.jsonl")
    db_path = tmp / "news.db"
    build_archive(db_path, [str(pages)], link=False)
    db = connect(db_path)
    write_links(db, *story_links())
    db.close()
    return db_path


@pytest.fixture()
def ro(built):
    db = connect(built, readonly=True)
    yield db
    db.close()


def test_build_stores_articles_rejections_and_enrichment(ro):
    c = counts(ro)
    assert c["pages"] == len(PAGES)
    assert c["articles"] == len(PAGES) - 1 and c["rejections"] == 1      # t06 has no text
    assert c["articles_fts"] == c["articles"]
    rej = ro.execute("SELECT id, reason FROM rejections").fetchone()
    assert tuple(rej) == ("t06", "empty")
    art = load_article(ro, "t01")
    assert art.title == "Nelayan Teluk Sanda dan Pemkab Berunding Soal Zona Tangkap"
    assert art.outlet == "kabarsanda.id" and art.published.startswith("2024-05-06")
    assert "Marlina Tuwo" in art.authors
    assert art.credits and "Marlina Tuwo" in art.credits[0]
    assert art.related_links == ["Harga Solar Nelayan di Teluk Sanda Naik, Melaut Dikurangi"]
    assert any(ln.role == "body" for ln in art.lines) and any(ln.role == "boilerplate" for ln in art.lines)
    assert "berunding selama lima jam" in art.text
    # enrichment, stored and read back
    assert "PER:yosef_manopo" in {e.key for e in art.entities}
    assert any(m.entity == "PER:yosef_manopo" and art.text[m.start:m.end] == m.text for m in art.mentions
               if m.field == "body")
    assert art.quotes and art.times


def test_links_stored_and_read_back(ro):
    story = load_story(ro, "story:t01")
    assert [e.article for e in story.timeline] == ["t01", "t02", "t05"]
    art = load_article(ro, "t02")
    assert art.story == "story:t01"
    assert [r.id for r in art.related] == ["t01", "t05"]


def test_rerun_is_idempotent_and_adds_only_new_pages(tmp_path):
    pages = write_pages(tmp_path / "a.jsonl", PAGES[:3])
    db_path = tmp_path / "news.db"
    first = build_archive(db_path, [str(pages)], link=False, enrich=False)
    assert first.articles == 3 and first.skipped == 0
    again = build_archive(db_path, [str(pages)], link=False, enrich=False)
    assert again.articles == 0 and again.skipped == 3 and again.counts == first.counts
    more = write_pages(tmp_path / "b.jsonl", PAGES)
    grown = build_archive(db_path, [str(pages), str(more)], link=False, enrich=False)
    assert grown.articles == len(PAGES) - 4 and grown.rejections == 1   # 3 known twice over, t06 rejected
    assert grown.counts["pages"] == len(PAGES) and grown.counts["articles"] == len(PAGES) - 1


def test_a_build_that_links_while_another_adds_pages_links_what_it_reports(tmp_path, monkeypatch):
    """Two builds at once: while the first one links, the second adds pages. The first links again
    over the grown archive, and its summary counts exactly what it linked."""
    import kliping.archive.build as build_mod

    first_pages = write_pages(tmp_path / "a.jsonl", PAGES[:3])
    more = write_pages(tmp_path / "b.jsonl", PAGES[3:5])
    db_path = tmp_path / "news.db"
    real_iter, calls = build_mod.iter_link_articles, []

    def link_while_another_build_writes(db, *a, **k):
        articles = list(real_iter(db, *a, **k))
        calls.append(len(articles))
        if len(calls) == 1:      # the other build runs to its end meanwhile
            monkeypatch.setattr(build_mod, "iter_link_articles", real_iter)
            other = build_archive(db_path, [str(more)], enrich=False)
            monkeypatch.setattr(build_mod, "iter_link_articles", link_while_another_build_writes)
            assert other.counts["articles"] == 5
        return iter(articles)

    monkeypatch.setattr(build_mod, "iter_link_articles", link_while_another_build_writes)
    report = build_archive(db_path, [str(first_pages)], enrich=False)
    assert calls == [3, 5]
    assert report.counts["articles"] == 5 and report.link_note.startswith("linked 5 articles")
    db = sqlite3.connect(db_path)
    linked = {r[0] for r in db.execute("SELECT article FROM story_articles")}
    assert len(linked) == 5 and db.execute("SELECT count(*) FROM stories").fetchone()[0] == report.counts["stories"]


def test_same_id_different_content_is_kept_under_a_new_id(tmp_path):
    changed = dict(PAGES[2], text=PAGES[2]["text"].replace("Rp500", "Rp700"))
    db_path = tmp_path / "news.db"
    build_archive(db_path, [str(write_pages(tmp_path / "a.jsonl", [PAGES[2]]))], link=False, enrich=False)
    build_archive(db_path, [str(write_pages(tmp_path / "b.jsonl", [changed]))], link=False, enrich=False)
    db = connect(db_path, readonly=True)
    ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY rowid")]
    assert ids[0] == "t03" and ids[1].startswith("t03~") and len(ids) == 2


def _snapshot(db_path: Path) -> tuple:
    db = sqlite3.connect(db_path)
    ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY id")]
    hashes = [r[0] for r in db.execute("SELECT hash FROM pages ORDER BY hash")]
    per_table = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("pages", "articles", "rejections", "lines", "articles_fts")}
    fts_rowids = sorted(r[0] for r in db.execute("SELECT rowid FROM articles_fts"))
    art_rowids = sorted(r[0] for r in db.execute("SELECT rowid FROM articles"))
    db.close()
    assert len(ids) == len(set(ids)) and fts_rowids == art_rowids   # nothing doubled, index matches
    return ids, hashes, per_table


def test_build_broken_between_batches_completes_on_rerun(tmp_path):
    pages = write_pages(tmp_path / "p.jsonl", many_pages(12))
    clean = tmp_path / "clean.db"
    build_archive(clean, [str(pages)], batch=3, link=False, enrich=False)

    broken = tmp_path / "broken.db"

    def stop(n: int) -> None:
        if n == 2:
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        build_archive(broken, [str(pages)], batch=3, link=False, enrich=False, after_batch=stop)
    assert counts(connect(broken))["articles"] == 6          # two whole batches, nothing of the third
    report = build_archive(broken, [str(pages)], batch=3, link=False, enrich=False)
    assert report.skipped == 6 and report.articles == 6
    assert _snapshot(broken) == _snapshot(clean)


def test_build_process_killed_then_rerun_completes(tmp_path):
    """A real `kliping build` killed with SIGKILL while it writes; the rerun ends with every page once."""
    pages = write_pages(tmp_path / "p.jsonl", many_pages(60))
    db_path = tmp_path / "news.db"
    args = kliping_cmd() + ["build", str(pages), "--archive", str(db_path), "--batch", "2", "--no-link", "-q"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    written = 0
    while time.time() < deadline and proc.poll() is None:
        try:
            db = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True, timeout=0.1)
            written = db.execute("SELECT count(*) FROM pages").fetchone()[0]
            db.close()
        except sqlite3.Error:
            written = 0
        if written >= 4:
            break
        time.sleep(0.02)
    killed = proc.poll() is None
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    if killed:
        partial = sqlite3.connect(db_path).execute("SELECT count(*) FROM pages").fetchone()[0]
        assert 0 < partial < 60 and partial % 2 == 0        # whole batches only
        print(f"killed after {partial} pages")
    rerun = subprocess.run(args, capture_output=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr.decode()
    ids, hashes, per_table = _snapshot(db_path)
    assert per_table["pages"] == 60 and per_table["articles"] == 60 and len(set(hashes)) == 60


def test_migration_from_version_1(tmp_path):
    db_path = tmp_path / "old.db"
    db = sqlite3.connect(db_path, isolation_level=None)
    migrate(db, target=1)
    db.execute("INSERT INTO pages VALUES ('h1', 'old1', 'article', '2024-01-01T00:00:00Z')")
    db.execute("INSERT INTO articles (id, page_hash, kind, title, body, added) VALUES "
               "('old1', 'h1', 'article', 'Banjir Rendam Rumah Warga', 'teks', '2024-01-01T00:00:00Z')")
    db.execute("INSERT INTO pages VALUES ('h2', 'old2', 'article', '2024-01-01T00:00:00Z')")
    db.execute("INSERT INTO articles (id, page_hash, kind, title, body, added) VALUES "
               "('old2', 'h2', 'article', 'Jembatan Putus', 'KENDARI - Jembatan putus, Selasa (12/3/2024) pagi.', "
               "'2024-01-01T00:00:00Z')")
    db.close()
    with pytest.raises(ArchiveError, match=r"version 1, older than 12: upgrade it with `kliping build --archive"):
        connect(db_path, readonly=True)
    db = connect(db_path)    # writable open upgrades, step by step
    assert schema.read_version(db) == schema.SCHEMA_VERSION == 12
    # v5: an undated article archived earlier gets its estimated day, filed under it
    assert tuple(db.execute("SELECT published, published_estimate, published_day FROM articles WHERE id = 'old2'"
                            ).fetchone()) == (None, "2024-03-12", "2024-03-12")
    assert db.execute("SELECT published_estimate FROM articles WHERE id = 'old1'").fetchone()[0] is None
    assert db.execute("SELECT title_key FROM articles WHERE id = 'old1'").fetchone()[0] == "banjir rendam rumah warga"
    assert db.execute("SELECT terms FROM stories").fetchall() == []     # v3 column is there
    # v7: the narrow facts row of each article, equal to the article's columns
    facts = "SELECT rowid, published_day, published, outlet, lang, kind FROM {} ORDER BY rowid"
    assert db.execute(facts.format("article_facts")).fetchall() == db.execute(facts.format("articles")).fetchall()
    assert db.execute("SELECT published_day FROM article_facts WHERE rowid = 2").fetchone()[0] == "2024-03-12"
    db.close()
    connect(db_path, readonly=True).close()


def test_newer_or_foreign_files_are_refused_clearly(tmp_path):
    newer = tmp_path / "newer.db"
    db = connect(newer)
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.close()
    with pytest.raises(ArchiveError, match="newer than this kliping knows"):
        connect(newer)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(ArchiveError, match="not a kliping archive"):
        connect(other)
    text = tmp_path / "notes.db"
    text.write_text("just some text, not a database\n" * 100)
    with pytest.raises(ArchiveError, match="not a kliping archive"):
        connect(text, readonly=True)
    with pytest.raises(ArchiveError, match="archive not found"):
        connect(tmp_path / "missing.db", readonly=True)
    folder = tmp_path / "arsip"
    folder.mkdir()
    for readonly in (False, True):
        with pytest.raises(ArchiveError, match="is a folder"):
            connect(folder, readonly=readonly)


def test_stemmed_search_finds_other_word_forms(ro):
    res = search(ro, "perundingan")
    ids = [h.id for h in res.hits]
    assert "t01" in ids                      # t01 has only "berunding"
    assert "perundingan" not in load_article(ro, "t01").text.lower()
    hit = next(h for h in res.hits if h.id == "t01")
    assert "<mark>berunding</mark>" in str(hit.snippet)
    assert "t03" not in ids


def test_phrase_or_exclusion_and_prefix(ro):
    assert [h.id for h in search(ro, '"harga beras"').hits] == ["t03"]
    assert search(ro, '"beras harga"').total == 0
    either = {h.id for h in search(ro, "beras OR lembean").hits}
    assert either == {"t03", "t04"}
    without = {h.id for h in search(ro, "zona -perundingan").hits}
    assert "t01" not in without and "t02" not in without
    assert "t03" in {h.id for h in search(ro, "wonora*").hits}


def test_costly_searches_are_refused_with_a_reason(ro, monkeypatch):
    """Short or many prefixes, too many words, and a search past its time budget: a QueryTooCostly
    saying how to narrow it (the reader and the API answer it with 400), never minutes of work."""
    import kliping.archive.search as search_mod
    from kliping.archive.search import QueryTooCostly

    for q, said in (("ba*", "at least 3 letters"), ("-ba* banjir", "at least 3 letters"),
                    ("ban* OR zon* OR har* OR ber* OR wonora*", "at most 4 words with *"),
                    (" OR ".join(f"kata{i}" for i in range(33)), "at most 32 words")):
        with pytest.raises(QueryTooCostly, match=said):
            search(ro, q)
    assert search(ro, "ban* OR zon* OR har* OR wonora*").total > 0
    monkeypatch.setattr(search_mod, "PROGRESS_STEPS", 10)      # the clock read often: a budget of 0 is spent
    with pytest.raises(QueryTooCostly, match="takes too long"):
        search(ro, "banjir OR zona OR beras", budget=0.0)
    assert search(ro, "banjir OR zona OR beras").total > 0     # the handler is removed: the next search runs
    assert ro.execute("SELECT count(*) FROM articles").fetchone()[0] > 0


def test_filters(ro):
    assert {h.id for h in search(ro, "", Filters(outlet="warta-wonoraya.com")).hits} == {"t03"}
    may = {h.id for h in search(ro, "", Filters(date_from="2024-05-01", date_to="2024-05-20")).hits}
    assert may == {"t01", "t02"}
    assert {h.id for h in search(ro, "", Filters(date_to="2024-04")).hits} == {"t03"}
    assert {h.id for h in search(ro, "", Filters(lang="en")).hits} == {"t05"}
    assert {h.id for h in search(ro, "", Filters(story="story:t01")).hits} == {"t01", "t02", "t05"}
    by_entity = {h.id for h in search(ro, "", Filters(entity="PER:yosef_manopo")).hits}
    assert {"t01", "t02"} <= by_entity and "t03" not in by_entity
    assert search(ro, "", Filters(kind="listing")).total == 0
    assert search(ro, "zona", Filters(outlet="warta-wonoraya.com")).total == 0


def test_ranking_and_facets(ro):
    res = search(ro, "zona tangkap")
    assert res.hits[0].id in ("t01", "t02") and all(h.score > 0 for h in res.hits)
    assert res.hits == sorted(res.hits, key=lambda h: -h.score)
    recent = search(ro, "zona tangkap", sort="recent")
    assert {h.id for h in recent.hits} == {h.id for h in res.hits}
    assert [h.id for h in search(ro, "", sort="newest").hits][:1] == ["t05"]
    outlets = dict((v, n) for v, _, n in search(ro, "").facets["outlet"])
    assert outlets["kabarsanda.id"] == 3 and outlets["warta-wonoraya.com"] == 1
    assert ("2024-05", "2024-05", 4) in search(ro, "").facets["month"]


@pytest.mark.parametrize("query, message", [
    ('"harga beras', "quotation mark is not closed"),
    ("banjir OR", "OR needs a word on each side"),
    ("OR banjir", "OR needs a word on each side"),
    ("-kendari", "cannot only exclude"),
    ("*", "at the end of a word"),
    ('""', "empty phrase"),
    ("x" * 600, "too long"),
])
def test_query_errors_are_clear(ro, query, message):
    with pytest.raises(QueryError, match=message):
        search(ro, query)


def test_fts_syntax_in_user_text_is_only_words(ro):
    for text in ("NEAR(zona tangkap)", "title:zona", "zona AND", "{zona}", "zona^", "(zona", "zona NOT"):
        search(ro, text)         # never an sqlite error
    assert parse_query("AND NOT").fts() == '"and" AND "not"'
    with pytest.raises(QueryError, match="date written YYYY-MM-DD"):
        search(ro, "", Filters(date_from="5 Mei'; DROP TABLE articles; --"))


def test_exports(ro, tmp_path):
    out = tmp_path / "a.jsonl"
    with open(out, "w", encoding="utf-8") as f:
        n = export_jsonl(ro, f)
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert n == len(recs) == 5 and {r["id"] for r in recs} == {"t01", "t02", "t03", "t04", "t05"}
    t01 = next(r for r in recs if r["id"] == "t01")
    assert t01["story"] == "story:t01" and t01["entities"] and t01["mentions"] and t01["related"]
    # Parquet holds the whole article, and reads back as the archive's articles
    from kliping.archive.store import iter_articles
    from kliping.records import read_articles_parquet

    n = export_parquet(ro, tmp_path / "a.parquet")
    back = {a.id: a for a in read_articles_parquet(tmp_path / "a.parquet")}
    stored = {a.id: a for a in iter_articles(ro)}
    assert n == len(back) == 5
    for art_id, a in stored.items():
        b = back[art_id]
        assert (b.entities, b.mentions, b.times, b.quotes, b.related, b.story, b.body) == \
               (a.entities, a.mentions, a.times, a.quotes, a.related, a.story, a.body), art_id
    assert any(a.quotes for a in back.values()) and any(a.times for a in back.values())
    with open(tmp_path / "c.txt", "w", encoding="utf-8") as f:
        export_text(ro, f)
    corpus = (tmp_path / "c.txt").read_text(encoding="utf-8")
    assert "berunding selama lima jam" in corpus and "Copyright" not in corpus


def test_export_of_a_search_as_csv_a_spreadsheet_opens(ro, tmp_path):
    import csv

    from kliping.archive.export import CSV_COLUMNS, Selection, export_csv

    out = tmp_path / "zona.csv"
    with open(out, "w", encoding="utf-8", newline="") as f:
        n = export_csv(ro, f, Selection("zona tangkap"))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                  # UTF-8 with its mark: spreadsheets read it so
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines(keepends=True)))
    assert tuple(rows[0]) == CSV_COLUMNS and n == len(rows) - 1
    assert {r[0] for r in rows[1:]} == {h.id for h in search(ro, "zona tangkap", limit=100).hits}
    t01 = next(r for r in rows[1:] if r[0] == "t01")
    assert "Yosef Manopo" in t01[CSV_COLUMNS.index("entities")]
    assert "berunding selama lima jam" in t01[CSV_COLUMNS.index("text")]
    # filters as in the reader
    with open(out, "w", encoding="utf-8", newline="") as f:
        assert export_csv(ro, f, Selection("", Filters(outlet="warta-wonoraya.com"))) == 1


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from('ab ,;"\'\r\n\t\u00e9\u2028x'), max_size=12), min_size=1, max_size=6))
def test_csv_lines_are_what_the_csv_module_writes_and_reads_back(row):
    import csv
    import io

    from kliping.archive.export import csv_line

    ours = csv_line(row)
    theirs = io.StringIO()
    csv.writer(theirs, lineterminator="\r\n").writerow(row)
    assert ours == theirs.getvalue()
    assert next(csv.reader(io.StringIO(ours, newline=""))) == row


def test_export_writes_every_hit_past_the_ranking_cap(ro, tmp_path, monkeypatch):
    import kliping.archive.search as search_mod
    from kliping.archive.export import Selection, export_jsonl

    monkeypatch.setattr(search_mod, "MATCH_LIMIT", 1)
    assert search(ro, "zona tangkap").total == 1
    with open(tmp_path / "all.jsonl", "w", encoding="utf-8") as f:
        n = export_jsonl(ro, f, Selection("zona tangkap"))
    assert n == len(list(search_mod.every_match(ro, "zona tangkap"))) == 2


def test_cli_export_filters_and_formats(built, tmp_path):
    ok = subprocess.run(kliping_cmd() + ["export", str(built), "-o", str(tmp_path / "z.csv"), "-q", "zona tangkap",
                                         "--from", "2024-05-01", "--to", "2024-05-31"],
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and "(csv)" in ok.stderr
    assert (tmp_path / "z.csv").read_text(encoding="utf-8-sig").startswith("id,url,outlet,")
    two = subprocess.run(kliping_cmd() + ["export", str(built), "-o", str(tmp_path / "two.jsonl"),
                                          "--outlet", "kabarsanda.id", "--outlet", "warta-wonoraya.com"],
                         capture_output=True, text=True, timeout=120)
    one = subprocess.run(kliping_cmd() + ["export", str(built), "-o", str(tmp_path / "one.jsonl"),
                                          "--group", "kabarsanda.id"], capture_output=True, text=True, timeout=120)
    assert two.returncode == one.returncode == 0
    got = [json.loads(x)["outlet"] for x in (tmp_path / "two.jsonl").read_text(encoding="utf-8").splitlines()]
    assert set(got) == {"kabarsanda.id", "warta-wonoraya.com"} and "exported 3 articles" in one.stderr
    nogroup = subprocess.run(kliping_cmd() + ["export", str(built), "-o", str(tmp_path / "n.csv"), "--group", "x.id"],
                             capture_output=True, text=True, timeout=120)
    assert nogroup.returncode == 2 and "no outlet of the group" in nogroup.stderr
    bad = subprocess.run(kliping_cmd() + ["export", str(built), "-o", str(tmp_path / "z.xlsx")],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "cannot tell the format" in bad.stderr and not (tmp_path / "z.xlsx").exists()
    wrong = subprocess.run(kliping_cmd() + ["export", str(built), "-o", str(tmp_path / "q.csv"), "-q", '"zona'],
                           capture_output=True, text=True, timeout=120)
    assert wrong.returncode == 2 and "quotation mark" in wrong.stderr


def test_cli_build_and_export_on_the_bundled_sample(tmp_path):
    db_path = tmp_path / "news.db"
    run = subprocess.run(kliping_cmd() + ["build", str(SAMPLES), "--archive", str(db_path), "--no-link"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "added: 12 articles, 0 rejections" in run.stderr
    again = subprocess.run(kliping_cmd() + ["build", str(SAMPLES), "--archive", str(db_path), "--no-link"],
                           capture_output=True, text=True, timeout=300)
    assert "12 already in the archive" in again.stderr and "added: 0 articles" in again.stderr
    exp = subprocess.run(kliping_cmd() + ["export", str(db_path), "-o", str(tmp_path / "corpus.txt")],
                         capture_output=True, text=True, timeout=120)
    assert exp.returncode == 0 and "exported 11 articles (text)" in exp.stderr
    bad = subprocess.run(kliping_cmd() + ["serve", str(tmp_path / "nope.db")], capture_output=True, text=True,
                         timeout=60)
    assert bad.returncode == 2 and "archive not found" in bad.stderr


def test_build_runs_the_linking_stage(tmp_path):
    pytest.importorskip("kliping.link", reason="the linking stage is not installed")
    copy = dict(PAGES[2], id="t03-copy", url="https://www.lintaswonoraya.id/read/2024/04/02/harga-beras-turun")
    pages = write_pages(tmp_path / "p.jsonl", PAGES + [copy])
    db_path = tmp_path / "news.db"
    report = build_archive(db_path, [str(pages)])
    assert report.linked, report.link_note
    db = connect(db_path, readonly=True)
    t01 = load_article(db, "t01")
    assert "t02" in [r.id for r in t01.related]                # same people, place and matter, 14 days apart
    assert t01.story is not None and load_story(db, t01.story) is not None
    group = db.execute("SELECT grp FROM duplicate_members WHERE article = 't03-copy'").fetchone()
    assert group is not None
    members = {r[0] for r in db.execute("SELECT article FROM duplicate_members WHERE grp = ?", (group[0],))}
    assert members == {"t03", "t03-copy"}
    assert {load_article(db, "t03").duplicate_group, load_article(db, "t03-copy").duplicate_group} == {group[0]}
    before = counts(db)
    db.close()
    again = build_archive(db_path, [str(pages)])           # relinking an unchanged archive changes nothing
    assert again.articles == 0 and again.counts == {t: before[t] for t in SUMMARY_TABLES}
    db = connect(db_path, readonly=True)
    assert counts(db) == before
    db.close()


def test_cli_upgrades_an_old_archive_without_inputs(tmp_path):
    db_path = tmp_path / "old.db"
    db = sqlite3.connect(db_path, isolation_level=None)
    migrate(db, target=1)
    db.close()
    serve = subprocess.run(kliping_cmd() + ["serve", str(db_path)], capture_output=True, text=True, timeout=60)
    assert serve.returncode == 2 and f"upgrade it with `kliping build --archive {db_path}`" in serve.stderr
    run = subprocess.run(kliping_cmd() + ["build", "--archive", str(db_path), "--no-link"], capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert schema.read_version(sqlite3.connect(db_path)) == schema.SCHEMA_VERSION

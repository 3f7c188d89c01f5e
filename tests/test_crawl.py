"""`kliping crawl` against a fictional outlet served on 127.0.0.1 by the test (tests/crawlsite.py):
no test reaches the internet. The crawl runs as a user runs it, as a child process."""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

pytest.importorskip("scrapy")

from clihelp import kliping_cmd  # noqa: E402
from crawlsite import Site  # noqa: E402

from kliping.crawl.outlets import OutletsError, example_outlets_path, load_outlets, parse_outlets  # noqa: E402
from kliping.crawl.urls import canonical_url, page_id  # noqa: E402
from kliping.crawl.warcfile import replay  # noqa: E402

ARTICLES = {f"/2026/11/0{i}/jembatan-bambu-{i}" for i in range(1, 9)} | {
    "/2026/11/09/gangguan-server", "/2026/11/10/halaman-lambat", "/2026/11/11/sekolah-darurat",
    "/2026/11/12/jembatan-pindah-alamat"}


def crawl(outlets: Path, archive: Path, *more: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(kliping_cmd() + ["crawl", str(outlets), "--archive", str(archive), *more],
                          capture_output=True, text=True, timeout=timeout)


def article_paths(db: Path) -> list[str]:
    with sqlite3.connect(db) as con:
        return sorted("/" + u.split("/", 3)[3] for (u,) in con.execute("SELECT url FROM articles"))


@pytest.fixture
def site():
    s = Site(slow_seconds=0.4).start()
    yield s
    s.stop()


def test_a_crawl_fetches_each_allowed_article_once_politely_and_a_second_run_only_what_is_new(site, tmp_path):
    outlets = tmp_path / "outlets.toml"
    outlets.write_text(site.outlets_toml(delay=0.2), encoding="utf-8")
    db = tmp_path / "news.db"
    run = crawl(outlets, db)
    assert run.returncode == 0, run.stderr
    got = site.requests()
    # robots.txt read first, its disallowed folder never requested
    assert got[0] == "/robots.txt"
    assert not any(p.startswith("/rahasia/") for p in got)
    # each article once, whatever tracking parameters its links carried; the 500 tried again
    paths = [p.split("?")[0] for p in got]
    for path in ARTICLES - {"/2026/11/12/jembatan-pindah-alamat", "/2026/11/09/gangguan-server"}:
        assert paths.count(path) == 1, path
    assert paths.count("/2026/11/09/gangguan-server") == 2
    assert all("?" not in p for p in got if p.startswith("/2026/"))     # tracking parameters dropped
    assert "/tag/jembatan" not in paths
    # the archive holds the articles (the redirect's target under its own URL), not the listing page
    assert article_paths(db) == sorted(ARTICLES)
    with sqlite3.connect(db) as con:
        reasons = dict(con.execute("SELECT reason, detail FROM rejections"))
        title = con.execute("SELECT title FROM articles WHERE url LIKE '%jembatan-bambu-3'").fetchone()[0]
    assert reasons == {"robots_disallowed": "robots.txt forbids it", "fetch_failed": "HTTP 404",
                       "not_html": "content type application/pdf"}
    assert title == "Petani Tanjung Sari Panen Raya Jagung, Harga Turun Jadi Rp3150 per Kilogram"
    assert "Kabar Lembah" in run.stderr and "12 articles" in run.stderr
    # the per-host rate: one request at a time, at least the configured 0.2 s apart
    starts = [t for t, _, _ in site.log]
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert min(gaps) >= 0.18, gaps
    assert all(h.get("User-Agent") == "kliping-test/1.0" for _, _, h in site.log)
    # every response went to WARC, which warcio reads back
    warcs = sorted((tmp_path / "news.db.warc").glob("*.warc.gz"))
    assert len(warcs) == 1
    pages = list(replay(warcs[0]))
    assert {p.url.split("/", 3)[3] for p in pages if p.status == 200} >= {a.lstrip("/") for a in ARTICLES}
    assert {p.status for p in pages} >= {200, 301, 404, 500}

    # second run: one new article in the feed; nothing else is fetched again
    first = len(site.log)
    site.extra_feed.append("/2026/11/13/jembatan-bambu-13")
    again = crawl(outlets, db)
    assert again.returncode == 0, again.stderr
    second = [(p, h) for _, p, h in site.log[first:]]
    fetched = [p for p, _ in second if p.startswith(("/2026/", "/berkas/", "/rahasia/"))]
    assert fetched == ["/2026/11/13/jembatan-bambu-13"]
    sent = {p: h for p, h in second}
    assert sent["/sitemap_index.xml"].get("If-None-Match")           # conditional requests
    assert sent["/sitemap-news.xml"].get("If-None-Match")             # an unchanged index's child still asked
    assert len(article_paths(db)) == len(ARTICLES) + 1


def test_a_crawl_killed_midway_resumes_with_nothing_lost_and_nothing_doubled(tmp_path):
    site = Site(slow_seconds=0.3, page_delay=0.35).start()
    try:
        outlets = tmp_path / "outlets.toml"
        outlets.write_text(site.outlets_toml(delay=0.05), encoding="utf-8")
        db = tmp_path / "news.db"
        child = subprocess.Popen(kliping_cmd() + ["crawl", str(outlets), "--archive", str(db), "--batch", "2", "-q"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        warc_dir = tmp_path / "news.db.warc"
        deadline = time.monotonic() + 60
        in_warc: set[str] = set()
        while time.monotonic() < deadline:
            files = sorted(warc_dir.glob("*.warc.gz"))
            if files:
                in_warc = {p.url for p in replay(files[0]) if p.status == 200}
            if len(in_warc) >= 5:
                break
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert 5 <= len(in_warc) < len(ARTICLES), "the crawl was not caught midway"
        in_warc = {p.url for p in replay(files[0]) if p.status == 200}   # what the kill left whole
        before = len(site.log)
        rerun = crawl(outlets, db)
        assert rerun.returncode == 0, rerun.stderr
        refetched = {p for _, p, _ in site.log[before:] if p.startswith("/2026/")}
        # nothing the killed run had fetched is fetched again; everything ends in the archive once
        assert not refetched & {"/" + u.split("/", 3)[3] for u in in_warc}
        assert article_paths(db) == sorted(ARTICLES)
        with sqlite3.connect(db) as con:
            assert con.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone() == (12, 12)
            assert con.execute("SELECT count(*) FROM crawl_warcs WHERE settled = 0").fetchone()[0] == 0
    finally:
        site.stop()


def test_urls_are_remembered_in_one_canonical_form():
    a = canonical_url("http://Kabar.Example.ID:80/2026/11/01/banjir?utm_source=fb&utm_medium=x&fbclid=1#komentar")
    b = canonical_url("http://kabar.example.id/2026/11/01/banjir?gclid=9")
    assert a == b == "http://kabar.example.id/2026/11/01/banjir"
    assert canonical_url("https://k.id/baca?id=7&page=2") != canonical_url("https://k.id/baca?id=8&page=2")
    assert page_id("https://k.id/2026/11/01/banjir-bandang-melanda/?utm_source=x").startswith("banjir-bandang-melanda-")
    assert page_id("https://k.id/read/12345") != page_id("https://k.id/read/12346")


def test_an_outlets_file_says_what_is_wrong(tmp_path):
    with pytest.raises(OutletsError, match="no \\[\\[outlet\\]\\]"):
        parse_outlets({})
    with pytest.raises(OutletsError, match="not a regular expression"):
        parse_outlets({"outlet": [{"name": "A", "feeds": ["https://a.id/rss"], "allow": ["(unclosed"]}]})
    with pytest.raises(OutletsError, match="unknown keys speed"):
        parse_outlets({"defaults": {"speed": 3}, "outlet": [{"name": "A", "feeds": ["https://a.id/rss"]}]})
    with pytest.raises(OutletsError, match="concurrency must be 1 to 8"):
        parse_outlets({"outlet": [{"name": "A", "feeds": ["https://a.id/rss"], "concurrency": 50}]})
    with pytest.raises(OutletsError, match="is not an http"):
        parse_outlets({"outlet": [{"name": "A", "feeds": ["ftp://a.id/rss"]}]})
    with pytest.raises(OutletsError, match="at least one of feeds"):
        parse_outlets({"outlet": [{"name": "A"}]})
    bad = tmp_path / "o.toml"
    bad.write_text("[[outlet]\nname = 'x'", encoding="utf-8")
    run = subprocess.run(kliping_cmd() + ["crawl", str(bad), "--archive", str(tmp_path / "n.db")],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "not a TOML file" in run.stderr


def test_the_packaged_example_outlets_file_is_valid_and_printed_by_the_cli():
    outlets = load_outlets(example_outlets_path())
    assert len(outlets) >= 4
    assert all(o.feeds or o.sitemaps or o.robots_sitemaps for o in outlets)
    assert all(o.polite.obey_robots and o.polite.concurrency <= 2 and o.polite.delay >= 1 for o in outlets)
    run = subprocess.run(kliping_cmd() + ["crawl", "--example"], capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout == example_outlets_path().read_text(encoding="utf-8")

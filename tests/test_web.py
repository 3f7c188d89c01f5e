"""The web reader and JSON API (FastAPI TestClient over a real archive file), hostile content included."""
from __future__ import annotations

import json
import re
import sqlite3
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kliping.archive.build import build_archive
from kliping.archive.schema import ArchiveError, connect, migrate
from kliping.archive.store import write_links
from kliping.web import create_app

sys.path.insert(0, str(Path(__file__).parent))
from archive_fixtures import story_links, write_pages  # noqa: E402


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("web")
    db_path = tmp / "news.db"
    build_archive(db_path, [str(write_pages(tmp / "pages.jsonl"))], link=False)
    db = connect(db_path)
    write_links(db, *story_links())
    db.close()
    return db_path


@pytest.fixture(scope="module")
def client(archive) -> TestClient:
    return TestClient(create_app(archive))


def test_search_page_with_highlights_and_facets(client):
    r = client.get("/", params={"q": "perundingan"})
    assert r.status_code == 200
    assert 'href="/article/t01"' in r.text and "<mark>berunding</mark>" in r.text
    assert "kabarsanda.id" in r.text and 'class="facet facet-entity"' in r.text
    assert "Cari" in r.text                                     # Indonesian by default
    listing = client.get("/")
    assert all(f'href="/article/{i}"' in listing.text for i in ("t01", "t02", "t03", "t05"))


def test_search_filters_from_facet_links(client):
    r = client.get("/", params={"outlet": "warta-wonoraya.com"})
    assert 'href="/article/t03"' in r.text and 'href="/article/t01"' not in r.text
    r = client.get("/", params={"q": "zona", "date_from": "2024-05-19", "date_to": "2024-05-31"})
    assert 'href="/article/t02"' in r.text and 'href="/article/t01"' not in r.text


def test_a_misspelt_search_offers_the_archives_own_words(client):
    # `nelayn`, `tangkep` are in no article: the page offers `nelayan`, `tangkap` one click away
    r = client.get("/", params={"q": "nelayn"})
    assert r.status_code == 200 and 'id="did-you-mean"' in r.text and "Mungkin maksud Anda:" in r.text
    assert 'href="/?q=nelayan"' in r.text
    api = client.get("/api/search", params={"q": "zona tangkep"}).json()
    assert api["total"] == 0 and api["suggestions"][0] == "zona tangkap"
    assert client.get("/api/search", params={"q": api["suggestions"][0]}).json()["total"] >= 2
    # a search that finds enough gets none; nor does a word no archived word is close to
    assert client.get("/api/search", params={"q": "nelayan"}).json()["suggestions"] == []
    assert client.get("/api/search", params={"q": "xqzzv"}).json()["suggestions"] == []
    assert 'id="did-you-mean"' not in client.get("/", params={"q": "nelayan"}).text


def test_every_hit_of_a_search_downloads_as_csv_or_json_lines(client):
    import csv
    import io
    import json

    page = client.get("/", params={"q": "zona", "outlet": "kabarsanda.id"})
    assert 'href="/export.csv?q=zona&amp;outlet=kabarsanda.id"' in page.text and 'id="export-jsonl"' in page.text
    r = client.get("/export.csv", params={"q": "zona", "outlet": "kabarsanda.id"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="kliping-zona.csv"' in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    hits = client.get("/api/search", params={"q": "zona", "outlet": "kabarsanda.id", "limit": 100}).json()
    assert [row[0] for row in rows[1:]] and {row[0] for row in rows[1:]} == {h["id"] for h in hits["hits"]}
    lines = client.get("/export.jsonl", params={"q": "zona"}).text.splitlines()
    recs = [json.loads(x) for x in lines]
    assert {x["id"] for x in recs} >= {row[0] for row in rows[1:]} and all("mentions" in x for x in recs)
    assert client.get("/export.csv", params={"q": '"zona'}).status_code == 400


def test_who_said_what_quote_search_speaker_facet_and_entity_page(client):
    r = client.get("/quotes", params={"q": "perahu kecil"})
    assert r.status_code == 200 and r.text.count('class="quote"') == 1 and "Yosef Manopo" in r.text
    api = client.get("/api/quotes", params={"q": "perahu"}).json()
    assert api["total"] == 1 and api["hits"][0]["speaker_entity"] == "PER:yosef_manopo"
    assert api["hits"][0]["article"] == "t01"
    assert api["speakers"] == [{"value": "PER:yosef_manopo", "label": "Yosef Manopo", "count": 1}]
    # by speaker as written, by the speaker's entity, by outlet and dates
    assert client.get("/api/quotes", params={"speaker": "manopo"}).json()["total"] == 1
    assert client.get("/api/quotes", params={"entity": "PER:yosef_manopo"}).json()["total"] == 1
    assert client.get("/api/quotes", params={"q": "perahu", "date_from": "2025-01-01"}).json()["total"] == 0
    every = client.get("/api/quotes").json()
    assert every["total"] >= 2 and {s["label"] for s in every["speakers"]} >= {"Yosef Manopo"}
    # the entity page: what the entity said
    ent = client.get("/entity/PER:yosef_manopo")
    assert 'id="said-by"' in ent.text and "perahu kecil" in ent.text
    assert client.get("/api/quotes", params={"q": '"perahu'}).status_code == 400


def test_attention_over_time_counts_shares_and_empty_periods(client):
    api = client.get("/api/attention", params=[("q", "zona"), ("q", "nelayan")]).json()
    zona, nelayan = api["series"]
    every = client.get("/api/search", params={"q": "zona", "limit": 100}).json()
    dated = [h for h in every["hits"] if h["published"] or h["published_estimate"]]
    assert zona["interval"] == "day" and sum(p["count"] for p in zona["periods"]) + zona["undated"] == every["total"]
    assert len(dated) == sum(p["count"] for p in zona["periods"])
    # the same periods for both searches, every day from the first to the last, empty ones too
    assert [p["start"] for p in zona["periods"]] == [p["start"] for p in nelayan["periods"]]
    days = [p["start"] for p in zona["periods"]]
    assert len(days) > len({p["start"] for p in zona["periods"] if p["count"]}) and days == sorted(days)
    for p in zona["periods"]:
        assert p["count"] <= p["total"] and p["share"] == (round(p["count"] / p["total"], 4) if p["total"] else 0)
    month = client.get("/api/attention", params={"q": "zona", "interval": "month"}).json()["series"][0]
    assert month["interval"] == "month" and sum(p["count"] for p in month["periods"]) == len(dated)
    assert client.get("/api/attention", params={"q": "zona", "interval": "year"}).status_code == 400
    page = client.get("/attention", params=[("q", "zona"), ("q", "nelayan"), ("measure", "share")])
    assert page.status_code == 200 and page.text.count("<polyline") == 2 and 'id="attention-table"' in page.text
    assert 'id="attention-link"' in client.get("/", params={"q": "zona"}).text


def test_a_date_range_says_whether_undated_articles_are_in(client):
    # every fixture page is dated: nothing is left out, so nothing is offered
    params = {"q": "zona", "date_from": "2024-05-01", "date_to": "2024-05-31"}
    api = client.get("/api/search", params=params).json()
    assert api["undated_left_out"] == 0 and 'id="undated-offer"' not in client.get("/", params=params).text
    # asked for, the page says so, keeps it in its filter form and offers to leave them out again
    on = client.get("/", params={**params, "undated": "1"})
    assert "Termasuk berita tanpa tanggal" in on.text and '<input type="hidden" name="undated" value="1">' in on.text
    assert client.get("/api/search", params={**params, "undated": "true"}).json()["total"] == api["total"]


def test_repeated_filters_outlets_any_entities_all(client):
    def ids(params):
        return {h["id"] for h in client.get("/api/search", params=params + [("limit", "100")]).json()["hits"]}

    sanda, wono = ids([("outlet", "kabarsanda.id")]), ids([("outlet", "warta-wonoraya.com")])
    assert sanda and wono and ids([("outlet", "kabarsanda.id"), ("outlet", "warta-wonoraya.com")]) == sanda | wono
    yosef, sanda_loc = ids([("entity", "PER:yosef_manopo")]), ids([("entity", "LOC:kabupaten_sanda_raya")])
    both = ids([("entity", "PER:yosef_manopo"), ("entity", "LOC:kabupaten_sanda_raya")])
    assert both == yosef & sanda_loc and both and both != yosef
    # each value is shown with its own remove link; an unknown one is named
    page = client.get("/", params=[("q", "zona"), ("outlet", "kabarsanda.id"), ("outlet", "tidak-ada.id")])
    assert page.text.count('class="tag"') == 2 and "tidak-ada.id" in page.text and "×</a>" in page.text
    assert 'href="/?q=zona&amp;outlet=kabarsanda.id"' in page.text          # removing the unknown one
    api = client.get("/api/search", params=[("outlet", "kabarsanda.id"), ("outlet", "tidak-ada.id")]).json()
    assert api["unknown"] == [{"filter": "outlet", "value": "tidak-ada.id"}]


def test_search_syntax_error_is_a_message_not_a_server_error(client):
    r = client.get("/", params={"q": '"harga beras'})
    # in the page's language: Indonesian by default, English under ?lang=en; the API answers English
    assert r.status_code == 400 and "tanda kutip belum ditutup" in r.text and 'role="alert"' in r.text
    en = client.get("/", params={"q": '"harga beras', "lang": "en"})
    assert "quotation mark is not closed" in en.text
    client.cookies.clear()
    api = client.get("/api/search", params={"q": "banjir OR"})
    assert api.status_code == 400 and "OR needs a word" in api.json()["error"]
    bad_date = client.get("/api/search", params={"q": "zona", "date_from": "kemarin"})
    assert bad_date.status_code == 400 and "YYYY-MM-DD" in bad_date.json()["error"]
    costly = client.get("/api/search", params={"q": " OR ".join(f"{c}*" for c in "xyzw")})
    assert costly.status_code == 400 and "at least 3 letters" in costly.json()["error"]
    assert client.get("/", params={"q": "a* OR b*"}).status_code == 400


def test_article_page(client):
    r = client.get("/article/t02")
    assert r.status_code == 200
    text = r.text
    assert "Pemkab Sanda Raya Terbitkan Aturan Zona Tangkap untuk Nelayan Kecil" in text
    assert "Kabarsanda/Dimas Lolong" in text                              # photo credit
    assert re.search(r'<a class="ent PER" href="/entity/PER%3Ayosef_manopo"[^>]*>Yosef Manopo</a>', text)
    baca = text[text.index('id="baca-juga"'):]
    assert 'href="/article/t01">Nelayan Teluk Sanda dan Pemkab Berunding Soal Zona Tangkap</a>' in baca  # resolved
    related = text[text.index('id="related"'):text.index('id="entities"')]
    assert 'href="/article/t01"' in related and 'href="/article/t05"' in related
    assert 'href="/story/story%3At01"' in text
    assert 'href="https://www.kabarsanda.id/read/2024/05/20/' in text and 'rel="noopener noreferrer nofollow"' in text
    unresolved = client.get("/article/t01").text
    assert "Harga Solar Nelayan di Teluk Sanda Naik" in unresolved and "tidak ada di arsip" in unresolved


def test_raw_view_shows_every_line_with_its_role(client):
    r = client.get("/article/t01", params={"view": "raw"})
    assert 'id="raw-lines"' in r.text
    assert '<td class="role">body</td>' in r.text and '<td class="role">boilerplate</td>' in r.text
    assert "Tentang Kami | Redaksi" in r.text                               # the footer, as scraped


def test_hostile_content_is_escaped(client):
    r = client.get("/article/t04")
    assert r.status_code == 200
    assert "<script" not in r.text.lower() and "<img" not in r.text.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert "&lt;img src=x onerror=alert(2)&gt;" in r.text
    assert 'href="javascript:' not in r.text and "alert(3)" not in r.text     # a javascript: URL is no link
    raw = client.get("/article/t04", params={"view": "raw"})
    assert "<script" not in raw.text.lower() and "&lt;script&gt;" in raw.text
    search = client.get("/", params={"q": "lembean"})
    assert "<img" not in search.text.lower() and "&lt;img src=x onerror=alert(2)&gt;" in search.text
    q = client.get("/", params={"q": '<script>alert(5)</script>"'})
    assert "<script>alert(5)" not in q.text
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp          # no script may run at all
    assert r.headers["x-content-type-options"] == "nosniff"


def test_story_entity_and_outlet_pages(client):
    s = client.get("/story/story:t01")
    assert s.status_code == 200
    timeline = s.text[s.text.index('id="timeline"'):]
    assert timeline.index("/article/t01") < timeline.index("/article/t02") < timeline.index("/article/t05")
    e = client.get("/entity/PER:yosef_manopo")
    assert e.status_code == 200 and "Yosef Manopo" in e.text
    assert '<svg id="mentions-chart"' in e.text and "<rect" in e.text and "2024-05" in e.text
    assert '<svg id="co-chart"' in e.text and "Herlina Pakasi" in e.text
    o = client.get("/outlet/kabarsanda.id")
    assert o.status_code == 200 and 'href="/article/t01"' in o.text and "3 berita" in o.text
    assert 'href="/story/story%3At01"' in client.get("/stories").text
    assert "Yosef Manopo" in client.get("/entities").text
    assert "warta-wonoraya.com" in client.get("/outlets").text


def test_not_found(client):
    assert client.get("/article/nope").status_code == 404
    assert client.get("/story/nope").status_code == 404
    assert client.get("/entity/PER:nobody").status_code == 404
    assert client.get("/api/articles/nope").status_code == 404


def test_english_interface(archive):
    client = TestClient(create_app(archive))
    r = client.get("/", params={"lang": "en", "q": "zona"})
    assert "Search" in r.text and '<html lang="en">' in r.text
    assert r.cookies.get("lang") == "en"
    later = client.get("/article/t02")                 # the cookie keeps the choice
    assert "Related articles" in later.text
    back = client.get("/", params={"lang": "id"})
    assert "Cari" in back.text


def test_english_by_setting(archive):
    english = TestClient(create_app(archive, lang="en"))
    assert "Related articles" in english.get("/article/t02").text


def test_api(client):
    arts = client.get("/api/articles", params={"outlet": "kabarsanda.id"}).json()
    assert arts["total"] == 3 and {a["id"] for a in arts["articles"]} == {"t01", "t02", "t04"}
    one = client.get("/api/articles/t02", params={"lines": "true"}).json()
    assert one["title"].startswith("Pemkab Sanda Raya") and one["story"] == "story:t01"
    assert "PER:yosef_manopo" in {e["key"] for e in one["entities"]}
    assert one["baca_juga"][0]["id"] == "t01" and [r["id"] for r in one["related"]] == ["t01", "t05"]
    assert {ln["role"] for ln in one["lines"]} >= {"title", "body", "boilerplate"}
    hits = client.get("/api/search", params={"q": "perundingan"}).json()
    assert "t01" in [h["id"] for h in hits["hits"]] and hits["facets"]["outlet"]
    story = client.get("/api/stories/story:t01").json()
    assert [e["article"] for e in story["timeline"]] == ["t01", "t02", "t05"]
    assert client.get("/api/stories").json()["stories"][0]["id"] == "story:t01"
    ent = client.get("/api/entities/PER:yosef_manopo").json()
    assert ent["entity"]["name"] == "Yosef Manopo" and ent["months"][0]["month"] == "2024-05"
    assert "Yosef Manopo" in {e["name"] for e in client.get("/api/entities", params={"prefix": "Yos"}).json()["entities"]}
    spec = client.get("/openapi.json").json()
    assert {"/api/search", "/api/articles", "/api/articles/{art_id}", "/api/stories", "/api/stories/{story_id}",
            "/api/entities", "/api/entities/{key}"} <= set(spec["paths"])


def test_read_only(client, archive):
    assert client.post("/api/articles").status_code == 405
    db = connect(archive, readonly=True)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        db.execute("DELETE FROM articles")
    db.close()


def test_old_archive_is_refused_with_instructions(tmp_path):
    db_path = tmp_path / "old.db"
    db = sqlite3.connect(db_path, isolation_level=None)
    migrate(db, target=1)
    db.close()
    with pytest.raises(ArchiveError, match="kliping build --archive"):
        create_app(db_path)


def test_baca_juga_resolves_a_retouched_title(archive):
    from kliping.web.queries import resolve_title

    db = connect(archive, readonly=True)
    assert resolve_title(db, "Nelayan Teluk Sanda dan Pemkab Berunding Soal Zona Tangkap") == "t01"
    assert resolve_title(db, "nelayan teluk sanda & pemkab berunding soal zona tangkap!") == "t01"
    assert resolve_title(db, "Nelayan Teluk Sanda dan Pemkab Berunding Soal Zona") == "t01"       # cut short
    assert resolve_title(db, "Harga Solar Nelayan di Teluk Sanda Naik, Melaut Dikurangi") is None
    assert resolve_title(db, "Nelayan Teluk Sanda") is None                  # a few words are not a title
    assert resolve_title(db, "Berunding Soal Zona Tangkap") is None
    assert resolve_title(db, "Nelayan Teluk Sanda dan Pemkab Berunding Soal Zona Tangkap", exclude="t01") is None
    db.close()


HUGE = str(2 ** 63)


@pytest.mark.parametrize("path", ["/api/articles", "/api/search", "/api/stories", "/api/entities",
                                  "/api/outlets/warta-wonoraya.com"])
def test_an_offset_past_any_archive_is_refused_not_a_server_error(client, path):
    r = client.get(path, params={"offset": HUGE, "q": "zona"})
    assert r.status_code == 422
    assert r.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/", "/stories", "/outlet/warta-wonoraya.com"])
def test_reader_pages_with_a_huge_offset_answer_an_empty_page(client, path):
    r = client.get(path, params={"offset": HUGE})
    assert r.status_code == 200 and "Content-Security-Policy" in r.headers


def test_head_is_answered_like_get_without_a_body(client):
    for path in ("/", "/article/t02", "/api/search?q=zona"):
        r = client.head(path)
        assert r.status_code == 200 and r.content == b""
        assert r.headers["content-type"] == client.get(path).headers["content-type"]


def test_a_server_error_still_carries_the_security_headers(archive):
    from kliping.web.app import create_app

    app = create_app(archive)

    @app.get("/boom")
    def boom():
        raise RuntimeError("a bug")

    r = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert r.status_code == 500 and r.text == "internal error"
    assert r.headers["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in r.headers


def test_bidi_overrides_are_not_shown_and_odd_ids_stay_one_link(tmp_path):
    import json as _json

    from kliping.archive.build import build_archive
    from kliping.web.app import create_app

    text = ("Banjir \u202eRendam\u202c Tiga Desa di Kendari\n\nKENDARI - Banjir merendam tiga desa di pinggir "
            "sungai sejak Senin pagi, dan warga mengungsi ke balai desa yang lebih tinggi.\n\nPetugas "
            "membagikan makanan dan selimut kepada para pengungsi hingga malam hari.\n")
    pages = tmp_path / "p.jsonl"
    pages.write_text(_json.dumps({"id": "arsip/../rahasia", "url": "https://\u202emoc.live.example/a",
                                  "text": text}) + "\n" +
                     "".join(_json.dumps({"id": i, "text": text.replace("Kendari", f"Kendari {n}")}) + "\n"
                             for n, i in enumerate((".", ".."))), encoding="utf-8")
    db = tmp_path / "a.db"
    build_archive(db, [str(pages)], enrich=False)
    c = TestClient(create_app(db))
    page = c.get("/", params={"q": "banjir"}).text
    assert "\u202e" not in page and "\u202c" not in page
    assert 'href="/article/arsip%2F..%2Frahasia"' in page
    art = c.get("/article/arsip%2F..%2Frahasia")
    assert art.status_code == 200 and "Tiga Desa" in art.text and "\u202e" not in art.text
    # ids that are dot segments are stored with the page hash's head, so their links stay theirs
    import re as _re
    dotted = sorted(_re.findall(r'href="/article/(\.\.?~[0-9a-f]{10})"', page))
    assert len(dotted) == 2, page
    for i in dotted:
        assert "Tiga Desa" in c.get(f"/article/{i}").text


def test_a_story_of_thousands_of_articles_is_paged(tmp_path):
    """A story holding 450 articles (100,000 near-identical pages once made one 12 MB page): the
    reader shows 200 at a time with next and previous links, the API pages with limit/offset."""
    from kliping.archive.build import build_archive
    from kliping.archive.schema import connect
    from kliping.archive.store import write_links
    from kliping.model import Story, TimelineEntry
    from kliping.web.app import create_app

    db_path = tmp_path / "a.db"
    build_archive(db_path, [str(write_pages(tmp_path / "p.jsonl"))], link=False, enrich=False)
    timeline = [TimelineEntry(f"copy-{i:03d}", f"2024-05-{1 + i % 28:02d}", "kabarsanda.id", f"Salinan {i}")
                for i in range(450)]
    db = connect(db_path)
    write_links(db, [], [Story("story:big", "Salinan", "2024-05-01", "2024-05-28", [], timeline)])
    db.close()
    c = TestClient(create_app(db_path))
    first = c.get("/story/story:big")
    assert first.status_code == 200 and "450" in first.text
    timeline = first.text.split('id="timeline"')[1].split("</ol>")[0]
    assert timeline.count('href="/article/copy-') == 200 and "copy-199" in timeline and "copy-200" not in timeline
    assert 'href="/story/story:big?offset=200"' in first.text and "offset=0" not in first.text
    last = c.get("/story/story:big", params={"offset": 400})
    assert last.text.split('id="timeline"')[1].split("</ol>")[0].count('href="/article/copy-') == 50
    assert 'start="401"' in last.text
    assert 'offset=200"' in last.text and "offset=600" not in last.text
    api = c.get("/api/stories/story:big", params={"limit": 100, "offset": 420}).json()
    assert api["articles"] == 450 and [e["article"] for e in api["timeline"]][:2] == ["copy-420", "copy-421"]
    assert len(api["timeline"]) == 30
    assert c.get("/story/story:big", params={"offset": 10 ** 12}).status_code == 200


@pytest.fixture(scope="module")
def story_client(tmp_path_factory):
    """PAGES with their zone-rule story (t01, t02, t05), t05 a near copy of t01, a story of one
    article, an unlabelled story, and 60 more small stories for paging."""
    from kliping.archive.build import build_archive
    from kliping.archive.schema import connect
    from kliping.archive.store import write_links
    from kliping.model import DuplicateGroup, Story, TimelineEntry
    from kliping.web.app import create_app

    tmp = tmp_path_factory.mktemp("stories")
    db_path = tmp / "a.db"
    build_archive(db_path, [str(write_pages(tmp / "p.jsonl"))], link=False)
    _, stories, related = story_links()
    stories[0].terms = ["zona", "nelayan", "runding"]
    lone = Story("story:t03", "Harga Beras Medium di Pasar Wonoraya Turun", "2024-04-02", "2024-04-02", [],
                 [TimelineEntry("t03", "2024-04-02T09:00+07:00", "warta-wonoraya.com", "Harga beras")])
    unlabelled = Story("story:x1", "", "2023-01-01", "2023-01-02", [], [TimelineEntry("x1", None, None, None),
                                                                       TimelineEntry("x2", None, None, None)])
    unlabelled.terms = ["jembatan", "putus", "kendari"]
    small = [Story(f"story:s{i:02d}", f"Cerita kecil {i:02d}", f"2022-01-{1 + i % 28:02d}", f"2022-02-{1 + i % 28:02d}",
                   [], [TimelineEntry(f"s{i:02d}a", None, None, None), TimelineEntry(f"s{i:02d}b", None, None, None)])
             for i in range(60)]
    db = connect(db_path)
    write_links(db, [DuplicateGroup("dup:t01", "near", "t01", ["t01", "t05"])], [*stories, lone, unlabelled, *small],
                related)
    db.close()
    return TestClient(create_app(db_path))


def test_story_page_for_an_analyst(story_client):
    c = story_client
    html = c.get("/story/story:t01").text
    assert 'id="first-report"' in html and 'href="/article/t01"' in html.split('id="first-report"')[1][:300]
    outlets = html.split('id="story-outlets"')[1].split("</ul>")[0]
    assert "kabarsanda.id</a> <span class=\"meta\">2" in outlets and "nusaherald.com</a> <span class=\"meta\">1" in outlets
    chart = html.split('id="story-chart"')[1].split("</svg>")[0]
    assert chart.count("<rect") == 16           # 6 to 21 May, one bar a day, the empty days too
    assert 'id="story-quotes"' in html and "Yosef Manopo" in html.split('id="story-quotes"')[1]
    timeline = html.split('id="timeline"')[1].split("</ol>")[0]
    assert timeline.count("<li>") == 2 and "juga dimuat di nusaherald.com" in timeline   # the copy folded
    assert c.get("/story/story:x1").text.count("jembatan · putus · kendari") >= 1       # no headline: terms
    api = c.get("/api/stories/story:t01").json()
    assert api["first_report"]["article"] == "t01" and {"outlet": "kabarsanda.id", "articles": 2} in api["outlets"]
    assert api["quotes"] and api["label"].startswith("Nelayan Teluk Sanda")


def test_a_one_article_story_is_not_offered_to_follow(story_client):
    c = story_client
    hits = c.get("/", params={"q": "beras"}).text
    assert 'href="/article/t03"' in hits and '/story/story%3At03' not in hits
    assert 'id="story-link"' not in c.get("/article/t03").text
    assert 'href="/story/story%3At01">Rangkaian berita (3)' in c.get("/", params={"q": "zona"}).text
    assert 'id="story-link"' in c.get("/article/t02").text


def test_stories_list_is_paged_filtered_and_sorted(story_client):
    c = story_client
    first = c.get("/stories").text
    items = first.split('id="stories"')[1].split("</ol>")[0]
    assert items.count("<li>") == 50 and "Nelayan Teluk Sanda" in items.split("<li>")[1]   # largest first
    assert "63 rangkaian berita" in first and 'href="/stories?offset=50"' in first
    rest = c.get("/stories", params={"offset": 50}).text.split('id="stories"')[1].split("</ol>")[0]
    assert rest.count("<li>") == 13
    assert "jembatan · putus · kendari" in c.get("/stories", params={"date_to": "2023-12-31", "date_from": "2023"}).text
    only = c.get("/api/stories", params={"outlet": "nusaherald.com"}).json()
    assert only["total"] == 1 and only["stories"][0]["id"] == "story:t01"
    recent = c.get("/api/stories", params={"sort": "recent", "limit": 2}).json()["stories"]
    assert [s["id"] for s in recent] == ["story:t01", "story:t03"]
    assert c.get("/api/stories", params={"date_from": "2024-06-01"}).json()["total"] == 0
    assert "Tidak ada rangkaian berita yang cocok" in c.get("/stories", params={"date_from": "2030"}).text
    assert c.get("/api/stories", params={"date_from": "kemarin"}).status_code == 400
    assert c.get("/stories", params={"date_from": "kemarin"}).status_code == 400
    assert c.get("/api/stories", params={"sort": "abc"}).status_code == 400


def test_a_real_server_answers_many_concurrent_searches_and_lets_a_build_write(tmp_path):
    """`kliping serve` (one worker, its threads) under 32 concurrent clients searching for 3 s: every
    request answered (two requests once shared a connection and deadlocked in SQLite's progress
    handler), and a build run while it serves commits (no reader keeps the archive locked)."""
    import socket
    import subprocess
    import threading
    import time
    import urllib.parse
    import urllib.request

    from clihelp import kliping_cmd

    from kliping.archive.build import build_archive

    from archive_fixtures import many_pages

    db_path = tmp_path / "a.db"
    # 1,500 pages with their entities: searches and facets long enough for SQLite to call the progress handler many times each
    build_archive(db_path, [str(write_pages(tmp_path / "p.jsonl", many_pages(1500)))], link=False)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(kliping_cmd() + ["serve", str(db_path), "--port", str(port), "--workers", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/api", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        words = ["zona", "beras", "nelayan OR pasar", '"harga beras"', "sanda -pasar", "runding*", "artikel nomor",
                 "nelayan", "pasar OR zona OR beras"]
        done, failed, stop = [], [], time.monotonic() + 3

        def client(k: int) -> None:
            i = k
            while time.monotonic() < stop:
                q = urllib.parse.urlencode({"q": words[i % len(words)]})
                i += 1
                try:
                    with urllib.request.urlopen(f"{base}/api/search?{q}", timeout=15) as r:
                        done.append(r.status)
                except Exception as e:  # noqa: BLE001 - any failure is counted
                    failed.append(repr(e))

        threads = [threading.Thread(target=client, args=(k,)) for k in range(32)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert not any(t.is_alive() for t in threads), "requests hung"
        assert not failed and len(done) > 32 and set(done) == {200}
        more = tmp_path / "more.jsonl"
        more.write_text(json.dumps({"id": "baru", "url": "https://www.kabarsanda.id/read/2024/06/01/baru",
                                    "text": "Judul Baru di Sanda\n\nSANDA - Warga menanam bakau di pesisir Teluk Sanda "
                                            "pada Sabtu pagi bersama pelajar dan nelayan setempat."}) + "\n")
        report = build_archive(db_path, [str(more)], link=False, enrich=False)
        assert report.articles == 1
        with urllib.request.urlopen(f"{base}/article/baru", timeout=10) as r:
            assert r.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_follow_a_search_by_atom_feed(client):
    """Any search has an Atom feed of its newest hits (linked from the page, discoverable in its head)."""
    import xml.etree.ElementTree as ET

    page = client.get("/", params={"q": "zona"}).text
    assert 'href="/feed?q=zona"' in page and 'type="application/atom+xml"' in page
    r = client.get("/feed", params={"q": "zona"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(r.content)
    entries = root.findall("a:entry", ns)
    assert [e.find("a:link", ns).get("href").rsplit("/", 1)[1] for e in entries] == ["t02", "t01"]
    stamps = [e.find("a:updated", ns).text for e in entries]
    assert stamps == sorted(stamps, reverse=True) and root.find("a:updated", ns).text == stamps[0]
    assert "<mark>zona</mark>" in entries[0].find("a:summary", ns).text.lower()
    assert client.get("/feed", params={"q": '"zona'}).status_code == 400


def test_filters_say_what_they_cannot_mean(client):
    """A reversed date range is explained, an unknown outlet or entity is named, and the month facet
    links to the month's real last day."""
    rev = client.get("/", params={"q": "zona", "date_from": "2024-06-01", "date_to": "2024-05-01"})
    assert rev.status_code == 400 and "rentang tanggal terbalik" in rev.text
    assert client.get("/api/search", params={"date_from": "2025", "date_to": "2024-12"}).status_code == 400
    assert client.get("/", params={"date_from": "2024-05", "date_to": "2024-05-10"}).status_code == 200
    typo = client.get("/", params={"q": "zona", "outlet": "kabarsanda.co"}).text
    assert "Arsip tidak memuat media bernama “kabarsanda.co”" in typo
    api = client.get("/api/search", params={"q": "zona", "entity": "PER:tidak_ada"}).json()
    assert api["unknown"] == [{"filter": "entity", "value": "PER:tidak_ada"}] and api["total"] == 0
    assert client.get("/api/search", params={"q": "zona", "outlet": "kabarsanda.id"}).json()["unknown"] == []
    listing = client.get("/").text
    assert "date_to=2024-05-31" in listing and "-31&" not in listing.replace("2024-05-31&", "")
    assert '<h1 class="page-title">' in listing and 'class="skip" href="#main"' in listing


def test_an_untitled_article_is_named_from_its_url_and_marked(tmp_path):
    from kliping.archive.schema import connect
    from kliping.archive.store import store_items
    from kliping.model import Article
    from kliping.web.app import create_app
    from kliping.web.queries import slug_title

    assert slug_title("https://www.kabarsanda.id/read/2024/05/06/101500/nelayan-teluk-sanda-berunding.html") \
        == "Nelayan Teluk Sanda Berunding"
    assert slug_title("https://kabarsanda.id/berita/12345/") is None and slug_title("http://[x/a-b-c") is None
    db_path = tmp_path / "a.db"
    db = connect(db_path)
    art = Article(id="tanpa-judul", url="https://www.kabarsanda.id/read/2024/05/06/101500/nelayan-teluk-sanda-berunding",
                  outlet="kabarsanda.id", kind="article", lang="id", title=None,
                  body=["Nelayan Teluk Sanda berunding dengan pemerintah kabupaten soal zona tangkap."])
    store_items(db, [("h1", art)])
    db.close()
    c = TestClient(create_app(db_path))
    marked = '<span class="slug-title" title="Halaman tanpa judul: judul dibaca dari alamat URL">Nelayan Teluk Sanda Berunding</span>'
    assert marked in c.get("/", params={"q": "nelayan"}).text
    assert marked in c.get("/article/tanpa-judul").text


def test_dates_are_written_as_a_reader_writes_them(client):
    from kliping.web.i18n import human_date

    assert human_date("2021-04-10T17:44+07:00") == "Sabtu, 10 April 2021 17.44 WIB"
    assert human_date("2024-05-06T09:30:15.123+08:00", "en") == "Monday, 6 May 2024 09:30 WITA"
    assert human_date("2021-02-26T00:00:00Z") == "Jumat, 26 Februari 2021 00.00 UTC"
    assert human_date("2024-05-06") == "Senin, 6 Mei 2024" and human_date("kemarin") == "kemarin"
    page = client.get("/article/t01").text
    assert '<time datetime="2024-05-06T10:15+07:00">Senin, 6 Mei 2024 10.15 WIB</time>' in page
    assert "Senin, 6 Mei 2024 10.15 WIB" in client.get("/", params={"q": "zona"}).text
    assert "Monday, 6 May 2024 10:15 WIB" in client.get("/article/t01", params={"lang": "en"}).text
    client.cookies.clear()      # the language cookie stays with the shared client otherwise


def test_the_api_is_described_on_a_page_that_needs_no_script(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "<script" not in page.text
    assert "GET /api/search" in page.text and "<code>q</code>" in page.text and "prefix*" in page.text
    assert client.get("/api", follow_redirects=False).headers["location"] == "/docs"
    assert 'href="/docs"' in client.get("/").text


def test_a_story_labelled_by_its_terms_shows_the_words_its_articles_write():
    import sqlite3

    from kliping.web.queries import readable_terms, story_label

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE articles (id TEXT, title TEXT, deck TEXT, body TEXT)")
    db.execute("CREATE TABLE story_articles (story TEXT, article TEXT, position INTEGER)")
    db.executemany("INSERT INTO articles VALUES (?, ?, ?, ?)", [
        ("k1", None, None, "Kekeringan melanda Kota Lestari. Warga mengungsi, pengungsian dibuka di balai desa."),
        ("k2", None, None, "Kekeringan makin parah; pengungsian kedua dibuka dan bantuan air bersih disalurkan.")])
    db.executemany("INSERT INTO story_articles VALUES ('story:k1', ?, ?)", [("k1", 0), ("k2", 1)])
    from kliping.link.terms import Stemmer

    stems = [Stemmer().stem(w) for w in ("kekeringan", "pengungsian", "lestari")]
    assert stems[0] != "kekeringan"                        # what the linker keeps is stems
    assert readable_terms(db, "story:k1", stems + ["zzz"]) == ["kekeringan", "pengungsian", "lestari", "zzz"]
    # only a label of terms is rewritten: a headline stays, and without the archive the stems show
    assert story_label(" · ".join(stems), stems, "story:k1", db) == "kekeringan · pengungsian · lestari"
    assert story_label("Kemarau Panjang di Kota Lestari", stems, "story:k1", db) == "Kemarau Panjang di Kota Lestari"
    assert story_label("", stems, "story:k1") == " · ".join(stems)


def test_a_story_page_shows_its_terms_as_words_and_the_api_gives_both(tmp_path):
    from kliping.archive.build import build_archive

    pages = tmp_path / "p.jsonl"
    import json as _json

    body = ("Kekeringan melanda tiga kecamatan di Kota Lestari sejak awal bulan. Pengungsian dibuka di balai "
            "desa dan warga mengungsi ke rumah kerabat. Badan Penanggulangan Bencana Daerah menyalurkan "
            "bantuan air bersih dengan truk tangki ke kelurahan yang kekeringan.")
    with open(pages, "w", encoding="utf-8") as f:
        for i, outlet in enumerate(("kabarlestari.id", "warta-samudra.com")):
            f.write(_json.dumps({"id": f"k{i}", "url": f"https://{outlet}/2031/04/0{i + 1}/kekeringan-kota-lestari",
                                 "text": f"Rabu, 0{i + 1} April 2031 09:00 WIB\n\n{body}\n\n"
                                         f"Pengungsian ke-{i + 2} dibuka pada hari itu."}, ensure_ascii=False) + "\n")
    db_path = tmp_path / "a.db"
    build_archive(db_path, [str(pages)], templates=False)
    c = TestClient(create_app(db_path))
    story = c.get("/api/stories").json()["stories"][0]
    api = c.get(f"/api/stories/{story['id']}").json()
    assert len(api["words"]) == len(api["terms"]) and api["words"] != api["terms"]
    assert "pengungsian" in api["words"] and "pengungsian" not in api["terms"]    # the word, not its stem
    html = c.get(f"/story/{story['id']}").text
    assert "pengungsian" in html.split('id="story-terms"')[1].split("</p>")[0]

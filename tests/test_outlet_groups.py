"""Outlet groups and collections (archive/outlet_groups.py), and the reader's network filter."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from archive_fixtures import PAGES, write_pages
from kliping.archive import outlet_groups as og


def test_registered_domains_and_the_packaged_networks():
    assert og.registered("makassar.tribunnews.com") == "tribunnews.com"
    assert og.registered("news.detik.co.id") == "detik.co.id" and og.registered("detik.com") == "detik.com"
    assert og.registered("kabarkita.blogspot.com") == "kabarkita.blogspot.com"      # a platform's blogs stay apart
    groups = og.load_groups(())
    assert og.group_of("regional.kompas.com", groups) == ("kompas-gramedia", "Kompas Gramedia")
    assert og.group_of("kompas.id", groups)[0] == og.group_of("kompas.tv", groups)[0] == "kompas-gramedia"
    assert og.group_of("jogja.suara.com", groups) == ("suara.com", "suara.com")
    outlets = ["kompas.com", "kompas.tv", "bali.tribunnews.com", "tribunnews.com", "suara.com", "jogja.suara.com",
               "kompasiana.com.evil.id"]
    assert og.members("kompas-gramedia", outlets, groups) == ["kompas.com", "kompas.tv"]
    assert og.members("suara.com", outlets, groups) == ["jogja.suara.com", "suara.com"]
    counts = {"kompas.com": 3, "kompas.tv": 1, "bali.tribunnews.com": 2, "suara.com": 5}
    assert og.counted(counts, groups) == [("kompas-gramedia", "Kompas Gramedia", 4, 2)]


def test_a_users_file_adds_collections_and_replaces_rows(tmp_path):
    mine = tmp_path / "groups.tsv"
    mine.write_text("key\tname\tmembers\nmedia-sanda\tMedia Sanda Raya\tkabarsanda.id|warta-wonoraya.com\n"
                    "tribun\tTribun (regional only)\tbali.tribunnews.com\n", encoding="utf-8")
    groups = og.load_groups((str(mine),))
    assert groups["media-sanda"].members == ["kabarsanda.id", "warta-wonoraya.com"]
    assert groups["tribun"].name == "Tribun (regional only)" and "kompas-gramedia" in groups
    bad = tmp_path / "bad.tsv"
    bad.write_text("only two\tcolumns\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.tsv:1"):
        og.load_groups((str(bad),))


@pytest.fixture()
def client(tmp_path):
    from kliping.archive.build import build_archive
    from kliping.web.app import create_app

    mine = tmp_path / "groups.tsv"
    mine.write_text("media-sanda\tMedia Sanda Raya\tkabarsanda.id|warta-wonoraya.com\n", encoding="utf-8")
    og.configure([mine])
    build_archive(tmp_path / "news.db", [str(write_pages(tmp_path / "pages.jsonl", PAGES))], link=False)
    yield TestClient(create_app(tmp_path / "news.db"))
    og.configure([])


def test_the_reader_filters_by_a_collection_and_names_an_unknown_one(client):
    every = client.get("/api/search", params={"limit": 100}).json()
    sanda = {h["id"] for h in every["hits"] if h["outlet"] in ("kabarsanda.id", "warta-wonoraya.com")}
    got = client.get("/api/search", params={"group": "media-sanda", "limit": 100}).json()
    assert {h["id"] for h in got["hits"]} == sanda and sanda
    assert ("media-sanda", "Media Sanda Raya") in [(f["value"], f["label"]) for f in got["facets"]["network"]]
    page = client.get("/", params={"group": "media-sanda"})
    assert "Jaringan: Media Sanda Raya" in page.text and 'name="group" value="media-sanda"' in page.text
    none = client.get("/api/search", params={"group": "tidak-ada"}).json()
    assert none["total"] == 0 and none["unknown"] == [{"filter": "group", "value": "tidak-ada"}]

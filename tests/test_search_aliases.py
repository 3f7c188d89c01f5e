"""Alias-aware search (archive/expand.py) on fictional pages that name one country two ways."""
from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from archive_fixtures import ALIAS_PAGES, write_pages
from kliping.archive.build import build_archive
from kliping.archive.schema import connect
from kliping.archive.search import search
from kliping.web.app import create_app


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("aliases")
    path = tmp / "news.db"
    build_archive(path, [str(write_pages(tmp / "pages.jsonl", ALIAS_PAGES))], link=False)
    return path


def ids(res) -> set[str]:
    return {h.id for h in res.hits}


def test_a_name_also_finds_the_entitys_other_names(archive):
    db = connect(archive, readonly=True)
    # as typed only, each name finds its own article
    assert ids(search(db, "korut", aliases=False)) == {"k01"}
    assert ids(search(db, "korea utara", aliases=False)) == {"k02"}
    # with the entity's other names
    res = search(db, "korut")
    assert ids(res) == {"k01", "k02"}
    assert [(e.term, e.entity) for e in res.expansions] == [("korut", "LOC:korea_utara")]
    assert "Korea Utara" in res.expansions[0].also
    # two unquoted words naming it are read as that name; a quoted phrase too
    assert ids(search(db, "korea utara")) == ids(search(db, '"korea utara"')) == {"k01", "k02"}
    # the other names are highlighted in the snippet as the typed word is
    k02 = next(h for h in res.hits if h.id == "k02")
    assert "<mark>Korea</mark> <mark>Utara</mark>" in str(k02.snippet)
    # an excluded name excludes the other names too; other words are not expanded
    assert ids(search(db, "timnas -korut")) == set()
    assert ids(search(db, "jembatan")) == {"k03"} and search(db, "jembatan").expansions == []


def test_the_reader_says_what_else_it_searched_and_can_stop(archive):
    client = TestClient(create_app(archive))
    r = client.get("/", params={"q": "korut"})
    assert 'id="also-searched"' in r.text and "Juga mencari:" in r.text and "Korea Utara" in r.text
    assert 'href="/?q=korut&amp;aliases=0"' in r.text
    off = client.get("/", params={"q": "korut", "aliases": "0"})
    assert "Juga mencari:" not in off.text and 'id="aliases-on"' in off.text
    api = client.get("/api/search", params={"q": "korut"}).json()
    assert api["total"] == 2 and api["also_searched"][0]["entity"] == "LOC:korea_utara"
    assert client.get("/api/search", params={"q": "korut", "aliases": "false"}).json()["total"] == 1

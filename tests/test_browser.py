"""The reader in a real browser: Debian's chromium driven by Playwright against a real
`kliping serve` (uvicorn) on a free 127.0.0.1 port. Skips only when chromium is not installed."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kliping.archive.build import build_archive
from kliping.archive.schema import connect
from kliping.archive.store import write_links

sys.path.insert(0, str(Path(__file__).parent))
from archive_fixtures import ALIAS_PAGES, story_links, write_pages  # noqa: E402
from clihelp import kliping_cmd  # noqa: E402

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed "
                                                          "(apt-get install chromium; .ci/run does it)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db_path: Path):
    port = _free_port()
    proc = subprocess.Popen(kliping_cmd() + ["serve", str(db_path), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            pytest.fail(f"kliping serve did not start: {out}")
        time.sleep(0.2)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    db_path = tmp / "news.db"
    build_archive(db_path, [str(write_pages(tmp / "pages.jsonl"))], link=False)
    db = connect(db_path)
    write_links(db, *story_links())
    db.close()
    yield from _serve(db_path)


@pytest.fixture(scope="module")
def alias_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser-aliases")
    db_path = tmp / "news.db"
    build_archive(db_path, [str(write_pages(tmp / "pages.jsonl", ALIAS_PAGES))], link=False)
    yield from _serve(db_path)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    pg.dialogs = []                                    # every dialog a script would open
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


def test_search_open_article_entities_related_and_story(server, page):
    page.goto(server + "/")
    page.fill("input[name=q]", "perundingan")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/?q=perundingan*")
    hit = page.locator(".hit h2 a", has_text="Nelayan Teluk Sanda dan Pemkab Berunding")
    assert hit.count() == 1
    assert page.locator(".hit mark", has_text="berunding").count() >= 1
    hit.click()
    page.wait_for_url("**/article/t01")
    assert page.locator("h1#title").inner_text() == "Nelayan Teluk Sanda dan Pemkab Berunding Soal Zona Tangkap"
    # entities: highlighted in the text and listed, each a link to its page
    assert page.locator("#body a.ent", has_text="Yosef Manopo").count() >= 1
    assert page.locator("#entities a", has_text="Herlina Pakasi").count() == 1
    # related articles
    related = page.locator("#related a")
    assert related.count() == 1 and "Pemkab Sanda Raya Terbitkan Aturan" in related.first.inner_text()
    # the raw page with each line's role, and back
    page.click("#toggle")
    page.wait_for_url("**/article/t01?view=raw")
    assert page.locator("#raw-lines td.role", has_text="body").count() >= 4
    page.click("#toggle")
    # follow the story
    page.click("#story-link")
    page.wait_for_url("**/story/story*t01")
    items = page.locator("#timeline li")
    assert items.count() == 3
    assert "Fishers welcome new catch zone rule" in items.nth(2).inner_text()
    items.nth(1).locator("a").click()
    page.wait_for_url("**/article/t02")
    # "Baca juga" resolved to the archived article
    page.locator("#baca-juga a", has_text="Nelayan Teluk Sanda dan Pemkab Berunding").click()
    page.wait_for_url("**/article/t01")
    assert page.dialogs == []


def test_a_misspelt_search_is_one_click_from_its_results(server, page):
    page.goto(server + "/")
    page.fill("input[name=q]", "nelayn")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/?q=nelayn*")
    assert page.locator(".hit").count() == 0
    page.locator("#did-you-mean a", has_text="nelayan").first.click()
    page.wait_for_url("**/?q=nelayan*")
    assert page.locator(".hit").count() >= 2 and page.locator("#did-you-mean").count() == 0


def test_a_search_for_one_name_finds_the_others_and_can_be_narrowed(alias_server, page):
    page.goto(alias_server + "/")
    page.fill("input[name=q]", "korut")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/?q=korut*")
    assert page.locator(".hit").count() == 2
    assert "Korea Utara" in page.locator("#also-searched").inner_text()
    page.locator("#aliases-off").click()
    page.wait_for_url("**aliases=0*")
    assert page.locator(".hit").count() == 1
    page.locator("#aliases-on").click()
    page.wait_for_url(lambda url: "aliases=0" not in url)
    assert page.locator(".hit").count() == 2


def test_a_search_downloads_as_csv_on_a_phone(server, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844}, accept_downloads=True)
    try:
        page.goto(server + "/?q=zona")
        with page.expect_download() as got:
            page.locator("#export-csv").click()
        path = got.value.path()
        text = Path(path).read_text(encoding="utf-8-sig")
        assert text.startswith("id,url,outlet,") and "t01" in text
        assert got.value.suggested_filename == "kliping-zona.csv"
    finally:
        page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_quote_search_and_its_speaker(server, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(server + "/")
        page.locator("header nav a", has_text="Kutipan").click()
        page.wait_for_url("**/quotes")
        page.fill("#quote-search input[name=q]", "perahu")
        page.locator("#quote-search button").click()
        page.wait_for_url("**/quotes?q=perahu*")
        assert page.locator("figure.quote").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.locator("figure.quote figcaption a", has_text="Yosef Manopo").click()
        page.wait_for_url("**/entity/PER%3Ayosef_manopo")
        assert "perahu kecil" in page.locator("#said-by").inner_text()
    finally:
        page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_attention_chart_from_a_search_and_a_period_click(server, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(server + "/?q=zona")
        page.locator("#attention-link").click()
        page.wait_for_url("**/attention?q=zona*")
        assert page.locator("#attention-chart polyline").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # the table fallback lists every period; a period's count narrows the search to it
        page.locator("#attention-table summary").click()
        link = page.locator("#attention-table td a").first
        link.click()
        page.wait_for_url("**date_from=*")
        assert page.locator(".hit").count() >= 1
    finally:
        page.close()


def test_entity_page_and_facets(server, page):
    page.goto(server + "/article/t02")
    page.locator("#entities a", has_text="Yosef Manopo").click()
    page.wait_for_url("**/entity/PER*yosef_manopo")
    assert page.locator("#entity-name").inner_text() == "Yosef Manopo"
    assert page.locator("#mentions-chart rect").count() >= 1
    assert page.locator("#co-chart text", has_text="Herlina Pakasi").count() >= 1
    page.goto(server + "/")
    page.locator(".facet-outlet a", has_text="warta-wonoraya.com").click()
    assert page.locator(".hit").count() == 1
    assert "Harga Beras Medium" in page.locator(".hit h2").inner_text()


def test_hostile_page_stays_inert(server, page):
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    for path in ("/article/t04", "/article/t04?view=raw", "/?q=lembean"):
        page.goto(server + path)
        page.wait_for_load_state("load")
        # the markup is text: no element made from it, and its script did not replace the page
        assert page.evaluate("document.querySelectorAll('script, img, iframe, object').length") == 0
        assert page.evaluate("document.body.innerText.trim()") != "diretas"
        assert page.locator("main").count() == 1
    page.goto(server + "/article/t04")
    assert "<script>alert(1)</script>" in page.locator("h1#title").inner_text()
    assert "<img src=x onerror=alert(2)>" in page.inner_text("#body")
    page.goto(server + "/article/t04?view=raw")    # every scraped line, whatever its role, as text
    assert "<script>document.body.innerHTML='diretas'</script>" in page.inner_text("#raw-lines")
    assert page.locator("a[href^='javascript:']").count() == 0
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert not any("alert" in c for c in console)


def test_english_interface_toggle(server, page):
    page.goto(server + "/article/t02")
    assert page.locator("#related h2").inner_text() == "Berita Terkait"
    page.click("text=English")
    assert page.locator("#related h2").inner_text() == "Related articles"


def test_story_page_and_story_list_at_desktop_and_phone_widths(server, browser):
    """The story page shows its first report, outlets, chart, quotes and timeline without sideways
    scrolling at 1280 and 390 px; /stories filters by outlet through its form and keeps the sort."""
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(server + "/story/story%3At01")
        assert page.locator("#story-label").inner_text().startswith("Nelayan Teluk Sanda")
        assert page.locator("#first-report a").inner_text().startswith("Nelayan Teluk Sanda")
        assert page.locator("#story-outlets li").count() == 2
        assert page.locator("#story-chart rect").count() == 16 and page.locator("#story-chart").is_visible()
        assert page.locator("#timeline li").count() == 3
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        chart_box = page.locator("#story-chart").bounding_box()
        assert chart_box["x"] + chart_box["width"] <= width
        page.goto(server + "/stories")
        page.fill("#story-filters input[name=outlet]", "nusaherald.com")
        page.select_option("#story-filters select[name=sort]", "recent")
        page.click("#story-filters button[type=submit]")
        page.wait_for_url("**/stories?*outlet=nusaherald.com*")
        assert "sort=recent" in page.url and page.locator("#stories li").count() == 1
        page.click("#stories li a")
        page.wait_for_url("**/story/story*t01")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # an entity typed by its name filters the stories; an entity's page leads to its stories
        page.goto(server + "/stories")
        page.fill("#story-filters input[name=entity]", "yosef manopo")
        page.click("#story-filters button[type=submit]")
        page.wait_for_url("**/stories?*entity=yosef*")
        assert page.locator("#stories li").count() >= 1
        assert "Yosef Manopo" in page.locator("#story-filters .tag").inner_text()
        assert page.locator("#stories li a").first.inner_text().startswith("Nelayan Teluk Sanda")
        import json as _json
        page.goto(server + "/api/stories?entity=Yosef%20Manopo")
        assert _json.loads(page.locator("body").inner_text())["stories"][0]["id"] == "story:t01"   # the API alike
        page.goto(server + "/entity/PER%3Ayosef_manopo")
        page.click("#entity-stories")
        page.wait_for_url("**/stories?entity=PER*")
        assert page.locator("#stories li").count() >= 1
        context.close()


def test_on_a_phone_results_come_before_the_facets(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(server + "/?q=zona")
    first_hit = page.locator(".hit").first.bounding_box()
    facets = page.locator("aside").bounding_box()
    assert first_hit["y"] < facets["y"] and first_hit["y"] < 800      # the first result on the first screen
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    # each facet group folds away (no script: <details>)
    outlets = page.locator("details.facet-group", has=page.locator("ul.facet-outlet"))
    assert outlets.locator("ul.facet-outlet").is_visible()
    outlets.locator("summary").click()
    assert not outlets.locator("ul.facet-outlet").is_visible()
    context.close()
    wide = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    wide.goto(server + "/?q=zona")
    assert wide.locator("aside").bounding_box()["x"] < wide.locator(".hit").first.bounding_box()["x"]
    wide.context.close()

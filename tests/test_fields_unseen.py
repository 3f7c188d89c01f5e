"""Fields as the outlet printed them on outlets the model never saw: the headline without the site's
name, authors that are people, and the estimated day of a page that prints none."""
from __future__ import annotations

from kliping.clean.estimate import estimate_published
from kliping.clean.headline import choose_headline, clean_title, site_keys, strip_site_name
from kliping.clean.headmeta import apply_head_metadata
from kliping.model import Article, Document
from kliping.read.html import document_from_html
from kliping.run.extract import Extractor

KOMPAS_KEYS = site_keys("https://regional.kompas.com/read/2024/03/11/x", ["Kompas.com"])


def test_the_site_name_comes_off_either_end():
    assert strip_site_name("Banjir Rendam Tiga Desa di Kendari - Kompas.com", KOMPAS_KEYS) == \
        "Banjir Rendam Tiga Desa di Kendari"
    assert strip_site_name("Banjir Rendam Tiga Desa di Kendari - Kompas.com Regional", KOMPAS_KEYS) == \
        "Banjir Rendam Tiga Desa di Kendari"
    keys = site_keys("https://www.kapanlagi.com/showbiz/x.html", [])
    assert strip_site_name("KapanLagi.com: Penyanyi Muda Rilis Album Kedua", keys) == \
        "Penyanyi Muda Rilis Album Kedua"
    keys = site_keys("https://republika.co.id/berita/x", ["Republika Online"])
    assert strip_site_name("Harga Beras Naik Lagi | Republika Online", keys) == "Harga Beras Naik Lagi"
    keys = site_keys("https://www.warta.example/x", ["Warta Sentosa"])
    assert strip_site_name("Ukrainische Gegenoffensive: Ziele | Warta Sentosa | 28.04.2023", keys) == \
        "Ukrainische Gegenoffensive: Ziele"


def test_the_headline_keeps_its_own_dashes_and_colons():
    # a dash inside the headline is no separator from a site name that is not there
    assert strip_site_name("Warga Mengungsi - Air Terus Naik di Kendari", KOMPAS_KEYS) == \
        "Warga Mengungsi - Air Terus Naik di Kendari"
    assert strip_site_name("Sentosa: Lima Hal yang Perlu Diketahui", KOMPAS_KEYS) == \
        "Sentosa: Lima Hal yang Perlu Diketahui"  # a leading label that is not the site stays
    assert strip_site_name("Kompas.com", KOMPAS_KEYS) == "Kompas.com"  # nothing but the name: left alone


def test_entities_and_invisible_characters_are_cleaned():
    assert clean_title("Mexico to fight &#8216;illogical&#8217; tariffs") == "Mexico to fight \u2018illogical\u2019 tariffs"
    assert clean_title("Kata &quot;Tidak&quot; dari Menteri") == 'Kata "Tidak" dari Menteri'
    assert clean_title("Paläs\u00adti\u00adnenser legt ein\u200b") == "Palästinenser legt ein"
    assert clean_title("AT&T Bangun Menara") == "AT&T Bangun Menara"


def test_the_printed_headline_wins_when_the_head_agrees_or_adds_a_section():
    keys = site_keys("https://www.bild.example/x", ["BILD"])
    assert choose_headline("Bubi-Bomber wieder da: Geduld mit Niemiec | Sport",
                           ["Bubi-Bomber wieder da: Geduld mit Niemiec"], keys) == \
        "Bubi-Bomber wieder da: Geduld mit Niemiec"
    # the printed punctuation (a question mark the meta title lost) is kept
    assert choose_headline("Kapan Jembatan Lintang Selesai", ["Kapan Jembatan Lintang Selesai?"], KOMPAS_KEYS) == \
        "Kapan Jembatan Lintang Selesai?"
    # a printed line that is something else (a logo, a section) does not replace the head's headline
    assert choose_headline("Banjir Rendam Tiga Desa - Kompas.com", ["Regional"], KOMPAS_KEYS) == \
        "Banjir Rendam Tiga Desa"
    assert choose_headline(None, ["Banjir Rendam Tiga Desa - Kompas.com"], KOMPAS_KEYS) == "Banjir Rendam Tiga Desa"


def _head(meta: dict, url: str = "https://www.warta.example/daerah/x") -> Article:
    doc = Document(id="x", text="", url=url, head_meta=meta)
    art = Article(id="x", url=url, outlet="warta.example", kind="article", lang="id")
    return apply_head_metadata(art, doc)


def test_head_authors_are_people_not_the_publisher():
    assert _head({"meta": {"authors": ["Warta"], "publisher": "Warta"}}).authors == []
    assert _head({"meta": {"authors": ["warta.example"]}}).authors == []
    assert _head({"jsonld": {"authors": ["Antara"]}}).authors == []
    assert _head({"meta": {"authors": ["Rahmat Siregar", "rahmat-siregar", "(Foto: Getty Images)"]}}).authors == \
        ["Rahmat Siregar"]
    assert _head({"jsonld": {"authors": ["Dewi Lestari dan Budi Santoso"]}}).authors == ["Dewi Lestari", "Budi Santoso"]
    assert _head({"jsonld": {"authors": ["Samya Kullab and Vasilisa Stepanenko"]}}).authors == \
        ["Samya Kullab", "Vasilisa Stepanenko"]
    assert _head({"jsonld": {"authors": ["Elena Oberholzer (obe)"]}}).authors == ["Elena Oberholzer"]
    assert _head({"jsonld": {"authors": ["Brazil, Rachel"]}}).authors == ["Rachel Brazil"]  # one person, as printed
    assert _head({"meta": {"authors": ["Siregar, Rahmat", "Lestari, Dewi"]}}).authors == ["Rahmat Siregar", "Dewi Lestari"]
    assert _head({"jsonld": {"authors": ["Corina Gall (cog.)"]}}).authors == ["Corina Gall"]
    # a JSON-LD author that is only the outlet leaves the meta tag's reporter to speak
    assert _head({"jsonld": {"authors": ["Warta"], "publisher": "Warta"},
                  "meta": {"authors": ["Rahmat Siregar"]}}).authors == ["Rahmat Siregar"]


def test_a_title_with_the_site_name_from_html():
    html = ("<html><head><title>Jembatan Gantung Sungai Lintang Dibangun - Warta Sentosa</title>"
            '<meta property="og:site_name" content="Warta Sentosa">'
            '<meta property="og:title" content="Jembatan Gantung Sungai Lintang Dibangun - Warta Sentosa">'
            "</head><body><article><h1>Jembatan Gantung Sungai Lintang Dibangun</h1>"
            + "".join(f"<p>Paragraf ke-{i} tentang pembangunan jembatan gantung yang panjangnya seratus dua puluh "
                      f"meter di atas Sungai Lintang, dikerjakan warga dan dinas setempat.</p>" for i in range(5))
            + "</article></body></html>")
    doc = document_from_html(html.encode(), "j", "test", url="https://wartasentosa.example/daerah/jembatan")
    art = Extractor(templates=False, enrich=False).extract(doc)
    assert art.title == "Jembatan Gantung Sungai Lintang Dibangun"


def test_the_estimate_reads_the_lead_s_weekday_date_dateline_and_kemarin():
    est = estimate_published(["KENDARI, KABARNUSA.CO.ID - Hujan deras merendam 320 rumah di Kelurahan Tanjung "
                              "Lowu, Selasa (12/3/2024) pagi."])
    assert (est.day, est.how) == ("2024-03-12", "weekday")
    assert "12/3/2024" in est.evidence
    est = estimate_published(["JAKARTA, 5 Oktober 2020 - Pemerintah mengumumkan aturan baru."])
    assert (est.day, est.how) == ("2020-10-05", "dateline")
    est = estimate_published(["Warga mulai membersihkan lumpur.",
                              "Banjir datang kemarin (Senin, 11/3/2024) setelah hujan semalaman."])
    assert (est.day, est.how) == ("2024-03-12", "relative")
    # a year mistyped in the lead: Sabtu 9 Maret is a Saturday in 2024, not in 2023
    assert estimate_published(["Bandung - Acara digelar Sabtu 9 Maret 2023 di alun-alun."]).day == "2024-03-09"


def test_no_estimate_without_a_day_the_report_is_of():
    assert estimate_published(["Pemerintah mengumumkan aturan baru soal pupuk bersubsidi."]) is None
    assert estimate_published([]) is None
    # a plain date the story looks back to is not the report's day
    assert estimate_published(["Hujan turun sejak 8 Oktober 2022 dan banjir belum surut."]) is None
    assert estimate_published(["The stadium was completed on May 1, 1923, and hosted two Olympics."]) is None


UNDATED = "\n\n".join([
    "Kabar Lintang", "Beranda\n\nDaerah\n\nEkonomi",
    "Jembatan Gantung Sungai Lintang Putus Diterjang Arus",
    "LINTANG, KABARLINTANG - Jembatan gantung di Desa Sukamaju putus diterjang arus Sungai Lintang, "
    "Selasa (12/3/2024) pagi, setelah hujan deras mengguyur sejak Senin malam.",
    "Kepala Desa Sukamaju, Hendra Wijaya, mengatakan tidak ada korban jiwa karena jembatan sudah ditutup "
    "sejak air mulai naik pada dini hari.",
    "Warga kini harus memutar sejauh enam kilometer melalui desa tetangga untuk menuju pasar kecamatan.",
    "Copyright © 2024 Kabar Lintang",
])


def test_an_undated_page_gets_an_estimate_apart_from_published(tmp_path):
    art = Extractor(templates=False, enrich=False).extract(Document(id="u1", text=UNDATED))
    assert art.published is None
    assert art.published_estimate == "2024-03-12" and "12/3/2024" in art.estimate_evidence
    rec = art.to_record()
    assert rec["published"] is None and rec["published_estimate"] == "2024-03-12"


def test_the_archive_files_an_estimate_under_its_day_and_the_reader_marks_it(tmp_path):
    import json

    from fastapi.testclient import TestClient

    from kliping.archive.build import build_archive
    from kliping.web.app import create_app

    pages = tmp_path / "pages.jsonl"
    pages.write_text(json.dumps({"id": "u1", "text": UNDATED}) + "\n", encoding="utf-8")
    db = tmp_path / "news.db"
    build_archive(db, [str(pages)], enrich=False)
    client = TestClient(create_app(db))
    hit = client.get("/api/search", params={"q": "jembatan", "date_from": "2024-03-01", "date_to": "2024-03-31"}).json()
    assert hit["total"] == 1
    assert hit["hits"][0]["published"] is None and hit["hits"][0]["published_estimate"] == "2024-03-12"
    assert client.get("/api/search", params={"q": "jembatan", "date_from": "2024-04-01"}).json()["total"] == 0
    page = client.get("/article/u1").text
    assert 'id="estimate"' in page and "perkiraan" in page and "Selasa (12/3/2024" in page


def test_the_site_s_today_stamp_never_beats_the_url_s_date():
    from kliping.clean.fields import _against_url_date

    url = "https://www.kabarlintang.example/read/2018/06/12/jembatan-putus"
    assert _against_url_date("2026-12-05T08:00", url) == (
        "2018-06-12", {"text": "2026-12-05T08:00", "url": "2018-06-12", "used": "url"})
    # a page out the day after its URL was made keeps its own time
    assert _against_url_date("2018-06-13T07:10+07:00", url) == ("2018-06-13T07:10+07:00", None)
    assert _against_url_date("2026-12-05", "https://www.kabarlintang.example/read/jembatan-putus") == ("2026-12-05", None)


def test_the_estimate_measure_hides_the_date_and_counts_pages_naming_none():
    from types import SimpleNamespace

    from kliping.evaluate.estimate import score_labelled

    lead = "BANDUNG - Ribuan warga memadati alun-alun kota, Sabtu (9/3/2024) malam."
    pages = [SimpleNamespace(id="a", lines=["Judul", lead], roles=["title", "body"],
                             fields={"published": "2024-03-10T07:00+07:00"}),
             SimpleNamespace(id="b", lines=[lead], roles=["body"], fields={"published": "2024-03-20"}),
             SimpleNamespace(id="c", lines=["Warga memadati alun-alun."], roles=["body"], fields={"published": None})]
    r = score_labelled(pages).summary()
    assert (r["dated_pages"], r["estimated"], r["within_one_day"], r["exact_day"]) == (2, 2, 0.5, 0.0)
    assert (r["pages_naming_no_date"], r["estimates_there"]) == (1, 0)


def test_byline_forms_of_unseen_outlets():
    from kliping.clean.bylines import names_from_page

    assert names_from_page([("Penulis | : | Rahmat Siregar |", "byline")]) == (["Rahmat Siregar"], [])
    assert names_from_page([("Rahmat SiregarRahmat Siregar", "byline")]) == (["Rahmat Siregar"], [])
    assert names_from_page([("Penulis: Anna Anna", "byline")]) == (["Anna Anna"], [])   # not a doubling
    # the fullest form the page prints of a one-word name
    assert names_from_page([("Penulis: Rahmat", "byline"), ("Rahmat Siregar", "byline")]) == (["Rahmat Siregar"], [])
    assert names_from_page([("Reporter: Rahmat Siregar, Dewi Lestari dan Budi Santoso", "byline")]) == \
        (["Rahmat Siregar", "Dewi Lestari", "Budi Santoso"], [])
    assert names_from_page([("Reporter : Rahmat Siregar | Editor : Dewi Lestari", "byline")]) == \
        (["Rahmat Siregar"], ["Dewi Lestari"])
    # the same labels on outlets abroad, and a date run on after the name
    assert names_from_page([("Von: Rahmat Siregar", "byline")]) == (["Rahmat Siregar"], [])
    assert names_from_page([("Autor: Rahmat Siregar und Dewi Lestari", "byline")]) == \
        (["Rahmat Siregar", "Dewi Lestari"], [])
    assert names_from_page([("by Rahmat Siregar Jul. 19, 2026 9:45 am", "datetime")]) == (["Rahmat Siregar"], [])
    assert names_from_page([("Ursula von der Leyen", "byline")]) == (["Ursula von der Leyen"], [])


def _dated_head_page(title: str, h1: str, extra_head: str = "") -> bytes:
    return f"""<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{title}</title>{extra_head}</head>
<body><nav><a href="/">Beranda</a> <a href="/nasional">Nasional</a></nav><article><h1>{h1}</h1>
<p>Pemerintah Kabupaten Kutai Barat membuka posko pengungsian baru bagi warga yang rumahnya terendam
banjir luapan Sungai Mahakam sejak pekan lalu.</p>
<p>Petugas mencatat lebih dari dua ratus keluarga telah mendaftar di posko tersebut dan bantuan logistik
mulai disalurkan melalui jalur sungai.</p></article></body></html>""".encode()


def test_the_day_a_title_prints_after_the_headline_is_the_page_s_date():
    doc = document_from_html(_dated_head_page("Posko Pengungsian Baru Dibuka | Daerah | Warta Sentosa | 28.04.2023",
                                              "Posko Pengungsian Baru Dibuka"),
                             "t1", "test", url="https://wartasentosa.example/daerah/posko")
    art = Extractor(templates=False, enrich=False).extract(doc)
    assert art.title == "Posko Pengungsian Baru Dibuka"
    assert art.published[:10] == "2023-04-28"
    assert art.provenance["published"]["head_source"] == "title"


def test_a_date_inside_the_headline_is_the_news_s_not_the_page_s():
    h1 = "Banjir 12 Maret 2023: Posko Pengungsian Baru Dibuka"
    doc = document_from_html(_dated_head_page(f"{h1} - Warta Sentosa", h1),
                             "t2", "test", url="https://wartasentosa.example/daerah/posko")
    art = Extractor(templates=False, enrich=False).extract(doc)
    assert art.published is None


def test_a_page_dated_only_by_its_update_gets_that_day_as_an_estimate():
    head = '<meta property="article:modified_time" content="2023-05-13T15:44:29+07:00">'
    doc = document_from_html(_dated_head_page("Posko Pengungsian Baru Dibuka", "Posko Pengungsian Baru Dibuka", head),
                             "t3", "test", url="https://wartasentosa.example/daerah/posko")
    art = Extractor(templates=False, enrich=False).extract(doc)
    assert art.published is None
    assert art.updated.startswith("2023-05-13")
    assert art.published_estimate == "2023-05-13" and "updated" in art.estimate_evidence


def test_a_byline_under_a_headline_far_down_the_page_is_read():
    from kliping.clean.bylines import names_from_page
    from kliping.clean.fields import _byline_view

    texts = [f"Menu {i}" for i in range(30)] + ["Posko Pengungsian Baru Dibuka", "Oleh Rahmat Siregar",
                                               "Warga mulai mendaftar di posko sejak pagi hari."]
    roles = ["boilerplate"] * 30 + ["title", "boilerplate", "body"]
    assert names_from_page(_byline_view(texts, roles)) == (["Rahmat Siregar"], [])
    # the same line far from the headline and the body is not read
    roles = ["boilerplate"] * 30 + ["boilerplate", "boilerplate", "boilerplate"]
    assert names_from_page(_byline_view(texts, roles)) == ([], [])


def test_a_listing_page_has_no_authors():
    text = "\n".join(["Arsip Blog", "Selasa, 5 Maret 2024", "BANJIR DI SAMARINDA", "By Rahmat Siregar",
                      "Banjir merendam tiga kelurahan.", "Baca selengkapnya",
                      "Senin, 4 Maret 2024", "JEMBATAN RETAK", "By Rahmat Siregar", "Baca selengkapnya",
                      "Minggu, 3 Maret 2024", "PASAR BARU DIBUKA", "By Rahmat Siregar", "Baca selengkapnya"])
    art = Extractor(templates=False, enrich=False).extract(
        Document(id="l1", text=text, url="https://rahmat.example/search/label/daerah"))
    assert art.kind == "listing"
    assert art.authors == [] and art.editors == []


def _news_page(head: str, top: str, url: str = "https://wartasentosa.example/daerah/2024/03/11/posko") -> Article:
    html = f"""<!doctype html><html lang="id"><head><meta charset="utf-8">{head}</head>
<body><nav>{"".join(f'<a href="/k{i}">Kanal {i}</a> ' for i in range(25))}</nav><main>{top}<article>
<p>Pemerintah Kabupaten Kutai Barat membuka posko pengungsian baru bagi warga yang rumahnya terendam
banjir luapan Sungai Mahakam sejak pekan lalu, kata petugas di lokasi.</p>
<p>Petugas mencatat lebih dari dua ratus keluarga telah mendaftar di posko tersebut dan bantuan logistik
mulai disalurkan melalui jalur sungai oleh relawan setempat.</p>
<p>Warga berharap air segera surut agar anak-anak dapat kembali bersekolah seperti biasa.</p></article></main>
<footer>Tentang Kami | Pedoman Media Siber</footer></body></html>"""
    doc = document_from_html(html.encode(), "p", "test", url=url)
    return Extractor(templates=False, enrich=False).extract(doc)


def test_json_ld_authors_of_a_page_s_main_entity_and_by_name_parts():
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "WebPage", '
          '"mainEntity": {"@type": "NewsArticle", "headline": "Posko Pengungsian Baru Dibuka", '
          '"author": [{"@type": "Person", "givenName": "Dewi Ayu", "familyName": "Lestari"}, '
          '{"@type": "Person", "name": "Rahmat Siregar"}], "publisher": {"@type": "Organization", '
          '"name": "Warta Sentosa"}}}</script>')
    art = _news_page(ld, "<h1>Posko Pengungsian Baru Dibuka</h1>")
    assert art.authors == ["Dewi Ayu Lestari", "Rahmat Siregar"]
    assert art.title == "Posko Pengungsian Baru Dibuka"


def test_the_written_by_share_card_tags_name_the_author():
    head = ('<meta name="author" content="r.siregar@wartasentosa.example">'
            '<meta name="twitter:label1" content="Ditulis oleh"><meta name="twitter:data1" content="Rahmat Siregar">'
            '<meta name="twitter:label2" content="Estimasi waktu membaca"><meta name="twitter:data2" content="3 menit">')
    assert _news_page(head, "<h1>Posko Pengungsian Baru Dibuka</h1>").authors == ["Rahmat Siregar"]
    head = '<meta name="twitter:misc:Written by" content="Dewi Lestari">'
    assert _news_page(head, "<h1>Posko Pengungsian Baru Dibuka</h1>").authors == ["Dewi Lestari"]
    # a card that reads "written by" the outlet names nobody
    head = ('<meta property="og:site_name" content="Warta Sentosa"><meta name="twitter:label1" content="Written by">'
            '<meta name="twitter:data1" content="Warta Sentosa">')
    assert _news_page(head, "<h1>Posko Pengungsian Baru Dibuka</h1>").authors == []


def test_bylines_under_a_printed_headline_the_model_did_not_title():
    # the byline after the date on one line, the site's desk after the name, and a bare name beside the date
    top = ("<h1>Posko Pengungsian Baru Dibuka</h1>"
           "<div class='meta'>Sen 11.03.24 | 14:07 WITA | Oleh Rahmat Siregar</div>")
    assert _news_page('<meta property="og:site_name" content="Warta Sentosa">', top).authors == ["Rahmat Siregar"]
    top = "<h1>Posko Pengungsian Baru Dibuka</h1><p class='author'>oleh Rahmat Siregar, WARTA SENTOSA</p>"
    assert _news_page('<meta property="og:site_name" content="Warta Sentosa">', top).authors == ["Rahmat Siregar"]
    top = "<h1>Posko Pengungsian Baru Dibuka</h1><div>Rahmat Siregar</div><div>11.03.2024, 5 menit membaca</div>"
    assert _news_page("", top).authors == ["Rahmat Siregar"]
    top = "<h1>Posko Pengungsian Baru Dibuka</h1><div>Rahmat Siregar | 11.03.2024 - Diperbarui: 12.03.2024</div>"
    assert _news_page("", top).authors == ["Rahmat Siregar"]


def test_a_kicker_or_acronym_beside_the_date_is_no_byline():
    for kicker in ("Banjir Kutai Barat", "Posko BPBD"):
        top = f"<h1>Posko Pengungsian Baru Dibuka</h1><div>{kicker}</div><div>11.03.2024, 5 menit membaca</div>"
        assert _news_page("", top).authors == [], kicker  # "banjir" is a word the body writes in lower case


def test_a_head_naming_only_the_first_reporter_leaves_the_printed_byline():
    head = '<meta name="author" content="Rahmat Siregar">'
    top = "<h1>Posko Pengungsian Baru Dibuka</h1><p>oleh Rahmat Siregar , Dewi Lestari , Budi Santoso</p>"
    assert _news_page(head, top).authors == ["Rahmat Siregar", "Dewi Lestari", "Budi Santoso"]
    # but a city after the name (one word) is no reporter: the head's list stands
    top = "<h1>Posko Pengungsian Baru Dibuka</h1><p>Oleh Rahmat Siregar, Samarinda</p>"
    assert _news_page(head, top).authors == ["Rahmat Siregar"]


def test_a_month_glued_to_the_byline_name_ends_it():
    from kliping.clean.bylines import names_from_line

    assert names_from_line("by Rahmat SiregarMaret 11, 2024", "byline") == (["Rahmat Siregar"], [])
    assert names_from_line("by Dewi LestariNovember 21, 2025 0 komentar", "byline") == (["Dewi Lestari"], [])


def test_the_head_s_form_of_the_same_headline_keeps_the_separator_the_h1_lost():
    keys = site_keys("https://www.warta.example/x", ["Warta Sentosa"])
    assert choose_headline("Banjir Kutai Barat: Posko Pengungsian Baru Dibuka",
                           ["Banjir Kutai Barat Posko Pengungsian Baru Dibuka"], keys) == \
        "Banjir Kutai Barat: Posko Pengungsian Baru Dibuka"
    # equal punctuation: the printed form (its curly quotes) stays
    assert choose_headline("Warga: 'Air Naik Cepat'", ["Warga: \u2018Air Naik Cepat\u2019"], keys) == \
        "Warga: \u2018Air Naik Cepat\u2019"


def test_a_label_over_a_column_of_names_and_a_glued_job_title():
    from kliping.clean.bylines import names_from_page

    assert names_from_page([("Oleh", "byline"), ("Rahmat SiregarSenior Reporter", "byline"),
                            ("Dewi Lestari", "byline")]) == (["Rahmat Siregar", "Dewi Lestari"], [])
    # a second label starts its own column: the editor is no author
    assert names_from_page([("Reporter", "byline"), ("Rahmat Siregar", "byline"), ("Editor", "byline"),
                            ("Dewi Lestari", "byline")]) == (["Rahmat Siregar"], ["Dewi Lestari"])
    # bare names one a line, unlabelled, are read as one byline
    assert names_from_page([("Rahmat Siregar", "byline"), ("Dewi Lestari", "byline")]) == \
        (["Rahmat Siregar", "Dewi Lestari"], [])


def test_a_head_author_with_a_description_after_the_name_is_the_name():
    described = "Dewi Lestari, dosen Fakultas Hukum Universitas Sentosa, wartasentosa.example"
    assert _head({"jsonld": {"authors": [described]}}).authors == ["Dewi Lestari"]
    # names in a list are still several people; a surname-first form is still one
    assert _head({"jsonld": {"authors": ["Dewi Lestari, Rahmat Siregar"]}}).authors == ["Dewi Lestari", "Rahmat Siregar"]
    assert _head({"jsonld": {"authors": ["Siregar, Rahmat"]}}).authors == ["Rahmat Siregar"]


def test_tim_is_a_desk_in_indonesian_and_a_first_name_in_english():
    assert _head({"meta": {"authors": ["Tim Hanlon"]}}).authors == ["Tim Hanlon"]
    assert _head({"meta": {"authors": ["Tim Redaksi"]}}).authors == []
    assert _head({"meta": {"authors": ["Tim Warta"]}, "jsonld": {"publisher": "Warta"}}).authors == []
    assert _head({"meta": {"authors": ["Tim detikcom"]}}).authors == []
    assert _head({"meta": {"authors": ["신현주 기자"]}}).authors == ["신현주"]  # the job word after a Korean name


def test_reporters_printed_beside_the_head_s_one_author_join_it():
    head = '<meta name="author" content="Dewi Lestari">'
    top = "<h1>Posko Pengungsian Baru Dibuka</h1><address>Rahmat Siregar</address><address>Dewi Lestari</address>"
    assert _news_page(head, top).authors == ["Rahmat Siregar", "Dewi Lestari"]
    # a line of other capitalised words beside the name (a section, a follow button) is no reporter
    top = "<h1>Posko Pengungsian Baru Dibuka</h1><div>Ikuti Kami</div><address>Dewi Lestari</address>"
    assert _news_page(head, top).authors == ["Dewi Lestari"]


def test_a_reporter_s_name_closing_the_body_is_the_author_not_body():
    ex = Extractor(templates=False, enrich=False)
    body = ("Pemerintah Kabupaten Kutai Barat membuka posko pengungsian baru bagi warga yang rumahnya terendam "
            "banjir luapan Sungai Mahakam sejak pekan lalu, kata petugas di lokasi.\n"
            "Petugas mencatat lebih dari dua ratus keluarga telah mendaftar di posko tersebut dan bantuan "
            "logistik mulai disalurkan melalui jalur sungai oleh relawan setempat.\n"
            "Warga berharap air segera surut agar anak-anak dapat kembali bersekolah seperti biasa.\n")
    html = ("<!doctype html><html lang='id'><head><meta charset='utf-8'></head><body><main><article>"
            "<h1>Posko Pengungsian Baru Dibuka</h1>"
            + "".join(f"<p>{p}</p>" for p in body.splitlines())
            + "<p><strong>Rahmat Siregar</strong></p></article></main></body></html>")
    art = ex.extract(document_from_html(html.encode(), "p", "test", url="https://wartasentosa.example/daerah/posko"))
    assert art.authors == ["Rahmat Siregar"]
    assert not any("Rahmat Siregar" in p for p in art.body)
    # a closing line of words the body writes in lower case is the body's own
    html = html.replace("Rahmat Siregar", "Bantuan Disalurkan Relawan")
    art = ex.extract(document_from_html(html.encode(), "p", "test", url="https://wartasentosa.example/daerah/posko"))
    assert art.authors == []

"""HTML input: pages become lines with DOM features, head metadata wins over text fields
(with provenance where they disagree), and the HTML model finds the article on news layouts.

The pages below are fictional Indonesian news pages written for these tests."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from kliping.clean.headmeta import apply_head_metadata
from kliping.model import Article, Document, Rejection
from kliping.read import read_inputs
from kliping.read.html import cues_of, decode_html, document_from_html, parse_html
from kliping.read.htmlmeta import head_metadata, jsonld_metadata
from kliping.run.extract import Extractor
from selectolax.lexbor import LexborHTMLParser

from clihelp import run_kliping

BENCH = Path(__file__).resolve().parents[2] / "shared" / "data" / "html-bench"

BODY = [
    "Kota Baru Sentosa - Pemerintah Kota Baru Sentosa mulai membangun jembatan gantung baru di atas Sungai "
    "Lintang pada Senin pagi, setelah jembatan lama ditutup sejak banjir besar awal tahun ini.",
    "Wali Kota Ratna Suminar mengatakan jembatan sepanjang 120 meter itu ditargetkan selesai dalam delapan "
    "bulan dan akan menghubungkan dua kecamatan yang selama ini terpisah oleh sungai.",
    "\u201cWarga sudah terlalu lama memutar sejauh tujuh kilometer untuk ke pasar. Kami ingin jembatan ini "
    "dipakai sebelum musim hujan berikutnya,\u201d kata Ratna kepada wartawan di lokasi pembangunan.",
    "Dinas Pekerjaan Umum setempat menyebut anggaran pembangunan mencapai Rp 18 miliar yang berasal dari "
    "dana daerah dan bantuan pemerintah provinsi, dan pengerjaannya melibatkan tenaga kerja dari desa sekitar.",
    "Sejumlah warga menyambut baik rencana itu, meski sebagian pedagang khawatir akses jalan menuju pasar "
    "akan tersendat selama alat berat bekerja di tepi sungai pada pagi dan sore hari.",
]
MENU = ["Beranda", "Nasional", "Daerah", "Ekonomi", "Olahraga", "Teknologi"]
RELATED = ["Banjir Rendam Tiga Kecamatan di Kota Baru Sentosa", "Harga Cabai di Pasar Lintang Naik Dua Kali Lipat",
           "Warga Gotong Royong Bersihkan Sisa Lumpur"]


def news_page(jsonld: dict | None = None, og_title: str | None = None, byline: str = "Penulis: Dewi Lestari",
              charset_meta: str = "utf-8") -> str:
    head = [f'<meta charset="{charset_meta}">', "<title>Jembatan Gantung Baru - Warta Sentosa</title>"]
    if og_title:
        head.append(f'<meta property="og:title" content="{og_title}">')
        head.append('<meta property="article:published_time" content="2024-03-11T08:30:00+07:00">')
        head.append('<meta name="content_PublishedDate" content="2024-03-11 08:30:00">')
    if jsonld is not None:
        head.append(f'<script type="application/ld+json">{json.dumps(jsonld)}</script>')
    menu = "".join(f'<li><a href="/{m.lower()}">{m}</a></li>' for m in MENU)
    related = "".join(f'<li><a href="/r/{i}">{t}</a></li>' for i, t in enumerate(RELATED))
    paras = [f"<p>{BODY[0]}</p>", f"<p>{BODY[1]}</p>",
             f'<p class="baca-juga"><strong>Baca juga:</strong> <a href="/r/9">{RELATED[0]}</a></p>',
             f"<p>{BODY[2]}</p>", '<div class="ads iklan">Iklan</div>', f"<p>{BODY[3]}</p>", f"<p>{BODY[4]}</p>"]
    return f"""<!DOCTYPE html><html lang="id"><head>{''.join(head)}
<style>.menu {{ color: red }}</style><script>var tracking = "jangan dibaca";</script></head>
<body><header class="site-header"><div class="logo"><a href="/">Warta Sentosa</a></div>
<nav class="main-menu"><ul>{menu}</ul></nav></header>
<div class="breadcrumb"><a href="/">Beranda</a> <a href="/daerah">Daerah</a></div>
<main><article class="post">
<h1 class="post-title">Kota Baru Sentosa Bangun Jembatan Gantung di Atas Sungai Lintang</h1>
<div class="post-meta"><span class="author">{byline}</span> <time datetime="2024-03-11T08:30:00+07:00">Senin, 11 Maret 2024 08:30 WIB</time></div>
<figure><img src="/j.jpg" alt=""><figcaption>Lokasi pembangunan jembatan di tepi Sungai Lintang. (Foto: Warta Sentosa/Dewi)</figcaption></figure>
<div class="post-content">{''.join(paras)}</div>
<div class="share-buttons"><a href="#">Facebook</a> <a href="#">WhatsApp</a></div>
<div class="tags"><a href="/tag/jembatan">jembatan</a> <a href="/tag/sungai-lintang">sungai lintang</a></div>
</article>
<aside class="related-news"><h3>Berita Terkait</h3><ul>{related}</ul></aside></main>
<footer class="site-footer"><p>Copyright 2024 Warta Sentosa. Seluruh hak cipta dilindungi.</p>
<ul><li><a href="/redaksi">Redaksi</a></li><li><a href="/pedoman">Pedoman Media Siber</a></li></ul></footer>
<noscript>Aktifkan JavaScript</noscript></body></html>"""


LD = {"@context": "https://schema.org", "@graph": [
    {"@type": "WebSite", "name": "Warta Sentosa", "url": "https://warta-sentosa.example/"},
    {"@type": "NewsArticle", "headline": "Kota Baru Sentosa Bangun Jembatan Gantung di Atas Sungai Lintang",
     "datePublished": "2024-03-11T08:30:00+07:00", "dateModified": "2024-03-11T10:05:00+07:00",
     "author": [{"@type": "Person", "name": "Dewi Lestari"}], "articleSection": "Daerah",
     "publisher": {"@type": "Organization", "name": "Warta Sentosa"},
     "mainEntityOfPage": {"@id": "https://warta-sentosa.example/daerah/2024/03/11/jembatan-gantung-sungai-lintang"}},
]}
URL = "https://warta-sentosa.example/daerah/2024/03/11/jembatan-gantung-sungai-lintang"


def test_lines_follow_blocks_and_drop_scripts():
    texts, feats, meta = parse_html(news_page(LD))
    assert len(texts) == len(feats)
    assert "var tracking" not in "\n".join(texts) and "color: red" not in "\n".join(texts)
    assert "Aktifkan JavaScript" not in texts
    for m in MENU:
        assert m in texts  # menu items are lines (tagged boilerplate later), not lost
    title = texts.index("Kota Baru Sentosa Bangun Jembatan Gantung di Atas Sungai Lintang")
    assert feats[title].tag == "h1" and "title" in feats[title].near_cues
    p0 = texts.index(BODY[0])
    assert feats[p0].tag == "p" and feats[p0].in_main and feats[p0].link_chars == 0
    assert "body" in feats[p0].cues
    nav = texts.index("Ekonomi")
    assert feats[nav].tag == "li" and "nav" in feats[nav].cues and feats[nav].link_chars == len("Ekonomi")
    assert not feats[nav].in_main
    # inline markup joins into one line: "Baca juga:" and its link
    assert f"Baca juga: {RELATED[0]}" in texts


def test_hidden_elements_give_no_lines():
    page = ("<html><body><div class='isi'><p>Warga Desa Lintang menanam bakau di pesisir.</p>"
            "<div hidden><p>Teks tersembunyi satu</p><div style='display:none'>Teks bersarang</div></div>"
            "<p style='color: red; display: none'>Teks tersembunyi dua</p>"
            "<p style='display:block'>Bibit datang dari kebun dinas.</p>"
            "<p>Baris pertama<br hidden>baris kedua</p></div></body></html>")
    texts, feats, _ = parse_html(page)
    assert texts == ["Warga Desa Lintang menanam bakau di pesisir.", "Bibit datang dari kebun dinas.",
                     "Baris pertama", "baris kedua"]  # a hidden <br> still ends its line
    assert len(feats) == 4 and feats[1].eid == feats[0].eid + 1  # hidden elements take no element number


def test_class_cues():
    assert cues_of("td-post-content entry") == {"body"}
    assert cues_of("relatedNews") == {"related"}
    assert cues_of("site-footer copyright") == {"footer"}


def test_jsonld_graph_and_lists():
    tree = LexborHTMLParser(news_page(LD))
    ld = jsonld_metadata(tree)
    assert ld["title"].startswith("Kota Baru Sentosa")
    assert ld["authors"] == ["Dewi Lestari"]
    assert ld["section"] == "Daerah" and ld["publisher"] == "Warta Sentosa"
    assert ld["url"] == URL
    # a top-level list of objects, with a comment wrapper and a trailing comma
    page = ('<script type="application/ld+json"><!-- [{"@type": "BreadcrumbList"}, '
            '{"@type": ["NewsArticle"], "headline": "Judul Dari Daftar", "author": "Andi, Budi",} ] --></script>')
    ld = jsonld_metadata(LexborHTMLParser(page))
    assert ld["title"] == "Judul Dari Daftar" and ld["authors"] == ["Andi, Budi"]


def test_meta_tags_and_time():
    meta = head_metadata(LexborHTMLParser(news_page(None, og_title="Judul OG Jembatan Sungai Lintang")))
    assert meta["meta"]["title"] == "Judul OG Jembatan Sungai Lintang"
    assert meta["meta"]["published"] == "2024-03-11T08:30:00+07:00"  # article:* ranks above content_PublishedDate
    assert meta["time"] == "2024-03-11T08:30:00+07:00"
    assert meta["title"] == "Jembatan Gantung Baru - Warta Sentosa"


def test_html_page_to_article():
    doc = document_from_html(news_page(LD).encode(), "jembatan", "test", url=URL)
    art = Extractor(templates=False).extract(doc)
    assert isinstance(art, Article)
    assert art.title == "Kota Baru Sentosa Bangun Jembatan Gantung di Atas Sungai Lintang"
    assert art.published == "2024-03-11T08:30:00+07:00"
    assert art.updated == "2024-03-11T10:05:00+07:00"
    assert art.authors == ["Dewi Lestari"]
    assert art.category == "Daerah"
    body = "\n".join(art.body)
    for para in BODY:
        assert para in body
    for furniture in MENU[1:] + ["Copyright 2024", "Pedoman Media Siber", "Facebook", "Iklan", "Berita Terkait"]:
        assert furniture not in body
    assert RELATED[1] not in body and RELATED[2] not in body


def test_a_dated_page_under_an_archive_address_is_an_article():
    ex = Extractor(templates=False, enrich=False)
    url = "https://warta-sentosa.example/arsip/63076"   # an archive folder holding a story's id
    art = ex.extract(document_from_html(news_page(LD).encode(), "a", "test", url=url))
    assert art.kind == "article" and BODY[2] in art.body
    undated = news_page(None).replace("<time", "<span").replace("</time>", "</span>")
    art = ex.extract(document_from_html(undated.encode(), "b", "test", url=url))
    assert art.kind == "listing" and art.body == []    # no date in the head: the address decides


def test_head_wins_and_provenance_records_both():
    doc = Document(id="x", text="", head_meta={
        "jsonld": {"title": "Judul Dari JSON-LD", "published": "2024-03-11T08:30:00+07:00", "authors": ["Dewi Lestari"],
                   "section": "Daerah", "publisher": "Warta Sentosa"},
        "meta": {"updated": "2024-03-12T09:00:00+07:00"}}, fetched="2024-03-13T01:02:03Z")
    art = Article(id="x", url=None, outlet=None, kind="article", lang="id", title="Judul Dari Teks",
                  published="2024-03-10", authors=["Dewi Lestari"], category=None)
    apply_head_metadata(art, doc)
    assert art.title == "Judul Dari JSON-LD"
    assert art.provenance["title"] == {"head": "Judul Dari JSON-LD", "head_source": "jsonld",
                                       "text": "Judul Dari Teks", "used": "head"}
    assert art.published == "2024-03-11T08:30:00+07:00"
    assert art.provenance["published"]["text"] == "2024-03-10"
    assert "authors" not in art.provenance  # the same names: no disagreement
    assert art.category == "Daerah" and "category" not in art.provenance  # text had none
    assert art.updated == "2024-03-12T09:00:00+07:00"
    assert art.fetched == "2024-03-13T01:02:03Z"
    assert art.to_record()["provenance"]["title"]["text"] == "Judul Dari Teks"


def test_invalid_head_values_do_not_win():
    doc = Document(id="x", text="", head_meta={"meta": {"title": "Warta Sentosa", "publisher": "Warta Sentosa",
                                                         "published": "bukan tanggal", "authors": ["https://fb.com/x"]}})
    art = Article(id="x", url=None, outlet=None, kind="article", lang="id", title="Judul Asli",
                  published="2024-03-10", authors=["Dewi"])
    apply_head_metadata(art, doc)
    assert (art.title, art.published, art.authors, art.provenance) == ("Judul Asli", "2024-03-10", ["Dewi"], {})


def test_charset_from_header_then_meta_then_detection():
    page = news_page(LD, charset_meta="windows-1252").replace("Beranda", "Beranda Caf\u00e9")
    data = page.encode("cp1252")
    assert "Caf\u00e9" in decode_html(data)[0]                      # meta tag
    assert "Caf\u00e9" in decode_html(data, "iso-8859-1")[0]        # HTTP header (read as windows-1252)
    text, lossy = decode_html(page.replace('charset="windows-1252"', "").encode("cp1252"))
    assert "Caf\u00e9" in text and not lossy                         # detection


def test_utf8_bytes_under_a_stale_meta_charset_read_as_utf8():
    # a crawler stored the page re-encoded to UTF-8 and kept the page's old meta tag
    page = news_page(LD, charset_meta="iso-8859-15").replace("Beranda", "Beranda Caf\u00e9")
    assert "Caf\u00e9" in decode_html(page.encode("utf-8"))[0]
    assert "Caf\u00e9" in decode_html(page.encode("iso-8859-15", "replace"))[0]  # the tag still decides real latin-1
    jis = '<meta charset="iso-2022-jp"><p>\u6771\u4eac\u306e\u5929\u6c17</p>'
    assert "\u6771\u4eac" in decode_html(jis.encode("iso-2022-jp"))[0]  # 7-bit: its tag is believed


def test_streamed_parts_are_put_back_in_place():
    """A page from React's streaming renderer: the article sits in <div hidden id="S:n"> at the
    end of the body and an inline call moves it into the <template id="B:n"> slot; a nested part
    fills a placeholder P:n inside it. Read as the browser shows it, in order, without the
    loading fallback and without what stays hidden."""
    page = f"""<html><body><header><nav><a href="/">Beranda</a></nav></header><main>
<!--$?--><template id="B:0"></template><div class="skeleton">Memuat berita...</div><!--/$--></main>
<footer class="site-footer"><p>Hak cipta Warta Sentosa</p></footer>
<div hidden id="S:0"><article><h1>Kota Baru Sentosa Bangun Jembatan Gantung</h1>
<p>{BODY[0]}</p><template id="P:1"></template></article></div>
<div hidden id="S:1"><p>{BODY[1]}</p></div><div hidden><p>Teks tersembunyi</p></div>
<script>$RC("B:0","S:0");$RS("S:1","P:1")</script></body></html>"""
    texts, _, _ = parse_html(page)
    assert texts == ["Beranda", "Kota Baru Sentosa Bangun Jembatan Gantung", BODY[0], BODY[1],
                     "Hak cipta Warta Sentosa"]
    # without the calls (scripts stripped by the crawler) the numbers pair them
    texts2, _, _ = parse_html(page.replace('<script>$RC("B:0","S:0");$RS("S:1","P:1")</script>', ""))
    assert texts2 == texts


def test_state_flags_are_no_cues():
    assert cues_of("None comments-enabled") == frozenset()   # the wrapper of a whole article
    assert cues_of("has-sidebar no-ads") == frozenset()
    assert cues_of("article-comments") == {"body", "comment"}
    assert cues_of("comments") == {"comment"}


def test_readers_dispatch_html_gz_and_jsonl_html(tmp_path):
    (tmp_path / "a.html").write_text(news_page(LD), encoding="utf-8")
    with gzip.open(tmp_path / "b.html.gz", "wt", encoding="utf-8") as f:
        f.write(news_page(None, og_title="Judul OG"))
    (tmp_path / "c.htm").write_bytes(b"")
    (tmp_path / "d.jsonl").write_text(json.dumps({"id": "j1", "url": URL, "html": news_page(LD)}) + "\n" +
                                      json.dumps({"id": "j2", "text": "Teks biasa\nBaris kedua"}) + "\n")
    items = list(read_inputs([str(tmp_path)]))
    docs = {i.id: i for i in items if isinstance(i, Document)}
    assert set(docs) == {"a", "b", "j1", "j2"}
    assert docs["a"].html_lines is not None and len(docs["a"].html_lines) == len(docs["a"].text.split("\n"))
    assert docs["a"].url == URL  # from the page's JSON-LD when the input gives none
    assert docs["j1"].head_meta["jsonld"]["authors"] == ["Dewi Lestari"]
    assert docs["j2"].html_lines is None
    assert [i.reason for i in items if isinstance(i, Rejection)] == ["empty"]


def test_cli_extracts_an_html_file(tmp_path):
    (tmp_path / "berita.html").write_text(news_page(LD), encoding="utf-8")
    res = run_kliping(["extract", tmp_path / "berita.html"])
    assert res.returncode == 0, res.stderr
    rec = json.loads(res.stdout.decode().splitlines()[0])
    assert rec["title"].startswith("Kota Baru Sentosa") and rec["authors"] == ["Dewi Lestari"]
    assert BODY[2] in rec["body"]


@pytest.mark.skipif(not BENCH.exists(), reason="../shared/data/html-bench is not present")
def test_bench_measure_and_labels():
    from kliping.evaluate.htmlbench import BenchScore, bench_document, line_labels, load_bench, page_match

    assert page_match("a b c d e", "a b c d e") == (1.0, 0.0, 0.0)
    tp, fp, fn = page_match("satu dua tiga empat lima", "satu dua tiga empat")
    assert (tp, fp, fn) == (0.5, 0.0, 0.5)  # truth has 2 shingles, the prediction 1 of them
    pages = load_bench(BENCH)[:5]
    score = BenchScore()
    for p in pages:
        doc = bench_document(p)
        labels = line_labels(doc, p.body)
        assert "body" in labels
        score.add(p.key, p.body, "\n".join(t for t, r in zip(doc.text.split("\n"), labels) if r == "body"))
    assert score.f1 > 0.9  # labels derived from the truth reproduce it at line granularity


def test_cli_html_bench_eval_and_train_on_an_own_benchmark(tmp_path):
    """`kliping eval --html-bench` and `kliping train --html-bench` on a benchmark folder of the
    html-bench form made of this file's pages (four sites, so that every fold has test pages)."""
    bench = tmp_path / "bench"
    (bench / "html").mkdir(parents=True)
    truth = {}
    for i, site in enumerate(("warta-sentosa", "kabar-lintang", "suara-hulu", "berita-tepian")):
        key = f"page{i}"
        with gzip.open(bench / "html" / f"{key}.html.gz", "wt", encoding="utf-8") as f:
            f.write(news_page(LD if i % 2 else None, og_title=None if i % 2 else "Judul OG"))
        truth[key] = {"articleBody": "\n\n".join(BODY), "url": f"https://{site}.example/daerah/{i}/jembatan"}
    (bench / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    res = run_kliping(["eval", "--html-bench", bench, "--folds", "2", "--json"])
    assert res.returncode == 0, res.stderr
    rows = json.loads(res.stdout)
    assert rows["kliping"]["pages"] == 4 and 0.0 <= rows["kliping"]["f1"] <= 1.0
    res = run_kliping(["eval", "--html-bench", bench, "--folds", "2", "--groupings", "3", "--json"])
    assert res.returncode == 0, res.stderr
    spread = json.loads(res.stdout)["groupings"]
    assert len(spread["f1"]) == 3 and spread["f1"][0] == rows["kliping"]["f1"]  # the first is the usual split
    assert spread["min"] <= spread["median"] <= spread["max"]
    model = tmp_path / "html.crfsuite"
    res = run_kliping(["train", "--html-bench", bench, "--html-out", model])
    assert res.returncode == 0, res.stderr
    assert model.exists() and json.loads(model.with_suffix(".json").read_text())["pages"] == 4
    assert run_kliping(["eval", "--html-bench", tmp_path]).returncode == 2  # not a benchmark folder


def test_odd_pages_are_read_or_rejected_not_crashed():
    deep = document_from_html(("<div>" * 5000 + "teks di dasar" + "</div>" * 5000).encode(), "deep", "t")
    assert isinstance(deep, Document) and deep.text == "teks di dasar"
    assert document_from_html("<p>Caf\u00e9 ramai</p>".encode("utf-16"), "u16", "t").text == "Caf\u00e9 ramai"
    assert document_from_html(b"<script>var a = 1</script>", "s", "t").reason == "empty"
    assert document_from_html(b"\x00\x01\x02 biner", "b", "t").reason == "binary"
    odd = b'<html><head><meta charset="klingon-9"></head><body><p>Halo dunia</p></body></html>'
    assert document_from_html(odd, "k", "t").text == "Halo dunia"


def test_a_long_comment_thread_is_not_the_main_block():
    """A short story followed by a thread of comments with more prose: the main block is the story's."""
    story = "".join(f"<p>Paragraf berita ke-{i}: warga Desa Sukamaju membersihkan sisa banjir bersama relawan "
                    f"dan petugas kecamatan sejak pagi hari.</p>" for i in range(3))
    comments = "".join(f"<li class='comment'><div class='comment-body'><p>Komentar pembaca ke-{i}: semoga "
                       f"bantuan segera datang dan pemerintah daerah memperbaiki saluran air di kampung kami "
                       f"supaya banjir tidak terulang lagi tahun depan.</p></div></li>" for i in range(8))
    html = (f"<html><body><main><article class='post'><h1>Banjir Surut di Sukamaju</h1>{story}</article>"
            f"<section id='comments'><h3>8 Komentar</h3><ol class='comment-list'>{comments}</ol></section>"
            f"</main></body></html>")
    texts, feats, _ = parse_html(html)
    main = {t for t, f in zip(texts, feats) if f.in_main}
    assert any(t.startswith("Paragraf berita ke-0") for t in main)
    assert not any(t.startswith("Komentar pembaca") for t in main)


def test_a_table_row_is_one_line():
    html = ("<html><body><article><p>Klasemen sementara Liga Desa Sentosa setelah pekan kelima:</p>"
            "<table><tr><th>No</th><th>Tim</th><th>Poin</th></tr>"
            "<tr><td>1</td><td>Garuda Muda</td><td>13</td></tr>"
            "<tr><td>2</td><td><p>Banteng Lintang</p></td><td>10</td></tr></table></article></body></html>")
    texts, feats, _ = parse_html(html)
    assert "No Tim Poin" in texts and "1 Garuda Muda 13" in texts
    assert feats[texts.index("1 Garuda Muda 13")].tag == "tr"
    # a block inside a cell (layout tables) still makes a line of its own
    assert "Banteng Lintang" in texts


def test_paragraphs_each_in_a_wrapper_are_one_main_block():
    """Each paragraph in its own card (two wrappers deep): the block-level estimate climbs to the
    element holding all the cards, not the one card with the longest paragraph."""
    cards = "".join(f"<div class='card'><div class='card-content'><p>{b}</p></div></div>" for b in BODY)
    html = (f"<html><body><nav><ul>{''.join(f'<li><a href=/>{m}</a></li>' for m in MENU)}</ul></nav>"
            f"<div class='stream'>{cards}</div><footer><p>Copyright 2024 Warta Sentosa</p></footer></body></html>")
    texts, feats, _ = parse_html(html)
    for b in BODY:
        assert feats[texts.index(b)].in_main_blocks
    assert not feats[texts.index("Ekonomi")].in_main_blocks
    assert not feats[texts.index("Copyright 2024 Warta Sentosa")].in_main_blocks


def test_html_role_rules_related_lists_captions_and_gaps():
    from kliping.clean.htmlroles import _drop_related_lists, _fill_gaps

    teasers = [f"Teaser ke-{i}: warga Kota Baru Sentosa kembali memadati pasar malam yang dibuka setiap akhir "
               f"pekan di tepi Sungai Lintang." for i in range(3)]
    html = (f"<html><body><article><h1>Judul</h1><p>{BODY[0]}</p><p>{BODY[1]}</p>"
            f"<div class='box'><h3>Berita Terkait</h3>{''.join(f'<p>{t}</p>' for t in teasers)}</div>"
            f"<p>{BODY[2]}</p><figure><figcaption>{BODY[3]}</figcaption></figure>"
            f"<ol><li>{BODY[4]}</li><li>{BODY[1]}</li><li>{BODY[0]}</li></ol></article></body></html>")
    texts, feats, _ = parse_html(html)
    roles = ["body" if len(t) > 60 else "boilerplate" for t in texts]
    _drop_related_lists(texts, roles, feats)
    for t in teasers:
        assert roles[texts.index(t)] == "boilerplate"
    assert roles[texts.index(BODY[2])] == "body"  # the article goes on after the box
    # a list inside the article whose middle the model dropped is filled back
    lis = [i for i, f in enumerate(feats) if f.tag == "li"]
    roles[lis[1]] = "boilerplate"
    _fill_gaps(roles, feats)
    assert roles[lis[1]] == "body"


def test_footer_prose_outside_the_main_block_is_not_body():
    from kliping.clean.htmlroles import _body_by_markup

    notice = ("Seluruh isi situs ini dilindungi undang-undang. Dilarang mengutip, menyalin atau menyiarkan "
              "ulang tanpa izin tertulis dari redaksi Warta Sentosa.")
    html = (f"<html><body><article class='isi'><h1>Judul</h1><p>{BODY[0]}</p><p>{BODY[1]}</p><p>{BODY[2]}</p>"
            f"<div class='catatan-bottom'><p>{BODY[3]}</p></div></article>"
            f"<footer class='site-footer'><p>{notice}</p></footer></body></html>")
    texts, feats, _ = parse_html(html)
    roles = ["body" if len(t) > 60 else "boilerplate" for t in texts]
    _body_by_markup(roles, feats)
    assert roles[texts.index(notice)] == "boilerplate"
    # a footer-named block inside the article is the article's
    assert "footer" in feats[texts.index(BODY[3])].cues and roles[texts.index(BODY[3])] == "body"


def test_a_figcaption_is_never_body():
    doc = document_from_html(news_page(LD), "cap", "t", url=URL)
    art = Extractor(templates=False, enrich=False).extract(doc)
    assert isinstance(art, Article)
    assert not any("Lokasi pembangunan jembatan" in p for p in art.body)


def test_a_date_line_by_the_headline_is_the_datetime_when_the_model_found_none():
    from kliping.clean.htmlroles import _date_by_headline

    lines = ["Selasa, 12 Maret 2024", "Jembatan Gantung Baru Dibuka", "Senin, 11 Maret 2024 08:30 WIB", BODY[0],
             "Selasa, 12 Maret 2024"]
    roles = ["boilerplate", "title", "boilerplate", "body", "boilerplate"]
    _date_by_headline(roles, lines)
    assert roles[2] == "datetime" and roles[0] == roles[4] == "boilerplate"  # (above: the day's date)
    roles = ["boilerplate", "title", "boilerplate", "body", "datetime"]  # the model's own date line stands
    _date_by_headline(roles, lines)
    assert roles[2] == "boilerplate"


def test_the_page_footer_is_never_the_main_block():
    # an article of short paragraphs (under the prose length each) and a long legal notice in <footer>
    short = ["Banjir merendam dua desa di tepi Sungai Lintang.", "Warga mengungsi ke balai desa sejak pagi.",
             "BPBD mengirim perahu karet dan makanan siap saji.", "Air mulai surut menjelang sore hari."]
    paras = "".join(f"<p>{p}</p>" for p in short)
    notice = ("Seluruh isi situs ini, termasuk teks, foto dan video, dilindungi undang-undang hak cipta dan "
              "tidak boleh disalin, diterbitkan ulang atau disebarkan tanpa izin tertulis dari redaksi.")
    page = f"""<html><body><main><article><h1>Banjir di Tepi Sungai Lintang</h1>
<div class="isi">{paras}<p>{BODY[0]}</p></div></article></main>
<footer><div class="legal"><p>{notice}</p><p>{notice}</p></div></footer></body></html>"""
    texts, feats, _ = parse_html(page)
    assert [t for t, f in zip(texts, feats) if f.in_main] == short + [BODY[0]]


def test_a_body_outside_the_main_block_falls_back_to_the_main_block():
    """A short breaking-news page where the model took the footer's service block for the body:
    the main block's prose is the body instead; a body inside the main block is left alone."""
    from kliping.clean.htmlroles import _body_outside_main
    from kliping.model import HtmlLine

    lead = HtmlLine("p", ("p", "article"), chars=180, in_main=True, in_main_blocks=True)
    second = HtmlLine("p", ("p", "article"), chars=120, in_main=True, in_main_blocks=True)
    service = HtmlLine("p", ("p", "footer"), chars=150)
    html = [HtmlLine("a", ("a", "nav"), chars=10, link_chars=10), lead, second, service, service]
    roles = ["boilerplate", "boilerplate", "boilerplate", "body", "body"]
    _body_outside_main(roles, html)
    assert roles == ["boilerplate", "body", "body", "boilerplate", "boilerplate"]

    roles = ["boilerplate", "body", "boilerplate", "body", "boilerplate"]  # one body line inside: kept
    _body_outside_main(roles, html)
    assert roles == ["boilerplate", "body", "boilerplate", "body", "boilerplate"]


def test_html_nested_deeper_than_a_browser_nests_is_flattened_not_parsed_deep():
    """100,000 nested divs: the tags past depth 512 are left out before lexbor parses the page (its
    time grows with depth times elements: 30 s for this page before), their text kept; comments,
    scripts and SVG (where <path/> closes itself) do not count; shallower pages pass untouched."""
    from selectolax.lexbor import LexborHTMLParser

    from kliping.read.html import MAX_NESTING, flatten_deep, parse_html

    n = 100_000
    deep = "<html><body>" + "<div><span>x</span>" * n + "<p>Isi berita paling dalam.</p>" + "</div>" * n + "</body></html>"
    flat = flatten_deep(deep)
    node, depth = LexborHTMLParser(flat).css_first("p"), 0
    while node is not None:
        node, depth = node.parent, depth + 1
    assert MAX_NESTING <= depth <= MAX_NESTING + 4
    assert flat.count("x") == deep.count("x")             # every text kept
    texts, _, _ = parse_html(deep)
    assert "Isi berita paling dalam." in texts
    page = ("<html><body>" + "<svg>" + '<path d="M0"/>' * 2000 + "</svg>" + "<!-- <div> -->" * 2000 +
            "<script>var s = '<div>';</script>" * 2000 + "<p>a<br>b</p>" * 2000 + "<div><p>Isi</p></div></body></html>")
    assert flatten_deep(page) is page
    assert flatten_deep("<div/>" * 2000) != "<div/>" * 2000      # a browser opens every one of them

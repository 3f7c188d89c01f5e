"""The whole article from the page's JSON-LD where the page prints only its first paragraph
(a paywall, a "read more" button), and never another text in its place."""
from __future__ import annotations

import json

from kliping.clean.headbody import paragraphs
from kliping.read.html import document_from_html
from kliping.run.extract import Extractor

PARAS = [
    "SAMARINDA, Sentosa.id - Pemerintah Kota Samarinda menutup sementara jembatan penghubung dua "
    "kecamatan setelah retakan sepanjang tiga meter ditemukan pada Senin (4/3/2024) pagi.",
    "Kepala Dinas Pekerjaan Umum Samarinda, Rudi Hartanto, mengatakan tim teknis masih memeriksa "
    "struktur jembatan yang dibangun pada 1998 itu. Ia meminta warga memakai jalur alternatif.",
    "Menurut Rudi, pemeriksaan akan memakan waktu sekitar dua pekan. Selama itu kendaraan roda empat "
    "dialihkan melalui Jalan Pahlawan, sementara pejalan kaki masih boleh melintas di sisi timur.",
    "Warga sekitar mengaku khawatir. Siti Aminah, pedagang di ujung jembatan, mengatakan pembelinya "
    "turun sejak pagi karena banyak pengendara memilih jalan memutar yang lebih jauh.",
    "Pemerintah kota berjanji menyampaikan hasil pemeriksaan kepada warga begitu tim teknis selesai "
    "bekerja, termasuk perkiraan biaya perbaikan dan lama pengerjaannya.",
]


def _page(shown: list[str], ld_body: str | None) -> bytes:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle",
          "headline": "Jembatan Retak, Pemkot Samarinda Tutup Akses Dua Kecamatan",
          "datePublished": "2024-03-04T10:15:00+08:00", "author": {"@type": "Person", "name": "Dewi Lestari"}}
    if ld_body is not None:
        ld["articleBody"] = ld_body
    paras = "\n".join(f"<p>{p}</p>" for p in shown)
    html = f"""<!doctype html><html lang="id"><head><meta charset="utf-8">
<title>Jembatan Retak, Pemkot Samarinda Tutup Akses Dua Kecamatan - Sentosa.id</title>
<script type="application/ld+json">{json.dumps(ld)}</script></head>
<body><nav><a href="/">Beranda</a> <a href="/daerah">Daerah</a> <a href="/olahraga">Olahraga</a></nav>
<main><article><h1>Jembatan Retak, Pemkot Samarinda Tutup Akses Dua Kecamatan</h1>
<div class="byline">Dewi Lestari</div><div class="content">{paras}</div>
<div class="paywall"><p>Baca selengkapnya dengan berlangganan Sentosa Plus.</p>
<a href="/langganan">Berlangganan</a></div></article></main>
<footer>Hak cipta 2024 Sentosa.id</footer></body></html>"""
    return html.encode()


def _extract(html: bytes):
    doc = document_from_html(html, "p1", "p1", url="https://sentosa.id/daerah/2024/03/04/jembatan-retak")
    return Extractor(templates=False, enrich=False, collection=False).extract(doc)


def test_a_paywalled_page_gets_its_whole_text_from_the_head():
    art = _extract(_page(PARAS[:1], " ".join(PARAS)))
    text = " ".join(art.body)
    for p in PARAS:
        assert p in text
    assert "berlangganan" not in text.lower()
    assert "body_from_head" in art.flags
    assert art.provenance["body"]["used"] == "head"
    # the lines keep what the page printed: the raw view still shows one body paragraph
    assert sum(ln.role == "body" for ln in art.lines) < len(PARAS)


def test_a_page_that_prints_its_whole_text_keeps_its_own_lines():
    art = _extract(_page(PARAS, " ".join(PARAS)))
    assert art.body == PARAS
    assert "body_from_head" not in art.flags and "body" not in art.provenance


def test_a_head_text_of_another_article_is_not_taken():
    other = ("Harga cabai rawit di pasar tradisional Balikpapan naik dua kali lipat dalam sepekan. "
             "Pedagang menyebut pasokan dari Sulawesi berkurang karena cuaca buruk. ") * 8
    art = _extract(_page(PARAS[:1], other))
    assert "cabai" not in " ".join(art.body)
    assert "body_from_head" not in art.flags


def test_a_head_text_held_twice_is_not_taken_for_a_longer_one():
    art = _extract(_page(PARAS, " ".join(PARAS) + " " + " ".join(PARAS)))
    assert art.body == PARAS


def test_html_in_the_head_text_is_read_as_paragraphs():
    ld_body = "".join(f"<p>{p.replace('Rudi Hartanto', '<b>Rudi Hartanto</b>')}</p>" for p in PARAS)
    art = _extract(_page(PARAS[:1], ld_body.replace(" dan ", " &amp; ", 1)))
    assert art.body[0] == PARAS[0]
    assert art.body[1] == PARAS[1]  # inline markup gone, paragraphs kept
    assert all("<" not in p for p in art.body)


def test_long_paragraphs_are_cut_at_sentence_ends():
    joined = " ".join(PARAS * 3)
    out = paragraphs(joined)
    assert len(out) > 1
    assert " ".join(out) == joined  # nothing lost or changed
    assert all(p.endswith(".") for p in out)

"""The few post-CRF rules of clean/roles.py, on role sequences and on whole fictional pages."""
from __future__ import annotations

import kliping
from kliping.clean.cues import named_boilerplate, named_credit, named_sign_off
from kliping.clean.roles import _credit_and_caption, _deck_before_dateline


def test_paragraph_between_headline_and_dateline_is_the_deck():
    lines = ["Banjir Rob Genangi Pelabuhan Tanjung Mas", "Air laut pasang merendam kawasan pelabuhan sejak pagi.",
             "Foto: Dok. BPBD", "SEMARANG, KABARNUSA.CO.ID - Banjir rob kembali menggenangi pelabuhan.",
             "Warga mengangkat barang ke tempat yang lebih tinggi."]
    roles = ["title", "body", "caption", "body", "body"]
    _deck_before_dateline(roles, lines)
    assert roles[1] == "deck"


def test_first_paragraph_with_its_own_dateline_stays_body():
    lines = ["Banjir Rob Genangi Pelabuhan", "SEMARANG, KABARNUSA.CO.ID - Banjir rob kembali menggenangi pelabuhan.",
             "JAKARTA - Paragraf lain yang kebetulan diawali nama kota."]
    roles = ["title", "body", "body"]
    _deck_before_dateline(roles, lines)
    assert roles == ["title", "body", "body"]


def test_no_dateline_below_no_deck():
    lines = ["Judul", "Paragraf pertama tanpa dateline.", "Paragraf kedua juga tanpa dateline."]
    roles = ["title", "body", "body"]
    _deck_before_dateline(roles, lines)
    assert roles[1] == "body"


def test_photo_credit_line_and_the_description_under_it_are_captions():
    lines = ["Judul Berita", "TRIBUNKALTIM/SITI NURHALIZA", "Warga menerobos genangan air di Jalan Pahlawan, Senin.",
             "SAMARINDA, TRIBUNKALTIM.CO - Hujan deras sejak malam membuat jalan tergenang.", "Paragraf berikutnya."]
    roles = ["title", "body", "body", "body", "body"]
    _credit_and_caption(roles, lines)
    assert roles == ["title", "caption", "caption", "body", "body"]


def test_credit_closing_a_caption_block_leaves_the_next_paragraph_alone():
    lines = ["Judul", "Warga menerobos genangan air.", "ANTARA FOTO/Budi Santoso", "Hujan deras membuat jalan tergenang.",
             "Paragraf berikutnya."]
    roles = ["title", "caption", "body", "body", "body"]
    _credit_and_caption(roles, lines)
    assert roles == ["title", "caption", "caption", "body", "body"]


def test_wording_rules():
    assert named_credit("KOMPAS/DIONISIUS REYNALDO") and named_credit("Antara Foto/Rivan Awal Lingga")
    assert not named_credit("Candra Wijaya/Sigit Budiarto juara di Jakarta")
    assert named_sign_off("(Rizka Diputra)") and not named_sign_off("(Antara)") and not named_sign_off("(dhn/dhn)")
    assert named_boilerplate("—————-") and named_boilerplate("Halaman 2 dari 2") and named_boilerplate("Halaman:")
    assert not named_boilerplate("Halaman rumah warga terendam air setinggi lutut.")


def test_sign_off_closing_a_page_is_its_byline():
    page = "\n".join([
        "Nasional",
        "Pemkot Siapkan Posko Mudik di Terminal Baranangsiang",
        "Selasa, 2 April 2024 10:15 WIB",
        "BOGOR - Pemerintah Kota Bogor menyiapkan posko mudik di Terminal Baranangsiang untuk melayani "
        "pemudik yang berangkat pekan ini, kata Kepala Dinas Perhubungan Kota Bogor kepada wartawan.",
        "Posko itu dijaga petugas gabungan dari dinas perhubungan, kepolisian dan tenaga kesehatan selama "
        "dua puluh empat jam hingga arus balik selesai.",
        "Petugas juga memeriksa kelaikan bus yang akan berangkat ke berbagai kota di Jawa dan Sumatera.",
        "(Rizka Diputra)",
    ])
    art = kliping.extract(page, url="https://news.kabarbogor.id/read/2024/04/02/1/pemkot-siapkan-posko-mudik")
    assert art.roles[-1] == "byline"
    assert art.authors == ["Rizka Diputra"]
    assert not any("Rizka" in p for p in art.body)


def test_bulleted_headlines_in_a_row_are_a_story_list_but_an_in_article_list_is_not():
    from kliping.clean.roles import _headline_lists
    lines = ["Paragraf terakhir berita.",
             "- Wali Kota Tinjau Banjir di Tiga Kecamatan Sekaligus",
             "- Harga Cabai Rawit Naik Lagi Jelang Ramadan di Pasar Induk",
             "- Polisi Tangkap Dua Pelaku Curanmor di Parkiran Kampus",
             "- Gesits G1: Rp 28 juta dengan subsidi menjadi Rp 21 juta.",
             "- Rakata S9: Rp 17 juta dengan subsidi Rp 10 juta."]
    roles = ["body", "body", "body", "body", "body", "body"]
    _headline_lists(roles, lines)
    assert roles == ["body", "boilerplate", "boilerplate", "boilerplate", "body", "body"]


def test_description_under_a_caption_before_the_dateline_paragraph_is_caption():
    lines = ["Sidang Cerai Artis Ditunda Pekan Depan", "Ringkasan sidang yang ditunda karena penggugat absen.",
             "Editor: Lisna Ali", "Instagram/@akunartis", "Pengadilan meminta penggugat hadir pada sidang berikutnya.",
             "TRIBUNPALU.COM - Sidang perdana gugatan cerai itu ditunda pekan depan.", "Paragraf berikutnya."]
    roles = ["title", "deck", "byline", "caption", "body", "body", "body"]
    _deck_before_dateline(roles, lines)
    assert roles == ["title", "deck", "byline", "caption", "caption", "body", "body"]


def test_a_bare_name_under_the_headline_read_as_body_is_the_byline():
    from kliping.clean.roles import _name_under_headline
    lines = ["IHSG Ditutup Melemah ke Level 6.000", "Ratna Kusumawardani", "Indeks harga saham gabungan ditutup melemah."]
    roles = ["title", "body", "body"]
    _name_under_headline(roles, lines)
    assert roles == ["title", "byline", "body"]
    lines[1] = "Protes Sistem Zonasi"          # a headline's words (the body writes them in lower case), not a name
    lines[2] = "Wali murid menggelar protes terhadap sistem zonasi di depan kantor dinas."
    roles = ["title", "body", "body"]
    _name_under_headline(roles, lines)
    assert roles[1] == "body"


def test_promo_and_reading_time_lines_are_furniture():
    for line in ["Dapatkan update berita pilihan dan breaking news setiap hari dari Kabarnusa.",
                 "Ikuti kami di media sosial", "·Bacaan 2 menit", "waktu baca 3 menit", "4 min read"]:
        assert named_boilerplate(line), line
    assert not named_boilerplate("Dapat dipastikan harga beras naik pekan depan.")


def test_category_label_and_feed_attribution_lines():
    from kliping.clean.cues import named_category, named_source
    assert named_category("Kategori : Nasional") and named_category("Category: News") and named_category("Kategori :")
    assert not named_category("Kategori usia pemilih muda naik dua kali lipat pada pemilu kali ini.")
    assert named_source("The post Banjir Rendam Desa appeared first on Kabar Nusa.")
    assert not named_source("The post office in Jakarta opened a new branch.")


def test_deck_printed_again_above_the_body_is_body():
    from kliping.clean.roles import _deck_repeated_in_body
    deck = "Sejumlah lembaga survei hampir merampungkan hitung cepat pilkada serentak tahun ini."
    lines = ["Hasil Hitung Cepat Pilkada", deck, deck, "Paragraf kedua berita.", deck]
    roles = ["title", "deck", "boilerplate", "body", "boilerplate"]
    _deck_repeated_in_body(roles, lines)
    assert roles == ["title", "deck", "body", "body", "boilerplate"]   # the last copy closes no body


def test_baca_juga_label_alone_is_related_when_its_link_follows():
    from kliping.clean.cues import named_related_label
    assert named_related_label("Baca juga:") and named_related_label("Baca Juga") and named_related_label("SIMAK JUGA :")
    assert not named_related_label("Baca juga: Harga Beras Naik Lagi")   # the whole link line: the model's job


def test_share_buttons_are_furniture():
    for line in ["Share this image", "Bagikan:", "Bagikan artikel ini"]:
        assert named_boilerplate(line), line
    assert not named_boilerplate("Bagikan bantuan kepada warga terdampak banjir di tiga desa.")


def test_a_labelled_byline_is_a_byline_by_its_wording():
    from kliping.clean.bylines import named_byline
    from kliping.clean.roles import wording_rules

    lines = ["Penulis: Dewi Lestari", "Editor : Budi Santoso", "Oleh karena itu warga menunggu.", "Reporter: "]
    roles = ["boilerplate", "body", "body", "boilerplate"]
    wording_rules(roles, lines)
    assert roles == ["byline", "byline", "body", "boilerplate"]
    assert not named_byline("Penulis: " + "Dewi Lestari " * 10)  # a long line is not a byline label

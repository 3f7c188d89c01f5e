"""Mentions that are no entity and names folded into one key (enrich/mention_rules.py), on
sentences written for these tests."""
from __future__ import annotations

from kliping.enrich.mention_rules import clean_mentions, fold_entities
from kliping.model import Entity, Mention


def mention(text: str, span: str, type_: str, field: str = "body", nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(span, start + 1)
    return Mention(field, start, start + len(span), span, type_)


def test_dateline_site_names_measures_and_codes_are_no_entities():
    body = ("KABARLEMBAH.CO.ID - Warga Desa Sukamaju mengungsi. Gempa terasa 4 MMI di Lembah Hijau, kata Rudi. "
            "Jemaah Kloter 24 tiba, dikutip dari Kabarlembah.com sore tadi.")
    ms = [mention(body, "KABARLEMBAH.CO.ID - Warga", "ORG"), mention(body, "Desa Sukamaju", "LOC"),
          mention(body, "4 MMI", "ORG"), mention(body, "Lembah Hijau", "LOC"), mention(body, "Rudi", "PER"),
          mention(body, "Kloter 24", "ORG"), mention(body, "Kabarlembah.com", "ORG")]
    kept = clean_mentions(ms, {"body": body})
    # a site cited later in the text stays an organisation
    assert [m.text for m in kept] == ["Desa Sukamaju", "Lembah Hijau", "Rudi", "Kabarlembah.com"]
    wire = "Pontianak (ANTARA) - Sekitar 200 rumah terendam. Kantor ANTARA di Pontianak tidak terdampak."
    kept = clean_mentions([mention(wire, "ANTARA", "ORG"), mention(wire, "ANTARA", "ORG", nth=1)], {"body": wire})
    assert [(m.start, m.text) for m in kept] == [(wire.index("ANTARA", 20), "ANTARA")]
    cut = "RAKYATLEMBAH.COM, JEMBER - Banjir."
    assert clean_mentions([Mention("body", 13, 16, "COM", "ORG")], {"body": cut}) == []


def test_joined_people_split_and_a_trailing_day_cut():
    body = "Pasangan Acep Adang Ruhiyat-Gitalis Dwinatarina meraih suara. Data Kementerian Kesehatan Sabtu (10/12)."
    kept = clean_mentions([mention(body, "Acep Adang Ruhiyat-Gitalis Dwinatarina", "PER"),
                           mention(body, "Kementerian Kesehatan Sabtu", "ORG")], {"body": body})
    assert [(m.text, body[m.start:m.end]) for m in kept] == [
        ("Acep Adang Ruhiyat", "Acep Adang Ruhiyat"), ("Gitalis Dwinatarina", "Gitalis Dwinatarina"),
        ("Kementerian Kesehatan", "Kementerian Kesehatan")]


def test_a_person_in_a_list_of_places_is_a_place_but_not_after_one():
    body = "Titik panas di Bengkalis (4), Rokan Hilir (9), Siak (31). Pengasuh pondok di Jagir, Surabaya, Kiai Maftuh."
    ms = [mention(body, "Bengkalis", "LOC"), mention(body, "Rokan Hilir", "PER"), mention(body, "Siak", "LOC"),
          mention(body, "Jagir", "LOC"), mention(body, "Surabaya", "LOC"), mention(body, "Maftuh", "PER")]
    assert [m.type for m in clean_mentions(ms, {"body": body})] == ["LOC", "LOC", "LOC", "LOC", "LOC", "PER"]


def test_administrative_forms_and_spelled_out_acronyms_fold():
    body = ("Banjir melanda Kota Lembah. Badan Penanggulangan Bencana Daerah (BPBD) mencatat 30 rumah. "
            "BPBD Kota Lembah membuka posko di Kabupaten Sukasari. Warga Sukasari mengungsi.")
    ms = [mention(body, "Kota Lembah", "LOC"), mention(body, "Badan Penanggulangan Bencana Daerah", "ORG"),
          mention(body, "BPBD", "ORG"), mention(body, "Kabupaten Sukasari", "LOC"), mention(body, "Sukasari", "LOC", nth=1)]
    keys = ["LOC:kota_lembah", "ORG:badan_penanggulangan_bencana_daerah", "ORG:bpbd", "LOC:kabupaten_sukasari",
            "LOC:sukasari"]
    for m, k in zip(ms, keys):
        m.entity = k
    ents = [Entity("LOC:kota_lembah", "Kota Lembah", "LOC", 1),
            Entity("ORG:badan_penanggulangan_bencana_daerah", "Badan Penanggulangan Bencana Daerah", "ORG", 1),
            Entity("ORG:bpbd", "BPBD", "ORG", 1), Entity("LOC:kabupaten_sukasari", "Kabupaten Sukasari", "LOC", 1),
            Entity("LOC:sukasari", "Sukasari", "LOC", 1)]
    out = fold_entities(ms, ents, {"body": body})
    # a regency and its namesake town stay two places
    assert [m.entity for m in ms] == ["LOC:lembah", "ORG:bpbd", "ORG:bpbd", "LOC:kabupaten_sukasari", "LOC:sukasari"]
    assert [(e.key, e.name, e.mentions) for e in out] == [("LOC:lembah", "Lembah", 1), ("ORG:bpbd", "BPBD", 2),
                                                          ("LOC:kabupaten_sukasari", "Kabupaten Sukasari", 1),
                                                          ("LOC:sukasari", "Sukasari", 1)]


def test_organisation_heads_and_products_after_their_maker():
    body = ("Wali murid mendatangi Dispendik Lembah. Pengendara Honda Scoopy dan motor Honda Kharisma terluka, "
            "kata Dimas, pemilik Honda.")
    ms = [mention(body, "Dispendik Lembah", "LOC"), mention(body, "Honda Scoopy", "ORG"),
          mention(body, "Kharisma", "PER"), mention(body, "Dimas", "PER"), mention(body, "Honda", "ORG", nth=2)]
    kept = clean_mentions(ms, {"body": body})
    # the office is an organisation; the motorcycles are products; the person and the maker stay
    assert [(m.text, m.type) for m in kept] == [("Dispendik Lembah", "ORG"), ("Dimas", "PER"), ("Honda", "ORG")]


def test_plates_events_common_words_prices_and_titles_of_works_are_no_entities():
    body = ("Polisi menyita mobil bernomor polisi AB XX di Lembah Hijau. Tim juara di Indonesia Open 2026. "
            "Aborsi menjadi isu dalam debat. Para kandidat berdebat soal aborsi sepanjang malam. "
            "Harga baru: Vespa Lembah: Rp 19,9 juta. Film Pengabdi Hujan tayang pekan ini. "
            "Kloter delapan Embarkasi Lembah tiba. Pertamina menaikkan harga; pertamina dex ikut naik.")
    ms = [mention(body, "AB XX", "ORG"), mention(body, "Lembah Hijau", "LOC"), mention(body, "Indonesia", "LOC"),
          mention(body, "Aborsi", "PER"), mention(body, "Vespa Lembah", "PER"), mention(body, "Hujan", "PER"),
          mention(body, "Kloter delapan Embarkasi Lembah", "ORG"),
          Mention("body", body.index("Pertamina"), body.index("Pertamina") + 9, "Pertamina", "ORG", "ORG:pertamina")]
    kept = clean_mentions(ms, {"body": body})
    # the place stays; a name the alias table knows stays though the page also writes it in lower case
    assert [m.text for m in kept] == ["Lembah Hijau", "Pertamina"]


def test_places_sources_organisations_and_names_that_go_on():
    body = ("Kemacetan terjadi di perlintasan kereta api Joglo. Gibran akan menempati Loji Gandrung. "
            "Seperti dilansir dari Ensiklopedia, kata itu tua. Ketua Umum Projo hadir. "
            "Dia bertarung dengan Fabio Di Giannantonio di sirkuit. "
            "Kepala BMKG Pekanbaru Sugarin menjelaskan titik panas. Sugarin mengatakan angin kering.")
    ms = [mention(body, "Joglo", "PER"), mention(body, "Gibran", "PER"), mention(body, "Loji Gandrung", "PER"),
          mention(body, "Ensiklopedia", "LOC"), mention(body, "Projo", "LOC"), mention(body, "Fabio", "PER"),
          mention(body, "BMKG Pekanbaru Sugarin", "ORG"), mention(body, "Sugarin", "PER", nth=1)]
    kept = clean_mentions(ms, {"body": body})
    assert [(m.text, m.type) for m in kept] == [
        ("Joglo", "LOC"), ("Gibran", "PER"), ("Loji Gandrung", "LOC"), ("Ensiklopedia", "ORG"), ("Projo", "ORG"),
        ("Fabio Di Giannantonio", "PER"), ("BMKG Pekanbaru", "ORG"), ("Sugarin", "PER"), ("Sugarin", "PER")]
    assert all(body[m.start:m.end] == m.text for m in kept)
    office = "Kepala desa Sutarno Wiryo meresmikan jembatan di jalan Merapi."
    kept = clean_mentions([mention(office, "Sutarno Wiryo", "PER"), mention(office, "Merapi", "PER")], {"body": office})
    assert [(m.text, m.type) for m in kept] == [("Sutarno Wiryo", "PER"), ("Merapi", "LOC")]


def test_a_list_of_places_retyped_through_people_in_a_row():
    body = "Kekeringan melanda Sumba Timur, Sabu Raijua, Rote Ndao, Belu, dan Alor."
    ms = [mention(body, "Sumba Timur", "LOC"), mention(body, "Sabu Raijua", "PER"), mention(body, "Rote Ndao", "PER"),
          mention(body, "Belu", "LOC"), mention(body, "Alor", "LOC")]
    kept = clean_mentions(ms, {"body": body})
    assert [m.type for m in kept] == ["LOC"] * 5


def test_titles_parentheses_products_suffixes_regional_units_and_counted_lists():
    body = ("Bekas Perdana Menteri Tun Dr Rahman Hashim mendesak. Ajaran Nabi Muhammad SAW dibacakan. "
            "Menurut PT Tirta Lembah (Persero), harga naik. Di belakangnya melaju Mobil BMW hitam. "
            "Jamaah naik Lembah Raya Airlines ke Madinah. Direktorat Reserse Narkoba Polda Sumatera Utara menangkap "
            "tiga pria. Titik panas di Kabupaten Pelalawan (50), Rokan Hilir (31), dan lainnya.")
    ms = [mention(body, "Tun Dr Rahman Hashim", "PER"), mention(body, "Muhammad SAW", "PER"),
          mention(body, "PT Tirta Lembah (Persero", "ORG"), mention(body, "Mobil BMW", "LOC"),
          mention(body, "Lembah Raya Airlines", "LOC"), mention(body, "Madinah", "LOC"),
          mention(body, "Direktorat Reserse Narkoba Polda", "ORG"), mention(body, "Sumatera Utara", "LOC"),
          mention(body, "Kabupaten Pelalawan", "LOC"), mention(body, "Rokan Hilir", "PER")]
    kept = clean_mentions(ms, {"body": body})
    assert [(m.text, m.type) for m in kept] == [
        ("Rahman Hashim", "PER"), ("Muhammad", "PER"), ("PT Tirta Lembah", "ORG"), ("Lembah Raya Airlines", "ORG"),
        ("Madinah", "LOC"), ("Direktorat Reserse Narkoba Polda Sumatera Utara", "ORG"),
        ("Kabupaten Pelalawan", "LOC"), ("Rokan Hilir", "LOC")]
    assert all(body[m.start:m.end] == m.text for m in kept)


def test_a_rank_splits_a_unit_or_a_place_from_the_officer_named_after_it():
    text = ("Kapolres Sukamaju AKBP Arga Wibisana dan Kasat Reskrim Polres Sukamaju Ipda Dedi Saputra hadir, "
            "kata Kabid Humas Polda Lestari Kombes Pol di Kota Lestari. Laga digelar di Stadion Kapten Budi "
            "Santoso, Jalan Jenderal Sudirman.")

    def m(words, type_):
        i = text.index(words)
        return Mention("body", i, i + len(words), words, type_, None)

    got = clean_mentions([m("Sukamaju AKBP Arga Wibisana", "LOC"), m("Polres Sukamaju Ipda Dedi Saputra", "ORG"),
                          m("Polda Lestari Kombes Pol", "ORG"), m("Stadion Kapten Budi Santoso", "LOC"),
                          m("Jalan Jenderal Sudirman", "LOC")], {"body": text})
    assert [(x.text, x.type) for x in got] == [
        ("Sukamaju", "LOC"), ("Arga Wibisana", "PER"), ("Polres Sukamaju", "ORG"), ("Dedi Saputra", "PER"),
        ("Polda Lestari", "ORG"), ("Stadion Kapten Budi Santoso", "LOC"), ("Jalan Jenderal Sudirman", "LOC")]
    assert all(text[x.start:x.end] == x.text for x in got)


def test_a_title_alone_tagged_as_a_person_is_nobody():
    text = "Analis Cuaca BMKG Sukamaju, Nia Lestari, mengatakan Presiden akan datang bersama Kanit Lantas."
    got = clean_mentions([mention(text, "Analis", "PER"), mention(text, "Nia Lestari", "PER"),
                          mention(text, "Presiden", "PER"), mention(text, "Kanit", "PER")], {"body": text})
    assert [m.text for m in got] == ["Nia Lestari"]

"""Byline parsing: every layout here is made up (fictional names and outlets)."""
from __future__ import annotations

import pytest

from kliping.clean.bylines import names_from_line, names_from_page


def line(text: str, role: str = "byline") -> tuple[list[str], list[str]]:
    return names_from_line(text, role)


# --- labelled lines -----------------------------------------------------------------------------

def test_writer_and_editor_on_one_line():
    assert line("Penulis: Lestari Wulan Ayuningtyas | Editor: Bagas Pramudya") == (
        ["Lestari Wulan Ayuningtyas"], ["Bagas Pramudya"])


def test_editor_with_spaced_colon():
    assert line("Editor : Sumarni") == ([], ["Sumarni"])


@pytest.mark.parametrize("label, field", [
    ("Reporter", "author"), ("Pewarta", "author"), ("Wartawan", "author"), ("Kontributor", "author"),
    ("Penyunting", "editor"), ("Redaktur", "editor"), ("Editor", "editor"),
])
def test_each_label_goes_to_its_field(label, field):
    authors, editors = line(f"{label}: Wira Santoso")
    assert (authors if field == "author" else editors) == ["Wira Santoso"]
    assert (editors if field == "author" else authors) == []


def test_labels_in_capitals_with_place_and_outlet_after():
    assert line("REPORTER: Gilang Permana | EDITOR: Tari Anjani | BANDUNG | contohwarta.id") == (
        ["Gilang Permana"], ["Tari Anjani"])


def test_short_rep_red_labels_split_by_slash():
    assert line("Rep: Yudha Prakoso/ Red: Intan Maharani") == (["Yudha Prakoso"], ["Intan Maharani"])


def test_label_glued_to_the_name():
    assert line("EditorRahmat Hidayatullah") == ([], ["Rahmat Hidayatullah"])


def test_reporter_report_line():
    assert line("Laporan Wartawan Wartacontoh.com, Bima Aditya") == (["Bima Aditya"], [])


def test_several_writers_split_on_comma_dan_and_ampersand():
    assert line("Penulis: Anisa Putri, Bayu Saputra dan Cahya Lestari") == (
        ["Anisa Putri", "Bayu Saputra", "Cahya Lestari"], [])
    assert line("Penulis: Anisa Putri & Bayu Saputra") == (["Anisa Putri", "Bayu Saputra"], [])


def test_empty_label_gives_nothing():
    assert line("Penulis :") == ([], [])
    assert line("Editor:") == ([], [])


def test_lowercase_name_after_a_label_is_kept():
    assert line("Editor: dewi lestari") == ([], ["dewi lestari"])


def test_all_caps_name_kept_as_printed():
    assert line("Penulis: RINA KARTIKA") == (["RINA KARTIKA"], [])


def test_degrees_and_titles_are_stripped():
    assert line("Penulis: Dr. Hendra Gunadi, S.Pd, M.Si") == (["Hendra Gunadi"], [])
    assert line("Oleh: Moh. Arif, Lc, M.H") == (["Moh. Arif"], [])


def test_outlet_suffix_email_url_and_handle_are_stripped():
    assert line("Reporter: Sinta Lestari - Wartacontoh.com") == (["Sinta Lestari"], [])
    assert line("Editor: Sinta Lestari (sinta@contoh.id)") == ([], ["Sinta Lestari"])
    assert line("Editor: Sinta Lestari @sintalestari https://contoh.id/sinta") == ([], ["Sinta Lestari"])


# --- date and source lines ----------------------------------------------------------------------

def test_name_leading_a_datetime_line():
    assert line("Doni Wira Atmaja - Sabtu, 3 Maret 2019 | 08:15 WIB", "datetime") == (["Doni Wira Atmaja"], [])


def test_single_name_with_jurnalis_leading_a_datetime_line():
    assert line("Wiratmoko , Jurnalis-Kamis, 12 Desember 2024 |09:41 WIB", "datetime") == (["Wiratmoko"], [])


def test_oleh_then_update_time():
    assert line("oleh Kurnia Sari diperbarui 14 Mar 2022, 10:05 WIB", "datetime") == (["Kurnia Sari"], [])


def test_editor_after_a_date():
    assert line("11/02/2020, 09:30 WIB | Editor: Puspa Anggraini", "datetime") == ([], ["Puspa Anggraini"])


def test_source_line_gives_editor_not_outlet():
    assert line("Sumber: Wartacontoh.com | Editor: Yusuf Hamdani", "source") == ([], ["Yusuf Hamdani"])
    assert line("Sumber : Harian Contoh", "source") == ([], [])


@pytest.mark.parametrize("text", [
    "Olahraga | 9 Oktober 2022, 07:20 WIB",
    "Hiburan Kamis, 2 Januari 2025 - 19:03 WIB",
    "Wartacontoh.com - 17/08/2021, 06:30 WIB",
    "Acara dibuka oleh Wira Santoso pada 3 Maret 2021",
])
def test_datetime_lines_without_a_name(text):
    assert line(text, "datetime") == ([], [])


# --- what is not a name ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "By Humas Date 12 Maret 2016 ", "Penulis: Admin", "Oleh: Redaksi", "(redaksi)", "Tim Redaksi",
    "Penulis: Team Contoh", "Kontributor",
])
def test_press_office_words_are_not_people(text):
    assert line(text, "datetime" if text.startswith("By") else "byline") == ([], [])


@pytest.mark.parametrize("text", ["(abc/abc)", "(tur)", "(qwe/rty)", "(MRS)", "(KRT-12/B004)"])
def test_initials_are_never_names(text):
    assert line(text) == ([], [])
    assert line(f"Pertandingan berakhir imbang. {text}", "body") == ([], [])


def test_other_roles_give_nothing():
    assert line("Penulis: Wira Santoso", "caption") == ([], [])


# --- bare names and body sign-offs --------------------------------------------------------------

def test_bare_name_on_a_byline_line():
    assert line("Maharani Kusumawati") == (["Maharani Kusumawati"], [])


def test_bare_name_with_outlet_in_parentheses_or_after_comma_or_dash():
    assert line("Wira Santoso (Harian Contoh)") == (["Wira Santoso"], [])
    assert line("Wira Santoso, Contoh Indonesia") == (["Wira Santoso"], [])
    assert line("Wira Santoso - detikContoh") == (["Wira Santoso"], [])


def test_trailing_parenthesised_credit_in_body():
    assert line('"Kami siap melayani," tutupnya. (Rina Kartika)', "body") == (["Rina Kartika"], [])
    assert line("Laga berakhir tanpa gol. (Santoso)", "body") == (["Santoso"], [])
    assert line("Banjir mulai surut sore itu. (Santoso-contohwarta.com)", "body") == (["Santoso"], [])


@pytest.mark.parametrize("text", [
    "Harga naik lagi. (Antara)", "Harga bahan bakar minyak (BBM).", "Cerita ini belum usai. (Bersambung)",
    "Warga diminta tetap tenang (Bupati Contoh Raya) kemarin", "Laga berakhir. (berbagai sumber)",
])
def test_body_without_a_credit(text):
    assert line(text, "body") == ([], [])


# --- whole pages ----------------------------------------------------------------------------------

def test_name_then_label_line_kompas_style():
    page = [("Kota Contoh - 02/02/2020, 10:00 WIB", "datetime"), ("Gilang Permana", "byline"),
            ("Penulis", "byline"), ("Tari Anjani", "byline"), ("Editor", "byline"), ("Isi berita.", "body")]
    assert names_from_page(page) == (["Gilang Permana"], ["Tari Anjani"])


def test_label_line_then_name_tempo_style():
    page = [("Reporter", "byline"), ("Yudha Prakoso", "byline"), ("Senin, 3 Maret 2019 10:00 WIB", "datetime")]
    assert names_from_page(page) == (["Yudha Prakoso"], [])
    page = [("Reporter:", "byline"), ("Editor:", "byline"), ("Yudha Prakoso", "byline")]
    assert names_from_page(page) == (["Yudha Prakoso"], [])


def test_labelled_writer_beats_report_line_and_names_are_deduplicated():
    page = [("Penulis: Bima Aditya Nugraha", "byline"), ("Editor: Puspa Anggraini", "byline"),
            ("Laporan Wartawan Wartacontoh.com, Bima A Nugraha", "byline"),
            ("Isi berita. (Bima Aditya Nugraha)", "body"), ("Editor: Puspa Anggraini", "byline")]
    assert names_from_page(page) == (["Bima Aditya Nugraha"], ["Puspa Anggraini"])


def test_same_person_can_write_and_edit():
    page = [("Penulis: Sumarni Dewi", "byline"), ("Editor: Sumarni Dewi", "byline")]
    assert names_from_page(page) == (["Sumarni Dewi"], ["Sumarni Dewi"])


def test_unlabelled_names_only_from_the_first_line_that_has_any():
    page = [("Wira Santoso (Harian Contoh)", "byline"), ("Bandung", "byline"), ("Isi berita.", "body")]
    assert names_from_page(page) == (["Wira Santoso"], [])


def test_body_credit_only_from_the_last_body_line():
    page = [("Paragraf pertama. (Sri Wahyuni)", "body"), ("Paragraf terakhir ditutup.", "body")]
    assert names_from_page(page) == ([], [])
    page = [("Paragraf pertama.", "body"), ('"Kami siap," tutupnya. (Sri Wahyuni)', "body")]
    assert names_from_page(page) == (["Sri Wahyuni"], [])


def test_page_without_bylines():
    page = [("Judul Berita Contoh", "title"), ("Penulis: Wira Santoso", "caption"), ("Isi berita.", "body")]
    assert names_from_page(page) == ([], [])
    assert names_from_page([]) == ([], [])


def test_font_size_buttons_are_not_a_name():
    assert names_from_line("A A A", "byline") == ([], [])


@pytest.mark.parametrize("line", ["Harga Cabai Makin Mahal", "Umat Berdatangan Sebelum Misa Terpagi"])
def test_a_headline_in_the_byline_slot_is_no_name(line):
    assert names_from_line(line, "byline") == ([], [])


def test_a_headline_of_words_the_page_writes_in_lower_case_is_no_name():
    # no function word: known for common words because the page's body writes them in lower case
    # (kliping has no root dictionary: the free ones forbid commercial use)
    page = [("Wali Murid Datangi Dinas", "title"), ("Protes Sistem Zonasi", "byline"),
            ("Puluhan wali murid menggelar protes terhadap sistem zonasi di depan kantor dinas.", "body"),
            ("Mereka meminta aturan zonasi ditinjau ulang.", "body")]
    assert names_from_page(page) == ([], [])
    assert names_from_line("Protes Sistem Zonasi", "byline") == (["Protes Sistem Zonasi"], [])   # alone: unknown
    # a reporter's name is not made of the body's lower-case words
    page[1] = ("Arlan Maulana Putra", "byline")
    assert names_from_page(page) == (["Arlan Maulana Putra"], [])


@pytest.mark.parametrize("line,name", [("Arlan Maulana Putra", "Arlan Maulana Putra"),
                                       ("Rahmat Hidayat", "Rahmat Hidayat"),
                                       ("Editor: Indra Citra Sena", None)])
def test_real_names_stay_names(line, name):
    authors, editors = names_from_line(line, "byline")
    if name:
        assert authors == [name]
    else:  # a labelled name is taken whatever its words
        assert editors == ["Indra Citra Sena"]

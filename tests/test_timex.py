"""Time expressions: spans, values, granularity; relative ones only with an anchor."""
from datetime import date

import pytest

from kliping.enrich.timex import anchor_date, article_times, find_times
from kliping.model import Article

ANCHOR = date(2019, 10, 4)      # a Friday


def one(text: str, anchor: date | None = ANCHOR):
    got = find_times(text, "body", anchor)
    assert len(got) == 1, got
    t = got[0]
    assert text[t.start:t.end] == t.text
    return t.text, t.value, t.end_value, t.granularity


@pytest.mark.parametrize("text, span, value, gran", [
    ("Mereka bertemu di Stockholm pada hari Jumat (4/10/19).", "hari Jumat (4/10/19)", "2019-10-04", "day"),
    ("Pertemuan pada hari Sabtu (5/10/19) menentukan.", "hari Sabtu (5/10/19)", "2019-10-05", "day"),
    ("Rapat berlangsung Senin (30/9) malam.", "Senin (30/9)", "2019-09-30", "day"),
    ("digelar pada esok hari, tanggal 5 Oktober.", "esok hari, tanggal 5 Oktober", "2019-10-05", "day"),
    ("Perjanjian ditandatangani 27 April 2018 di Panmunjom.", "27 April 2018", "2018-04-27", "day"),
    ("Senin, 27 April 2018 pukul 10.00 WIB", "Senin, 27 April 2018", "2018-04-27", "day"),
    ("sejak tanggal 4/10/2019 lalu", "tanggal 4/10/2019", "2019-10-04", "day"),
    ("upacara 17 Agustus nanti", "17 Agustus", "2019-08-17", "day"),
    ("KTT gagal di Hanoi pada bulan Februari lalu.", "bulan Februari lalu", "2019-02", "month"),
    ("Harga naik sejak Februari 2019.", "Februari 2019", "2019-02", "month"),
    ("pembangunan selesai pada tahun 2020", "tahun 2020", "2020", "year"),
    ("pertemuan puncak pada 2018 menjanjikan damai", "2018", "2018", "year"),
    ("hubungan memburuk pada tahun lalu", "tahun lalu", "2018", "year"),
    ("target tahun depan", "tahun depan", "2020", "year"),
    ("penjualan bulan lalu turun", "bulan lalu", "2019-09", "month"),
    ("Kemarin ia tiba.", "Kemarin", "2019-10-03", "day"),
    ("Rapat hari ini dibuka.", "hari ini", "2019-10-04", "day"),
    ("Besok hujan.", "Besok", "2019-10-05", "day"),
    ("pulang lusa", "lusa", "2019-10-06", "day"),
    ("tiga hari lalu", "tiga hari lalu", "2019-10-01", "day"),
    ("dua bulan yang lalu", "dua bulan yang lalu", "2019-08", "month"),
    ("Jumat lalu ia pergi.", "Jumat lalu", "2019-09-27", "day"),
    ("Kamis depan ia pergi.", "Kamis depan", "2019-10-10", "day"),
    ("Ia sudah tiba di Seoul pada Rabu malam.", "Rabu", "2019-10-02", "day"),
])
def test_resolved(text, span, value, gran):
    got = one(text)
    assert got[0] == span and got[1] == value and got[3] == gran


def test_intervals():
    assert one("Mereka bertukar surat sejak April.") == ("sejak April", "2019-04", "2019-10-04", "month")
    assert one("sejak November") == ("sejak November", "2018-11", "2019-10-04", "month")
    assert one("berlaku sejak 2015") == ("sejak 2015", "2015", "2019-10-04", "year")
    assert one("kasus naik pekan lalu") == ("pekan lalu", "2019-09-23", "2019-09-29", "week")


def test_weekday_with_explicit_date_wins_over_the_weekday():
    # 4/10/19 is a Friday; even when the weekday printed is wrong, the date is what counts
    assert one("pada Kamis (4/10/19)", None)[1] == "2019-10-04"


def test_without_anchor_only_absolute_expressions_resolve():
    text = "Kemarin, sejak April dan tahun lalu, juga pada tahun 2020 serta 27 April 2018 dan Jumat (4/10/19)."
    got = {t.text: t.value for t in find_times(text, "body", None)}
    assert got["Kemarin"] is None and got["sejak April"] is None and got["tahun lalu"] is None
    assert got["tahun 2020"] == "2020" and got["27 April 2018"] == "2018-04-27"
    assert got["Jumat (4/10/19)"] == "2019-10-04"


def test_bare_weekdays_stay_unresolved_unless_clearly_past():
    assert one("Delegasi akan tiba pada hari Selasa.")[1] is None
    assert one("Pada hari Selasa, para pemimpin membahas rencana.")[1] is None
    assert one("Mereka telah bertemu pada Selasa.")[1] == "2019-10-01"
    assert one("Mereka telah bertemu pada Jumat.")[1] == "2019-10-04"        # the anchor day itself
    assert one("Ia sudah berjanji akan datang Selasa.")[1] is None           # past and future: no guess


def test_bare_month_without_direction_stays_unresolved():
    assert one("Rapat digelar pada bulan Februari.")[1:] == (None, None, "month")


def test_numbers_are_not_years_without_a_cue():
    assert find_times("Sebanyak 2018 warga mengungsi ke 1500 tenda.", "body", ANCHOR) == []


def test_article_times_use_published_and_every_field():
    art = Article(id="a", url=None, outlet=None, kind="article", lang="id",
                  title="Pertemuan Digelar Esok Hari", published="2019-10-04T17:19:56+07:00",
                  body=["Kontak dimulai Jumat (4/10/19).", "Pertemuan berlanjut esok hari."])
    got = [(t.field, t.text, t.value) for t in article_times(art)]
    assert got == [("title", "Esok Hari", "2019-10-05"), ("body", "Jumat (4/10/19)", "2019-10-04"),
                   ("body", "esok hari", "2019-10-05")]
    body = art.text
    assert all(body[t.start:t.end] == t.text for t in article_times(art) if t.field == "body")
    assert anchor_date(None) is None and anchor_date("bukan tanggal") is None


def test_curly_apostrophe_in_jumat():
    assert one("berlaku mulai Jum’at (2/8/2019) pagi") == ("Jum’at (2/8/2019)", "2019-08-02", None, "day")
